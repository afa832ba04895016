import { expect } from "chai";
import { startTestCommunity, transportDocument, type TestCommunity } from "../fixtures/gateway.ts";
import { as } from "./helpers.ts";

describe("gateway harness", function () {
  this.timeout(120_000);
  let t: TestCommunity;
  before(async () => {
    t = await startTestCommunity();
  });
  after(async () => t.close());

  it("when a carrier issues a to-order B/L, then its shipper holds it", async () => {
    const res = await as(t, "carrier").post("/v1/bills-of-lading", {
      transportDocument: transportDocument("SMOKE0001"),
      issueTo: t.orgIds.shipper,
    });
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    expect(res.body.holder.orgId).to.equal(t.orgIds.shipper);
    expect(res.body.allowedActions).to.deep.equal([]);
  });
});
