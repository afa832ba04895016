/** Request bodies of the B/L endpoints: zod validates them and the OpenAPI document is generated from them. */
import { z } from "zod";
import { fitsBytes } from "../bytes.ts";

export const TransportDocument = z
  .record(z.string(), z.unknown())
  .describe("A DCSA eBL 3.0.3 TransportDocument (validated against EBL_v3.0.3.yaml)")
  .meta({ externalDocs: { url: "https://github.com/dcsaorg/DCSA-OpenAPI/tree/master/ebl/v3" } });

export const OrgId = z
  .string()
  .min(1)
  .max(32)
  .refine(fitsBytes(32), {
    message: "At most 32 bytes in UTF-8 (it is stored as bytes32)",
  })
  .describe("An organization's id: its unified social credit code or LEI");

export const IssueBillOfLading = z.object({
  transportDocument: TransportDocument,
  issueTo: OrgId.describe("The first holder, normally the shipper"),
  consignee: OrgId.optional().describe("The named consignee (straight B/L, sea waybill); absent for a to-order B/L"),
});

export const IssueBatch = z.object({
  billsOfLading: z.array(IssueBillOfLading).min(1).max(500).describe("A vessel's B/Ls, issued in one transaction"),
});

export const Recipient = z.object({ to: OrgId.describe("The recipient's orgId") });
export const Surrender = z.object({ kind: z.enum(["delivery", "amendment", "paper"]) });
export const Amend = z.object({ transportDocument: TransportDocument });
export const Empty = z.object({}).optional();

export const Verify = z
  .object({
    transportDocument: TransportDocument.optional(),
    documentChecksum: z
      .string()
      .regex(/^0x[0-9a-fA-F]{64}$/)
      .optional()
      .describe("SHA-256 of the RFC 8785 canonical JSON of the transport document"),
  })
  .refine((v) => !!v.transportDocument !== !!v.documentChecksum, {
    message: "Give either transportDocument or documentChecksum",
  });

export const ListQuery = z.object({
  filter: z.enum(["held", "issued", "awaiting", "all"]).default("all"),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.coerce.number().int().min(0).default(0),
});

export const ActionBodies = {
  transfer: Recipient,
  endorse: Recipient,
  "endorse-and-deliver": Recipient,
  "blank-endorse": Empty,
  "reject-transfer": Empty,
  surrender: Surrender,
  "accept-surrender": Empty,
  "reject-surrender": Empty,
  amend: Amend,
} as const;
