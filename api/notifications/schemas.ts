import { z } from "zod";
import { NOTIFICATION_TYPES } from "./service.ts";

export const Subscribe = z.object({
  url: z.url({ protocol: /^https?$/, message: "must be an http(s) URL" }).describe("Where notifications are POSTed"),
  eventTypes: z
    .array(z.enum(NOTIFICATION_TYPES))
    .optional()
    .describe("The notification types wanted; all of them when absent"),
});
