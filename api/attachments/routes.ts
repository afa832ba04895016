/** HTTP routes of a B/L's attachments: upload (streamed), list, download (verified against the chain). */
import type { BillOfLadingService } from "../billsOfLading/service.ts";
import { BlNumberParams, CarrierQuery } from "../billsOfLading/schemas.ts";
import { Binary } from "../responses.ts";
import type { ApiRouter } from "../route.ts";
import { AttachmentList, AttachmentParams, AttachmentView, UploadAttachmentQuery } from "./schemas.ts";
import type { AttachmentService } from "./service.ts";

const tag = "Attachments";
const base = "/v1/bills-of-lading/:blNumber/attachments";

/** The upload streams its raw body, so these routes are mounted before the JSON body parser. */
export function attachmentRoutes(
  api: ApiRouter,
  attachments: AttachmentService,
  billsOfLading: BillOfLadingService,
): ApiRouter {
  api.route(
    {
      method: "post",
      path: base,
      operationId: "uploadAttachment",
      summary: "Upload an attachment (raw body, streamed; the Content-Type is kept)",
      tag,
      params: BlNumberParams,
      query: UploadAttachmentQuery,
      rawBody: "application/octet-stream",
      responses: { 201: { description: "Stored on IPFS and linked on chain", schema: AttachmentView } },
      problems: [403, 404, 409, 413],
    },
    async ({ caller, params, query, req, reply }) => {
      const bl = billsOfLading.find(params.blNumber, query.carrier);
      const declared = req.headers["content-length"] ? Number(req.headers["content-length"]) : undefined;
      const attachment = await attachments.upload(
        caller,
        bl,
        {
          fileName: query.fileName,
          kind: query.kind,
          mediaType: req.headers["content-type"] ?? "application/octet-stream",
          declaredBytes: declared,
        },
        req,
      );
      reply(201, attachment);
    },
  );

  api.route(
    {
      method: "get",
      path: base,
      operationId: "listAttachments",
      summary: "List a B/L's attachments",
      tag,
      params: BlNumberParams,
      query: CarrierQuery,
      responses: { 200: { description: "The B/L's attachments, oldest first", schema: AttachmentList } },
      problems: [404, 409],
    },
    ({ params, query, reply }) => {
      const bl = billsOfLading.find(params.blNumber, query.carrier);
      reply(200, { items: attachments.list(bl) });
    },
  );

  api.route(
    {
      method: "get",
      path: `${base}/:cid`,
      operationId: "downloadAttachment",
      summary: "Download an attachment, checked against its hash on chain first",
      tag,
      params: AttachmentParams,
      query: CarrierQuery,
      responses: {
        200: {
          description: "The file as uploaded, with its Content-Type, X-Content-SHA256 and X-IPFS-CID",
          schema: Binary,
          // Served with the Content-Type it was uploaded with, whatever that is.
          mediaType: "*/*",
        },
      },
      problems: [404, 409, 502],
    },
    async ({ params, query, res }) => {
      const bl = billsOfLading.find(params.blNumber, query.carrier);
      const attachment = attachments.find(bl, params.cid);
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
    },
  );

  return api;
}
