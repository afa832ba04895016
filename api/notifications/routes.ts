/** HTTP routes of the one window: webhook subscriptions and the server-sent events stream. */
import { requireOrganization } from "../auth/middleware.ts";
import type { GatewayContext } from "../context.ts";
import { Items } from "../responses.ts";
import type { ApiRouter } from "../route.ts";
import {
  Deliveries,
  EventStream,
  LastEventId,
  NewSubscription,
  Subscribe,
  SubscriptionParams,
  SubscriptionView,
} from "./schemas.ts";

const tag = "One window";
/** Notifications are an organization's: the operator has none. */
const organizationOnly = requireOrganization("The operator has no notifications; use an organization's key.");

/** The service is read from the context when a request comes, so the routes can be declared before any context exists. */
export function notificationRoutes(api: ApiRouter, ctx: Pick<GatewayContext, "notifications">): ApiRouter {
  api.route(
    {
      method: "post",
      path: "/v1/subscriptions",
      operationId: "subscribe",
      summary: "Subscribe a webhook URL; returns its signing secret once",
      tag,
      body: Subscribe,
      guards: [organizationOnly],
      responses: { 201: { description: "Subscribed", schema: NewSubscription } },
      problems: [403, 422],
    },
    async ({ caller, body, reply }) => void reply(201, await ctx.notifications.subscribe(caller.orgId, body)),
  );

  api.route(
    {
      method: "get",
      path: "/v1/subscriptions",
      operationId: "listSubscriptions",
      summary: "My webhook subscriptions",
      tag,
      guards: [organizationOnly],
      responses: { 200: { description: "The caller's subscriptions", schema: Items(SubscriptionView) } },
      problems: [403],
    },
    ({ caller, reply }) =>
      void reply(200, { items: ctx.notifications.subscriptionsOf(caller.orgId).map(({ secret: _secret, ...s }) => s) }),
  );

  api.route(
    {
      method: "get",
      path: "/v1/subscriptions/:subscriptionId/deliveries",
      operationId: "listPendingDeliveries",
      summary: "Deliveries not yet acknowledged, with attempts and last error",
      tag,
      params: SubscriptionParams,
      guards: [organizationOnly],
      responses: { 200: { description: "The subscription's pending deliveries", schema: Deliveries } },
      problems: [403, 404],
    },
    ({ caller, params, reply }) => {
      const s = ctx.notifications.subscription(caller.orgId, params.subscriptionId);
      reply(200, { items: ctx.notifications.pendingDeliveries(s.subscriptionId) });
    },
  );

  api.route(
    {
      method: "delete",
      path: "/v1/subscriptions/:subscriptionId",
      operationId: "unsubscribe",
      summary: "Unsubscribe",
      tag,
      params: SubscriptionParams,
      guards: [organizationOnly],
      responses: { 204: { description: "Unsubscribed" } },
      problems: [403, 404],
    },
    async ({ caller, params, res }) => {
      await ctx.notifications.unsubscribe(caller.orgId, params.subscriptionId);
      res.status(204).end();
    },
  );

  api.route(
    {
      method: "get",
      path: "/v1/events",
      operationId: "streamEvents",
      summary: "Server-sent events: my notifications as they happen (Last-Event-ID resumes)",
      tag,
      headers: LastEventId,
      guards: [organizationOnly],
      responses: { 200: { description: "The stream", schema: EventStream, mediaType: "text/event-stream" } },
      problems: [403],
    },
    ({ caller, headers, req, res }) => {
      ctx.notifications.requireServed(caller.orgId); // before the stream's head is sent
      res.writeHead(200, {
        "Content-Type": "text/event-stream",
        "Cache-Control": "no-cache",
        Connection: "keep-alive",
      });
      res.write(": connected\n\n");
      const stop = ctx.notifications.stream(
        caller.orgId,
        (n) => void res.write(`id: ${n.id}\nevent: ${n.type}\ndata: ${JSON.stringify(n)}\n\n`),
        headers["last-event-id"],
      );
      const keepAlive = setInterval(() => res.write(": keep-alive\n\n"), 15_000);
      req.on("close", () => {
        clearInterval(keepAlive);
        stop();
      });
    },
  );

  return api;
}
