/** Bodies of the console's sign-in routes. */
import { z } from "zod";
import { IsoTime } from "../responses.ts";
import { Me } from "../organizations/schemas.ts";

export const SignIn = z.object({
  apiKey: z
    .string()
    .min(1)
    .max(200)
    .describe("The organization's API key; the session cookie stands for it from now on"),
});

export const SessionView = z.object({
  caller: Me.describe("Who the session signs in as"),
  csrfToken: z
    .string()
    .describe(
      "Send it back as 'X-CSRF-Token' on every POST and DELETE made with the session cookie; keep it in memory",
    ),
  expiresAt: IsoTime.describe("When the session ends unless signed out before"),
  signing: z
    .object({
      by: z
        .enum(["node", "client"])
        .describe(
          "'node': this node signs your writes with the key it holds for you; 'client': it holds none, so you sign " +
            "each write yourself (Prefer: sign=client, then POST /v1/transactions) with one of your signers",
        ),
      signer: z.string().nullable().describe("The address this node signs your writes with; null when you sign them"),
      chainId: z
        .string()
        .regex(/^[0-9]+$/)
        .describe("The chain a transaction you sign must be for"),
      contracts: z
        .array(z.string())
        .describe("The port community's contracts: the only addresses a transaction you sign may call"),
    })
    .describe("Who signs this caller's writes, and what a transaction it signs itself may be"),
});
