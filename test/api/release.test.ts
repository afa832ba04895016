import { expect } from "chai";
import request from "supertest";
import { startTestCommunity, transportDocument, type TestCommunity } from "../fixtures/gateway.ts";
import { as as asParty, registerOrganization } from "./helpers.ts";

/** The import flow over HTTP, from issue to gate-out. */
describe("paperless import release", function () {
  this.timeout(120_000);
  let t: TestCommunity;
  const blNumber = "IMPORT0001";
  const [c1, c2] = ["MSKU1234565", "CSQU3054383"];
  const as = (role: string) => asParty(t, role);
  const decision = (container: string, haulier = t.orgIds.haulier) =>
    as("terminal").get(`/v1/gate/decision?container=${container}&haulier=${haulier}`);

  before(async () => {
    t = await startTestCommunity();
  });
  after(async () => t.close());

  it("when a B/L goes from issue to gate-out, then every step is on chain and the gate decides on the record alone", async () => {
    await as("carrier")
      .post("/v1/bills-of-lading", { transportDocument: transportDocument(blNumber), issueTo: t.orgIds.shipper })
      .expect(201);
    await as("shipper")
      .post(`/v1/bills-of-lading/${blNumber}/endorse-and-deliver`, { to: t.orgIds.consignee })
      .expect(200);
    await as("terminal").post("/v1/terminal/discharges", { blNumber, container: c1 }).expect(200);
    await as("terminal").post("/v1/terminal/discharges", { blNumber, container: c2 }).expect(200);

    const early = await decision(c1);
    expect(early.body.releasable).to.equal(false);
    expect(early.body.refusals.map((r: { code: string }) => r.code)).to.have.members([
      "BILL_NOT_ACCOMPLISHED",
      "NO_DELIVERY_ORDER",
      "NOT_NOMINATED_HAULIER",
      "NO_CUSTOMS_RELEASE",
    ]);

    const refused = await as("carrier").post("/v1/delivery-orders", {
      blNumber,
      containers: [c1, c2],
      terminal: t.orgIds.terminal,
      validFrom: new Date(Date.now() - 86_400_000).toISOString(),
      validUntil: new Date(Date.now() + 86_400_000).toISOString(),
    });
    expect(refused.status).to.equal(409);
    expect(refused.body.contractError.name).to.equal("ImportReleaseBillNotReleasable");

    await as("consignee").post(`/v1/bills-of-lading/${blNumber}/surrender`, { kind: "delivery" }).expect(200);
    await as("carrier").post(`/v1/bills-of-lading/${blNumber}/accept-surrender`, {}).expect(200);
    const order = await as("carrier")
      .post("/v1/delivery-orders", {
        blNumber,
        containers: [c1, c2],
        terminal: t.orgIds.terminal,
        validFrom: new Date(Date.now() - 86_400_000).toISOString(),
        validUntil: new Date(Date.now() + 86_400_000).toISOString(),
      })
      .expect(201);
    expect(order.body).to.include({ status: "valid", blNumber });
    expect(order.body.consignee.orgId).to.equal(t.orgIds.consignee);

    await as("customs")
      .post("/v1/customs/releases", { declarationNumber: "020220261234567890", blNumber, containers: [c1, c2] })
      .expect(200);
    const id = order.body.deliveryOrderId;
    await as("consignee")
      .post(`/v1/delivery-orders/${id}/nominate-haulier`, { container: c1, haulier: t.orgIds.haulier })
      .expect(200);

    const yes = await decision(c1);
    expect(yes.body).to.include({ releasable: true });
    expect(yes.body.refusals).to.deep.equal([]);

    const out = await as("terminal")
      .post("/v1/gate/gate-outs", { container: c1, haulier: t.orgIds.haulier, truckPlate: "津A12345" })
      .expect(200);
    expect(out.body.gatedOutAt).to.be.a("string");
    expect(out.body.history.map((s: { step: string }) => s.step)).to.deep.equal([
      "discharged",
      "deliveryOrderIssued",
      "customsReleased",
      "haulierNominated",
      "gatedOut",
    ]);
    expect((await decision(c1)).body.refusals.map((r: { code: string }) => r.code)).to.deep.equal([
      "ALREADY_GATED_OUT",
    ]);

    const figures = await request(t.app).get("/v1/release-times?period=day&groupBy=terminal").expect(200);
    expect(figures.body.rows[0].measures.dischargeToGateOut.count).to.equal(1);
    const csv = await request(t.app).get("/v1/release-times?format=csv&groupBy=carrier").expect(200);
    expect(csv.headers["content-type"]).to.match(/text\/csv/);
  });

  it("when the terminal gates out a container that is not releasable, then the contract refuses with every reason", async () => {
    const res = await as("terminal").post("/v1/gate/gate-outs", {
      container: c2,
      haulier: t.orgIds.haulier,
      truckPlate: "津A12345",
    });
    expect(res.status).to.equal(409);
    expect(res.body.contractError.name).to.equal("ImportReleaseNotReleasable");
    expect(res.body.detail).to.match(/not the haulier nominated/);
  });

  it("when the carrier's appointed shipping agent issues a delivery order, then the contract accepts it; unappointed, refused", async () => {
    await registerOrganization(t, "shippingAgent", ["agent"], {
      orgId: "91120000AGENT00001",
      legalName: "Penavico Tianjin",
    });
    const body = {
      blNumber,
      containers: [c2],
      terminal: t.orgIds.terminal,
      validFrom: new Date(Date.now() - 86_400_000).toISOString(),
      validUntil: new Date(Date.now() + 86_400_000).toISOString(),
    };
    const before = await as("shippingAgent").post("/v1/delivery-orders", body);
    expect(before.status).to.equal(403);
    expect(before.body.contractError.name).to.equal("ImportReleaseNotCarrier");
    // Only the principal appoints its agent: the operator is refused.
    await as("operator")
      .post("/v1/organizations/91120000AGENT00001/appoint-agent", { principal: t.orgIds.carrier })
      .expect(403);
    const appointed = await as("carrier")
      .post("/v1/organizations/91120000AGENT00001/appoint-agent", { principal: t.orgIds.carrier })
      .expect(200);
    expect(appointed.body.agentFor).to.equal(t.orgIds.carrier);
    // c2 is on the first delivery order: revoke it (as the agent), then the agent issues a new one.
    const first = await as("terminal").get(`/v1/containers/${c2}`).expect(200);
    await as("shippingAgent")
      .post(`/v1/delivery-orders/${first.body.deliveryOrderId}/revoke`, { reason: "Reissued by the agent" })
      .expect(200);
    const order = await as("shippingAgent").post("/v1/delivery-orders", body).expect(201);
    expect(order.body.carrier.orgId).to.equal(t.orgIds.carrier);
  });

  it("when a container number has a wrong check digit, then 400 pointing at it and nothing is sent", async () => {
    const block = await t.community.ctx.chain.blockNumber();
    const res = await as("terminal").post("/v1/terminal/discharges", { blNumber, container: "MSKU1234566" });
    expect(res.status).to.equal(400);
    expect(res.body.errors[0].pointer).to.equal("/container");
    expect(await t.community.ctx.chain.blockNumber()).to.equal(block);
  });
});
