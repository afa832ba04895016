/**
 * The web console: its sign-in routes (`/v1/session`) and its pages (`/console`, built by `npm run build:console`
 * into dist/console, served from this node with a strict Content-Security-Policy; `/` redirects there).
 */
import { existsSync } from "node:fs";
import path from "node:path";
import express, { Router, type RequestHandler } from "express";
import { Problem, unauthorized } from "../problem.ts";
import type { ApiRouter } from "../route.ts";
import { CONSOLE_DIST } from "./dist.ts";
import { SessionView, SignIn } from "./schemas.ts";
import type { SessionService } from "./service.ts";
import { sessionCookie, sessionIdOf } from "./sessions.ts";

const tag = "Console sign-in";

export function sessionRoutes(api: ApiRouter, service: SessionService): ApiRouter {
  api.route(
    {
      method: "post",
      path: "/v1/session",
      operationId: "signIn",
      summary: "Sign in to the web console with an API key: sets the HttpOnly session cookie, returns its CSRF token",
      tag,
      body: SignIn,
      responses: { 201: { description: "Signed in: the session cookie is set", schema: SessionView } },
      problems: [401, 403],
    },
    async ({ body, req, res, reply }) => {
      const { session, caller } = service.signIn(body.apiKey);
      res.set(
        "Set-Cookie",
        sessionCookie({ id: session.id, secondsLeft: service.sessions.secondsLeft(session) }, req.secure),
      );
      res.set("Cache-Control", "no-store");
      reply(201, await service.view(session, caller));
    },
  );

  api.route(
    {
      method: "get",
      path: "/v1/session",
      operationId: "getSession",
      summary: "The console session: who I am, its CSRF token and its expiry",
      tag,
      responses: { 200: { description: "The session the cookie names", schema: SessionView } },
      problems: [403],
    },
    async ({ caller, res, reply }) => {
      const session = res.locals.session;
      if (!session) throw unauthorized("This request carries no console session: sign in with POST /v1/session.");
      res.set("Cache-Control", "no-store");
      reply(200, await service.view(session, caller));
    },
  );

  api.route(
    {
      method: "delete",
      path: "/v1/session",
      operationId: "signOut",
      summary: "Sign out of the web console: the session ends and its cookie is cleared",
      tag,
      responses: { 204: { description: "Signed out (also when there was no session)" } },
      problems: [403],
    },
    ({ req, res }) => {
      const session = service.sessions.get(sessionIdOf(req.headers.cookie));
      const csrf = req.headers["x-csrf-token"];
      service.signOut(session, typeof csrf === "string" ? csrf : undefined);
      res.set("Set-Cookie", sessionCookie(undefined, req.secure));
      res.status(204).end();
    },
  );
  return api;
}

/** Nothing but this node: its own scripts, styles, images (and data: images) and API. */
export const CONSOLE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

const withPolicy: RequestHandler = (_req, res, next) => {
  res.set({
    "Content-Security-Policy": CONSOLE_CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
  });
  next();
};

/** `/` and `/console` lead to the console's page; its files come from `dist` (the built bundle). */
export function consolePages(dist = CONSOLE_DIST): Router {
  const router = Router();
  router.get("/", (_req, res) => res.redirect(302, "/console/"));
  router.use("/console", withPolicy);
  router.use("/console", (req, _res, next) => {
    if (existsSync(path.join(dist, "index.html"))) return next();
    next(
      new Problem(
        503,
        "Console not built",
        "This node's web console is not built: run 'npm run build:console' (npm install, start, serve and test build it).",
      ),
    );
  });
  router.get("/console", (req, res, next) =>
    req.originalUrl.split("?")[0] === "/console" ? res.redirect(301, "/console/") : next(),
  );
  router.use(
    "/console",
    express.static(dist, {
      index: "index.html",
      redirect: false,
      // The bundle's file names carry their hashes, so they never change; the page itself is always asked again.
      setHeaders: (res, file) =>
        res.set("Cache-Control", file.endsWith(".html") ? "no-cache" : "public, max-age=31536000, immutable"),
    }),
  );
  return router;
}
