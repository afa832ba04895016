/**
 * An e-EIR's short reference, a clerk can read out at the gate: `EIR-` and 8 Crockford base32 characters of the
 * SHA-256 of its id as the index keeps it (0x and 64 lower-case hexadecimal digits; api/reference.ts). Taken wherever
 * the id is; two e-EIRs sharing one is not to be expected, and a look-up that finds two asks for the id.
 */
import { referencePattern, shortReference } from "../reference.ts";

/** Matches a reference, in any case (it is read out, then typed). */
export const INTERCHANGE_REFERENCE = referencePattern("EIR");

export function interchangeReference(id: string): string {
  return shortReference("EIR", id.toLowerCase());
}
