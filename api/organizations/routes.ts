/** HTTP routes of organizations: who am I, and the operator's register. */
import { z } from "zod";
import { requireOperator } from "../auth/middleware.ts";
import { Items } from "../responses.ts";
import type { ApiRouter } from "../route.ts";
import { ApiKeyService } from "./apiKeys.ts";
import {
  AddSigner,
  ApiKeyParams,
  ApiKeyView,
  AppointAgent,
  Me,
  NewApiKey,
  OrganizationView,
  RegisterOrganization,
  Registered,
  RotateApiKey,
  SignerParams,
  StartRecovery,
  StatusAction,
  StatusChanged,
} from "./schemas.ts";
import type { OrganizationService } from "./service.ts";
import type { Organization } from "./projection.ts";

const tag = "Organizations";
const OrgIdParams = z.object({ orgId: z.string().describe("The organization's id") });
const ok = { 200: { description: "The organization as it stands now", schema: OrganizationView } };

/** An organization as a response shows it: by orgId and name; its registry number stays inside the gateway. */
const view = <T extends Organization>({ org: _number, ...organization }: T) => organization;

export function organizationRoutes(api: ApiRouter, service: OrganizationService, apiKeys: ApiKeyService): ApiRouter {
  api.route(
    {
      method: "get",
      path: "/v1/me",
      operationId: "getMe",
      summary: "Who am I",
      tag,
      responses: { 200: { description: "The caller's organization, or the operator", schema: Me } },
    },
    ({ caller, reply }) => {
      if (caller.kind === "operator")
        reply(200, { orgId: "operator", name: "Port community operator", roles: ["operator"] });
      else reply(200, view(service.byOrgId(caller.orgId)));
    },
  );

  api.route(
    {
      method: "get",
      path: "/v1/organizations",
      operationId: "listOrganizations",
      summary: "The port community's organizations",
      tag,
      responses: { 200: { description: "Every registered organization", schema: Items(OrganizationView) } },
    },
    ({ reply }) => void reply(200, { items: service.list().map(view) }),
  );

  api.route(
    {
      method: "post",
      path: "/v1/organizations",
      operationId: "registerOrganization",
      summary:
        "Register an organization (operator), with the signer address of its own key or a key this node makes; " +
        "returns its first API key once if this node serves it",
      tag,
      body: RegisterOrganization,
      guards: [requireOperator],
      responses: { 201: { description: "Registered", schema: Registered } },
      problems: [403, 409, 422],
    },
    async ({ caller, body, reply }) => {
      const { organization, apiKey, transactionHash } = await service.register(caller, body);
      reply(201, { ...view(organization), apiKey, transactionHash });
    },
  );

  for (const action of StatusAction.options) {
    api.route(
      {
        method: "post",
        path: `/v1/organizations/:orgId/${action}`,
        operationId: `${action}Organization`,
        summary: `${action[0].toUpperCase()}${action.slice(1)} an organization (operator)`,
        tag,
        params: OrgIdParams,
        guards: [requireOperator],
        responses: { 200: { description: "The organization as it stands now", schema: StatusChanged } },
        problems: [403, 404, 409],
      },
      async ({ caller, params, reply }) =>
        void reply(200, view(await service.changeStatus(caller, params.orgId, action))),
    );
  }

  api.route(
    {
      method: "post",
      path: "/v1/organizations/:orgId/appoint-agent",
      operationId: "appointAgent",
      summary:
        "Appoint an agent to act for the caller, e.g. a carrier's shipping agent (the principal itself); " +
        "principal null ends it (the principal or the agent)",
      tag,
      params: OrgIdParams,
      body: AppointAgent,
      responses: ok,
      problems: [403, 404, 409],
    },
    async ({ caller, params, body, reply }) =>
      void reply(200, view(await service.appointAgent(caller, params.orgId, body.principal))),
  );

  api.route(
    {
      method: "post",
      path: "/v1/organizations/:orgId/replace-key",
      operationId: "replaceKey",
      summary:
        "Replace the caller's own signing key (the organization itself, not the operator); its B/Ls stay with it",
      tag,
      params: OrgIdParams,
      responses: ok,
      problems: [403, 404, 409],
    },
    async ({ caller, params, reply }) => void reply(200, view(await service.replaceKey(caller, params.orgId))),
  );

  const signerChanged = {
    200: {
      description:
        "The organization as it stands now: the change is made, or (key threshold above 1) this signer's approval counted",
      schema: StatusChanged,
    },
  };

  api.route(
    {
      method: "post",
      path: "/v1/organizations/:orgId/signers",
      operationId: "addSigner",
      summary:
        "Add a signer to the caller's own organization, signed with one of its current keys (the organization itself)",
      tag,
      params: OrgIdParams,
      body: AddSigner,
      responses: signerChanged,
      problems: [403, 404, 409, 422],
    },
    async ({ caller, params, body, reply }) =>
      void reply(200, view(await service.changeSigner(caller, params.orgId, "addSigner", body.signer))),
  );

  api.route(
    {
      method: "delete",
      path: "/v1/organizations/:orgId/signers/:signer",
      operationId: "removeSigner",
      summary:
        "Remove a signer of the caller's own organization; at least its key threshold of signers stays (the organization itself)",
      tag,
      params: SignerParams,
      responses: signerChanged,
      problems: [403, 404, 409, 422],
    },
    async ({ caller, params, reply }) =>
      void reply(200, view(await service.changeSigner(caller, params.orgId, "removeSigner", params.signer))),
  );

  api.route(
    {
      method: "post",
      path: "/v1/organizations/:orgId/recovery",
      operationId: "startRecovery",
      summary:
        "Start the recovery of an organization that lost its keys (operator); it takes effect only after the " +
        "registry's recovery delay, and the organization is notified and may cancel it",
      tag,
      params: OrgIdParams,
      body: StartRecovery,
      absentBody: {},
      guards: [requireOperator],
      responses: { 202: { description: "Recovery started", schema: OrganizationView } },
      problems: [403, 404, 409, 422],
    },
    async ({ caller, params, body, reply }) =>
      void reply(202, view(await service.startRecovery(caller, params.orgId, body.newSigner))),
  );

  api.route(
    {
      method: "delete",
      path: "/v1/organizations/:orgId/recovery",
      operationId: "cancelRecovery",
      summary: "Cancel a pending recovery (the organization itself, signed with its current key, or the operator)",
      tag,
      params: OrgIdParams,
      responses: ok,
      problems: [403, 404, 409],
    },
    async ({ caller, params, reply }) => void reply(200, view(await service.cancelRecovery(caller, params.orgId))),
  );

  api.route(
    {
      method: "post",
      path: "/v1/organizations/:orgId/recovery/complete",
      operationId: "completeRecovery",
      summary: "Complete a recovery whose delay has passed (operator): the new key becomes the organization's only key",
      tag,
      params: OrgIdParams,
      guards: [requireOperator],
      responses: ok,
      problems: [403, 404, 409],
    },
    async ({ caller, params, reply }) => void reply(200, view(await service.completeRecovery(caller, params.orgId))),
  );

  api.route(
    {
      method: "post",
      path: "/v1/organizations/:orgId/api-keys",
      operationId: "rotateApiKey",
      summary:
        "Issue the caller a new API key, shown once (the organization itself, not the operator); its other keys " +
        "stop working at once unless keepExisting",
      tag,
      params: OrgIdParams,
      body: RotateApiKey,
      absentBody: {},
      responses: { 201: { description: "The new key", schema: NewApiKey } },
      problems: [403, 404],
    },
    ({ caller, params, body, reply }) => void reply(201, apiKeys.rotate(caller, params.orgId, body.keepExisting)),
  );

  api.route(
    {
      method: "get",
      path: "/v1/organizations/:orgId/api-keys",
      operationId: "listApiKeys",
      summary: "An organization's API keys: ids and creation times, never the keys (the organization or the operator)",
      tag,
      params: OrgIdParams,
      responses: { 200: { description: "Its keys, oldest first", schema: Items(ApiKeyView) } },
      problems: [403, 404],
    },
    ({ caller, params, reply }) => void reply(200, { items: apiKeys.list(caller, params.orgId) }),
  );

  api.route(
    {
      method: "delete",
      path: "/v1/organizations/:orgId/api-keys/:keyId",
      operationId: "revokeApiKey",
      summary: "Revoke one API key at once (the organization itself or the operator); never its last key",
      tag,
      params: ApiKeyParams,
      responses: { 204: { description: "Revoked: the key is refused from the next request" } },
      problems: [403, 404, 409],
    },
    ({ caller, params, res }) => {
      apiKeys.revoke(caller, params.orgId, params.keyId);
      res.status(204).end();
    },
  );

  return api;
}
