/** HTTP routes of the e-B/L resource: thin, they parse and hand over to the service. */
import { Router, type Request } from "express";
import type { Caller } from "../context.ts";
import { document } from "../openapi.ts";
import type { OrganizationService } from "../organizations/service.ts";
import { parse } from "../validation.ts";
import { ActionBodies, IssueBatch, IssueBillOfLading, ListQuery, Verify } from "./schemas.ts";
import type { Action, BillOfLadingService } from "./service.ts";

export function billOfLadingRoutes(service: BillOfLadingService, organizations: OrganizationService): Router {
  const router = Router();
  const caller = (req: Request): Caller => organizations.authenticate(req.headers.authorization);

  document({
    method: "post",
    path: "/v1/bills-of-lading",
    summary: "Issue a B/L from a DCSA transport document (carrier)",
    tag: "Bills of lading",
    auth: true,
    body: IssueBillOfLading,
    responses: { "201": "Issued" },
  });
  router.post("/v1/bills-of-lading", async (req, res) => {
    const who = caller(req);
    const bl = await service.issue(who, parse(IssueBillOfLading, req.body));
    res
      .status(201)
      .location(`/v1/bills-of-lading/${encodeURIComponent(bl.blNumber)}`)
      .json(service.view(bl, who));
  });

  document({
    method: "post",
    path: "/v1/bills-of-lading/batch",
    summary: "Issue a vessel's B/Ls in one transaction (carrier)",
    tag: "Bills of lading",
    auth: true,
    body: IssueBatch,
    responses: { "201": "Issued" },
  });
  router.post("/v1/bills-of-lading/batch", async (req, res) => {
    const who = caller(req);
    const { billsOfLading } = parse(IssueBatch, req.body);
    const issued = await service.issueBatch(who, billsOfLading);
    res.status(201).json({ items: issued.map((bl) => service.view(bl, who)) });
  });

  document({
    method: "get",
    path: "/v1/bills-of-lading",
    summary: "List my B/Ls: held, issued or awaiting my action",
    tag: "Bills of lading",
    auth: true,
    query: ListQuery,
  });
  router.get("/v1/bills-of-lading", (req, res) => {
    const who = caller(req);
    const q = parse(ListQuery, req.query);
    const { items, nextCursor } = service.list(who, q.filter, q.limit, q.cursor);
    res.json({ items: items.map((bl) => service.view(bl, who)), nextCursor });
  });

  document({
    method: "get",
    path: "/v1/bills-of-lading/:blNumber",
    summary: "A B/L: state, parties, its document and what I may do next",
    tag: "Bills of lading",
    auth: true,
  });
  router.get("/v1/bills-of-lading/:blNumber", async (req, res) => {
    const who = caller(req);
    const bl = service.find(req.params.blNumber, carrierOf(req));
    res.json({ ...service.view(bl, who), transportDocument: await service.document(bl) });
  });

  document({
    method: "get",
    path: "/v1/bills-of-lading/:blNumber/endorsement-chain",
    summary: "The B/L's full history with DCSA action codes",
    tag: "Bills of lading",
    auth: true,
  });
  router.get("/v1/bills-of-lading/:blNumber/endorsement-chain", (req, res) => {
    caller(req);
    const bl = service.find(req.params.blNumber, carrierOf(req));
    res.json({ blNumber: bl.blNumber, endorsementChain: service.endorsementChain(bl), versions: bl.versions });
  });

  for (const [action, body] of Object.entries(ActionBodies)) {
    document({
      method: "post",
      path: `/v1/bills-of-lading/:blNumber/${action}`,
      summary: `${action.replace(/-/g, " ")} the B/L`,
      tag: "B/L actions",
      auth: true,
      body: body as never,
    });
    router.post(`/v1/bills-of-lading/:blNumber/${action}`, async (req, res) => {
      const who = caller(req);
      const input = parse(body, req.body ?? {}) ?? {};
      const bl = service.find(req.params.blNumber, carrierOf(req));
      const { billOfLading, transactionHash } = await service.act(who, bl, action as Action, input as never);
      res.json({ ...service.view(billOfLading, who), transactionHash });
    });
  }

  document({
    method: "post",
    path: "/v1/verify",
    summary: "Verify a transport document or checksum: authentic, current, issuer, controller, state (open)",
    tag: "Verify",
    auth: false,
    body: Verify,
  });
  router.post("/v1/verify", (req, res) => {
    const input = parse(Verify, req.body);
    const checksum = input.documentChecksum ?? service.checksumOf(input.transportDocument);
    res.json(service.verify(checksum));
  });

  document({
    method: "get",
    path: "/v1/verify/:documentChecksum",
    summary: "Verify a document checksum (open)",
    tag: "Verify",
    auth: false,
  });
  router.get("/v1/verify/:documentChecksum", (req, res) => {
    const { documentChecksum } = parse(Verify, { documentChecksum: req.params.documentChecksum });
    res.json(service.verify(documentChecksum!));
  });

  return router;
}

function carrierOf(req: Request): string | undefined {
  return typeof req.query.carrier === "string" ? req.query.carrier : undefined;
}
