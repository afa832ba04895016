/**
 * Attachments of a B/L — invoices, packing lists, certificates of origin, photos, any file. The bytes go to IPFS,
 * streamed; their SHA-256, size and CID go on chain, so anyone can check a file's integrity against the chain.
 * An upload is staged in memory (at most MAX_UPLOAD_BYTES) and stored in IPFS only once the chain's simulation has
 * accepted it, so a refused upload leaves no block and no pin behind, and one whose transaction then fails is taken back out.
 */
import { createHash } from "node:crypto";
import { FetchTimeoutError, NotFoundError, UploadTooLargeError } from "../adapters/ipfs/documentStore.ts";
import type { Caller, GatewayContext } from "../context.ts";
import type { BillOfLading } from "../billsOfLading/projection.ts";
import { attachmentIdOf, type Attachment } from "./projection.ts";
import type { OrganizationService } from "../organizations/service.ts";
import { conflict, forbidden, notFound, notOnPeers, Problem } from "../problem.ts";
import { eventNamed } from "../transactions.ts";
import { billOfLadingDocument } from "../billsOfLading/service.ts";
import { ATTACHMENT_REFERENCE, attachmentReference } from "./reference.ts";

/** An attachment as responses show it: with the short reference a clerk reads out, its uploader by orgId and name. */
export type ReferencedAttachment = Omit<Attachment, "uploadedBy"> & {
  reference: string;
  uploadedBy: { orgId: string; name: string } | null;
};

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

  /**
   * Links a file to the B/L on chain and stores it in IPFS, in that order: it is stored once the transaction's
   * simulation passed, before it is sent. The B/L's carrier, holder, endorsee or consignee.
   */
  async upload(
    caller: Caller,
    bl: BillOfLading,
    input: AttachmentInput,
    body: AsyncIterable<Uint8Array>,
  ): Promise<ReferencedAttachment> {
    if (caller.kind !== "organization") throw forbidden("The operator does not attach documents to B/Ls.");
    if (![bl.carrier, bl.holder, bl.endorsee, bl.consignee].includes(caller.org)) {
      throw forbidden("Only the B/L's carrier, holder, endorsee or consignee may attach documents to it.");
    }
    if (input.declaredBytes !== undefined && input.declaredBytes > this.ctx.maxUploadBytes)
      throw tooLarge(this.ctx.maxUploadBytes);
    const staged = await this.ctx.documents
      .stageAttachment(body, { maxBytes: this.ctx.maxUploadBytes })
      .catch((error) => {
        if (error instanceof UploadTooLargeError) throw tooLarge(this.ctx.maxUploadBytes);
        throw error;
      });
    const submitted = await this.ctx.transactions.submit(
      caller,
      "BillOfLading",
      "addAttachment",
      [bl.tokenId, staged.sha256, staged.size, staged.cid, input.fileName, input.mediaType, input.kind],
      {
        beforeSend: () => staged.store(),
        undo: () => staged.discard(),
        // Shared: uploads to one B/L run side by side; an act that changes who controls it waits its turn (409).
        documents: [{ ...billOfLadingDocument(bl), shared: true }],
      },
    );
    const attachmentId = attachmentIdOf(eventNamed(submitted, "BillOfLading", "AttachmentAdded"));
    return this.list(bl).find((a) => a.attachmentId === attachmentId)!;
  }

  /** The B/L's attachments, oldest first, each with its short reference and its uploader named. */
  list(bl: BillOfLading): ReferencedAttachment[] {
    return this.ctx.index.attachmentsOf(bl.tokenId).map((a) => ({
      ...a,
      reference: attachmentReference(a.attachmentId),
      uploadedBy: this.ctx.index.party(a.uploadedBy),
    }));
  }

  /** An attachment by its CID (the first with those bytes) or by its reference (ATT-…, exactly that one). */
  find(bl: BillOfLading, cidOrReference: string): ReferencedAttachment {
    if (ATTACHMENT_REFERENCE.test(cidOrReference)) {
      const reference = cidOrReference.toUpperCase();
      const found = this.list(bl).filter((a) => a.reference === reference);
      if (found.length > 1) throw conflict(`Two of the B/L's attachments share ${reference}: download them by CID.`);
      if (!found.length) throw notFound(`The B/L has no attachment ${reference}.`);
      return found[0];
    }
    const attachment = this.list(bl).find((a) => a.cid === cidOrReference);
    if (!attachment) throw notFound(`The B/L has no attachment with CID ${cidOrReference}.`);
    return attachment;
  }

  /**
   * The file's bytes from IPFS, checked against the SHA-256 and size on chain as they stream, through no temporary
   * file: each chunk is held back until the next one has arrived, and the last one until the whole file matched. So a
   * file of one chunk is checked before its first byte is served, and a larger one that does not match is cut off
   * before its end. A missing or mismatching file throws a 502 problem; one that no peer sends in time, a 504.
   */
  async *verifiedContent(file: { cid: string; sha256: string; size: number }): AsyncGenerator<Uint8Array> {
    const hash = createHash("sha256");
    let size = 0;
    let held: Uint8Array | undefined;
    try {
      for await (const chunk of this.ctx.documents.catAttachment(file.cid)) {
        hash.update(chunk);
        size += chunk.byteLength;
        if (size > file.size) break;
        if (held) yield held;
        held = chunk;
      }
    } catch (error) {
      if (error instanceof FetchTimeoutError) throw notOnPeers("file", error);
      if (error instanceof NotFoundError) {
        throw new Problem(
          502,
          "File missing",
          "The file is recorded on chain but this gateway's IPFS node does not hold it.",
        );
      }
      throw error;
    }
    if (size !== file.size || "0x" + hash.digest("hex") !== file.sha256) {
      throw new Problem(
        502,
        "Integrity check failed",
        "The stored file does not match the hash on chain; it was not served.",
      );
    }
    if (held) yield held;
  }
}

function tooLarge(maxBytes: number): Problem {
  return new Problem(413, "Payload too large", `Attachments are limited to ${maxBytes} bytes.`);
}
