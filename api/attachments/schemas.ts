import { z } from "zod";
import { BlNumberParams, CarrierQuery } from "../billsOfLading/schemas.ts";
import { IsoTime, Items, Party, Sha256, TransactionHash } from "../responses.ts";
import { FILE_NAME_PATTERN } from "./content.ts";
import { ATTACHMENT_REFERENCE } from "./reference.ts";

export const ATTACHMENT_KINDS = [
  "invoice",
  "packingList",
  "certificateOfOrigin",
  "inspectionCertificate",
  "insuranceCertificate",
  "photo",
  "other",
] as const;

/**
 * A file name as it is downloaded: any Unicode, at most 200 characters. The pattern (no control characters, line
 * breaks, path separators or bidirectional marks) is documented here and enforced by checkFileName, which refuses a
 * name that breaks it with 422 before anything is stored.
 */
export const FileName = z
  .string()
  .min(1)
  .max(200)
  .meta({
    pattern: FILE_NAME_PATTERN,
    description:
      "The file's name, as it should be downloaded: any Unicode (发票.pdf), at most 200 characters, without control " +
      "characters, line breaks, / or \\, or bidirectional marks, embeddings, overrides or isolates " +
      "(U+200E, U+200F, U+202A–U+202E, U+2066–U+2069); such a name is refused with 422.",
  });

export const UploadQuery = z.object({
  fileName: FileName,
  kind: z.enum(ATTACHMENT_KINDS).default("other").describe("What the file is"),
});

export const UploadAttachmentQuery = UploadQuery.extend(CarrierQuery.shape);

export const AttachmentParams = BlNumberParams.extend({
  cid: z
    .string()
    .describe(
      "The attachment's IPFS CID (the first attachment of the B/L with those bytes), or its reference (ATT-…: exactly that one)",
    ),
});

/** An attachment as the chain and the index record it. */
export const AttachmentView = z.object({
  attachmentId: z.string(),
  reference: z
    .string()
    .regex(ATTACHMENT_REFERENCE)
    .describe("A short reference a clerk can read out (ATT- and 8 characters), derived from attachmentId"),
  tokenId: z.string().describe("The B/L's token id"),
  cid: z.string().describe("Its IPFS CID"),
  sha256: Sha256,
  size: z.number().int(),
  fileName: z.string(),
  mediaType: z.string(),
  kind: z.string(),
  uploadedBy: Party.nullable().describe("The organization that uploaded it"),
  uploadedAt: IsoTime,
  transactionHash: TransactionHash,
});

export const AttachmentList = Items(AttachmentView);
