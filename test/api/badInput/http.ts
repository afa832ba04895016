/**
 * Bad input that any route can get: no key or a wrong key, malformed JSON, JSON that is not an object, a body too
 * large, a route that does not exist; a known path with the wrong method (405 with `Allow`), headers larger than the
 * server reads (431, sent through a plain socket), a non-empty non-JSON body on an action that takes none or on a
 * JSON route (415), JSON nested deeper than 64 (400 before canonicalisation, also on the open /v1/verify), lone
 * UTF-16 surrogates anywhere in a body (400 at the field).
 *
 * New rules for any route go here as rows, in the group of their kind (`anyRouteCases`).
 */
import { transportDocument, type Case, type Fixture, type Who } from "./harness.ts";

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

// ------------------------------------------------------------------ methods, headers and media types (issue #11, 6)

/** A known path asked with a method it does not take: 405, with the methods it does take in `Allow`. */
const methodCases: Case[] = (
  [
    ["delete", () => "/v1/me", "GET, HEAD"],
    ["put", () => "/v1/bills-of-lading", "GET, HEAD, POST"],
    ["delete", (f: Fixture) => bl(f.bls.held), "GET, HEAD"],
    ["get", (f: Fixture) => bl(f.bls.held, "transfer"), "POST"],
    ["put", (f: Fixture) => bl(f.bls.pending, "accept-surrender"), "POST"],
    ["delete", () => "/v1/verify", "POST"],
    ["post", () => `/v1/verify/0x${"ab".repeat(32)}`, "GET, HEAD"],
    ["patch", (f: Fixture) => `/v1/organizations/${f.org.shipper}/suspend`, "POST"],
    ["get", (f: Fixture) => `/v1/subscriptions/${f.subscriptionId}`, "DELETE"],
    ["post", () => "/health", "GET, HEAD"],
    ["post", () => "/openapi.json", "GET, HEAD"],
    ["put", (f: Fixture) => `/v1/delivery-orders/${f.deliveryOrderId}`, "GET, HEAD"],
    ["delete", () => "/v1/gate/gate-outs", "POST"],
    ["get", (f: Fixture) => `/v1/delivery-orders/${f.deliveryOrderId}/revoke`, "POST"],
    ["delete", (f: Fixture) => bl(f.bls.held, "endorsement-chain"), "GET, HEAD"],
    ["patch", (f: Fixture) => `/v1/equipment-interchanges/${f.eirId}/cancel`, "POST"],
  ] as const
).map(([method, path, allow]): Case => ({
  name: `when ${method.toUpperCase()} ${path(names)} is asked, then 405 with Allow: ${allow}`,
  as: "carrier",
  method,
  path,
  status: 405,
  allow,
  detail: allow,
}));

/** Headers larger than the server reads (16 KiB): 431 from Node's parser, as a problem; sent through a plain socket. */
const headerCases: Case[] = (
  [
    ["one header of 20 KiB on the open /health", "get", () => "/health", { "X-Padding": "a".repeat(20 * 1024) }],
    [
      "a 20 KiB API key on a transfer",
      "post",
      (f: Fixture) => bl(f.bls.held, "transfer"),
      { Authorization: `Bearer ${"k".repeat(20 * 1024)}` },
    ],
    [
      "200 headers of 100 bytes on a read",
      "get",
      () => "/v1/bills-of-lading",
      Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`X-H${i}`, "v".repeat(100)])),
    ],
    [
      "a 17 KiB cookie on an issue",
      "post",
      () => "/v1/bills-of-lading",
      { Cookie: `c=${"c".repeat(17 * 1024)}`, "Content-Type": "application/json" },
    ],
  ] as const
).map(([label, method, path, headers]): Case => ({
  name: `when a request sends ${label}, then 431`,
  as: "carrier",
  method,
  path,
  headers,
  socket: true,
  status: 431,
  detail: "16384 bytes",
}));

/** A body the route would not read as JSON: 415, naming the type sent. */
const mediaTypeCases: Case[] = [
  ...(
    [
      [
        "accept-surrender (no body) with text/plain bytes",
        "carrier",
        "pending",
        "accept-surrender",
        "text/plain",
        "ok",
      ],
      [
        "accept-surrender with a form",
        "carrier",
        "pending",
        "accept-surrender",
        "application/x-www-form-urlencoded",
        "ok=1",
      ],
      [
        "accept-surrender with an octet stream",
        "carrier",
        "pending",
        "accept-surrender",
        "application/octet-stream",
        "\u0001",
      ],
      ["reject-surrender with XML", "carrier", "pending", "reject-surrender", "application/xml", "<reject/>"],
      ["blank-endorse (no body) with text/plain", "shipper", "held", "blank-endorse", "text/plain", "blank"],
      ["a transfer with JSON sent as text/plain", "shipper", "held", "transfer", "text/plain", '{"to":"X"}'],
    ] as const
  ).map(([label, who, which, action, contentType, raw]): Case => ({
    name: `when ${label} is sent, then 415`,
    as: who,
    method: "post",
    path: (f) => bl(f.bls[which], action),
    headers: { "Content-Type": contentType },
    raw,
    status: 415,
    detail: contentType,
  })),
  ...(
    [
      ["an issue sent as text/plain", "carrier", "/v1/bills-of-lading", "text/plain", "{}"],
      [
        "a registration sent as a form",
        "operator",
        "/v1/organizations",
        "application/x-www-form-urlencoded",
        "orgId=X",
      ],
      ["a verification sent as text/plain", "nobody", "/v1/verify", "text/plain", '{"documentChecksum":"0x00"}'],
      ["a delivery order sent as CSV", "carrier", "/v1/delivery-orders", "text/csv", "blNumber,containers"],
      ["a subscription sent as XML", "bank", "/v1/subscriptions", "application/xml", "<url/>"],
      ["a gate-out sent as text/plain", "terminal", "/v1/gate/gate-outs", "text/plain", "{}"],
    ] as const
  ).map(([label, who, path, contentType, raw]): Case => ({
    name: `when ${label} is sent, then 415`,
    as: who,
    method: "post",
    path,
    headers: { "Content-Type": contentType },
    raw,
    status: 415,
    detail: contentType,
  })),
  {
    name: "when replace-key (no body) is sent text/plain bytes, then 415",
    as: "operator",
    method: "post",
    path: (f) => `/v1/organizations/${f.org.shipper}/replace-key`,
    headers: { "Content-Type": "text/plain" },
    raw: "x",
    status: 415,
    detail: "text/plain",
  },
  {
    name: "when a transfer's JSON is sent with no Content-Type, then 415",
    as: "shipper",
    method: "post",
    path: (f) => bl(f.bls.held, "transfer"),
    headers: { "Content-Type": "" },
    raw: (f) => Buffer.from(JSON.stringify({ to: f.org.bank })),
    status: 415,
  },
  {
    name: "when a transfer's JSON is in latin1, then 415",
    as: "shipper",
    method: "post",
    path: (f) => bl(f.bls.held, "transfer"),
    headers: { "Content-Type": "application/json; charset=latin1" },
    raw: (f) => JSON.stringify({ to: f.org.bank }),
    status: 415,
  },
];

// ------------------------------------------------------------------ JSON the gateway will not read (issue #11, 3)

/** `depth` arrays nested in each other, as JSON text (JSON.stringify would itself recurse). */
const nestedArrays = (depth: number) => "[".repeat(depth) + "]".repeat(depth);
/** `depth` objects nested in each other, as JSON text. */
const nestedObjects = (depth: number) => '{"a":'.repeat(depth - 1) + "{}" + "}".repeat(depth - 1);
const deepDocument = (depth: number) => `{"transportDocument":{"x":${nestedArrays(depth - 2)}}}`;

const json = (name: string, who: Who, path: Case["path"], raw: Case["raw"], rest: Partial<Case> & { status: number }) =>
  ({ name, as: who, method: "post", path, headers: { "Content-Type": "application/json" }, raw, ...rest }) as Case;

/** Deeper than 64 levels: 400 before anything canonicalises it (it used to overflow the stack: a 500). */
const depthCases: Case[] = (
  [
    ["the open /v1/verify, 65 levels", "nobody", "/v1/verify", deepDocument(65)],
    ["the open /v1/verify, 100000 levels", "nobody", "/v1/verify", deepDocument(100_000)],
    ["the open /v1/verify, 65 nested objects", "nobody", "/v1/verify", `{"transportDocument":${nestedObjects(64)}}`],
    ["the open /v1/verify as a bare deep array", "nobody", "/v1/verify", nestedArrays(65)],
    ["an issue, 65 levels", "carrier", "/v1/bills-of-lading", deepDocument(65)],
    ["an issue, 100000 levels", "carrier", "/v1/bills-of-lading", deepDocument(100_000)],
    ["a batch issue", "carrier", "/v1/bills-of-lading/batch", `{"items":${nestedArrays(200)}}`],
    ["an amendment", "carrier", (f: Fixture) => bl(f.bls.amending, "amend"), deepDocument(5000)],
    ["a transfer", "shipper", (f: Fixture) => bl(f.bls.held, "transfer"), `{"to":${nestedArrays(1000)}}`],
    ["a registration", "operator", "/v1/organizations", `{"orgId":"X","name":${nestedArrays(1000)}}`],
    ["a delivery order, a bare deep array", "carrier", "/v1/delivery-orders", nestedArrays(65)],
    ["a customs release", "customs", "/v1/customs/releases", `{"containers":${nestedArrays(100)}}`],
    ["a subscription", "bank", "/v1/subscriptions", `{"url":${nestedObjects(100)}}`],
    ["an e-EIR", "carrier", "/v1/equipment-interchanges", `{"seals":${nestedArrays(70)}}`],
  ] as const
).map(([label, who, path, raw]) =>
  json(`when ${label} is sent nested deeper than 64, then 400`, who, path, raw, {
    status: 400,
    detail: "more than 64 levels deep",
  }),
);

const registrationText = '{"orgId":"91120000SURROGATE1","roles":["trader"]';
/** Lone UTF-16 surrogates, as JSON escapes in the raw text (JSON.stringify would escape the backslash): 400 at it. */
const surrogateCases: Case[] = (
  [
    [
      "an organization's name",
      "operator",
      "/v1/organizations",
      `${registrationText},"name":"Acme \\ud800 Ltd"}`,
      "/name",
    ],
    [
      "an organization's name, a low surrogate alone",
      "operator",
      "/v1/organizations",
      `${registrationText},"name":"\\udc00"}`,
      "/name",
    ],
    ["a member name", "operator", "/v1/organizations", `${registrationText},"name":"Acme","\\ud83d":1}`, "/\ud83d"],
    ["a recipient", "shipper", (f: Fixture) => bl(f.bls.held, "transfer"), '{"to":"9112\\ud800"}', "/to"],
    [
      "a checksum on the open /v1/verify",
      "nobody",
      "/v1/verify",
      '{"documentChecksum":"0x\\ud800"}',
      "/documentChecksum",
    ],
    [
      "a delivery order's revocation reason",
      "carrier",
      (f: Fixture) => `/v1/delivery-orders/${f.deliveryOrderId}/revoke`,
      '{"reason":"stop \\udfff"}',
      "/reason",
    ],
    [
      "a customs release's container",
      "customs",
      "/v1/customs/releases",
      '{"containers":["A","\\ud800"]}',
      "/containers/1",
    ],
    ["a subscription's url", "bank", "/v1/subscriptions", '{"url":"http://127.0.0.1/\\ud800"}', "/url"],
    [
      "an e-EIR's cancellation reason",
      "carrier",
      (f: Fixture) => `/v1/equipment-interchanges/${f.eirId}/cancel`,
      '{"reason":"\\udbff gone"}',
      "/reason",
    ],
    [
      "a gate-out's truck plate",
      "terminal",
      "/v1/gate/gate-outs",
      '{"container":"MSKU1234565","haulier":"X","truckPlate":"津A\\ud80012"}',
      "/truckPlate",
    ],
    [
      "a transport document's party name",
      "carrier",
      "/v1/bills-of-lading",
      (f: Fixture) =>
        JSON.stringify({ transportDocument: transportDocument("BADXSURR001"), issueTo: f.org.shipper }).replace(
          /"partyName":"[^"]*"/,
          '"partyName":"Shipper \\ud800"',
        ),
      "/transportDocument/documentParties/shipper/partyName",
    ],
  ] as const
).map(([label, who, path, raw, pointer]) =>
  json(`when ${label} holds a lone surrogate, then 400 at ${pointer}`, who, path, raw, {
    status: 400,
    detail: "lone UTF-16 surrogate",
    pointer,
  }),
);

/** The rules any route has, by group. */
export const anyRouteCases: { [group: string]: Case[] } = {
  http: httpCases,
  "405 with Allow": methodCases,
  "431 for oversized headers": headerCases,
  "415 for a body not read as JSON": mediaTypeCases,
  "JSON deeper than 64": depthCases,
  "lone UTF-16 surrogates": surrogateCases,
};
