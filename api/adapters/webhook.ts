/**
 * Sends one webhook: an HTTP POST of a JSON body, signed with HMAC-SHA256 over the timestamp and the body, only to
 * addresses the gateway's policy permits. Any organization may subscribe a URL, so without a policy the gateway could
 * be made to POST into the network it runs in (its own admin ports, a cloud metadata service, the chain's RPC).
 */
import { createHmac } from "node:crypto";
import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from "node:dns";
import { lookup } from "node:dns/promises";
import http from "node:http";
import https from "node:https";
import { BlockList, isIP } from "node:net";

export interface WebhookResult {
  ok: boolean;
  status?: number;
  error?: string;
}

/**
 * Loopback, private, shared, link-local, multicast and other special-purpose ranges (IANA registries): never
 * reachable from the internet, so a webhook there can only be inside the gateway's own network.
 */
const SPECIAL_PURPOSE: [string, number, "ipv4" | "ipv6"][] = [
  ["0.0.0.0", 8, "ipv4"],
  ["10.0.0.0", 8, "ipv4"],
  ["100.64.0.0", 10, "ipv4"],
  ["127.0.0.0", 8, "ipv4"],
  ["169.254.0.0", 16, "ipv4"],
  ["172.16.0.0", 12, "ipv4"],
  ["192.0.0.0", 24, "ipv4"],
  ["192.168.0.0", 16, "ipv4"],
  ["198.18.0.0", 15, "ipv4"],
  ["224.0.0.0", 4, "ipv4"],
  ["240.0.0.0", 4, "ipv4"],
  ["::", 128, "ipv6"],
  ["::1", 128, "ipv6"],
  ["64:ff9b::", 96, "ipv6"],
  ["100::", 64, "ipv6"],
  ["fc00::", 7, "ipv6"],
  ["fe80::", 10, "ipv6"],
  ["ff00::", 8, "ipv6"],
];

/**
 * Which addresses webhooks may go to: public addresses always; special-purpose ones (`SPECIAL_PURPOSE`) all
 * ("allow", the default on the one-machine embedded setup), none ("deny", the default with RPC_URL), or only those in
 * the given networks (CIDRs such as "10.20.0.0/16", for receivers on a port community's private network).
 */
export class WebhookAddressPolicy {
  readonly privateNetworks: "allow" | "deny" | readonly string[];
  private readonly special = new BlockList();
  private readonly allowed = new BlockList();

  constructor(privateNetworks: "allow" | "deny" | readonly string[]) {
    this.privateNetworks = privateNetworks;
    for (const [network, prefix, type] of SPECIAL_PURPOSE) this.special.addSubnet(network, prefix, type);
    if (Array.isArray(privateNetworks)) {
      for (const cidr of privateNetworks) {
        const { network, prefix, type } = parseCidr(cidr);
        this.allowed.addSubnet(network, prefix, type);
      }
    }
  }

  permits(address: string): boolean {
    if (this.privateNetworks === "allow") return true;
    const type = isIP(address) === 6 ? "ipv6" : "ipv4";
    return !this.special.check(address, type) || this.allowed.check(address, type);
  }

  /**
   * Why a URL may not receive webhooks (its host is, or resolves to, an address the policy does not permit), or
   * undefined when it may. A host that does not resolve is not refused here: it may resolve later.
   */
  async refusal(url: string): Promise<string | undefined> {
    if (this.privateNetworks === "allow") return undefined;
    const host = hostOf(new URL(url));
    const addresses = isIP(host)
      ? [host]
      : await lookup(host, { all: true }).then(
          (found) => found.map((a) => a.address),
          () => [],
        );
    const refused = addresses.filter((a) => !this.permits(a));
    if (refused.length === 0) return undefined;
    return (
      `${host} is ${refused.join(", ")}: a loopback, private or other special-purpose address, which this gateway ` +
      `does not send webhooks to. Use a public address, or ask the operator to allow that network ` +
      `(WEBHOOK_PRIVATE_NETWORKS).`
    );
  }

  /** A `lookup` for http.request that only ever connects to permitted addresses (checked again at every delivery). */
  readonly lookup = (
    hostname: string,
    options: LookupOptions,
    callback: (error: Error | null, address: string | LookupAddress[], family?: number) => void,
  ): void => {
    dnsLookup(hostname, { ...options, all: true }, (error, found) => {
      if (error) return callback(error, "");
      const permitted = found.filter((a) => this.permits(a.address));
      if (permitted.length === 0) {
        const refused = new Error(`${hostname} resolves only to addresses webhooks may not be sent to`);
        return callback(Object.assign(refused, { code: "EADDRNOTPERMITTED" }), "");
      }
      if (options.all) return callback(null, permitted);
      callback(null, permitted[0].address, permitted[0].family);
    });
  };
}

/** A URL's host as an address or a name: IPv6 literals without their brackets. */
function hostOf(url: URL): string {
  return url.hostname.replace(/^\[|\]$/g, "");
}

function parseCidr(cidr: string): { network: string; prefix: number; type: "ipv4" | "ipv6" } {
  const [network, bits] = cidr.trim().split("/");
  const version = isIP(network);
  const prefix = Number(bits);
  const max = version === 6 ? 128 : 32;
  if (!version || !/^\d+$/.test(bits ?? "") || prefix > max) {
    throw new Error(`"${cidr}" is not a network in CIDR notation, such as 10.20.0.0/16 or fd00:1::/64`);
  }
  return { network, prefix, type: version === 6 ? "ipv6" : "ipv4" };
}

/** Checks every network of a WEBHOOK_PRIVATE_NETWORKS list; the message of the first bad one, or undefined. */
export function invalidNetwork(networks: readonly string[]): string | undefined {
  for (const cidr of networks) {
    try {
      parseCidr(cidr);
    } catch (error) {
      return (error as Error).message;
    }
  }
  return undefined;
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
  policy: WebhookAddressPolicy,
  timeoutMs = 10_000,
): Promise<WebhookResult> {
  const target = new URL(url);
  const host = hostOf(target);
  // An IP literal is connected to without a lookup: check it here.
  if (isIP(host) && !policy.permits(host)) {
    return { ok: false, error: `${host} is an address webhooks may not be sent to` };
  }
  const timestamp = Math.floor(Date.now() / 1000);
  const request = target.protocol === "https:" ? https.request : http.request;
  return new Promise((resolve) => {
    const req = request(
      target,
      {
        method: "POST",
        headers: {
          "Content-Type": "application/json",
          "Content-Length": Buffer.byteLength(body),
          "X-Paperless-Port-Event-Id": eventId,
          "X-Paperless-Port-Signature": signature(secret, timestamp, body),
        },
        lookup: policy.lookup,
        signal: AbortSignal.timeout(timeoutMs),
      },
      (res) => {
        res.resume(); // redirects are not followed: a 3xx is a failed delivery
        res.on("end", () => {
          const status = res.statusCode ?? 0;
          resolve({ ok: status >= 200 && status < 300, status });
        });
        res.on("error", (error) => resolve({ ok: false, error: error.message }));
      },
    );
    req.on("error", (error) => resolve({ ok: false, error: error.message }));
    req.end(body);
  });
}
