/** HTTP routes of paperless import release. */
import { Router } from "express";
import { document } from "../openapi.ts";
import type { OrganizationService } from "../organizations/service.ts";
import { badRequest } from "../problem.ts";
import { parse } from "../validation.ts";
import {
  CustomsDecision,
  Discharge,
  DischargeCorrection,
  GateOut,
  GateQuery,
  IssueDeliveryOrder,
  NominateHaulier,
  ReleaseTimesQuery,
  RevokeDeliveryOrder,
} from "./schemas.ts";
import type { ReleaseService } from "./service.ts";

export function releaseRoutes(release: ReleaseService, organizations: OrganizationService): Router {
  const router = Router();
  const who = (req: { headers: { authorization?: string } }) => organizations.authenticate(req.headers.authorization);
  const orderId = (raw: string) => {
    const id = Number(raw);
    if (!Number.isSafeInteger(id) || id < 1) throw badRequest("A delivery order id is a positive whole number.");
    return id;
  };
  const tag = "Release";

  document({
    method: "post",
    path: "/v1/delivery-orders",
    summary: "Issue an electronic delivery order against an accomplished B/L or a sea waybill (carrier)",
    tag,
    auth: true,
    body: IssueDeliveryOrder,
    responses: { "201": "Issued" },
  });
  router.post("/v1/delivery-orders", async (req, res) => {
    const caller = who(req);
    res.status(201).json(await release.issueDeliveryOrder(caller, parse(IssueDeliveryOrder, req.body)));
  });

  document({
    method: "get",
    path: "/v1/delivery-orders/:deliveryOrderId",
    summary: "A delivery order",
    tag,
    auth: true,
  });
  router.get("/v1/delivery-orders/:deliveryOrderId", (req, res) => {
    who(req);
    res.json(release.deliveryOrderView(orderId(req.params.deliveryOrderId)));
  });

  document({
    method: "post",
    path: "/v1/delivery-orders/:deliveryOrderId/revoke",
    summary: "Revoke a delivery order with a reason (carrier)",
    tag,
    auth: true,
    body: RevokeDeliveryOrder,
  });
  router.post("/v1/delivery-orders/:deliveryOrderId/revoke", async (req, res) => {
    const caller = who(req);
    const { reason } = parse(RevokeDeliveryOrder, req.body);
    res.json(await release.revokeDeliveryOrder(caller, orderId(req.params.deliveryOrderId), reason));
  });

  document({
    method: "post",
    path: "/v1/delivery-orders/:deliveryOrderId/nominate-haulier",
    summary: "Nominate or change the haulier for a container (consignee)",
    tag,
    auth: true,
    body: NominateHaulier,
  });
  router.post("/v1/delivery-orders/:deliveryOrderId/nominate-haulier", async (req, res) => {
    const caller = who(req);
    const { container, haulier } = parse(NominateHaulier, req.body);
    res.json(await release.nominateHaulier(caller, orderId(req.params.deliveryOrderId), container, haulier));
  });

  const customs = [
    ["/v1/customs/releases", "recordCustomsRelease", "Record customs release for a declaration (customs)"],
    ["/v1/customs/holds", "placeHold", "Place a customs hold for inspection (customs)"],
    ["/v1/customs/holds/lift", "liftHold", "Lift a customs hold (customs)"],
  ] as const;
  for (const [path, action, summary] of customs) {
    document({ method: "post", path, summary, tag, auth: true, body: CustomsDecision });
    router.post(path, async (req, res) => {
      const caller = who(req);
      res.json(await release.customs(caller, action, parse(CustomsDecision, req.body)));
    });
  }

  document({
    method: "post",
    path: "/v1/terminal/discharges",
    summary: "Record a container's discharge from the vessel (terminal)",
    tag,
    auth: true,
    body: Discharge,
  });
  router.post("/v1/terminal/discharges", async (req, res) => {
    const caller = who(req);
    res.json(await release.discharge(caller, parse(Discharge, req.body)));
  });

  document({
    method: "post",
    path: "/v1/terminal/discharge-corrections",
    summary:
      "Correct the caller's own discharge record before gate-out: re-point it to the right B/L, or erase it (terminal of record)",
    tag,
    auth: true,
    body: DischargeCorrection,
  });
  router.post("/v1/terminal/discharge-corrections", async (req, res) => {
    const caller = who(req);
    res.json(await release.correctDischarge(caller, parse(DischargeCorrection, req.body)));
  });

  document({
    method: "get",
    path: "/v1/gate/decision",
    summary: "May container X leave this terminal with haulier Y now? Yes, or no with every reason",
    tag,
    auth: true,
    query: GateQuery,
  });
  router.get("/v1/gate/decision", (req, res) => {
    const caller = who(req);
    res.json(release.gateDecision(caller, parse(GateQuery, req.query)));
  });

  document({
    method: "post",
    path: "/v1/gate/gate-outs",
    summary: "Record a gate-out; refused on chain unless releasable (terminal)",
    tag,
    auth: true,
    body: GateOut,
  });
  router.post("/v1/gate/gate-outs", async (req, res) => {
    const caller = who(req);
    res.json(await release.gateOut(caller, parse(GateOut, req.body)));
  });

  document({
    method: "get",
    path: "/v1/containers/:container",
    summary: "A container's release state and history",
    tag,
    auth: true,
  });
  router.get("/v1/containers/:container", (req, res) => {
    who(req);
    res.json(release.containerView(req.params.container));
  });

  document({
    method: "get",
    path: "/v1/release-times",
    summary: "Release-time figures: mean, median and p90 per day or week, by terminal or carrier (JSON or CSV)",
    tag,
    auth: false,
    query: ReleaseTimesQuery,
  });
  router.get("/v1/release-times", (req, res) => {
    const query = parse(ReleaseTimesQuery, req.query);
    const figures = release.releaseTimeFigures(query);
    if (query.format === "csv")
      res.type("text/csv").attachment(`release-times-${query.period}-${query.groupBy}.csv`).send(figures);
    else res.json(figures);
  });

  return router;
}
