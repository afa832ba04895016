import { expect } from "chai";
import { startTestCommunity, type TestCommunity } from "../fixtures/gateway.ts";
import { as, expectProblem, expectStatus, registerOrganization } from "./helpers.ts";
import { releaseSteps } from "./releaseSteps.ts";

/** GET /v1/haulier/nominations: what a haulier's dispatcher is asked to collect. */
describe("a haulier's nominations", function () {
  this.timeout(120_000);
  let t: TestCommunity;
  before(async () => {
    t = await startTestCommunity();
  });
  after(async () => t.close());

  it("when the consignee nominates a haulier, then the container is on that haulier's list only, and stays there once gated out", async () => {
    const steps = releaseSteps(t);
    const first = await steps.prepared({ prefix: "NOMA" });
    const second = await steps.prepared({ prefix: "NOMB" });
    await registerOrganization(t, "otherHaulier", ["haulier"]);

    const list = expectStatus(await as(t, "haulier").get("/v1/haulier/nominations"), 200);
    const mine = list.items.filter((c: { container: string }) =>
      [first.container, second.container].includes(c.container),
    );
    expect(mine.map((c: { container: string }) => c.container)).to.deep.equal([first.container, second.container]);
    expect(mine[0]).to.include({ blNumber: first.blNumber, deliveryOrderId: first.deliveryOrderId, gatedOutAt: null });
    expect(mine[0].haulier).to.deep.equal(steps.party(t.orgIds.haulier));
    expect(mine[0].terminal).to.deep.equal(steps.party(t.orgIds.terminal));
    expect(expectStatus(await as(t, "otherHaulier").get("/v1/haulier/nominations"), 200).items).to.deep.equal([]);

    // Nominated elsewhere: off the first haulier's list, on the other's.
    expectStatus(await steps.nominate(second.deliveryOrderId, second.container, t.orgIds.otherHaulier), 200);
    const after = expectStatus(await as(t, "haulier").get("/v1/haulier/nominations"), 200);
    expect(after.items.map((c: { container: string }) => c.container)).not.to.include(second.container);
    const other = expectStatus(await as(t, "otherHaulier").get("/v1/haulier/nominations"), 200);
    expect(other.items.map((c: { container: string }) => c.container)).to.deep.equal([second.container]);

    expectStatus(await steps.gateOut(first.container), 200);
    const out = expectStatus(await as(t, "haulier").get("/v1/haulier/nominations"), 200);
    expect(out.items.find((c: { container: string }) => c.container === first.container).gatedOutAt).to.be.a("string");
  });

  it("when the operator or no key asks, then 403 and 401", async () => {
    expectProblem(
      await as(t, "operator").get("/v1/haulier/nominations"),
      403,
      /operator is nominated for no container/,
    );
    expectProblem(await as(t).get("/v1/haulier/nominations"), 401);
  });
});
