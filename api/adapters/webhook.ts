/** Sends one webhook: an HTTP POST of a JSON body, signed with HMAC-SHA256 over the timestamp and the body. */
import { createHmac } from "node:crypto";

export interface WebhookResult {
  ok: boolean;
  status?: number;
  error?: string;
}

/** The signature header value: `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`. */
export function signature(secret: string, timestamp: number, body: string): string {
  const mac = createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex");
  return `t=${timestamp},v1=${mac}`;
}

export async function postWebhook(
  url: string,
  secret: string,
  eventId: string,
  body: string,
  timeoutMs = 10_000,
): Promise<WebhookResult> {
  const timestamp = Math.floor(Date.now() / 1000);
  try {
    const res = await fetch(url, {
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        "X-Paperless-Port-Event-Id": eventId,
        "X-Paperless-Port-Signature": signature(secret, timestamp, body),
      },
      body,
      signal: AbortSignal.timeout(timeoutMs),
      redirect: "manual",
    });
    await res.arrayBuffer().catch(() => undefined);
    return { ok: res.status >= 200 && res.status < 300, status: res.status };
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
}
