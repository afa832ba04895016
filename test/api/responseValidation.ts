/**
 * Every response the API tests receive through supertest is checked against the schema the app's own OpenAPI
 * document gives for its operation and status (problem+json against the Problem schema). A response that does not
 * match fails the request, and so the test, with the path, the status and what ajv found.
 */
import type { Server } from "node:http";
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import request from "supertest";
import type { Response } from "supertest";
import { openApiDocument } from "../../api/openapi.ts";
import { routesOf, type createApp } from "../../api/app.ts";

type App = ReturnType<typeof createApp>;

/** Properties that name an organization in a response: each must be `{ orgId, name }` (or null), never a number. */
export const PARTY_PROPERTIES = new Set([
  ...["agent", "carrier", "consignee", "endorsee", "expected", "facility", "haulier", "holder", "issuer"],
  ...["principal", "releaseParty", "terminal", "outFacility", "returnFacility", "actor", "recipient"],
  ...["controlledBy", "by", "endorsedBy", "rejectedBy", "surrenderedBy", "uploadedBy", "org"],
]);

/**
 * Where a JSON body names an organization by the registry's internal number: a property that names a party (or `org`,
 * the number's own name) holding a number. Issue 11: responses and problems name organizations by orgId and name.
 */
export function organizationNumbersIn(body: unknown, path = ""): string[] {
  if (Array.isArray(body)) return body.flatMap((item, i) => organizationNumbersIn(item, `${path}/${i}`));
  if (!body || typeof body !== "object") return [];
  return Object.entries(body).flatMap(([key, value]) => [
    ...(PARTY_PROPERTIES.has(key) && typeof value === "number" ? [`${path}/${key}`] : []),
    ...organizationNumbersIn(value, `${path}/${key}`),
  ]);
}
type Document = ReturnType<typeof openApiDocument>;
interface MediaType {
  schema?: unknown;
}
interface Operation {
  responses: Record<string, { content?: Record<string, MediaType> }>;
}

/** One app's operations, matched by method and path, with their compiled response schemas. */
export class DocumentValidator {
  private readonly operations: { method: string; pattern: RegExp; path: string; operation: Operation }[] = [];
  private readonly ajv = new Ajv2020({ strict: false, allErrors: true });
  private readonly compiled = new Map<unknown, ValidateFunction>();

  constructor(document: Document) {
    addFormats.default(this.ajv);
    this.ajv.addSchema(document.components.schemas.Problem, "#/components/schemas/Problem");
    for (const [path, methods] of Object.entries(document.paths)) {
      const pattern = new RegExp(`^${path.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{[^}/]+\}/g, "[^/]+")}$`);
      for (const [method, operation] of Object.entries(methods))
        this.operations.push({ method, pattern, path, operation: operation as Operation });
    }
  }

  private validator(schema: unknown): ValidateFunction {
    let validate = this.compiled.get(schema);
    if (!validate) {
      const resolved =
        (schema as { $ref?: string }).$ref === "#/components/schemas/Problem"
          ? this.ajv.getSchema("#/components/schemas/Problem")!.schema
          : schema;
      validate = this.ajv.compile(resolved as object);
      this.compiled.set(schema, validate);
    }
    return validate;
  }

  /** What is wrong with this response, or undefined when it matches the document and names no registry number. */
  check(method: string, url: string, res: Response): string | undefined {
    const found = this.checkDocumented(method, url, res);
    if (found) return found;
    const numbers = /json/.test(String(res.headers["content-type"])) ? organizationNumbersIn(res.body) : [];
    if (numbers.length === 0) return undefined;
    const { pathname } = new URL(url);
    return `${method.toUpperCase()} ${pathname} answered ${res.status} naming organizations by registry number at ${numbers.join(", ")}: body: ${JSON.stringify(res.body).slice(0, 2000)}`;
  }

  private checkDocumented(method: string, url: string, res: Response): string | undefined {
    const { pathname } = new URL(url);
    const found = this.operations.find((o) => o.method === method.toLowerCase() && o.pattern.test(pathname));
    const contentType = String(res.headers["content-type"] ?? "")
      .split(";")[0]
      .trim();
    const where = `${method.toUpperCase()} ${pathname} answered ${res.status}${contentType ? ` (${contentType})` : ""}`;
    const isJson = /^application\/(.+\+)?json$/.test(contentType);
    if (!found) {
      // Outside the declared routes (the document itself, /docs, unknown paths): only problems are checked.
      if (contentType !== "application/problem+json") return undefined;
      return this.validate(where, { $ref: "#/components/schemas/Problem" }, res.body);
    }
    const responses = found.operation.responses;
    const declared = responses[String(res.status)];
    if (!declared && res.status < 300) return `${where}, a status ${found.path} does not document`;
    const response = declared ?? responses.default;
    if (!response.content) {
      return res.text ? `${where} with a body, but the document gives that status none` : undefined;
    }
    const media =
      response.content[contentType] ?? response.content[`${contentType.split("/")[0]}/*`] ?? response.content["*/*"];
    if (!media) {
      const documented = Object.keys(response.content).join(", ");
      return `${where}, but the document gives ${documented} for that status`;
    }
    // A file served as it was stored (a JSON attachment) is bytes, not a JSON document of the API.
    const binary = (media.schema as { format?: string } | undefined)?.format === "binary";
    if (!isJson || media.schema === undefined || binary) return undefined;
    return this.validate(where, media.schema, res.body);
  }

  private validate(where: string, schema: unknown, body: unknown): string | undefined {
    const validate = this.validator(schema);
    if (validate(body)) return undefined;
    const errors = (validate.errors ?? []).map(
      (e) => `  ${e.instancePath || "/"} ${e.message} ${JSON.stringify(e.params)}`,
    );
    return `${where}, which does not match its documented schema:\n${errors.join("\n")}\nbody: ${JSON.stringify(body).slice(0, 2000)}`;
  }
}

const validators = new WeakMap<App, DocumentValidator>();

function validatorOf(app: App): DocumentValidator | undefined {
  if (!app?.locals?.routes) return undefined;
  let validator = validators.get(app);
  if (!validator) {
    validator = new DocumentValidator(openApiDocument(routesOf(app)));
    validators.set(app, validator);
  }
  return validator;
}

type Assert = (
  this: request.Test,
  resError: unknown,
  res: Response,
  fn?: (err: unknown, res: Response) => void,
) => void;
interface TestInternals {
  app: Server | string;
  method: string;
  url: string;
}

const INSTALLED = Symbol.for("paperless-port.responseValidation");
const proto = request.Test.prototype as unknown as { assert: Assert; [INSTALLED]?: true };

// supertest calls `assert` once per response, before the awaiting test sees it: the check goes in there.
if (!proto[INSTALLED]) {
  proto[INSTALLED] = true;
  const original = proto.assert;
  proto.assert = function (this: request.Test, resError, res, fn) {
    const test = this as unknown as TestInternals;
    const app = typeof test.app === "string" ? undefined : (test.app.listeners("request")[0] as App | undefined);
    const validator = app && validatorOf(app);
    const problem = res && validator ? validator.check(test.method, test.url, res) : undefined;
    const violation = problem ? new Error(`Response does not match the OpenAPI document: ${problem}`) : undefined;
    original.call(this, resError, res, fn && ((err, r) => fn(err ?? violation, r)));
  };
}
