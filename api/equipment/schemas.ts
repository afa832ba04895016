/** Request bodies of the e-EIR endpoints. */
import { z } from "zod";
import { FileName } from "../attachments/schemas.ts";
import { OrgId } from "../billsOfLading/schemas.ts";
import { ContainerNumber, ContainerView, Reason, Reference, TruckPlate } from "../release/schemas.ts";
import { IsoTime, Items, Party, Sha256, TransactionHash } from "../responses.ts";
import { INTERCHANGE_REFERENCE } from "./reference.ts";
import {
  CONDITIONS,
  INTERCHANGE_PURPOSES as PURPOSES,
  INTERCHANGE_STATUSES as STATUSES,
  ORGANIZATION_STATUSES as ORG_STATUSES,
  SEAL_CHECKS,
  SEAL_NUMBER_PATTERN,
} from "../domain.ts";
import { chainTime, cleanText, identifier } from "../validation.ts";

const Seal = identifier(
  SEAL_NUMBER_PATTERN,
  "must be a seal number of at most 16 bytes: capitals and digits, inner '-' allowed",
);
const Time = chainTime();

export const SizeType = z
  .string()
  .regex(
    /^[1-4B-HK-NP][024-689C-FL-NP][GVBSRHUPTA][0-9]$/,
    "must be an ISO 6346 size/type code such as 22G1, 45G1 or 22R1",
  )
  .describe("ISO 6346 size and type code");

export const IssueInterchange = z
  .object({
    container: ContainerNumber,
    sizeType: SizeType,
    laden: z.boolean(),
    seals: z.array(Seal).max(3).default([]),
    purpose: z.enum(PURPOSES),
    deliveryOrderId: z.number().int().positive().optional().describe("importPickUp: the delivery order"),
    bookingReference: Reference.optional().describe(
      "emptyPickUpForExport, exportLadenDelivery: the booking; emptyReturn: optional",
    ),
    outFacility: OrgId.describe("The terminal or depot the container leaves"),
    returnFacility: OrgId.describe("The terminal or depot it must come back to"),
    haulier: OrgId,
    truckPlate: TruckPlate.optional(),
    validFrom: Time,
    validUntil: Time,
  })
  .superRefine((v, ctx) => {
    if (v.laden && v.seals.length === 0)
      ctx.addIssue({ code: "custom", path: ["seals"], message: "a laden container needs its seals" });
    if (v.purpose === "importPickUp" && !v.deliveryOrderId) {
      ctx.addIssue({
        code: "custom",
        path: ["deliveryOrderId"],
        message: "an import pick-up names its delivery order",
      });
    }
    if ((v.purpose === "emptyPickUpForExport" || v.purpose === "exportLadenDelivery") && !v.bookingReference) {
      ctx.addIssue({ code: "custom", path: ["bookingReference"], message: "an export move names its booking" });
    }
    if (!Number.isNaN(Date.parse(v.validFrom)) && Date.parse(v.validFrom) >= Date.parse(v.validUntil)) {
      ctx.addIssue({ code: "custom", path: ["validUntil"], message: "validFrom must be before validUntil" });
    }
  })
  // The rules above that JSON Schema can state, so that the OpenAPI document states them too.
  .meta({
    allOf: [
      {
        if: { properties: { laden: { const: true } } },
        then: { required: ["seals"], properties: { seals: { minItems: 1 } } },
      },
      {
        if: { properties: { purpose: { const: "importPickUp" } } },
        then: { required: ["deliveryOrderId"], properties: { deliveryOrderId: { minimum: 1 } } },
      },
      {
        if: { properties: { purpose: { enum: ["emptyPickUpForExport", "exportLadenDelivery"] } } },
        then: { required: ["bookingReference"], properties: { bookingReference: { minLength: 1 } } },
      },
    ],
  });

export const AssignTruck = z.object({
  truckPlate: TruckPlate,
  driver: cleanText({ max: 100 })
    .optional()
    .describe("The driver's licence or staff number; only its hash goes on chain"),
});

export const Cancel = z.object({ reason: Reason });

const Code = z.string().regex(/^[A-Z0-9]{2}$/, "two characters, A-Z or 0-9");
export const Damage = z.object({ location: Code, component: Code, damageType: Code });

export const GateEvent = z
  .object({
    haulier: OrgId.describe("The haulier at the gate"),
    truckPlate: TruckPlate,
    seals: z.array(Seal).max(3).default([]).describe("The seals found"),
    condition: z.enum(CONDITIONS),
    damages: z.array(Damage).max(16).default([]),
    photos: z
      .array(z.string().regex(/^0x[0-9a-f]{64}$/, "a photo's SHA-256 as returned by the photo upload"))
      .max(16)
      .default([]),
  })
  .superRefine((v, ctx) => {
    if ((v.condition === "damaged") !== v.damages.length > 0) {
      ctx.addIssue({
        code: "custom",
        path: ["damages"],
        message: "damaged needs at least one damage report; sound none",
      });
    }
  })
  .meta({
    if: { properties: { condition: { const: "damaged" } } },
    then: { required: ["damages"], properties: { damages: { minItems: 1 } } },
    else: { properties: { damages: { maxItems: 0 } } },
  });

export const ListQuery = z.object({
  filter: z
    .enum(["mine", "open", "overdue", "all"])
    .default("mine")
    .describe(
      "mine: I am its issuer, its haulier or one of its gates' facility; open: issued or out of the gate, not yet " +
        "back in; overdue: out of the gate past its validity; all: every e-EIR",
    ),
  container: ContainerNumber.optional().describe("Only this container's e-EIRs (ISO 6346 container number)"),
});

export const PhotoQuery = z.object({
  fileName: FileName.default("photo.jpg"),
});

export const InterchangeParams = z.object({
  id: z
    .string()
    .describe(
      "The e-EIR: its id (0x and 64 hexadecimal digits) or its short reference (EIR- and 8 Crockford base32 " +
        "characters, any case); a reference two e-EIRs share is refused with 409: give the id",
    ),
});
export const PhotoParams = InterchangeParams.extend({
  sha256: z.string().describe("The photo's SHA-256, as the gate event cites it"),
});

/** A gate photo as stored: cite its sha256 in the gate event. */
export const PhotoView = z.object({
  sha256: Sha256,
  cid: z.string(),
  size: z.number().int(),
  mediaType: z.string(),
  fileName: z.string(),
});

const GateRecordView = z.object({
  at: IsoTime,
  facility: Party.nullable(),
  haulier: Party.nullable(),
  truckPlate: z.string(),
  sealCheck: z.enum(SEAL_CHECKS),
  sealsFound: z.array(z.string()),
  haulierStatus: z.enum(ORG_STATUSES),
  condition: z.enum(CONDITIONS),
  damages: z.array(Damage),
  photos: z.array(z.object({ sha256: z.string(), cid: z.string().nullable() })),
  transactionHash: TransactionHash,
});

/** What anyone checking an e-EIR sees of a gate record: where and when, the seal check, condition, damage, photos. */
const PublicGateRecord = GateRecordView.pick({
  at: true,
  facility: true,
  sealCheck: true,
  condition: true,
  damages: true,
  photos: true,
  transactionHash: true,
});

/** An e-EIR: custody, seals, condition at each gate, detention, attributed damage. */
export const InterchangeView = z.object({
  id: z.string(),
  reference: z
    .string()
    .regex(INTERCHANGE_REFERENCE)
    .describe("A short reference a clerk can read out (EIR- and 8 characters), derived from id; taken wherever id is"),
  container: z.string(),
  sizeType: z.string(),
  laden: z.boolean(),
  seals: z.array(z.string()),
  sealsDigest: z.string().describe("The 128-bit digest the gates compare the seals found with"),
  purpose: z.enum(PURPOSES),
  deliveryOrderId: z.number().int().nullable(),
  bookingReference: z.string().nullable(),
  issuer: Party.nullable(),
  haulier: Party.nullable(),
  outFacility: Party.nullable(),
  returnFacility: Party.nullable(),
  truckPlate: z.string().nullable(),
  validFrom: IsoTime,
  validUntil: IsoTime,
  issuedAt: IsoTime,
  status: z.enum(STATUSES),
  overdue: z.boolean(),
  cancellationReason: z.string().nullable(),
  gateOut: GateRecordView.nullable(),
  gateIn: GateRecordView.nullable(),
  detentionHours: z.number().nullable().describe("Gate-out to gate-in (or now, while out)"),
  newDamageAttributedToHaulier: z.array(Damage).describe("Damage found at return but not at pick-up"),
  transactionHash: TransactionHash,
});

export const InterchangeList = Items(InterchangeView);

export const InterchangeVerification = z.union([
  InterchangeView.pick({
    id: true,
    reference: true,
    container: true,
    sizeType: true,
    purpose: true,
    status: true,
    overdue: true,
    issuer: true,
    haulier: true,
    truckPlate: true,
    seals: true,
    sealsDigest: true,
    outFacility: true,
    returnFacility: true,
    validFrom: true,
    validUntil: true,
  }).extend({
    authentic: z.literal(true),
    issuedOnChain: TransactionHash,
    gateOut: PublicGateRecord.nullable().describe("The gate-out's condition report as on chain; null before it"),
    gateIn: PublicGateRecord.nullable().describe("The gate-in's condition report as on chain; null before it"),
  }),
  z.object({ authentic: z.literal(false), id: z.string() }),
]);

export const ContainerHistory = z.object({
  container: z.string(),
  interchanges: z.array(InterchangeView),
  release: ContainerView.nullable(),
});
