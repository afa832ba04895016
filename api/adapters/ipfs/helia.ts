/**
 * Embedded IPFS backend: a Helia node with no networking at all (createHeliaLight: no libp2p, no block brokers,
 * no routers), blocks and pins persisted under `directory` in LevelDB (blockstore-level, datastore-level): one
 * native write per block or pin instead of a file, a directory and a rename each (docs/decisions/0006). A missing
 * CID fails at once.
 */
import { join } from "node:path";
import { access, mkdir, rename } from "node:fs/promises";
import { createHeliaLight } from "helia";
import { unixfs } from "@helia/unixfs";
import { LevelBlockstore } from "blockstore-level";
import { LevelDatastore } from "datastore-level";
import { FsBlockstore } from "blockstore-fs";
import { FsDatastore } from "datastore-fs";
import type { CID } from "multiformats/cid";
import {
  NotFoundError,
  checkDocumentSize,
  documentCid,
  parseCid,
  parseDocumentCid,
  stageInMemory,
  verifyDocument,
  type DocumentStore,
  type StagedAttachment,
  type StoredAttachment,
} from "./documentStore.ts";

export async function createHeliaStore(directory: string): Promise<DocumentStore> {
  await mkdir(directory, { recursive: true });
  const blockstore = new LevelBlockstore(join(directory, "blocks.level"));
  const datastore = new LevelDatastore(join(directory, "datastore.level"));
  await blockstore.open();
  await datastore.open();
  await migrateFileRepository(directory, blockstore, datastore);
  const helia = createHeliaLight({ blockstore, datastore });
  await helia.start();
  const fs = unixfs(helia);
  let closed = false;

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

  function notFound(cid: CID, err?: unknown): NotFoundError {
    return new NotFoundError(`${cid.toString()} is not in the local Helia blockstore`, { cause: err });
  }

  const store: DocumentStore = {
    backend: "helia",

    async putDocument(bytes) {
      checkDocumentSize(bytes);
      const cid = await documentCid(bytes);
      await helia.blockstore.put(cid, bytes);
      await pin(cid);
      return cid.toString();
    },

    async getDocument(text) {
      const cid = parseDocumentCid(text);
      if (!(await has(cid))) throw notFound(cid);
      const chunks: Uint8Array[] = [];
      try {
        for await (const chunk of helia.blockstore.get(cid)) chunks.push(chunk);
      } catch (err) {
        if (!(await has(cid))) throw notFound(cid, err);
        throw err;
      }
      const bytes = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
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
      return {
        cid: root.toString(),
        size,
        sha256,
        async store() {
          // Leaves first, root last: the pin walks a complete DAG.
          for (const block of blocks) await helia.blockstore.put(block.cid, block.bytes);
          await pin(root);
        },
      };
    },

    catAttachment(text) {
      const cid = parseCid(text);
      return (async function* () {
        if (!(await has(cid))) throw notFound(cid);
        try {
          yield* fs.cat(cid);
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
        return { ok: true, detail: `helia (offline), repository ${directory}` };
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
