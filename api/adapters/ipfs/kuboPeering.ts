/**
 * Kubo in production: its own configuration does the peering (Peering.Peers for the community's nodes, an empty
 * Bootstrap list, Routing.Type "none", Discovery.MDNS off, Swarm.RelayClient/RelayService, AutoNAT and NAT port mapping
 * off; see docs/architecture.md). The gateway also asks it, at start, to connect to the configured peers, so a node
 * reaches the others at once; a peer that is down is logged, not fatal (Peering.Peers keeps retrying it).
 */
import { multiaddr } from "@multiformats/multiaddr";
import { create } from "kubo-rpc-client";

export async function connectKuboPeers(url: string, peers: readonly string[]): Promise<void> {
  const client = create({ url });
  await Promise.all(
    peers.map(async (peer) => {
      try {
        await client.swarm.connect(multiaddr(peer), { signal: AbortSignal.timeout(10_000) });
      } catch (error) {
        console.error(`[gateway] Kubo could not connect to ${peer}: ${(error as Error).message}`);
      }
    }),
  );
}
