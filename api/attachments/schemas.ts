import { z } from "zod";

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
  kind: z.enum(ATTACHMENT_KINDS).default("other"),
});
