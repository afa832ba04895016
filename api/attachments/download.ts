/**
 * Serving a stored file (an attachment, a gate photo): streamed from IPFS to the response, through no temporary file,
 * with headers that keep a browser from reading it as anything but the validated type it was stored with.
 */
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { Response } from "express";
import { create as contentDisposition } from "content-disposition";
import { isMediaType, isTextual, servableFileName } from "./content.ts";

export interface ServedFile {
  cid: string;
  sha256: string;
  size: number;
  fileName: string;
  mediaType: string;
}

/** The headers of a download: RFC 6266 Content-Disposition with an RFC 8187 `filename*` for any Unicode name. */
export function downloadHeaders(file: ServedFile): Record<string, string> {
  // As validated at upload (text was checked to be UTF-8); a record from before the check that is not a plain
  // type/subtype is served as bytes.
  const type = isMediaType(file.mediaType) ? file.mediaType : "application/octet-stream";
  return {
    "Content-Type": isTextual(type) ? `${type}; charset=utf-8` : type,
    "Content-Length": String(file.size),
    "Content-Disposition": contentDisposition(servableFileName(file.fileName)),
    "X-Content-Type-Options": "nosniff",
    // Opened in a browser anyway, the file runs no script, loads nothing and reaches no origin.
    "Content-Security-Policy": "sandbox; default-src 'none'",
    "X-Content-SHA256": file.sha256,
    "X-IPFS-CID": file.cid,
  };
}

/**
 * Sends `content` (chunks checked as they stream, see AttachmentService.verifiedContent). A failure before the first
 * chunk — the file is missing, or a one-chunk file does not match — is thrown, so it is answered as a problem; a later
 * one cuts the connection, so the client sees fewer bytes than Content-Length and never a whole wrong file.
 */
export async function sendFile(res: Response, file: ServedFile, content: AsyncIterable<Uint8Array>): Promise<void> {
  const iterator = content[Symbol.asyncIterator]();
  const first = await iterator.next();
  try {
    res.status(200);
    for (const [name, value] of Object.entries(downloadHeaders(file))) res.setHeader(name, value);
  } catch (error) {
    await iterator.return?.();
    throw error;
  }
  if (first.done) {
    res.end();
    return;
  }
  async function* rest() {
    yield first.value;
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      yield next.value;
    }
  }
  try {
    await pipeline(Readable.from(rest(), { objectMode: false }), res);
  } catch (error) {
    // The headers are sent: no problem can follow. pipeline has destroyed the response; the source is closed too.
    await iterator.return?.();
    if (!res.writableFinished && (error as { code?: string })?.code !== "ERR_STREAM_PREMATURE_CLOSE") {
      console.error(`[gateway] download of ${file.cid} cut off:`, (error as Error)?.message ?? error);
    }
  }
}
