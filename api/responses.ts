/** Response pieces the resources share; each resource's `schemas.ts` builds its response bodies from them. */
import { z } from "zod";

/** An organization as a response names it. */
export const Party = z.object({ orgId: z.string(), name: z.string() });

export const IsoTime = z.iso.datetime().describe("An ISO 8601 date and time (UTC)");
export const TransactionHash = z
  .string()
  .regex(/^0x[0-9a-f]{64}$/)
  .describe("The hash of the transaction that recorded it");
export const Sha256 = z.string().regex(/^0x[0-9a-fA-F]{64}$/);

/** A list response: `{ items: [...] }`. */
export const Items = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) });

/** A file streamed as it was stored: any media type. */
export const Binary = z.string().meta({ contentMediaType: "application/octet-stream", format: "binary" });
