/**
 * Opens the configured document store: Kubo RPC when `ipfsApiUrl` is set, else an embedded Helia node persisted in
 * `${dataDir}/ipfs` — offline, or peered with the other nodes of the port community when `ipfsNetwork` is set (its
 * libp2p key kept in `${dataDir}/secrets/ipfs-peer.key`, mode 0600).
 */
import { join } from "node:path";
import type { DocumentStore } from "./documentStore.ts";
import { createHeliaStore } from "./helia.ts";
import { createKuboStore } from "./kubo.ts";
import { connectKuboPeers } from "./kuboPeering.ts";

export * from "./documentStore.ts";

/** Where this node's IPFS finds the other nodes' (see GatewayConfig.ipfsNetwork). */
export interface IpfsNetworkConfig {
  listen: string[];
  peers: string[];
  fetchTimeoutMs: number;
}

/** The file that keeps the embedded node's libp2p private key, so that its peer id survives restarts. */
export const peerKeyFile = (dataDir: string) => join(dataDir, "secrets", "ipfs-peer.key");

export async function openDocumentStore(config: {
  ipfsApiUrl?: string;
  dataDir: string;
  ipfsNetwork?: IpfsNetworkConfig;
}): Promise<DocumentStore> {
  if (config.ipfsApiUrl) {
    const store = createKuboStore(config.ipfsApiUrl);
    if (config.ipfsNetwork) await connectKuboPeers(config.ipfsApiUrl, config.ipfsNetwork.peers);
    return store;
  }
  const network = config.ipfsNetwork && { ...config.ipfsNetwork, keyFile: peerKeyFile(config.dataDir) };
  return await createHeliaStore(join(config.dataDir, "ipfs"), network);
}
