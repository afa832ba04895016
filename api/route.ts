/**
 * One declaration per route: its method, path, inputs and responses validate the request, type the handler and
 * document the operation. The routes are recorded in the app's own registry, never in module state.
 */
import { Router, type Request, type RequestHandler, type Response } from "express";
import type { z } from "zod";
import type { Guard } from "./auth/middleware.ts";
import { ClientSigningSession, runClientSigned } from "./clientSigning.ts";
import type { Caller } from "./context.ts";
import { badRequest, MethodNotAllowed, unsupportedMediaType } from "./problem.ts";
import { parse } from "./validation.ts";

export type Method = "get" | "post" | "delete";

/** A successful response: its description and, unless it has no body, its schema and media type. */
export interface SuccessResponse {
  description: string;
  /** The body's schema; absent for a response without a body (204). */
  schema?: z.ZodType;
  /** `application/json` unless said otherwise (a stream, CSV, a file). */
  mediaType?: string;
  /** A second media type the same status may answer with (the CSV of release times). */
  alternatives?: Record<string, z.ZodType>;
  /** An example body, shown in the reference; building the document checks it against `schema`. */
  example?: unknown;
}

/**
 * What a route declares. `params`, `query`, `headers` and `body` are zod schemas; `problems` the 4xx/5xx statuses it
 * gives.
 */
export interface RouteSpec<
  P extends z.ZodType | undefined = z.ZodType | undefined,
  Q extends z.ZodType | undefined = z.ZodType | undefined,
  B extends z.ZodType | undefined = z.ZodType | undefined,
  R extends Responses = Responses,
  H extends z.ZodType | undefined = z.ZodType | undefined,
> {
  method: Method;
  /** An Express path: `:name` is a path parameter. */
  path: string;
  operationId: string;
  summary: string;
  tag: string;
  params?: P;
  query?: Q;
  /** The request headers the handler reads, by their lower-case names (an object schema). */
  headers?: H;
  body?: B;
  /** An example request body, shown in the reference; building the document checks it against `body`. */
  bodyExample?: unknown;
  /** What an absent body is read as (the B/L actions read none as `{}`); without it, an absent body is undefined. */
  absentBody?: unknown;
  /** The body is streamed raw, not JSON: documented with this media type and not parsed. */
  rawBody?: string;
  /** Checks on the caller, after the input is validated and before the handler runs. */
  guards?: Guard[];
  /** Every successful response (and any other the route answers with a body of its own, such as /health's 503). */
  responses: R;
  /** The problem statuses the route can answer with, besides 400 (malformed input) and 401 (no or bad key). */
  problems?: number[];
}

export type Responses = Record<number, SuccessResponse>;

type Infer<S> = S extends z.ZodType ? z.output<S> : undefined;

/** The body a declared status is sent with: what its schema describes. */
type BodyOf<X> = X extends { schema: infer T extends z.ZodType } ? z.input<T> : never;

/** Sends a JSON body with one of the route's declared statuses; the body is type-checked against that status's schema. */
export type Reply<R> = <S extends keyof R & number>(status: S, body: BodyOf<R[S]>) => void;

/** What a handler is given: the validated inputs, the caller (authenticated routes only) and Express's objects. */
export interface RouteInput<P, Q, B, R, H = undefined> {
  params: Infer<P>;
  query: Infer<Q>;
  headers: Infer<H>;
  body: Infer<B>;
  /** The authenticated caller; reading it on an open route is a programming error. */
  caller: Caller;
  /** Sends a declared JSON response; use `res` itself for streams, files, CSV, headers or no body. */
  reply: Reply<R>;
  req: Request;
  res: Response;
}

export type Handler<P, Q, B, R, H = undefined> = (input: RouteInput<P, Q, B, R, H>) => unknown;

/** A route as recorded in the registry, for the OpenAPI document. */
export type RecordedRoute = RouteSpec & { open: boolean };

/** One app's routes: registered on Express routers and recorded for its OpenAPI document. */
export class RouteRegistry {
  readonly routes: RecordedRoute[] = [];
  private readonly isOpen: (method: string, path: string) => boolean;

  /** `isOpen` says whether a declared route needs no key: the one list of open routes decides. */
  constructor(isOpen: (method: string, path: string) => boolean) {
    this.isOpen = isOpen;
  }

  /** A router whose `route(...)` declarations are recorded here. */
  router(): ApiRouter {
    return new ApiRouter(this);
  }

  record(spec: RouteSpec): RecordedRoute {
    const operationIds = new Set(this.routes.map((r) => r.operationId));
    if (operationIds.has(spec.operationId)) throw new Error(`Two routes are named ${spec.operationId}.`);
    const recorded = { ...spec, open: this.isOpen(spec.method, spec.path) };
    this.routes.push(recorded);
    return recorded;
  }

  /**
   * 405 with `Allow` for a path some route declares, asked with a method none of them takes; placed after every
   * route, so it sees only requests no route answered. `also` adds routes served outside the registry.
   */
  methodNotAllowed(also: { method: Method | "get"; path: string }[] = []): RequestHandler {
    return (req, _res, next) => {
      const methods = new Set(
        [...this.routes, ...also].filter((r) => pathMatcher(r.path).test(req.path)).map((r) => r.method.toUpperCase()),
      );
      if (methods.size === 0 || methods.has(req.method)) return next();
      if (methods.has("GET")) methods.add("HEAD");
      next(new MethodNotAllowed(req.method, req.path, [...methods].sort()));
    };
  }
}

/** An Express path as a regular expression: `:name` is one segment; case-insensitive, with an optional final slash. */
export function pathMatcher(path: string): RegExp {
  const pattern = path
    .split("/")
    .map((segment) => (segment.startsWith(":") ? "[^/]+" : segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")))
    .join("/");
  return new RegExp(`^${pattern}/?$`, "i");
}

const JSON_TYPES = ["application/json", "application/*+json"];

/** Whether the request carries body bytes (a positive Content-Length, or a chunked body). */
const sendsBody = (req: Request) =>
  req.headers["transfer-encoding"] !== undefined || Number(req.headers["content-length"] ?? 0) > 0;

/**
 * 415 for body bytes the route would not read as JSON: the JSON parser leaves any other media type unread, and
 * reading such a request as if it had no body would act on what the caller did not mean.
 */
function refuseUnreadBody(spec: RouteSpec, req: Request): void {
  if (spec.rawBody || !sendsBody(req) || req.is(JSON_TYPES)) return;
  const sent = req.headers["content-type"] ? `'${req.headers["content-type"]}'` : "no Content-Type";
  throw unsupportedMediaType(
    spec.body
      ? `${spec.method.toUpperCase()} ${spec.path} takes a JSON body: send it as 'Content-Type: application/json' (this request sent ${sent}).`
      : `${spec.method.toUpperCase()} ${spec.path} takes no body: send none (this request sent ${sent}).`,
  );
}

/**
 * The client-signing session of a write sent with `Prefer: sign=client` (see api/clientSigning.ts), which names its
 * signer in `X-Signer`; undefined for any other request. Reads ignore the preference.
 */
function clientSigning(spec: RouteSpec, req: Request, res: Response): ClientSigningSession | undefined {
  if (spec.method === "get") return undefined;
  const prefer = String(req.headers.prefer ?? "");
  if (!/(^|[,;\s])sign=client($|[,;\s])/i.test(prefer)) return undefined;
  const signer = req.headers["x-signer"];
  if (typeof signer !== "string" || !/^0x[0-9a-fA-F]{40}$/.test(signer)) {
    throw badRequest(
      "A write with 'Prefer: sign=client' names its signer: send 'X-Signer: 0x…', one of your organization's signer addresses.",
    );
  }
  return new ClientSigningSession(signer, res);
}

/**
 * The response a client-signed write's handler writes to: always the current one (the write request's, then that of
 * the `POST /v1/transactions` that brought the signature), even when the handler took `res` before it submitted.
 */
function currentResponse(response: () => Response): Response {
  return new Proxy({} as Response, {
    get: (_, key) => {
      const target = response();
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
    set: (_, key, value) => Reflect.set(response(), key, value),
  });
}

/** An Express router that takes route declarations. */
export class ApiRouter {
  readonly router = Router();
  private readonly registry: RouteRegistry;

  constructor(registry: RouteRegistry) {
    this.registry = registry;
  }

  /** Declares a route: validates params, query and body, runs the guards, then the handler. */
  route<
    P extends z.ZodType | undefined = undefined,
    Q extends z.ZodType | undefined = undefined,
    B extends z.ZodType | undefined = undefined,
    R extends Responses = Responses,
    H extends z.ZodType | undefined = undefined,
  >(spec: RouteSpec<P, Q, B, R, H>, handler: Handler<P, Q, B, R, H>): this {
    const recorded = this.registry.record(spec as unknown as RouteSpec);
    const declared = new Set(Object.keys(spec.responses).map(Number));
    const run: RequestHandler = async (req, res) => {
      refuseUnreadBody(spec as unknown as RouteSpec, req);
      const params = spec.params ? parse(spec.params, req.params) : undefined;
      const query = spec.query ? parse(spec.query, req.query) : undefined;
      const headers = spec.headers ? parse(spec.headers, req.headers) : undefined;
      const body = spec.body ? parse(spec.body, req.body ?? spec.absentBody) : undefined;
      const caller = res.locals.caller;
      if (!recorded.open) {
        if (!caller) throw new Error(`${spec.method.toUpperCase()} ${spec.path} was reached unauthenticated.`);
        for (const guard of spec.guards ?? []) guard(caller);
      }
      const session = clientSigning(spec as unknown as RouteSpec, req, res);
      const response = () => session?.res ?? res;
      const work = () =>
        handler({
          params: params as Infer<P>,
          query: query as Infer<Q>,
          headers: headers as Infer<H>,
          body: body as Infer<B>,
          get caller(): Caller {
            if (!caller) throw new Error(`${spec.method.toUpperCase()} ${spec.path} is open: it has no caller.`);
            return caller;
          },
          reply: (status, body) => {
            if (!declared.has(status)) throw new Error(`${spec.operationId} does not declare a ${status} response.`);
            response().status(status).json(body);
          },
          req,
          res: session ? currentResponse(response) : res,
        });
      if (!session) return void (await work());
      const answered = session.answerOn(res);
      runClientSigned(session, async () => work()).then(
        () => session.ended(),
        (error: unknown) => session.ended(error),
      );
      await answered;
    };
    this.router[spec.method](spec.path, run);
    return this;
  }
}
