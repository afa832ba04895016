/** RFC 9457 problem details: every error the gateway returns. */
import type { ErrorRequestHandler, RequestHandler } from "express";

export interface FieldError {
  pointer: string;
  message: string;
}

/** An error that leaves the gateway as `application/problem+json` with this status. */
export class Problem extends Error {
  readonly status: number;
  readonly title: string;
  readonly type: string;
  readonly errors?: FieldError[];
  readonly extra?: Record<string, unknown>;

  constructor(
    status: number,
    title: string,
    detail: string,
    options: { type?: string; errors?: FieldError[]; extra?: Record<string, unknown> } = {},
  ) {
    super(detail);
    this.status = status;
    this.title = title;
    this.type = options.type ?? `https://paperless-port.dev/problems/${slug(title)}`;
    this.errors = options.errors;
    this.extra = options.extra;
  }
}

function slug(title: string): string {
  return title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
}

export const badRequest = (detail: string, errors?: FieldError[]) =>
  new Problem(400, "Bad request", detail, { errors });
export const unauthorized = (detail: string) => new Problem(401, "Unauthorized", detail);
export const forbidden = (detail: string) => new Problem(403, "Forbidden", detail);
export const notFound = (detail: string) => new Problem(404, "Not found", detail);
export const conflict = (detail: string, extra?: Record<string, unknown>) =>
  new Problem(409, "Conflict", detail, { extra });
export const unprocessable = (detail: string, errors?: FieldError[]) =>
  new Problem(422, "Unprocessable document", detail, { errors });
/**
 * None of the port community's nodes sent the content in time (504: this node's IPFS waited on its peers). Nothing
 * was changed; the content can be read again once the node that stored it is reachable.
 */
export const notOnPeers = (what: "document" | "file", failure: { cid: string; peers: number; timeoutMs: number }) =>
  new Problem(
    504,
    "Not found on the community's nodes",
    `No node of the community has the ${what} ${failure.cid} (asked ${failure.peers} ` +
      `peer${failure.peers === 1 ? "" : "s"} for ${failure.timeoutMs / 1000} s). Try again once the node that ` +
      `stored it is reachable.`,
  );
export const unsupportedMediaType = (detail: string) => new Problem(415, "Unsupported media type", detail);

/**
 * The 500 for a request that failed, true about what it changed: nothing when it broadcast no transaction (what it
 * stored before the send was undone), else the transactions it sent, which may have taken effect.
 */
export function internalError(sent: readonly string[]): Problem {
  if (sent.length === 0) {
    return new Problem(
      500,
      "Internal error",
      "The gateway failed to handle the request and sent no transaction, so nothing was changed: it is safe to retry.",
    );
  }
  const which = sent.length === 1 ? `transaction ${sent[0]}` : `transactions ${sent.join(", ")}`;
  return new Problem(
    500,
    "Internal error",
    `The gateway failed to handle the request after it sent ${which}, which may have taken effect: read the ` +
      "resource again before retrying.",
    { extra: { transactions: [...sent] } },
  );
}

/** A known path asked with a method it does not take; `allow` lists those it takes (sent as the Allow header). */
export class MethodNotAllowed extends Problem {
  readonly allow: string[];
  constructor(method: string, path: string, allow: string[]) {
    super(405, "Method not allowed", `${path} does not take ${method}: use ${allow.join(", ")}.`);
    this.allow = allow;
  }
}

/** The members of a problem's JSON body. */
function problemBody(problem: Problem, instance: string) {
  return {
    type: problem.type,
    title: problem.title,
    status: problem.status,
    detail: problem.message,
    instance,
    ...(problem.errors ? { errors: problem.errors } : {}),
    ...(problem.extra ?? {}),
  };
}

/**
 * A whole HTTP/1.1 response carrying this problem, for the socket itself: what the server writes when Node's parser
 * refuses a request before Express sees it (headers too large, a malformed request line). The connection is closed.
 */
export function rawProblemResponse(problem: Problem, instance = "/"): string {
  const body = JSON.stringify(problemBody(problem, instance)) + "\n";
  return [
    `HTTP/1.1 ${problem.status} ${problem.title}`,
    "Content-Type: application/problem+json; charset=utf-8",
    `Content-Length: ${Buffer.byteLength(body)}`,
    "Connection: close",
    "",
    body,
  ].join("\r\n");
}

/** Routes that do not exist. */
export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(notFound(`There is no ${req.method} ${req.path}.`));
};

/** Turns anything thrown into problem+json; never leaks a stack trace. */
export const problemHandler: ErrorRequestHandler = (err, req, res, _next) => {
  let problem: Problem;
  if (err instanceof Problem) {
    problem = err;
  } else if (err?.type === "entity.parse.failed") {
    problem = badRequest("The request body is not valid JSON.");
  } else if (err?.type === "entity.too.large") {
    problem = new Problem(413, "Payload too large", "The request body is larger than the gateway accepts.");
  } else if (err?.type === "charset.unsupported" || err?.type === "encoding.unsupported") {
    problem = unsupportedMediaType(`${String(err.message)}: send the body as UTF-8 JSON, uncompressed or gzip.`);
  } else if (typeof err?.status === "number" && err.status >= 400 && err.status < 500) {
    problem = new Problem(err.status, "Bad request", String(err.message));
  } else {
    console.error(`[gateway] ${req.method} ${req.originalUrl} failed:`, err);
    problem = internalError((res.locals.writes as { sent: string[] } | undefined)?.sent ?? []);
  }
  if (problem instanceof MethodNotAllowed) res.set("Allow", problem.allow.join(", "));
  res.status(problem.status).type("application/problem+json").json(problemBody(problem, req.originalUrl));
};
