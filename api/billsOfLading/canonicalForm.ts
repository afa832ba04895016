/** A transport document's canonical form and checksum: the bytes that are hashed, stored on IPFS and anchored on chain. */
import { createHash } from "node:crypto";
import canonicalizeJson from "canonicalize";
import { jsonBodyProblem } from "../validation.ts";

/** RFC 8785 (JSON Canonicalization Scheme) UTF-8 bytes of a JSON value: the bytes that are hashed and stored. */
export function canonicalize(document: unknown): Uint8Array {
  // The canonicalizer recurses: a document nested deeper than any request may be is refused before it overflows.
  const problem = jsonBodyProblem(document);
  if (problem) throw problem;
  const text = canonicalizeJson(document);
  if (text === undefined) throw new TypeError("Only JSON values can be canonicalized");
  return new TextEncoder().encode(text);
}

/** `0x` followed by the lowercase hex SHA-256 of the bytes (the form the contracts store as bytes32). */
export function documentChecksum(bytes: Uint8Array): string {
  return `0x${createHash("sha256").update(bytes).digest("hex")}`;
}
