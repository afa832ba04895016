import { expect } from "chai";
import { startTestCommunity, type TestCommunity } from "../fixtures/gateway.ts";
import { as, expectProblem, expectRefused, issue, newBlNumber } from "./helpers.ts";
import { box, DAY_MS, eventually, expectStatus, inMs, releaseSteps, withWrongCheckDigit } from "./releaseSteps.ts";

/** Paperless import release over HTTP: every gate refusal, every unauthorized party, every bad input. */
describe("paperless import release: refusals", function () {
  this.timeout(180_000);
  let t: TestCommunity;
  let s: ReturnType<typeof releaseSteps>;

  before(async () => {
    t = await startTestCommunity();
    s = releaseSteps(t);
    await s.registerOrganization("terminal2", ["terminal"]);
    await s.registerOrganization("haulier2", ["haulier"]);
    await s.registerOrganization("carrier2", ["carrier"]);
  });
  after(async () => t.close());

  describe("the gate refuses with every reason, and the gateway and the contract agree", function () {
    it("when the B/L is not accomplished, then BILL_NOT_ACCOMPLISHED with everything else missing", async () => {
      const blNumber = newBlNumber("NOTACC");
      await issue(t, blNumber);
      const container = box();
      expectStatus(await s.discharge(blNumber, container), 200);
      await s.expectGateRefuses(container, [
        "BILL_NOT_ACCOMPLISHED",
        "NO_DELIVERY_ORDER",
        "NOT_NOMINATED_HAULIER",
        "NO_CUSTOMS_RELEASE",
      ]);
      expectStatus(await s.customs("releases", blNumber, [container]), 200);
      await s.expectGateRefuses(container, ["BILL_NOT_ACCOMPLISHED", "NO_DELIVERY_ORDER", "NOT_NOMINATED_HAULIER"]);
    });

    it("when no delivery order covers the container, then NO_DELIVERY_ORDER (and no haulier can be nominated)", async () => {
      const { container } = await s.prepared({ order: false });
      await s.expectGateRefuses(container, ["NO_DELIVERY_ORDER", "NOT_NOMINATED_HAULIER"]);
    });

    it("when the delivery order is not valid yet, then DELIVERY_ORDER_NOT_YET_VALID alone", async () => {
      const { container, deliveryOrderId } = await s.prepared({
        order: { validFrom: inMs(DAY_MS), validUntil: inMs(2 * DAY_MS) },
      });
      const order = expectStatus(await as(t, "terminal").get(`/v1/delivery-orders/${deliveryOrderId}`), 200);
      expect(order.status).to.equal("notYetValid");
      await s.expectGateRefuses(container, ["DELIVERY_ORDER_NOT_YET_VALID"]);
    });

    it("when the delivery order has expired, then DELIVERY_ORDER_EXPIRED alone, by the chain's clock", async () => {
      // The window ends a few seconds from now by the chain's clock, which the contract judges by (not the wall clock).
      // Each block is at least a second after the last, so the order is issued and nominated last.
      const { blNumber, container } = await s.prepared({ order: false });
      const until = (await s.chainNow()) + 12;
      const validUntil = new Date(until * 1000).toISOString();
      const { deliveryOrderId } = expectStatus(await s.issueOrder(blNumber, [container], { validUntil }), 201);
      expectStatus(await s.nominate(deliveryOrderId, container), 200);
      // Releasable while clearly inside the window (a loaded machine may already have used it up).
      if (Date.now() / 1000 < until - 3) expect((await s.decision(container)).body.releasable).to.equal(true);
      await eventually(async () => (await s.decision(container)).body.releasable === false, 40_000);
      // The embedded chain keeps whole-second block times, up to a second behind the wall clock the gateway reads:
      // wait until the contract's own view has passed the end of the window too, then compare all three answers.
      await eventually(async () => (await s.chainNow()) > until, 5_000);
      const order = expectStatus(await as(t, "consignee").get(`/v1/delivery-orders/${deliveryOrderId}`), 200);
      expect(order.status).to.equal("expired");
      await s.expectGateRefuses(container, ["DELIVERY_ORDER_EXPIRED"]);
    });

    it("when the carrier revoked the delivery order, then DELIVERY_ORDER_REVOKED, and the reason is on the order", async () => {
      const { container, deliveryOrderId } = await s.prepared();
      const revoked = expectStatus(await s.revoke(deliveryOrderId, "Freight not paid"), 200);
      expect(revoked).to.include({ status: "revoked", revocationReason: "Freight not paid" });
      const order = expectStatus(await as(t, "terminal").get(`/v1/delivery-orders/${deliveryOrderId}`), 200);
      expect(order).to.include({ status: "revoked", revocationReason: "Freight not paid" });
      expect(order.revokedAt).to.be.a("string");
      const view = expectStatus(await as(t, "consignee").get(`/v1/containers/${container}`), 200);
      expect(view.history.at(-1)).to.deep.include({
        step: "deliveryOrderRevoked",
        detail: { reason: "Freight not paid" },
      });
      await s.expectGateRefuses(container, ["DELIVERY_ORDER_REVOKED"]);
      await expectRefused(t, { status: 409, detail: /revoked/ }, () => s.revoke(deliveryOrderId, "again"));
    });

    it("when another terminal asks or gates out, then WRONG_TERMINAL", async () => {
      const { container } = await s.prepared();
      await s.expectGateRefuses(container, ["WRONG_TERMINAL"], { terminal: "terminal2" });
      await s.expectGateReleases(container);
    });

    it("when the delivery order names another terminal than the one that discharged it, then WRONG_TERMINAL at both", async () => {
      const { container } = await s.prepared({ order: { terminal: t.orgIds.terminal2 } });
      await s.expectGateRefuses(container, ["WRONG_TERMINAL"]);
      await s.expectGateRefuses(container, ["WRONG_TERMINAL"], { terminal: "terminal2" });
    });

    it("when another haulier comes, or none was nominated, then NOT_NOMINATED_HAULIER", async () => {
      const nominated = await s.prepared();
      await s.expectGateRefuses(nominated.container, ["NOT_NOMINATED_HAULIER"], { haulier: t.orgIds.haulier2 });
      const none = await s.prepared({ nominate: false });
      await s.expectGateRefuses(none.container, ["NOT_NOMINATED_HAULIER"]);
      await s.expectGateRefuses(none.container, ["NOT_NOMINATED_HAULIER"], { haulier: t.orgIds.haulier2 });
      // The consignee changes its mind: the second haulier may now take it, and the first may not.
      expectStatus(await s.nominate(none.deliveryOrderId, none.container, t.orgIds.haulier2), 200);
      await s.expectGateRefuses(none.container, ["NOT_NOMINATED_HAULIER"]);
      await s.expectGateReleases(none.container, { haulier: t.orgIds.haulier2 });
    });

    it("when customs has not released the container, then NO_CUSTOMS_RELEASE alone", async () => {
      const { container } = await s.prepared({ customs: false });
      await s.expectGateRefuses(container, ["NO_CUSTOMS_RELEASE"]);
    });

    it("when customs holds the container, then CUSTOMS_HOLD; lifting it still needs a release; then yes", async () => {
      const { blNumber, container } = await s.prepared({ customs: false });
      expectStatus(await s.customs("holds", blNumber, [container]), 200);
      await s.expectGateRefuses(container, ["NO_CUSTOMS_RELEASE", "CUSTOMS_HOLD"]);
      const held = await expectRefused(t, { status: 409, detail: /lift the hold/ }, () =>
        s.customs("releases", blNumber, [container]),
      );
      expect(held.contractError!.name).to.equal("ImportReleaseCustomsHold");
      const lifted = expectStatus(await s.customs("holds/lift", blNumber, [container]), 200);
      expect(lifted.items[0]).to.include({ customsHeld: false, customsReleased: false });
      await s.expectGateRefuses(container, ["NO_CUSTOMS_RELEASE"]);
      const noHold = await expectRefused(t, { status: 409 }, () => s.customs("holds/lift", blNumber, [container]));
      expect(noHold.contractError!.name).to.equal("ImportReleaseNoCustomsHold");
      expectStatus(await s.customs("releases", blNumber, [container]), 200);
      await s.expectGateReleases(container);
    });

    it("when customs holds a container it already released, then CUSTOMS_HOLD alone", async () => {
      const { blNumber, container } = await s.prepared();
      expectStatus(await s.customs("holds", blNumber, [container]), 200);
      await s.expectGateRefuses(container, ["CUSTOMS_HOLD"]);
    });

    it("when the container is already out, then ALREADY_GATED_OUT, and nothing more can be done to it", async () => {
      const { blNumber, container, deliveryOrderId } = await s.prepared();
      await s.expectGateReleases(container);
      await s.expectGateRefuses(container, ["ALREADY_GATED_OUT"]);
      const renominate = await expectRefused(t, { status: 409 }, () => s.nominate(deliveryOrderId, container));
      expect(renominate.contractError!.name).to.equal("ImportReleaseAlreadyGatedOut");
      const rehold = await expectRefused(t, { status: 409 }, () => s.customs("holds", blNumber, [container]));
      expect(rehold.contractError!.name).to.equal("ImportReleaseAlreadyGatedOut");
    });

    it("when the terminal has not recorded the discharge, then NOT_DISCHARGED alone", async () => {
      const { blNumber, container } = await s.prepared({ discharge: false });
      await s.expectGateRefuses(container, ["NOT_DISCHARGED"]);
      expectStatus(await s.discharge(blNumber, container), 200);
      const again = await expectRefused(t, { status: 409 }, () => s.discharge(blNumber, container));
      expect(again.contractError!.name).to.equal("ImportReleaseAlreadyDischarged");
      await s.expectGateReleases(container);
    });

    it("when a container was never seen, then every reason a record can give", async () => {
      await s.expectGateRefuses(box(), [
        "NO_DELIVERY_ORDER",
        "NOT_NOMINATED_HAULIER",
        "NO_CUSTOMS_RELEASE",
        "NOT_DISCHARGED",
      ]);
    });

    it("when a non-terminal asks the gate, then it must name the terminal", async () => {
      const { container } = await s.prepared();
      expectProblem(await s.decision(container, t.orgIds.haulier, "haulier"), 403, /terminal/);
      const named = await as(t, "haulier").get(
        `/v1/gate/decision?container=${container}&haulier=${t.orgIds.haulier}&terminal=${t.orgIds.terminal}`,
      );
      expect(expectStatus(named, 200)).to.include({ releasable: true });
      const notATerminal = await as(t, "haulier").get(
        `/v1/gate/decision?container=${container}&haulier=${t.orgIds.haulier}&terminal=${t.orgIds.bank}`,
      );
      expectProblem(notATerminal, 403, /terminal/);
    });
  });

  describe("every unauthorized party is refused on chain, and the chain does not move", function () {
    let blNumber: string;
    let container: string;
    let deliveryOrderId: number;
    before(async () => {
      ({ blNumber, container, deliveryOrderId } = await s.prepared({ customs: false, nominate: false }));
    });

    for (const who of ["shipper", "bank", "haulier", "terminal", "customs", "consignee", "carrier2"]) {
      it(`when the ${who} issues a delivery order, then 403 ImportReleaseNotCarrier`, async () => {
        const other = box();
        const problem = await expectRefused(t, { status: 403, detail: /issuing carrier/ }, () =>
          s.issueOrder(blNumber, [other], { who }),
        );
        expect(problem.contractError!.name).to.equal("ImportReleaseNotCarrier");
        expect(problem.contractError!.args).to.deep.include({
          org: s.party(t.orgIds[who]),
          carrier: s.party(t.orgIds.carrier),
        });
      });
    }

    for (const who of ["consignee", "carrier2"]) {
      it(`when the ${who} revokes the carrier's delivery order, then 403 ImportReleaseNotCarrier`, async () => {
        const problem = await expectRefused(t, { status: 403 }, () => s.revoke(deliveryOrderId, "mine now", who));
        expect(problem.contractError!.name).to.equal("ImportReleaseNotCarrier");
      });
    }

    for (const who of ["carrier", "consignee", "terminal", "haulier", "bank"]) {
      for (const action of ["releases", "holds", "holds/lift"] as const) {
        it(`when the ${who} records a customs ${action}, then 403 ImportReleaseNotCustoms`, async () => {
          const problem = await expectRefused(t, { status: 403, detail: /not a customs authority/ }, () =>
            s.customs(action, blNumber, [container], who),
          );
          expect(problem.contractError!.name).to.equal("ImportReleaseNotCustoms");
        });
      }
    }

    for (const who of ["carrier", "consignee", "customs", "haulier"]) {
      it(`when the ${who} records a discharge or a gate-out, then 403 ImportReleaseNotTerminal`, async () => {
        const discharge = await expectRefused(t, { status: 403, detail: /not a terminal/ }, () =>
          s.discharge(blNumber, box(), who),
        );
        expect(discharge.contractError!.name).to.equal("ImportReleaseNotTerminal");
        const gateOut = await expectRefused(t, { status: 403, detail: /not a terminal/ }, () =>
          s.gateOut(container, t.orgIds.haulier, who),
        );
        expect(gateOut.contractError!.name).to.equal("ImportReleaseNotTerminal");
      });
    }

    it("when another terminal gates the container out, then 409 ImportReleaseNotReleasable with WRONG_TERMINAL", async () => {
      const problem = await expectRefused(t, { status: 409, detail: /not released at this terminal/ }, () =>
        s.gateOut(container, t.orgIds.haulier, "terminal2"),
      );
      expect(problem.contractError!.name).to.equal("ImportReleaseNotReleasable");
    });

    for (const who of ["shipper", "bank", "carrier", "terminal", "haulier", "customs"]) {
      it(`when the ${who} nominates the haulier, then 403 ImportReleaseNotConsignee`, async () => {
        const problem = await expectRefused(t, { status: 403, detail: /Only the consignee/ }, () =>
          s.nominate(deliveryOrderId, container, t.orgIds.haulier, who),
        );
        expect(problem.contractError!.name).to.equal("ImportReleaseNotConsignee");
      });
    }

    it("when the operator acts in a release, then 403 before anything reaches the chain", async () => {
      const calls = [
        () => s.issueOrder(blNumber, [box()], { who: "operator" }),
        () => s.revoke(deliveryOrderId, "operator", "operator"),
        () => s.nominate(deliveryOrderId, container, t.orgIds.haulier, "operator"),
        () => s.customs("releases", blNumber, [container], "operator"),
        () => s.discharge(blNumber, box(), "operator"),
        () => s.gateOut(container, t.orgIds.haulier, "operator"),
      ];
      for (const call of calls) {
        const problem = await expectRefused(t, { status: 403, detail: /operator/ }, call);
        expect(problem).not.to.have.property("contractError");
      }
    });

    it("when a suspended organization acts, or a suspended haulier is named, then 403 until it is reinstated", async () => {
      const terminal3 = await s.registerOrganization("terminal3", ["terminal"]);
      expectStatus(await as(t, "operator").post(`/v1/organizations/${terminal3}/suspend`), 200);
      // Issue 11: a suspended organization's keys read and do nothing; the gateway refuses before the chain is asked.
      const acting = await expectRefused(t, { status: 403, detail: /suspended/ }, () =>
        s.discharge(blNumber, box(), "terminal3"),
      );
      expect(acting).not.to.have.property("contractError");

      expectStatus(await as(t, "operator").post(`/v1/organizations/${t.orgIds.customs}/suspend`), 200);
      try {
        const customs = await expectRefused(t, { status: 403, detail: /suspended/ }, () =>
          s.customs("releases", blNumber, [container]),
        );
        expect(customs).not.to.have.property("contractError");
      } finally {
        expectStatus(await as(t, "operator").post(`/v1/organizations/${t.orgIds.customs}/reinstate`), 200);
      }

      const haulier3 = await s.registerOrganization("haulier3", ["haulier"]);
      expectStatus(await as(t, "operator").post(`/v1/organizations/${haulier3}/suspend`), 200);
      const named = await expectRefused(t, { status: 403, detail: /suspended/ }, () =>
        s.nominate(deliveryOrderId, container, haulier3),
      );
      expect(named.contractError!.name).to.equal("PartyRegistryOrganizationNotActive");
      expectStatus(await as(t, "operator").post(`/v1/organizations/${haulier3}/reinstate`), 200);
      expectStatus(await s.nominate(deliveryOrderId, container, haulier3), 200);
    });

    it("when a party without a key or with a bad key acts, then 401", async () => {
      expectProblem(await as(t).post("/v1/terminal/discharges", { blNumber, container: box() }), 401);
      expectProblem(await as(t, "pp_not-a-key").get(`/v1/gate/decision?container=${container}&haulier=x`), 401);
    });
  });

  describe("bad input is refused and nothing changes", function () {
    let blNumber: string;
    let container: string;
    let deliveryOrderId: number;
    before(async () => {
      ({ blNumber, container, deliveryOrderId } = await s.prepared({ customs: false, nominate: false }));
    });

    const pointers = (problem: { errors?: { pointer: string }[] }) => problem.errors!.map((e) => e.pointer);

    it("when a container number has a wrong check digit, then 400 pointing at it, wherever it is", async () => {
      const wrong = withWrongCheckDigit(box());
      const cases: [() => ReturnType<typeof s.discharge>, string][] = [
        [() => s.discharge(blNumber, wrong), "/container"],
        [() => s.issueOrder(blNumber, [box(), wrong]), "/containers/1"],
        [() => s.customs("releases", blNumber, [wrong]), "/containers/0"],
        [() => s.nominate(deliveryOrderId, wrong), "/container"],
        [() => s.gateOut(wrong), "/container"],
        [() => s.decision(wrong), "/container"],
      ];
      for (const [call, pointer] of cases) {
        const problem = await expectRefused(t, { status: 400 }, call);
        expect(pointers(problem)).to.deep.equal([pointer]);
        expect(problem.errors![0].message).to.match(/check digit/);
      }
      for (const malformed of ["MSKU123456", "msku1234565", "MSKX1234565", ""]) {
        expect(pointers(await expectRefused(t, { status: 400 }, () => s.discharge(blNumber, malformed)))).to.deep.equal(
          ["/container"],
        );
      }
    });

    it("when a container is listed twice, then 400 pointing at the list", async () => {
      const twice = box();
      for (const call of [
        () => s.issueOrder(blNumber, [twice, twice]),
        () => s.customs("releases", blNumber, [twice, twice]),
      ]) {
        const problem = await expectRefused(t, { status: 400 }, call);
        expect(pointers(problem)).to.deep.equal(["/containers"]);
        expect(problem.errors![0].message).to.match(/twice/);
      }
      expect(pointers(await expectRefused(t, { status: 400 }, () => s.issueOrder(blNumber, [])))).to.deep.equal([
        "/containers",
      ]);
    });

    it("when the validity window is upside down, empty or over, then 400 or 422", async () => {
      const upsideDown = await expectRefused(t, { status: 400 }, () =>
        s.issueOrder(blNumber, [box()], { validFrom: inMs(DAY_MS), validUntil: inMs(60_000) }),
      );
      expect(pointers(upsideDown)).to.deep.equal(["/validUntil"]);
      const at = inMs(DAY_MS);
      expect(
        pointers(
          await expectRefused(t, { status: 400 }, () =>
            s.issueOrder(blNumber, [box()], { validFrom: at, validUntil: at }),
          ),
        ),
      ).to.deep.equal(["/validUntil"]);
      const notADate = await expectRefused(t, { status: 400 }, () =>
        s.issueOrder(blNumber, [box()], { validFrom: "tomorrow" }),
      );
      expect(pointers(notADate)).to.deep.equal(["/validFrom"]);
      const over = await expectRefused(t, { status: 422, detail: /validity window/ }, () =>
        s.issueOrder(blNumber, [box()], { validFrom: inMs(-2 * DAY_MS), validUntil: inMs(-DAY_MS) }),
      );
      expect(over.contractError!.name).to.equal("ImportReleaseInvalidWindow");
    });

    it("when an orgId is unknown, then 404 and nothing is sent", async () => {
      const unknown = "91120000UNKNOWN000";
      await expectRefused(t, { status: 404, detail: /UNKNOWN/ }, () =>
        s.issueOrder(blNumber, [box()], { terminal: unknown }),
      );
      await expectRefused(t, { status: 404, detail: /UNKNOWN/ }, () =>
        s.issueOrder(blNumber, [box()], { releaseParty: unknown }),
      );
      await expectRefused(t, { status: 404, detail: /UNKNOWN/ }, () => s.nominate(deliveryOrderId, container, unknown));
      await expectRefused(t, { status: 404, detail: /UNKNOWN/ }, () => s.gateOut(container, unknown));
      await expectRefused(t, { status: 404, detail: /UNKNOWN/ }, () => s.decision(container, unknown));
    });

    it("when an organization without the role is named, then 422 from the contract", async () => {
      const terminal = await expectRefused(t, { status: 422, detail: /is not a terminal/ }, () =>
        s.issueOrder(blNumber, [box()], { terminal: t.orgIds.bank }),
      );
      expect(terminal.contractError!.name).to.equal("ImportReleaseInvalidTerminal");
      const haulier = await expectRefused(t, { status: 422, detail: /is not a haulier/ }, () =>
        s.nominate(deliveryOrderId, container, t.orgIds.bank),
      );
      expect(haulier.contractError!.name).to.equal("ImportReleaseInvalidHaulier");
      // At the gate it is one of the gate's reasons, as the gate decision gives it.
      const atGate = await expectRefused(
        t,
        { status: 409, detail: /not an active organization with the haulier role/ },
        () => s.gateOut(container, t.orgIds.shipper),
      );
      expect(atGate.contractError!.name).to.equal("ImportReleaseNotReleasable");
      const decision = expectStatus(await s.decision(container, t.orgIds.shipper), 200);
      expect(decision.refusals.map((r: { code: string }) => r.code)).to.include("HAULIER_NOT_ACTIVE");
    });

    it("when a delivery order is unknown, then 404; when its id is not a number, then 400", async () => {
      await expectRefused(t, { status: 404, detail: /no delivery order 999/ }, () =>
        as(t, "consignee").get("/v1/delivery-orders/999"),
      );
      await expectRefused(t, { status: 404, detail: /no delivery order 999/ }, () => s.revoke(999, "no such order"));
      await expectRefused(t, { status: 404, detail: /no delivery order 999/ }, () => s.nominate(999, container));
      for (const id of ["abc", "0", "-1", "1.5"]) {
        await expectRefused(t, { status: 400 }, () => as(t, "consignee").get(`/v1/delivery-orders/${id}`));
      }
    });

    it("when a container is not on the delivery order, then 422", async () => {
      const problem = await expectRefused(t, { status: 422 }, () => s.nominate(deliveryOrderId, box()));
      expect(problem.contractError!.name).to.equal("ImportReleaseContainerNotOnDeliveryOrder");
    });

    it("when a container is already on a live delivery order, then 409 naming it", async () => {
      const problem = await expectRefused(
        t,
        { status: 409, detail: new RegExp(`delivery order ${deliveryOrderId}`) },
        () => s.issueOrder(blNumber, [container]),
      );
      expect(problem.contractError!.name).to.equal("ImportReleaseContainerOnLiveDeliveryOrder");
    });

    it("when a container is in progress under another B/L, then 409", async () => {
      const other = await s.releasableBl("OTHER");
      const problem = await expectRefused(t, { status: 409, detail: /another B\/L/ }, () =>
        s.discharge(other, container),
      );
      expect(problem.contractError!.name).to.equal("ImportReleaseContainerOnAnotherBill");
    });

    it("when a B/L is unknown, then 404 and nothing is sent", async () => {
      await expectRefused(t, { status: 404 }, () => s.issueOrder("NOSUCHBL0001", [box()]));
      await expectRefused(t, { status: 404 }, () => s.customs("releases", "NOSUCHBL0001", [box()]));
      await expectRefused(t, { status: 404 }, () => s.customs("holds", "NOSUCHBL0001", [box()]));
      await expectRefused(t, { status: 404 }, () => s.discharge("NOSUCHBL0001", box()));
    });

    it("when a field is missing or the truck plate is empty or too long, then 400 pointing at it", async () => {
      expect(
        pointers(await expectRefused(t, { status: 400 }, () => s.gateOut(container, t.orgIds.haulier, "terminal", ""))),
      ).to.deep.equal(["/truckPlate"]);
      const long = await expectRefused(t, { status: 400 }, () =>
        s.gateOut(container, t.orgIds.haulier, "terminal", "津A123456789012345"),
      );
      expect([...new Set(pointers(long))]).to.deep.equal(["/truckPlate"]);
      const missing = await expectRefused(t, { status: 400 }, () =>
        as(t, "customs").post("/v1/customs/releases", { blNumber }),
      );
      expect(pointers(missing)).to.have.members(["/declarationNumber", "/containers"]);
      await expectRefused(t, { status: 400 }, () => s.revoke(deliveryOrderId, ""));
    });

    it("when a truck plate or declaration number fits in characters but not in bytes, then 400, not a server error", async () => {
      const plate = "津津津津津津A12345"; // 12 characters, 24 bytes in UTF-8: more than bytes16
      const res = await expectRefused(t, { status: 400 }, () =>
        s.gateOut(container, t.orgIds.haulier, "terminal", plate),
      );
      expect(pointers(res)).to.deep.equal(["/truckPlate"]);
      const declaration = "报关单".repeat(10); // 30 characters, 90 bytes: more than bytes32
      const customs = await expectRefused(t, { status: 400 }, () =>
        s.customs("releases", blNumber, [container], "customs", declaration),
      );
      expect(pointers(customs)).to.deep.equal(["/declarationNumber"]);
    });
  });
});
