/**
 * Who may call what, decided in one place. Everything under /v1 needs an API key unless it is on `OPEN_ROUTES`; the
 * caller is authenticated once and put on `res.locals.caller`; guards check its kind and roles before a handler runs.
 * Services keep their own domain checks (a B/L's parties, an e-EIR's facilities), and the contracts have the last word.
 */
import type { RequestHandler } from "express";
import { SessionStore, sessionIdOf, type Session } from "../console/sessions.ts";
import { OPERATOR, type Caller, type GatewayContext } from "../context.ts";
import type { Role } from "../domain.ts";
import { forbidden, Problem, unauthorized } from "../problem.ts";

declare module "express-serve-static-core" {
  interface Locals {
    /** The authenticated caller, set by `authenticate` on every /v1 route that is not open. */
    caller?: Caller;
    /** The console session the caller came with (its cookie), when it sent no API key. */
    session?: Session;
  }
}

/**
 * The only routes under /v1 that answer without a key: verifying a document or an e-EIR, the public figures, and
 * signing in and out of the console (signing in takes the key in its body; signing out ends whatever session the
 * cookie names).
 */
export const OPEN_ROUTES: readonly { method: "get" | "post" | "delete"; path: string }[] = [
  { method: "post", path: "/v1/session" },
  { method: "delete", path: "/v1/session" },
  { method: "post", path: "/v1/verify" },
  { method: "get", path: "/v1/verify/:documentChecksum" },
  { method: "get", path: "/v1/equipment-interchanges/:id/verify" },
  { method: "get", path: "/v1/release-times" },
];

/**
 * What a revoked organization's key may still do (decision 0007): give title it holds back out, by the B/L acts of a
 * holder. The contract decides which of them it may still take; everything else, reads included, is refused here.
 */
export const TITLE_RETURN_ROUTES: readonly { method: "post"; path: string }[] = [
  "transfer",
  "endorse",
  "endorse-and-deliver",
  "blank-endorse",
  "reject-transfer",
  "surrender",
].map((action) => ({ method: "post", path: `/v1/bills-of-lading/:blNumber/${action}` }));

/** The prefix whose routes need a key by default. */
export const PROTECTED_PREFIX = "/v1";

/** Whether a route declared with this method and Express path is open (outside /v1, or on `OPEN_ROUTES`). */
export function isOpenRoute(method: string, path: string): boolean {
  if (path !== PROTECTED_PREFIX && !path.startsWith(`${PROTECTED_PREFIX}/`)) return true;
  return OPEN_ROUTES.some((r) => r.method === method && r.path === path);
}

/** `:name` segments match one path segment; Express matches paths case-insensitively, with an optional final slash. */
function matcher(path: string): RegExp {
  const pattern = path
    .split("/")
    .map((segment) => (segment.startsWith(":") ? "[^/]+" : segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")))
    .join("/");
  return new RegExp(`^${pattern}/?$`, "i");
}

/** The detail of a 401 for a key this node never issued (or revoked). */
const INVALID_API_KEY =
  "This API key is not valid on this node: check the key, and that you are calling your organization's own node " +
  "(a node accepts only the API keys it issued).";

/** The caller an `Authorization: Bearer <key>` header stands for, or 401. */
export function callerOf(ctx: GatewayContext, authorization: string | undefined): Caller {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? "");
  if (!match)
    throw unauthorized(
      "Send your API key as 'Authorization: Bearer <key>' (or sign in to the console, POST /v1/session, for a session cookie).",
    );
  const orgId = ctx.apiKeys.orgIdOf(match[1]);
  // In a port community the likeliest cause is a key of another node: each node knows only the keys it issued.
  if (!orgId) throw unauthorized(INVALID_API_KEY);
  return callerOfOrgId(ctx, orgId);
}

/** The caller a live API key of `orgId` stands for, or 401: the same rules for a key and a console session. */
export function callerOfOrgId(ctx: GatewayContext, orgId: string): Caller {
  if (orgId === OPERATOR) return { kind: "operator", orgId: OPERATOR };
  // A key left from before the node's configuration dropped the organization: its own node serves it now.
  if (!ctx.nodeOrganizations.serves(orgId)) {
    throw unauthorized(`This node does not serve ${orgId}: use ${orgId}'s own node and its API keys.`);
  }
  const organization = ctx.index.organizationByOrgId(orgId);
  if (!organization) throw unauthorized("This API key's organization is not registered on chain.");
  return { kind: "organization", orgId, org: organization.org };
}

/**
 * 403 unless the caller's organization is active: a suspended organization's key reads and does nothing until the
 * operator reinstates it; a revoked one's only gives title back out (`mayReturnTitle`: the request is one of those).
 */
export function requireStanding(ctx: GatewayContext, caller: Caller, mayReturnTitle: boolean): void {
  if (caller.kind !== "organization") return;
  const organization = ctx.index.organization(caller.org);
  const name = organization ? `${organization.name} (${caller.orgId})` : caller.orgId;
  if (organization?.status === "suspended") {
    throw forbidden(
      `${name} is suspended: its API keys can read and do nothing until the port community's operator reinstates it.`,
    );
  }
  if (organization?.status === "revoked" && !mayReturnTitle) {
    throw forbidden(
      `${name} is revoked: its API keys can read nothing; they may only give title it still holds back out ` +
        "(transfer, endorse and deliver, or reject a transfer of a B/L).",
    );
  }
}

/** Methods that change nothing: a session's requests with any other method must carry its CSRF token. */
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * The caller a console session stands for, or 401 (no session, expired, or its key revoked). An unsafe request must
 * carry the session's CSRF token, or it is refused with 403 before anything reads it.
 */
export function callerOfSession(
  ctx: GatewayContext,
  session: Session | undefined,
  method: string,
  csrfToken: string | undefined,
): Caller {
  if (!session) {
    throw unauthorized(
      "Your console session has ended or expired: sign in again (or send your API key as 'Authorization: Bearer <key>').",
    );
  }
  const orgId = ctx.apiKeys.orgIdOfKeyId(session.keyId);
  if (orgId !== session.orgId)
    throw unauthorized("The API key this session was opened with was revoked: sign in again.");
  if (!SAFE_METHODS.has(method) && !SessionStore.csrfMatches(session, csrfToken)) throw csrfRefused();
  return callerOfOrgId(ctx, orgId);
}

/** 403 for a console request that changes something without its session's CSRF token. */
export const csrfRefused = () =>
  new Problem(
    403,
    "CSRF token missing or wrong",
    "This request came with the console's session cookie but without its CSRF token: send the token sign-in gave as 'X-CSRF-Token' (reload the console to get it again).",
  );

/**
 * Default deny for /v1: mounted at the prefix, it authenticates every request that is not for an open route, before
 * any route (or body parser) sees it, and puts the caller on `res.locals.caller`. The API key in `Authorization`
 * decides when there is one; otherwise the console's session cookie, with its CSRF token on unsafe methods.
 */
export function authenticate(ctx: GatewayContext, sessions: SessionStore): RequestHandler {
  const open = OPEN_ROUTES.map((r) => ({ method: r.method, path: matcher(r.path) }));
  const titleReturn = TITLE_RETURN_ROUTES.map((r) => ({ method: r.method, path: matcher(r.path) }));
  return (req, res, next) => {
    const method = req.method === "HEAD" ? "get" : req.method.toLowerCase();
    const path = req.baseUrl + req.path;
    if (open.some((r) => r.method === method && r.path.test(path))) return next();
    const sessionId = req.headers.authorization === undefined ? sessionIdOf(req.headers.cookie) : undefined;
    let caller: Caller;
    if (sessionId === undefined) caller = callerOf(ctx, req.headers.authorization);
    else {
      const session = sessions.get(sessionId);
      const csrf = req.headers["x-csrf-token"];
      caller = callerOfSession(ctx, session, req.method, typeof csrf === "string" ? csrf : undefined);
      res.locals.session = session;
    }
    requireStanding(
      ctx,
      caller,
      titleReturn.some((r) => r.method === method && r.path.test(path)),
    );
    res.locals.caller = caller;
    next();
  };
}

/** A check on the caller that a route runs before its handler; it throws a problem to refuse. */
export type Guard = (caller: Caller) => void;

/** Only the port community's operator. */
export const requireOperator: Guard = (caller) => {
  if (caller.kind !== "operator") throw forbidden("Only the port community's operator may do this.");
};

/** Only an organization, never the operator; `detail` says why to the operator. */
export const requireOrganization =
  (detail: string): Guard =>
  (caller) => {
    if (caller.kind !== "organization") throw forbidden(detail);
  };

/**
 * Only an organization holding `role`. `detail.operator` refuses the operator; `detail.lacking` names the organization
 * that lacks the role.
 */
export const requireRole =
  (ctx: GatewayContext, role: Role, detail: { operator: string; lacking: (name: string) => string }): Guard =>
  (caller) => {
    if (caller.kind !== "organization") throw forbidden(detail.operator);
    const organization = ctx.index.organization(caller.org);
    if (!organization?.roles.includes(role)) throw forbidden(detail.lacking(organization?.name ?? caller.orgId));
  };
