/** HTTP routes of the one window: webhook subscriptions and the server-sent events stream. */
import { Router } from "express";
import { document } from "../openapi.ts";
import type { OrganizationService } from "../organizations/service.ts";
import { forbidden } from "../problem.ts";
import { parse } from "../validation.ts";
import { Subscribe } from "./schemas.ts";
import type { NotificationService } from "./service.ts";

export function notificationRoutes(notifications: NotificationService, organizations: OrganizationService): Router {
  const router = Router();
  const orgIdOf = (authorization: string | undefined) => {
    const caller = organizations.authenticate(authorization);
    if (caller.kind !== "organization")
      throw forbidden("The operator has no notifications; use an organization's key.");
    return caller.orgId;
  };

  document({
    method: "post",
    path: "/v1/subscriptions",
    summary: "Subscribe a webhook URL; returns its signing secret once",
    tag: "One window",
    auth: true,
    body: Subscribe,
    responses: { "201": "Subscribed", "422": "The URL's host is an address webhooks may not be sent to" },
  });
  router.post("/v1/subscriptions", async (req, res) => {
    const orgId = orgIdOf(req.headers.authorization);
    res.status(201).json(await notifications.subscribe(orgId, parse(Subscribe, req.body)));
  });

  document({
    method: "get",
    path: "/v1/subscriptions",
    summary: "My webhook subscriptions",
    tag: "One window",
    auth: true,
  });
  router.get("/v1/subscriptions", (req, res) => {
    const orgId = orgIdOf(req.headers.authorization);
    res.json({ items: notifications.subscriptionsOf(orgId).map(({ secret: _secret, ...s }) => s) });
  });

  document({
    method: "get",
    path: "/v1/subscriptions/:subscriptionId/deliveries",
    summary: "Deliveries not yet acknowledged, with attempts and last error",
    tag: "One window",
    auth: true,
  });
  router.get("/v1/subscriptions/:subscriptionId/deliveries", (req, res) => {
    const orgId = orgIdOf(req.headers.authorization);
    const s = notifications.subscription(orgId, req.params.subscriptionId);
    res.json({ items: notifications.pendingDeliveries(s.subscriptionId) });
  });

  document({
    method: "delete",
    path: "/v1/subscriptions/:subscriptionId",
    summary: "Unsubscribe",
    tag: "One window",
    auth: true,
    responses: { "204": "Unsubscribed" },
  });
  router.delete("/v1/subscriptions/:subscriptionId", (req, res) => {
    notifications.unsubscribe(orgIdOf(req.headers.authorization), req.params.subscriptionId);
    res.status(204).end();
  });

  document({
    method: "get",
    path: "/v1/events",
    summary: "Server-sent events: my notifications as they happen (Last-Event-ID resumes)",
    tag: "One window",
    auth: true,
  });
  router.get("/v1/events", (req, res) => {
    const orgId = orgIdOf(req.headers.authorization);
    res.writeHead(200, { "Content-Type": "text/event-stream", "Cache-Control": "no-cache", Connection: "keep-alive" });
    res.write(": connected\n\n");
    const since = typeof req.headers["last-event-id"] === "string" ? req.headers["last-event-id"] : undefined;
    const stop = notifications.stream(
      orgId,
      (n) => void res.write(`id: ${n.id}\nevent: ${n.type}\ndata: ${JSON.stringify(n)}\n\n`),
      since,
    );
    const keepAlive = setInterval(() => res.write(": keep-alive\n\n"), 15_000);
    req.on("close", () => {
      clearInterval(keepAlive);
      stop();
    });
  });

  return router;
}
