/** The OpenAPI 3.1 document, generated from the route declarations: the same zod schemas that validate requests. */
import { z } from "zod";
import type { RecordedRoute } from "./route.ts";
import { PreparedTransaction } from "./signing/schemas.ts";

const PROBLEM_TYPES = "https://paperless-port.dev/problems/";

/** What each problem status means, for the document, with an example of one the gateway gives. */
const PROBLEMS: Record<number, { description: string; title: string; detail: string; type?: string; more?: object }> = {
  400: {
    description: "The request does not have the expected shape (each offending field is pointed at)",
    title: "Bad request",
    detail: "The request does not have the expected shape.",
    more: { errors: [{ pointer: "/issueTo", message: "Invalid input: expected string, received undefined" }] },
  },
  401: {
    description: "No API key, or one that is not valid",
    title: "Unauthorized",
    detail: "Send your API key as 'Authorization: Bearer <key>'.",
  },
  403: {
    description: "The caller may not do this",
    title: "Forbidden",
    detail: "Only the port community's operator may do this.",
  },
  404: { description: "There is no such thing", title: "Not found", detail: "There is no B/L with number 'PPBL0001'." },
  410: {
    description: "It was there and is no longer: a prepared transaction expired unsigned",
    title: "Gone",
    detail: "This transaction's preparation expired unsigned; send the write again to prepare a new one.",
  },
  409: {
    description: "It conflicts with the current state; a contract's refusal names its custom error",
    title: "Refused by the contract",
    detail: "This carrier has already issued a B/L with this number.",
    type: `${PROBLEM_TYPES}BillOfLadingNumberTaken`,
    more: { contractError: { name: "BillOfLadingNumberTaken", args: {} } },
  },
  413: {
    description: "The body is larger than the gateway accepts",
    title: "Payload too large",
    detail: "Attachments are limited to 26214400 bytes.",
  },
  415: {
    description:
      "A body that is not JSON where JSON is taken (send 'Content-Type: application/json', or no body where none is " +
      "taken), or an upload whose bytes are not what its Content-Type says",
    title: "Unsupported media type",
    detail:
      "The file was sent as application/pdf, but its bytes are text/plain. Send it with the Content-Type of what it is.",
    more: { declaredType: "application/pdf", detectedType: "text/plain" },
  },
  422: {
    description: "The document or the parties do not make a valid request",
    title: "Unprocessable document",
    detail: "The transport document is not a valid DCSA eBL 3.0.3 TransportDocument.",
    more: { errors: [{ pointer: "/transportDocument/isToOrder", message: "must be boolean" }] },
  },
  500: {
    description:
      "An error, as application/problem+json (RFC 9457). It says whether the request sent a transaction: if none, " +
      "nothing was changed; if it did, `transactions` lists them, and the state should be read before retrying",
    title: "Internal error",
    detail:
      "The gateway failed to handle the request and sent no transaction, so nothing was changed: it is safe to retry.",
  },
  502: {
    description: "The stored file does not match its hash on chain, so it was not served",
    title: "Integrity check failed",
    detail: "The stored file does not match the hash on chain; it was not served.",
  },
  504: {
    description:
      "This node does not hold the document or file, and none of the port community's nodes (its IPFS peers) sent it " +
      "within IPFS_FETCH_TIMEOUT_MS",
    title: "Not found on the community's nodes",
    detail:
      "No node of the community has the document bafkreicq3bmobgc6zr7waqmkv4gmlk2yp5bmevykrbajlkpizswnb5sulq (asked 2 " +
      "peers for 10 s). Try again once the node that stored it is reachable.",
  },
};

/** A problem response of this status, with an example whose `instance` is the operation's path. */
function problemResponse(status: number, path: string, description?: string) {
  const problem = PROBLEMS[status];
  if (!problem) throw new Error(`The document does not know what a ${status} problem means: add it to PROBLEMS.`);
  const example = {
    type: problem.type ?? PROBLEM_TYPES + problem.title.toLowerCase().replace(/[^a-z0-9]+/g, "-"),
    title: problem.title,
    status,
    detail: problem.detail,
    instance: path,
    ...problem.more,
  };
  return {
    description: description ?? problem.description,
    content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" }, example } },
  };
}

/** An example, checked against the schema it illustrates: a wrong one fails the build of the document. */
function checkedExample(schema: z.ZodType, example: unknown, what: string): unknown {
  const result = schema.safeParse(example);
  if (!result.success) throw new Error(`The example of ${what} does not match its schema: ${result.error.message}`);
  return example;
}

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
  const inputs = [r.params, r.query, r.headers].filter((s) => s !== undefined);
  return inputs.some((s) => !(s instanceof z.ZodObject) || !Object.values(shapeOf(s)).every(acceptsAnything));
}

/** A query or header parameter: required unless its schema accepts its absence. */
function parameter(name: string, where: "query" | "header", schema: z.ZodType) {
  const json = jsonSchema(schema, "input");
  const description = schema.description ?? (typeof json.description === "string" ? json.description : undefined);
  return {
    name,
    in: where,
    required: !schema.safeParse(undefined).success,
    schema: json,
    ...(description ? { description } : {}),
  };
}

function operation(r: RecordedRoute) {
  const params = shapeOf(r.params);
  const query = shapeOf(r.query);
  const headers = shapeOf(r.headers);
  const parameters = [
    ...pathParameterNames(r.path).map((name) => ({
      name,
      in: "path",
      required: true,
      schema: params[name] ? jsonSchema(params[name], "input") : { type: "string" },
      ...(params[name]?.description ? { description: params[name].description } : {}),
    })),
    ...Object.entries(query).map(([name, schema]) => parameter(name, "query", schema)),
    ...Object.entries(headers).map(([name, schema]) => parameter(name, "header", schema)),
  ];
  const requestBody = r.rawBody
    ? {
        required: true,
        content: { [r.rawBody]: { schema: { type: "string", contentMediaType: r.rawBody } } },
      }
    : r.body
      ? {
          required: r.absentBody === undefined,
          content: {
            "application/json": {
              schema: jsonSchema(r.body, "input"),
              ...(r.bodyExample === undefined
                ? {}
                : { example: checkedExample(r.body, r.bodyExample, `${r.operationId}'s body`) }),
            },
          },
        }
      : undefined;
  const responses: Record<string, unknown> = {};
  for (const [status, response] of Object.entries(r.responses)) {
    const content: Record<string, unknown> = {};
    if (response.schema)
      content[response.mediaType ?? "application/json"] = {
        schema: jsonSchema(response.schema, "output"),
        ...(response.example === undefined
          ? {}
          : { example: checkedExample(response.schema, response.example, `${r.operationId}'s ${status}`) }),
      };
    for (const [mediaType, schema] of Object.entries(response.alternatives ?? {}))
      content[mediaType] = { schema: jsonSchema(schema, "output") };
    responses[status] = { description: response.description, ...(Object.keys(content).length ? { content } : {}) };
  }
  // Every authenticated write may be signed by its client (api/clientSigning.ts): `Prefer: sign=client` answers 202.
  const clientSigned = clientSignable(r);
  if (clientSigned) {
    parameters.push(...clientSigningParameters);
    const prepared = { schema: jsonSchema(PreparedTransaction, "output") };
    const own = responses[202] as { description: string; content: Record<string, { schema: unknown }> } | undefined;
    responses[202] = own
      ? {
          description: `${own.description}; or, with 'Prefer: sign=client', the transaction to sign`,
          content: {
            "application/json": { schema: { anyOf: [own.content["application/json"]!.schema, prepared.schema] } },
          },
        }
      : {
          description:
            "With 'Prefer: sign=client': the transaction to sign, then POST to /v1/transactions, which answers this write's response",
          content: { "application/json": prepared },
        };
  }
  // A JSON route refuses body bytes it would not read as JSON (api/route.ts): the methods that take a body say so.
  const unreadBody = r.method !== "get" && !r.rawBody ? [415] : [];
  const problems = new Set([
    ...(canRefuse(r) ? [400] : []),
    ...(r.open ? [] : [401]),
    ...unreadBody,
    ...(r.problems ?? []),
    ...(clientSigned ? [403, 409] : []),
  ]);
  const path = openApiPath(r.path);
  for (const status of [...problems].sort()) responses[status] = problemResponse(status, path);
  responses.default = problemResponse(500, path);
  return {
    operationId: r.operationId,
    summary: r.summary,
    tags: [r.tag],
    security: r.open ? [] : [{ apiKey: [] }, { session: [] }],
    ...(parameters.length ? { parameters } : {}),
    ...(requestBody ? { requestBody } : {}),
    responses,
  };
}

/** Whether a route may be sent with `Prefer: sign=client`: every authenticated write but the signature's own. */
export const clientSignable = (r: Pick<RecordedRoute, "open" | "method" | "path">) =>
  !r.open && r.method !== "get" && r.path !== "/v1/transactions";

/** The headers of a client-signed write (api/clientSigning.ts). */
const clientSigningParameters = [
  {
    name: "Prefer",
    in: "header",
    required: false,
    schema: { type: "string", enum: ["sign=client"] },
    description:
      "sign=client: the node checks and simulates the write as X-Signer and answers 202 with the transaction to sign " +
      "instead of signing it; POST the signed bytes to /v1/transactions within expiresAt. For an organization whose " +
      "key the node does not hold",
  },
  {
    name: "X-Signer",
    in: "header",
    required: false,
    schema: { type: "string", pattern: "^0x[0-9a-fA-F]{40}$" },
    description:
      "With Prefer: sign=client, the signer address that signs: one of the organization's registered signers",
  },
];

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
  {
    name: "Transactions",
    description: "Client-side signing: the signed transaction of a write sent with 'Prefer: sign=client'",
  },
  { name: "Console sign-in", description: "The web console's session: an API key becomes an HttpOnly cookie" },
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
        "Electronic bills of lading on chain, documents on IPFS. Organizations call it with their API key as 'Authorization: Bearer <key>', or from the web console (/console) with its session cookie.",
      license: { name: "Apache-2.0", identifier: "Apache-2.0" },
    },
    servers: [{ url: "/" }],
    tags: TAGS.filter((tag) => routes.some((r) => r.tag === tag.name)),
    components: {
      securitySchemes: {
        apiKey: { type: "http", scheme: "bearer" },
        session: {
          type: "apiKey",
          in: "cookie",
          name: "pp_session",
          description:
            "The web console's session cookie (POST /v1/session); a POST or DELETE made with it also sends the session's CSRF token as 'X-CSRF-Token'",
        },
      },
      schemas: {
        Problem: {
          type: "object",
          description: "RFC 9457 problem details; a refusal may carry more members, as described",
          required: ["type", "title", "status", "detail", "instance"],
          properties: {
            type: {
              type: "string",
              format: "uri",
              description: "What kind of problem; a contract's refusal names its error",
            },
            title: { type: "string" },
            status: { type: "integer", minimum: 400, maximum: 599 },
            detail: { type: "string", description: "What went wrong, in a sentence a clerk can act on" },
            instance: { type: "string", description: "The request's path" },
            errors: {
              type: "array",
              description: "Each offending field of the request, as a JSON pointer",
              items: {
                type: "object",
                required: ["pointer", "message"],
                properties: { pointer: { type: "string" }, message: { type: "string" } },
              },
            },
            contractError: {
              type: "object",
              description: "The contract's custom error, decoded, when the chain refused",
              required: ["name", "args"],
              properties: {
                name: { type: "string" },
                args: {
                  type: "object",
                  additionalProperties: true,
                  description:
                    "Its arguments by name; each organization as { orgId, name } (both null for a number no " +
                    "organization is registered with), never the registry's internal number",
                },
              },
            },
            carriers: {
              type: "array",
              description: "The carriers that issued B/Ls with this number: pick one with ?carrier=",
              items: { type: ["string", "null"] },
            },
            declaredType: {
              type: "string",
              description: "The media type an upload was sent as, when its bytes are something else (415)",
            },
            detectedType: { type: "string", description: "What the upload's bytes are, by their signature (415)" },
            transactions: {
              type: "array",
              description: "The transactions a failed request had sent, which may have taken effect (500)",
              items: { type: "string" },
            },
            document: {
              type: "string",
              description: "The document another request is changing right now (409): read it again and retry",
            },
            billOfLading: {
              type: "object",
              description: "The B/L the transport document already backs",
              properties: { blNumber: { type: "string" }, tokenId: { type: "string" }, version: { type: "integer" } },
            },
          },
          examples: [
            {
              type: `${PROBLEM_TYPES}conflict`,
              title: "Conflict",
              status: 409,
              detail: "Several carriers issued a B/L numbered 'PPBL0001': add ?carrier=<orgId>.",
              instance: "/v1/bills-of-lading/PPBL0001",
              carriers: ["MSCCARRIER0001", "SECONDCARRIER0001"],
            },
          ],
        },
      },
    },
    paths,
  };
}
