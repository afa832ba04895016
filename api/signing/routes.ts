/** `POST /v1/transactions`: the second step of a client-signed write, bringing the signature it prepared. */
import { Chain } from "../adapters/chain/chain.ts";
import type { GatewayContext } from "../context.ts";
import { forbidden, unprocessable } from "../problem.ts";
import type { ApiRouter } from "../route.ts";
import { PreparedTransaction, SendSignedTransaction, WriteResponse } from "./schemas.ts";

export function signingRoutes(
  api: ApiRouter,
  ctx: Pick<GatewayContext, "chain" | "index" | "transactions">,
): ApiRouter {
  api.route(
    {
      method: "post",
      path: "/v1/transactions",
      operationId: "sendSignedTransaction",
      summary: "Send a transaction a write prepared for you to sign (Prefer: sign=client)",
      tag: "Transactions",
      body: SendSignedTransaction,
      responses: {
        200: { description: "The write's own response, as the one-step call answers it", schema: WriteResponse },
        201: { description: "The write's own response, as the one-step call answers it", schema: WriteResponse },
        202: { description: "The write's next transaction, to sign in turn", schema: PreparedTransaction },
        204: { description: "The write's own response, as the one-step call answers it (no body)" },
      },
      problems: [403, 404, 409, 410, 422],
    },
    async ({ caller, body, res }) => {
      const signed = Chain.parseSigned(body.signedTransaction);
      if (!signed) {
        throw unprocessable("signedTransaction is not a signed transaction: send the serialized, signed bytes.");
      }
      // A node sends only calls to the port community's contracts on its chain, from a registered signer.
      if (signed.chainId !== ctx.chain.chainId) {
        throw unprocessable(
          `The transaction is signed for chain ${signed.chainId}; this node's is ${ctx.chain.chainId}.`,
        );
      }
      if (!signed.to || !ctx.chain.contractAt(signed.to) || signed.value !== 0n) {
        throw unprocessable(
          `The transaction calls ${signed.to ?? "no address"}, which is none of the port community's contracts: ` +
            "this node sends only the transactions it prepared.",
        );
      }
      const signerOf = ctx.index.organizationBySigner(signed.from);
      if (!signerOf) {
        throw forbidden(`${signed.from} is not a registered signer of any organization: the node will not send it.`);
      }
      const prepared = ctx.transactions.prepared.find(signed);
      if (caller.kind !== "organization" || caller.orgId !== prepared.orgId) {
        throw forbidden("This transaction was prepared for another organization's write: send it with its API key.");
      }
      if (signed.from.toLowerCase() !== prepared.signer.toLowerCase()) {
        throw forbidden(`The transaction is signed by ${signed.from}; it was prepared for ${prepared.signer}.`);
      }
      const answered = prepared.session.answerOn(res);
      prepared.sign(signed);
      await answered;
    },
  );
  return api;
}
