/** `createApp(ctx)`: the gateway's Express app, without listening. */
import express from "express";
import { z } from "zod";
import { attachmentRoutes } from "./attachments/routes.ts";
import { AttachmentService } from "./attachments/service.ts";
import { authenticate, isOpenRoute, PROTECTED_PREFIX } from "./auth/middleware.ts";
import { billOfLadingRoutes } from "./billsOfLading/routes.ts";
import { BillOfLadingService } from "./billsOfLading/service.ts";
import { consolePages, sessionRoutes } from "./console/routes.ts";
import { SessionService } from "./console/service.ts";
import { SessionStore } from "./console/sessions.ts";
import type { GatewayContext } from "./context.ts";
import { docsRoutes } from "./docs.ts";
import { openApiDocument } from "./openapi.ts";
import { notificationRoutes } from "./notifications/routes.ts";
import { equipmentPhotoRoutes, equipmentRoutes } from "./equipment/routes.ts";
import { EquipmentService } from "./equipment/service.ts";
import { releaseRoutes } from "./release/routes.ts";
import { ReleaseService } from "./release/service.ts";
import { ApiKeyService } from "./organizations/apiKeys.ts";
import { organizationRoutes } from "./organizations/routes.ts";
import { OrganizationService } from "./organizations/service.ts";
import { notFoundHandler, problemHandler } from "./problem.ts";
import { trackWrites } from "./transactions.ts";
import { RouteRegistry, type RecordedRoute } from "./route.ts";
import { signingRoutes } from "./signing/routes.ts";
import { checkJsonBody } from "./validation.ts";

const Health = z.object({
  status: z.enum(["ok", "degraded"]),
  chain: z.union([
    z.object({ ok: z.literal(true), block: z.number().int(), chainId: z.number().int() }),
    z.object({ ok: z.literal(false), detail: z.string() }),
  ]),
  ipfs: z.object({ ok: z.boolean(), detail: z.string(), backend: z.string() }),
  index: z.object({ ok: z.boolean(), block: z.number().int() }),
});

/** `sessions`: the console's session store (a new one by default; tests give one with their own clock). */
export function createApp(ctx: GatewayContext, options: { sessions?: SessionStore } = {}) {
  // The app's own registry: two apps in one process document (and route) only their own routes.
  const registry = new RouteRegistry(isOpenRoute);
  const organizations = new OrganizationService(ctx);
  const billsOfLading = new BillOfLadingService(ctx, organizations);
  const attachments = new AttachmentService(ctx, organizations);
  const release = new ReleaseService(ctx, organizations, billsOfLading);
  const equipment = new EquipmentService(ctx, organizations, release);
  const sessions = options.sessions ?? new SessionStore();

  const app = express();
  app.disable("x-powered-by");
  // Every JSON body, problems included, ends with a newline: what a terminal (curl) and line-based tools expect.
  app.response.json = function (body: unknown) {
    if (!this.get("Content-Type")) this.type("application/json");
    return this.send(body === undefined ? "" : JSON.stringify(body) + "\n");
  };
  app.locals.routes = registry.routes;
  // Which transactions each request broadcast, for a 500 that says truthfully what it changed.
  app.use(trackWrites);
  // Default deny: every /v1 request is authenticated here unless its route is open, before any route sees it.
  app.use(PROTECTED_PREFIX, authenticate(ctx, sessions));
  // Attachments and gate photos stream their raw bodies, so they are routed before the JSON body parser.
  app.use(attachmentRoutes(registry.router(), attachments, billsOfLading).router);
  app.use(equipmentPhotoRoutes(registry.router(), equipment, attachments).router);
  app.use(express.json({ limit: "8mb", type: ["application/json", "application/*+json"] }));
  // Too deep or not valid Unicode: refused here, before any schema, validator or canonicalization reads the body.
  app.use(checkJsonBody);

  const system = registry.router();
  system.route(
    {
      method: "get",
      path: "/health",
      operationId: "getHealth",
      summary: "Health of the chain, IPFS and the index",
      tag: "System",
      responses: {
        200: { description: "All is well", schema: Health },
        503: { description: "Something is degraded: the body says what", schema: Health },
      },
    },
    async ({ reply }) => {
      const [chain, ipfs] = await Promise.all([
        ctx.chain.blockNumber().then(
          (block) => ({ ok: true as const, block, chainId: Number(ctx.chain.chainId) }),
          (e: Error) => ({ ok: false as const, detail: e.message }),
        ),
        ctx.documents.health().then((h) => ({ ...h, backend: ctx.documents.backend })),
      ]);
      const indexBlock = ctx.index.indexedBlock;
      // An index past the chain's head saw blocks the chain no longer has (a chain restarted from an older state):
      // it shows what is not on chain, and only a restart rebuilds it.
      const behind = chain.ok && "block" in chain ? chain.block - indexBlock : undefined;
      const index = { ok: behind !== undefined && behind >= 0 && behind <= 5, block: indexBlock };
      const ok = chain.ok && ipfs.ok && index.ok;
      reply(ok ? 200 : 503, { status: ok ? "ok" : "degraded", chain, ipfs, index });
    },
  );
  app.use(system.router);

  app.use(organizationRoutes(registry.router(), organizations, new ApiKeyService(ctx)).router);
  app.use(billOfLadingRoutes(registry.router(), billsOfLading, ctx).router);
  app.use(notificationRoutes(registry.router(), ctx).router);
  app.use(releaseRoutes(registry.router(), release).router);
  app.use(equipmentRoutes(registry.router(), equipment).router);
  app.use(signingRoutes(registry.router(), ctx).router);
  app.use(sessionRoutes(registry.router(), new SessionService(ctx, organizations, sessions)).router);

  // Every route is declared by now: the document is built once, not at every request.
  const openApi = openApiDocument(registry.routes);
  app.get("/openapi.json", (_req, res) => void res.json(openApi));
  app.use(docsRoutes());
  app.use(consolePages());
  app.use(
    registry.methodNotAllowed([
      { method: "get", path: "/openapi.json" },
      { method: "get", path: "/docs" },
      { method: "get", path: "/" },
      { method: "get", path: "/console" },
    ]),
  );
  app.use(notFoundHandler);
  app.use(problemHandler);
  return app;
}

/** The routes an app declared, as its OpenAPI document lists them. */
export function routesOf(app: ReturnType<typeof createApp>): readonly RecordedRoute[] {
  return app.locals.routes as RecordedRoute[];
}

/**
 * A context with nothing in it: reading any part of it throws. Declaring the routes reads none of it, so an app built on
 * it documents every route and serves none.
 */
function noContext(): GatewayContext {
  return new Proxy({} as GatewayContext, {
    get(_target, key) {
      throw new Error(`The app was built without a context, so ctx.${String(key)} cannot be read.`);
    },
  });
}

/** The OpenAPI document the gateway serves at /openapi.json, built without a chain, IPFS or keys. */
export function apiDocument() {
  return openApiDocument(routesOf(createApp(noContext())));
}
