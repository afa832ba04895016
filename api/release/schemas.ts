/** Request bodies of the release endpoints (delivery orders, customs, terminal, gate, release times). */
import { z } from "zod";
import { fitsBytes } from "../bytes.ts";
import { OrgId } from "../billsOfLading/schemas.ts";
import { isContainerNumber } from "./containerNumber.ts";

export const ContainerNumber = z
  .string()
  .refine(isContainerNumber, "must be an ISO 6346 container number with a correct check digit, e.g. MSKU1234565")
  .describe("ISO 6346 container number");

const Containers = z
  .array(ContainerNumber)
  .min(1)
  .max(200)
  .refine((list) => new Set(list).size === list.length, "must not list a container twice");

/** At most `size` bytes in UTF-8: the text is stored in a fixed-size `bytesN` on chain. */
const fitting = (size: number) => [fitsBytes(size), `At most ${size} bytes in UTF-8`] as const;

const Reference = z
  .string()
  .min(1)
  .max(32)
  .refine(...fitting(32))
  .describe("A declaration number (at most 32 bytes)");
const BlNumber = z.string().min(1).max(32).describe("The B/L number (DCSA transportDocumentReference)");
const Time = z.iso.datetime({ offset: true }).describe("An ISO 8601 date and time");

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

export const RevokeDeliveryOrder = z.object({ reason: z.string().min(1).max(500) });
export const NominateHaulier = z.object({ container: ContainerNumber, haulier: OrgId });

export const CustomsDecision = z.object({ declarationNumber: Reference, blNumber: BlNumber, containers: Containers });
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
  truckPlate: z
    .string()
    .min(1)
    .max(16)
    .refine(...fitting(16))
    .describe("The truck's plate, e.g. 津A12345 (at most 16 bytes in UTF-8)"),
});

export const ReleaseTimesQuery = z.object({
  period: z.enum(["day", "week"]).default("day"),
  groupBy: z.enum(["terminal", "carrier"]).default("terminal"),
  format: z.enum(["json", "csv"]).default("json"),
});
