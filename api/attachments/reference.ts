/**
 * An attachment's short reference, a clerk can read out over the phone: `ATT-` and 8 Crockford base32 characters of
 * the SHA-256 of its attachment id (api/reference.ts). Two attachments of one B/L sharing one is not to be expected
 * (a download by reference that finds two refuses).
 */
import { referencePattern, shortReference } from "../reference.ts";

/** Matches a reference, in any case (it is read out, then typed). */
export const ATTACHMENT_REFERENCE = referencePattern("ATT");

export function attachmentReference(attachmentId: string): string {
  return shortReference("ATT", attachmentId);
}
