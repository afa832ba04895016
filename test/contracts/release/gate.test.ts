/**
 * The gate decision: every refusal reason on its own (as far as the rules allow one alone), several at once, and the
 * gate-out that reverts with exactly the bitmap the decision gives.
 */
import { expect } from "chai";
import { network } from "hardhat";
import { BlType, OrgStatus, Role, SurrenderKind, issueBl } from "../../fixtures/community.ts";
import {
  CONTAINERS,
  DAY,
  GateRefusal as G,
  declaration,
  deployReleaseCommunity,
  importedContainers,
  reasons,
  truckPlate,
  type ReleaseCommunity,
} from "../../fixtures/release.ts";

const { ethers, networkHelpers } = await network.create();

async function build(steps: Parameters<typeof importedContainers>[1]) {
  const c = await deployReleaseCommunity(ethers);
  return { ...c, ...(await importedContainers(c, steps)) };
}
type Built = Awaited<ReturnType<typeof build>>;
// Module-level fixtures, so that loadFixture snapshots each once.
const fixtures = {
  ready: () => build({}),
  notDischarged: () => build({ discharge: false }),
  noDeliveryOrder: () => build({ deliveryOrder: false }),
  noCustoms: () => build({ customs: false }),
  notNominated: () => build({ nominate: false }),
  dischargedOnly: () => build({ deliveryOrder: false, customs: false }),
  nothing: () => build({ discharge: false, deliveryOrder: false, customs: false }),
};
const PLATE = truckPlate("津A·12345");
const box = CONTAINERS.first;

/** Asserts the decision for the terminal and haulier, and that a gate-out reverts with the same bitmap (or passes). */
async function expectDecision(c: Built | ReleaseCommunity, bits: bigint, terminal = "terminal", haulier = "haulier") {
  const t = c.orgs[terminal as keyof typeof c.orgs];
  const h = c.orgs[haulier as keyof typeof c.orgs];
  expect(await c.importRelease.gateDecision(box, t, h)).to.deep.equal([bits === 0n, bits]);
  const gateOut = c.as(terminal as "terminal").recordGateOut(box, h, PLATE);
  if (bits === 0n) await expect(gateOut).to.emit(c.importRelease, "GatedOut");
  else
    await expect(gateOut)
      .to.be.revertedWithCustomError(c.importRelease, "ImportReleaseNotReleasable")
      .withArgs(box, bits);
}

describe("ImportRelease: gate decision", function () {
  describe("each reason", function () {
    it("when every step is done, then the gate says yes and the container gates out", async function () {
      await expectDecision(await networkHelpers.loadFixture(fixtures.ready), 0n);
    });

    it("when the container was never discharged, then NOT_DISCHARGED", async function () {
      await expectDecision(await networkHelpers.loadFixture(fixtures.notDischarged), G.NOT_DISCHARGED);
    });

    it("when customs has not released it, then NO_CUSTOMS_RELEASE", async function () {
      await expectDecision(await networkHelpers.loadFixture(fixtures.noCustoms), G.NO_CUSTOMS_RELEASE);
    });

    it("when customs holds it after releasing it, then CUSTOMS_HOLD; when the hold is lifted, then yes", async function () {
      const c = await networkHelpers.loadFixture(fixtures.ready);
      await c.as("customs").placeHold(declaration("HOLD1"), c.blTokenId, [box]);
      await expectDecision(c, G.CUSTOMS_HOLD);
      await c.as("customs").liftHold(declaration("HOLD1"), c.blTokenId, [box]);
      await expectDecision(c, 0n);
    });

    it("when no haulier was nominated, then NOT_NOMINATED_HAULIER", async function () {
      await expectDecision(await networkHelpers.loadFixture(fixtures.notNominated), G.NOT_NOMINATED_HAULIER);
    });

    it("when another haulier comes to the gate, then NOT_NOMINATED_HAULIER", async function () {
      await expectDecision(
        await networkHelpers.loadFixture(fixtures.ready),
        G.NOT_NOMINATED_HAULIER,
        "terminal",
        "haulier2",
      );
    });

    it("when the consignee switches hauliers, then only the new one may collect", async function () {
      const c = await networkHelpers.loadFixture(fixtures.ready);
      await c.as("consignee").nominateHaulier(c.deliveryOrderId, box, c.orgs.haulier2);
      expect(await c.importRelease.gateDecision(box, c.orgs.terminal, c.orgs.haulier)).to.deep.equal([
        false,
        G.NOT_NOMINATED_HAULIER,
      ]);
      await expectDecision(c, 0n, "terminal", "haulier2");
    });

    it("when another terminal asks, then WRONG_TERMINAL", async function () {
      await expectDecision(await networkHelpers.loadFixture(fixtures.ready), G.WRONG_TERMINAL, "terminal2");
    });

    it("when the delivery order names another terminal than the one that discharged, then WRONG_TERMINAL for both", async function () {
      const c = await networkHelpers.loadFixture(fixtures.ready);
      await c.as("carrier").revokeDeliveryOrder(c.deliveryOrderId, "wrong terminal");
      const now = await c.now();
      await c.as("carrier").issueDeliveryOrder(c.blTokenId, [box], 0, c.orgs.terminal2, now, now + BigInt(DAY));
      await c.as("consignee").nominateHaulier(c.deliveryOrderId + 1n, box, c.orgs.haulier);
      expect(await c.importRelease.gateDecision(box, c.orgs.terminal, c.orgs.haulier)).to.deep.equal([
        false,
        G.WRONG_TERMINAL,
      ]);
      await expectDecision(c, G.WRONG_TERMINAL, "terminal2");
    });

    it("when the delivery order is not valid yet, then DELIVERY_ORDER_NOT_YET_VALID; once it is, then yes", async function () {
      const c = await networkHelpers.loadFixture(fixtures.ready);
      await c.as("carrier").revokeDeliveryOrder(c.deliveryOrderId, "reissued for tomorrow");
      const tomorrow = (await c.now()) + BigInt(DAY);
      await c
        .as("carrier")
        .issueDeliveryOrder(c.blTokenId, [box], 0, c.orgs.terminal, tomorrow, tomorrow + BigInt(DAY));
      await c.as("consignee").nominateHaulier(c.deliveryOrderId + 1n, box, c.orgs.haulier);
      await expectDecision(c, G.DELIVERY_ORDER_NOT_YET_VALID);
      await networkHelpers.time.increaseTo(tomorrow);
      await expectDecision(c, 0n);
    });

    it("when the delivery order has expired, then DELIVERY_ORDER_EXPIRED", async function () {
      const c = await networkHelpers.loadFixture(fixtures.ready);
      const order = await c.importRelease.deliveryOrder(c.deliveryOrderId);
      await networkHelpers.time.increaseTo(order.validUntil + 1n);
      await expectDecision(c, G.DELIVERY_ORDER_EXPIRED);
    });

    it("when the delivery order is used in its last second, then yes", async function () {
      const c = await networkHelpers.loadFixture(fixtures.ready);
      const order = await c.importRelease.deliveryOrder(c.deliveryOrderId);
      await networkHelpers.time.setNextBlockTimestamp(order.validUntil);
      await expect(c.as("terminal").recordGateOut(box, c.orgs.haulier, PLATE)).to.emit(c.importRelease, "GatedOut");
    });

    it("when the carrier revoked the delivery order, then DELIVERY_ORDER_REVOKED", async function () {
      const c = await networkHelpers.loadFixture(fixtures.ready);
      await c.as("carrier").revokeDeliveryOrder(c.deliveryOrderId, "freight unpaid");
      await expectDecision(c, G.DELIVERY_ORDER_REVOKED);
    });

    it("when there is no delivery order, then NO_DELIVERY_ORDER (and so no nominated haulier)", async function () {
      await expectDecision(
        await networkHelpers.loadFixture(fixtures.noDeliveryOrder),
        reasons(G.NO_DELIVERY_ORDER, G.NOT_NOMINATED_HAULIER),
      );
    });

    it("when the container is gated out, then ALREADY_GATED_OUT", async function () {
      const c = await networkHelpers.loadFixture(fixtures.ready);
      await c.as("terminal").recordGateOut(box, c.orgs.haulier, PLATE);
      await expectDecision(c, G.ALREADY_GATED_OUT);
    });

    it("when a container of a B/L not yet accomplished is discharged and released by customs, then BILL_NOT_ACCOMPLISHED", async function () {
      const c = await networkHelpers.loadFixture(fixtures.nothing);
      const pending = await issueBl(c, { number: "COSU6300000077", type: BlType.Straight });
      await c.bl("shipper").transferPossession(pending, c.orgs.consignee);
      await c.bl("consignee").surrender(pending, SurrenderKind.Delivery); // not yet accepted
      await c.as("terminal").recordDischarge(pending, CONTAINERS.third);
      await c.as("customs").recordCustomsRelease(declaration("D3"), pending, [CONTAINERS.third]);
      expect(await c.importRelease.gateDecision(CONTAINERS.third, c.orgs.terminal, c.orgs.haulier)).to.deep.equal([
        false,
        reasons(G.BILL_NOT_ACCOMPLISHED, G.NO_DELIVERY_ORDER, G.NOT_NOMINATED_HAULIER),
      ]);
      await c.bl("carrier").acceptSurrender(pending);
      expect(await c.importRelease.gateDecision(CONTAINERS.third, c.orgs.terminal, c.orgs.haulier)).to.deep.equal([
        false,
        reasons(G.NO_DELIVERY_ORDER, G.NOT_NOMINATED_HAULIER),
      ]);
    });
  });

  describe("several reasons at once", function () {
    it("when there is no delivery order, no customs release and the wrong haulier, then all three bits", async function () {
      await expectDecision(
        await networkHelpers.loadFixture(fixtures.dischargedOnly),
        reasons(G.NO_DELIVERY_ORDER, G.NO_CUSTOMS_RELEASE, G.NOT_NOMINATED_HAULIER),
        "terminal",
        "haulier2",
      );
    });

    it("when the container was never seen, then no delivery order, no haulier, no customs release, not discharged", async function () {
      const c = await networkHelpers.loadFixture(fixtures.ready);
      const unseen = CONTAINERS.fourth;
      expect(await c.importRelease.gateDecision(unseen, c.orgs.terminal, c.orgs.haulier)).to.deep.equal([
        false,
        reasons(G.NO_DELIVERY_ORDER, G.NOT_NOMINATED_HAULIER, G.NO_CUSTOMS_RELEASE, G.NOT_DISCHARGED),
      ]);
    });

    it("when the order expired and was revoked, customs holds it and another terminal asks for another haulier, then every one of those bits", async function () {
      const c = await networkHelpers.loadFixture(fixtures.ready);
      await c.as("carrier").revokeDeliveryOrder(c.deliveryOrderId, "freight unpaid");
      await c.as("customs").placeHold(declaration("HOLD2"), c.blTokenId, [box]);
      const order = await c.importRelease.deliveryOrder(c.deliveryOrderId);
      await networkHelpers.time.increaseTo(order.validUntil + 1n);
      await expectDecision(
        c,
        reasons(
          G.DELIVERY_ORDER_EXPIRED,
          G.DELIVERY_ORDER_REVOKED,
          G.CUSTOMS_HOLD,
          G.WRONG_TERMINAL,
          G.NOT_NOMINATED_HAULIER,
        ),
        "terminal2",
        "haulier2",
      );
    });

    it("when the order is revoked, customs holds it, it is not discharged and others ask, then each of those bits once", async function () {
      const c = await networkHelpers.loadFixture(fixtures.notDischarged);
      await c.as("carrier").revokeDeliveryOrder(c.deliveryOrderId, "revoked");
      await c.as("customs").placeHold(declaration("HOLD3"), c.blTokenId, [box]);
      expect(await c.importRelease.gateDecision(box, c.orgs.terminal2, c.orgs.haulier2)).to.deep.equal([
        false,
        reasons(G.DELIVERY_ORDER_REVOKED, G.WRONG_TERMINAL, G.NOT_NOMINATED_HAULIER, G.CUSTOMS_HOLD, G.NOT_DISCHARGED),
      ]);
    });
  });

  describe("the standing of the haulier and the terminal, at the gate", function () {
    const haulierCases: [string, (c: Built) => Promise<unknown>][] = [
      ["suspended", (c) => c.partyRegistry.suspend(c.orgs.haulier)],
      ["revoked", (c) => c.partyRegistry.revoke(c.orgs.haulier)],
      ["no longer a haulier (role removed)", (c) => c.partyRegistry.setRoles(c.orgs.haulier, Role.TRADER)],
    ];
    for (const [what, change] of haulierCases) {
      it(`when the nominated haulier is ${what}, then HAULIER_NOT_ACTIVE and the gate-out is refused with it`, async function () {
        const c = await networkHelpers.loadFixture(fixtures.ready);
        await change(c);
        await expectDecision(c, G.HAULIER_NOT_ACTIVE);
      });
    }

    it("when the nominated haulier is reinstated, then the gate says yes again", async function () {
      const c = await networkHelpers.loadFixture(fixtures.ready);
      await c.partyRegistry.suspend(c.orgs.haulier);
      expect(await c.importRelease.gateDecision(box, c.orgs.terminal, c.orgs.haulier)).to.deep.equal([
        false,
        G.HAULIER_NOT_ACTIVE,
      ]);
      await c.partyRegistry.reinstate(c.orgs.haulier);
      await expectDecision(c, 0n);
    });

    it("when the haulier is no registered organization, then HAULIER_NOT_ACTIVE and not nominated, without reverting", async function () {
      const c = await networkHelpers.loadFixture(fixtures.ready);
      expect(await c.importRelease.gateDecision(box, c.orgs.terminal, 999)).to.deep.equal([
        false,
        reasons(G.HAULIER_NOT_ACTIVE, G.NOT_NOMINATED_HAULIER),
      ]);
      await expect(c.as("terminal").recordGateOut(box, 999, PLATE))
        .to.be.revertedWithCustomError(c.importRelease, "ImportReleaseNotReleasable")
        .withArgs(box, reasons(G.HAULIER_NOT_ACTIVE, G.NOT_NOMINATED_HAULIER));
    });

    it("when the terminal is suspended, then TERMINAL_NOT_ACTIVE, and its gate-out is refused by the registry", async function () {
      const c = await networkHelpers.loadFixture(fixtures.ready);
      await c.partyRegistry.suspend(c.orgs.terminal);
      expect(await c.importRelease.gateDecision(box, c.orgs.terminal, c.orgs.haulier)).to.deep.equal([
        false,
        G.TERMINAL_NOT_ACTIVE,
      ]);
      await expect(c.as("terminal").recordGateOut(box, c.orgs.haulier, PLATE))
        .to.be.revertedWithCustomError(c.partyRegistry, "PartyRegistryOrganizationNotActive")
        .withArgs(c.orgs.terminal, OrgStatus.Suspended);
    });

    it("when the terminal lost the terminal role, then TERMINAL_NOT_ACTIVE, and its gate-out ImportReleaseNotTerminal", async function () {
      const c = await networkHelpers.loadFixture(fixtures.ready);
      await c.partyRegistry.setRoles(c.orgs.terminal, Role.DEPOT);
      expect(await c.importRelease.gateDecision(box, c.orgs.terminal, c.orgs.haulier)).to.deep.equal([
        false,
        G.TERMINAL_NOT_ACTIVE,
      ]);
      await expect(c.as("terminal").recordGateOut(box, c.orgs.haulier, PLATE))
        .to.be.revertedWithCustomError(c.importRelease, "ImportReleaseNotTerminal")
        .withArgs(c.orgs.terminal);
    });

    it("when the terminal asking is no registered organization, then TERMINAL_NOT_ACTIVE and WRONG_TERMINAL, without reverting", async function () {
      const c = await networkHelpers.loadFixture(fixtures.ready);
      expect(await c.importRelease.gateDecision(box, 999, c.orgs.haulier)).to.deep.equal([
        false,
        reasons(G.TERMINAL_NOT_ACTIVE, G.WRONG_TERMINAL),
      ]);
    });
  });

  describe("gate-out", function () {
    it("when the terminal gates out, then the time is recorded and the event carries the truck and the order", async function () {
      const c = await networkHelpers.loadFixture(fixtures.ready);
      await expect(c.as("terminal").recordGateOut(box, c.orgs.haulier, PLATE))
        .to.emit(c.importRelease, "GatedOut")
        .withArgs(box, c.blTokenId, c.orgs.haulier, c.deliveryOrderId, c.orgs.terminal, PLATE);
      expect((await c.importRelease.containerRelease(box)).gatedOutAt).to.equal(await c.now());
    });

    it("when the truck plate is empty, then ImportReleaseInvalidTruckPlate", async function () {
      const c = await networkHelpers.loadFixture(fixtures.ready);
      await expect(
        c.as("terminal").recordGateOut(box, c.orgs.haulier, "0x" + "00".repeat(16)),
      ).to.be.revertedWithCustomError(c.importRelease, "ImportReleaseInvalidTruckPlate");
    });

    it("when the organization at the gate is not a haulier, then HAULIER_NOT_ACTIVE (and not nominated)", async function () {
      await expectDecision(
        await networkHelpers.loadFixture(fixtures.ready),
        reasons(G.HAULIER_NOT_ACTIVE, G.NOT_NOMINATED_HAULIER),
        "terminal",
        "consignee",
      );
    });

    it("when the container comes back on another B/L after gating out, then its new import starts afresh", async function () {
      const c = await networkHelpers.loadFixture(fixtures.ready);
      await c.as("terminal").recordGateOut(box, c.orgs.haulier, PLATE);
      const next = await issueBl(c, { number: "SWB6300000099", type: BlType.SeaWaybill });
      await expect(c.as("terminal2").recordDischarge(next, box))
        .to.emit(c.importRelease, "Discharged")
        .withArgs(box, next, c.orgs.terminal2);
      const r = await c.importRelease.containerRelease(box);
      expect([r.blTokenId, r.deliveryOrderId, r.haulier, r.gatedOutAt, r.customsReleased]).to.deep.equal([
        next,
        0n,
        0n,
        0n,
        false,
      ]);
      expect(await c.importRelease.gateDecision(box, c.orgs.terminal2, c.orgs.haulier)).to.deep.equal([
        false,
        reasons(G.NO_DELIVERY_ORDER, G.NOT_NOMINATED_HAULIER, G.NO_CUSTOMS_RELEASE),
      ]);
    });
  });
});
