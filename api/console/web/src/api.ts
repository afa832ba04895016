/**
 * The console talks to its node only through the gateway's documented API, with the typed client's types
 * (api/client, generated from /openapi.json). The session cookie goes with every request by itself; the CSRF token
 * sign-in gave is kept in memory only and sent as `X-CSRF-Token` on every unsafe request.
 */
import createClient from "openapi-fetch";
import type { components, operations, paths } from "../../../client/index.ts";
import { hasTranslation, t } from "./i18n.ts";

export type Schemas = components["schemas"];
type Json<O extends keyof operations, S extends number> =
  operations[O]["responses"] extends Record<S, { content: { "application/json": infer B } }> ? B : never;

export type SessionView = Json<"getSession", 200>;
/** Who signed in: an organization (its roles) or the operator; what every page needs of it. */
export interface Caller {
  orgId: string;
  name: string;
  roles: readonly string[];
}
export type BillOfLading = Json<"listBillsOfLading", 200>["items"][number];
export type BillWithDocument = Json<"getBillOfLading", 200>;
export type Verification = Json<"verifyChecksum", 200>;
export type GateDecision = Json<"getGateDecision", 200>;
export type ContainerView = Json<"getContainer", 200>;
export type Interchange = Json<"listEquipmentInterchanges", 200>["items"][number];
export type InterchangeVerification = Json<"verifyEquipmentInterchange", 200>;
export type Organization = Json<"listOrganizations", 200>["items"][number];
export type BlAction = BillOfLading["allowedActions"][number];

/** An RFC 9457 problem the API answered with. */
export interface Problem {
  type?: string;
  title?: string;
  status: number;
  detail?: string;
}

export class ApiProblem extends Error {
  readonly problem: Problem;
  constructor(problem: Problem) {
    super(problem.detail ?? problem.title ?? `HTTP ${problem.status}`);
    this.problem = problem;
  }
}

let csrfToken: string | undefined;
export const setCsrfToken = (token: string | undefined) => void (csrfToken = token);

let sessionEnded: () => void = () => {};
/** What to do when the node says the session is over (expired, signed out elsewhere, its key revoked). */
export const onSessionEnded = (handler: () => void) => void (sessionEnded = handler);

export const api = createClient<paths>({ baseUrl: window.location.origin, credentials: "same-origin" });
api.use({
  onRequest({ request }) {
    if (!["GET", "HEAD", "OPTIONS"].includes(request.method) && csrfToken)
      request.headers.set("X-CSRF-Token", csrfToken);
    return request;
  },
  onResponse({ response }) {
    // Signed in, yet 401: the session ended on the node; the page goes back to sign-in.
    if (response.status === 401 && csrfToken) {
      csrfToken = undefined;
      sessionEnded();
    }
    return response;
  },
});

/** The data of a call, or throws its problem. */
export async function data<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (response.ok) return data as T;
  const problem = (error && typeof error === "object" ? error : {}) as Partial<Problem>;
  throw new ApiProblem({ ...problem, status: problem.status ?? response.status });
}

/** The problem's code: the last segment of its type (a contract error's name, or the title's slug). */
export const problemCode = (p: Problem) => p.type?.split("/").pop() ?? "";

/**
 * What a clerk reads for an error: the API's own detail, or its translation when the code is known in this language
 * (the API's sentence is in English; an unknown code shows it as it is).
 */
export function problemText(error: unknown): string {
  if (error instanceof ApiProblem) {
    const key = `problem.${problemCode(error.problem)}`;
    if (hasTranslation(key)) return t(key, { detail: error.problem.detail });
    return error.problem.detail ?? error.problem.title ?? `HTTP ${error.problem.status}`;
  }
  return t("problem.network");
}
