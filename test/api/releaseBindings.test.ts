import { expect } from "chai";
import type { Notification } from "../../api/notifications/outbox.ts";
import { startTestCommunity, type TestCommunity } from "../fixtures/gateway.ts";
import { act, as, expectRefused, issue, newBlNumber } from "./helpers.ts";
import { box, eventually, expectStatus, releaseSteps } from "./releaseSteps.ts";

/**
 * Container bindings over HTTP (decision 0008): the terminal of record's discharge correction, a container taken over
 * by another B/L before discharge, and the standing of the haulier and the terminal at the gate — with the gateway's
 * gate answer identical to the contract's throughout.
 */
describe("paperless import release: container bindings", function () {
  this.timeout(180_000);
  let t: TestCommunity;
  let s: ReturnType<typeof releaseSteps>;

  before(async () => {
    t = await startTestCommunity();
    s = releaseSteps(t);
    await s.registerOrganization("terminal2", ["terminal"]);
    await s.registerOrganization("haulier2", ["haulier"]);
  });
  after(async () => t.close());

  const correct = (container: string, blNumber: string | null, who = "terminal") =>
    as(t, who).post("/v1/terminal/discharge-corrections", { container, blNumber });

  /** Collects the notifications of `roles` from now on. */
  function listen(roles: string[]) {
    const heard: Record<string, Notification[]> = {};
    const stops = roles.map((role) => {
      heard[role] = [];
      return t.community.ctx.notifications.stream(t.orgIds[role], (n) => heard[role].push(n));
    });
    return { heard, stop: () => stops.forEach((stop) => stop()) };
  }

  describe("POST /v1/terminal/discharge-corrections", function () {
    it("when /openapi.json is asked, then the correction is documented with its body", async () => {
      const doc = expectStatus(await as(t).get("/openapi.json"), 200);
      const op = doc.paths["/v1/terminal/discharge-corrections"].post;
      expect(op.security).to.deep.equal([{ apiKey: [] }, { session: [] }]);
      expect(op.responses.default.content).to.have.property("application/problem+json");
      const schema = op.requestBody.content["application/json"].schema;
      expect(schema.required).to.include.members(["container", "blNumber"]);
      expect(schema.properties).to.include.keys("container", "blNumber");
    });

    it("when the terminal of record re-points the discharge, then the container is on the right B/L, the wrong one's order and customs release are gone, and the parties are told", async () => {
      const wrong = await s.prepared({ prefix: "WRONG" });
      const right = await s.releasableBl("RIGHT");
      const before = expectStatus(await as(t, "terminal").get(`/v1/containers/${wrong.container}`), 200);
      const { heard, stop } = listen(["terminal", "carrier", "consignee"]);
      try {
        const view = expectStatus(await correct(wrong.container, right), 200);
        expect(view).to.include({
          blNumber: right,
          deliveryOrderId: null,
          haulier: null,
          customsReleased: false,
          customsHeld: false,
          dischargedAt: before.dischargedAt,
        });
        expect(view.terminal.orgId).to.equal(t.orgIds.terminal);
        expect(view.history.at(-1)).to.deep.include({
          step: "dischargeCorrected",
          detail: { previousBlNumber: wrong.blNumber },
        });
        await s.expectGateRefuses(wrong.container, [
          "NO_DELIVERY_ORDER",
          "NOT_NOMINATED_HAULIER",
          "NO_CUSTOMS_RELEASE",
        ]);
        await eventually(() => ["terminal", "carrier", "consignee"].every((r) => heard[r].length > 0));
        for (const role of ["terminal", "carrier", "consignee"]) {
          expect(heard[role].map((n) => n.type)).to.deep.equal(["release.dischargeCorrected"]);
          expect(heard[role][0].data).to.deep.equal({
            container: wrong.container,
            previousBlNumber: wrong.blNumber,
            blNumber: right,
            dischargeErased: false,
          });
        }
      } finally {
        stop();
      }
      // The right B/L's parties now take it through: its order, customs release and haulier, then the gate.
      const { deliveryOrderId } = expectStatus(await s.issueOrder(right, [wrong.container]), 201);
      expectStatus(await s.customs("releases", right, [wrong.container]), 200);
      expectStatus(await s.nominate(deliveryOrderId, wrong.container), 200);
      await s.expectGateReleases(wrong.container);
    });

    it("when the terminal of record erases the discharge (null), then the gate says NOT_DISCHARGED and another terminal may discharge it under another B/L", async () => {
      const wrong = await s.prepared({ prefix: "ERASE" });
      const view = expectStatus(await correct(wrong.container, null), 200);
      expect(view).to.include({ blNumber: wrong.blNumber, dischargedAt: null, terminal: null });
      expect(view.history.at(-1)).to.deep.include({ step: "dischargeErased" });
      await s.expectGateRefuses(wrong.container, ["NOT_DISCHARGED"]);
      const right = await s.releasableBl("ERASED");
      const moved = expectStatus(await s.discharge(right, wrong.container, "terminal2"), 200);
      expect(moved).to.include({ blNumber: right, deliveryOrderId: null, customsReleased: false });
      expect(moved.terminal.orgId).to.equal(t.orgIds.terminal2);
    });

    it("when anyone but the terminal of record corrects, or there is nothing to correct, then a problem and the chain does not move", async () => {
      const { blNumber, container } = await s.prepared({ prefix: "REFUSE" });
      const other = await s.releasableBl("REFUSE2");
      const before = expectStatus(await as(t, "terminal").get(`/v1/containers/${container}`), 200);
      const notOfRecord = await expectRefused(t, { status: 403, detail: /Only the terminal that discharged/ }, () =>
        correct(container, other, "terminal2"),
      );
      expect(notOfRecord.contractError!.name).to.equal("ImportReleaseNotTerminalOfRecord");
      const notTerminal = await expectRefused(t, { status: 403, detail: /not a terminal/ }, () =>
        correct(container, other, "carrier"),
      );
      expect(notTerminal.contractError!.name).to.equal("ImportReleaseNotTerminal");
      const unchanged = await expectRefused(t, { status: 422, detail: /already recorded/ }, () =>
        correct(container, blNumber),
      );
      expect(unchanged.contractError!.name).to.equal("ImportReleaseDischargeUnchanged");
      const notDischarged = await expectRefused(t, { status: 409, detail: /no discharge record/ }, () =>
        correct(box(), other),
      );
      expect(notDischarged.contractError!.name).to.equal("ImportReleaseNotDischarged");
      const operator = await expectRefused(t, { status: 403, detail: /operator/ }, () =>
        correct(container, other, "operator"),
      );
      expect(operator).not.to.have.property("contractError");
      await expectRefused(t, { status: 404 }, () => correct(container, "NOSUCHBL0001"));
      await expectRefused(t, { status: 400 }, () => correct("MSKU1234566", other));
      await expectRefused(t, { status: 400 }, () =>
        as(t, "terminal").post("/v1/terminal/discharge-corrections", { container }),
      );
      // Nothing changed in the index either.
      expect(expectStatus(await as(t, "terminal").get(`/v1/containers/${container}`), 200)).to.deep.equal(before);
      expect(before.blNumber).to.equal(blNumber);
    });

    it("when the container has gated out, then 409 and it stays out", async () => {
      const { container } = await s.prepared({ prefix: "GATED" });
      await s.expectGateReleases(container);
      const other = await s.releasableBl("GATED2");
      const problem = await expectRefused(t, { status: 409, detail: /already out/ }, () => correct(container, other));
      expect(problem.contractError!.name).to.equal("ImportReleaseAlreadyGatedOut");
    });

    it("when it names or a discharge names a voided B/L, then 409 ImportReleaseBillNotCurrent", async () => {
      const voided = newBlNumber("VOID");
      await issue(t, voided);
      await act(t, "shipper", voided, "surrender", { kind: "paper" });
      await act(t, "carrier", voided, "accept-surrender", {});
      const { container } = await s.prepared({ prefix: "TOVOID" });
      const problem = await expectRefused(t, { status: 409, detail: /voided/ }, () => correct(container, voided));
      expect(problem.contractError!.name).to.equal("ImportReleaseBillNotCurrent");
      const discharge = await expectRefused(t, { status: 409, detail: /voided/ }, () => s.discharge(voided, box()));
      expect(discharge.contractError!.name).to.equal("ImportReleaseBillNotCurrent");
    });
  });

  describe("before discharge, another B/L's act takes the container over", function () {
    it("when a container with an order, a customs release and a hold under one B/L is discharged under another, then only the hold stays, in the gateway as on chain", async () => {
      const first = await s.prepared({ prefix: "FIRST", discharge: false });
      expectStatus(await s.customs("holds", first.blNumber, [first.container]), 200);
      const second = await s.releasableBl("SECOND");
      const { heard, stop } = listen(["carrier", "consignee"]);
      const view = expectStatus(await s.discharge(second, first.container), 200);
      try {
        await eventually(() => heard.carrier.length > 0 && heard.consignee.length > 0);
        for (const role of ["carrier", "consignee"]) {
          expect(heard[role].map((n) => n.type)).to.deep.equal(["release.containerTakenOver"]);
          expect(heard[role][0].data).to.deep.equal({
            container: first.container,
            previousBlNumber: first.blNumber,
            blNumber: second,
            lapsedDeliveryOrderId: first.deliveryOrderId,
            customsReleaseLapsed: true,
            customsHeld: true,
          });
        }
      } finally {
        stop();
      }
      expect(view).to.include({
        blNumber: second,
        deliveryOrderId: null,
        haulier: null,
        customsReleased: false,
        customsHeld: true,
      });
      await s.expectGateRefuses(first.container, [
        "NO_DELIVERY_ORDER",
        "NOT_NOMINATED_HAULIER",
        "NO_CUSTOMS_RELEASE",
        "CUSTOMS_HOLD",
      ]);
      // The first B/L's order no longer covers it.
      const lapsed = await expectRefused(t, { status: 422 }, () => s.nominate(first.deliveryOrderId, first.container));
      expect(lapsed.contractError!.name).to.equal("ImportReleaseContainerNotOnDeliveryOrder");
      // Once discharged, the first B/L cannot take it back.
      const back = await expectRefused(t, { status: 409, detail: /discharged under another B\/L/ }, () =>
        s.issueOrder(first.blNumber, [first.container]),
      );
      expect(back.contractError!.name).to.equal("ImportReleaseContainerOnAnotherBill");
    });
  });

  describe("the standing of the haulier and the terminal at the gate", function () {
    it("when the nominated haulier is suspended, then HAULIER_NOT_ACTIVE from the gateway and the contract; reinstated, it may collect", async () => {
      const { container } = await s.prepared({ prefix: "HSUSP" });
      const haulier3 = await s.registerOrganization("haulier3", ["haulier"]);
      const view = expectStatus(await as(t, "consignee").get(`/v1/containers/${container}`), 200);
      expectStatus(await s.nominate(view.deliveryOrderId, container, haulier3), 200);
      expectStatus(await as(t, "operator").post(`/v1/organizations/${haulier3}/suspend`), 200);
      await s.expectGateRefuses(container, ["HAULIER_NOT_ACTIVE"], { haulier: haulier3 });
      expectStatus(await as(t, "operator").post(`/v1/organizations/${haulier3}/reinstate`), 200);
      await s.expectGateReleases(container, { haulier: haulier3 });
    });

    it("when the terminal is suspended, then TERMINAL_NOT_ACTIVE from the gateway and the contract alike", async () => {
      const { container } = await s.prepared({ prefix: "TSUSP" });
      const terminal3 = await s.registerOrganization("terminal3", ["terminal"]);
      expectStatus(await as(t, "operator").post(`/v1/organizations/${terminal3}/suspend`), 200);
      const decision = expectStatus(
        await as(t, "haulier").get(
          `/v1/gate/decision?container=${container}&haulier=${t.orgIds.haulier}&terminal=${terminal3}`,
        ),
        200,
      );
      const codes = decision.refusals.map((r: { code: string }) => r.code);
      expect(codes).to.deep.equal(["WRONG_TERMINAL", "TERMINAL_NOT_ACTIVE"]);
      expect(await s.contractDecision(container, terminal3, t.orgIds.haulier)).to.deep.equal(codes);
    });

    it("when an agent's carrier is suspended, then its delivery order is refused with 403 ImportReleaseCarrierNotEntitled", async () => {
      const { blNumber } = await s.prepared({ prefix: "AGENT", discharge: false, order: false });
      const agent = await s.registerOrganization("agent9", ["agent"]);
      expectStatus(
        await as(t, "carrier").post(`/v1/organizations/${agent}/appoint-agent`, { principal: t.orgIds.carrier }),
        200,
      );
      expectStatus(await as(t, "operator").post(`/v1/organizations/${t.orgIds.carrier}/suspend`), 200);
      try {
        const problem = await expectRefused(t, { status: 403, detail: /suspended/ }, () =>
          s.issueOrder(blNumber, [box()], { who: "agent9" }),
        );
        expect(problem.contractError!.name).to.equal("ImportReleaseCarrierNotEntitled");
      } finally {
        expectStatus(await as(t, "operator").post(`/v1/organizations/${t.orgIds.carrier}/reinstate`), 200);
      }
      expectStatus(await s.issueOrder(blNumber, [box()], { who: "agent9" }), 201);
    });
  });
});
