/**
 * A chain that went backwards under a running node (issue 12, point 5: anvil restarted from a state file older than
 * the blocks the node had indexed): the node's health says so, instead of "ok" over an index of lost blocks.
 */
import { expect } from "chai";
import { startTestCommunity, type TestCommunity } from "../fixtures/gateway.ts";
import { as, issue, newBlNumber } from "./helpers.ts";

describe("a chain that went backwards under a running node", function () {
  this.timeout(120_000);
  let t: TestCommunity;

  before(async () => {
    t = await startTestCommunity();
  });
  after(async () => t.close());

  it("when the chain's head falls below the block the node indexed, then /health is degraded (503) and names the index", async () => {
    const provider = t.community.ctx.chain.provider as unknown as { send(m: string, p: unknown[]): Promise<unknown> };
    const before = await as(t).get("/health");
    expect(before.status).to.equal(200);
    const snapshot = await provider.send("evm_snapshot", []);
    await issue(t, newBlNumber("BACK"));
    const indexed = t.community.ctx.index.indexedBlock;
    await provider.send("evm_revert", [snapshot]); // the blocks since the snapshot are gone, as after the crash
    const res = await as(t).get("/health");
    expect(res.status).to.equal(503);
    expect(res.body.status).to.equal("degraded");
    expect(res.body.index).to.deep.equal({ ok: false, block: indexed });
    expect(res.body.chain.block).to.be.below(indexed);
  });
});
