/**
 * Attachments of a B/L — invoices, packing lists, certificates of origin, photos, any file. The bytes go to IPFS,
 * streamed; their SHA-256, size and CID go on chain, so anyone can check a file's integrity against the chain.
 */
import { createHash, randomUUID } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import type { Readable } from "node:stream";
import { UploadTooLargeError } from "../adapters/ipfs/documentStore.ts";
import type { Caller, GatewayContext } from "../context.ts";
import type { BillOfLading } from "../billsOfLading/projection.ts";
import { attachmentIdOf, type Attachment } from "./projection.ts";
import type { OrganizationService } from "../organizations/service.ts";
import { forbidden, notFound, Problem } from "../problem.ts";
import { eventNamed } from "../transactions.ts";

export interface AttachmentInput {
  fileName: string;
  mediaType: string;
  kind: string;
  declaredBytes?: number;
}

export class AttachmentService {
  private readonly ctx: GatewayContext;
  private readonly organizations: OrganizationService;

  constructor(ctx: GatewayContext, organizations: OrganizationService) {
    this.ctx = ctx;
    this.organizations = organizations;
  }

  /** Streams a file to IPFS and links it to the B/L on chain. The B/L's carrier, holder, endorsee or consignee. */
  async upload(
    caller: Caller,
    bl: BillOfLading,
    input: AttachmentInput,
    body: AsyncIterable<Uint8Array>,
  ): Promise<Attachment> {
    if (caller.kind !== "organization") throw forbidden("The operator does not attach documents to B/Ls.");
    if (![bl.carrier, bl.holder, bl.endorsee, bl.consignee].includes(caller.org)) {
      throw forbidden("Only the B/L's carrier, holder, endorsee or consignee may attach documents to it.");
    }
    if (input.declaredBytes !== undefined && input.declaredBytes > this.ctx.maxUploadBytes)
      throw tooLarge(this.ctx.maxUploadBytes);
    const stored = await this.ctx.documents
      .addAttachment(body, { maxBytes: this.ctx.maxUploadBytes })
      .catch((error) => {
        if (error instanceof UploadTooLargeError) throw tooLarge(this.ctx.maxUploadBytes);
        throw error;
      });
    const submitted = await this.ctx.transactions.submit(caller, "BillOfLading", "addAttachment", [
      bl.tokenId,
      stored.sha256,
      stored.size,
      stored.cid,
      input.fileName,
      input.mediaType,
      input.kind,
    ]);
    const attachmentId = attachmentIdOf(eventNamed(submitted, "BillOfLading", "AttachmentAdded"));
    return this.ctx.index.attachmentsOf(bl.tokenId).find((a) => a.attachmentId === attachmentId)!;
  }

  list(bl: BillOfLading): Attachment[] {
    return this.ctx.index.attachmentsOf(bl.tokenId);
  }

  find(bl: BillOfLading, cid: string): Attachment {
    const attachment = this.list(bl).find((a) => a.cid === cid);
    if (!attachment) throw notFound(`The B/L has no attachment with CID ${cid}.`);
    return attachment;
  }

  /**
   * The file's bytes, checked against the SHA-256 and size on chain before the first byte is served: they are
   * spooled to a temporary file while hashed, and served from it only if they match.
   */
  async verifiedContent(attachment: Attachment): Promise<{ stream: Readable; cleanup: () => Promise<void> }> {
    const dir = path.join(tmpdir(), "paperless-port-downloads");
    await mkdir(dir, { recursive: true });
    const file = path.join(dir, randomUUID());
    const hash = createHash("sha256");
    let size = 0;
    const source = this.ctx.documents.catAttachment(attachment.cid);
    async function* hashing() {
      for await (const chunk of source) {
        hash.update(chunk);
        size += chunk.byteLength;
        yield chunk;
      }
    }
    const cleanup = () => rm(file, { force: true });
    try {
      await pipeline(hashing(), createWriteStream(file));
    } catch (error) {
      await cleanup();
      throw error;
    }
    const sha256 = "0x" + hash.digest("hex");
    if (sha256 !== attachment.sha256 || size !== attachment.size) {
      await cleanup();
      throw new Problem(
        502,
        "Integrity check failed",
        "The stored file does not match the hash on chain; it was not served.",
      );
    }
    return { stream: createReadStream(file), cleanup };
  }
}

function tooLarge(maxBytes: number): Problem {
  return new Problem(413, "Payload too large", `Attachments are limited to ${maxBytes} bytes.`);
}
