/** Client-side signing's shapes: the transaction a write prepares for its client, and the signed bytes sent back. */
import { z } from "zod";
import { IsoTime } from "../responses.ts";

const Quantity = z.string().regex(/^[0-9]+$/, "a decimal integer");

/** What a write sent with `Prefer: sign=client` answers (202): the unsigned EIP-1559 transaction to sign. */
export const PreparedTransaction = z
  .object({
    transaction: z
      .object({
        type: z.literal(2),
        chainId: Quantity,
        to: z.string().describe("The port community's contract the write calls"),
        data: z.string().describe("The call, ABI-encoded"),
        nonce: z.number().int().describe("The signer's next nonce, read from the chain (pending)"),
        gasLimit: Quantity,
        maxFeePerGas: Quantity,
        maxPriorityFeePerGas: Quantity,
        value: z.literal("0"),
      })
      .describe("Sign exactly this, e.g. with ethers' Wallet.signTransaction, and POST it to /v1/transactions"),
    signer: z.string().describe("The signer it was simulated as (X-Signer): the key that must sign it"),
    unsignedHash: z.string().describe("The hash the signer signs"),
    expiresAt: IsoTime.describe("Until when the node keeps the prepared write; after it, prepare again"),
  })
  .describe("A write prepared for its client to sign: nothing is stored or sent until the signature arrives");

export const SendSignedTransaction = z.object({
  signedTransaction: z
    .string()
    .regex(/^0x[0-9a-fA-F]+$/, "hex bytes")
    .max(200_000)
    .describe("The prepared transaction, signed by its signer, as serialized bytes (0x…)"),
});

/** The write's own response, as the one-step call answers it. */
export const WriteResponse = z
  .looseObject({})
  .describe("The response the write gives when the node signs: the same status and body");
