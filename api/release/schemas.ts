/** Request bodies of the release endpoints (delivery orders, customs, terminal, gate, release times). */
import { z } from "zod";
import { BlNumber, OrgId } from "../billsOfLading/schemas.ts";
import { IsoTime, Items, Party, TransactionHash } from "../responses.ts";
import { CONTAINER_NUMBER_PATTERN, GATE_REFUSAL_CODES, REFERENCE_PATTERN, TRUCK_PLATE_PATTERN } from "../domain.ts";
import { chainTime, cleanText, identifier } from "../validation.ts";
import { isContainerNumber } from "./containerNumber.ts";
import { MEASURES, type Measure } from "./releaseTimes.ts";

export const ContainerNumber = z
  .string()
  .regex(CONTAINER_NUMBER_PATTERN, "must be an ISO 6346 container number: 3 letters, U, J or Z, 7 digits")
  .refine(
    (text) => !CONTAINER_NUMBER_PATTERN.test(text) || isContainerNumber(text),
    "must be an ISO 6346 container number with a correct check digit, e.g. MSKU1234565",
  )
  .describe("ISO 6346 container number");

const Containers = z
  .array(ContainerNumber)
  .min(1)
  .max(200)
  .refine((list) => new Set(list).size === list.length, "must not list a container twice");

/** A customs declaration number or booking reference (bytes32 on chain). */
export const Reference = identifier(
  REFERENCE_PATTERN,
  "must be 1 to 32 printable ASCII characters (no full-width forms), without a space at either end",
);
const Reference32 = Reference.describe("A declaration number (at most 32 characters)");
const Time = chainTime();

/** A truck's plate as painted, e.g. 津A12345 (bytes16 on chain). */
export const TruckPlate = identifier(
  TRUCK_PLATE_PATTERN,
  "must be a plate such as 津A12345: capitals, digits and Chinese characters, with an inner space, '-' or '·'",
  16,
).describe("The truck's plate, e.g. 津A12345 (at most 16 bytes in UTF-8)");

/** Why something was revoked or cancelled: kept on chain, so clean text. */
export const Reason = cleanText({ max: 500 }).describe("Why, in a sentence");

export const IssueDeliveryOrder = z
  .object({
    blNumber: BlNumber,
    containers: Containers,
    releaseParty: OrgId.optional().describe("The party the containers are released to; the consignee by default"),
    terminal: OrgId.describe("The terminal told to release the containers"),
    validFrom: Time,
    validUntil: Time,
  })
  // Only when both are dates: an invalid one is reported at its own pointer.
  .refine((v) => !(Date.parse(v.validFrom) >= Date.parse(v.validUntil)), {
    message: "validFrom must be before validUntil",
    path: ["validUntil"],
  });

export const RevokeDeliveryOrder = z.object({ reason: Reason });
export const NominateHaulier = z.object({ container: ContainerNumber, haulier: OrgId });

export const CustomsDecision = z.object({ declarationNumber: Reference32, blNumber: BlNumber, containers: Containers });
export const Discharge = z.object({ blNumber: BlNumber, container: ContainerNumber });
export const DischargeCorrection = z.object({
  container: ContainerNumber,
  blNumber: BlNumber.nullable().describe(
    "The B/L the container really came in under; null erases the discharge (it was not discharged)",
  ),
});

export const GateQuery = z.object({
  container: ContainerNumber,
  haulier: OrgId,
  terminal: OrgId.optional().describe("The terminal asking; the caller when it is a terminal"),
});

export const GateOut = z.object({
  container: ContainerNumber,
  haulier: OrgId,
  truckPlate: TruckPlate,
});

export const ReleaseTimesQuery = z.object({
  period: z.enum(["day", "week"]).default("day").describe("One row per day or per ISO week"),
  groupBy: z.enum(["terminal", "carrier"]).default("terminal").describe("One row per terminal or per carrier"),
  format: z.enum(["json", "csv"]).default("json").describe("JSON, or CSV to download"),
});

export const DeliveryOrderParams = z.object({
  deliveryOrderId: z
    .string()
    .transform((raw, ctx) => {
      const id = Number(raw);
      if (Number.isSafeInteger(id) && id >= 1) return id;
      ctx.addIssue({ code: "custom", message: "A delivery order id is a positive whole number." });
      return z.NEVER;
    })
    .describe("A delivery order id, a positive whole number"),
});

export const ContainerParams = z.object({ container: ContainerNumber });
/** A container as the release chain is asked about it: not checked, an unknown one is a 404. */
export const AnyContainerParams = z.object({ container: z.string().describe("ISO 6346 container number") });

export const DeliveryOrderView = z.object({
  deliveryOrderId: z.number().int(),
  blNumber: z.string().optional(),
  carrier: Party.nullable(),
  consignee: Party.nullable(),
  releaseParty: Party.nullable(),
  terminal: Party.nullable(),
  containers: z.array(z.string()),
  validFrom: IsoTime,
  validUntil: IsoTime,
  status: z.enum(["valid", "revoked", "expired", "notYetValid"]),
  revokedAt: IsoTime.nullable(),
  revocationReason: z.string().nullable(),
  issuedAt: IsoTime,
  transactionHash: TransactionHash,
});

export const ContainerView = z.object({
  container: z.string(),
  blNumber: z.string().nullable(),
  deliveryOrderId: z.number().int().nullable(),
  terminal: Party.nullable(),
  haulier: Party.nullable(),
  dischargedAt: IsoTime.nullable(),
  customsReleased: z.boolean(),
  customsHeld: z.boolean(),
  gatedOutAt: IsoTime.nullable(),
  history: z
    .array(
      z.looseObject({
        step: z.string(),
        at: IsoTime,
        by: Party.nullable(),
        transactionHash: TransactionHash,
        detail: z.record(z.string(), z.unknown()).optional(),
      }),
    )
    .describe("The container's release steps, oldest first"),
});

export const ContainerViews = Items(ContainerView);

export const GateDecision = z.object({
  container: z.string(),
  terminal: Party,
  haulier: Party,
  releasable: z.boolean(),
  refusals: z.array(z.object({ code: z.enum(GATE_REFUSAL_CODES), reason: z.string() })),
  decidedAt: IsoTime,
});

const Summary = z.object({
  count: z.number().int(),
  meanHours: z.number().nullable(),
  medianHours: z.number().nullable(),
  p90Hours: z.number().nullable(),
});

export const ReleaseTimes = z.object({
  period: z.enum(["day", "week"]),
  groupBy: z.enum(["terminal", "carrier"]),
  rows: z.array(
    z.object({
      period: z
        .string()
        .describe("2026-11-23 (a day) or 2026-W48 (an ISO week), by the port's calendar (Asia/Shanghai)"),
      groupBy: z.enum(["terminal", "carrier"]),
      group: z.string(),
      measures: z.object(Object.fromEntries(MEASURES.map((m) => [m, Summary])) as Record<Measure, typeof Summary>),
    }),
  ),
});

export const ReleaseTimesCsv = z.string().describe("The same rows as CSV");
