/** HTTP routes of electronic equipment interchange receipts (e-EIR). */
import { Router } from "express";
import type { AttachmentService } from "../attachments/service.ts";
import { document } from "../openapi.ts";
import type { OrganizationService } from "../organizations/service.ts";
import { ContainerNumber } from "../release/schemas.ts";
import { parse } from "../validation.ts";
import { AssignTruck, Cancel, GateEvent, IssueInterchange, ListQuery, PhotoQuery } from "./schemas.ts";
import type { EquipmentService } from "./service.ts";

const BASE = "/v1/equipment-interchanges";
const tag = "Equipment interchange (e-EIR)";

/** The photo upload streams its raw body, so it is routed before the JSON body parser. */
export function equipmentPhotoRoutes(
  equipment: EquipmentService,
  attachments: AttachmentService,
  organizations: OrganizationService,
): Router {
  const router = Router();
  document({
    method: "post",
    path: `${BASE}/:id/photos`,
    summary: "Upload a gate photo (raw body, streamed to IPFS); cite its sha256 in the gate event",
    tag,
    auth: true,
    query: PhotoQuery,
    responses: { "201": "Stored" },
  });
  router.post(`${BASE}/:id/photos`, async (req, res) => {
    const caller = organizations.authenticate(req.headers.authorization);
    const { fileName } = parse(PhotoQuery, { fileName: req.query.fileName ?? undefined });
    const declared = req.headers["content-length"] ? Number(req.headers["content-length"]) : undefined;
    const photo = await equipment.uploadPhoto(
      caller,
      req.params.id,
      { fileName, mediaType: req.headers["content-type"] ?? "application/octet-stream", declaredBytes: declared },
      req,
    );
    res.status(201).json(photo);
  });

  document({
    method: "get",
    path: `${BASE}/:id/photos/:sha256`,
    summary: "Download a gate photo, checked against its SHA-256 on chain first",
    tag,
    auth: true,
  });
  router.get(`${BASE}/:id/photos/:sha256`, async (req, res) => {
    organizations.authenticate(req.headers.authorization);
    const photo = equipment.photo(req.params.id, req.params.sha256);
    const { stream, cleanup } = await attachments.verifiedContent(photo as never);
    res.status(200).set({
      "Content-Type": photo.mediaType,
      "Content-Length": String(photo.size),
      "X-Content-SHA256": photo.sha256,
      "X-IPFS-CID": photo.cid,
    });
    stream.pipe(res);
    res.once("close", () => void cleanup());
  });
  return router;
}

export function equipmentRoutes(equipment: EquipmentService, organizations: OrganizationService): Router {
  const router = Router();
  const who = (req: { headers: { authorization?: string } }) => organizations.authenticate(req.headers.authorization);

  document({
    method: "post",
    path: BASE,
    summary: "Issue an e-EIR to a haulier (equipment owner or agent)",
    tag,
    auth: true,
    body: IssueInterchange,
    responses: { "201": "Issued" },
  });
  router.post(BASE, async (req, res) => {
    const caller = who(req);
    res.status(201).json(await equipment.issue(caller, parse(IssueInterchange, req.body)));
  });

  document({
    method: "get",
    path: BASE,
    summary: "List e-EIRs: mine, open, overdue, all; optionally by container",
    tag,
    auth: true,
    query: ListQuery,
  });
  router.get(BASE, (req, res) => {
    const caller = who(req);
    const q = parse(ListQuery, req.query);
    res.json({ items: equipment.list(caller, q.filter, q.container) });
  });

  document({
    method: "get",
    path: `${BASE}/:id`,
    summary: "An e-EIR: custody, seals, condition at each gate, detention, attributed damage",
    tag,
    auth: true,
  });
  router.get(`${BASE}/:id`, (req, res) => {
    who(req);
    res.json(equipment.view(equipment.find(req.params.id)));
  });

  document({
    method: "get",
    path: `${BASE}/:id/verify`,
    summary: "Verify an e-EIR by its reference, as a gate clerk would (open)",
    tag,
    auth: false,
  });
  router.get(`${BASE}/:id/verify`, (req, res) => {
    res.json(equipment.verify(req.params.id));
  });

  document({
    method: "post",
    path: `${BASE}/:id/assign-truck`,
    summary: "Assign the truck and driver before arrival (the named haulier)",
    tag,
    auth: true,
    body: AssignTruck,
  });
  router.post(`${BASE}/:id/assign-truck`, async (req, res) => {
    const caller = who(req);
    res.json(await equipment.assignTruck(caller, req.params.id, parse(AssignTruck, req.body)));
  });

  document({
    method: "post",
    path: `${BASE}/:id/cancel`,
    summary: "Cancel an e-EIR before gate-out (its issuer)",
    tag,
    auth: true,
    body: Cancel,
  });
  router.post(`${BASE}/:id/cancel`, async (req, res) => {
    const caller = who(req);
    res.json(await equipment.cancel(caller, req.params.id, parse(Cancel, req.body).reason));
  });

  for (const direction of ["out", "in"] as const) {
    document({
      method: "post",
      path: `${BASE}/:id/gate-${direction}`,
      summary: `Record the gate-${direction} with its condition report (the facility)`,
      tag,
      auth: true,
      body: GateEvent,
    });
    router.post(`${BASE}/:id/gate-${direction}`, async (req, res) => {
      const caller = who(req);
      res.json(await equipment.gate(caller, req.params.id, direction, parse(GateEvent, req.body)));
    });
  }

  document({
    method: "get",
    path: "/v1/containers/:container/interchanges",
    summary: "A container's full history across all its interchanges, with its release steps",
    tag,
    auth: true,
  });
  router.get("/v1/containers/:container/interchanges", (req, res) => {
    who(req);
    const container = parse(ContainerNumber, req.params.container, "/container");
    res.json(equipment.containerHistory(container));
  });

  return router;
}
