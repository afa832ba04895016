/** HTTP routes of a B/L's attachments: upload (streamed), list, download (verified against the chain). */
import { Router } from "express";
import type { BillOfLadingService } from "../billsOfLading/service.ts";
import { document } from "../openapi.ts";
import type { OrganizationService } from "../organizations/service.ts";
import { parse } from "../validation.ts";
import { UploadQuery } from "./schemas.ts";
import type { AttachmentService } from "./service.ts";

export function attachmentRoutes(
  attachments: AttachmentService,
  billsOfLading: BillOfLadingService,
  organizations: OrganizationService,
): Router {
  const router = Router();
  const base = "/v1/bills-of-lading/:blNumber/attachments";
  const carrierOf = (q: unknown) =>
    typeof (q as { carrier?: unknown }).carrier === "string" ? (q as { carrier: string }).carrier : undefined;

  document({
    method: "post",
    path: base,
    summary: "Upload an attachment (raw body, streamed; the Content-Type is kept)",
    tag: "Attachments",
    auth: true,
    query: UploadQuery,
    responses: { "201": "Stored on IPFS and linked on chain", "413": "Too large" },
  });
  router.post(base, async (req, res) => {
    const caller = organizations.authenticate(req.headers.authorization);
    const query = parse(UploadQuery, { fileName: req.query.fileName, kind: req.query.kind });
    const bl = billsOfLading.find(req.params.blNumber, carrierOf(req.query));
    const declared = req.headers["content-length"] ? Number(req.headers["content-length"]) : undefined;
    const attachment = await attachments.upload(
      caller,
      bl,
      { ...query, mediaType: req.headers["content-type"] ?? "application/octet-stream", declaredBytes: declared },
      req,
    );
    res.status(201).json(attachment);
  });

  document({ method: "get", path: base, summary: "List a B/L's attachments", tag: "Attachments", auth: true });
  router.get(base, (req, res) => {
    organizations.authenticate(req.headers.authorization);
    const bl = billsOfLading.find(req.params.blNumber, carrierOf(req.query));
    res.json({ items: attachments.list(bl) });
  });

  document({
    method: "get",
    path: `${base}/:cid`,
    summary: "Download an attachment, checked against its hash on chain first",
    tag: "Attachments",
    auth: true,
  });
  router.get(`${base}/:cid`, async (req, res) => {
    organizations.authenticate(req.headers.authorization);
    const bl = billsOfLading.find(req.params.blNumber, carrierOf(req.query));
    const attachment = attachments.find(bl, req.params.cid);
    const { stream, cleanup } = await attachments.verifiedContent(attachment);
    res.status(200).set({
      "Content-Type": attachment.mediaType,
      "Content-Length": String(attachment.size),
      "Content-Disposition": `attachment; filename="${attachment.fileName.replace(/"/g, "")}"`,
      "X-Content-SHA256": attachment.sha256,
      "X-IPFS-CID": attachment.cid,
    });
    stream.pipe(res);
    res.once("close", () => void cleanup());
  });

  return router;
}
