/**
 * A real local webhook receiver for the API tests: POSTs to /hooks/<role> are kept with their raw body and
 * signature header, and each signature is checked against the secret of that role's subscription.
 */
import { createHmac } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface Heard {
  role: string;
  eventId: string;
  /** The X-Paperless-Port-Signature header as received. */
  signature: string;
  raw: string;
  signatureValid: boolean;
  body: { id: string; type: string; orgId: string; transactionHash: string; data: Record<string, unknown> };
}

export class WebhookReceiver {
  readonly heard: Heard[] = [];
  /** Each role's subscription secret, as the gateway returned it. */
  readonly secrets: Record<string, string> = {};
  port = 0;
  private server?: Server;

  /** Listens on 127.0.0.1, on `port` (to come back where subscriptions point after a `stop`) or a free one. */
  async start(port = 0): Promise<void> {
    this.server = createServer((req, res) => {
      let raw = "";
      req.on("data", (chunk) => (raw += chunk));
      req.on("end", () => {
        const role = String(req.url).split("/").at(-1)!;
        const signature = String(req.headers["x-paperless-port-signature"]);
        const [, time, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(signature) ?? [];
        const expected = createHmac("sha256", this.secrets[role] ?? "")
          .update(`${time}.${raw}`)
          .digest("hex");
        this.heard.push({
          role,
          eventId: String(req.headers["x-paperless-port-event-id"]),
          signature,
          raw,
          signatureValid: v1 === expected,
          body: JSON.parse(raw),
        });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(port, "127.0.0.1", resolve));
    this.port = (this.server!.address() as AddressInfo).port;
  }

  url(role: string, host = "127.0.0.1"): string {
    return `http://${host}:${this.port}/hooks/${role}`;
  }

  /** What `role` heard, of the notification types starting with `typePrefix`. */
  heardBy(role: string, typePrefix = ""): Heard[] {
    return this.heard.filter((h) => h.role === role && h.body.type.startsWith(typePrefix));
  }

  async stop(): Promise<void> {
    this.server!.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }
}
