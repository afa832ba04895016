/**
 * What an uploaded file must be before it is stored: a file name that reads as what it is, and bytes that are what
 * their declared media type says. Shared by attachments and gate photos.
 */
import { fileTypeFromBuffer, supportedMimeTypes } from "file-type";
import { MEDIA_TYPE_MAX_LENGTH } from "../domain.ts";
import { Problem, type FieldError } from "../problem.ts";

/**
 * Characters no file name may hold: C0 controls (NUL, line breaks, tab…), DEL and C1 controls, path separators, and
 * the bidirectional marks, embeddings, overrides and isolates (U+200E, U+200F, U+202A–U+202E, U+2066–U+2069) that
 * make `invoice‮fdp.exe` read as `invoiceexe.pdf`.
 */
const FORBIDDEN = "\\u0000-\\u001f\\u007f-\\u009f/\\\\\\u200e\\u200f\\u202a-\\u202e\\u2066-\\u2069";

/** The file name rule as a JSON Schema pattern, for the API document; `checkFileName` enforces it. */
export const FILE_NAME_PATTERN = `^[^${FORBIDDEN}]+$`;
const FORBIDDEN_CHARACTER = new RegExp(`[${FORBIDDEN}]`, "u");

/** Refuses (422, pointing at `pointer`) a file name with a forbidden character, or one that is only dots. */
export function checkFileName(name: string, pointer = "/fileName"): void {
  const found = FORBIDDEN_CHARACTER.exec(name);
  if (found) {
    const code = "U+" + found[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0");
    throw unprocessableName(
      pointer,
      `The file name holds ${code} at position ${found.index + 1}: control characters, line breaks, path separators and bidirectional marks or overrides are not allowed in a file name. Rename the file and upload it again.`,
    );
  }
  if (/^\.+$/.test(name)) throw unprocessableName(pointer, "A file name cannot be only dots. Rename the file.");
}

/**
 * A stored name as it may be served: names recorded before the rule (or on chain by another gateway) may hold what
 * checkFileName refuses; each such character becomes `_`, so no download can name itself as something else.
 */
export function servableFileName(name: string): string {
  const clean = name.replace(new RegExp(`[${FORBIDDEN}]`, "gu"), "_");
  return /^\.*$/.test(clean) ? "download" : clean;
}

function unprocessableName(pointer: string, detail: string): Problem {
  const errors: FieldError[] = [{ pointer, message: detail }];
  return new Problem(422, "Unprocessable file name", detail, { errors });
}

/** `type/subtype` (RFC 6838 restricted names, at most 127 characters each), parameters after `;` ignored. */
const MEDIA_TYPE = /^([a-z0-9][a-z0-9!#$&^_.+-]{0,126})\/([a-z0-9][a-z0-9!#$&^_.+-]{0,126})$/;

/** Whether a stored media type is one declaredMediaType would keep (older records may hold anything). */
export function isMediaType(text: string): boolean {
  return MEDIA_TYPE.test(text);
}

/**
 * The media type an upload declares, as it is kept: the Content-Type's `type/subtype` in lower case, without
 * parameters (a charset is not kept: text is accepted only as UTF-8). No Content-Type is application/octet-stream.
 */
export function declaredMediaType(header: string | undefined): string {
  if (header === undefined || header.trim() === "") return "application/octet-stream";
  const essence = header.split(";")[0].trim().toLowerCase();
  // At most 127 characters in all (issue #11), as the API's MediaType (api/validation.ts) takes.
  if (!MEDIA_TYPE.test(essence) || essence.length > MEDIA_TYPE_MAX_LENGTH) {
    throw new Problem(
      415,
      "Unsupported media type",
      `The Content-Type ${JSON.stringify(header.slice(0, 200))} is not a media type (type/subtype, as application/pdf).`,
      { extra: { declaredType: header.slice(0, 200) } },
    );
  }
  return essence;
}

/** Types whose bytes are text: accepted only as UTF-8 without NUL, and with no signature of a binary format. */
export function isTextual(mediaType: string): boolean {
  return (
    mediaType.startsWith("text/") ||
    ["application/json", "application/xml", "application/csv"].includes(mediaType) ||
    mediaType.endsWith("+json") ||
    mediaType.endsWith("+xml")
  );
}

/** Declared types a detected container format may stand for: file-type sees the container, not the document in it. */
const CONTAINERS: Record<string, (declared: string) => boolean> = {
  "application/zip": (d) =>
    d.endsWith("+zip") ||
    d.startsWith("application/vnd.openxmlformats-officedocument.") ||
    d.startsWith("application/vnd.oasis.opendocument.") ||
    d === "application/x-zip-compressed",
  "application/x-cfb": (d) =>
    [
      "application/msword",
      "application/vnd.ms-excel",
      "application/vnd.ms-powerpoint",
      "application/vnd.ms-outlook",
    ].includes(d),
};

/** How many leading bytes are read for the signature (file-type needs 4100; Office containers a little more). */
const HEAD_BYTES = 64 * 1024;

/**
 * Passes an upload's chunks through once its bytes are known to be what `declared` says; throws a 415 problem
 * (naming the declared and the detected type) otherwise. The rule:
 * - application/octet-stream claims nothing and takes any bytes;
 * - a textual type (text/*, JSON, XML, CSV, +json, +xml) takes valid UTF-8 with no NUL whose start carries no
 *   signature of a binary format (checked over the whole file as it streams);
 * - any other type takes bytes whose signature (file-type, on the first bytes) is that type (or a container of it,
 *   such as ZIP for .docx); where file-type knows no signature for the type, bytes with a signature of another type
 *   are refused, and bytes with none are taken.
 * Nothing is yielded before the head is checked; a later refusal (invalid UTF-8 further on) throws mid-stream, which
 * is why uploads are staged before they are stored.
 */
export async function* checkedContent(source: AsyncIterable<Uint8Array>, declared: string): AsyncGenerator<Uint8Array> {
  const iterator = source[Symbol.asyncIterator]();
  const head: Uint8Array[] = [];
  let headBytes = 0;
  let ended = false;
  while (headBytes < HEAD_BYTES) {
    const next = await iterator.next();
    if (next.done) {
      ended = true;
      break;
    }
    head.push(next.value);
    headBytes += next.value.byteLength;
  }
  const start = Buffer.concat(head);
  const signature = (await fileTypeFromBuffer(start))?.mime;
  const textual = isTextual(declared);
  const decoder = new TextDecoder("utf-8", { fatal: true });
  const isText = (bytes: Uint8Array, last: boolean) => {
    if (bytes.includes(0)) return false;
    try {
      decoder.decode(bytes, { stream: !last });
      return true;
    } catch {
      return false;
    }
  };
  const refuse = (detected: string) =>
    new Problem(
      415,
      "Unsupported media type",
      `The file was sent as ${declared}, but its bytes are ${detected}. Send it with the Content-Type of what it is.`,
      { extra: { declaredType: declared, detectedType: detected } },
    );

  if (textual) {
    if (signature !== undefined && !isTextual(signature)) throw refuse(signature);
    if (!isText(start, ended)) throw refuse("application/octet-stream (not UTF-8 text)");
  } else if (declared !== "application/octet-stream") {
    if (signature === undefined) {
      // file-type knows this type, so bytes of it would have shown its signature.
      if (supportedMimeTypes.has(declared)) {
        throw refuse(isText(start, ended) ? "text/plain" : "application/octet-stream (no known signature)");
      }
    } else if (signature !== declared && !CONTAINERS[signature]?.(declared)) {
      throw refuse(signature);
    }
  }

  if (start.byteLength > 0) yield start;
  if (ended) return;
  for (;;) {
    const next = await iterator.next();
    if (next.done) break;
    if (textual && !isText(next.value, false)) throw refuse("application/octet-stream (not UTF-8 text)");
    yield next.value;
  }
  if (textual && !isText(new Uint8Array(0), true)) throw refuse("application/octet-stream (not UTF-8 text)");
}
