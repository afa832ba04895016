/**
 * The bad-input suite's harness: one shared port community (the fixture), a case row type, and the runner that sends a
 * row's request and asserts its problem and that nothing changed (chain height, IPFS blocks, the index as the API
 * shows it).
 */
import { request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { LevelBlockstore } from "blockstore-level";
import { expect } from "chai";
import request from "supertest";
import type { Response } from "supertest";
import { listen } from "../../../api/gateway.ts";
import { isContainerNumber } from "../../../api/release/containerNumber.ts";
import { startTestCommunity, transportDocument, type TestCommunity } from "../../fixtures/gateway.ts";
import { act, expectStatus, issue, registerOrganization, type BlType } from "../helpers.ts";

/** Who calls: a demo or fixture role ("operator", "carrier", "depot", …), "nobody" (no key), or "wrongKey". */
export type Who = string;

/** A value, or how to compute it from the fixture (orgIds, B/L numbers and ids exist only once it is built). */
export type Lazy<T> = T | ((f: Fixture) => T);

/** One bad input: the request, and the refusal it must get. */
export interface Case {
  name: string;
  as: Who;
  method: "get" | "post" | "delete" | "put" | "patch";
  path: Lazy<string>;
  headers?: Lazy<Record<string, string>>;
  /** A JSON body (sent as application/json). */
  body?: Lazy<object>;
  /** A body sent as is (malformed JSON, a file), with the headers given. */
  raw?: Lazy<string | Buffer>;
  /** A body streamed in these chunks with chunked transfer encoding (no Content-Length), with the headers given. */
  chunks?: Lazy<Buffer[]>;
  /** Sent through a plain node:http request, for what supertest cannot send (headers larger than the server reads). */
  socket?: boolean;
  status: number;
  /** The `Allow` header a 405 must carry. */
  allow?: string;
  /** A substring (or pattern) of the problem's detail. */
  detail?: string | RegExp;
  /** The contract error's name the problem carries. */
  code?: string;
  /** A JSON pointer the problem's errors name. */
  pointer?: string;
  /** Why this case is skipped: a bug the gateway has today (listed in the suite's report). */
  bug?: string;
}

/** What the suite's community holds once built: parties, B/Ls in each state, a release, an e-EIR, an attachment. */
export interface Fixture {
  t: TestCommunity;
  server: Server;
  org: Record<string, string>;
  bls: {
    /** To-order, held by the shipper, active. */
    held: string;
    /** To-order, endorsed and delivered to the bank. */
    atBank: string;
    straight: string;
    waybill: string;
    /** To-order, surrendered for delivery, accepted: accomplished; its container is released. */
    accomplished: string;
    /** Surrendered for delivery, awaiting the carrier. */
    pending: string;
    /** Surrendered for amendment, awaiting the carrier. */
    amending: string;
    /** Endorsed in blank by the shipper. */
    blank: string;
    /** To-order, held by an organization the operator then suspended. */
    ofSuspended: string;
  };
  /** Discharged, on the delivery order, released by customs, its haulier nominated. */
  container: string;
  /** Discharged under the accomplished B/L, on no delivery order. */
  looseContainer: string;
  /** A valid ISO 6346 number nobody has seen. */
  unknownContainer: string;
  deliveryOrderId: number;
  /** An empty return from the terminal to the depot, issued by the carrier. */
  eirId: string;
  eirContainer: string;
  attachmentCid: string;
  /** The key ids of the depot, which has one key left (a second was issued and revoked: `t.keys.revokedKey`). */
  depotKeyId: string;
  /** The shipper's webhook subscription. */
  subscriptionId: string;
  /** The gateway's state as the API shows it, taken before the table runs and after each refusal. */
  baseline: State;
}

// ------------------------------------------------------------------ IPFS block count

/** Every LevelDB blockstore opened in this process, so a test can count the embedded Helia's blocks. */
const openedBlockstores: LevelBlockstore[] = [];
const originalOpen = LevelBlockstore.prototype.open;
LevelBlockstore.prototype.open = async function (this: LevelBlockstore) {
  openedBlockstores.push(this);
  return originalOpen.call(this);
};

/**
 * How many blocks the community's IPFS store holds. The embedded Helia keeps them in LevelDB under
 * `${dataDir}/ipfs/blocks.level` (api/adapters/ipfs/helia.ts), locked while open, so they are counted through the
 * store the gateway opened. Once the document store has a `blockCount()` of its own, that is used instead.
 */
export async function ipfsBlockCount(t: TestCommunity): Promise<number> {
  const documents = t.community.ctx.documents as { blockCount?: () => Promise<number> };
  if (typeof documents.blockCount === "function") return documents.blockCount();
  const location = join(t.config.dataDir, "ipfs", "blocks.level");
  const store = openedBlockstores.findLast((s) => s.db.location === location && s.db.status === "open");
  if (!store) throw new Error(`No open blockstore at ${location}: is the community on the embedded Helia?`);
  let count = 0;
  for await (const _ of store.db.keys()) count += 1;
  return count;
}

// ------------------------------------------------------------------ calls

/** A request as `who` against the fixture's listening server (one server for the whole table: no listen per call). */
export function call(f: Fixture, who: Who, method: Case["method"], path: string): request.Test {
  const r = request(f.server)[method](path);
  if (who === "nobody") return r;
  if (who === "wrongKey") return r.set("Authorization", "Bearer pp_not-a-key-anybody-was-given");
  const key = f.t.keys[who];
  if (!key) throw new Error(`The fixture has no party '${who}'.`);
  return r.set("Authorization", `Bearer ${key}`);
}

const resolve = <T>(f: Fixture, value: Lazy<T>): T =>
  typeof value === "function" ? (value as (f: Fixture) => T)(f) : value;

/** What the runner reads of a response. */
export type Answer = Pick<Response, "status" | "headers" | "body">;

/**
 * A request through a plain node:http client, which supertest cannot send: streamed in chunks with no Content-Length,
 * or with headers larger than the server reads (the server answers 431 and closes the connection).
 */
function sendRaw(f: Fixture, c: Case, headers: Record<string, string>, chunks?: Buffer[]): Promise<Answer> {
  const { port } = f.server.address() as AddressInfo;
  const key = c.as === "nobody" ? undefined : c.as === "wrongKey" ? "pp_not-a-key" : f.t.keys[c.as];
  return new Promise((ok, fail) => {
    const req = httpRequest(
      {
        host: "127.0.0.1",
        port,
        method: c.method.toUpperCase(),
        path: resolve(f, c.path),
        headers: {
          ...(key ? { Authorization: `Bearer ${key}` } : {}),
          ...headers,
          ...(chunks ? { "Transfer-Encoding": "chunked" } : {}),
        },
      },
      (res) => {
        const parts: Buffer[] = [];
        res.on("data", (part: Buffer) => parts.push(part));
        res.on("end", () => {
          const text = Buffer.concat(parts).toString("utf8");
          let body: unknown = {};
          try {
            body = JSON.parse(text);
          } catch {
            body = { text };
          }
          ok({ status: res.statusCode ?? 0, headers: res.headers as Response["headers"], body });
        });
      },
    );
    req.on("error", fail);
    (async () => {
      for (const chunk of chunks ?? [])
        if (!req.write(chunk)) await new Promise((drained) => req.once("drain", drained));
      req.end();
    })().catch(fail);
  });
}

/** Sends a case's request. */
export async function send(f: Fixture, c: Case): Promise<Answer> {
  const headers = c.headers === undefined ? {} : resolve(f, c.headers);
  if (c.chunks !== undefined) return sendRaw(f, c, headers, resolve(f, c.chunks));
  if (c.socket) return sendRaw(f, c, headers);
  const r = call(f, c.as, c.method, resolve(f, c.path));
  for (const [name, value] of Object.entries(headers)) r.set(name, value);
  // As is: superagent would turn a Buffer sent as application/json into the JSON of the Buffer.
  if (c.raw !== undefined) return r.serialize((bytes: unknown) => bytes as string).send(resolve(f, c.raw));
  if (c.body !== undefined) return r.send(resolve(f, c.body));
  return r;
}

// ------------------------------------------------------------------ state

export interface State {
  block: number;
  ipfsBlocks: number;
  ipfsPins: number;
  index: Record<string, unknown>;
}

/** Fields that move with the wall clock, not with any request. */
function withoutClock(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutClock);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => key !== "detentionHours" && key !== "decidedAt")
      .map(([key, v]) => [key, withoutClock(v)]),
  );
}

/** A read for the snapshot: plain fetch on a kept-alive connection (the case's own response is the one checked). */
async function read(f: Fixture, who: Who, path: string): Promise<unknown> {
  const { port } = f.server.address() as AddressInfo;
  const res = await fetch(`http://127.0.0.1:${port}${path}`, { headers: { Authorization: `Bearer ${f.t.keys[who]}` } });
  return { status: res.status, body: withoutClock(await res.json()) };
}

/**
 * The gateway's state as its public API shows it: organizations (operator), each party's B/Ls, each B/L with its
 * document and endorsement chain, the attachments, the delivery order, the containers with their interchanges, the
 * e-EIRs, the subscriptions and their queued notifications.
 */
export async function stateOf(f: Fixture): Promise<State> {
  const index: Record<string, unknown> = {};
  // Lean on purpose: the chain's height and the blockstore catch every on-chain or IPFS change; these reads catch
  // what the index and the gateway's own files hold.
  const paths: [Who, string][] = [
    ["operator", "/v1/organizations"],
    ...["carrier", "shipper", "bank", "consignee"].map(
      (who) => [who, "/v1/bills-of-lading?filter=all&limit=200"] as [Who, string],
    ),
    ...Object.values(f.bls).flatMap((n) => {
      const bl = `/v1/bills-of-lading/${encodeURIComponent(n)}`;
      return [
        ["carrier", bl],
        ["carrier", `${bl}/endorsement-chain`],
      ] as [Who, string][];
    }),
    ["shipper", `/v1/bills-of-lading/${encodeURIComponent(f.bls.held)}/attachments`],
    ["carrier", `/v1/delivery-orders/${f.deliveryOrderId}`],
    ...[f.container, f.looseContainer, f.unknownContainer, f.eirContainer].map(
      (c) => ["terminal", `/v1/containers/${c}/interchanges`] as [Who, string],
    ),
    ["carrier", "/v1/equipment-interchanges?filter=all"],
    // API keys (their ids and dates; never a key or its hash).
    ...["operator", f.org.depot, f.org.shipper, f.org.bank].map(
      (orgId) => ["operator", `/v1/organizations/${orgId}/api-keys`] as [Who, string],
    ),
    ...["shipper", "bank"].map((who) => [who, "/v1/subscriptions"] as [Who, string]),
    // The event stream cannot be snapshotted; the notifications the shipper's subscription queued can.
    ["shipper", `/v1/subscriptions/${f.subscriptionId}/deliveries`],
  ];
  const reads = await Promise.all(paths.map(([who, path]) => read(f, who, path)));
  paths.forEach(([who, path], i) => (index[`${who} GET ${path}`] = reads[i]));
  const [block, ipfsBlocks, ipfsPins] = await Promise.all([
    f.t.community.ctx.chain.blockNumber(),
    ipfsBlockCount(f.t),
    f.t.community.ctx.documents.pinCount(),
  ]);
  return { block, ipfsBlocks, ipfsPins, index };
}

// ------------------------------------------------------------------ the fixture

let serial = 700_000;
/** A fresh ISO 6346 container number with a correct check digit. */
export function box(owner = "BADU"): string {
  serial += 1;
  const base = `${owner}${serial}`;
  for (let digit = 0; digit <= 9; digit++) if (isContainerNumber(base + digit)) return base + digit;
  throw new Error(`no check digit for ${base}`);
}

/** The same container number with a wrong check digit. */
export const wrongCheckDigit = (container: string) => `${container.slice(0, 10)}${(Number(container[10]) + 1) % 10}`;

export const DAY_MS = 86_400_000;
export const inMs = (ms: number) => new Date(Date.now() + ms).toISOString();

let blCounter = 0;
const blNumber = (prefix: string) => `BAD${prefix}${String(++blCounter).padStart(3, "0")}`;

/** Builds the shared community once: every case of the table runs against it. */
export async function buildFixture(): Promise<Fixture> {
  // Webhooks to private networks are refused, except the loopback the fixture's own subscription points at.
  const t = await startTestCommunity(undefined, { webhookPrivateNetworks: ["127.0.0.1/32"] });
  await registerOrganization(t, "depot", ["depot"], { orgId: "91120116MA07BDEPOT", legalName: "Bad Input Depot" });
  await registerOrganization(t, "otherCarrier", ["carrier"], { orgId: "91310000MA1BADCAR", legalName: "Other Lines" });
  await registerOrganization(t, "otherHaulier", ["haulier"], {
    orgId: "91120116MA07BHAUL2",
    legalName: "Other Trucking",
  });
  await registerOrganization(t, "suspended", ["trader"], {
    orgId: "91120116MA07BSUSP1",
    legalName: "Suspended Trading",
  });
  await registerOrganization(t, "revoked", ["trader"], { orgId: "91120116MA07BREVK1", legalName: "Revoked Trading" });
  const org = t.orgIds;
  // The gateway's own server: Node's parser refusals (431) leave as problems, as in production.
  const server = await listen(t.app, 0, "127.0.0.1");
  const issued = async (prefix: string, type: BlType = "toOrder") => {
    const n = blNumber(prefix);
    await issue(t, n, type);
    return n;
  };

  const held = await issued("HELD");
  const atBank = await issued("BANK");
  await act(t, "shipper", atBank, "endorse-and-deliver", { to: org.bank });
  const straight = await issued("STRT", "straight");
  const waybill = await issued("SWB", "seaWaybill");
  const accomplished = await issued("DONE");
  await act(t, "shipper", accomplished, "endorse-and-deliver", { to: org.consignee });
  await act(t, "consignee", accomplished, "surrender", { kind: "delivery" });
  await act(t, "carrier", accomplished, "accept-surrender", {});
  const pending = await issued("PEND");
  await act(t, "shipper", pending, "surrender", { kind: "delivery" });
  const amending = await issued("AMND");
  await act(t, "shipper", amending, "surrender", { kind: "amendment" });
  const blank = await issued("BLNK");
  await act(t, "shipper", blank, "blank-endorse", {});
  const ofSuspended = blNumber("SUSP");
  expectStatus(
    await request(server)
      .post("/v1/bills-of-lading")
      .set("Authorization", `Bearer ${t.keys.carrier}`)
      .send({ transportDocument: transportDocument(ofSuspended), issueTo: org.suspended }),
    201,
  );
  expectStatus(
    await request(server)
      .post(`/v1/organizations/${org.suspended}/suspend`)
      .set("Authorization", `Bearer ${t.keys.operator}`),
    200,
  );

  const f = { t, server, org } as Fixture;
  f.bls = { held, atBank, straight, waybill, accomplished, pending, amending, blank, ofSuspended };
  const post = (who: Who, path: string, body: unknown) => call(f, who, "post", path).send(body as object);

  f.container = box();
  f.looseContainer = box();
  f.unknownContainer = box();
  for (const c of [f.container, f.looseContainer])
    expectStatus(await post("terminal", "/v1/terminal/discharges", { blNumber: accomplished, container: c }), 200);
  f.deliveryOrderId = expectStatus(
    await post("carrier", "/v1/delivery-orders", {
      blNumber: accomplished,
      containers: [f.container],
      terminal: org.terminal,
      validFrom: inMs(-DAY_MS),
      validUntil: inMs(10 * DAY_MS),
    }),
    201,
  ).deliveryOrderId;
  expectStatus(
    await post("customs", "/v1/customs/releases", {
      declarationNumber: "020220261234567890",
      blNumber: accomplished,
      containers: [f.container],
    }),
    200,
  );
  expectStatus(
    await post("consignee", `/v1/delivery-orders/${f.deliveryOrderId}/nominate-haulier`, {
      container: f.container,
      haulier: org.haulier,
    }),
    200,
  );

  f.eirContainer = box();
  f.eirId = expectStatus(
    await post("carrier", "/v1/equipment-interchanges", {
      container: f.eirContainer,
      sizeType: "22G1",
      laden: false,
      purpose: "emptyReturn",
      outFacility: org.terminal,
      returnFacility: org.depot,
      haulier: org.haulier,
      validFrom: inMs(-DAY_MS),
      validUntil: inMs(10 * DAY_MS),
    }),
    201,
  ).id;

  f.attachmentCid = expectStatus(
    await call(f, "shipper", "post", `/v1/bills-of-lading/${held}/attachments?fileName=invoice.pdf&kind=invoice`)
      .set("Content-Type", "application/pdf")
      .send(Buffer.from("%PDF-1.4 bad input suite invoice\n")),
    201,
  ).cid;

  f.subscriptionId = expectStatus(
    await post("shipper", "/v1/subscriptions", {
      url: "http://127.0.0.1:9/hooks",
      eventTypes: ["billOfLading.amended"],
    }),
    201,
  ).subscriptionId;

  expectStatus(await post("operator", `/v1/organizations/${org.revoked}/revoke`, {}), 200);

  // The depot issues itself a second key and revokes it: one key left (revoking it is refused), one revoked.
  const keys = `/v1/organizations/${org.depot}/api-keys`;
  const second = expectStatus(await post("depot", keys, { keepExisting: true }), 201);
  expectStatus(await call(f, "depot", "delete", `${keys}/${second.keyId}`), 204);
  t.keys.revokedKey = second.apiKey;
  f.depotKeyId = expectStatus(await call(f, "depot", "get", keys), 200).items[0].keyId;

  f.baseline = await stateOf(f);
  return f;
}

export async function closeFixture(f: Fixture | undefined): Promise<void> {
  if (!f) return;
  f.server.closeAllConnections();
  await new Promise<void>((ok) => f.server.close(() => ok()));
  await f.t.close();
}

// ------------------------------------------------------------------ the runner

/** Sends the case's request and asserts its refusal and that nothing changed. */
export async function runCase(f: Fixture, c: Case): Promise<void> {
  const res = await send(f, c);
  const before = f.baseline;
  const after = await stateOf(f);
  // A case that changed something fails alone: the next ones compare with the state it left.
  f.baseline = after;
  const shown = `${res.status} ${JSON.stringify(res.body)}`.slice(0, 1500);
  expect(res.status, shown).to.equal(c.status);
  expect(res.headers["content-type"], shown).to.match(/^application\/problem\+json/);
  expect(res.body.type, shown).to.be.a("string").and.not.empty;
  expect(res.body.title, shown).to.be.a("string").and.not.empty;
  expect(res.body.status, shown).to.equal(c.status);
  expect(res.body.detail, shown).to.be.a("string").with.length.above(10);
  expect(JSON.stringify(res.body), "no stack trace").not.to.match(/\n\s+at /);
  if (typeof c.detail === "string") expect(res.body.detail, shown).to.include(c.detail);
  else if (c.detail) expect(res.body.detail, shown).to.match(c.detail);
  if (c.code) expect(res.body.contractError?.name, shown).to.equal(c.code);
  if (c.allow !== undefined) expect(res.headers.allow, "Allow").to.equal(c.allow);
  if (c.pointer) {
    const pointers = ((res.body.errors ?? []) as { pointer: string }[]).map((e) => e.pointer);
    expect(pointers, shown).to.include(c.pointer);
  }
  expect(after.block, "chain height").to.equal(before.block);
  expect(after.ipfsBlocks, "IPFS block count").to.equal(before.ipfsBlocks);
  expect(after.ipfsPins, "IPFS pin count").to.equal(before.ipfsPins);
  expect(after.index, "the index as the API shows it").to.deep.equal(before.index);
}

/** A transport document for this B/L number and type (re-exported for the tables). */
export { transportDocument };
