/**
 * `/docs`: the API reference, Swagger UI served from `node_modules` (swagger-ui-dist), pointed at /openapi.json. Nothing
 * is loaded from elsewhere: the page, its scripts and styles come from this gateway, and its Content-Security-Policy
 * allows only 'self' (and data: images, which Swagger UI's stylesheet embeds).
 */
import { createRequire } from "node:module";
import { dirname } from "node:path";
import express, { Router, type RequestHandler } from "express";

/** Where swagger-ui-dist is installed. */
const SWAGGER_UI_DIST = dirname(createRequire(import.meta.url).resolve("swagger-ui-dist/package.json"));

export const DOCS_CSP = [
  "default-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Paperless Port API</title>
<link rel="stylesheet" href="/docs/swagger-ui.css">
<link rel="icon" type="image/png" href="/docs/favicon-32x32.png">
</head>
<body>
<noscript>This reference needs JavaScript. The document itself is <a href="/openapi.json">/openapi.json</a> (OpenAPI 3.1).</noscript>
<div id="swagger-ui"></div>
<script src="/docs/swagger-ui-bundle.js"></script>
<script src="/docs/swagger-initializer.js"></script>
</body>
</html>
`;

/** Points Swagger UI at this gateway's document; no validator badge (it would call validator.swagger.io). */
const INITIALIZER = `window.ui = SwaggerUIBundle({
  url: "/openapi.json",
  dom_id: "#swagger-ui",
  deepLinking: true,
  validatorUrl: null,
  displayOperationId: true,
  defaultModelsExpandDepth: 0,
  defaultModelExpandDepth: 2,
  showExtensions: true,
  presets: [SwaggerUIBundle.presets.apis],
  layout: "BaseLayout",
});
`;

const withPolicy: RequestHandler = (_req, res, next) => {
  res.set({ "Content-Security-Policy": DOCS_CSP, "X-Content-Type-Options": "nosniff" });
  next();
};

/** The reference page, its initializer, and Swagger UI's files. */
export function docsRoutes(): Router {
  const router = Router();
  router.use("/docs", withPolicy);
  router.get("/docs", (_req, res) => void res.type("html").send(PAGE));
  router.get("/docs/swagger-initializer.js", (_req, res) => void res.type("text/javascript").send(INITIALIZER));
  router.use("/docs", express.static(SWAGGER_UI_DIST, { index: false, redirect: false }));
  return router;
}
