import { z } from "zod";
import { BlNumberParams, CarrierQuery } from "../billsOfLading/schemas.ts";
import { IsoTime, Items, Sha256, TransactionHash } from "../responses.ts";

export const ATTACHMENT_KINDS = [
  "invoice",
  "packingList",
  "certificateOfOrigin",
  "inspectionCertificate",
  "insuranceCertificate",
  "photo",
  "other",
] as const;

export const UploadQuery = z.object({
  fileName: z
    .string()
    .min(1)
    .max(200)
    .regex(/^[^/\\\0]+$/, "must be a file name without a path")
    .describe("The file's name, as it should be downloaded"),
  kind: z.enum(ATTACHMENT_KINDS).default("other").describe("What the file is"),
});

export const UploadAttachmentQuery = UploadQuery.extend(CarrierQuery.shape);

export const AttachmentParams = BlNumberParams.extend({
  cid: z.string().describe("The attachment's IPFS CID"),
});

/** An attachment as the chain and the index record it. */
export const AttachmentView = z.object({
  attachmentId: z.string(),
  tokenId: z.string().describe("The B/L's token id"),
  cid: z.string().describe("Its IPFS CID"),
  sha256: Sha256,
  size: z.number().int(),
  fileName: z.string(),
  mediaType: z.string(),
  kind: z.string(),
  uploadedBy: z.number().int().describe("The registry's number of the organization that uploaded it"),
  uploadedAt: IsoTime,
  transactionHash: TransactionHash,
});

export const AttachmentList = Items(AttachmentView);
