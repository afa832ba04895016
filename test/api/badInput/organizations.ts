/**
 * Bad input on the port community's register: registration, status changes, agents, keys and recovery.
 *
 * Rules to append here as rows once the gateway has them (they fail today): strict orgId patterns, NUL, zero-width and
 * bidirectional characters in names, NFC normalisation of orgIds, API key rotation and revocation
 * (`POST /v1/organizations/{orgId}/api-keys`, `DELETE` for one key: another organization's keys, an unknown key, the
 * old key after rotation), a suspended or revoked organization's key reading nothing.
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
};
