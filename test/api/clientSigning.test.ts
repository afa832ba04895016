/**
 * Client-side signing (issue 12, point 3): an organization whose key the node does not hold sends a write with
 * `Prefer: sign=client`, signs the transaction the node prepared, and POSTs it to /v1/transactions; the node checks
 * it, sends it and answers what a one-step call answers. It never holds the key.
 */
import { expect } from "chai";
import { Transaction, Wallet } from "ethers";
import type { Response } from "supertest";
import { ClientNonces, ClientSigningSession, PreparedTransactions } from "../../api/clientSigning.ts";
import { Chain } from "../../api/adapters/chain/chain.ts";
import { Problem } from "../../api/problem.ts";
import { startTestCommunity, transportDocument, type TestCommunity } from "../fixtures/gateway.ts";
import {
  act,
  as,
  blPath,
  expectProblem,
  expectRefused,
  expectStatus,
  issue,
  newBlNumber,
  read,
  snapshot,
} from "./helpers.ts";

const CLIENT_SIGNED = { Prefer: "sign=client" };

describe("client-side signing: Prefer: sign=client, then POST /v1/transactions", function () {
  this.timeout(120_000);
  let t: TestCommunity;
  /** The forwarder's own key: registered on chain, never given to the node. */
  const forwarderKey = Wallet.createRandom();
  const carrierKey = Wallet.createRandom();
  let forwarder: string;

  /** Registers an organization that holds its own key, as the operator. */
  async function registerClientSigned(name: string, orgId: string, roles: string[], signer: string) {
    const res = await as(t, "operator").post("/v1/organizations", { orgId, name, roles, signer });
    expectStatus(res, 201);
    t.keys[orgId] = res.body.apiKey;
    t.orgIds[orgId] = orgId;
    return res.body;
  }

  /** A write as `who`, asking to sign it client-side as `signer`. */
  const prepare = (who: string, path: string, body: unknown, signer: string) =>
    as(t, who).post(path, body).set(CLIENT_SIGNED).set("X-Signer", signer);

  /** Signs a prepared transaction (as a client would, with ethers) after `change` altered it. */
  async function sign(
    wallet: { signTransaction(tx: object): Promise<string> },
    prepared: Response,
    change: (tx: Record<string, unknown>) => void = () => {},
  ) {
    const tx: Record<string, unknown> = { ...prepared.body.transaction };
    change(tx);
    return wallet.signTransaction(tx);
  }

  const send = (who: string, signedTransaction: string) => as(t, who).post("/v1/transactions", { signedTransaction });

  /** A B/L issued by the community's carrier to the forwarder, held by it. */
  async function issueToForwarder(prefix: string): Promise<string> {
    const n = newBlNumber(prefix);
    const res = await as(t, "carrier").post("/v1/bills-of-lading", {
      transportDocument: transportDocument(n),
      issueTo: forwarder,
    });
    expectStatus(res, 201);
    return n;
  }

  before(async () => {
    t = await startTestCommunity();
    forwarder = "91110000FORWARDER1";
    await registerClientSigned("Small Forwarding Co", forwarder, ["trader"], forwarderKey.address);
  });
  after(async () => t.close());

  it("when an organization registers with its own signer, then the node holds no key for it and its signer is on chain", async () => {
    expect(t.community.ctx.keystore.has(forwarder)).to.equal(false);
    const me = expectStatus(await as(t, forwarder).get("/v1/me"), 200);
    expect(me.signers).to.deep.equal([forwarderKey.address]);
  });

  it("when it writes without Prefer: sign=client, then it is told to sign client-side and nothing is sent", async () => {
    const n = await issueToForwarder("CSONE");
    await expectRefused(t, { status: 409, detail: /Prefer: sign=client/, bls: [n] }, () =>
      as(t, forwarder).post(blPath(n, "endorse-and-deliver"), { to: t.orgIds.bank }),
    );
  });

  it("when it endorses and delivers with Prefer: sign=client and sends the signed transaction, then it gets the one-step response", async () => {
    const n = await issueToForwarder("CSEND");
    const before = await snapshot(t, [n]);
    const prepared = await prepare(
      forwarder,
      blPath(n, "endorse-and-deliver"),
      { to: t.orgIds.bank },
      forwarderKey.address,
    );
    const body = expectStatus(prepared, 202);
    expect(body.signer).to.equal(forwarderKey.address);
    expect(body.transaction).to.include({ type: 2, to: t.community.ctx.chain.address("BillOfLading"), value: "0" });
    expect(body.transaction.chainId).to.equal(t.community.ctx.chain.chainId.toString());
    expect(Date.parse(body.expiresAt)).to.be.above(Date.now());
    expect(await snapshot(t, [n]), "preparing sent or changed something").to.deep.equal(before);

    const done = await send(forwarder, await sign(forwarderKey, prepared));
    const view = expectStatus(done, 200);
    expect(view.holder).to.deep.equal({ orgId: t.orgIds.bank, name: (await read(t, n, "bank")).holder.name });
    expect(view.transactionHash).to.equal(Transaction.from(await sign(forwarderKey, prepared)).hash);

    // The same response a one-step call gives: the node-signing shipper endorses and delivers another B/L.
    const other = newBlNumber("CSCMP");
    await issue(t, other);
    const oneStep = await act(t, "shipper", other, "endorse-and-deliver", { to: t.orgIds.bank });
    expect(Object.keys(view).sort()).to.deep.equal(Object.keys(oneStep).sort());
    expect((await read(t, n, "bank")).holder.orgId).to.equal(t.orgIds.bank);
  });

  it("when the contract would refuse the write, then preparing gives the one-step call's problem and nothing is stored or sent", async () => {
    const held = newBlNumber("CSHELD");
    await issue(t, held); // held by the shipper, not the forwarder
    const oneStep = expectProblem(
      await as(t, "bank").post(blPath(held, "endorse-and-deliver"), { to: t.orgIds.consignee }),
      403,
    );
    const problem = await expectRefused(t, { status: 403, detail: /Only the holder/, bls: [held] }, () =>
      prepare(forwarder, blPath(held, "endorse-and-deliver"), { to: t.orgIds.consignee }, forwarderKey.address),
    );
    expect(problem.contractError!.name).to.equal("BillOfLadingNotHolder");
    expect(problem.contractError!.name).to.equal(oneStep.contractError!.name);
  });

  it("when X-Signer is not one of the caller's signers, then preparing is refused (403)", async () => {
    const n = await issueToForwarder("CSXS");
    await expectRefused(t, { status: 403, detail: /not a registered signer/, bls: [n] }, () =>
      prepare(forwarder, blPath(n, "endorse-and-deliver"), { to: t.orgIds.bank }, Wallet.createRandom().address),
    );
    await expectRefused(t, { status: 400, detail: /X-Signer/, bls: [n] }, () =>
      as(t, forwarder).post(blPath(n, "endorse-and-deliver"), { to: t.orgIds.bank }).set(CLIENT_SIGNED),
    );
  });

  it("when the prepared transaction is signed by an unregistered key, then it is refused (403) and nothing is mined", async () => {
    const n = await issueToForwarder("CSUNREG");
    const prepared = await prepare(
      forwarder,
      blPath(n, "endorse-and-deliver"),
      { to: t.orgIds.bank },
      forwarderKey.address,
    );
    expectStatus(prepared, 202);
    await expectRefused(t, { status: 403, detail: /not a registered signer of any organization/, bls: [n] }, async () =>
      send(forwarder, await sign(Wallet.createRandom(), prepared)),
    );
  });

  it("when the signed transaction calls another address or its data was altered, then it is refused and nothing is mined", async () => {
    const n = await issueToForwarder("CSTAMP");
    const prepared = await prepare(
      forwarder,
      blPath(n, "endorse-and-deliver"),
      { to: t.orgIds.bank },
      forwarderKey.address,
    );
    expectStatus(prepared, 202);
    await expectRefused(t, { status: 422, detail: /none of the port community's contracts/, bls: [n] }, async () =>
      send(forwarder, await sign(forwarderKey, prepared, (tx) => (tx.to = Wallet.createRandom().address))),
    );
    await expectRefused(t, { status: 422, detail: /differs from the one prepared/, bls: [n] }, async () =>
      send(forwarder, await sign(forwarderKey, prepared, (tx) => (tx.data = (tx.data as string).slice(0, -2) + "ff"))),
    );
    // Another organization may not bring this organization's signature.
    await expectRefused(t, { status: 403, detail: /another organization/, bls: [n] }, async () =>
      send("bank", await sign(forwarderKey, prepared)),
    );
    // The untouched signature still goes through.
    expectStatus(await send(forwarder, await sign(forwarderKey, prepared)), 200);
  });

  it("when a signed transaction was never prepared here, then it is refused (404) and nothing is mined", async () => {
    const tx = {
      type: 2,
      chainId: t.community.ctx.chain.chainId,
      to: t.community.ctx.chain.address("BillOfLading"),
      data: "0x",
      nonce: 999,
      gasLimit: 100_000,
      maxFeePerGas: 0,
      maxPriorityFeePerGas: 0,
    };
    await expectRefused(t, { status: 404, detail: /prepared no such transaction/ }, async () =>
      send(forwarder, await forwarderKey.signTransaction(tx)),
    );
    await expectRefused(t, { status: 422, detail: /not a signed transaction/ }, async () => send(forwarder, "0x1234"));
  });

  it("when a carrier without a key at the node issues client-signed, then the document is stored before the broadcast and readable after", async () => {
    const carrier = "91110000OWNCARRIER";
    await registerClientSigned("Own Key Lines", carrier, ["carrier"], carrierKey.address);
    const n = newBlNumber("CSISSUE");
    const document = transportDocument(n);
    const prepared = await prepare(
      carrier,
      "/v1/bills-of-lading",
      { transportDocument: document, issueTo: t.orgIds.shipper },
      carrierKey.address,
    );
    expectStatus(prepared, 202);
    const done = await send(carrier, await sign(carrierKey, prepared));
    const issued = expectStatus(done, 201);
    expect(done.headers.location).to.equal(`/v1/bills-of-lading/${n}`);
    expect(issued.blNumber).to.equal(n);
    const bl = await read(t, n, "shipper");
    expect(bl.transportDocument.transportDocumentReference).to.equal(n);
  });

  it("when one signer prepares writes before signing any, then each gets its own nonce; one left unsigned gives its nonce up after the hold", () => {
    let now = 0;
    const nonces = new ClientNonces(5_000, () => now);
    const signer = Wallet.createRandom().address;
    const first = nonces.reserve(signer, 5);
    const second = nonces.reserve(signer, 5);
    expect([first.nonce, second.nonce]).to.deep.equal([5, 6]);
    expect(second.signed()).to.equal(true);
    second.broadcast();
    second.release();
    // A count read before the chain counted 6 does not hand 6 out again; 5 is still held by its fresh preparation.
    expect(nonces.reserve(signer, 5).nonce).to.equal(7);
    now = 5_000; // the preparation of 5 was left unsigned: the next preparation fills the gap 6 waits behind
    const third = nonces.reserve(signer, 5);
    expect(third.nonce).to.equal(5);
    expect(third.signed()).to.equal(true);
    expect(first.signed(), "the late signature of the preparation it took over").to.equal(false);
    first.release();
    third.release();
    expect(nonces.heldFor(signer)).to.equal(1); // the one prepared at 7, still unsigned
  });

  it("when the chain queues nothing ahead of a nonce, then an unsigned preparation holds none", () => {
    const nonces = new ClientNonces(0);
    const signer = Wallet.createRandom().address;
    expect(nonces.reserve(signer, 3).nonce).to.equal(3);
    const next = nonces.reserve(signer, 3);
    expect(next.nonce).to.equal(3);
    expect(next.signed()).to.equal(true);
    expect(nonces.reserve(signer, 3).nonce, "a signed write holds its nonce").to.equal(4);
  });

  it("when a prepared transaction expires unsigned, then its signature is refused as gone (410)", async () => {
    const prepared = new PreparedTransactions(1);
    const session = new ClientSigningSession(forwarderKey.address, {
      status: () => ({ json: () => undefined }),
    } as never);
    void session.answerOn(session.res);
    const transaction = {
      type: 2 as const,
      chainId: "1",
      to: Wallet.createRandom().address,
      data: "0x",
      nonce: 0,
      gasLimit: "21000",
      maxFeePerGas: "0",
      maxPriorityFeePerGas: "0",
      value: "0" as const,
    };
    const raw = await forwarderKey.signTransaction(transaction);
    const signed = Chain.parseSigned(raw)!;
    const waited = prepared.wait({
      unsignedHash: signed.unsignedHash,
      transaction,
      contract: "BillOfLading",
      signer: forwarderKey.address,
      orgId: forwarder,
      session,
    });
    const expired = await waited.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(expired).to.be.instanceOf(Problem);
    expect((expired as Problem).status).to.equal(410);
    expect(() => prepared.find(signed)).to.throw(Problem, /expired/);
  });
});
