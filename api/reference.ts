/**
 * Short references a clerk can read out over the phone, beside the hex ids: a prefix, a dash and 8 Crockford base32
 * characters (no I, L, O or U) of the SHA-256 of the id. Deterministic, so every gateway gives the same one; 40 bits,
 * so two things sharing one is not to be expected (a look-up by reference that finds two refuses and asks for the id).
 */
import { createHash } from "node:crypto";

const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/** Matches a reference with this prefix, in any case (it is read out, then typed). */
export function referencePattern(prefix: string): RegExp {
  return new RegExp(`^${prefix}-[0-9A-HJKMNP-TV-Z]{8}$`, "i");
}

/** `prefix-` and 8 Crockford base32 characters of the SHA-256 of `id`, as given. */
export function shortReference(prefix: string, id: string): string {
  const digest = createHash("sha256").update(id).digest();
  let bits = 0n;
  for (const byte of digest.subarray(0, 5)) bits = (bits << 8n) | BigInt(byte);
  let text = "";
  for (let i = 7; i >= 0; i--) text += ALPHABET[Number((bits >> BigInt(i * 5)) & 31n)];
  return `${prefix}-${text}`;
}
