/** The OpenAPI 3.1 document, generated from the route declarations: the same zod schemas that validate requests. */
import { z } from "zod";
import type { RecordedRoute } from "./route.ts";

/** What each problem status means, for the document. */
const PROBLEMS: Record<number, string> = {
  400: "The request does not have the expected shape (each offending field is pointed at)",
  401: "No API key, or one that is not valid",
  403: "The caller may not do this",
  404: "There is no such thing",
  409: "It conflicts with the current state",
  413: "The body is larger than the gateway accepts",
  422: "The document or the parties do not make a valid request",
  502: "The stored file does not match its hash on chain, so it was not served",
};

const problemResponse = (description: string) => ({
  description,
  content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } },
});

/** A zod schema as JSON Schema, without the `$schema` keyword an OpenAPI document does not want inside it. */
function jsonSchema(schema: z.ZodType, io: "input" | "output"): Record<string, unknown> {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: "any" });
  return rest;
}

/** An Express path as an OpenAPI path: `:name` becomes `{name}`. */
export const openApiPath = (path: string) => path.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, "{$1}");

/** The names of an Express path's parameters. */
const pathParameterNames = (path: string) => [...path.matchAll(/:([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]);

function shapeOf(schema: z.ZodType | undefined): Record<string, z.ZodType> {
  return schema instanceof z.ZodObject ? (schema.shape as Record<string, z.ZodType>) : {};
}

/** A parameter that any text passes: a plain string, or a query parameter that falls back when malformed. */
const acceptsAnything = (schema: z.ZodType) =>
  schema instanceof z.ZodCatch || (schema instanceof z.ZodString && !schema._zod.def.checks?.length);

/** Whether the route's input can be malformed, so that it answers 400. */
function canRefuse(r: RecordedRoute): boolean {
  if (r.body) return true;
  const inputs = [r.params, r.query].filter((s) => s !== undefined);
  return inputs.some((s) => !(s instanceof z.ZodObject) || !Object.values(shapeOf(s)).every(acceptsAnything));
}

function operation(r: RecordedRoute) {
  const params = shapeOf(r.params);
  const query = shapeOf(r.query);
  const parameters = [
    ...pathParameterNames(r.path).map((name) => ({
      name,
      in: "path",
      required: true,
      schema: params[name] ? jsonSchema(params[name], "input") : { type: "string" },
      ...(params[name]?.description ? { description: params[name].description } : {}),
    })),
    ...Object.entries(query).map(([name, schema]) => ({
      name,
      in: "query",
      required: !schema.safeParse(undefined).success,
      schema: jsonSchema(schema, "input"),
      ...(schema.description ? { description: schema.description } : {}),
    })),
  ];
  const requestBody = r.rawBody
    ? {
        required: true,
        content: { [r.rawBody]: { schema: { type: "string", contentMediaType: r.rawBody } } },
      }
    : r.body
      ? {
          required: r.absentBody === undefined,
          content: { "application/json": { schema: jsonSchema(r.body, "input") } },
        }
      : undefined;
  const responses: Record<string, unknown> = {};
  for (const [status, response] of Object.entries(r.responses)) {
    const content: Record<string, unknown> = {};
    if (response.schema)
      content[response.mediaType ?? "application/json"] = { schema: jsonSchema(response.schema, "output") };
    for (const [mediaType, schema] of Object.entries(response.alternatives ?? {}))
      content[mediaType] = { schema: jsonSchema(schema, "output") };
    responses[status] = { description: response.description, ...(Object.keys(content).length ? { content } : {}) };
  }
  const problems = new Set([...(canRefuse(r) ? [400] : []), ...(r.open ? [] : [401]), ...(r.problems ?? [])]);
  for (const status of [...problems].sort()) responses[status] = problemResponse(PROBLEMS[status] ?? "A problem");
  responses.default = problemResponse("An error, as application/problem+json (RFC 9457)");
  return {
    operationId: r.operationId,
    summary: r.summary,
    tags: [r.tag],
    security: r.open ? [] : [{ apiKey: [] }],
    ...(parameters.length ? { parameters } : {}),
    ...(requestBody ? { requestBody } : {}),
    responses,
  };
}

/** Every tag a route may carry, in the order the reference shows them. */
const TAGS: { name: string; description: string }[] = [
  { name: "System", description: "The gateway's health" },
  { name: "Organizations", description: "Who am I, the operator's register of the port community, keys and recovery" },
  { name: "Bills of lading", description: "Issue, list and read electronic B/Ls (DCSA eBL 3.0.3 transport documents)" },
  { name: "B/L actions", description: "Transfer, endorse, surrender and amend a B/L: each is one transaction" },
  { name: "Attachments", description: "Files linked to a B/L: streamed to IPFS, their SHA-256 on chain" },
  { name: "Verify", description: "Anyone may verify a transport document or its checksum, without a key" },
  { name: "One window", description: "Notifications: webhook subscriptions and a server-sent events stream" },
  { name: "Release", description: "Paperless import release: delivery orders, customs, discharge, gate decision" },
  { name: "Equipment interchange (e-EIR)", description: "Electronic equipment interchange receipts at the gates" },
];

/** The OpenAPI document of these routes. */
export function openApiDocument(routes: readonly RecordedRoute[]) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const path = openApiPath(r.path);
    paths[path] ??= {};
    paths[path][r.method] = operation(r);
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Paperless Port gateway",
      version: "1.0.0",
      description:
        "Electronic bills of lading on chain, documents on IPFS. Organizations call it with their API key as 'Authorization: Bearer <key>'.",
      license: { name: "Apache-2.0", identifier: "Apache-2.0" },
    },
    servers: [{ url: "/" }],
    tags: TAGS.filter((tag) => routes.some((r) => r.tag === tag.name)),
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
