/** Request bodies of the B/L endpoints: zod validates them and the OpenAPI document is generated from them. */
import { z } from "zod";
import { ACTION_CODES, BL_NUMBER_PATTERN, BL_STATES, BL_TYPES, ORG_ID_PATTERN, SURRENDER_KINDS } from "../domain.ts";
import { IsoTime, Items, Party, TransactionHash } from "../responses.ts";
import { identifier } from "../validation.ts";

export const TransportDocument = z
  .record(z.string(), z.unknown())
  .describe("A DCSA eBL 3.0.3 TransportDocument (validated against EBL_v3.0.3.yaml)")
  .meta({ externalDocs: { url: "https://github.com/dcsaorg/DCSA-OpenAPI/tree/master/ebl/v3" } });

export const OrgId = identifier(
  ORG_ID_PATTERN,
  "must be an orgId: 1 to 32 capitals and digits (a unified social credit code or LEI), with inner '-' allowed",
).describe("An organization's id: its unified social credit code or LEI");

/** A B/L number as DCSA's transportDocumentReference and the contract take it (printable ASCII, at most 20). */
export const BlNumber = identifier(
  BL_NUMBER_PATTERN,
  "must be a B/L number: 1 to 20 printable ASCII characters (no full-width forms), without a space at either end",
).describe("The B/L number (DCSA transportDocumentReference)");

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

export const DocumentChecksum = z
  .string()
  .regex(/^0x[0-9a-fA-F]{64}$/)
  .describe("SHA-256 of the RFC 8785 canonical JSON of the transport document");

export const Verify = z
  .object({
    transportDocument: TransportDocument.optional(),
    documentChecksum: DocumentChecksum.optional(),
  })
  .refine((v) => !!v.transportDocument !== !!v.documentChecksum, {
    message: "Give either transportDocument or documentChecksum",
  })
  // The same rule, as the OpenAPI document states it.
  .meta({ oneOf: [{ required: ["transportDocument"] }, { required: ["documentChecksum"] }] });

export const ListQuery = z.object({
  filter: z
    .enum(["held", "issued", "awaiting", "all"])
    .default("all")
    .describe("held: in my possession; issued: issued by me; awaiting: mine to act on now; all: any of these"),
  limit: z.coerce.number().int().min(1).max(200).default(50).describe("At most this many B/Ls in the page"),
  cursor: z.coerce
    .number()
    .int()
    .min(0)
    .default(0)
    .describe("Where the page starts: 0, or the previous page's nextCursor"),
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

/** `?carrier=<orgId>`: tells apart B/Ls of different carriers that share a number; anything but one value is ignored. */
export const CarrierQuery = z.object({
  carrier: z
    .string()
    .optional()
    .catch(undefined)
    .describe("The issuing carrier's orgId, when B/Ls of different carriers share this number"),
});

export const BlNumberParams = z.object({ blNumber: BlNumber });

export const ChecksumParams = z.object({ documentChecksum: DocumentChecksum });

export const ACTIONS = Object.keys(ActionBodies) as (keyof typeof ActionBodies)[];

/** A B/L as the API shows it to the caller. */
export const BillOfLadingView = z.object({
  blNumber: z.string(),
  tokenId: z.string(),
  blType: z.enum(BL_TYPES),
  state: z.enum(BL_STATES),
  carrier: Party.nullable(),
  holder: Party.nullable(),
  endorsee: Party.nullable(),
  blankEndorsed: z.boolean(),
  consignee: Party.nullable(),
  controlledBy: Party.nullable().describe("Who may act on it now"),
  surrenderKind: z.enum(SURRENDER_KINDS),
  version: z.number().int(),
  documentChecksum: z.string(),
  documentCid: z.string(),
  issuedAt: IsoTime,
  updatedAt: IsoTime,
  allowedActions: z.array(z.enum(ACTIONS)).describe("What the caller may do next"),
});

export const BillOfLadingWithDocument = BillOfLadingView.extend({ transportDocument: TransportDocument });
export const ActedOn = BillOfLadingView.extend({ transactionHash: TransactionHash });
export const BillOfLadingList = z.object({
  items: z.array(BillOfLadingView),
  nextCursor: z.number().int().nullable().describe("The cursor of the next page; null on the last"),
});
/** A batch is one transaction: each B/L carries its hash, and so does the whole. */
export const IssuedBatch = Items(ActedOn).extend({ transactionHash: TransactionHash });

export const EndorsementChain = z.object({
  blNumber: z.string(),
  endorsementChain: z.array(
    z.object({
      actionCode: z.enum(ACTION_CODES),
      actionDateTime: IsoTime,
      actor: Party.nullable(),
      recipient: Party.nullable(),
      transactionHash: TransactionHash,
      blockNumber: z.number().int(),
    }),
  ),
  versions: z.array(
    z.object({
      version: z.number().int(),
      documentChecksum: z.string(),
      issuedAt: IsoTime,
      transactionHash: TransactionHash,
    }),
  ),
});

export const Verification = z.union([
  z.object({
    authentic: z.literal(true),
    current: z.boolean(),
    version: z.number().int(),
    currentVersion: z.number().int(),
    supersededBy: z.object({ version: z.number().int(), documentChecksum: z.string(), issuedAt: IsoTime }).nullable(),
    documentChecksum: z.string(),
    blNumber: z.string(),
    tokenId: z.string(),
    state: z.enum(BL_STATES),
    live: z.boolean(),
    carrier: Party.nullable(),
    controlledBy: Party.nullable(),
  }),
  z.object({ authentic: z.literal(false), documentChecksum: z.string() }),
]);
