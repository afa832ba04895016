/** The OpenAPI 3.1 document, generated from the same zod schemas that validate requests. */
import { z } from "zod";

export interface RouteDoc {
  method: "get" | "post" | "delete";
  path: string;
  summary: string;
  tag: string;
  auth: boolean;
  body?: z.ZodType;
  query?: z.ZodObject;
  responses?: Record<string, string>;
}

export const routes: RouteDoc[] = [];

/** Records a route for the OpenAPI document. */
export function document(route: RouteDoc): void {
  routes.push(route);
}

export function openApiDocument() {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const openApiPath = r.path.replace(/:([A-Za-z]+)/g, "{$1}");
    const parameters = [
      ...[...r.path.matchAll(/:([A-Za-z]+)/g)].map((m) => ({
        name: m[1],
        in: "path",
        required: true,
        schema: { type: "string" },
      })),
      ...Object.entries(r.query?.shape ?? {}).map(([name, schema]) => ({
        name,
        in: "query",
        required: false,
        schema: z.toJSONSchema(schema as z.ZodType, { io: "input", unrepresentable: "any" }),
      })),
    ];
    paths[openApiPath] ??= {};
    paths[openApiPath][r.method] = {
      summary: r.summary,
      tags: [r.tag],
      ...(r.auth ? { security: [{ apiKey: [] }] } : { security: [] }),
      ...(parameters.length ? { parameters } : {}),
      ...(r.body
        ? {
            requestBody: {
              required: true,
              content: {
                "application/json": { schema: z.toJSONSchema(r.body, { io: "input", unrepresentable: "any" }) },
              },
            },
          }
        : {}),
      responses: {
        ...(r.responses ?? { "200": "OK" }),
        default: "An error, as application/problem+json (RFC 9457)",
      },
    };
    const op = paths[openApiPath][r.method] as { responses: Record<string, unknown> };
    op.responses = Object.fromEntries(
      Object.entries(op.responses).map(([code, description]) => [
        code,
        code === "default"
          ? {
              description,
              content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } },
            }
          : { description },
      ]),
    );
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Paperless Port gateway",
      version: "1.0.0",
      description:
        "Electronic bills of lading on chain, documents on IPFS. Organizations call it with their API key as 'Authorization: Bearer <key>'.",
    },
    servers: [{ url: "/" }],
    components: {
      securitySchemes: { apiKey: { type: "http", scheme: "bearer" } },
      schemas: {
        Problem: {
          type: "object",
          properties: {
            type: { type: "string" },
            title: { type: "string" },
            status: { type: "integer" },
            detail: { type: "string" },
            instance: { type: "string" },
            errors: {
              type: "array",
              items: { type: "object", properties: { pointer: { type: "string" }, message: { type: "string" } } },
            },
          },
        },
      },
    },
    paths,
  };
}

export const DOCS_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Paperless Port API</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}
code{background:#f3f3f3;padding:0 .25rem}.op{border-top:1px solid #ddd;padding:.5rem 0}
.m{display:inline-block;width:3.5rem;font-weight:700;text-transform:uppercase}</style></head>
<body><h1>Paperless Port API</h1><p>The machine-readable document is <a href="/openapi.json">/openapi.json</a> (OpenAPI 3.1).
Send your API key as <code>Authorization: Bearer &lt;key&gt;</code>. Errors are <code>application/problem+json</code>.</p>
<div id="ops">Loading…</div>
<script>
fetch('/openapi.json').then(r=>r.json()).then(doc=>{
  const out=[];
  for (const [p,ops] of Object.entries(doc.paths)) for (const [m,op] of Object.entries(ops))
    out.push('<div class="op"><span class="m">'+m+'</span><code>'+p+'</code> — '+op.summary+(op.security.length?'':' <em>(open)</em>')+'</div>');
  document.getElementById('ops').innerHTML=out.join('');
});
</script></body></html>`;
