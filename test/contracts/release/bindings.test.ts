/**
 * Container bindings (decision 0008): the terminal's discharge binds a container to a current B/L until gate-out;
 * before discharge an act under another B/L takes the container over (keeping a customs hold); the terminal of
 * record corrects its own discharge; attacks 3 and 4 of issue 9 now do no harm or fail with their exact error.
 */
import { expect } from "chai";
import { network } from "hardhat";
import { BlState, BlType, SurrenderKind, issueBl } from "../../fixtures/community.ts";
import {
  CONTAINERS,
  DAY,
  GateRefusal as G,
  accomplishedToOrder,
  declaration,
  deployReleaseCommunity,
  importedContainers,
  reasons,
  truckPlate,
} from "../../fixtures/release.ts";

const { ethers, networkHelpers } = await network.create();

/** The carrier's accomplished to-order B/L, and a sea waybill the second carrier issued itself. */
async function withBills() {
  const c = await deployReleaseCommunity(ethers);
  const real = await accomplishedToOrder(c, "COSU6300000300");
  const foreign = await issueBl(c, {
    number: "EVIL000000001",
    type: BlType.SeaWaybill,
    carrier: c.signers.carrier2,
    consignee: c.orgs.consignee,
  });
  return { ...c, real, foreign };
}
async function ready() {
  const c = await deployReleaseCommunity(ethers);
  const imported = await importedContainers(c);
  const other = await accomplishedToOrder(c, "COSU6300000301");
  return { ...c, ...imported, other };
}
const load = () => networkHelpers.loadFixture(withBills);
const loadReady = () => networkHelpers.loadFixture(ready);
const box = CONTAINERS.first;
const TEN_DAYS = BigInt(10 * DAY);
const FOREVER = 2n ** 40n - 1n;
const DECL = declaration("020220261000000300");
const HOLD = declaration("HOLD-300");
const PLATE = truckPlate("津A·30000");

describe("ImportRelease: container bindings", function () {
  describe("attack 3: a carrier's own sea waybill and a delivery order naming another carrier's container", function () {
    it("when it names the container until 2^40-1, then the real B/L's discharge, delivery order and customs release still go through, and the container gates out", async function () {
      const c = await load();
      const now = await c.now();
      await c.as("carrier2").issueDeliveryOrder(c.foreign, [box], 0, c.orgs.terminal, now, FOREVER);
      expect((await c.importRelease.containerRelease(box)).blTokenId).to.equal(c.foreign);

      await expect(c.as("terminal").recordDischarge(c.real, box))
        .to.emit(c.importRelease, "Discharged")
        .withArgs(box, c.real, c.orgs.terminal);
      const after = await c.importRelease.containerRelease(box);
      expect([after.blTokenId, after.deliveryOrderId]).to.deep.equal([c.real, 0n]);
      // The attacker's order no longer covers the container.
      await expect(c.as("consignee").nominateHaulier(1n, box, c.orgs.haulier))
        .to.be.revertedWithCustomError(c.importRelease, "ImportReleaseContainerNotOnDeliveryOrder")
        .withArgs(1n, box);
      // Nor can the attacker take it back once discharged.
      const later = await c.now();
      await expect(c.as("carrier2").issueDeliveryOrder(c.foreign, [box], 0, c.orgs.terminal, later, FOREVER))
        .to.be.revertedWithCustomError(c.importRelease, "ImportReleaseContainerOnAnotherBill")
        .withArgs(box, c.foreign, c.real);

      await c.as("carrier").issueDeliveryOrder(c.real, [box], 0, c.orgs.terminal, later, later + TEN_DAYS);
      await c.as("customs").recordCustomsRelease(DECL, c.real, [box]);
      await c.as("consignee").nominateHaulier(2n, box, c.orgs.haulier);
      expect(await c.importRelease.gateDecision(box, c.orgs.terminal, c.orgs.haulier)).to.deep.equal([true, 0n]);
      await expect(c.as("terminal").recordGateOut(box, c.orgs.haulier, PLATE))
        .to.emit(c.importRelease, "GatedOut")
        .withArgs(box, c.real, c.orgs.haulier, 2n, c.orgs.terminal, PLATE);
    });

    it("when the attacker's order comes after the real B/L's order before discharge, then the real carrier's next act takes the container back", async function () {
      const c = await load();
      const now = await c.now();
      await c.as("carrier").issueDeliveryOrder(c.real, [box], 0, c.orgs.terminal, now, now + TEN_DAYS);
      await c.as("customs").recordCustomsRelease(DECL, c.real, [box]);
      await c.as("carrier2").issueDeliveryOrder(c.foreign, [box], 0, c.orgs.terminal, now, FOREVER);
      // The attacker's order took the container over; the real order and customs release lapsed for it.
      const taken = await c.importRelease.containerRelease(box);
      expect([taken.blTokenId, taken.deliveryOrderId, taken.customsReleased]).to.deep.equal([c.foreign, 2n, false]);
      // Neither the discharge nor the real order is blocked.
      await expect(c.as("terminal").recordDischarge(c.real, box)).to.emit(c.importRelease, "Discharged");
      await expect(c.as("carrier").issueDeliveryOrder(c.real, [box], 0, c.orgs.terminal, now, now + TEN_DAYS)).to.emit(
        c.importRelease,
        "ContainerCovered",
      );
    });
  });

  describe("attack 4: a discharge under a voided B/L", function () {
    it("when the B/L was switched to paper (voided), then ImportReleaseBillNotCurrent", async function () {
      const c = await load();
      const voided = await issueBl(c, { number: "COSU6300000302", type: BlType.ToOrder });
      await c.bl("shipper").surrender(voided, SurrenderKind.Paper);
      await c.bl("carrier").acceptSurrender(voided);
      await expect(c.as("terminal").recordDischarge(voided, box))
        .to.be.revertedWithCustomError(c.importRelease, "ImportReleaseBillNotCurrent")
        .withArgs(voided, BlState.Voided);
      expect((await c.importRelease.containerRelease(box)).blTokenId).to.equal(0n);
    });

    it("when the B/L is active, pending surrender or accomplished, then the discharge binds the container", async function () {
      const c = await load();
      const active = await issueBl(c, { number: "COSU6300000303", type: BlType.ToOrder });
      const pending = await issueBl(c, { number: "COSU6300000304", type: BlType.ToOrder });
      await c.bl("shipper").surrender(pending, SurrenderKind.Delivery);
      for (const [bl, container] of [
        [active, CONTAINERS.second],
        [pending, CONTAINERS.third],
        [c.real, CONTAINERS.fourth],
      ] as const) {
        await expect(c.as("terminal").recordDischarge(bl, container))
          .to.emit(c.importRelease, "Discharged")
          .withArgs(container, bl, c.orgs.terminal);
      }
    });
  });

  describe("before discharge, a record binds nothing for good", function () {
    it("when a delivery order, a customs release and a hold were recorded under one B/L, then a delivery order under another takes the container over, keeping only the hold", async function () {
      const c = await load();
      const now = await c.now();
      await c.as("carrier2").issueDeliveryOrder(c.foreign, [box], 0, c.orgs.terminal, now, now + TEN_DAYS);
      await c.as("customs").recordCustomsRelease(DECL, c.foreign, [box]);
      await c.as("customs").placeHold(HOLD, c.foreign, [box]);
      await expect(c.as("carrier").issueDeliveryOrder(c.real, [box], 0, c.orgs.terminal, now, now + TEN_DAYS))
        .to.emit(c.importRelease, "ContainerCovered")
        .withArgs(box, 2n, c.real);
      const r = await c.importRelease.containerRelease(box);
      expect([r.blTokenId, r.deliveryOrderId, r.customsReleased, r.customsHeld]).to.deep.equal([
        c.real,
        2n,
        false,
        true,
      ]);
      // The hold cannot be evaded by the new B/L: customs release under it is refused until the hold is lifted.
      await expect(c.as("customs").recordCustomsRelease(DECL, c.real, [box]))
        .to.be.revertedWithCustomError(c.importRelease, "ImportReleaseCustomsHold")
        .withArgs(box);
    });

    it("when a customs release under one B/L comes first, then a customs release under another takes the container over", async function () {
      const c = await load();
      await c.as("customs").recordCustomsRelease(DECL, c.foreign, [box]);
      await expect(c.as("customs").recordCustomsRelease(DECL, c.real, [box]))
        .to.emit(c.importRelease, "CustomsReleased")
        .withArgs(box, c.real, DECL, c.orgs.customs);
      expect((await c.importRelease.containerRelease(box)).blTokenId).to.equal(c.real);
    });
  });

  describe("once discharged, the container stays on its B/L until gate-out", function () {
    it("when acts name another B/L, then each is refused with ImportReleaseContainerOnAnotherBill", async function () {
      const c = await loadReady();
      const now = await c.now();
      const refusedWith = (tx: Promise<unknown>) =>
        expect(tx)
          .to.be.revertedWithCustomError(c.importRelease, "ImportReleaseContainerOnAnotherBill")
          .withArgs(box, c.other, c.blTokenId);
      await refusedWith(c.as("terminal2").recordDischarge(c.other, box));
      await refusedWith(c.as("carrier").issueDeliveryOrder(c.other, [box], 0, c.orgs.terminal, now, now + TEN_DAYS));
      await refusedWith(c.as("customs").recordCustomsRelease(DECL, c.other, [box]));
      await refusedWith(c.as("customs").placeHold(HOLD, c.other, [box]));
    });

    it("when it has gated out, then the next B/L's discharge starts a fresh record", async function () {
      const c = await loadReady();
      await c.as("terminal").recordGateOut(box, c.orgs.haulier, PLATE);
      await expect(c.as("terminal").recordDischarge(c.other, box))
        .to.emit(c.importRelease, "Discharged")
        .withArgs(box, c.other, c.orgs.terminal);
      const r = await c.importRelease.containerRelease(box);
      expect([r.blTokenId, r.deliveryOrderId, r.customsReleased, r.gatedOutAt]).to.deep.equal([c.other, 0n, false, 0n]);
    });
  });

  describe("correctDischarge", function () {
    it("when the terminal of record re-points the discharge, then the time stays and the wrong B/L's order, haulier and customs release are cleared, a hold kept", async function () {
      const c = await loadReady();
      const { dischargedAt } = await c.importRelease.containerRelease(box);
      await c.as("customs").placeHold(HOLD, c.blTokenId, [box]);
      await expect(c.as("terminal").correctDischarge(box, c.other))
        .to.emit(c.importRelease, "DischargeCorrected")
        .withArgs(box, c.blTokenId, c.other, c.orgs.terminal);
      const r = await c.importRelease.containerRelease(box);
      expect([
        r.blTokenId,
        r.terminal,
        r.dischargedAt,
        r.deliveryOrderId,
        r.haulier,
        r.customsReleased,
        r.customsHeld,
        r.gatedOutAt,
      ]).to.deep.equal([c.other, BigInt(c.orgs.terminal), dischargedAt, 0n, 0n, false, true, 0n]);
      // The container is now bound to the right B/L: the wrong one's acts are refused.
      await expect(c.as("customs").recordCustomsRelease(DECL, c.blTokenId, [box]))
        .to.be.revertedWithCustomError(c.importRelease, "ImportReleaseContainerOnAnotherBill")
        .withArgs(box, c.blTokenId, c.other);
      expect(await c.importRelease.gateDecision(box, c.orgs.terminal, c.orgs.haulier)).to.deep.equal([
        false,
        reasons(G.NO_DELIVERY_ORDER, G.NOT_NOMINATED_HAULIER, G.NO_CUSTOMS_RELEASE, G.CUSTOMS_HOLD),
      ]);
    });

    it("when the terminal of record erases the discharge (0), then another B/L's discharge may bind the container", async function () {
      const c = await loadReady();
      await expect(c.as("terminal").correctDischarge(box, 0n))
        .to.emit(c.importRelease, "DischargeCorrected")
        .withArgs(box, c.blTokenId, 0n, c.orgs.terminal);
      const r = await c.importRelease.containerRelease(box);
      expect([r.blTokenId, r.terminal, r.dischargedAt]).to.deep.equal([c.blTokenId, 0n, 0n]);
      expect(await c.importRelease.gateDecision(box, c.orgs.terminal, c.orgs.haulier)).to.deep.equal([
        false,
        G.NOT_DISCHARGED,
      ]);
      await expect(c.as("terminal2").recordDischarge(c.other, box))
        .to.emit(c.importRelease, "Discharged")
        .withArgs(box, c.other, c.orgs.terminal2);
    });

    it("when another terminal corrects, then ImportReleaseNotTerminalOfRecord; when a non-terminal does, ImportReleaseNotTerminal", async function () {
      const c = await loadReady();
      await expect(c.as("terminal2").correctDischarge(box, c.other))
        .to.be.revertedWithCustomError(c.importRelease, "ImportReleaseNotTerminalOfRecord")
        .withArgs(box, c.orgs.terminal2, c.orgs.terminal);
      await expect(c.as("carrier").correctDischarge(box, c.other))
        .to.be.revertedWithCustomError(c.importRelease, "ImportReleaseNotTerminal")
        .withArgs(c.orgs.carrier);
    });

    it("when the container was never discharged, then ImportReleaseNotDischarged", async function () {
      const c = await loadReady();
      await expect(c.as("terminal").correctDischarge(CONTAINERS.fourth, c.other))
        .to.be.revertedWithCustomError(c.importRelease, "ImportReleaseNotDischarged")
        .withArgs(CONTAINERS.fourth);
    });

    it("when the container has gated out, then ImportReleaseAlreadyGatedOut", async function () {
      const c = await loadReady();
      await c.as("terminal").recordGateOut(box, c.orgs.haulier, PLATE);
      const gatedOutAt = await c.now();
      await expect(c.as("terminal").correctDischarge(box, c.other))
        .to.be.revertedWithCustomError(c.importRelease, "ImportReleaseAlreadyGatedOut")
        .withArgs(box, gatedOutAt);
    });

    it("when the correction names the same B/L, then ImportReleaseDischargeUnchanged", async function () {
      const c = await loadReady();
      await expect(c.as("terminal").correctDischarge(box, c.blTokenId))
        .to.be.revertedWithCustomError(c.importRelease, "ImportReleaseDischargeUnchanged")
        .withArgs(box, c.blTokenId);
    });

    it("when it names a voided or unknown B/L, then ImportReleaseBillNotCurrent or BillOfLadingUnknown", async function () {
      const c = await loadReady();
      const voided = await issueBl(c, { number: "COSU6300000305", type: BlType.ToOrder });
      await c.bl("shipper").surrender(voided, SurrenderKind.Paper);
      await c.bl("carrier").acceptSurrender(voided);
      await expect(c.as("terminal").correctDischarge(box, voided))
        .to.be.revertedWithCustomError(c.importRelease, "ImportReleaseBillNotCurrent")
        .withArgs(voided, BlState.Voided);
      await expect(c.as("terminal").correctDischarge(box, 77n))
        .to.be.revertedWithCustomError(c.billOfLading, "BillOfLadingUnknown")
        .withArgs(77n);
    });
  });
});
