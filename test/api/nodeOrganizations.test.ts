/**
 * A node serves only its own organizations (NODE_ORGANIZATIONS): two nodes on one chain, each with its own data folder
 * and keystore. Node A is the operator's node and the carrier's, on the embedded chain; node B is the shipper's and
 * the bank's, reaching the same chain over JSON-RPC on 127.0.0.1 as a separate node would.
 */
import { expect } from "chai";
import { Wallet } from "ethers";
import { readdirSync } from "node:fs";
import type { Server } from "node:http";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import request from "supertest";
import { Chain, type ChainAddresses } from "../../api/adapters/chain/chain.ts";
import { Journal } from "../../api/adapters/chain/journal.ts";
import { createApp } from "../../api/app.ts";
import { ConfigError, loadConfig } from "../../api/config.ts";
import { OPERATOR, type Caller, type GatewayContext } from "../../api/context.ts";
import {
  ensureNodeOrganizations,
  ensureOperator,
  openGateway,
  type HostedOrganizationStart,
  type NodeOrganizationStart,
} from "../../api/gateway.ts";
import { Problem } from "../../api/problem.ts";
import { DEMO_ADMIN_DELAY_SECONDS, DEMO_PARTIES, DEMO_RECOVERY_DELAY_SECONDS } from "../../scripts/community.ts";
import { startEmbeddedChain, type EmbeddedChain } from "../../scripts/embeddedChain.ts";
import { testConfig, transportDocument } from "../fixtures/gateway.ts";
import { jsonRpcFront } from "../fixtures/jsonRpcFront.ts";
import "./responseValidation.ts";

const orgIdOf = (key: string) => DEMO_PARTIES.find((p) => p.key === key)!.orgId;
const CARRIER = orgIdOf("carrier");
const SHIPPER = orgIdOf("shipper");
const BANK = orgIdOf("bank");
const CONSIGNEE = orgIdOf("consignee");

interface Node {
  ctx: GatewayContext;
  app: ReturnType<typeof createApp>;
  dir: string;
  keys: Record<string, string>;
}

/** Calls a node's API with an API key. */
function call(node: Node, key: string) {
  const auth = (r: request.Test) => r.set("Authorization", `Bearer ${key}`);
  return {
    get: (p: string) => auth(request(node.app).get(p)),
    post: (p: string, body: object) => auth(request(node.app).post(p)).send(body),
    delete: (p: string) => auth(request(node.app).delete(p)),
  };
}

function expectStatus(res: request.Response, status: number) {
  expect(res.status, JSON.stringify(res.body)).to.equal(status);
  return res.body;
}

/** The keystore's files: the names of the keys the node holds. */
const keystoreFiles = (node: Node) => readdirSync(path.join(node.dir, "keystore")).sort();

/** Both nodes have indexed everything the chain holds now. */
async function bothCaughtUp(a: Node, b: Node) {
  const head = await a.ctx.chain.blockNumber();
  await Promise.all([a.ctx.index.reach(head), b.ctx.index.reach(head)]);
}

describe("NODE_ORGANIZATIONS: the configuration", () => {
  const chainEnv = {
    RPC_URL: "http://127.0.0.1:8545",
    PARTY_REGISTRY_ADDRESS: `0x${"1".repeat(40)}`,
    BILL_OF_LADING_ADDRESS: `0x${"2".repeat(40)}`,
    IMPORT_RELEASE_ADDRESS: `0x${"3".repeat(40)}`,
    EQUIPMENT_INTERCHANGE_ADDRESS: `0x${"4".repeat(40)}`,
    KEYSTORE_PASSWORD: "a-long-keystore-password",
  };

  it("when it names orgIds, then the node serves those, and it need not hold the operator's key", () => {
    const config = loadConfig({ ...chainEnv, NODE_ORGANIZATIONS: ` ${SHIPPER}, ${BANK},${SHIPPER}` });
    expect(config.organizations).to.deep.equal([SHIPPER, BANK]);
    expect(config.chain!.operatorPrivateKey).to.equal(undefined);
  });

  it("when NODE_ORGANIZATIONS is none, then the node signs for no organization (the operator's own node)", () => {
    const config = loadConfig({ ...chainEnv, NODE_ORGANIZATIONS: "none", OPERATOR_PRIVATE_KEY: `0x${"5".repeat(64)}` });
    expect(config.organizations).to.deep.equal([]);
  });

  it("when HOSTED_ORGANIZATIONS names orgIds, then the node hosts them beside those it signs for", () => {
    const config = loadConfig({ ...chainEnv, NODE_ORGANIZATIONS: BANK, HOSTED_ORGANIZATIONS: `${SHIPPER},${SHIPPER}` });
    expect([config.organizations, config.hostedOrganizations]).to.deep.equal([[BANK], [SHIPPER]]);
  });

  it("when HOSTED_ORGANIZATIONS is without NODE_ORGANIZATIONS, or names one it signs for, then start stops with the sentence", () => {
    expect(() => loadConfig({ ...chainEnv, HOSTED_ORGANIZATIONS: SHIPPER })).to.throw(
      ConfigError,
      "HOSTED_ORGANIZATIONS: needs NODE_ORGANIZATIONS (or NODE_ORGANIZATIONS=none): a node hosting others names what it signs for",
    );
    expect(() =>
      loadConfig({ ...chainEnv, NODE_ORGANIZATIONS: `${BANK},${SHIPPER}`, HOSTED_ORGANIZATIONS: SHIPPER }),
    ).to.throw(
      ConfigError,
      `HOSTED_ORGANIZATIONS: names ${SHIPPER}, which NODE_ORGANIZATIONS names too: a node signs for an organization or hosts it, not both`,
    );
    expect(() => loadConfig({ ...chainEnv, NODE_ORGANIZATIONS: BANK, HOSTED_ORGANIZATIONS: "none" })).to.throw(
      ConfigError,
      "HOSTED_ORGANIZATIONS: must be comma-separated orgIds (1 to 32 capitals and digits, inner '-' allowed); not 'none'",
    );
  });

  it("when it is unset, then the node serves every organization and the operator's key stays required", () => {
    expect(loadConfig({}).organizations).to.equal(undefined);
    expect(() => loadConfig(chainEnv)).to.throw(ConfigError, "OPERATOR_PRIVATE_KEY: is required when RPC_URL is set");
  });

  it("when an entry is not an orgId, or there is no configured chain, then start stops with the sentence", () => {
    expect(() => loadConfig({ ...chainEnv, NODE_ORGANIZATIONS: `${SHIPPER},bank of tianjin` })).to.throw(
      ConfigError,
      "NODE_ORGANIZATIONS: must be comma-separated orgIds (1 to 32 capitals and digits, inner '-' allowed) or none; not 'bank of tianjin'",
    );
    expect(() => loadConfig({ NODE_ORGANIZATIONS: SHIPPER })).to.throw(
      ConfigError,
      "NODE_ORGANIZATIONS: is for a node on a configured chain (RPC_URL); the embedded demo (npm start) serves every organization",
    );
  });
});

describe("two nodes on one chain, each serving its own organizations", function () {
  this.timeout(180_000);
  let embedded: EmbeddedChain;
  let journal: Journal;
  let front: Server;
  let a: Node;
  let b: Node;
  /** The signing keys node B made at start for its organizations, by orgId. */
  let bSigners: Record<string, string>;
  let operatorKey: string;
  /** The API key node B issued at start to the consignee it hosts (which signs its own transactions). */
  let consigneeApiKey: string;

  before(async () => {
    const dirA = await mkdtemp(path.join(tmpdir(), "paperless-port-node-a-"));
    const dirB = await mkdtemp(path.join(tmpdir(), "paperless-port-node-b-"));
    journal = Journal.open(path.join(dirA, "chain", "journal.jsonl"));
    embedded = await startEmbeddedChain(journal);
    const chainA = await Chain.embedded(embedded.provider, journal);
    operatorKey = Chain.randomKey();
    const operator = Chain.wallet(operatorKey);
    const registry = await chainA.deploy(operator, "PartyRegistry", [
      operator.address,
      DEMO_ADMIN_DELAY_SECONDS,
      DEMO_RECOVERY_DELAY_SECONDS,
    ]);
    const billOfLading = await chainA.deploy(operator, "BillOfLading", [registry]);
    const importRelease = await chainA.deploy(operator, "ImportRelease", [registry, billOfLading]);
    const equipment = await chainA.deploy(operator, "EquipmentInterchange", [registry, importRelease]);
    const addresses: ChainAddresses = {
      PartyRegistry: registry,
      BillOfLading: billOfLading,
      ImportRelease: importRelease,
      EquipmentInterchange: equipment,
    };

    const ctxA = await openGateway(testConfig(dirA, { organizations: [CARRIER] }), chainA, addresses);
    const operatorApiKey = (await ensureOperator(ctxA, operatorKey))!;
    const [carrierStart] = await ensureNodeOrganizations(ctxA);
    a = {
      ctx: ctxA,
      app: createApp(ctxA),
      dir: dirA,
      keys: { operator: operatorApiKey, carrier: carrierStart.apiKey! },
    };

    const rpc = await jsonRpcFront(chainA.provider as unknown as { send(m: string, p: unknown[]): Promise<unknown> });
    front = rpc.server;
    const chainB = await Chain.remote(rpc.url);
    const ctxB = await openGateway(
      testConfig(dirB, { organizations: [SHIPPER, BANK], hostedOrganizations: [CONSIGNEE] }),
      chainB,
      addresses,
    );
    // Node B is not the operator's node: ensureOperator has no key to store.
    expect(await ensureOperator(ctxB, undefined)).to.equal(undefined);
    const all = await ensureNodeOrganizations(ctxB);
    const started = all.filter((s): s is NodeOrganizationStart => !("hosted" in s));
    const hosted = all.filter((s): s is HostedOrganizationStart => "hosted" in s);
    expect(hosted.map((h) => [h.orgId, h.hosted, h.apiKey?.startsWith("pp_")])).to.deep.equal([
      [CONSIGNEE, true, true],
    ]);
    consigneeApiKey = hosted[0].apiKey!;
    bSigners = Object.fromEntries(started.map((s) => [s.orgId, s.signer]));
    b = {
      ctx: ctxB,
      app: createApp(ctxB),
      dir: dirB,
      keys: Object.fromEntries(started.map((s) => [s.orgId === SHIPPER ? "shipper" : "bank", s.apiKey!])),
    };
    expect(started.map((s) => [s.orgId, s.newSigner, s.apiKey?.startsWith("pp_")])).to.deep.equal([
      [SHIPPER, true, true],
      [BANK, true, true],
    ]);
  });

  after(async () => {
    for (const node of [b, a]) {
      if (!node) continue;
      node.ctx.index.stop();
      await node.ctx.notifications.stop();
      await node.ctx.documents.close();
      await node.ctx.chain.close();
    }
    await new Promise((resolve) => front?.close(resolve));
    await embedded?.close();
    await journal?.close();
    for (const node of [a, b]) if (node) await rm(node.dir, { recursive: true, force: true });
  });

  it("when node B starts again, then it keeps its organizations' keys and issues no second API key", async () => {
    const again = await ensureNodeOrganizations(b.ctx);
    expect(again).to.deep.equal([
      { orgId: SHIPPER, signer: bSigners[SHIPPER], newSigner: false },
      { orgId: BANK, signer: bSigners[BANK], newSigner: false },
      { orgId: CONSIGNEE, hosted: true },
    ]);
  });

  it("when the operator registers the carrier on its own node without a signer, then the key the node made at start signs", async () => {
    const carrierKey = (await a.ctx.keystore.wallet(CARRIER)).address;
    const res = await call(a, a.keys.operator).post("/v1/organizations", {
      orgId: CARRIER,
      name: "COSCO Shipping Lines",
      roles: ["carrier"],
      creditTier: "aeoAdvanced",
    });
    const body = expectStatus(res, 201);
    expect(body.signers).to.deep.equal([carrierKey]);
    // Its first API key came at the node's start; registration issues no second one.
    expect(body.apiKey).to.equal(null);
    expect(a.ctx.apiKeys.keysOf(CARRIER)).to.have.length(1);
    expectStatus(await call(a, a.keys.carrier).get("/v1/me"), 200);
  });

  it("when the operator registers an organization its node does not serve without a signer, then 422 and nothing changes", async () => {
    const head = await a.ctx.chain.blockNumber();
    const res = await call(a, a.keys.operator).post("/v1/organizations", {
      orgId: SHIPPER,
      name: "Suzano Brazil Exportadora",
      roles: ["trader"],
    });
    expectStatus(res, 422);
    expect(res.body.detail).to.equal(
      `This node does not serve ${SHIPPER}, so it makes no key for it: give the signer address of the ` +
        "organization's own key (made on its own node or machine).",
    );
    expect(res.body.errors).to.deep.equal([
      { pointer: "/signer", message: "is required for an organization this node does not serve" },
    ]);
    expect(await a.ctx.chain.blockNumber()).to.equal(head);
    expect(a.ctx.keystore.has(SHIPPER)).to.equal(false);
    expect(a.ctx.apiKeys.keysOf(SHIPPER)).to.deep.equal([]);
  });

  it("when the operator registers B's organizations with the signers B made, then A stores no key and B's API keys work", async () => {
    for (const [orgId, name, role] of [
      [SHIPPER, "Suzano Brazil Exportadora", "trader"],
      [BANK, "Bank of Tianjin", "bank"],
    ]) {
      const res = await call(a, a.keys.operator).post("/v1/organizations", {
        orgId,
        name,
        roles: [role],
        signer: bSigners[orgId].toLowerCase(),
      });
      const body = expectStatus(res, 201);
      expect(body.signers).to.deep.equal([bSigners[orgId]]);
      expect(body.apiKey).to.equal(null);
    }
    await bothCaughtUp(a, b);
    expect(expectStatus(await call(b, b.keys.shipper).get("/v1/me"), 200).orgId).to.equal(SHIPPER);
    expect(expectStatus(await call(b, b.keys.bank).get("/v1/me"), 200).signers).to.deep.equal([bSigners[BANK]]);
  });

  it("when each node's keystore is listed, then it holds the keys of its own organizations only", () => {
    const file = (name: string) => `${encodeURIComponent(name)}.json`;
    expect(keystoreFiles(a)).to.deep.equal([file(CARRIER), file(OPERATOR)].sort());
    expect(keystoreFiles(b)).to.deep.equal([file(SHIPPER), file(BANK)].sort());
  });

  it("when B hosts the consignee, then its API key works there, B holds no key of it, and a node-signed write is 409", async () => {
    const consigneeKey = Wallet.createRandom();
    const registered = await call(a, a.keys.operator).post("/v1/organizations", {
      orgId: CONSIGNEE,
      name: "Tianjin Paper Import Co.",
      roles: ["trader"],
      signer: consigneeKey.address,
    });
    expect(expectStatus(registered, 201).signers).to.deep.equal([consigneeKey.address]);
    await bothCaughtUp(a, b);
    expect(expectStatus(await call(b, consigneeApiKey).get("/v1/me"), 200).orgId).to.equal(CONSIGNEE);
    expect(b.ctx.keystore.has(CONSIGNEE)).to.equal(false);
    const head = await b.ctx.chain.blockNumber();
    const res = await call(b, consigneeApiKey).post(`/v1/organizations/${CONSIGNEE}/replace-key`, {});
    expectStatus(res, 409);
    expect(res.body.detail).to.equal(
      `This node does not hold a key of ${CONSIGNEE}; replace it with addSigner and removeSigner signed ` +
        `client-side, or on ${CONSIGNEE}'s own node.`,
    );
    expect(await b.ctx.chain.blockNumber()).to.equal(head);
    expect(keystoreFiles(b)).to.deep.equal([SHIPPER, BANK].map((n) => `${encodeURIComponent(n)}.json`).sort());
  });

  it("when an organization's API key is sent to a node that does not serve it, then 401", async () => {
    const res = await call(a, b.keys.shipper).get("/v1/me");
    expectStatus(res, 401);
    expect(res.body.detail).to.equal(
      "This API key is not valid on this node: check the key, and that you are calling your organization's own " +
        "node (a node accepts only the API keys it issued).",
    );
    expectStatus(await call(b, a.keys.carrier).get("/v1/me"), 401);
    expectStatus(await call(b, a.keys.operator).get("/v1/organizations"), 401);
  });

  it("when a write is asked of a node for an organization whose key it does not hold, then 409 and nothing is sent", async () => {
    const head = await a.ctx.chain.blockNumber();
    const shipper: Caller = {
      kind: "organization",
      orgId: SHIPPER,
      org: a.ctx.index.organizationByOrgId(SHIPPER)!.org,
    };
    const error = await a.ctx.transactions
      .submit(shipper, "PartyRegistry", "setKeyThreshold", [shipper.org, 1])
      .catch((e: unknown) => e);
    expect(error).to.be.instanceOf(Problem);
    expect((error as Problem).status).to.equal(409);
    expect((error as Problem).message).to.equal(
      `This node does not hold a key of ${SHIPPER}: sign the transaction yourself (send the request with ` +
        "'Prefer: sign=client' and 'X-Signer: <your signer address>', then POST the signed bytes to " +
        `/v1/transactions), or use ${SHIPPER}'s own node.`,
    );
    const operator: Caller = { kind: "operator", orgId: OPERATOR };
    const refused = await b.ctx.transactions
      .submit(operator, "PartyRegistry", "suspend", [shipper.org])
      .catch((e: unknown) => e);
    expect((refused as Problem).message).to.equal(
      "This node does not hold the operator's key: send the operator's requests to the operator's node.",
    );
    expect(await a.ctx.chain.blockNumber()).to.equal(head);
  });

  it("when A's carrier issues a B/L and B's shipper endorses and delivers it to the bank on B, then both indexes agree", async () => {
    const issued = expectStatus(
      await call(a, a.keys.carrier).post("/v1/bills-of-lading", {
        transportDocument: transportDocument("NODES0001"),
        issueTo: SHIPPER,
      }),
      201,
    );
    await bothCaughtUp(a, b);
    const path = `/v1/bills-of-lading/NODES0001`;
    expectStatus(await call(b, b.keys.shipper).post(`${path}/endorse-and-deliver`, { to: BANK }), 200);
    await bothCaughtUp(a, b);
    const onA = a.ctx.index.billOfLading(issued.tokenId)!;
    const onB = b.ctx.index.billOfLading(issued.tokenId)!;
    expect(onB).to.deep.equal(onA);
    expect(a.ctx.index.organization(onA.holder)!.orgId).to.equal(BANK);
    const chainOnA = expectStatus(await call(a, a.keys.carrier).get(`${path}/endorsement-chain`), 200);
    const chainOnB = expectStatus(await call(b, b.keys.bank).get(`${path}/endorsement-chain`), 200);
    expect(chainOnB).to.deep.equal(chainOnA);
    expect(chainOnA.endorsementChain.map((e: { actionCode: string }) => e.actionCode)).to.deep.equal([
      "ISSUE",
      "ENDORSE",
      "TRANSFER",
    ]);
  });

  it("when A issues five B/Ls while B transfers five at the same time, then all ten succeed and the indexes agree", async () => {
    const first = ["NODES0101", "NODES0102", "NODES0103", "NODES0104", "NODES0105"];
    const second = ["NODES0201", "NODES0202", "NODES0203", "NODES0204", "NODES0205"];
    const issueOnA = (n: string) =>
      call(a, a.keys.carrier).post("/v1/bills-of-lading", {
        transportDocument: transportDocument(n),
        issueTo: SHIPPER,
      });
    for (const res of await Promise.all(first.map(issueOnA))) expectStatus(res, 201);
    await bothCaughtUp(a, b);
    const results = await Promise.all([
      ...second.map(issueOnA),
      ...first.map((n) => call(b, b.keys.shipper).post(`/v1/bills-of-lading/${n}/endorse-and-deliver`, { to: BANK })),
    ]);
    expect(results.map((r) => r.status)).to.deep.equal([201, 201, 201, 201, 201, 200, 200, 200, 200, 200]);
    await bothCaughtUp(a, b);
    for (const n of [...first, ...second]) {
      const [onA] = a.ctx.index.billsOfLadingByNumber(n);
      const chainOnA = expectStatus(
        await call(a, a.keys.carrier).get(`/v1/bills-of-lading/${n}/endorsement-chain`),
        200,
      );
      const chainOnB = expectStatus(
        await call(b, b.keys.shipper).get(`/v1/bills-of-lading/${n}/endorsement-chain`),
        200,
      );
      expect(chainOnB, n).to.deep.equal(chainOnA);
      expect(b.ctx.index.billOfLading(onA.tokenId), n).to.deep.equal(onA);
    }
    for (const n of first) {
      const chain = expectStatus(await call(b, b.keys.bank).get(`/v1/bills-of-lading/${n}/endorsement-chain`), 200);
      expect(chain.endorsementChain.at(-1).recipient.orgId).to.equal(BANK);
    }
  });

  it("when a node derives notifications, then it keeps only its own organizations' and refuses another's subscription", async () => {
    const recentOrgIds = (node: Node) => [
      ...(node.ctx.notifications as unknown as { recent: Map<string, unknown[]> }).recent.keys(),
    ];
    // B heard the issues and transfers for its shipper and bank, and the registration of the consignee it hosts; the
    // carrier's (A's) notifications are not B's.
    expect(recentOrgIds(b).sort()).to.deep.equal([SHIPPER, BANK, CONSIGNEE].sort());
    expect(recentOrgIds(a)).to.not.include(SHIPPER);
    expect(recentOrgIds(a)).to.not.include(BANK);
    const error = await b.ctx.notifications
      .subscribe(CARRIER, { url: "http://127.0.0.1:9/hook" })
      .catch((e: unknown) => e);
    expect((error as Problem).status).to.equal(403);
    expect((error as Problem).message).to.equal(
      `This node does not serve ${CARRIER}: subscribe on ${CARRIER}'s own node, which notifies it.`,
    );
    expect(b.ctx.notifications.subscriptionsOf(CARRIER)).to.deep.equal([]);
  });

  it("when the operator starts a recovery of an organization its node does not serve, then it takes the organization's new address", async () => {
    const recoveryPath = `/v1/organizations/${BANK}/recovery`;
    const refused = await call(a, a.keys.operator).post(recoveryPath, {});
    expectStatus(refused, 422);
    expect(refused.body.detail).to.equal(
      `This node does not serve ${BANK}, so it makes no key for it: give the newSigner address of a key the ` +
        "organization made on its own node or machine.",
    );
    const newSigner = Chain.wallet(Chain.randomKey()).address;
    const started = expectStatus(await call(a, a.keys.operator).post(recoveryPath, { newSigner }), 202);
    expect(started.recovery.newSigner).to.equal(newSigner);
    expect(keystoreFiles(a)).to.deep.equal([CARRIER, OPERATOR].map((n) => `${encodeURIComponent(n)}.json`).sort());
    // The bank's own node hears of it, and the bank cancels it there with its current key.
    await bothCaughtUp(a, b);
    const cancelled = expectStatus(await call(b, b.keys.bank).delete(recoveryPath), 200);
    expect(cancelled.recovery).to.equal(null);
  });

  it("when the operator asks for an API key of an organization its node does not serve, then 403", async () => {
    const res = await call(a, a.keys.operator).post(`/v1/organizations/${SHIPPER}/api-keys`, {});
    expectStatus(res, 403);
    expect(res.body.detail).to.equal(
      `This node does not serve Suzano Brazil Exportadora (${SHIPPER}): its API keys come from its own node.`,
    );
  });
});
