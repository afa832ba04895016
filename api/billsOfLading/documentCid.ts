/** The CID of a document stored as one raw block: CIDv1, raw codec, sha2-256 — derived from its checksum alone. */
import { CID } from "multiformats/cid";
import * as Digest from "multiformats/hashes/digest";

const RAW = 0x55;
const SHA2_256 = 0x12;

export function cidOfChecksum(checksum: string): string {
  return CID.createV1(RAW, Digest.create(SHA2_256, Buffer.from(checksum.slice(2), "hex"))).toString();
}
