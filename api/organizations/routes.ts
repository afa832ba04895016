/** HTTP routes of organizations: who am I, and the operator's register. */
import { Router } from "express";
import { document } from "../openapi.ts";
import { parse } from "../validation.ts";
import { AppointAgent, RegisterOrganization, StatusAction } from "./schemas.ts";
import type { OrganizationService } from "./service.ts";

export function organizationRoutes(service: OrganizationService): Router {
  const router = Router();

  document({ method: "get", path: "/v1/me", summary: "Who am I", tag: "Organizations", auth: true });
  router.get("/v1/me", (req, res) => {
    const caller = service.authenticate(req.headers.authorization);
    if (caller.kind === "operator")
      res.json({ orgId: "operator", name: "Port community operator", roles: ["operator"] });
    else res.json(service.byOrgId(caller.orgId));
  });

  document({
    method: "get",
    path: "/v1/organizations",
    summary: "The port community's organizations",
    tag: "Organizations",
    auth: true,
  });
  router.get("/v1/organizations", (req, res) => {
    service.authenticate(req.headers.authorization);
    res.json({ items: service.list() });
  });

  document({
    method: "post",
    path: "/v1/organizations",
    summary: "Register an organization (operator); returns its API key once",
    tag: "Organizations",
    auth: true,
    body: RegisterOrganization,
    responses: { "201": "Registered" },
  });
  router.post("/v1/organizations", async (req, res) => {
    const caller = service.authenticate(req.headers.authorization);
    const { organization, apiKey } = await service.register(caller, parse(RegisterOrganization, req.body));
    res.status(201).json({ ...organization, apiKey });
  });

  for (const action of StatusAction.options) {
    document({
      method: "post",
      path: `/v1/organizations/:orgId/${action}`,
      summary: `${action} an organization (operator)`,
      tag: "Organizations",
      auth: true,
    });
    router.post(`/v1/organizations/:orgId/${action}`, async (req, res) => {
      const caller = service.authenticate(req.headers.authorization);
      res.json(await service.changeStatus(caller, req.params.orgId, action));
    });
  }

  document({
    method: "post",
    path: "/v1/organizations/:orgId/appoint-agent",
    summary:
      "Appoint an agent to act for the caller, e.g. a carrier's shipping agent (the principal itself); " +
      "principal null ends it (the principal or the agent)",
    tag: "Organizations",
    auth: true,
    body: AppointAgent,
  });
  router.post("/v1/organizations/:orgId/appoint-agent", async (req, res) => {
    const caller = service.authenticate(req.headers.authorization);
    const { principal } = parse(AppointAgent, req.body);
    res.json(await service.appointAgent(caller, req.params.orgId, principal));
  });

  document({
    method: "post",
    path: "/v1/organizations/:orgId/replace-key",
    summary: "Replace the caller's own signing key (the organization itself, not the operator); its B/Ls stay with it",
    tag: "Organizations",
    auth: true,
  });
  router.post("/v1/organizations/:orgId/replace-key", async (req, res) => {
    const caller = service.authenticate(req.headers.authorization);
    res.json(await service.replaceKey(caller, req.params.orgId));
  });

  document({
    method: "post",
    path: "/v1/organizations/:orgId/recovery",
    summary:
      "Start the recovery of an organization that lost its keys (operator); it takes effect only after the " +
      "registry's recovery delay, and the organization is notified and may cancel it",
    tag: "Organizations",
    auth: true,
    responses: { "202": "Recovery started" },
  });
  router.post("/v1/organizations/:orgId/recovery", async (req, res) => {
    const caller = service.authenticate(req.headers.authorization);
    res.status(202).json(await service.startRecovery(caller, req.params.orgId));
  });

  document({
    method: "delete",
    path: "/v1/organizations/:orgId/recovery",
    summary: "Cancel a pending recovery (the organization itself, signed with its current key, or the operator)",
    tag: "Organizations",
    auth: true,
  });
  router.delete("/v1/organizations/:orgId/recovery", async (req, res) => {
    const caller = service.authenticate(req.headers.authorization);
    res.json(await service.cancelRecovery(caller, req.params.orgId));
  });

  document({
    method: "post",
    path: "/v1/organizations/:orgId/recovery/complete",
    summary: "Complete a recovery whose delay has passed (operator): the new key becomes the organization's only key",
    tag: "Organizations",
    auth: true,
  });
  router.post("/v1/organizations/:orgId/recovery/complete", async (req, res) => {
    const caller = service.authenticate(req.headers.authorization);
    res.json(await service.completeRecovery(caller, req.params.orgId));
  });

  return router;
}
