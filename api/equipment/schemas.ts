/** Request bodies of the e-EIR endpoints. */
import { z } from "zod";
import { fitsBytes } from "../bytes.ts";
import { OrgId } from "../billsOfLading/schemas.ts";
import { ContainerNumber } from "../release/schemas.ts";
import { PURPOSES } from "./equipmentIndex.ts";

const Seal = z.string().min(1).refine(fitsBytes(16), "a seal number is at most 16 bytes");
const TruckPlate = z.string().min(1).refine(fitsBytes(16), "a truck plate is at most 16 bytes");
const Time = z.iso.datetime({ offset: true });

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
    bookingReference: z
      .string()
      .min(1)
      .refine(fitsBytes(32), "at most 32 bytes")
      .optional()
      .describe("emptyPickUpForExport, exportLadenDelivery: the booking; emptyReturn: optional"),
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
  });

export const AssignTruck = z.object({
  truckPlate: TruckPlate,
  driver: z
    .string()
    .min(1)
    .max(100)
    .optional()
    .describe("The driver's licence or staff number; only its hash goes on chain"),
});

export const Cancel = z.object({ reason: z.string().min(1).max(500) });

const Code = z.string().regex(/^[A-Z0-9]{2}$/, "two characters, A-Z or 0-9");
export const Damage = z.object({ location: Code, component: Code, damageType: Code });

export const GateEvent = z
  .object({
    haulier: OrgId.describe("The haulier at the gate"),
    truckPlate: TruckPlate,
    seals: z.array(Seal).max(3).default([]).describe("The seals found"),
    condition: z.enum(["sound", "damaged"]),
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
  });

export const ListQuery = z.object({
  filter: z.enum(["mine", "open", "overdue", "all"]).default("mine"),
  container: ContainerNumber.optional(),
});

export const PhotoQuery = z.object({
  fileName: z
    .string()
    .min(1)
    .max(200)
    .regex(/^[^/\\\0]+$/)
    .default("photo.jpg"),
});
