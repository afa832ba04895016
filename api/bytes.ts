/**
 * Text in the contracts' fixed-size byte fields — B/L numbers and org ids (bytes32), container numbers (bytes11),
 * seals and truck plates (bytes16), size/type codes (bytes4): UTF-8, right-padded with zero bytes.
 */

/** Whether `text` fits a `bytes<size>` field. */
export function fitsBytes(size: number): (text: string) => boolean {
  return (text) => Buffer.byteLength(text, "utf8") <= size;
}

/** `text` as `bytes<size>` hex; throws if it does not fit (callers validate first). */
export function textToBytes(text: string, size: number): string {
  const bytes = Buffer.from(text, "utf8");
  if (bytes.length > size) throw new Error(`"${text}" is longer than ${size} bytes`);
  return "0x" + bytes.toString("hex").padEnd(size * 2, "0");
}

/** `bytesN` hex back to its text, without the zero padding. */
export function bytesToText(hex: string): string {
  return Buffer.from(hex.slice(2), "hex").toString("utf8").replace(/\0+$/, "");
}

export const textToBytes32 = (text: string): string => textToBytes(text, 32);
