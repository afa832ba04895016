/**
 * The console talks to its node only through the gateway's documented API, with the typed client's types
 * (api/client, generated from /openapi.json). The session cookie goes with every request by itself; the CSRF token
 * sign-in gave is kept in memory only and sent as `X-CSRF-Token` on every unsafe request. For an organization that
 * signs its own writes, every write is signed here, in the page, with the key it unlocked (see `signPrepared`).
 */
import type { Wallet } from "ethers";
import createClient from "openapi-fetch";
import type { components, operations, paths } from "../../../client/index.ts";
import { hasTranslation, t } from "./i18n.ts";

export type Schemas = components["schemas"];
type Json<O extends keyof operations, S extends number> =
  operations[O]["responses"] extends Record<S, { content: { "application/json": infer B } }> ? B : never;

export type SessionView = Json<"getSession", 200>;
/** Who signs the caller's writes: the node, or the caller itself in this page. */
export type Signing = SessionView["signing"];
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

let signing: Signing | undefined;
/** The key the caller unlocked in this page: in this variable only, never stored; sign-out and reload forget it. */
let key: Pick<Wallet, "address" | "signTransaction"> | undefined;

/** The session's signing (from sign-in or GET /v1/session); undefined at sign-out, which also forgets the key. */
export function setSigning(next: Signing | undefined): void {
  signing = next;
  if (next?.by !== "client") key = undefined;
}
/** Whether this caller signs its own writes, in this page. */
export const signsItself = (): boolean => signing?.by === "client";
/** Keeps the unlocked key for this page's writes (undefined forgets it). */
export const useKey = (wallet: Pick<Wallet, "address" | "signTransaction"> | undefined) => void (key = wallet);
/** The address that signs the caller's writes: its unlocked key, or the node's signer; undefined while locked. */
export const signerAddress = (): string | undefined => (signsItself() ? key?.address : (signing?.signer ?? undefined));

const unsafe = (request: Request) => !["GET", "HEAD", "OPTIONS"].includes(request.method);
/** Requests that are no write of their own: signing in and out, and the second step of a client-signed write. */
const NOT_SIGNED = ["/v1/session", "/v1/transactions"];

/** The console's one way to the node: a write sent any other way (a bare fetch) would not be signed in the page. */
export const api = createClient<paths>({ baseUrl: window.location.origin, credentials: "same-origin" });
api.use({
  onRequest({ request }) {
    if (unsafe(request) && csrfToken) request.headers.set("X-CSRF-Token", csrfToken);
    // Every write of a caller that signs itself: the node prepares the transaction, this page signs it (a POST that
    // only reads, like /v1/verify, ignores the preference). Locked, the write goes as it is and the node refuses it
    // (409, it holds no key): nothing changes.
    if (unsafe(request) && signsItself() && key && !NOT_SIGNED.includes(new URL(request.url).pathname)) {
      request.headers.set("Prefer", "sign=client");
      request.headers.set("X-Signer", key.address);
    }
    return request;
  },
  async onResponse({ request, response }) {
    const answer =
      response.status === 202 && request.headers.get("Prefer") === "sign=client"
        ? await signPrepared(response)
        : response;
    // Signed in, yet 401: the session ended on the node; the page goes back to sign-in.
    if (answer.status === 401 && csrfToken) {
      csrfToken = undefined;
      sessionEnded();
    }
    return answer;
  },
});

/** What a write sent with `Prefer: sign=client` answers (202): the transaction to sign. */
type Prepared = Json<"sendSignedTransaction", 202>;
const isPrepared = (body: unknown): body is Prepared =>
  typeof body === "object" && body !== null && "transaction" in body && "unsignedHash" in body && "signer" in body;

/** A transaction this page refused to sign: nothing was signed or sent. */
const notSigned = (detail: string) =>
  new ApiProblem({ type: "console/transaction-not-signed", title: t("signing.notSignedTitle"), status: 0, detail });

/**
 * The one place a client-signed write is signed: each transaction the node prepared is checked (the unlocked key is
 * its signer, the session's chain, a port community contract, no value) and signed here, then sent to
 * `POST /v1/transactions`, until the node answers the write's own response, which the page then reads as usual.
 */
async function signPrepared(response: Response): Promise<Response> {
  let answer = response;
  while (answer.status === 202) {
    const prepared: unknown = await answer
      .clone()
      .json()
      .catch(() => undefined);
    if (!isPrepared(prepared)) return answer;
    const signer = key;
    if (!signer || !signing) throw notSigned(t("signing.refused.locked"));
    const tx = prepared.transaction;
    const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
    if (!same(prepared.signer, signer.address))
      throw notSigned(t("signing.refused.signer", { signer: prepared.signer, key: signer.address }));
    if (tx.chainId !== signing.chainId)
      throw notSigned(t("signing.refused.chain", { chainId: tx.chainId, expected: signing.chainId }));
    if (!signing.contracts.some((c) => same(c, tx.to)) || (tx.value as string) !== "0" || (tx.type as number) !== 2)
      throw notSigned(t("signing.refused.contract", { to: tx.to }));
    const signedTransaction = await signer.signTransaction(tx);
    answer = await fetch(new URL("/v1/transactions", window.location.origin), {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", ...(csrfToken ? { "X-CSRF-Token": csrfToken } : {}) },
      body: JSON.stringify({ signedTransaction }),
    });
  }
  return answer;
}

/**
 * A write's own answer, typed without the prepared-transaction case: the middleware above signs every transaction
 * prepared for a caller who signs in this page, so one that reaches a page was not signed (the key is locked).
 */
export function written<T extends object>(answer: T): Exclude<T, { unsignedHash: string }> {
  if ("unsignedHash" in answer) throw notSigned(t("signing.refused.locked"));
  return answer as Exclude<T, { unsignedHash: string }>;
}

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
