/**
 * Races: requests that would change one document at the same time are serialised in the node. The one that comes
 * second is refused with 409 before it simulates or broadcasts anything, so no reverted transaction is ever mined.
 */
import { expect } from "chai";
import type { Response } from "supertest";
import type { JsonRpcApiProvider } from "ethers";
import { ContractRevert } from "../../api/adapters/chain/chain.ts";
import { toProblem } from "../../api/contractErrors.ts";
import { Problem } from "../../api/problem.ts";
import { startTestCommunity, type TestCommunity } from "../fixtures/gateway.ts";
import { as, blPath, expectProblem, issue, issueRequest, newBlNumber, read } from "./helpers.ts";
import { releaseSteps } from "./releaseSteps.ts";

describe("races: conflicting requests at once", function () {
  this.timeout(180_000);
  let t: TestCommunity;

  before(async () => {
    t = await startTestCommunity();
  });
  after(async () => t?.close());

  /**
   * Sends `n` requests at once and holds the chain back until every one of them has reached `transactions.submit`:
   * so all `n` are in flight together however the machine schedules them, and none could be refused only because
   * an earlier one had already finished. Without the lock, all of them would reach the chain.
   */
  async function atOnce(n: number, call: () => Promise<Response>): Promise<Response[]> {
    const { transactions, chain } = t.community.ctx;
    const submit = transactions.submit;
    const send = chain.submit;
    let entered = 0;
    let allIn!: () => void;
    const gate = new Promise<void>((resolve) => (allIn = resolve));
    transactions.submit = function (this: typeof transactions, ...args: Parameters<typeof submit>) {
      if (++entered === n) allIn();
      return submit.apply(this, args);
    };
    chain.submit = async function (this: typeof chain, ...args: Parameters<typeof send>) {
      await gate;
      return send.apply(this, args);
    };
    try {
      return await Promise.all(Array.from({ length: n }, call));
    } finally {
      transactions.submit = submit;
      chain.submit = send;
    }
  }

  /** Every transaction mined in blocks (from, to] succeeded: status 1 in its receipt. */
  async function expectNoRevertedTransaction(from: number, to: number) {
    const rpc = t.community.ctx.chain.provider as JsonRpcApiProvider;
    let transactions = 0;
    for (let n = from + 1; n <= to; n++) {
      const block = await rpc.send("eth_getBlockByNumber", ["0x" + n.toString(16), false]);
      for (const hash of block.transactions as string[]) {
        const receipt = await rpc.send("eth_getTransactionReceipt", [hash]);
        expect(receipt.status, `transaction ${hash} in block ${n}`).to.equal("0x1");
        transactions += 1;
      }
    }
    return transactions;
  }

  function expectOneWinner(responses: Response[], status: number, busy: RegExp) {
    const winners = responses.filter((r) => r.status === status);
    expect(
      responses.map((r) => r.status),
      JSON.stringify(responses.map((r) => r.body)),
    ).to.have.members([status, ...Array(responses.length - 1).fill(409)]);
    for (const loser of responses.filter((r) => r.status === 409)) expectProblem(loser, 409, busy);
    return winners[0];
  }

  it("when 10 endorse-and-deliver of one B/L arrive at once, then exactly one succeeds, nine are refused with 409 naming the B/L, and no reverted transaction is mined", async () => {
    const blNumber = newBlNumber("RACE");
    await issue(t, blNumber);
    const before = await t.community.ctx.chain.blockNumber();

    const responses = await atOnce(10, () =>
      as(t, "shipper").post(blPath(blNumber, "endorse-and-deliver"), { to: t.orgIds.bank }),
    );

    const winner = expectOneWinner(
      responses,
      200,
      new RegExp(`^Another request is changing B/L ${blNumber} right now; read it again and retry\\.$`),
    );
    expect(winner.body.holder.orgId).to.equal(t.orgIds.bank);
    const after = await t.community.ctx.chain.blockNumber();
    expect(await expectNoRevertedTransaction(before, after), "transactions mined").to.equal(1);
    expect((await read(t, blNumber, "bank")).holder.orgId).to.equal(t.orgIds.bank);
  });

  it("when 10 gate-outs of one container arrive at once, then exactly one lets it out, nine are refused with 409 naming the container, and no reverted transaction is mined", async () => {
    const steps = releaseSteps(t);
    const { container } = await steps.prepared({ prefix: "RACEGATE" });
    const before = await t.community.ctx.chain.blockNumber();

    const responses = await atOnce(10, () => steps.gateOut(container));

    const winner = expectOneWinner(
      responses,
      200,
      new RegExp(`^Another request is changing container ${container} right now; read it again and retry\\.$`),
    );
    expect(winner.body.gatedOutAt).to.be.a("string");
    const after = await t.community.ctx.chain.blockNumber();
    expect(await expectNoRevertedTransaction(before, after), "transactions mined").to.equal(1);
  });

  it("when the same B/L number is issued 5 times at once, then one is issued and four are refused with 409 before any is sent", async () => {
    const blNumber = newBlNumber("RACEISS");
    const before = await t.community.ctx.chain.blockNumber();
    const responses = await atOnce(5, () => as(t, "carrier").post("/v1/bills-of-lading", issueRequest(t, blNumber)));
    expectOneWinner(
      responses,
      201,
      new RegExp(`^Another request is changing (B/L ${blNumber}|the transport document of B/L ${blNumber}) right now`),
    );
    expect(await expectNoRevertedTransaction(before, await t.community.ctx.chain.blockNumber())).to.equal(1);
  });

  const upload = (blNumber: string, i: number) =>
    as(t, "shipper")
      .post(`${blPath(blNumber, "attachments")}?fileName=${encodeURIComponent(`装箱单 ${i}.txt`)}&kind=packingList`)
      .set("Content-Type", "text/plain")
      .send(Buffer.from(`Packing list ${i} of ${blNumber}\n`));

  it("when 4 attachments to one B/L arrive at once, then all 4 are attached: adding files does not change who controls it", async () => {
    const blNumber = newBlNumber("RACEATT");
    await issue(t, blNumber);
    let i = 0;
    const responses = await atOnce(4, () => upload(blNumber, ++i));
    expect(responses.map((r) => r.status)).to.deep.equal([201, 201, 201, 201]);
    const list = await as(t, "shipper").get(blPath(blNumber, "attachments"));
    expect(list.body.items).to.have.length(4);
  });

  it("when attachments and an endorse-and-deliver of one B/L arrive at once, then whichever holds the B/L first goes through and the other side is refused with 409, and no reverted transaction is mined", async () => {
    const blNumber = newBlNumber("RACEMIX");
    await issue(t, blNumber);
    const before = await t.community.ctx.chain.blockNumber();
    let i = 0;
    const responses = await atOnce(4, () =>
      ++i === 2
        ? as(t, "shipper").post(blPath(blNumber, "endorse-and-deliver"), { to: t.orgIds.bank })
        : upload(blNumber, i),
    );
    const statuses = responses.map((r) => r.status);
    // The act holds the B/L alone; uploads share it with each other only.
    expect([
      [201, 409, 201, 201],
      [409, 200, 409, 409],
    ]).to.deep.include(statuses);
    for (const loser of responses.filter((r) => r.status === 409)) {
      expectProblem(loser, 409, new RegExp(`^Another request is changing B/L ${blNumber} right now`));
    }
    const mined = await expectNoRevertedTransaction(before, await t.community.ctx.chain.blockNumber());
    expect(mined).to.equal(statuses.filter((s) => s !== 409).length);
  });

  it("when a transaction fails on chain after its check (another node changed the state), then the 409 names the resource of the contract that failed", () => {
    const hash = "0x" + "ab".repeat(32);
    for (const [contract, resource] of [
      ["BillOfLading", "the B/L"],
      ["ImportRelease", "the delivery order or container release"],
      ["EquipmentInterchange", "the e-EIR"],
      ["PartyRegistry", "the organization"],
    ]) {
      let problem: Problem | undefined;
      try {
        toProblem(
          new ContractRevert("TransactionFailed", { contract, transactionHash: hash }),
          Object.assign(() => "", { party: () => null }),
        );
      } catch (error) {
        problem = error as Problem;
      }
      expect(problem).to.be.instanceOf(Problem);
      expect(problem!.status).to.equal(409);
      expect(problem!.message).to.equal(
        `Another transaction changed ${resource} between this one's check and its mining, so this one (${hash}) ` +
          `failed on chain; read ${resource} again and retry.`,
      );
    }
  });
});
