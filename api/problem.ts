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
  } else if (typeof err?.status === "number" && err.status >= 400 && err.status < 500) {
    problem = new Problem(err.status, "Bad request", String(err.message));
  } else {
    console.error(`[gateway] ${req.method} ${req.originalUrl} failed:`, err);
    problem = new Problem(
      500,
      "Internal error",
      "The gateway failed to handle the request. Part of it may have taken effect: read the resource again before retrying.",
    );
  }
  res
    .status(problem.status)
    .type("application/problem+json")
    .json({
      type: problem.type,
      title: problem.title,
      status: problem.status,
      detail: problem.message,
      instance: req.originalUrl,
      ...(problem.errors ? { errors: problem.errors } : {}),
      ...(problem.extra ?? {}),
    });
};
