/**
 * Embedded IPFS backend: a Helia node, blocks and pins persisted under `directory` in LevelDB (blockstore-level,
 * datastore-level): one native write per block or pin instead of a file, a directory and a rename each
 * (docs/decisions/0006).
 *
 * Without a network (the default) it is createHeliaLight: no libp2p, no block brokers, no routers, and a missing CID
 * fails at once. With one (IPFS_LISTEN / IPFS_PEERS) it also runs libp2p over TCP and bitswap, and talks to the
 * configured peers only (peering.ts): a block it does not hold is asked of them, and fails after `fetchTimeoutMs`.
 */
import { join } from "node:path";
import { access, mkdir, rename } from "node:fs/promises";
import { withBitswap } from "@helia/bitswap";
import { withLibp2pLight, type HeliaWithLibp2p } from "@helia/libp2p";
import type { Libp2p } from "@libp2p/interface";
import { createHeliaLight, type Helia } from "helia";
import { unixfs } from "@helia/unixfs";
import { LevelBlockstore } from "blockstore-level";
import { LevelDatastore } from "datastore-level";
import { FsBlockstore } from "blockstore-fs";
import { FsDatastore } from "datastore-fs";
import type { CID } from "multiformats/cid";
import { createHash } from "node:crypto";
import {
  FetchTimeoutError,
  IntegrityError,
  NotFoundError,
  checkDocumentSize,
  documentCid,
  parseCid,
  parseDocumentCid,
  stageInMemory,
  verifyDocument,
  type DocumentStore,
  type Staged,
  type StagedAttachment,
  type StoredAttachment,
} from "./documentStore.ts";
import {
  libp2pOptions,
  loadOrCreatePeerKey,
  parseListenAddress,
  parsePeer,
  peersOnlyGater,
  type Peer,
  type PeerNetwork,
  type Refusal,
} from "./peering.ts";

export type { PeerNetwork } from "./peering.ts";

/** What a networked node shows of its network: for the start-up log, the health check and the tests. */
export interface Peering {
  readonly peerId: string;
  /** The addresses it listens on, each ending in /p2p/<its peer id>: what the other nodes put in IPFS_PEERS. */
  addresses(): string[];
  /** Its open connections: the remote peer and address of each. */
  connections(): { peer: string; address: string }[];
  /** The libp2p services it runs. */
  services(): string[];
  /** What the connection gater refused, latest last (at most 100). */
  refusals(): readonly Refusal[];
  /** Dials every configured peer it is not connected to; resolves when each dial has succeeded or failed. */
  connectPeers(signal?: AbortSignal): Promise<void>;
}

/** A Helia document store; `peering` when it has a network. */
export type HeliaStore = DocumentStore & { readonly peering?: Peering };

const KEEP_ALIVE = "keep-alive";

export async function createHeliaStore(directory: string, network?: PeerNetwork): Promise<HeliaStore> {
  await mkdir(directory, { recursive: true });
  const blockstore = new LevelBlockstore(join(directory, "blocks.level"));
  const datastore = new LevelDatastore(join(directory, "datastore.level"));
  await blockstore.open();
  await datastore.open();
  await migrateFileRepository(directory, blockstore, datastore);
  const peers: Peer[] = network?.peers.map(parsePeer) ?? [];
  const refusals: Refusal[] = [];
  let helia: Helia;
  if (network) {
    const gater = peersOnlyGater(peers, (refusal) => {
      refusals.push(refusal);
      if (refusals.length > 100) refusals.shift();
    });
    const options = libp2pOptions(
      await loadOrCreatePeerKey(network.keyFile),
      network.listen.map(parseListenAddress),
      gater,
    );
    helia = withBitswap(withLibp2pLight(createHeliaLight({ blockstore, datastore }), options));
  } else {
    helia = createHeliaLight({ blockstore, datastore });
  }
  await helia.start();
  const libp2p: Libp2p | undefined = network ? (helia as HeliaWithLibp2p).libp2p : undefined;
  const fs = unixfs(helia);
  let closed = false;
  const peering = libp2p ? await startPeering(libp2p, peers, refusals) : undefined;
  async function has(cid: CID): Promise<boolean> {
    return await helia.blockstore.has(cid);
  }

  async function pin(cid: CID): Promise<void> {
    try {
      for await (const _ of helia.pins.add(cid)) {
        // drain: yields each pinned block
      }
    } catch (err) {
      if ((err as Error)?.name !== "AlreadyPinnedError") throw err;
    }
  }

  /** Blocks held in memory, written and pinned by `store()` and taken back by `discard()` (see `Staged`). */
  function staged(root: CID, blocks: readonly { cid: CID; bytes: Uint8Array }[]): Staged {
    const added: CID[] = [];
    let pinnedHere = false;
    return {
      cid: root.toString(),
      async store() {
        const pinnedBefore = await helia.pins.isPinned(root);
        // Leaves first, root last: the pin walks a complete DAG.
        for (const block of blocks) {
          if (await has(block.cid)) continue;
          await helia.blockstore.put(block.cid, block.bytes);
          added.push(block.cid);
        }
        await pin(root);
        pinnedHere ||= !pinnedBefore;
      },
      async discard() {
        if (pinnedHere) {
          for await (const _ of helia.pins.rm(root)) {
            // drain: yields each unpinned block
          }
          pinnedHere = false;
        }
        for (const cid of added.splice(0)) await helia.blockstore.delete(cid);
      },
    };
  }

  function notFound(cid: CID, err?: unknown): NotFoundError {
    return new NotFoundError(`${cid.toString()} is not in the local Helia blockstore`, { cause: err });
  }

  /** The abort of a fetch from the peers, as the error the API answers 504 to. */
  function timedOut(cid: CID, err: unknown): FetchTimeoutError {
    return new FetchTimeoutError(cid.toString(), peers.length, network!.fetchTimeoutMs, { cause: err });
  }

  /** The raw block's bytes, from the blockstore or, if absent and the node has peers, from them. */
  async function getBlock(cid: CID): Promise<Uint8Array> {
    const local = await has(cid);
    if (!local && !peering) throw notFound(cid);
    const signal = local ? undefined : AbortSignal.timeout(network!.fetchTimeoutMs);
    if (signal) await peering!.connectPeers(signal);
    const chunks: Uint8Array[] = [];
    try {
      for await (const chunk of helia.blockstore.get(cid, { signal })) chunks.push(chunk);
    } catch (err) {
      if (signal?.aborted) throw timedOut(cid, err);
      if (!(await has(cid))) throw notFound(cid, err);
      throw err;
    }
    return chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
  }

  /**
   * A UnixFS file's bytes. With peers, each block missing here is asked of them, and the read fails once
   * `fetchTimeoutMs` pass with no block arriving (the clock stops while the reader holds a chunk).
   */
  async function* catFile(cid: CID): AsyncGenerator<Uint8Array> {
    if (!peering) {
      if (!(await has(cid))) throw notFound(cid);
      yield* fs.cat(cid);
      return;
    }
    const controller = new AbortController();
    const arm = () => setTimeout(() => controller.abort(new Error("timed out")), network!.fetchTimeoutMs);
    let timer = arm();
    try {
      if (!(await has(cid))) await peering.connectPeers(controller.signal);
      for await (const chunk of fs.cat(cid, { signal: controller.signal })) {
        clearTimeout(timer);
        yield chunk;
        timer = arm();
      }
    } catch (err) {
      if (controller.signal.aborted) throw timedOut(cid, err);
      throw err;
    } finally {
      clearTimeout(timer);
    }
  }

  const store: HeliaStore = {
    backend: "helia",

    async putDocument(bytes) {
      const staged = await store.stageDocument(bytes);
      await staged.store();
      return staged.cid;
    },

    async stageDocument(bytes) {
      checkDocumentSize(bytes);
      const cid = await documentCid(bytes);
      return staged(cid, [{ cid, bytes }]);
    },

    async getDocument(text) {
      const cid = parseDocumentCid(text);
      const bytes = await getBlock(cid);
      await verifyDocument(cid, bytes);
      return bytes;
    },

    async addAttachment(source, options): Promise<StoredAttachment> {
      const staged = await store.stageAttachment(source, options);
      await staged.store();
      return { cid: staged.cid, size: staged.size, sha256: staged.sha256 };
    },

    async stageAttachment(source, { maxBytes }): Promise<StagedAttachment> {
      const { root, blocks, size, sha256 } = await stageInMemory(source, maxBytes);
      return { ...staged(root, blocks), size, sha256 };
    },

    catAttachment(text) {
      const cid = parseCid(text);
      return (async function* () {
        try {
          yield* catFile(cid);
        } catch (err) {
          // A block of the DAG missing (offline: nothing can fetch it) surfaces as a broker/config error.
          if ((err as Error)?.name === "InvalidConfigurationError" || (err as Error)?.name === "NotFoundError") {
            throw new NotFoundError(`part of ${cid.toString()} is missing from the local Helia blockstore`, {
              cause: err,
            });
          }
          throw err;
        }
      })();
    },

    fetchAndPin: peering
      ? async (text, expected) => {
          const cid = parseCid(text);
          if (!expected) {
            // A document: its CID is derived from the checksum on chain, and getDocument checks the bytes against it.
            await store.getDocument(text);
          } else {
            const hash = createHash("sha256");
            let size = 0;
            for await (const chunk of catFile(cid)) {
              hash.update(chunk);
              size += chunk.byteLength;
              if (size > expected.size) break;
            }
            const sha256 = "0x" + hash.digest("hex");
            if (size !== expected.size || sha256 !== expected.sha256.toLowerCase()) {
              throw new IntegrityError(
                `${text} from the peers is not the file on chain (${size} bytes, SHA-256 ${sha256}; the chain says ` +
                  `${expected.size} bytes, ${expected.sha256})`,
              );
            }
          }
          await pin(cid);
        }
      : undefined,

    peering,

    async blockCount() {
      let count = 0;
      for await (const _ of blockstore.getAll()) count++;
      return count;
    },

    async pinCount() {
      let count = 0;
      for await (const _ of helia.pins.ls()) count++;
      return count;
    },

    async health() {
      if (closed || helia.status !== "started") return { ok: false, detail: `helia ${helia.status}` };
      try {
        // a cheap round trip through the on-disk blockstore
        await helia.blockstore.has(await documentCid(new Uint8Array(0)));
        // A networked node's addresses are what the other nodes put in their IPFS_PEERS.
        const mode = peering
          ? `${new Set(peering.connections().map((c) => c.peer)).size} of ${peers.length} peers connected, ` +
            `listening on ${peering.addresses().join(", ") || "no address"}`
          : "offline";
        return { ok: true, detail: `helia (${mode}), repository ${directory}` };
      } catch (err) {
        return { ok: false, detail: `helia blockstore unavailable: ${(err as Error).message}` };
      }
    },

    async close() {
      if (closed) return;
      closed = true;
      await helia.stop();
      await blockstore.close();
      await datastore.close();
    },
  };
  return store;
}

/** Tags the configured peers keep-alive (libp2p redials them when a connection drops) and dials them once. */
async function startPeering(libp2p: Libp2p, peers: readonly Peer[], refusals: readonly Refusal[]): Promise<Peering> {
  for (const peer of peers) {
    await libp2p.peerStore.merge(peer.id, { multiaddrs: [peer.address], tags: { [KEEP_ALIVE]: { value: 1 } } });
  }
  const peering: Peering = {
    peerId: libp2p.peerId.toString(),
    addresses: () => libp2p.getMultiaddrs().map((a) => a.toString()),
    connections: () =>
      libp2p.getConnections().map((c) => ({ peer: c.remotePeer.toString(), address: c.remoteAddr.toString() })),
    services: () => Object.keys(libp2p.services),
    refusals: () => refusals,
    async connectPeers(signal) {
      const connected = new Set(libp2p.getConnections().map((c) => c.remotePeer.toString()));
      await Promise.allSettled(
        peers
          .filter((p) => !connected.has(p.id.toString()))
          .map((p) => libp2p.dial(p.address.encapsulate(`/p2p/${p.id.toString()}`), { signal })),
      );
    },
  };
  // A peer not up yet is dialled again before each fetch, and by libp2p's keep-alive redial.
  void peering.connectPeers(AbortSignal.timeout(5_000));
  return peering;
}

/**
 * Moves a repository written by an earlier version (one file per block and per datastore key, under `blocks` and
 * `datastore`) into the LevelDB stores, then renames the old directories to `*.migrated`. Idempotent: a migration
 * interrupted before the rename is simply done again.
 */
async function migrateFileRepository(directory: string, blockstore: LevelBlockstore, datastore: LevelDatastore) {
  const oldBlocks = join(directory, "blocks");
  const oldDatastore = join(directory, "datastore");
  if (await exists(oldBlocks)) {
    const from = new FsBlockstore(oldBlocks);
    await from.open();
    for await (const { cid, bytes } of from.getAll()) {
      const chunks: Uint8Array[] = [];
      for await (const chunk of bytes) chunks.push(chunk);
      await blockstore.put(cid, chunks.length === 1 ? chunks[0] : Buffer.concat(chunks));
    }
    await from.close();
    await rename(oldBlocks, `${oldBlocks}.migrated`);
  }
  if (await exists(oldDatastore)) {
    const from = new FsDatastore(oldDatastore);
    await from.open();
    for await (const { key, value } of from.query({})) await datastore.put(key, value);
    await from.close();
    await rename(oldDatastore, `${oldDatastore}.migrated`);
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}
