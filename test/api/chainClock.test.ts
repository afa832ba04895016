/**
 * The embedded chain keeps the wall clock's time: a delivery order valid from "now" must be valid on chain, and a
 * release time measured on chain must be the time that passed. That holds after a restart too, however long the
 * gateway waits for its first transaction.
 */
import { expect } from "chai";
import { restartTestCommunity, startTestCommunity, type TestCommunity } from "../fixtures/gateway.ts";
import { issue, newBlNumber, chainOf } from "./helpers.ts";

const IDLE_MS = 3_000;

describe("the embedded chain's clock", function () {
  this.timeout(120_000);
  let t: TestCommunity;

  after(async () => {
    await t?.close();
  });

  /** Seconds between the block of this B/L's issue and the wall clock when the answer came. */
  async function lagOfIssue(): Promise<number> {
    const blNumber = newBlNumber("CLOCK");
    await issue(t, blNumber);
    const now = Date.now() / 1000;
    const [issued] = (await chainOf(t, blNumber)).endorsementChain;
    const block = await t.community.ctx.chain.provider.getBlock(issued.blockNumber);
    return now - block!.timestamp;
  }

  it("when the first transaction after a start or a restart comes seconds later, then its block carries the wall clock's time", async () => {
    t = await startTestCommunity();
    await new Promise((resolve) => setTimeout(resolve, IDLE_MS));
    const lagAfterStart = await lagOfIssue();
    expect(lagAfterStart, "seconds behind the wall clock after a start").to.be.within(-1, 1.5);

    t = await restartTestCommunity(t);
    await new Promise((resolve) => setTimeout(resolve, IDLE_MS));
    const lagAfterRestart = await lagOfIssue();
    expect(lagAfterRestart, "seconds behind the wall clock after a restart").to.be.within(-1, 1.5);
  });
});
