/** HTTP routes of paperless import release. */
import type { ApiRouter } from "../route.ts";
import {
  AnyContainerParams,
  ContainerView,
  ContainerViews,
  CustomsDecision,
  DeliveryOrderParams,
  DeliveryOrderView,
  Discharge,
  DischargeCorrection,
  GateDecision,
  GateOut,
  GateQuery,
  IssueDeliveryOrder,
  NominateHaulier,
  ReleaseTimes,
  ReleaseTimesCsv,
  ReleaseTimesQuery,
  RevokeDeliveryOrder,
} from "./schemas.ts";
import type { ReleaseService } from "./service.ts";

const tag = "Release";
const container = { 200: { description: "The container's release state now", schema: ContainerView } };

export function releaseRoutes(api: ApiRouter, release: ReleaseService): ApiRouter {
  api.route(
    {
      method: "post",
      path: "/v1/delivery-orders",
      operationId: "issueDeliveryOrder",
      summary: "Issue an electronic delivery order against an accomplished B/L or a sea waybill (carrier)",
      tag,
      body: IssueDeliveryOrder,
      responses: { 201: { description: "Issued", schema: DeliveryOrderView } },
      problems: [403, 404, 409],
    },
    async ({ caller, body, reply }) => void reply(201, await release.issueDeliveryOrder(caller, body)),
  );

  api.route(
    {
      method: "get",
      path: "/v1/delivery-orders/:deliveryOrderId",
      operationId: "getDeliveryOrder",
      summary: "A delivery order",
      tag,
      params: DeliveryOrderParams,
      responses: { 200: { description: "The delivery order", schema: DeliveryOrderView } },
      problems: [404],
    },
    ({ params, reply }) => void reply(200, release.deliveryOrderView(params.deliveryOrderId)),
  );

  api.route(
    {
      method: "post",
      path: "/v1/delivery-orders/:deliveryOrderId/revoke",
      operationId: "revokeDeliveryOrder",
      summary: "Revoke a delivery order with a reason (carrier)",
      tag,
      params: DeliveryOrderParams,
      body: RevokeDeliveryOrder,
      responses: { 200: { description: "The delivery order, revoked", schema: DeliveryOrderView } },
      problems: [403, 404, 409],
    },
    async ({ caller, params, body, reply }) =>
      void reply(200, await release.revokeDeliveryOrder(caller, params.deliveryOrderId, body.reason)),
  );

  api.route(
    {
      method: "post",
      path: "/v1/delivery-orders/:deliveryOrderId/nominate-haulier",
      operationId: "nominateHaulier",
      summary: "Nominate or change the haulier for a container (consignee)",
      tag,
      params: DeliveryOrderParams,
      body: NominateHaulier,
      responses: container,
      problems: [403, 404, 409],
    },
    async ({ caller, params, body, reply }) =>
      void reply(200, await release.nominateHaulier(caller, params.deliveryOrderId, body.container, body.haulier)),
  );

  api.route(
    {
      method: "get",
      path: "/v1/haulier/nominations",
      operationId: "listHaulierNominations",
      summary: "The containers the caller (a haulier) is nominated to collect, with their release state",
      tag,
      responses: {
        200: { description: "Its nominations, oldest first, gated out or not", schema: ContainerViews },
      },
      problems: [403],
    },
    ({ caller, reply }) => void reply(200, release.nominations(caller)),
  );

  const customs = [
    ["/v1/customs/releases", "recordCustomsRelease", "Record customs release for a declaration (customs)"],
    ["/v1/customs/holds", "placeHold", "Place a customs hold for inspection (customs)"],
    ["/v1/customs/holds/lift", "liftHold", "Lift a customs hold (customs)"],
  ] as const;
  for (const [path, action, summary] of customs) {
    api.route(
      {
        method: "post",
        path,
        operationId: action === "placeHold" ? "placeCustomsHold" : action === "liftHold" ? "liftCustomsHold" : action,
        summary,
        tag,
        body: CustomsDecision,
        responses: { 200: { description: "The containers' release state now", schema: ContainerViews } },
        problems: [403, 404, 409],
      },
      async ({ caller, body, reply }) => void reply(200, await release.customs(caller, action, body)),
    );
  }

  api.route(
    {
      method: "post",
      path: "/v1/terminal/discharges",
      operationId: "recordDischarge",
      summary: "Record a container's discharge from the vessel (terminal)",
      tag,
      body: Discharge,
      responses: container,
      problems: [403, 404, 409],
    },
    async ({ caller, body, reply }) => void reply(200, await release.discharge(caller, body)),
  );

  api.route(
    {
      method: "post",
      path: "/v1/terminal/discharge-corrections",
      operationId: "correctDischarge",
      summary:
        "Correct the caller's own discharge record before gate-out: re-point it to the right B/L, or erase it (terminal of record)",
      tag,
      body: DischargeCorrection,
      responses: container,
      problems: [403, 404, 409],
    },
    async ({ caller, body, reply }) => void reply(200, await release.correctDischarge(caller, body)),
  );

  api.route(
    {
      method: "get",
      path: "/v1/gate/decision",
      operationId: "getGateDecision",
      summary: "May container X leave this terminal with haulier Y now? Yes, or no with every reason",
      tag,
      query: GateQuery,
      responses: { 200: { description: "The decision, with every reason against", schema: GateDecision } },
      problems: [403, 404],
    },
    ({ caller, query, reply }) => void reply(200, release.gateDecision(caller, query)),
  );

  api.route(
    {
      method: "post",
      path: "/v1/gate/gate-outs",
      operationId: "recordGateOut",
      summary: "Record a gate-out; refused on chain unless releasable (terminal)",
      tag,
      body: GateOut,
      responses: container,
      problems: [403, 404, 409],
    },
    async ({ caller, body, reply }) => void reply(200, await release.gateOut(caller, body)),
  );

  api.route(
    {
      method: "get",
      path: "/v1/containers/:container",
      operationId: "getContainer",
      summary: "A container's release state and history",
      tag,
      params: AnyContainerParams,
      responses: container,
      problems: [404],
    },
    ({ params, reply }) => void reply(200, release.containerView(params.container)),
  );

  api.route(
    {
      method: "get",
      path: "/v1/release-times",
      operationId: "getReleaseTimes",
      summary: "Release-time figures: mean, median and p90 per day or week, by terminal or carrier (JSON or CSV)",
      tag,
      query: ReleaseTimesQuery,
      responses: {
        200: {
          description: "The figures, as JSON or (format=csv) as CSV",
          schema: ReleaseTimes,
          alternatives: { "text/csv": ReleaseTimesCsv },
        },
      },
    },
    ({ query, res }) => {
      const figures = release.releaseTimeFigures(query);
      if (query.format === "csv")
        res.type("text/csv").attachment(`release-times-${query.period}-${query.groupBy}.csv`).send(figures);
      else res.json(figures); // JSON when not CSV: ReleaseTimes
    },
  );

  return api;
}
