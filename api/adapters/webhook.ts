/**
 * Sends one webhook: an HTTP POST of a JSON body, signed with HMAC-SHA256 over the timestamp and the body, only to
 * addresses the gateway's policy permits. Any organization may subscribe a URL, so without a policy the gateway could
 * be made to POST into the network it runs in (its own admin ports, a cloud metadata service, the chain's RPC).
 */
import { createHmac } from "node:crypto";
import type { LookupAddress, LookupOptions } from "node:dns";
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
 * Loopback, private, shared (CGNAT), link-local (cloud metadata at 169.254.169.254), multicast, reserved and other
 * special-purpose ranges (IANA registries): never reachable from the internet, so a webhook there can only be inside
 * the gateway's own network. IPv6 forms that carry an IPv4 address are judged by that address (`embeddedIPv4`).
 */
const SPECIAL_PURPOSE: [string, number, "ipv4" | "ipv6"][] = [
  ["0.0.0.0", 8, "ipv4"],
  ["10.0.0.0", 8, "ipv4"],
  ["100.64.0.0", 10, "ipv4"],
  ["127.0.0.0", 8, "ipv4"],
  ["169.254.0.0", 16, "ipv4"],
  ["172.16.0.0", 12, "ipv4"],
  ["192.0.0.0", 24, "ipv4"],
  ["192.88.99.0", 24, "ipv4"],
  ["192.168.0.0", 16, "ipv4"],
  ["198.18.0.0", 15, "ipv4"],
  ["224.0.0.0", 4, "ipv4"],
  ["240.0.0.0", 4, "ipv4"],
  ["::", 96, "ipv6"], // unspecified, loopback and the deprecated IPv4-compatible form (RFC 4291)
  ["64:ff9b:1::", 48, "ipv6"],
  ["100::", 64, "ipv6"],
  ["2001::", 23, "ipv6"],
  ["fc00::", 7, "ipv6"],
  ["fe80::", 10, "ipv6"],
  ["fec0::", 10, "ipv6"],
  ["ff00::", 8, "ipv6"],
];

/** A resolved address, as `dns.lookup` gives it. */
export interface ResolvedAddress {
  address: string;
  family: number;
}

/** Resolves a host name to every address it has: `dns.lookup` unless the policy is given another resolver. */
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

const systemResolver: Resolver = (hostname) => lookup(hostname, { all: true });

/**
 * Which addresses webhooks may go to: public addresses always; special-purpose ones (`SPECIAL_PURPOSE`) all
 * ("allow"), none ("deny", the default in every mode), or only those in the given networks (CIDRs such as
 * "10.20.0.0/16", for receivers on a port community's private network), as `WEBHOOK_PRIVATE_NETWORKS` says.
 */
export class WebhookAddressPolicy {
  readonly privateNetworks: "allow" | "deny" | readonly string[];
  private readonly special = new BlockList();
  private readonly allowed = new BlockList();
  private readonly resolver: Resolver;

  constructor(privateNetworks: "allow" | "deny" | readonly string[], options: { resolver?: Resolver } = {}) {
    this.privateNetworks = privateNetworks;
    this.resolver = options.resolver ?? systemResolver;
    for (const [network, prefix, type] of SPECIAL_PURPOSE) this.special.addSubnet(network, prefix, type);
    if (Array.isArray(privateNetworks)) {
      for (const cidr of privateNetworks) {
        const { network, prefix, type } = parseCidr(cidr);
        this.allowed.addSubnet(network, prefix, type);
      }
    }
  }

  /** Whether a webhook may be sent to this IP address; anything that is not an IP address may not. */
  permits(address: string): boolean {
    const version = isIP(address);
    if (!version) return false;
    if (this.privateNetworks === "allow") return true;
    const type = version === 6 ? "ipv6" : "ipv4";
    if (this.allowed.check(address, type)) return true;
    if (this.special.check(address, type)) return false;
    // An IPv6 address that stands for an IPv4 one (mapped, compatible, 6to4, NAT64) is only as good as that address.
    const inner = version === 6 ? embeddedIPv4(address) : undefined;
    return inner === undefined || this.permits(inner);
  }

  /**
   * Every address `host` stands for (itself, if an IP address), resolved once, and those the policy refuses. A name
   * that does not resolve has no addresses.
   */
  async resolve(host: string): Promise<{ addresses: ResolvedAddress[]; refused: string[] }> {
    const addresses = isIP(host)
      ? [{ address: host, family: isIP(host) }]
      : await this.resolver(host).catch(() => [] as ResolvedAddress[]);
    return { addresses, refused: addresses.filter((a) => !this.permits(a.address)).map((a) => a.address) };
  }

  /**
   * Why a URL may not receive webhooks (its host is, or resolves to, an address the policy does not permit), or
   * undefined when it may. A host that does not resolve is not refused here: it may resolve later.
   */
  async refusal(url: string): Promise<string | undefined> {
    const host = hostOf(new URL(url));
    const { refused } = await this.resolve(host);
    if (refused.length === 0) return undefined;
    const what = isIP(host) ? `${host} is` : `${host} is ${refused.join(", ")}:`;
    return (
      `${what} a loopback, private or other special-purpose address, which this gateway does not send webhooks to. ` +
      `Use a public address, or ask the operator to allow that network ` +
      `(WEBHOOK_PRIVATE_NETWORKS).`
    );
  }
}

/**
 * The IPv4 address an IPv6 address carries, for the forms that reach it: IPv4-mapped (::ffff:a.b.c.d), IPv4-translated
 * (::ffff:0:a.b.c.d), IPv4-compatible (::a.b.c.d), NAT64 (64:ff9b::a.b.c.d) and 6to4 (2002:AABB:CCDD::/48).
 */
export function embeddedIPv4(address: string): string | undefined {
  const words = ipv6Words(address);
  if (!words) return undefined;
  const v4 = (high: number, low: number) => `${high >> 8}.${high & 0xff}.${low >> 8}.${low & 0xff}`;
  const zero = (from: number, to: number) => words.slice(from, to).every((w) => w === 0);
  if (zero(0, 5) && words[5] === 0xffff) return v4(words[6], words[7]);
  if (zero(0, 4) && words[4] === 0xffff && words[5] === 0) return v4(words[6], words[7]);
  if (zero(0, 6)) return v4(words[6], words[7]);
  if (words[0] === 0x64 && words[1] === 0xff9b && zero(2, 6)) return v4(words[6], words[7]);
  if (words[0] === 0x2002) return v4(words[1], words[2]);
  return undefined;
}

/** The eight 16-bit words of an IPv6 address (`::` expanded, a dotted IPv4 tail read as two words). */
function ipv6Words(address: string): number[] | undefined {
  if (isIP(address) !== 6) return undefined;
  let text = address.replace(/%.*$/, "");
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number);
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split("::");
  const part = (s: string | undefined) => (s ? s.split(":").map((w) => parseInt(w, 16)) : []);
  const left = part(head);
  const right = part(tail);
  return tail === undefined ? left : [...left, ...new Array(8 - left.length - right.length).fill(0), ...right];
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

/**
 * POSTs one webhook. The host is resolved once and every address it resolves to is checked; the connection then goes
 * only to those checked addresses (the request's `lookup` answers with them and never asks DNS again), so a name that
 * resolves to a public address when checked and to an inside one when connecting (DNS rebinding) cannot reach inside.
 */
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
  const { addresses, refused } = await policy.resolve(host);
  if (refused.length > 0) {
    const what = isIP(host) ? `${host} is` : `${host} is ${refused.join(", ")}:`;
    return { ok: false, error: `${what} an address webhooks may not be sent to` };
  }
  const [pinned] = addresses;
  if (!pinned) return { ok: false, error: `${host} does not resolve` };
  // Node tries each of several addresses in turn (happy eyeballs) when it may ask for all of them.
  const pinnedLookup = (
    _hostname: string,
    options: LookupOptions,
    callback: (error: Error | null, address: string | LookupAddress[], family?: number) => void,
  ): void => {
    if (options.all) callback(null, addresses);
    else callback(null, pinned.address, pinned.family);
  };
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
        // The TLS server name and Host header stay the URL's host name; only the address is pinned.
        lookup: pinnedLookup,
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
