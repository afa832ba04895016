/** The e-EIR id decoded: its fixed terms, packed as `InterchangeIds` (contracts/types/Equipment.sol) packs them. */
import { isContainerNumber } from "../release/containerNumber.ts";
import { INTERCHANGE_PURPOSES as PURPOSES } from "../domain.ts";

export interface InterchangeIdTerms {
  container: string;
  issuer: number;
  haulier: number;
  issuedAt: number;
  laden: boolean;
  purpose: (typeof PURPOSES)[number];
  outFacility: number;
  returnFacility: number;
  validFrom: number;
}

/** A container number from the 36 bits `ContainerNumber.pack` keeps (owner code, category, serial), with its check
 * digit. */
export function unpackContainerNumber(packed: bigint): string {
  const serial = String(packed % 1_000_000n).padStart(6, "0");
  let v = packed / 1_000_000n;
  const category = "UJZ"[Number(v % 3n)];
  v /= 3n;
  let owner = "";
  for (let i = 0; i < 3; i++) {
    owner = String.fromCharCode(65 + Number(v % 26n)) + owner;
    v /= 26n;
  }
  const first10 = owner + category + serial;
  return [..."0123456789"].map((d) => first10 + d).find(isContainerNumber)!;
}

const bits = (id: bigint, from: number, width: number) => (id >> BigInt(from)) & ((1n << BigInt(width)) - 1n);

/** The terms an e-EIR id packs; undefined for a string that is not a 32-byte hex id or leaves bits 0-8 set. */
export function decodeInterchangeId(id: string): InterchangeIdTerms | undefined {
  if (!/^0x[0-9a-fA-F]{64}$/.test(id)) return undefined;
  const n = BigInt(id);
  const purpose = PURPOSES[Number(bits(n, 113, 2))];
  if (bits(n, 0, 9) !== 0n || bits(n, 220, 36) >= 26n ** 3n * 3n * 1_000_000n) return undefined;
  return {
    container: unpackContainerNumber(bits(n, 220, 36)),
    issuer: Number(bits(n, 188, 32)),
    haulier: Number(bits(n, 156, 32)),
    issuedAt: Number(bits(n, 116, 40)),
    laden: bits(n, 115, 1) === 1n,
    purpose,
    outFacility: Number(bits(n, 81, 32)),
    returnFacility: Number(bits(n, 49, 32)),
    validFrom: Number(bits(n, 9, 40)),
  };
}
