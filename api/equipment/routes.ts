/** HTTP routes of electronic equipment interchange receipts (e-EIR). */
import { checkedContent, checkFileName, declaredMediaType } from "../attachments/content.ts";
import { sendFile } from "../attachments/download.ts";
import type { AttachmentService } from "../attachments/service.ts";
import { ContainerParams } from "../release/schemas.ts";
import { Binary } from "../responses.ts";
import type { ApiRouter } from "../route.ts";
import {
  AssignTruck,
  Cancel,
  ContainerHistory,
  GateEvent,
  InterchangeList,
  InterchangeParams,
  InterchangeVerification,
  InterchangeView,
  IssueInterchange,
  ListQuery,
  PhotoParams,
  PhotoQuery,
  PhotoView,
} from "./schemas.ts";
import type { EquipmentService } from "./service.ts";

const BASE = "/v1/equipment-interchanges";
const tag = "Equipment interchange (e-EIR)";
const updated = { 200: { description: "The e-EIR as it stands now", schema: InterchangeView } };

/** The photo upload streams its raw body, so it is routed before the JSON body parser. */
export function equipmentPhotoRoutes(
  api: ApiRouter,
  equipment: EquipmentService,
  attachments: AttachmentService,
): ApiRouter {
  api.route(
    {
      method: "post",
      path: `${BASE}/:id/photos`,
      operationId: "uploadGatePhoto",
      summary: "Upload a gate photo (raw body, streamed to IPFS); cite its sha256 in the gate event",
      tag,
      params: InterchangeParams,
      query: PhotoQuery,
      rawBody: "application/octet-stream",
      responses: { 201: { description: "Stored", schema: PhotoView } },
      problems: [403, 404, 409, 413, 415, 422],
    },
    async ({ caller, params, query, req, reply }) => {
      checkFileName(query.fileName);
      const mediaType = declaredMediaType(req.headers["content-type"]);
      const declared = req.headers["content-length"] ? Number(req.headers["content-length"]) : undefined;
      const photo = await equipment.uploadPhoto(
        caller,
        params.id,
        { fileName: query.fileName, mediaType, declaredBytes: declared },
        // Not destroyed when a refusal stops reading it: the socket must stay open for the problem.
        checkedContent(req.iterator({ destroyOnReturn: false }), mediaType),
      );
      reply(201, photo);
    },
  );

  api.route(
    {
      method: "get",
      path: `${BASE}/:id/photos/:sha256`,
      operationId: "downloadGatePhoto",
      summary: "Download a gate photo, checked against its SHA-256 on chain as it streams",
      tag,
      params: PhotoParams,
      responses: {
        200: {
          description:
            "The photo as uploaded, streamed, with the Content-Type validated at upload, X-Content-SHA256, X-IPFS-CID, " +
            "Content-Disposition (RFC 6266/8187), X-Content-Type-Options: nosniff and a sandboxing Content-Security-Policy",
          schema: Binary,
          // Served with the Content-Type it was uploaded with (a JPEG, a PNG…).
          mediaType: "*/*",
        },
      },
      problems: [404, 409, 502],
    },
    async ({ params, res }) => {
      const photo = equipment.photo(params.id, params.sha256);
      await sendFile(res, photo, attachments.verifiedContent(photo));
    },
  );
  return api;
}

export function equipmentRoutes(api: ApiRouter, equipment: EquipmentService): ApiRouter {
  api.route(
    {
      method: "post",
      path: BASE,
      operationId: "issueEquipmentInterchange",
      summary: "Issue an e-EIR to a haulier (equipment owner or agent)",
      tag,
      body: IssueInterchange,
      responses: { 201: { description: "Issued", schema: InterchangeView } },
      problems: [403, 404, 409],
    },
    async ({ caller, body, reply }) => void reply(201, await equipment.issue(caller, body)),
  );

  api.route(
    {
      method: "get",
      path: BASE,
      operationId: "listEquipmentInterchanges",
      summary: "List e-EIRs: mine, open, overdue, all; optionally by container",
      tag,
      query: ListQuery,
      responses: { 200: { description: "The e-EIRs that match", schema: InterchangeList } },
    },
    ({ caller, query, reply }) => void reply(200, { items: equipment.list(caller, query.filter, query.container) }),
  );

  api.route(
    {
      method: "get",
      path: `${BASE}/:id`,
      operationId: "getEquipmentInterchange",
      summary: "An e-EIR: custody, seals, condition at each gate, detention, attributed damage",
      tag,
      params: InterchangeParams,
      responses: { 200: { description: "The e-EIR", schema: InterchangeView } },
      problems: [404, 409],
    },
    ({ params, reply }) => void reply(200, equipment.view(equipment.find(params.id))),
  );

  api.route(
    {
      method: "get",
      path: `${BASE}/:id/verify`,
      operationId: "verifyEquipmentInterchange",
      summary: "Verify an e-EIR by its id or its reference (EIR-…), as a gate clerk would",
      tag,
      params: InterchangeParams,
      responses: {
        200: { description: "Whether it is authentic, and where it stands", schema: InterchangeVerification },
      },
      problems: [409],
    },
    ({ params, reply }) => void reply(200, equipment.verify(params.id)),
  );

  api.route(
    {
      method: "post",
      path: `${BASE}/:id/assign-truck`,
      operationId: "assignTruck",
      summary: "Assign the truck and driver before arrival (the named haulier)",
      tag,
      params: InterchangeParams,
      body: AssignTruck,
      responses: updated,
      problems: [403, 404, 409],
    },
    async ({ caller, params, body, reply }) => void reply(200, await equipment.assignTruck(caller, params.id, body)),
  );

  api.route(
    {
      method: "post",
      path: `${BASE}/:id/cancel`,
      operationId: "cancelEquipmentInterchange",
      summary: "Cancel an e-EIR before gate-out (its issuer)",
      tag,
      params: InterchangeParams,
      body: Cancel,
      responses: updated,
      problems: [403, 404, 409],
    },
    async ({ caller, params, body, reply }) => void reply(200, await equipment.cancel(caller, params.id, body.reason)),
  );

  for (const direction of ["out", "in"] as const) {
    api.route(
      {
        method: "post",
        path: `${BASE}/:id/gate-${direction}`,
        operationId: direction === "out" ? "recordEquipmentGateOut" : "recordEquipmentGateIn",
        summary: `Record the gate-${direction} with its condition report (the facility)`,
        tag,
        params: InterchangeParams,
        body: GateEvent,
        responses: updated,
        problems: [403, 404, 409],
      },
      async ({ caller, params, body, reply }) =>
        void reply(200, await equipment.gate(caller, params.id, direction, body)),
    );
  }

  api.route(
    {
      method: "get",
      path: "/v1/containers/:container/interchanges",
      operationId: "getContainerInterchanges",
      summary: "A container's full history across all its interchanges, with its release steps",
      tag,
      params: ContainerParams,
      responses: { 200: { description: "Its interchanges and its release record", schema: ContainerHistory } },
      problems: [404],
    },
    ({ params, reply }) => void reply(200, equipment.containerHistory(params.container)),
  );

  return api;
}
