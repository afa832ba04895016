/**
 * An attachment's short reference, a clerk can read out over the phone: `ATT-` and 8 Crockford base32 characters
 * (no I, L, O or U) of the SHA-256 of its attachment id. Deterministic, so every gateway gives the same one; 40 bits, so
 * two attachments of one B/L sharing one is not to be expected (a download by reference that finds two refuses).
 */
import { createHash } from "node:crypto";

const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/** Matches a reference, in any case (it is read out, then typed). */
export const ATTACHMENT_REFERENCE = /^ATT-[0-9A-HJKMNP-TV-Z]{8}$/i;

export function attachmentReference(attachmentId: string): string {
  const digest = createHash("sha256").update(attachmentId).digest();
  let bits = 0n;
  for (const byte of digest.subarray(0, 5)) bits = (bits << 8n) | BigInt(byte);
  let text = "";
  for (let i = 7; i >= 0; i--) text += ALPHABET[Number((bits >> BigInt(i * 5)) & 31n)];
  return `ATT-${text}`;
}
