/**
 * IPFS backend over the Kubo RPC API (kubo-rpc-client): a separate daemon (Kubo, or anything speaking its RPC API).
 *
 * Documents: `block/put` as CIDv1 raw sha2-256, then `pin/add`; the CID the daemon returns is checked against the
 * one computed locally. Attachments: imported here with ATTACHMENT_IMPORT (the settings of Kubo's `add` with CIDv1, raw
 * leaves and chunker size-262144), then sent block by block with `block/put` and pinned: the same CID as the Helia
 * backend, and nothing reaches the daemon before the caller says so (see StagedAttachment).
 */
import { create, type KuboRPCClient } from "kubo-rpc-client";
import type { CID } from "multiformats/cid";
import * as raw from "multiformats/codecs/raw";
import {
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

export interface KuboStoreOptions {
  /**
   * How long a read may wait for content (the daemon may try to fetch it from its peers) before it is reported
   * as NotFoundError. Default 30 s.
   */
  readTimeoutMs?: number;
  /** Timeout of the health probe. Default 5 s. */
  healthTimeoutMs?: number;
}

/** Error texts by which Kubo and js-ipfs say that content is absent (or could not be found in time). */
const NOT_FOUND = /not found|could not find|no such|deadline exceeded|timed? ?out|aborted/i;

function isNotFound(err: unknown): boolean {
  const e = err as { name?: string; message?: string } | undefined;
  return e?.name === "TimeoutError" || e?.name === "AbortError" || NOT_FOUND.test(e?.message ?? "");
}

export function createKuboStore(url: string, options: KuboStoreOptions = {}): DocumentStore {
  const readTimeoutMs = options.readTimeoutMs ?? 30_000;
  const healthTimeoutMs = options.healthTimeoutMs ?? 5_000;
  const client: KuboRPCClient = create({ url });

  function notFound(cid: CID, err: unknown): NotFoundError {
    return new NotFoundError(`${cid.toString()} not found via ${url}: ${(err as Error)?.message ?? err}`, {
      cause: err,
    });
  }

  async function isPinned(cid: CID): Promise<boolean> {
    try {
      for await (const _ of client.pin.ls({ paths: [cid] })) return true;
      return false;
    } catch {
      return false; // the daemon answers "not pinned" with an error
    }
  }

  /**
   * Blocks held in memory, written and pinned by `store()` (see `Staged`). `discard()` unpins the root if this store
   * pinned it; the daemon's own garbage collection (Kubo's `--enable-gc`, `Datastore.GCPeriod`) then reclaims the
   * blocks no pin holds. A `repo gc` here would also drop what other writes in flight have stored but not pinned yet.
   */
  function staged(root: CID, blocks: readonly { cid: CID; bytes: Uint8Array }[]): Staged {
    let pinnedHere = false;
    return {
      cid: root.toString(),
      async store() {
        const pinnedBefore = await isPinned(root);
        for (const block of blocks) {
          const format = block.cid.code === raw.code ? "raw" : "dag-pb";
          const put = await client.block.put(block.bytes, { format, mhtype: "sha2-256", version: 1 });
          if (put.toString() !== block.cid.toString()) {
            throw new IntegrityError(`daemon stored a block as ${put.toString()}, expected ${block.cid.toString()}`);
          }
        }
        await client.pin.add(root, { recursive: true });
        pinnedHere ||= !pinnedBefore;
      },
      async discard() {
        if (!pinnedHere) return;
        await client.pin.rm(root, { recursive: true });
        pinnedHere = false;
      },
    };
  }

  const store: DocumentStore = {
    backend: "kubo",

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
      let bytes: Uint8Array;
      try {
        bytes = await client.block.get(cid, { signal: AbortSignal.timeout(readTimeoutMs) });
      } catch (err) {
        if (isNotFound(err)) throw notFound(cid, err);
        throw err;
      }
      await verifyDocument(cid, bytes);
      return bytes;
    },

    async addAttachment(source, options): Promise<StoredAttachment> {
      const staged = await store.stageAttachment(source, options);
      await staged.store();
      return { cid: staged.cid, size: staged.size, sha256: staged.sha256 };
    },

    async stageAttachment(source, { maxBytes }): Promise<StagedAttachment> {
      // The CID is computed here, with the same settings as the Helia backend; the daemon gets the blocks as they are.
      const { root, blocks, size, sha256 } = await stageInMemory(source, maxBytes);
      return { ...staged(root, blocks), size, sha256 };
    },

    catAttachment(text) {
      const cid = parseCid(text);
      return (async function* () {
        // Idle timeout, not a total one: a large attachment may take longer than readTimeoutMs to stream.
        const controller = new AbortController();
        let timer = setTimeout(() => controller.abort(), readTimeoutMs);
        try {
          for await (const chunk of client.cat(cid, { signal: controller.signal })) {
            clearTimeout(timer);
            yield chunk;
            timer = setTimeout(() => controller.abort(), readTimeoutMs);
          }
        } catch (err) {
          if (isNotFound(err)) throw notFound(cid, err);
          throw err;
        } finally {
          clearTimeout(timer);
        }
      })();
    },

    async blockCount() {
      let count = 0;
      for await (const _ of client.refs.local()) count++;
      return count;
    },

    async pinCount() {
      let count = 0;
      for await (const _ of client.pin.ls({ type: "recursive" })) count++;
      for await (const _ of client.pin.ls({ type: "direct" })) count++;
      return count;
    },

    async health() {
      try {
        const v = await client.version({ signal: AbortSignal.timeout(healthTimeoutMs) });
        return { ok: true, detail: `kubo rpc ${url}: version ${v.version}` };
      } catch (err) {
        return { ok: false, detail: `kubo rpc ${url} unreachable: ${(err as Error).message}` };
      }
    },

    async close() {
      // stateless HTTP client: nothing to release
    },
  };
  return store;
}
