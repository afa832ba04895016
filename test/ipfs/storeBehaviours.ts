/**
 * Shared DocumentStore behaviours run against every backend (helia.test.ts, kubo.test.ts), plus test data helpers.
 * This module registers no tests by itself.
 */
import { createHash } from "node:crypto";
import { expect } from "chai";
import { CID } from "multiformats/cid";
import * as raw from "multiformats/codecs/raw";
import { sha256 } from "multiformats/hashes/sha2";
import {
  InvalidCidError,
  MAX_DOCUMENT_BYTES,
  NotFoundError,
  UploadTooLargeError,
  documentCidFromSha256,
  type DocumentStore,
} from "../../api/adapters/ipfs/documentStore.ts";

export const KiB = 1024;
export const MiB = 1024 * KiB;

/** Attachment sizes around the 262144-byte chunk boundary, plus a multi-chunk file. */
export const ATTACHMENT_SIZES = [0, 1, 262144, 262145, 3 * MiB + 12345];

/** Deterministic pseudo-random byte at absolute offset i of stream `seed` (xorshift over 4-byte words). */
function fill(buf: Uint8Array, offset: number, seed: number): void {
  // word-aligned generator so that any chunking of the same (size, seed) yields the same bytes
  for (let i = 0; i < buf.length; i++) {
    const pos = offset + i;
    let x = (Math.floor(pos / 4) * 0x9e3779b1 + seed * 0x85ebca6b) >>> 0;
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    buf[i] = (x >>> ((pos % 4) * 8)) & 0xff;
  }
}

export function bytesOf(size: number, seed = 1): Uint8Array {
  const buf = new Uint8Array(size);
  fill(buf, 0, seed);
  return buf;
}

/**
 * An async generator of `size` deterministic bytes in fresh chunks of `chunkSize` (deliberately not a divisor of
 * 262144, so the importer must re-chunk). Never holds the whole content.
 */
export async function* streamOf(size: number, seed = 1, chunkSize = 100_003): AsyncGenerator<Uint8Array> {
  for (let offset = 0; offset < size; offset += chunkSize) {
    const chunk = new Uint8Array(Math.min(chunkSize, size - offset));
    fill(chunk, offset, seed);
    yield chunk;
  }
}

/** SHA-256 (0x hex) and size of the stream streamOf(size, seed) would produce, computed independently. */
export function digestOf(size: number, seed = 1): { sha256: string; size: number } {
  const hash = createHash("sha256");
  for (let offset = 0; offset < size; offset += MiB) {
    const chunk = new Uint8Array(Math.min(MiB, size - offset));
    fill(chunk, offset, seed);
    hash.update(chunk);
  }
  return { sha256: "0x" + hash.digest("hex"), size };
}

export async function collect(source: AsyncIterable<Uint8Array>): Promise<{ sha256: string; size: number }> {
  const hash = createHash("sha256");
  let size = 0;
  for await (const chunk of source) {
    hash.update(chunk);
    size += chunk.byteLength;
  }
  return { sha256: "0x" + hash.digest("hex"), size };
}

/** CIDv1 raw sha2-256, computed here with multiformats (independently of the adapter). */
export async function rawCid(bytes: Uint8Array): Promise<string> {
  return CID.createV1(raw.code, await sha256.digest(bytes)).toString();
}

export function canonicalJson(n: number): Uint8Array {
  return new TextEncoder().encode(`{"documentType":"BOL","n":${n},"transportDocumentReference":"TDR-${n}"}`);
}

export async function expectRejected<E extends Error>(
  promise: Promise<unknown>,
  type: abstract new (...args: never[]) => E,
): Promise<E> {
  try {
    await promise;
  } catch (err) {
    expect(err, String(err)).to.be.instanceOf(type);
    return err as E;
  }
  expect.fail(`expected ${type.name}`);
}

/**
 * The behaviours every backend must show. `store()` is read lazily (the store is created in a before hook).
 */
export function documentStoreBehaviours(
  store: () => DocumentStore,
  options: {
    missingWithinMs: number;
    /** Whether `discard` removes the blocks at once (Helia), or unpins them for the daemon's own GC (Kubo). */
    discardRemovesBlocks: boolean;
  },
): void {
  describe("documents (one raw block)", () => {
    it("putDocument returns the CIDv1 raw sha2-256 CID of the bytes, and getDocument returns the bytes", async () => {
      const bytes = canonicalJson(1);
      const cid = await store().putDocument(bytes);
      expect(cid).to.equal(await rawCid(bytes));
      expect(cid).to.match(/^bafkrei[a-z2-7]{52}$/);
      // the contract derives the same CID from the on-chain checksum
      const checksum = "0x" + createHash("sha256").update(bytes).digest("hex");
      expect(documentCidFromSha256(checksum).toString()).to.equal(cid);
      expect(Buffer.from(await store().getDocument(cid))).to.deep.equal(Buffer.from(bytes));
    });

    it("is idempotent: storing the same bytes twice gives the same CID", async () => {
      const bytes = canonicalJson(2);
      expect(await store().putDocument(bytes)).to.equal(await store().putDocument(bytes));
    });

    it("stores an empty document and one of exactly 1 MiB", async () => {
      for (const bytes of [new Uint8Array(0), bytesOf(MAX_DOCUMENT_BYTES, 7)]) {
        const cid = await store().putDocument(bytes);
        expect(cid).to.equal(await rawCid(bytes));
        expect(Buffer.from(await store().getDocument(cid)).equals(Buffer.from(bytes))).to.equal(true);
      }
    });

    it("refuses a document over 1 MiB (one block) with UploadTooLargeError", async () => {
      const err = await expectRejected(store().putDocument(bytesOf(MAX_DOCUMENT_BYTES + 1)), UploadTooLargeError);
      expect(err.maxBytes).to.equal(MAX_DOCUMENT_BYTES);
    });

    it(`getDocument of an absent CID throws NotFoundError within ${options.missingWithinMs} ms`, async () => {
      const cid = await rawCid(new TextEncoder().encode(`never stored ${Date.now()} ${Math.random()}`));
      const started = Date.now();
      await expectRejected(store().getDocument(cid), NotFoundError);
      expect(Date.now() - started).to.be.below(options.missingWithinMs);
    });

    it("getDocument rejects malformed CIDs and CIDs that are not raw sha2-256 blocks", async () => {
      await expectRejected(store().getDocument("not-a-cid"), InvalidCidError);
      const attachment = await store().addAttachment(streamOf(262145, 3), { maxBytes: MiB });
      await expectRejected(store().getDocument(attachment.cid), InvalidCidError);
    });
  });

  describe("attachments (UnixFS, streamed)", () => {
    for (const size of ATTACHMENT_SIZES) {
      it(`round-trips ${size} bytes with the right size and sha256`, async () => {
        const expected = digestOf(size, size + 11);
        const stored = await store().addAttachment(streamOf(size, size + 11), { maxBytes: 4 * MiB });
        expect({ size: stored.size, sha256: stored.sha256 }).to.deep.equal(expected);
        expect(stored.sha256).to.match(/^0x[0-9a-f]{64}$/);
        expect(stored.cid).to.match(/^baf/);
        if (size <= 262144) {
          // one chunk: the file is its raw leaf (as Kubo does with raw leaves)
          expect(stored.cid).to.equal(await rawCid(bytesOf(size, size + 11)));
        } else {
          expect(CID.parse(stored.cid).code).to.equal(0x70); // dag-pb root
          expect(CID.parse(stored.cid).version).to.equal(1);
        }
        expect(await collect(store().catAttachment(stored.cid))).to.deep.equal(expected);
      });
    }

    it("accepts exactly maxBytes", async () => {
      const stored = await store().addAttachment(streamOf(300_000, 5), { maxBytes: 300_000 });
      expect(stored.size).to.equal(300_000);
    });

    it("aborts with UploadTooLargeError past maxBytes without draining or buffering the source", async () => {
      let pulled = 0;
      let finished = false;
      async function* endless(): AsyncGenerator<Uint8Array> {
        try {
          for (;;) {
            const chunk = new Uint8Array(65536).fill(pulled % 251);
            pulled += chunk.byteLength;
            yield chunk;
          }
        } finally {
          finished = true;
        }
      }
      const err = await expectRejected(store().addAttachment(endless(), { maxBytes: MiB }), UploadTooLargeError);
      expect(err.maxBytes).to.equal(MiB);
      // stopped at the first chunk past the limit (the source is endless: buffering it would never end)
      expect(pulled).to.equal(MiB + 65536);
      expect(finished, "source generator closed").to.equal(true);
    });

    it("catAttachment of an absent CID throws NotFoundError", async () => {
      const cid = await rawCid(new TextEncoder().encode(`absent attachment ${Date.now()} ${Math.random()}`));
      const started = Date.now();
      try {
        await collect(store().catAttachment(cid));
        expect.fail("expected NotFoundError");
      } catch (err) {
        expect(err).to.be.instanceOf(NotFoundError);
      }
      expect(Date.now() - started).to.be.below(options.missingWithinMs);
    });
  });

  describe("staged attachments (stored only when told)", () => {
    it("stageAttachment gives the CID, size and sha256 addAttachment gives, and writes no block and no pin", async () => {
      const size = 600_000;
      const [blocks, pins] = [await store().blockCount(), await store().pinCount()];
      const staged = await store().stageAttachment(streamOf(size, 77), { maxBytes: MiB });
      expect({ size: staged.size, sha256: staged.sha256 }).to.deep.equal(digestOf(size, 77));
      expect([await store().blockCount(), await store().pinCount()]).to.deep.equal([blocks, pins]);
      await expectRejected(collect(store().catAttachment(staged.cid)), NotFoundError);

      await staged.store();
      // three 262144-byte leaves and their root, one pin
      expect([await store().blockCount(), await store().pinCount()]).to.deep.equal([blocks + 4, pins + 1]);
      expect(await collect(store().catAttachment(staged.cid))).to.deep.equal(digestOf(size, 77));
      const again = await store().addAttachment(streamOf(size, 77), { maxBytes: MiB });
      expect(again.cid).to.equal(staged.cid);
      expect([await store().blockCount(), await store().pinCount()]).to.deep.equal([blocks + 4, pins + 1]);
    });

    it("a document adds one block and one pin, and the same bytes again add neither", async () => {
      const [blocks, pins] = [await store().blockCount(), await store().pinCount()];
      const bytes = canonicalJson(Date.now());
      await store().putDocument(bytes);
      expect([await store().blockCount(), await store().pinCount()]).to.deep.equal([blocks + 1, pins + 1]);
      await store().putDocument(bytes);
      expect([await store().blockCount(), await store().pinCount()]).to.deep.equal([blocks + 1, pins + 1]);
    });

    it("a one-chunk attachment, staged then stored, is one raw block and one pin", async () => {
      const [blocks, pins] = [await store().blockCount(), await store().pinCount()];
      const staged = await store().stageAttachment(streamOf(1000, 80), { maxBytes: MiB });
      expect(staged.cid).to.equal(await rawCid(bytesOf(1000, 80)));
      expect([await store().blockCount(), await store().pinCount()]).to.deep.equal([blocks, pins]);
      await staged.store();
      expect([await store().blockCount(), await store().pinCount()]).to.deep.equal([blocks + 1, pins + 1]);
      // storing a staged attachment twice is harmless
      await staged.store();
      expect([await store().blockCount(), await store().pinCount()]).to.deep.equal([blocks + 1, pins + 1]);
    });

    it("discard takes back what store added (a write whose transaction did not take effect), and only that", async () => {
      // Kubo reclaims unpinned blocks at its next GC, so there only the pins are compared.
      const counts = async () =>
        options.discardRemovesBlocks
          ? [await store().blockCount(), await store().pinCount()]
          : [await store().pinCount()];
      const before = await counts();
      const staged = await store().stageAttachment(streamOf(600_000, 81), { maxBytes: MiB });
      await staged.store();
      expect(await store().pinCount()).to.equal((before.at(-1) as number) + 1);
      await staged.discard();
      expect(await counts()).to.deep.equal(before);
      if (options.discardRemovesBlocks) await expectRejected(collect(store().catAttachment(staged.cid)), NotFoundError);

      const document = await store().stageDocument(canonicalJson(Date.now() + 1));
      await document.store();
      await document.discard();
      expect(await counts()).to.deep.equal(before);

      // Content the store already held stays whole: its own pin and blocks were not this store()'s.
      const held = await store().addAttachment(streamOf(600_000, 82), { maxBytes: MiB });
      const withHeld = await counts();
      const again = await store().stageAttachment(streamOf(600_000, 82), { maxBytes: MiB });
      await again.store();
      await again.discard();
      expect(await counts()).to.deep.equal(withHeld);
      expect(await collect(store().catAttachment(held.cid))).to.deep.equal(digestOf(600_000, 82));
    });

    it("an attachment past maxBytes leaves no block and no pin", async () => {
      const [blocks, pins] = [await store().blockCount(), await store().pinCount()];
      await expectRejected(store().addAttachment(streamOf(MiB + 1, 78), { maxBytes: MiB }), UploadTooLargeError);
      await expectRejected(store().stageAttachment(streamOf(MiB + 1, 79), { maxBytes: MiB }), UploadTooLargeError);
      expect([await store().blockCount(), await store().pinCount()]).to.deep.equal([blocks, pins]);
    });
  });

  describe("health", () => {
    it("reports ok", async () => {
      const h = await store().health();
      expect(h.ok, h.detail).to.equal(true);
      expect(h.detail).to.contain(store().backend);
    });
  });
}
