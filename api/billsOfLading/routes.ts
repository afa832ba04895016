/** HTTP routes of the e-B/L resource: thin, they hand the validated input over to the service. */
import { create as contentDisposition } from "content-disposition";
import type { GatewayContext } from "../context.ts";
import { Binary } from "../responses.ts";
import { requireRole } from "../auth/middleware.ts";
import type { ApiRouter } from "../route.ts";
import { ISSUE_EXAMPLE, ISSUED_EXAMPLE, VERIFIED_EXAMPLE, VERIFY_EXAMPLE } from "./examples.ts";
import {
  ActedOn,
  ActionBodies,
  BillOfLadingList,
  BillOfLadingWithDocument,
  BlNumberParams,
  CarrierQuery,
  ChecksumParams,
  EndorsementChain,
  IssueBatch,
  IssueBillOfLading,
  IssuedBatch,
  ListQuery,
  Verification,
  Verify,
} from "./schemas.ts";
import type { Action, BillOfLadingService } from "./service.ts";

const tag = "Bills of lading";

/** `surrender` → `surrenderBillOfLading`, `endorse-and-deliver` → `endorseAndDeliverBillOfLading`. */
const operationIdOf = (action: string) =>
  action.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase()) + "BillOfLading";

/** What each action does, and who may take it (the contract decides). */
const ACTION_SUMMARIES: Record<keyof typeof ActionBodies, string> = {
  transfer: "Transfer possession of the B/L to another organization (holder; a straight B/L only to its consignee)",
  endorse: "Endorse the to-order B/L to a named endorsee, without delivering it (holder)",
  "endorse-and-deliver": "Endorse the B/L to a named endorsee and deliver it to them, in one step (holder)",
  "blank-endorse": "Endorse the to-order B/L in blank: any holder may then act on it (endorsee in possession)",
  "reject-transfer": "Send back the B/L just received: holder and endorsement are restored (its recipient)",
  surrender: "Surrender the B/L to its carrier for delivery, amendment or paper (the rightful party)",
  "accept-surrender": "Accept the pending surrender: accomplished (delivery) or voided (paper) (issuing carrier)",
  "reject-surrender": "Reject the pending surrender: the B/L is active again (issuing carrier)",
  amend: "Amend a B/L surrendered for amendment with a new transport document: version + 1 (issuing carrier)",
};

export function billOfLadingRoutes(api: ApiRouter, service: BillOfLadingService, ctx: GatewayContext): ApiRouter {
  const carrierOnly = requireRole(ctx, "carrier", {
    operator: "Only a carrier issues bills of lading.",
    lacking: (name) => `${name} is not a carrier, so it cannot issue bills of lading.`,
  });

  api.route(
    {
      method: "post",
      path: "/v1/bills-of-lading",
      operationId: "issueBillOfLading",
      summary: "Issue a B/L from a DCSA transport document (carrier)",
      tag,
      body: IssueBillOfLading,
      bodyExample: ISSUE_EXAMPLE,
      guards: [carrierOnly],
      responses: { 201: { description: "Issued", schema: ActedOn, example: ISSUED_EXAMPLE } },
      problems: [403, 404, 409, 413, 422],
    },
    async ({ caller, body, res, reply }) => {
      const { billOfLading: bl, transactionHash } = await service.issue(caller, body);
      res.location(`/v1/bills-of-lading/${encodeURIComponent(bl.blNumber)}`);
      reply(201, { ...service.view(bl, caller), transactionHash });
    },
  );

  api.route(
    {
      method: "post",
      path: "/v1/bills-of-lading/batch",
      operationId: "issueBillsOfLading",
      summary: "Issue a vessel's B/Ls in one transaction (carrier)",
      tag,
      body: IssueBatch,
      guards: [carrierOnly],
      responses: { 201: { description: "Issued, all of them", schema: IssuedBatch } },
      problems: [403, 404, 409, 413, 422],
    },
    async ({ caller, body, reply }) => {
      const { billsOfLading, transactionHash } = await service.issueBatch(caller, body.billsOfLading);
      reply(201, {
        items: billsOfLading.map((bl) => ({ ...service.view(bl, caller), transactionHash })),
        transactionHash,
      });
    },
  );

  api.route(
    {
      method: "get",
      path: "/v1/bills-of-lading",
      operationId: "listBillsOfLading",
      summary: "List my B/Ls: held, issued or awaiting my action",
      tag,
      query: ListQuery,
      responses: { 200: { description: "A page of the caller's B/Ls", schema: BillOfLadingList } },
      problems: [403],
    },
    ({ caller, query, reply }) => {
      const { items, nextCursor } = service.list(caller, query.filter, query.limit, query.cursor);
      reply(200, { items: items.map((bl) => service.view(bl, caller)), nextCursor });
    },
  );

  api.route(
    {
      method: "get",
      path: "/v1/bills-of-lading/:blNumber",
      operationId: "getBillOfLading",
      summary: "A B/L: state, parties, its document and what I may do next",
      tag,
      params: BlNumberParams,
      query: CarrierQuery,
      responses: { 200: { description: "The B/L with its transport document", schema: BillOfLadingWithDocument } },
      problems: [404, 409, 504],
    },
    async ({ caller, params, query, reply }) => {
      const bl = service.find(params.blNumber, query.carrier);
      reply(200, { ...service.view(bl, caller), transportDocument: await service.document(bl) });
    },
  );

  api.route(
    {
      method: "get",
      path: "/v1/bills-of-lading/:blNumber/document.pdf",
      operationId: "getBillOfLadingPdf",
      summary:
        "The B/L's printable face: its transport document as a bill of lading, with checksum, QR code and history",
      tag,
      params: BlNumberParams,
      query: CarrierQuery,
      responses: {
        200: {
          description:
            "A PDF (A4) of the current transport document laid out as a bill of lading: parties, vessel and voyage, " +
            "ports, containers and seals, goods, freight and clauses, with its SHA-256 checksum, a QR code that opens " +
            "the verify page and the endorsement chain. Every page says it is a view of the electronic original, not " +
            "a document of title.",
          schema: Binary,
          mediaType: "application/pdf",
        },
      },
      problems: [404, 409, 504],
    },
    async ({ params, query, res }) => {
      const bl = service.find(params.blNumber, query.carrier);
      // The verify page of the node the PDF came from, where anyone can reach it.
      const verifyUrl = `${ctx.publicUrl}/console/#/verify/${bl.documentChecksum}`;
      const pdf = await service.documentPdf(bl, verifyUrl);
      res
        .status(200)
        .type("application/pdf")
        .set("Content-Disposition", contentDisposition(`${bl.blNumber}.pdf`, { type: "inline" }))
        .send(pdf);
    },
  );

  api.route(
    {
      method: "get",
      path: "/v1/bills-of-lading/:blNumber/endorsement-chain",
      operationId: "getEndorsementChain",
      summary: "The B/L's full history with DCSA action codes",
      tag,
      params: BlNumberParams,
      query: CarrierQuery,
      responses: { 200: { description: "Its endorsement chain and document versions", schema: EndorsementChain } },
      problems: [404, 409],
    },
    ({ params, query, reply }) => {
      const bl = service.find(params.blNumber, query.carrier);
      reply(200, { blNumber: bl.blNumber, endorsementChain: service.endorsementChain(bl), versions: bl.versions });
    },
  );

  for (const [action, body] of Object.entries(ActionBodies)) {
    api.route(
      {
        method: "post",
        path: `/v1/bills-of-lading/:blNumber/${action}`,
        operationId: operationIdOf(action),
        summary: ACTION_SUMMARIES[action as keyof typeof ActionBodies],
        tag: "B/L actions",
        params: BlNumberParams,
        query: CarrierQuery,
        body,
        absentBody: {},
        responses: { 200: { description: "The B/L after the action, with its transaction", schema: ActedOn } },
        problems: [403, 404, 409, 413, 422],
      },
      async ({ caller, params, query, body: input, reply }) => {
        const bl = service.find(params.blNumber, query.carrier);
        const acted = await service.act(caller, bl, action as Action, (input ?? {}) as never);
        reply(200, { ...service.view(acted.billOfLading, caller), transactionHash: acted.transactionHash });
      },
    );
  }

  api.route(
    {
      method: "post",
      path: "/v1/verify",
      operationId: "verifyDocument",
      summary: "Verify a transport document or checksum: authentic, current, issuer, controller, state",
      tag: "Verify",
      body: Verify,
      bodyExample: VERIFY_EXAMPLE,
      responses: {
        200: {
          description: "Whether it is authentic, and where its B/L stands",
          schema: Verification,
          example: VERIFIED_EXAMPLE,
        },
      },
      problems: [413, 422],
    },
    ({ body, reply }) => {
      const checksum = body.documentChecksum ?? service.checksumOf(body.transportDocument);
      reply(200, service.verify(checksum));
    },
  );

  api.route(
    {
      method: "get",
      path: "/v1/verify/:documentChecksum",
      operationId: "verifyChecksum",
      summary: "Verify a document checksum",
      tag: "Verify",
      params: ChecksumParams,
      responses: {
        200: {
          description: "Whether it is authentic, and where its B/L stands",
          schema: Verification,
          example: VERIFIED_EXAMPLE,
        },
      },
    },
    ({ params, reply }) => void reply(200, service.verify(params.documentChecksum)),
  );

  return api;
}
