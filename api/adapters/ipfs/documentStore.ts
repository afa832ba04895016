/**
 * The document store port: where transport documents and attachments live (IPFS).
 *
 * Two kinds of content:
 * - Transport documents (small canonical JSON, at most MAX_DOCUMENT_BYTES) are stored as ONE raw block:
 *   CIDv1, codec raw (0x55), sha2-256. Their CID is a pure function of the SHA-256 of the bytes, so the smart
 *   contract can derive it from the checksum it holds (see documentCid()).
 * - Attachments (any size up to a configured limit) are UnixFS files imported with settings that give the same
 *   CID on Helia and Kubo: see ATTACHMENT_IMPORT.
 *
 * Backends live in helia.ts and kubo.ts; only those files import helia / kubo-rpc-client.
 */
import { createHash } from "node:crypto";
import { importByteStream } from "ipfs-unixfs-importer";
import { fixedSize } from "ipfs-unixfs-importer/chunker";
import { balanced } from "ipfs-unixfs-importer/layout";
import { CID } from "multiformats/cid";
import * as raw from "multiformats/codecs/raw";
import { create as createDigest } from "multiformats/hashes/digest";
import { sha256 } from "multiformats/hashes/sha2";

export interface StoredAttachment {
  cid: string;
  size: number;
  /** 0x-prefixed lowercase hex SHA-256 of the file bytes. */
  sha256: string;
}

/**
 * An attachment read and hashed, its blocks held in memory, not yet in the store: its CID, size and SHA-256 can go to
 * the chain first, and `store()` writes and pins it only once the chain would accept them. Dropping it leaves nothing.
 */
export interface StagedAttachment extends StoredAttachment, Staged {}

/**
 * Content held in memory until the chain would accept it. `store()` writes its blocks and pins its root (idempotent);
 * `discard()` takes back what this `store()` added — the pin, if the root was not pinned before, and the blocks that
 * were not there before — for a write whose transaction then did not take effect. Content the store already held
 * (the same file attached before) is left as it was.
 */
export interface Staged {
  cid: string;
  store(): Promise<void>;
  discard(): Promise<void>;
}

export interface DocumentStore {
  readonly backend: "helia" | "kubo";
  /** Stores bytes as one raw block; returns its CID text (bafkrei…). */
  putDocument(bytes: Uint8Array): Promise<string>;
  /** A transport document as one raw block, checked for size, stored only by `store()` (see `Staged`). */
  stageDocument(bytes: Uint8Array): Promise<Staged>;
  /**
   * The bytes of a raw-block document; verifies they hash to the CID, else throws IntegrityError.
   * NotFoundError if absent (Helia offline: fails at once).
   */
  getDocument(cid: string): Promise<Uint8Array>;
  /** Streams an attachment in and pins it; throws UploadTooLargeError past maxBytes. */
  addAttachment(source: AsyncIterable<Uint8Array>, options: { maxBytes: number }): Promise<StoredAttachment>;
  /**
   * Reads an attachment into memory (at most maxBytes, else UploadTooLargeError) and computes its CID with the same
   * import settings as addAttachment, writing nothing to the store until `store()`.
   */
  stageAttachment(source: AsyncIterable<Uint8Array>, options: { maxBytes: number }): Promise<StagedAttachment>;
  /** Streams an attachment out. */
  catAttachment(cid: string): AsyncIterable<Uint8Array>;
  /**
   * Present when the store has peers (Helia with IPFS_PEERS): fetches the content from them if it does not hold it,
   * checks it — a document against its CID (derived from the checksum on chain), an attachment against the SHA-256
   * and size on chain (IntegrityError) — and pins it. FetchTimeoutError when no peer sends it in time.
   */
  fetchAndPin?(cid: string, expected?: { sha256: string; size: number }): Promise<void>;
  /** How many blocks the store holds: what a refused upload must leave unchanged. A full scan: for tests and checks. */
  blockCount(): Promise<number>;
  /** How many roots are pinned (recursively or directly). */
  pinCount(): Promise<number>;
  health(): Promise<{ ok: boolean; detail: string }>;
  close(): Promise<void>;
}

/** Largest transport document: one block, and IPFS nodes refuse to exchange blocks above 1 MiB. */
export const MAX_DOCUMENT_BYTES = 1024 * 1024;

/**
 * UnixFS import settings shared by both backends (Kubo's defaults except the CID version):
 * CIDv1, raw leaves, fixed-size chunks of 262144 bytes, balanced DAG with at most 174 links per node.
 */
export const ATTACHMENT_IMPORT = Object.freeze({
  cidVersion: 1 as const,
  rawLeaves: true,
  chunkSize: 262144,
  maxChildrenPerNode: 174,
});

export class UploadTooLargeError extends Error {
  readonly maxBytes: number;
  constructor(maxBytes: number, message?: string) {
    super(message ?? `upload exceeds the limit of ${maxBytes} bytes`);
    this.name = "UploadTooLargeError";
    this.maxBytes = maxBytes;
  }
}

export class NotFoundError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "NotFoundError";
  }
}

export class IntegrityError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "IntegrityError";
  }
}

/** No peer sent the content within the configured time: none of the community's nodes has it, or none answers. */
export class FetchTimeoutError extends Error {
  readonly cid: string;
  readonly peers: number;
  readonly timeoutMs: number;
  constructor(cid: string, peers: number, timeoutMs: number, options?: ErrorOptions) {
    super(`no peer sent ${cid} (asked ${peers} peer${peers === 1 ? "" : "s"} for ${timeoutMs / 1000} s)`, options);
    this.name = "FetchTimeoutError";
    this.cid = cid;
    this.peers = peers;
    this.timeoutMs = timeoutMs;
  }
}

/** Thrown for a CID text that does not parse, or is not a CIDv1 raw sha2-256 document CID where one is required. */
export class InvalidCidError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "InvalidCidError";
  }
}

/** The document CID (CIDv1, raw, sha2-256) of some bytes. */
export async function documentCid(bytes: Uint8Array): Promise<CID> {
  return CID.createV1(raw.code, await sha256.digest(bytes));
}

/** The document CID for a SHA-256 checksum given as 0x-prefixed (or bare) hex: what the contract derives. */
export function documentCidFromSha256(hex: string): CID {
  const clean = hex.startsWith("0x") ? hex.slice(2) : hex;
  if (!/^[0-9a-fA-F]{64}$/.test(clean)) throw new InvalidCidError(`not a SHA-256 hex digest: ${hex}`);
  return CID.createV1(raw.code, createDigest(sha256.code, Buffer.from(clean, "hex")));
}

/** Parses any CID text; throws InvalidCidError. */
export function parseCid(text: string): CID {
  try {
    return CID.parse(text);
  } catch (err) {
    throw new InvalidCidError(`invalid CID: ${JSON.stringify(text)}`, { cause: err });
  }
}

/** Parses a document CID: must be CIDv1, codec raw, sha2-256 (the only form a document is ever stored as). */
export function parseDocumentCid(text: string): CID {
  const cid = parseCid(text);
  if (cid.version !== 1 || cid.code !== raw.code || cid.multihash.code !== sha256.code) {
    throw new InvalidCidError(`not a document CID (CIDv1 raw sha2-256): ${text}`);
  }
  return cid;
}

/** Throws IntegrityError unless the bytes hash to the document CID. */
export async function verifyDocument(cid: CID, bytes: Uint8Array): Promise<void> {
  const actual = await documentCid(bytes);
  if (actual.toString() !== cid.toString()) {
    throw new IntegrityError(`content of ${cid.toString()} hashes to ${actual.toString()}`);
  }
}

export function checkDocumentSize(bytes: Uint8Array): void {
  if (bytes.byteLength > MAX_DOCUMENT_BYTES) {
    throw new UploadTooLargeError(
      MAX_DOCUMENT_BYTES,
      `document of ${bytes.byteLength} bytes exceeds the one-block limit of ${MAX_DOCUMENT_BYTES} bytes`,
    );
  }
}

/**
 * Wraps an attachment source: passes the chunks through unchanged (never buffers the whole file) while
 * hashing and counting them, and throws UploadTooLargeError as soon as the count passes maxBytes.
 * Read `result()` after the source has been fully consumed.
 */
export function meteredSource(
  source: AsyncIterable<Uint8Array>,
  maxBytes: number,
): { stream: AsyncGenerator<Uint8Array>; tooLarge: () => boolean; result: () => { size: number; sha256: string } } {
  if (!Number.isSafeInteger(maxBytes) || maxBytes < 0) throw new RangeError(`maxBytes must be a non-negative integer`);
  const hash = createHash("sha256");
  let size = 0;
  let exceeded = false;
  let done = false;
  let digest = "";
  async function* stream(): AsyncGenerator<Uint8Array> {
    for await (const chunk of source) {
      if (!(chunk instanceof Uint8Array)) throw new TypeError("attachment source must yield Uint8Array chunks");
      size += chunk.byteLength;
      if (size > maxBytes) {
        exceeded = true;
        throw new UploadTooLargeError(maxBytes);
      }
      hash.update(chunk);
      if (chunk.byteLength > 0) yield chunk;
    }
    digest = "0x" + hash.digest("hex");
    done = true;
  }
  return {
    stream: stream(),
    tooLarge: () => exceeded,
    result: () => {
      if (!done) throw new Error("attachment source not fully consumed");
      return { size, sha256: digest };
    },
  };
}

/** A block of a staged attachment: its CID and bytes, in the order the importer wrote them (leaves first). */
export interface StagedBlock {
  cid: CID;
  bytes: Uint8Array;
}

/**
 * Imports an attachment into memory with ATTACHMENT_IMPORT: its blocks (leaves and DAG nodes, at most about maxBytes
 * plus a few KiB of links), its root CID, size and SHA-256. The backends write the blocks only when told to.
 */
export async function stageInMemory(
  source: AsyncIterable<Uint8Array>,
  maxBytes: number,
): Promise<{ root: CID; blocks: StagedBlock[]; size: number; sha256: string }> {
  const metered = meteredSource(source, maxBytes);
  const blocks = new Map<string, StagedBlock>();
  const memory = {
    put(cid: CID, bytes: Uint8Array): CID {
      blocks.set(cid.toString(), { cid, bytes });
      return cid;
    },
  };
  let root: CID;
  try {
    ({ cid: root } = await importByteStream(metered.stream, memory, {
      cidVersion: ATTACHMENT_IMPORT.cidVersion,
      rawLeaves: ATTACHMENT_IMPORT.rawLeaves,
      chunker: fixedSize({ chunkSize: ATTACHMENT_IMPORT.chunkSize }),
      layout: balanced({ maxChildrenPerNode: ATTACHMENT_IMPORT.maxChildrenPerNode }),
    }));
  } catch (err) {
    if (metered.tooLarge() && !(err instanceof UploadTooLargeError)) throw new UploadTooLargeError(maxBytes);
    throw err;
  }
  return { root, blocks: [...blocks.values()], ...metered.result() };
}
