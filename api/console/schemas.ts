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
});
