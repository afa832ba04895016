/** Shared helpers for the gateway's HTTP API tests: calls as a party, problem assertions, "nothing changed". */
import { expect } from "chai";
import request from "supertest";
import type { Response } from "supertest";
import { documentCidFromSha256, NotFoundError } from "../../api/adapters/ipfs/documentStore.ts";
import { canonicalize, documentChecksum } from "../../api/billsOfLading/canonicalForm.ts";
import { transportDocument, type TestCommunity } from "../fixtures/gateway.ts";
import "./responseValidation.ts";

export type BlType = "toOrder" | "straight" | "seaWaybill";

/** Calls the gateway as a demo role ("carrier", "shipper", …), with a raw API key, or without a key. */
export function as(t: TestCommunity, who?: string) {
  const key = who === undefined ? undefined : (t.keys[who] ?? who);
  const auth = (r: request.Test) => (key ? r.set("Authorization", `Bearer ${key}`) : r);
  return {
    get: (path: string) => auth(request(t.app).get(path)),
    post: (path: string, body?: unknown) => {
      const r = auth(request(t.app).post(path));
      return body === undefined ? r : r.send(body as object);
    },
    delete: (path: string) => auth(request(t.app).delete(path)),
  };
}

/** Asserts the status (showing the body when it differs) and returns the body. */
export function expectStatus(res: Response, status: number) {
  expect(res.status, JSON.stringify(res.body)).to.equal(status);
  return res.body;
}

/**
 * Registers an organization through the API as the operator and expects 201; afterwards `t.keys[name]` is its API
 * key and `t.orgIds[name]` its orgId (by default derived from `name`), which is returned.
 */
export async function registerOrganization(
  t: TestCommunity,
  name: string,
  roles: string[],
  options: { orgId?: string; legalName?: string; creditTier?: string } = {},
): Promise<string> {
  const orgId = options.orgId ?? `91120000${name.toUpperCase()}`.slice(0, 18).padEnd(18, "X");
  const res = await as(t, "operator").post("/v1/organizations", {
    orgId,
    name: options.legalName ?? `Test ${name}`,
    roles,
    ...(options.creditTier === undefined ? {} : { creditTier: options.creditTier }),
  });
  expectStatus(res, 201);
  t.keys[name] = res.body.apiKey;
  t.orgIds[name] = orgId;
  return orgId;
}

export const blPath = (blNumber: string, action?: string) =>
  `/v1/bills-of-lading/${encodeURIComponent(blNumber)}${action ? `/${action}` : ""}`;

/** A fresh B/L number (at most 20 characters, as DCSA allows). */
let counter = 0;
export function newBlNumber(prefix: string): string {
  counter += 1;
  return `${prefix}${String(counter).padStart(4, "0")}`.slice(0, 20);
}

/** The issue request for a B/L of this type: to-order to the shipper's order; otherwise to the shipper, consigned. */
export function issueRequest(t: TestCommunity, blNumber: string, blType: BlType = "toOrder") {
  return {
    transportDocument: transportDocument(blNumber, blType),
    issueTo: t.orgIds.shipper,
    ...(blType === "toOrder" ? {} : { consignee: t.orgIds.consignee }),
  };
}

/** Issues a B/L as the carrier and returns the gateway's view of it. */
export async function issue(t: TestCommunity, blNumber: string, blType: BlType = "toOrder") {
  const res = await as(t, "carrier").post("/v1/bills-of-lading", issueRequest(t, blNumber, blType));
  expect(res.status, JSON.stringify(res.body)).to.equal(201);
  return res.body;
}

/** Acts on a B/L as `who` and expects success; returns the B/L as the actor sees it, with the transaction hash. */
export async function act(t: TestCommunity, who: string, blNumber: string, action: string, body?: unknown) {
  const res = await as(t, who).post(blPath(blNumber, action), body);
  expect(res.status, `${who} ${action} ${blNumber}: ${JSON.stringify(res.body)}`).to.equal(200);
  expect(res.body.transactionHash).to.match(/^0x[0-9a-f]{64}$/);
  return res.body;
}

/** The B/L as `who` reads it (with its transport document). */
export async function read(t: TestCommunity, blNumber: string, who = "carrier") {
  const res = await as(t, who).get(blPath(blNumber));
  expect(res.status, JSON.stringify(res.body)).to.equal(200);
  return res.body;
}

export async function chainOf(t: TestCommunity, blNumber: string) {
  const res = await as(t, "carrier").get(blPath(blNumber, "endorsement-chain"));
  expect(res.status, JSON.stringify(res.body)).to.equal(200);
  return res.body;
}

/** Asserts an RFC 9457 problem with this status and a detail that says something useful. */
export function expectProblem(res: Response, status: number, detail?: RegExp) {
  expect(res.status, JSON.stringify(res.body)).to.equal(status);
  expect(res.headers["content-type"]).to.match(/^application\/problem\+json/);
  expect(res.body.status).to.equal(status);
  expect(res.body.title).to.be.a("string").and.not.empty;
  expect(res.body.detail).to.be.a("string").with.length.above(10);
  if (detail) expect(res.body.detail).to.match(detail);
  expect(JSON.stringify(res.body)).not.to.match(/\n\s+at /); // no stack trace
  return res.body as {
    detail: string;
    errors?: { pointer: string; message: string }[];
    contractError?: { name: string; args: Record<string, unknown> };
  };
}

/** Everything a refusal must leave alone: the chain's height and the index's view of these B/Ls. */
export async function snapshot(t: TestCommunity, blNumbers: string[] = []) {
  const block = await t.community.ctx.chain.blockNumber();
  const views: Record<string, unknown> = {};
  for (const n of blNumbers) views[n] = { bl: await read(t, n), chain: await chainOf(t, n) };
  return { block, views };
}

/** The CID a transport document would be stored under. */
export function cidOfDocument(document: unknown): string {
  return documentCidFromSha256(documentChecksum(canonicalize(document))).toString();
}

export async function expectNotStored(t: TestCommunity, document: unknown) {
  const error = await t.community.ctx.documents.getDocument(cidOfDocument(document)).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, "the refused document was stored on IPFS").to.be.instanceOf(NotFoundError);
}

/**
 * Runs a request that must be refused: asserts the problem, and that the chain did not move, the index's view of
 * `bls` is unchanged and none of `documents` reached IPFS.
 */
export async function expectRefused(
  t: TestCommunity,
  expected: { status: number; detail?: RegExp; bls?: string[]; documents?: unknown[] },
  call: () => Promise<Response>,
) {
  const before = await snapshot(t, expected.bls);
  const problem = expectProblem(await call(), expected.status, expected.detail);
  expect(await snapshot(t, expected.bls)).to.deep.equal(before);
  for (const document of expected.documents ?? []) await expectNotStored(t, document);
  return problem;
}

export const codesOf = (chain: { endorsementChain: { actionCode: string }[] }) =>
  chain.endorsementChain.map((e) => e.actionCode);
