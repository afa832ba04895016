/** `createApp(ctx)`: the gateway's Express app, without listening. */
import express from "express";
import { attachmentRoutes } from "./attachments/routes.ts";
import { AttachmentService } from "./attachments/service.ts";
import { billOfLadingRoutes } from "./billsOfLading/routes.ts";
import { BillOfLadingService } from "./billsOfLading/service.ts";
import type { GatewayContext } from "./context.ts";
import { DOCS_PAGE, document, openApiDocument, routes } from "./openapi.ts";
import { notificationRoutes } from "./notifications/routes.ts";
import { equipmentPhotoRoutes, equipmentRoutes } from "./equipment/routes.ts";
import { EquipmentService } from "./equipment/service.ts";
import { releaseRoutes } from "./release/routes.ts";
import { ReleaseService } from "./release/service.ts";
import { organizationRoutes } from "./organizations/routes.ts";
import { OrganizationService } from "./organizations/service.ts";
import { notFoundHandler, problemHandler } from "./problem.ts";

export function createApp(ctx: GatewayContext) {
  routes.length = 0;
  const organizations = new OrganizationService(ctx);
  const billsOfLading = new BillOfLadingService(ctx, organizations);
  const app = express();
  app.disable("x-powered-by");
  // Attachments stream their raw bodies, so they are routed before the JSON body parser.
  const attachments = new AttachmentService(ctx, organizations);
  const release = new ReleaseService(ctx, organizations, billsOfLading);
  const equipment = new EquipmentService(ctx, organizations, release);
  app.use(attachmentRoutes(attachments, billsOfLading, organizations));
  app.use(equipmentPhotoRoutes(equipment, attachments, organizations));
  app.use(express.json({ limit: "8mb", type: ["application/json", "application/*+json"] }));

  document({
    method: "get",
    path: "/health",
    summary: "Health of the chain, IPFS and the index (open)",
    tag: "System",
    auth: false,
  });
  app.get("/health", async (_req, res) => {
    const [chain, ipfs] = await Promise.all([
      ctx.chain.blockNumber().then(
        (block) => ({ ok: true, block, chainId: Number(ctx.chain.chainId) }),
        (e: Error) => ({ ok: false, detail: e.message }),
      ),
      ctx.documents.health().then((h) => ({ ...h, backend: ctx.documents.backend })),
    ]);
    const indexBlock = ctx.index.indexedBlock;
    const index = { ok: chain.ok && "block" in chain ? chain.block - indexBlock <= 5 : false, block: indexBlock };
    const ok = chain.ok && ipfs.ok && index.ok;
    res.status(ok ? 200 : 503).json({ status: ok ? "ok" : "degraded", chain, ipfs, index });
  });

  app.use(organizationRoutes(organizations));
  app.use(billOfLadingRoutes(billsOfLading, organizations));
  app.use(notificationRoutes(ctx.notifications, organizations));
  app.use(releaseRoutes(release, organizations));
  app.use(equipmentRoutes(equipment, organizations));

  // Every route is documented by now: the document is built once, not at every request.
  const openApi = openApiDocument();
  app.get("/openapi.json", (_req, res) => void res.json(openApi));
  app.get("/docs", (_req, res) => void res.type("html").send(DOCS_PAGE));
  app.use(notFoundHandler);
  app.use(problemHandler);
  return app;
}
