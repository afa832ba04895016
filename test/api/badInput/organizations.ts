/**
 * Bad input on the port community's register: registration (strict orgId patterns; names free of NUL, control,
 * zero-width and bidirectional characters), status changes, agents, keys and recovery, API keys (rotating or
 * revoking another organization's, the operator minting one for an organization, the last key, a revoked key), and a
 * suspended or revoked organization's key, which reads nothing.
 *
 * New rules for the register go here as rows, in the group of their resource.
 */
import type { Case, Fixture } from "./harness.ts";

const REGISTER = "/v1/organizations";
const registration = (overrides: Record<string, unknown> = {}) => ({
  orgId: "91120116MA07BNEW01",
  name: "New Trading Co.",
  roles: ["trader"],
  ...overrides,
});

const registering = (name: string, body: Case["body"], rest: Partial<Case> & { status: number }): Case => ({
  name,
  as: "operator",
  method: "post",
  path: REGISTER,
  body,
  ...rest,
});

const keys = (f: Fixture, who: string, keyId?: string) =>
  `/v1/organizations/${encodeURIComponent(f.org[who] ?? who)}/api-keys${keyId === undefined ? "" : `/${keyId}`}`;

const org = (f: Fixture, who: string, action: string) =>
  `/v1/organizations/${encodeURIComponent(f.org[who] ?? who)}/${action}`;

export const organizationCases: { [group: string]: Case[] } = {
  register: [
    registering("when a registration has no fields, then 400", {}, { status: 400, pointer: "/orgId" }),
    registering("when the orgId is empty, then 400", registration({ orgId: "" }), { status: 400, pointer: "/orgId" }),
    registering("when the orgId is 33 characters, then 400", registration({ orgId: "9".repeat(33) }), {
      status: 400,
      pointer: "/orgId",
    }),
    registering(
      "when the orgId fits 32 characters but not 32 bytes, then 400",
      registration({ orgId: "天津港".repeat(4) }),
      {
        status: 400,
        pointer: "/orgId",
      },
    ),
    registering("when the orgId is a number, then 400", registration({ orgId: 911200 }), {
      status: 400,
      pointer: "/orgId",
    }),
    registering("when the name is empty, then 400", registration({ name: "" }), { status: 400, pointer: "/name" }),
    registering("when the name is 201 characters, then 400", registration({ name: "N".repeat(201) }), {
      status: 400,
      pointer: "/name",
    }),
    registering("when no role is given, then 400", registration({ roles: [] }), { status: 400, pointer: "/roles" }),
    registering("when a role is unknown, then 400", registration({ roles: ["pirate"] }), {
      status: 400,
      pointer: "/roles/0",
    }),
    registering("when roles is a string, then 400", registration({ roles: "trader" }), {
      status: 400,
      pointer: "/roles",
    }),
    registering("when the credit tier is unknown, then 400", registration({ creditTier: "platinum" }), {
      status: 400,
      pointer: "/creditTier",
    }),
    registering("when the orgId is already registered, then 409", (f) => registration({ orgId: f.org.carrier }), {
      status: 409,
      detail: "already registered",
    }),
    ...["carrier", "bank", "customs"].map((who) =>
      registering(`when the ${who} registers an organization, then 403`, registration(), {
        as: who,
        status: 403,
        detail: "operator",
      }),
    ),
  ],
  status: [
    ...["suspend", "reinstate", "revoke", "recovery"].flatMap((action): Case[] => [
      {
        name: `when the operator posts ${action} for an unknown orgId, then 404`,
        as: "operator",
        method: "post",
        path: `/v1/organizations/NOBODYKNOWS/${action}`,
        status: 404,
        detail: "NOBODYKNOWS",
      },
      {
        name: `when the bank posts ${action} for the shipper, then 403`,
        as: "bank",
        method: "post",
        path: (f) => org(f, "shipper", action),
        status: 403,
        detail: "operator",
      },
    ]),
    {
      name: "when an active organization is reinstated, then refused",
      as: "operator",
      method: "post",
      path: (f) => org(f, "shipper", "reinstate"),
      status: 409,
    },
    {
      name: "when a suspended organization is suspended again, then refused",
      as: "operator",
      method: "post",
      path: (f) => org(f, "suspended", "suspend"),
      status: 409,
    },
    {
      name: "when an organization suspends itself, then 403",
      as: "shipper",
      method: "post",
      path: (f) => org(f, "shipper", "suspend"),
      status: 403,
    },
    {
      name: "when an orgId of 300 characters is suspended, then 404",
      as: "operator",
      method: "post",
      path: `/v1/organizations/${"X".repeat(300)}/suspend`,
      status: 404,
    },
  ],
  agents: [
    {
      name: "when an appointment has no principal field, then 400",
      as: "carrier",
      method: "post",
      path: (f) => org(f, "shipper", "appoint-agent"),
      body: {},
      status: 400,
      pointer: "/principal",
    },
    {
      name: "when the principal is a number, then 400",
      as: "carrier",
      method: "post",
      path: (f) => org(f, "shipper", "appoint-agent"),
      body: { principal: 1 },
      status: 400,
      pointer: "/principal",
    },
    {
      name: "when an unknown agent is appointed, then 404",
      as: "carrier",
      method: "post",
      path: "/v1/organizations/NOBODYKNOWS/appoint-agent",
      body: (f) => ({ principal: f.org.carrier }),
      status: 404,
    },
    {
      name: "when the principal is unknown, then 404",
      as: "carrier",
      method: "post",
      path: (f) => org(f, "shipper", "appoint-agent"),
      body: { principal: "NOBODYKNOWS" },
      status: 404,
    },
    {
      name: "when the operator appoints an agent, then 403",
      as: "operator",
      method: "post",
      path: (f) => org(f, "shipper", "appoint-agent"),
      body: (f) => ({ principal: f.org.carrier }),
      status: 403,
    },
    {
      name: "when the shipper appoints an agent for the carrier, then 403",
      as: "shipper",
      method: "post",
      path: (f) => org(f, "bank", "appoint-agent"),
      body: (f) => ({ principal: f.org.carrier }),
      status: 403,
    },
    {
      name: "when a third party ends an appointment, then 403",
      as: "bank",
      method: "post",
      path: (f) => org(f, "shipper", "appoint-agent"),
      body: { principal: null },
      status: 403,
    },
  ],
  keys: [
    {
      name: "when the operator replaces an organization's key, then 403",
      as: "operator",
      method: "post",
      path: (f) => org(f, "shipper", "replace-key"),
      status: 403,
      detail: "organization itself",
    },
    {
      name: "when the bank replaces the shipper's key, then 403",
      as: "bank",
      method: "post",
      path: (f) => org(f, "shipper", "replace-key"),
      status: 403,
      detail: "organization itself",
    },
    {
      name: "when an unknown organization's key is replaced, then 404",
      as: "shipper",
      method: "post",
      path: "/v1/organizations/NOBODYKNOWS/replace-key",
      status: 404,
    },
    {
      name: "when a recovery nobody started is cancelled, then 404",
      as: "operator",
      method: "delete",
      path: (f) => org(f, "shipper", "recovery"),
      status: 404,
      detail: "No recovery",
    },
    {
      name: "when another organization cancels a recovery, then 403",
      as: "bank",
      method: "delete",
      path: (f) => org(f, "shipper", "recovery"),
      status: 403,
    },
    {
      name: "when a recovery nobody started is completed, then 404",
      as: "operator",
      method: "post",
      path: (f) => org(f, "shipper", "recovery/complete"),
      status: 404,
      detail: "No recovery",
    },
    {
      name: "when an organization completes its own recovery, then 403",
      as: "shipper",
      method: "post",
      path: (f) => org(f, "shipper", "recovery/complete"),
      status: 403,
    },
  ],
  "strict orgIds": (
    [
      ["small letters", "91120000cleanorg01"],
      ["full-width digits", "９１１２００００CLEAN"],
      ["an inner space", "91120000 CLEAN"],
      ["a zero-width space", "91120000\u200bCLEAN"],
      ["a byte order mark", "\ufeff91120000CLEAN"],
      ["NUL", "91120000\u0000CLEAN"],
      ["a leading hyphen", "-91120000CLEAN"],
      ["a Cyrillic look-alike (С)", "91120000СLEAN"],
      ["a right-to-left override", "91120000\u202eCLEAN"],
      ["a line break", "91120000\nCLEAN"],
    ] as const
  ).map(([what, orgId]) =>
    registering(`when the orgId has ${what}, then 400 at /orgId`, registration({ orgId }), {
      status: 400,
      pointer: "/orgId",
    }),
  ),
  "clean names": (
    [
      ["NUL", "Acme\u0000Ltd"],
      ["a line break", "Acme\nLtd"],
      ["a tab", "Acme\tLtd"],
      ["DEL", "Acme\u007fLtd"],
      ["a C1 control (NEL)", "Acme\u0085Ltd"],
      ["an escape", "Acme\u001b[31mLtd"],
      ["a zero-width space", "Acme\u200bLtd"],
      ["a zero-width non-joiner", "Acme\u200cLtd"],
      ["a zero-width joiner", "Acme\u200dLtd"],
      ["a word joiner", "Acme\u2060Ltd"],
      ["a byte order mark", "\ufeffAcme Ltd"],
      ["a right-to-left override", "Acme\u202eLtd"],
      ["a left-to-right embedding", "Acme\u202aLtd"],
      ["a first-strong isolate", "Acme\u2068Ltd"],
      ["a right-to-left mark", "Acme\u200fLtd"],
      ["an Arabic letter mark", "Acme\u061cLtd"],
    ] as const
  ).map(([what, name]) =>
    registering(`when the name holds ${what}, then 400 at /name`, registration({ name }), {
      status: 400,
      pointer: "/name",
    }),
  ),
  "API keys": [
    {
      name: "when the operator asks for a key for an organization, then 403",
      as: "operator",
      method: "post",
      path: (f) => keys(f, "shipper"),
      body: {},
      status: 403,
      detail: "the operator may not",
    },
    {
      name: "when the operator asks for a key for an organization, keeping the existing ones, then 403",
      as: "operator",
      method: "post",
      path: (f) => keys(f, "depot"),
      body: { keepExisting: true },
      status: 403,
      detail: "the operator may not",
    },
    {
      name: "when the bank rotates the depot's key, then 403",
      as: "bank",
      method: "post",
      path: (f) => keys(f, "depot"),
      body: {},
      status: 403,
      detail: "may issue itself",
    },
    {
      name: "when the carrier rotates the operator's key, then 403",
      as: "carrier",
      method: "post",
      path: "/v1/organizations/operator/api-keys",
      body: { keepExisting: true },
      status: 403,
    },
    {
      name: "when a key is asked for an organization that does not exist, then 404",
      as: "bank",
      method: "post",
      path: "/v1/organizations/NOSUCHORG/api-keys",
      body: {},
      status: 404,
      detail: "NOSUCHORG",
    },
    {
      name: "when the depot revokes its last key, then 409",
      as: "depot",
      method: "delete",
      path: (f) => keys(f, "depot", f.depotKeyId),
      status: 409,
      detail: "last API key",
    },
    {
      name: "when the operator revokes the depot's last key, then 409",
      as: "operator",
      method: "delete",
      path: (f) => keys(f, "depot", f.depotKeyId),
      status: 409,
      detail: "last API key",
    },
    {
      name: "when the bank revokes the depot's key, then 403",
      as: "bank",
      method: "delete",
      path: (f) => keys(f, "depot", f.depotKeyId),
      status: 403,
      detail: "itself, or the operator",
    },
    {
      name: "when the bank lists the depot's keys, then 403",
      as: "bank",
      method: "get",
      path: (f) => keys(f, "depot"),
      status: 403,
      detail: "itself, or the operator",
    },
    {
      name: "when the depot revokes a key it does not have, then 404",
      as: "depot",
      method: "delete",
      path: (f) => keys(f, "depot", "key_nosuchkey"),
      status: 404,
      detail: "no API key key_nosuchkey",
    },
    {
      name: "when the operator revokes the depot's key under the shipper, then 404",
      as: "operator",
      method: "delete",
      path: (f) => keys(f, "shipper", f.depotKeyId),
      status: 404,
      detail: "no API key",
    },
    ...(
      [
        ["reads who it is", "get", "/v1/me"],
        ["lists its keys", "get", (f: Fixture) => keys(f, "depot")],
        ["rotates", "post", (f: Fixture) => keys(f, "depot")],
        ["revokes the depot's last key", "delete", (f: Fixture) => keys(f, "depot", f.depotKeyId)],
        ["subscribes", "post", "/v1/subscriptions"],
      ] as const
    ).map(([what, method, path]): Case => ({
      name: `when a revoked key ${what}, then 401`,
      as: "revokedKey",
      method,
      path,
      ...(method === "post" ? { body: { url: "http://127.0.0.1:9/hooks" } } : {}),
      status: 401,
      detail: "not valid",
    })),
  ],
  "a suspended or revoked organization's key": [
    ...(
      [
        ["/v1/me", "/v1/me"],
        ["the register", "/v1/organizations"],
        ["its B/Ls", "/v1/bills-of-lading"],
        ["its own B/L", (f: Fixture) => `/v1/bills-of-lading/${f.bls.ofSuspended}`],
        ["its B/L's endorsement chain", (f: Fixture) => `/v1/bills-of-lading/${f.bls.ofSuspended}/endorsement-chain`],
        ["its B/L's attachments", (f: Fixture) => `/v1/bills-of-lading/${f.bls.ofSuspended}/attachments`],
        ["its subscriptions", "/v1/subscriptions"],
        ["its API keys", (f: Fixture) => keys(f, "suspended")],
        ["the e-EIRs", "/v1/equipment-interchanges"],
      ] as const
    ).map(([what, path]): Case => ({
      name: `when a suspended organization's key reads ${what}, then 403`,
      as: "suspended",
      method: "get",
      path,
      status: 403,
      detail: "is suspended: its API keys can read and do nothing",
    })),
    ...(
      [
        ["/v1/me", "/v1/me"],
        ["the register", "/v1/organizations"],
        ["B/Ls", "/v1/bills-of-lading"],
        ["its subscriptions", "/v1/subscriptions"],
        ["its API keys", (f: Fixture) => keys(f, "revoked")],
      ] as const
    ).map(([what, path]): Case => ({
      name: `when a revoked organization's key reads ${what}, then 403`,
      as: "revoked",
      method: "get",
      path,
      status: 403,
      detail: "is revoked: its API keys can read nothing",
    })),
    {
      name: "when a revoked organization rotates its key, then 403",
      as: "revoked",
      method: "post",
      path: (f) => keys(f, "revoked"),
      body: {},
      status: 403,
      detail: "revoked",
    },
    {
      name: "when a suspended organization rotates its key, then 403",
      as: "suspended",
      method: "post",
      path: (f) => keys(f, "suspended"),
      body: {},
      status: 403,
      detail: "suspended",
    },
    {
      name: "when a suspended organization subscribes, then 403",
      as: "suspended",
      method: "post",
      path: "/v1/subscriptions",
      body: { url: "http://127.0.0.1:9/hooks" },
      status: 403,
      detail: "suspended",
    },
  ],
};
