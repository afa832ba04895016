/** Customs release, hold and lift, per container of a B/L, each event carrying the declaration number; discharge. */
import { expect } from "chai";
import { network } from "hardhat";
import { BlType, issueBl } from "../../fixtures/community.ts";
import {
  CONTAINERS,
  accomplishedToOrder,
  declaration,
  deployReleaseCommunity,
  importedContainers,
  truckPlate,
} from "../../fixtures/release.ts";

const { ethers, networkHelpers } = await network.create();

async function withBill() {
  const c = await deployReleaseCommunity(ethers);
  return { ...c, blTokenId: await accomplishedToOrder(c, "COSU6300000020") };
}
async function ready() {
  const c = await deployReleaseCommunity(ethers);
  return { ...c, ...(await importedContainers(c)) };
}
const load = () => networkHelpers.loadFixture(withBill);
const boxes = [CONTAINERS.first, CONTAINERS.second];
const DECL = declaration("020220261000000001");
const HOLD = declaration("INSPECTION-2026-0042");

describe("ImportRelease: customs and discharge", function () {
  describe("recordCustomsRelease", function () {
    it("when customs releases two containers, then each is released with the declaration in its event", async function () {
      const c = await load();
      const tx = c.as("customs").recordCustomsRelease(DECL, c.blTokenId, boxes);
      for (const box of boxes) {
        await expect(tx).to.emit(c.importRelease, "CustomsReleased").withArgs(box, c.blTokenId, DECL, c.orgs.customs);
        const r = await c.importRelease.containerRelease(box);
        expect([r.blTokenId, r.customsReleased, r.customsHeld]).to.deep.equal([c.blTokenId, true, false]);
      }
    });

    it("when customs releases before the B/L is accomplished (pre-arrival clearance), then it is recorded", async function () {
      const c = await load();
      const active = await issueBl(c, { number: "COSU6300000021", type: BlType.ToOrder });
      await expect(c.as("customs").recordCustomsRelease(DECL, active, [CONTAINERS.third]))
        .to.emit(c.importRelease, "CustomsReleased")
        .withArgs(CONTAINERS.third, active, DECL, c.orgs.customs);
    });

    it("when the container is already released, then ImportReleaseAlreadyCustomsReleased", async function () {
      const c = await load();
      await c.as("customs").recordCustomsRelease(DECL, c.blTokenId, [CONTAINERS.first]);
      await expect(c.as("customs").recordCustomsRelease(DECL, c.blTokenId, boxes))
        .to.be.revertedWithCustomError(c.importRelease, "ImportReleaseAlreadyCustomsReleased")
        .withArgs(CONTAINERS.first);
    });

    it("when a container is held, then it cannot be released until the hold is lifted; lifting does not release", async function () {
      const c = await load();
      await c.as("customs").placeHold(HOLD, c.blTokenId, [CONTAINERS.second]);
      await expect(c.as("customs").recordCustomsRelease(DECL, c.blTokenId, boxes))
        .to.be.revertedWithCustomError(c.importRelease, "ImportReleaseCustomsHold")
        .withArgs(CONTAINERS.second);
      await c.as("customs").liftHold(HOLD, c.blTokenId, [CONTAINERS.second]);
      expect((await c.importRelease.containerRelease(CONTAINERS.second)).customsReleased).to.equal(false);
      await expect(c.as("customs").recordCustomsRelease(DECL, c.blTokenId, boxes)).to.emit(
        c.importRelease,
        "CustomsReleased",
      );
    });

    it("when no container is given, then ImportReleaseNoContainers", async function () {
      const c = await load();
      await expect(c.as("customs").recordCustomsRelease(DECL, c.blTokenId, [])).to.be.revertedWithCustomError(
        c.importRelease,
        "ImportReleaseNoContainers",
      );
    });

    it("when the B/L does not exist, then BillOfLadingUnknown", async function () {
      const c = await load();
      await expect(c.as("customs").recordCustomsRelease(DECL, 5n, boxes))
        .to.be.revertedWithCustomError(c.billOfLading, "BillOfLadingUnknown")
        .withArgs(5n);
    });

    it("when the container is being imported under another B/L, then ImportReleaseContainerOnAnotherBill", async function () {
      const c = await load();
      const other = await issueBl(c, { number: "SWB6300000022", type: BlType.SeaWaybill });
      await c.as("terminal").recordDischarge(other, CONTAINERS.first);
      await expect(c.as("customs").recordCustomsRelease(DECL, c.blTokenId, boxes))
        .to.be.revertedWithCustomError(c.importRelease, "ImportReleaseContainerOnAnotherBill")
        .withArgs(CONTAINERS.first, c.blTokenId, other);
    });
  });

  describe("placeHold and liftHold", function () {
    it("when customs places and lifts a hold, then both events carry the declaration and the flag follows", async function () {
      const c = await networkHelpers.loadFixture(ready);
      await expect(c.as("customs").placeHold(HOLD, c.blTokenId, boxes))
        .to.emit(c.importRelease, "CustomsHoldPlaced")
        .withArgs(CONTAINERS.second, c.blTokenId, HOLD, c.orgs.customs);
      expect((await c.importRelease.containerRelease(CONTAINERS.first)).customsHeld).to.equal(true);
      await expect(c.as("customs").liftHold(HOLD, c.blTokenId, [CONTAINERS.first]))
        .to.emit(c.importRelease, "CustomsHoldLifted")
        .withArgs(CONTAINERS.first, c.blTokenId, HOLD, c.orgs.customs);
      const [first, second] = await Promise.all(boxes.map((box) => c.importRelease.containerRelease(box)));
      expect([first.customsHeld, first.customsReleased, second.customsHeld]).to.deep.equal([false, true, true]);
    });

    it("when the container is already held, then ImportReleaseCustomsHold", async function () {
      const c = await networkHelpers.loadFixture(ready);
      await c.as("customs").placeHold(HOLD, c.blTokenId, [CONTAINERS.first]);
      await expect(c.as("customs").placeHold(HOLD, c.blTokenId, [CONTAINERS.first]))
        .to.be.revertedWithCustomError(c.importRelease, "ImportReleaseCustomsHold")
        .withArgs(CONTAINERS.first);
    });

    it("when there is no hold to lift (or it is on another B/L), then ImportReleaseNoCustomsHold", async function () {
      const c = await networkHelpers.loadFixture(ready);
      await expect(c.as("customs").liftHold(HOLD, c.blTokenId, [CONTAINERS.first]))
        .to.be.revertedWithCustomError(c.importRelease, "ImportReleaseNoCustomsHold")
        .withArgs(CONTAINERS.first);
      await c.as("customs").placeHold(HOLD, c.blTokenId, [CONTAINERS.first]);
      const other = await issueBl(c, { number: "SWB6300000023", type: BlType.SeaWaybill });
      await expect(c.as("customs").liftHold(HOLD, other, [CONTAINERS.first]))
        .to.be.revertedWithCustomError(c.importRelease, "ImportReleaseNoCustomsHold")
        .withArgs(CONTAINERS.first);
    });

    it("when a held container is discharged under another B/L, then the hold goes with the container", async function () {
      const c = await load();
      await c.as("customs").placeHold(HOLD, c.blTokenId, [CONTAINERS.third]);
      const other = await issueBl(c, { number: "SWB6300000024", type: BlType.SeaWaybill });
      await expect(c.as("terminal").recordDischarge(other, CONTAINERS.third))
        .to.emit(c.importRelease, "Discharged")
        .withArgs(CONTAINERS.third, other, c.orgs.terminal);
      const r = await c.importRelease.containerRelease(CONTAINERS.third);
      expect([r.blTokenId, r.customsHeld]).to.deep.equal([other, true]);
      await expect(c.as("customs").recordCustomsRelease(DECL, other, [CONTAINERS.third]))
        .to.be.revertedWithCustomError(c.importRelease, "ImportReleaseCustomsHold")
        .withArgs(CONTAINERS.third);
      await expect(c.as("customs").liftHold(HOLD, c.blTokenId, [CONTAINERS.third]))
        .to.be.revertedWithCustomError(c.importRelease, "ImportReleaseNoCustomsHold")
        .withArgs(CONTAINERS.third);
      await expect(c.as("customs").liftHold(HOLD, other, [CONTAINERS.third]))
        .to.emit(c.importRelease, "CustomsHoldLifted")
        .withArgs(CONTAINERS.third, other, HOLD, c.orgs.customs);
    });

    it("when the container has gated out, then a hold is refused with ImportReleaseAlreadyGatedOut", async function () {
      const c = await networkHelpers.loadFixture(ready);
      await c.as("terminal").recordGateOut(CONTAINERS.first, c.orgs.haulier, truckPlate("T1"));
      const gatedOutAt = await c.now();
      await expect(c.as("customs").placeHold(HOLD, c.blTokenId, [CONTAINERS.first]))
        .to.be.revertedWithCustomError(c.importRelease, "ImportReleaseAlreadyGatedOut")
        .withArgs(CONTAINERS.first, gatedOutAt);
    });

    it("when no container is given, then ImportReleaseNoContainers", async function () {
      const c = await load();
      await expect(c.as("customs").placeHold(HOLD, c.blTokenId, [])).to.be.revertedWithCustomError(
        c.importRelease,
        "ImportReleaseNoContainers",
      );
      await expect(c.as("customs").liftHold(HOLD, c.blTokenId, [])).to.be.revertedWithCustomError(
        c.importRelease,
        "ImportReleaseNoContainers",
      );
    });
  });

  describe("recordDischarge", function () {
    it("when the terminal discharges, then it becomes the terminal of record at the block's time", async function () {
      const c = await load();
      await expect(c.as("terminal").recordDischarge(c.blTokenId, CONTAINERS.first))
        .to.emit(c.importRelease, "Discharged")
        .withArgs(CONTAINERS.first, c.blTokenId, c.orgs.terminal);
      const r = await c.importRelease.containerRelease(CONTAINERS.first);
      expect([r.blTokenId, r.terminal, r.dischargedAt]).to.deep.equal([
        c.blTokenId,
        BigInt(c.orgs.terminal),
        await c.now(),
      ]);
    });

    it("when it is discharged twice, then ImportReleaseAlreadyDischarged with the first terminal and time", async function () {
      const c = await load();
      await c.as("terminal").recordDischarge(c.blTokenId, CONTAINERS.first);
      const at = await c.now();
      await expect(c.as("terminal2").recordDischarge(c.blTokenId, CONTAINERS.first))
        .to.be.revertedWithCustomError(c.importRelease, "ImportReleaseAlreadyDischarged")
        .withArgs(CONTAINERS.first, c.orgs.terminal, at);
    });

    it("when the B/L does not exist, then BillOfLadingUnknown", async function () {
      const c = await load();
      await expect(c.as("terminal").recordDischarge(9n, CONTAINERS.first))
        .to.be.revertedWithCustomError(c.billOfLading, "BillOfLadingUnknown")
        .withArgs(9n);
    });
  });
});
