/** HTTP routes of a B/L's attachments: upload (streamed), list, download (verified against the chain). */
import type { BillOfLadingService } from "../billsOfLading/service.ts";
import { BlNumberParams, CarrierQuery } from "../billsOfLading/schemas.ts";
import { Binary } from "../responses.ts";
import type { ApiRouter } from "../route.ts";
import { AttachmentList, AttachmentParams, AttachmentView, UploadAttachmentQuery } from "./schemas.ts";
import { checkedContent, checkFileName, declaredMediaType } from "./content.ts";
import { sendFile } from "./download.ts";
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
      summary: "Upload an attachment (raw body; its bytes must be what its Content-Type says, which is kept)",
      tag,
      params: BlNumberParams,
      query: UploadAttachmentQuery,
      rawBody: "application/octet-stream",
      responses: { 201: { description: "Stored on IPFS and linked on chain", schema: AttachmentView } },
      problems: [403, 404, 409, 413, 415, 422],
    },
    async ({ caller, params, query, req, reply }) => {
      const bl = billsOfLading.find(params.blNumber, query.carrier);
      checkFileName(query.fileName);
      const mediaType = declaredMediaType(req.headers["content-type"]);
      const declared = req.headers["content-length"] ? Number(req.headers["content-length"]) : undefined;
      const attachment = await attachments.upload(
        caller,
        bl,
        { fileName: query.fileName, kind: query.kind, mediaType, declaredBytes: declared },
        // Not destroyed when a refusal stops reading it: the socket must stay open for the problem.
        checkedContent(req.iterator({ destroyOnReturn: false }), mediaType),
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
      summary: "Download an attachment by CID or reference (ATT-…), checked against its hash on chain as it streams",
      tag,
      params: AttachmentParams,
      query: CarrierQuery,
      responses: {
        200: {
          description:
            "The file as uploaded, streamed, with the Content-Type validated at upload, X-Content-SHA256, X-IPFS-CID, " +
            "Content-Disposition (RFC 6266, the name in filename* per RFC 8187), X-Content-Type-Options: nosniff and a " +
            "sandboxing Content-Security-Policy. If the bytes turn out not to match the chain after the first chunk, the " +
            "connection is cut before the last one.",
          schema: Binary,
          // Served with the Content-Type it was uploaded with, whatever that is.
          mediaType: "*/*",
        },
      },
      problems: [404, 409, 502, 504],
    },
    async ({ params, query, res }) => {
      const bl = billsOfLading.find(params.blNumber, query.carrier);
      const attachment = attachments.find(bl, params.cid);
      await sendFile(res, attachment, attachments.verifiedContent(attachment));
    },
  );

  return api;
}
