/**
 * How an embedded Helia node talks to the other nodes of the port community: libp2p over TCP on the configured listen
 * addresses, with Noise and yamux, identify and bitswap, and nothing else. No bootstrap list, no mDNS, no DHT, no
 * relay, no NAT traversal, no HTTP gateway: a node dials only the peers in its configuration, and the connection gater
 * refuses every other address, and every other peer that dials in.
 */
import { existsSync, readFileSync } from "node:fs";
import { generateKeyPair, privateKeyFromProtobuf, privateKeyToProtobuf } from "@libp2p/crypto/keys";
import { identify } from "@libp2p/identify";
import type { ConnectionGater, PeerId, PrivateKey } from "@libp2p/interface";
import { noise } from "@libp2p/noise";
import { peerIdFromPrivateKey, peerIdFromString } from "@libp2p/peer-id";
import { tcp } from "@libp2p/tcp";
import { yamux } from "@libp2p/yamux";
import { multiaddr, type Multiaddr } from "@multiformats/multiaddr";
import { privateFile, writePrivateFile } from "../secrets.ts";

/** The multicodec of the `/p2p/<peer id>` part of an address. */
const P2P = 421;

/** An embedded node's network: where it listens, whom it may talk to, and how long a fetch may wait for them. */
export interface PeerNetwork {
  /** Multiaddrs to listen on, such as `/ip4/127.0.0.1/tcp/4101` (port 0: any free port). */
  listen: string[];
  /** The other nodes: multiaddrs ending in `/p2p/<peer id>`. */
  peers: string[];
  /** The file that keeps this node's libp2p private key (its peer id), mode 0600. Created if missing. */
  keyFile: string;
  /** How long a fetch of a block the node does not hold waits for its peers before it fails. */
  fetchTimeoutMs: number;
}

/** A configured peer: its id and the one address it may be dialled on. */
export interface Peer {
  id: PeerId;
  address: Multiaddr;
}

/** Parses `/…/p2p/<peer id>`; throws with a sentence naming the address. */
export function parsePeer(text: string): Peer {
  let address: Multiaddr;
  try {
    address = multiaddr(text);
  } catch (err) {
    throw new Error(`${text} is not a multiaddr`, { cause: err });
  }
  const id = address.getComponents().find((c) => c.code === P2P)?.value;
  if (!id) throw new Error(`${text} does not end in /p2p/<peer id>`);
  const transport = address.decapsulateCode(P2P);
  if (!/^\/(ip4|ip6|dns4|dns6)\/[^/]+\/tcp\/\d+$/.test(transport.toString())) {
    throw new Error(`${text} is not a TCP address (/ip4/<host>/tcp/<port>/p2p/<peer id>)`);
  }
  try {
    return { id: peerIdFromString(id), address: transport };
  } catch (err) {
    throw new Error(`${text} has an invalid peer id ${id}`, { cause: err });
  }
}

/** Parses a listen address `/ip4/<host>/tcp/<port>`; throws with a sentence naming it. */
export function parseListenAddress(text: string): Multiaddr {
  let address: Multiaddr;
  try {
    address = multiaddr(text);
  } catch (err) {
    throw new Error(`${text} is not a multiaddr`, { cause: err });
  }
  if (!/^\/(ip4|ip6)\/[^/]+\/tcp\/\d+$/.test(address.toString())) {
    throw new Error(`${text} is not a TCP listen address (/ip4/<host>/tcp/<port>)`);
  }
  return address;
}

/** This node's libp2p identity: read from `file`, or made once and kept there (0600), so its peer id never changes. */
export async function loadOrCreatePeerKey(file: string): Promise<PrivateKey> {
  if (existsSync(file)) {
    privateFile(file);
    return privateKeyFromProtobuf(Buffer.from(readFileSync(file, "utf8").trim(), "base64"));
  }
  const key = await generateKeyPair("Ed25519");
  writePrivateFile(file, Buffer.from(privateKeyToProtobuf(key)).toString("base64") + "\n");
  return key;
}

/** The peer id a key file holds (what the other nodes put after `/p2p/`). */
export async function peerIdOf(file: string): Promise<string> {
  return peerIdFromPrivateKey(await loadOrCreatePeerKey(file)).toString();
}

/** What the gater refused: for the log, and for the test that a node reaches no one else. */
export interface Refusal {
  kind: "dial address" | "dial peer" | "inbound peer" | "outbound peer";
  target: string;
}

/**
 * Allows only the configured peers: dials to their configured addresses, and connections (either way) whose remote
 * peer id, proven by the Noise handshake, is one of theirs.
 */
export function peersOnlyGater(peers: readonly Peer[], refused: (refusal: Refusal) => void): ConnectionGater {
  const ids = new Set(peers.map((p) => p.id.toString()));
  const addresses = new Set(peers.map((p) => p.address.toString()));
  const deny = (kind: Refusal["kind"], target: string, allowed: boolean) => {
    if (!allowed) refused({ kind, target });
    return !allowed;
  };
  return {
    denyDialPeer: (id) => deny("dial peer", id.toString(), ids.has(id.toString())),
    denyDialMultiaddr: (ma) => deny("dial address", ma.toString(), addresses.has(ma.decapsulateCode(P2P).toString())),
    denyInboundEncryptedConnection: (id) => deny("inbound peer", id.toString(), ids.has(id.toString())),
    denyOutboundEncryptedConnection: (id) => deny("outbound peer", id.toString(), ids.has(id.toString())),
  };
}

/** The libp2p options of a community node: TCP, Noise, yamux, identify; no discovery, no other service. */
export function libp2pOptions(privateKey: PrivateKey, listen: readonly Multiaddr[], gater: ConnectionGater) {
  return {
    privateKey,
    addresses: { listen: listen.map((a) => a.toString()) },
    transports: [tcp()],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
    peerDiscovery: [],
    // identify tells each side the other speaks bitswap; bitswap itself is Helia's block broker, not a service.
    services: { identify: identify() },
    connectionGater: gater,
  };
}
