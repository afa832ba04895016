/**
 * Transactions in flight together: the gateway signs and broadcasts one at a time but waits for receipts in
 * parallel, and journals in chain order. Many requests at once must each land once, with consecutive nonces, and a
 * restart must replay the journal into the same chain.
 */
import { expect } from "chai";
import { restartTestCommunity, startTestCommunity, type TestCommunity } from "../fixtures/gateway.ts";
import { as, chainOf, expectProblem, issueRequest, newBlNumber, read } from "./helpers.ts";

describe("requests in flight together", function () {
  this.timeout(120_000);
  let t: TestCommunity;

  before(async () => {
    t = await startTestCommunity();
  });

  after(async () => {
    await t?.close();
  });

  /** The transactions of these B/Ls' histories, as the chain has them. */
  async function transactions(numbers: string[]) {
    const hashes = (await Promise.all(numbers.map((n) => chainOf(t, n))))
      .flatMap((c) => c.endorsementChain)
      .map((e: { transactionHash: string }) => e.transactionHash);
    const provider = t.community.ctx.chain.provider;
    return Promise.all([...new Set(hashes)].map(async (h) => (await provider.getTransaction(h))!));
  }

  it("when 24 B/Ls are issued and then endorsed at once, then each lands once, in its own block, with consecutive nonces, and a restart rebuilds them", async () => {
    const numbers = Array.from({ length: 24 }, () => newBlNumber("FLY"));
    const issued = await Promise.all(
      numbers.map((n) => as(t, "carrier").post("/v1/bills-of-lading", issueRequest(t, n))),
    );
    for (const res of issued) expect(res.status, JSON.stringify(res.body)).to.equal(201);
    const endorsed = await Promise.all(
      numbers.map((n) => as(t, "shipper").post(`/v1/bills-of-lading/${n}/endorse-and-deliver`, { to: t.orgIds.bank })),
    );
    for (const res of endorsed) expect(res.status, JSON.stringify(res.body)).to.equal(200);

    const txs = await transactions(numbers);
    expect(txs).to.have.length(48);
    expect(new Set(txs.map((tx) => tx.blockNumber)).size, "one block per transaction").to.equal(48);
    for (const from of new Set(txs.map((tx) => tx.from))) {
      const nonces = txs
        .filter((tx) => tx.from === from)
        .map((tx) => tx.nonce)
        .sort((a, b) => a - b);
      expect(nonces, `nonces of ${from}`).to.deep.equal(nonces.map((_, i) => nonces[0] + i));
    }
    const views = await Promise.all(numbers.map((n) => read(t, n, "bank")));
    expect(views.every((bl) => bl.holder.orgId === t.orgIds.bank)).to.equal(true);

    // The journal lists them in chain order: replaying it into a fresh chain rebuilds the same blocks.
    const histories = await Promise.all(numbers.map((n) => chainOf(t, n)));
    t = await restartTestCommunity(t);
    expect(await Promise.all(numbers.map((n) => chainOf(t, n)))).to.deep.equal(histories);
    expect(await Promise.all(numbers.map((n) => read(t, n, "bank")))).to.deep.equal(views);
  });

  it("when the same B/L number is issued twice at once, then one is issued, the other refused with 409, and the next issue still goes through", async () => {
    const blNumber = newBlNumber("TWICE");
    const [a, b] = await Promise.all([
      as(t, "carrier").post("/v1/bills-of-lading", issueRequest(t, blNumber)),
      as(t, "carrier").post("/v1/bills-of-lading", issueRequest(t, blNumber)),
    ]);
    const statuses = [a.status, b.status].sort();
    expect(statuses, JSON.stringify([a.body, b.body])).to.deep.equal([201, 409]);
    expectProblem(a.status === 409 ? a : b, 409);
    expect((await chainOf(t, blNumber)).endorsementChain).to.have.length(1);

    // The loser is refused before it is sent; either way the signer's next transaction must not reuse or skip a nonce.
    const next = newBlNumber("AFTER");
    const res = await as(t, "carrier").post("/v1/bills-of-lading", issueRequest(t, next));
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    expect((await read(t, next)).holder.orgId).to.equal(t.orgIds.shipper);
  });
});
