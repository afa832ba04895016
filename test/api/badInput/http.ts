/**
 * Bad input that any route can get: no key or a wrong key, malformed JSON, JSON that is not an object, a body too
 * large, a route that does not exist.
 *
 * Rules to append here as rows once the gateway has them (they fail today): 405 with `Allow` for a known path with the
 * wrong method, 431 problem+json for oversized headers, 415 for a non-empty non-JSON body on an action that takes
 * none, JSON nested deeper than 64 refused before canonicalisation (also on the open /v1/verify), lone UTF-16
 * surrogates anywhere in a body.
 */
import type { Case, Fixture } from "./harness.ts";

const bl = (n: string, action?: string) => `/v1/bills-of-lading/${encodeURIComponent(n)}${action ? `/${action}` : ""}`;

/** Every route that needs a key, with a path that exists in the fixture. */
export const PROTECTED: { method: Case["method"]; path: (f: Fixture) => string; json?: boolean }[] = [
  { method: "get", path: () => "/v1/me" },
  { method: "get", path: () => "/v1/organizations" },
  { method: "post", path: () => "/v1/organizations", json: true },
  { method: "post", path: (f) => `/v1/organizations/${f.org.shipper}/suspend`, json: true },
  { method: "post", path: (f) => `/v1/organizations/${f.org.shipper}/reinstate`, json: true },
  { method: "post", path: (f) => `/v1/organizations/${f.org.shipper}/revoke`, json: true },
  { method: "post", path: (f) => `/v1/organizations/${f.org.shipper}/appoint-agent`, json: true },
  { method: "post", path: (f) => `/v1/organizations/${f.org.shipper}/replace-key`, json: true },
  { method: "post", path: (f) => `/v1/organizations/${f.org.shipper}/recovery`, json: true },
  { method: "delete", path: (f) => `/v1/organizations/${f.org.shipper}/recovery` },
  { method: "post", path: (f) => `/v1/organizations/${f.org.shipper}/recovery/complete`, json: true },
  { method: "post", path: () => "/v1/bills-of-lading", json: true },
  { method: "post", path: () => "/v1/bills-of-lading/batch", json: true },
  { method: "get", path: () => "/v1/bills-of-lading" },
  { method: "get", path: (f) => bl(f.bls.held) },
  { method: "get", path: (f) => bl(f.bls.held, "endorsement-chain") },
  ...[
    "transfer",
    "endorse",
    "endorse-and-deliver",
    "blank-endorse",
    "reject-transfer",
    "surrender",
    "accept-surrender",
    "reject-surrender",
    "amend",
  ].map((action) => ({ method: "post" as const, path: (f: Fixture) => bl(f.bls.held, action), json: true })),
  { method: "post", path: (f) => `${bl(f.bls.held, "attachments")}?fileName=a.pdf` },
  { method: "get", path: (f) => bl(f.bls.held, "attachments") },
  { method: "get", path: (f) => `${bl(f.bls.held, "attachments")}/${f.attachmentCid}` },
  { method: "post", path: () => "/v1/subscriptions", json: true },
  { method: "get", path: () => "/v1/subscriptions" },
  { method: "get", path: (f) => `/v1/subscriptions/${f.subscriptionId}/deliveries` },
  { method: "delete", path: (f) => `/v1/subscriptions/${f.subscriptionId}` },
  { method: "get", path: () => "/v1/events" },
  { method: "post", path: () => "/v1/delivery-orders", json: true },
  { method: "get", path: (f) => `/v1/delivery-orders/${f.deliveryOrderId}` },
  { method: "post", path: (f) => `/v1/delivery-orders/${f.deliveryOrderId}/revoke`, json: true },
  { method: "post", path: (f) => `/v1/delivery-orders/${f.deliveryOrderId}/nominate-haulier`, json: true },
  { method: "post", path: () => "/v1/customs/releases", json: true },
  { method: "post", path: () => "/v1/customs/holds", json: true },
  { method: "post", path: () => "/v1/customs/holds/lift", json: true },
  { method: "post", path: () => "/v1/terminal/discharges", json: true },
  { method: "post", path: () => "/v1/terminal/discharge-corrections", json: true },
  { method: "get", path: (f) => `/v1/gate/decision?container=${f.container}&haulier=${f.org.haulier}` },
  { method: "post", path: () => "/v1/gate/gate-outs", json: true },
  { method: "get", path: (f) => `/v1/containers/${f.container}` },
  { method: "post", path: () => "/v1/equipment-interchanges", json: true },
  { method: "get", path: () => "/v1/equipment-interchanges" },
  { method: "get", path: (f) => `/v1/equipment-interchanges/${f.eirId}` },
  { method: "post", path: (f) => `/v1/equipment-interchanges/${f.eirId}/assign-truck`, json: true },
  { method: "post", path: (f) => `/v1/equipment-interchanges/${f.eirId}/cancel`, json: true },
  { method: "post", path: (f) => `/v1/equipment-interchanges/${f.eirId}/gate-out`, json: true },
  { method: "post", path: (f) => `/v1/equipment-interchanges/${f.eirId}/gate-in`, json: true },
  { method: "post", path: (f) => `/v1/equipment-interchanges/${f.eirId}/photos` },
  { method: "get", path: (f) => `/v1/equipment-interchanges/${f.eirId}/photos/0x${"ab".repeat(32)}` },
  { method: "get", path: (f) => `/v1/containers/${f.eirContainer}/interchanges` },
];

/** A fixture whose values are their own names, to name a route in a case: `/v1/bills-of-lading/held/transfer`. */
const names = new Proxy({} as Fixture, {
  get: (_, key) => (key === "org" || key === "bls" ? new Proxy({}, { get: (__, name) => String(name) }) : String(key)),
});
const where = (r: (typeof PROTECTED)[number]) => `${r.method.toUpperCase()} ${r.path(names)}`;

export const httpCases: Case[] = [
  ...PROTECTED.map((r): Case => ({
    name: `when ${where(r)} is called without a key, then 401`,
    as: "nobody",
    method: r.method,
    path: r.path,
    status: 401,
    detail: "Authorization: Bearer",
  })),
  ...PROTECTED.map((r): Case => ({
    name: `when ${where(r)} is called with a key nobody was given, then 401`,
    as: "wrongKey",
    method: r.method,
    path: r.path,
    status: 401,
    detail: "API key is not valid",
  })),
  ...PROTECTED.filter((r) => r.json).map((r): Case => ({
    name: `when ${where(r)} gets malformed JSON, then 400`,
    as: "carrier",
    method: r.method,
    path: r.path,
    headers: { "Content-Type": "application/json" },
    raw: '{"to": ',
    status: 400,
    detail: "not valid JSON",
  })),
  ...(
    [
      ["a Basic header", "Basic dXNlcjpwYXNz"],
      ["a Bearer header without a key", "Bearer"],
      ["a key with a space in it", "Bearer pp_a b"],
    ] as const
  ).map(([label, header]): Case => ({
    name: `when a transfer is sent with ${label}, then 401`,
    as: "nobody",
    method: "post",
    path: (f) => bl(f.bls.held, "transfer"),
    headers: { Authorization: header },
    body: (f) => ({ to: f.org.bank }),
    status: 401,
    detail: "API key",
  })),
  {
    name: "when an issue is sent the JSON literal null, then 400",
    as: "carrier",
    method: "post",
    path: "/v1/bills-of-lading",
    headers: { "Content-Type": "application/json" },
    raw: "null",
    status: 400,
  },
  {
    name: "when a transfer is sent a JSON string, then 400",
    as: "shipper",
    method: "post",
    path: (f) => bl(f.bls.held, "transfer"),
    headers: { "Content-Type": "application/json" },
    raw: '"BANK"',
    status: 400,
  },
  {
    name: "when a transfer is sent a JSON array, then 400 pointing at the body",
    as: "shipper",
    method: "post",
    path: (f) => bl(f.bls.held, "transfer"),
    body: (f) => [{ to: f.org.bank }],
    status: 400,
    detail: "expected shape",
  },
  {
    name: "when an issue body is larger than 8 MB, then 413",
    as: "carrier",
    method: "post",
    path: "/v1/bills-of-lading",
    headers: { "Content-Type": "application/json" },
    raw: JSON.stringify({ transportDocument: { padding: "x".repeat(9 * 1024 * 1024) }, issueTo: "X" }),
    status: 413,
    detail: "larger than the gateway accepts",
  },
  {
    name: "when a registration body is larger than 8 MB, then 413",
    as: "operator",
    method: "post",
    path: "/v1/organizations",
    headers: { "Content-Type": "application/json" },
    raw: JSON.stringify({ orgId: "X", name: "y".repeat(9 * 1024 * 1024), roles: ["trader"] }),
    status: 413,
  },
  {
    name: "when a GET asks for a route that does not exist, then 404",
    as: "carrier",
    method: "get",
    path: "/v1/nothing-here",
    status: 404,
    detail: "There is no GET /v1/nothing-here",
  },
  {
    name: "when a POST asks for a route that does not exist, then 404",
    as: "carrier",
    method: "post",
    path: "/v1/nothing-here",
    body: {},
    status: 404,
  },
  {
    name: "when a B/L action that does not exist is posted, then 404",
    as: "shipper",
    method: "post",
    path: (f) => bl(f.bls.held, "give-away"),
    body: (f) => ({ to: f.org.bank }),
    status: 404,
  },
];
