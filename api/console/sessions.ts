/**
 * The web console's sign-in sessions, in memory: a random session id (the HttpOnly cookie) stands for one API key,
 * remembered by its key id, never the key. A session ends at sign-out, at its expiry, when its key is revoked, or
 * when the node restarts (then the console asks to sign in again). Each session has its CSRF token, which the page
 * sends back as `X-CSRF-Token` on every unsafe request; the browser's storage never holds the key or the token.
 */
import { randomBytes, timingSafeEqual } from "node:crypto";

/** The cookie that carries the session id. */
export const SESSION_COOKIE = "pp_session";
/** How long a session lasts from sign-in: a working day at the desk or the gate. */
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;

export interface Session {
  id: string;
  csrfToken: string;
  /** The API key it was opened with, by id: revoking the key ends the session. */
  keyId: string;
  orgId: string;
  expiresAt: number;
}

export class SessionStore {
  private readonly sessions = new Map<string, Session>();
  private readonly ttlMs: number;
  private readonly now: () => number;

  /** `now` is the clock (tests move it); `ttlMs` how long a session lasts. */
  constructor(options: { ttlMs?: number; now?: () => number } = {}) {
    this.ttlMs = options.ttlMs ?? SESSION_TTL_MS;
    this.now = options.now ?? Date.now;
  }

  open(keyId: string, orgId: string): Session {
    this.sweep();
    const session = {
      id: token(),
      csrfToken: token(),
      keyId,
      orgId,
      expiresAt: this.now() + this.ttlMs,
    };
    this.sessions.set(session.id, session);
    return session;
  }

  /** The live session with this id, or undefined (unknown, ended or expired). */
  get(id: string | undefined): Session | undefined {
    if (!id) return undefined;
    const session = this.sessions.get(id);
    if (!session) return undefined;
    if (session.expiresAt <= this.now()) {
      this.sessions.delete(id);
      return undefined;
    }
    return session;
  }

  /** Whole seconds until the session expires, by this store's clock: the cookie's Max-Age. */
  secondsLeft(session: Session): number {
    return Math.max(0, Math.floor((session.expiresAt - this.now()) / 1000));
  }

  close(id: string): void {
    this.sessions.delete(id);
  }

  /** Whether `sent` is the session's CSRF token, compared in constant time. */
  static csrfMatches(session: Session, sent: string | undefined): boolean {
    if (!sent) return false;
    const a = Buffer.from(session.csrfToken);
    const b = Buffer.from(sent);
    return a.length === b.length && timingSafeEqual(a, b);
  }

  /** Drops expired sessions, so the map does not grow with sessions nobody signed out of. */
  private sweep(): void {
    const now = this.now();
    for (const [id, s] of this.sessions) if (s.expiresAt <= now) this.sessions.delete(id);
  }
}

const token = () => randomBytes(32).toString("base64url");

/** The session id in a `Cookie` header, or undefined. */
export function sessionIdOf(cookieHeader: string | undefined): string | undefined {
  for (const part of (cookieHeader ?? "").split(";")) {
    const [name, ...value] = part.trim().split("=");
    if (name === SESSION_COOKIE) return value.join("=") || undefined;
  }
  return undefined;
}

/**
 * The `Set-Cookie` value that opens (or, with no session, clears) the session cookie; `Secure` when the request came
 * over HTTPS (a node on plain http://127.0.0.1 would otherwise never get it back).
 */
export function sessionCookie(session: { id: string; secondsLeft: number } | undefined, secure: boolean): string {
  const flags = `Path=/; HttpOnly; SameSite=Strict${secure ? "; Secure" : ""}`;
  if (!session) return `${SESSION_COOKIE}=; ${flags}; Max-Age=0`;
  return `${SESSION_COOKIE}=${session.id}; ${flags}; Max-Age=${session.secondsLeft}`;
}
