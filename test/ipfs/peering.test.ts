import { createHash } from "node:crypto";
import { mkdtemp, rm, stat } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "chai";
import { multiaddr } from "@multiformats/multiaddr";
import { FetchTimeoutError, IntegrityError, documentCidFromSha256 } from "../../api/adapters/ipfs/documentStore.ts";
import { createHeliaStore, type HeliaStore } from "../../api/adapters/ipfs/helia.ts";
import type { ChainEvent } from "../../api/adapters/chain/events.ts";
import { AttachmentService } from "../../api/attachments/service.ts";
import { BillOfLadingService } from "../../api/billsOfLading/service.ts";
import type { BillOfLading } from "../../api/billsOfLading/projection.ts";
import { DocumentReplication } from "../../api/chainIndex/documentReplication.ts";
import { ConfigError, loadConfig } from "../../api/config.ts";
import type { GatewayContext } from "../../api/context.ts";
import type { OrganizationService } from "../../api/organizations/service.ts";
import { Problem } from "../../api/problem.ts";
import { parsePeer, peerIdOf, peersOnlyGater, type Refusal } from "../../api/adapters/ipfs/peering.ts";
import { canonicalJson, collect, digestOf, expectRejected, streamOf } from "./storeBehaviours.ts";

/** A TCP port free on 127.0.0.1 now (the OS picks it). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const FETCH_TIMEOUT_MS = 1500;

describe("IPFS between nodes: Helia peered over TCP on 127.0.0.1 with its configured peers only", function () {
  this.timeout(60_000);
  let dir: string;
  let a: HeliaStore;
  let b: HeliaStore;
  let c: HeliaStore;
  const address: Record<"a" | "b" | "c", string> = { a: "", b: "", c: "" };
  const keyFile = (name: string) => join(dir, name, "ipfs-peer.key");

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "paperless-peering-"));
    // Peer ids first (each node's key file), then free ports: every node's configuration names the others up front.
    for (const name of ["a", "b", "c"] as const) {
      address[name] = `/ip4/127.0.0.1/tcp/${await freePort()}/p2p/${await peerIdOf(keyFile(name))}`;
    }
    const open = (name: "a" | "b" | "c", peers: string[]) =>
      createHeliaStore(join(dir, name, "ipfs"), {
        listen: [multiaddr(address[name]).decapsulateCode(421).toString()],
        peers,
        keyFile: keyFile(name),
        fetchTimeoutMs: FETCH_TIMEOUT_MS,
      });
    a = await open("a", [address.b]);
    b = await open("b", [address.a]);
    // C would talk to B, but B does not list C.
    c = await open("c", [address.b]);
  });

  after(async () => {
    await Promise.all([a, b, c].map((store) => store?.close()));
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("when a node starts with a network, then it listens on its configured address under its kept peer id (key file 0600)", async () => {
    expect(b.peering!.addresses()).to.deep.equal([address.b]);
    expect(b.peering!.peerId).to.equal(await peerIdOf(keyFile("b")));
    expect((await stat(keyFile("b"))).mode & 0o777).to.equal(0o600);
  });

  it("when A holds a document and an attachment, then B (peered with A only) fetches both by CID, checks and pins them", async () => {
    const document = canonicalJson(7);
    const documentCid = await a.putDocument(document);
    const attachment = await a.addAttachment(streamOf(300_000, 5), { maxBytes: 1_000_000 });
    const pinsBefore = await b.pinCount();

    // What B knows comes from the chain: the document's checksum, the attachment's CID, SHA-256 and size.
    const checksum = "0x" + createHash("sha256").update(document).digest("hex");
    const cidFromChain = documentCidFromSha256(checksum).toString();
    expect(cidFromChain).to.equal(documentCid);
    await b.fetchAndPin!(cidFromChain);
    await b.fetchAndPin!(attachment.cid, { sha256: attachment.sha256, size: attachment.size });

    expect(Buffer.from(await b.getDocument(documentCid)).equals(Buffer.from(document))).to.equal(true);
    expect(await collect(b.catAttachment(attachment.cid))).to.deep.equal(digestOf(300_000, 5));
    expect(await b.pinCount()).to.equal(pinsBefore + 2);
  });

  it("when a peer's file does not match the SHA-256 on chain, then B refuses it with IntegrityError and pins nothing", async () => {
    const attachment = await a.addAttachment(streamOf(1_000, 6), { maxBytes: 1_000_000 });
    const pinsBefore = await b.pinCount();
    const wrong = { sha256: "0x" + "00".repeat(32), size: attachment.size };
    const error = await expectRejected(b.fetchAndPin!(attachment.cid, wrong), IntegrityError);
    expect(error.message).to.contain("is not the file on chain");
    expect(await b.pinCount()).to.equal(pinsBefore);
  });

  it("when no peer has a CID, then B's fetch fails with the timeout error naming the CID, the peers asked and the time", async () => {
    const unknown = documentCidFromSha256("0x" + "ab".repeat(32)).toString();
    const error = await expectRejected(b.getDocument(unknown), FetchTimeoutError);
    expect(error).to.include({ cid: unknown, peers: 1, timeoutMs: FETCH_TIMEOUT_MS });
    expect(error.message).to.equal(`no peer sent ${unknown} (asked 1 peer for 1.5 s)`);
    await expectRejected(
      collect(b.catAttachment(documentCidFromSha256("0x" + "cd".repeat(32)).toString())),
      FetchTimeoutError,
    );
  });

  it("when a node not in B's peer list dials B, then B's gater refuses it once the handshake names it, and B holds no connection to it", async () => {
    await c.peering!.connectPeers(AbortSignal.timeout(5_000));
    // B drops the connection once the Noise handshake has proven who dials; C may see it open for that moment.
    expect(b.peering!.connections().map((x) => x.peer)).to.not.include(c.peering!.peerId);
    expect(b.peering!.refusals()).to.deep.include({
      kind: "inbound peer",
      target: c.peering!.peerId,
    } satisfies Refusal);
  });

  it("when nodes are peered, then they run no service but identify and hold connections only to configured peers on 127.0.0.1", () => {
    for (const [store, allowed] of [
      [a, [address.b]],
      [b, [address.a]],
    ] as const) {
      expect(store.peering!.services()).to.deep.equal(["identify"]);
      const connections = store.peering!.connections();
      expect(connections.length).to.be.greaterThan(0);
      const peers = allowed.map((p) => parsePeer(p).id.toString());
      for (const connection of connections) {
        expect(peers).to.include(connection.peer);
        expect(connection.address).to.match(/^\/ip4\/127\.0\.0\.1\/tcp\/\d+/);
      }
      // Neither node tried to dial anything else.
      expect(store.peering!.refusals().filter((r) => r.kind !== "inbound peer")).to.deep.equal([]);
    }
  });

  it("when the gater is asked about an address or a peer not configured, then it refuses", () => {
    const refused: Refusal[] = [];
    const peer = parsePeer(address.a);
    const gater = peersOnlyGater([peer], (r) => refused.push(r));
    expect(gater.denyDialMultiaddr!(multiaddr(address.a))).to.equal(false);
    expect(gater.denyDialMultiaddr!(multiaddr("/ip4/127.0.0.1/tcp/1"))).to.equal(true);
    expect(gater.denyDialMultiaddr!(multiaddr("/ip4/104.131.131.82/tcp/4001"))).to.equal(true);
    expect(gater.denyDialPeer!(parsePeer(address.c).id)).to.equal(true);
    expect(gater.denyDialPeer!(peer.id)).to.equal(false);
    expect(refused.map((r) => r.kind)).to.deep.equal(["dial address", "dial address", "dial peer"]);
  });

  it("when the chain records a B/L issued and an attachment added, then B's follower hook fetches and pins both", async () => {
    const document = canonicalJson(8);
    await a.putDocument(document);
    const attachment = await a.addAttachment(streamOf(5_000, 8), { maxBytes: 1_000_000 });
    const pinsBefore = await b.pinCount();
    const logged: string[] = [];
    const replication = new DocumentReplication(b.fetchAndPin!, undefined, (m) => logged.push(m));
    const event = (name: string, args: Record<string, unknown>): ChainEvent => ({
      contract: "BillOfLading",
      name,
      args,
      blockNumber: 1,
      logIndex: 0,
      transactionHash: "0x" + "11".repeat(32),
      timestamp: 0,
    });
    const checksum = "0x" + createHash("sha256").update(document).digest("hex");
    replication.event(event("Issued", { tokenId: "1", documentChecksum: checksum }));
    replication.event(event("Transfer", { tokenId: "1" }));
    replication.event(event("AttachmentAdded", { tokenId: "1", ...attachment }));
    await replication.settled();
    expect(logged).to.deep.equal([]);
    expect(await b.pinCount()).to.equal(pinsBefore + 2);
  });

  it("when a document or file is on no peer, then the services answer 504 naming it, the peers asked and the time", async () => {
    const unknownChecksum = "0x" + "ef".repeat(32);
    const unknown = documentCidFromSha256(unknownChecksum).toString();
    const ctx = { documents: b } as unknown as GatewayContext;
    const organizations = {} as OrganizationService;
    const problem = await expectRejected(
      new BillOfLadingService(ctx, organizations).document({ documentChecksum: unknownChecksum } as BillOfLading),
      Problem,
    );
    expect(problem).to.include({ status: 504, title: "Not found on the community's nodes" });
    expect(problem.message).to.equal(
      `No node of the community has the document ${unknown} (asked 1 peer for 1.5 s). ` +
        "Try again once the node that stored it is reachable.",
    );
    const file = await expectRejected(
      collect(
        new AttachmentService(ctx, organizations).verifiedContent({ cid: unknown, sha256: unknownChecksum, size: 1 }),
      ),
      Problem,
    );
    expect(file).to.include({ status: 504 });
    expect(file.message).to.match(/^No node of the community has the file /);
  });

  it("when a store has no network, then it has no peering and cannot fetch", async () => {
    const offline = await createHeliaStore(join(dir, "offline", "ipfs"));
    try {
      expect(offline.peering).to.equal(undefined);
      expect(offline.fetchAndPin).to.equal(undefined);
    } finally {
      await offline.close();
    }
  });
});

describe("IPFS between nodes: configuration", () => {
  const peer = "/ip4/127.0.0.1/tcp/4102/p2p/12D3KooWKvMmHXygEJCNBXeBaycj6Dw6Z9GHumoLKuFxx7jjnNGW";

  it("when IPFS_LISTEN and IPFS_PEERS are unset, then the node has no IPFS network (offline, as `npm start`)", () => {
    expect(loadConfig({}).ipfsNetwork).to.equal(undefined);
  });

  it("when they are set, then listen addresses, peers and the fetch time are parsed once (default 10 s)", () => {
    expect(
      loadConfig({ IPFS_LISTEN: "/ip4/127.0.0.1/tcp/4101", IPFS_PEERS: ` ${peer} ,${peer}` }).ipfsNetwork,
    ).to.deep.equal({
      listen: ["/ip4/127.0.0.1/tcp/4101"],
      peers: [peer, peer],
      fetchTimeoutMs: 10_000,
    });
    expect(loadConfig({ IPFS_PEERS: peer, IPFS_FETCH_TIMEOUT_MS: "1500" }).ipfsNetwork?.fetchTimeoutMs).to.equal(1500);
  });

  for (const [env, message] of [
    [{ IPFS_PEERS: "/ip4/127.0.0.1/tcp/4102" }, "IPFS_PEERS: /ip4/127.0.0.1/tcp/4102 does not end in /p2p/<peer id>"],
    [{ IPFS_PEERS: "127.0.0.1:4102" }, "IPFS_PEERS: 127.0.0.1:4102 is not a multiaddr"],
    [
      { IPFS_LISTEN: "/ip4/127.0.0.1/udp/4101", IPFS_PEERS: peer },
      "IPFS_LISTEN: /ip4/127.0.0.1/udp/4101 is not a TCP listen address",
    ],
    [{ IPFS_LISTEN: "/ip4/127.0.0.1/tcp/4101" }, "IPFS_PEERS: is required when IPFS_LISTEN is set"],
    [
      { IPFS_LISTEN: "/ip4/127.0.0.1/tcp/4101", IPFS_PEERS: peer, IPFS_API_URL: "http://127.0.0.1:5001" },
      "IPFS_LISTEN: is for the embedded Helia node; with IPFS_API_URL, set Kubo's own Addresses.Swarm instead",
    ],
    [{ IPFS_PEERS: peer, IPFS_FETCH_TIMEOUT_MS: "0" }, "IPFS_FETCH_TIMEOUT_MS:"],
  ] as const) {
    it(`when ${JSON.stringify(env)}, then the gateway refuses to start: ${message}`, () => {
      expect(() => loadConfig(env)).to.throw(ConfigError, message);
    });
  }
});
