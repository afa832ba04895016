/**
 * A 500 never leaves partial state, and says truthfully what it changed. Each test makes one step of a write fail
 * (a keystore write, an API key's, the broadcast, the index) and checks the chain, the index and the keystore, and
 * that the problem's sentence is true: "nothing was changed" only when no transaction was sent.
 */
import { expect } from "chai";
import { startTestCommunity, transportDocument, type TestCommunity } from "../fixtures/gateway.ts";
import { as, blPath, expectProblem, expectStatus, newBlNumber, registerOrganization } from "./helpers.ts";
import request from "supertest";

const NOTHING_CHANGED =
  /^The gateway failed to handle the request and sent no transaction, so nothing was changed: it is safe to retry\.$/;

describe("all or nothing: a write that fails half-way", function () {
  this.timeout(120_000);
  let t: TestCommunity;
  let serial = 0;

  before(async () => {
    t = await startTestCommunity();
  });
  after(async () => t?.close());

  /** Replaces `target[method]` with one that throws for the next call that `matches`; returns the restore. */
  function failOnce<T extends object, K extends keyof T>(
    target: T,
    method: K,
    matches: (...args: never[]) => boolean = () => true,
  ): () => void {
    const original = target[method] as (...args: unknown[]) => unknown;
    let failed = false;
    target[method] = function (this: T, ...args: unknown[]) {
      if (!failed && matches(...(args as never[]))) {
        failed = true;
        throw new Error(`injected failure of ${String(method)}`);
      }
      return original.apply(this, args);
    } as T[K];
    return () => void (target[method] = original as T[K]);
  }

  const newOrgId = () => `91120000ATOMIC${String(++serial).padStart(4, "0")}`;
  const registration = (orgId: string) => ({ orgId, name: `Atomic ${orgId}`, roles: ["trader"] });

  /** What a failed registration must have left as it was: the chain's height, the register, the keys. */
  async function expectNotRegistered(orgId: string, block: number) {
    const { ctx } = t.community;
    expect(await ctx.chain.blockNumber(), "chain height").to.equal(block);
    expect(ctx.index.organizationByOrgId(orgId), "in the index").to.equal(undefined);
    expect(ctx.keystore.has(orgId), "a signing key in the keystore").to.equal(false);
    expect(ctx.apiKeys.keysOf(orgId), "API keys").to.deep.equal([]);
    expect(
      (await as(t, "operator").get("/v1/organizations")).body.items.map((o: { orgId: string }) => o.orgId),
    ).not.to.include(orgId);
  }

  for (const [what, inject] of [
    [
      "its signing key cannot be stored",
      (orgId: string) => failOnce(t.community.ctx.keystore, "create", (name: string) => name === orgId),
    ],
    ["its API key cannot be issued", () => failOnce(t.community.ctx.apiKeys, "create")],
  ] as const) {
    it(`when an organization is registered and ${what}, then it is not registered, no key is left, and the 500 says nothing was changed; a retry registers it`, async () => {
      const orgId = newOrgId();
      const block = await t.community.ctx.chain.blockNumber();
      const restore = inject(orgId);
      try {
        const res = await as(t, "operator").post("/v1/organizations", registration(orgId));
        expectProblem(res, 500, NOTHING_CHANGED);
        expect(res.body).not.to.have.property("transactions");
      } finally {
        restore();
      }
      await expectNotRegistered(orgId, block);

      const retry = expectStatus(await as(t, "operator").post("/v1/organizations", registration(orgId)), 201);
      expect(retry.transactionHash).to.match(/^0x[0-9a-f]{64}$/);
      expect((await as(t, retry.apiKey).get("/v1/me")).body.orgId).to.equal(orgId);
    });
  }

  it("when the registration's broadcast fails after its keys were stored, then they are removed again and the 500 says nothing was changed", async () => {
    const orgId = newOrgId();
    const block = await t.community.ctx.chain.blockNumber();
    const restore = failOnce(t.community.ctx.chain as never, "broadcast" as never);
    try {
      expectProblem(await as(t, "operator").post("/v1/organizations", registration(orgId)), 500, NOTHING_CHANGED);
    } finally {
      restore();
    }
    await expectNotRegistered(orgId, block);
  });

  /** The embedded IPFS store's blocks and pins: what a write that did not take effect must leave as it was. */
  async function ipfsState() {
    const { documents } = t.community.ctx;
    return { blocks: await documents.blockCount(), pins: await documents.pinCount() };
  }

  it("when a B/L's issue cannot be broadcast after its document was stored, then the document leaves IPFS again and nothing was changed", async () => {
    const blNumber = newBlNumber("ATOMIC");
    const block = await t.community.ctx.chain.blockNumber();
    const before = await ipfsState();
    const restore = failOnce(t.community.ctx.chain as never, "broadcast" as never);
    try {
      expectProblem(
        await as(t, "carrier").post("/v1/bills-of-lading", {
          transportDocument: transportDocument(blNumber),
          issueTo: t.orgIds.shipper,
        }),
        500,
        NOTHING_CHANGED,
      );
    } finally {
      restore();
    }
    expect(await t.community.ctx.chain.blockNumber(), "chain height").to.equal(block);
    expect(await ipfsState(), "IPFS blocks and pins").to.deep.equal(before);
    expectStatus(await as(t, "carrier").get(blPath(blNumber)), 404);
    // The same document issues once the chain is reachable again: nothing of the failed attempt stands in its way.
    expectStatus(
      await as(t, "carrier").post("/v1/bills-of-lading", {
        transportDocument: transportDocument(blNumber),
        issueTo: t.orgIds.shipper,
      }),
      201,
    );
  });

  it("when an attachment cannot be broadcast after its file was stored, then the file leaves IPFS again, and a file already held stays", async () => {
    const blNumber = newBlNumber("ATOMATT");
    expectStatus(
      await as(t, "carrier").post("/v1/bills-of-lading", {
        transportDocument: transportDocument(blNumber),
        issueTo: t.orgIds.shipper,
      }),
      201,
    );
    const upload = (bytes: string) =>
      request(t.app)
        .post(`${blPath(blNumber, "attachments")}?fileName=${encodeURIComponent("发票.txt")}&kind=invoice`)
        .set("Authorization", `Bearer ${t.keys.shipper}`)
        .set("Content-Type", "text/plain")
        .send(Buffer.from(bytes));
    const attached = "Commercial invoice, attached once\n";
    expectStatus(await upload(attached), 201);
    for (const bytes of [`A new invoice ${blNumber}\n`, attached]) {
      const block = await t.community.ctx.chain.blockNumber();
      const before = await ipfsState();
      const restore = failOnce(t.community.ctx.chain as never, "broadcast" as never);
      try {
        expectProblem(await upload(bytes), 500, NOTHING_CHANGED);
      } finally {
        restore();
      }
      expect(await t.community.ctx.chain.blockNumber(), "chain height").to.equal(block);
      expect(await ipfsState(), `IPFS blocks and pins after ${JSON.stringify(bytes)}`).to.deep.equal(before);
    }
    // The file attached before is still whole: its download checks it against the chain.
    const list = expectStatus(await as(t, "shipper").get(blPath(blNumber, "attachments")), 200);
    const res = await as(t, "shipper").get(blPath(blNumber, `attachments/${list.items[0].cid}`));
    expect(res.status).to.equal(200);
    expect(res.text).to.equal(attached);
  });

  it("when the operator's recovery start cannot be broadcast, then its key is removed again and nothing was changed", async () => {
    const orgId = await registerOrganization(t, `rec${++serial}`, ["trader"]);
    const block = await t.community.ctx.chain.blockNumber();
    const restore = failOnce(t.community.ctx.chain as never, "broadcast" as never);
    try {
      expectProblem(await as(t, "operator").post(`/v1/organizations/${orgId}/recovery`), 500, NOTHING_CHANGED);
    } finally {
      restore();
    }
    expect(await t.community.ctx.chain.blockNumber()).to.equal(block);
    expect(t.community.ctx.keystore.has(`${orgId}.recovery`)).to.equal(false);
    expect(t.community.ctx.index.organizationByOrgId(orgId)!.recovery).to.equal(null);
  });

  it("when a write fails after its transaction was sent, then the 500 names the transaction and says to read the state before retrying", async () => {
    const orgId = await registerOrganization(t, `sent${++serial}`, ["trader"]);
    const { ctx } = t.community;
    const block = await ctx.chain.blockNumber();
    const include = ctx.index.include;
    ctx.index.include = async function (this: typeof ctx.index, ...args: Parameters<typeof include>) {
      await include.apply(this, args);
      throw new Error("injected failure after the index applied the block");
    };
    let res;
    try {
      res = await as(t, "operator").post(`/v1/organizations/${orgId}/suspend`);
    } finally {
      ctx.index.include = include;
    }
    const [hash] = (await ctx.chain.provider.getBlock(block + 1))!.transactions;
    expectProblem(
      res,
      500,
      new RegExp(
        `^The gateway failed to handle the request after it sent transaction ${hash}, which may have taken effect: read the resource again before retrying\\.$`,
      ),
    );
    expect(res.body.transactions).to.deep.equal([hash]);
    expect(await ctx.chain.blockNumber()).to.equal(block + 1);
    expect(ctx.index.organizationByOrgId(orgId)!.status).to.equal("suspended");
  });

  it("when a key replacement stops after the new key became a signer, then the 500 names that transaction and asking again finishes it with one key", async () => {
    const name = `rk${++serial}`;
    const orgId = await registerOrganization(t, name, ["trader"]);
    const { ctx } = t.community;
    const oldKey = (await ctx.keystore.wallet(orgId)).address;
    // The swap of the keystore's key (step 3) fails: the chain already has the new key as a second signer.
    const restore = failOnce(ctx.keystore, "create", (key: string) => key === orgId);
    let res;
    try {
      res = await as(t, name).post(`/v1/organizations/${orgId}/replace-key`);
    } finally {
      restore();
    }
    const problem = expectProblem(res, 500, /after it sent transaction 0x[0-9a-f]{64}, which may have taken effect/);
    expect((problem as { transactions?: string[] }).transactions).to.have.length(1);
    const next = await ctx.keystore.wallet(`${orgId}.next`);
    expect(ctx.index.organizationByOrgId(orgId)!.signers).to.have.members([oldKey, next.address]);

    const retried = expectStatus(await as(t, name).post(`/v1/organizations/${orgId}/replace-key`), 200);
    expect(retried.signers).to.deep.equal([next.address]);
    expect((await ctx.keystore.wallet(orgId)).address).to.equal(next.address);
    expect(ctx.keystore.has(`${orgId}.next`)).to.equal(false);
  });
});
