import { z } from "zod";
import { IsoTime, Items, TransactionHash } from "../responses.ts";
import { NOTIFICATION_TYPES } from "./service.ts";

export const Subscribe = z.object({
  url: z.url({ protocol: /^https?$/, message: "must be an http(s) URL" }).describe("Where notifications are POSTed"),
  eventTypes: z
    .array(z.enum(NOTIFICATION_TYPES))
    .optional()
    .describe("The notification types wanted; all of them when absent"),
});

export const SubscriptionParams = z.object({ subscriptionId: z.string().describe("The subscription's id") });

/** `Last-Event-ID`: the stream resumes after this notification; anything but one value is ignored. */
export const LastEventId = z.object({
  "last-event-id": z
    .string()
    .optional()
    .catch(undefined)
    .describe("Resume after this notification id (browsers send it when they reconnect)"),
});

/** A webhook subscription, without its signing secret. */
export const SubscriptionView = z.object({
  subscriptionId: z.string(),
  orgId: z.string(),
  url: z.string(),
  eventTypes: z.array(z.string()),
  createdAt: IsoTime,
});

/** A new subscription, with the secret its deliveries are signed with, shown this once. */
export const NewSubscription = SubscriptionView.extend({ secret: z.string() });

export const NotificationView = z.object({
  id: z.string().describe("Stable: the same chain event gives the same id, so receivers can de-duplicate"),
  type: z.string().describe("The notification type, one of those a subscription names"),
  orgId: z.string(),
  occurredAt: IsoTime,
  transactionHash: TransactionHash,
  data: z.record(z.string(), z.unknown()),
});

export const Deliveries = Items(
  z.object({
    subscriptionId: z.string(),
    notification: NotificationView,
    attempts: z.number().int(),
    nextAttemptAt: z.number().describe("When the next attempt is due, in milliseconds since the epoch"),
    lastError: z.string().optional(),
  }),
);

export const EventStream = z
  .string()
  .describe("Server-sent events: `id`, `event` (the notification type) and `data` (the notification as JSON)");
