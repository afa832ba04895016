/**
 * The gates: gate-out at the out facility and gate-in at the return facility, the seal check, the truck check, the
 * damage comparison, the import release chain's precedence, overdue and detention times, and every refusal.
 */
import { expect } from "chai";
import { network } from "hardhat";
import { OrgStatus } from "../../fixtures/community.ts";
import { CONTAINERS, DAY } from "../../fixtures/release.ts";
import {
  Condition,
  InterchangeStatus,
  OTHER_PLATE,
  PLATE,
  Purpose,
  SEALS,
  SealCheck,
  asTuple,
  damage,
  deployWithImport,
  emptyReturn,
  gateArgs,
  importPickUp,
  issueEir,
  photo,
  seal,
  type WithImport,
} from "../../fixtures/equipment.ts";

const { ethers, networkHelpers } = await network.create();
const ZERO16 = "0x" + "00".repeat(16);
const DENT = damage("LB", "PA", "DT"); // left side bottom, panel, dented
const HOLE = damage("RT", "RF", "HO"); // right side top, roof, holed
const BENT = damage("DX", "DH", "BT"); // door end, door handle, bent

/** The community with the import release chain, nothing issued yet: for tests that issue their own e-EIR. */
const deployed = () => deployWithImport(ethers);
/** An empty return from the terminal to the depot (one seal), issued and not yet out. */
async function issuedEmpty() {
  const c = await deployWithImport(ethers);
  const request = await emptyReturn(c);
  return { ...c, request, id: await issueEir(c, request) };
}
/** The same, gated out sound. */
async function gatedOutEmpty() {
  const c = await issuedEmpty();
  await (await c.eir("terminal").recordGateOut(c.id, ...gateArgs(c))).wait();
  return c;
}
/** An import pick-up of CONTAINERS.first, issued; the release chain has not let the container out yet. */
async function issuedImport() {
  const c = await deployWithImport(ethers);
  const request = await importPickUp(c);
  return { ...c, request, id: await issueEir(c, request) };
}
type Issued = Awaited<ReturnType<typeof issuedEmpty>>;
const eirError = (c: WithImport) => c.equipmentInterchange;

describe("EquipmentInterchange: gates", function () {
  describe("gate-out", function () {
    it("when the out facility records it, then custody passes to the haulier and the clock starts", async function () {
      const c = await networkHelpers.loadFixture(issuedEmpty);
      await expect(c.eir("terminal").recordGateOut(c.id, ...gateArgs(c)))
        .to.emit(c.equipmentInterchange, "GatedOut")
        .withArgs(c.id, c.orgs.terminal, c.orgs.haulier, PLATE, SealCheck.Matched, Condition.Sound, [SEALS[0]]);
      const eir = await c.equipmentInterchange.equipmentInterchange(c.id);
      expect(eir.status).to.equal(InterchangeStatus.GatedOut);
      expect(eir.gatedOutAt).to.equal(await c.now());
    });

    it("when the seals differ, then the gate-out is flagged Mismatched, with the seals found", async function () {
      const c = await networkHelpers.loadFixture(issuedEmpty);
      const found = [seal("CN0000001")];
      const tx = c.eir("terminal").recordGateOut(c.id, ...gateArgs(c, { seals: found }));
      await expect(tx)
        .to.emit(c.equipmentInterchange, "GatedOut")
        .withArgs(c.id, c.orgs.terminal, c.orgs.haulier, PLATE, SealCheck.Mismatched, Condition.Sound, found);
    });

    it("when a seal is missing, then Mismatched too", async function () {
      const c = await networkHelpers.loadFixture(issuedEmpty);
      await expect(c.eir("terminal").recordGateOut(c.id, ...gateArgs(c, { seals: [] })))
        .to.emit(c.equipmentInterchange, "GatedOut")
        .withArgs(c.id, c.orgs.terminal, c.orgs.haulier, PLATE, SealCheck.Mismatched, Condition.Sound, []);
    });

    it("when the seals are the same in another order, then Matched, with the seals found as listed", async function () {
      const c = await networkHelpers.loadFixture(issuedImport);
      await c.as("terminal").recordGateOut(CONTAINERS.first, c.orgs.haulier, PLATE);
      const tx = c.eir("terminal").recordGateOut(c.id, ...gateArgs(c, { seals: [SEALS[1], SEALS[0]] }));
      await expect(tx)
        .to.emit(c.equipmentInterchange, "GatedOut")
        .withArgs(c.id, c.orgs.terminal, c.orgs.haulier, PLATE, SealCheck.Matched, Condition.Sound, [
          SEALS[1],
          SEALS[0],
        ]);
      // The digest is over the sorted list: the e-EIR's seals were issued as [SEALS[0], SEALS[1]].
    });

    it("when no truck was assigned, then the truck at the gate is recorded", async function () {
      const c = await networkHelpers.loadFixture(issuedEmpty);
      await expect(c.eir("terminal").recordGateOut(c.id, ...gateArgs(c, { plate: OTHER_PLATE })))
        .to.emit(c.equipmentInterchange, "GatedOut")
        .withArgs(c.id, c.orgs.terminal, c.orgs.haulier, OTHER_PLATE, SealCheck.Matched, Condition.Sound, [SEALS[0]]);
    });

    it("when a truck was assigned, then only that truck may take it", async function () {
      const c = await networkHelpers.loadFixture(issuedEmpty);
      await c.eir("haulier").assignTruck(c.id, PLATE, ethers.ZeroHash);
      await expect(c.eir("terminal").recordGateOut(c.id, ...gateArgs(c, { plate: OTHER_PLATE })))
        .to.be.revertedWithCustomError(eirError(c), "EquipmentInterchangeWrongTruck")
        .withArgs(c.id, OTHER_PLATE, PLATE);
      await expect(c.eir("terminal").recordGateOut(c.id, ...gateArgs(c))).to.emit(c.equipmentInterchange, "GatedOut");
    });

    it("when damage and photos are recorded, then DamageRecorded and PhotosRecorded carry them", async function () {
      const c = await networkHelpers.loadFixture(issuedEmpty);
      const photos = [photo("front"), photo("left side")];
      const tx = c.eir("terminal").recordGateOut(c.id, ...gateArgs(c, { damages: [DENT], photos }));
      await expect(tx)
        .to.emit(c.equipmentInterchange, "GatedOut")
        .withArgs(c.id, c.orgs.terminal, c.orgs.haulier, PLATE, SealCheck.Matched, Condition.Damaged, [SEALS[0]]);
      await expect(tx)
        .to.emit(c.equipmentInterchange, "DamageRecorded")
        .withArgs(c.id, c.orgs.terminal, false, [asTuple(DENT)]);
      await expect(tx).to.emit(c.equipmentInterchange, "PhotosRecorded").withArgs(c.id, c.orgs.terminal, false, photos);
      expect(await c.equipmentInterchange.gateOutDamages(c.id)).to.deep.equal([asTuple(DENT)]);
    });
  });

  describe("gate-out refusals", function () {
    async function expectGateOutRefused(
      c: Issued,
      error: string,
      args: unknown[],
      gate = {},
      as: "terminal" | "terminal2" = "terminal",
    ) {
      await expect(c.eir(as).recordGateOut(c.id, ...gateArgs(c, gate)))
        .to.be.revertedWithCustomError(eirError(c), error)
        .withArgs(...args);
      expect((await c.equipmentInterchange.equipmentInterchange(c.id)).gatedOutAt).to.equal(0n);
    }

    it("at another facility", async function () {
      const c = await networkHelpers.loadFixture(issuedEmpty);
      await expectGateOutRefused(
        c,
        "EquipmentInterchangeWrongFacility",
        [c.id, c.orgs.terminal2, c.orgs.terminal],
        {},
        "terminal2",
      );
    });

    it("with another haulier than the one named", async function () {
      const c = await networkHelpers.loadFixture(issuedEmpty);
      await expectGateOutRefused(c, "EquipmentInterchangeWrongHaulier", [c.id, c.orgs.haulier2, c.orgs.haulier], {
        haulier: c.orgs.haulier2,
      });
    });

    it("before the validity window", async function () {
      const c = await networkHelpers.loadFixture(deployed);
      const now = await c.now();
      const request = await emptyReturn(c, { validFrom: now + BigInt(DAY), validUntil: now + BigInt(2 * DAY) });
      const id = await issueEir(c, request);
      await networkHelpers.time.setNextBlockTimestamp(now + 100n);
      await expect(c.eir("terminal").recordGateOut(id, ...gateArgs(c)))
        .to.be.revertedWithCustomError(eirError(c), "EquipmentInterchangeNotYetValid")
        .withArgs(id, request.validFrom, now + 100n);
      await networkHelpers.time.setNextBlockTimestamp(request.validFrom);
      await expect(c.eir("terminal").recordGateOut(id, ...gateArgs(c))).to.emit(c.equipmentInterchange, "GatedOut");
    });

    it("after the validity window (expired), but still in its last second", async function () {
      const c = await networkHelpers.loadFixture(issuedEmpty);
      await networkHelpers.time.setNextBlockTimestamp(c.request.validUntil + 1n);
      await expect(c.eir("terminal").recordGateOut(c.id, ...gateArgs(c)))
        .to.be.revertedWithCustomError(eirError(c), "EquipmentInterchangeExpired")
        .withArgs(c.id, c.request.validUntil, c.request.validUntil + 1n);
      const again = await networkHelpers.loadFixture(issuedEmpty);
      await networkHelpers.time.setNextBlockTimestamp(again.request.validUntil);
      await expect(again.eir("terminal").recordGateOut(again.id, ...gateArgs(again))).to.emit(
        again.equipmentInterchange,
        "GatedOut",
      );
    });

    it("once cancelled", async function () {
      const c = await networkHelpers.loadFixture(issuedEmpty);
      await c.eir("carrier").cancel(c.id, "box damaged in the yard");
      await expectGateOutRefused(c, "EquipmentInterchangeIsCancelled", [c.id]);
    });

    it("twice", async function () {
      const c = await networkHelpers.loadFixture(gatedOutEmpty);
      const { gatedOutAt } = await c.equipmentInterchange.equipmentInterchange(c.id);
      await expect(c.eir("terminal").recordGateOut(c.id, ...gateArgs(c)))
        .to.be.revertedWithCustomError(eirError(c), "EquipmentInterchangeAlreadyGatedOut")
        .withArgs(c.id, gatedOutAt);
      // Nor may the issuer cancel it, or the haulier change trucks, once it is out.
      await expect(c.eir("carrier").cancel(c.id, "too late"))
        .to.be.revertedWithCustomError(eirError(c), "EquipmentInterchangeAlreadyGatedOut")
        .withArgs(c.id, gatedOutAt);
      await expect(c.eir("haulier").assignTruck(c.id, OTHER_PLATE, ethers.ZeroHash))
        .to.be.revertedWithCustomError(eirError(c), "EquipmentInterchangeAlreadyGatedOut")
        .withArgs(c.id, gatedOutAt);
    });

    it("of an unknown e-EIR", async function () {
      const c = await networkHelpers.loadFixture(issuedEmpty);
      // One bit changed: a spare bit, the start of validity, the return facility, the haulier, the container.
      for (const bit of [0n, 9n, 49n, 156n, 230n]) {
        const forged = c.id ^ (1n << bit);
        await expect(c.eir("terminal").recordGateOut(forged, ...gateArgs(c)))
          .to.be.revertedWithCustomError(eirError(c), "EquipmentInterchangeUnknown")
          .withArgs(forged);
      }
    });

    it("with an empty truck plate", async function () {
      const c = await networkHelpers.loadFixture(issuedEmpty);
      await expect(
        c.eir("terminal").recordGateOut(c.id, ...gateArgs(c, { plate: ZERO16 })),
      ).to.be.revertedWithCustomError(eirError(c), "EquipmentInterchangeInvalidTruckPlate");
    });

    it("with malformed seals, damage or photos", async function () {
      const c = await networkHelpers.loadFixture(issuedEmpty);
      const four = [seal("A1"), seal("A2"), seal("A3"), seal("A4")];
      await expectGateOutRefused(c, "EquipmentInterchangeTooManySeals", [4, 3], { seals: four });
      await expectGateOutRefused(c, "EquipmentInterchangeEmptySeal", [0], { seals: [ZERO16] });
      const blank = { ...DENT, component: "0x0000" };
      await expectGateOutRefused(c, "EquipmentInterchangeInvalidDamage", [1], { damages: [DENT, blank] });
      await expectGateOutRefused(c, "EquipmentInterchangeTooManyEntries", [17, 16], { damages: Array(17).fill(DENT) });
      await expectGateOutRefused(c, "EquipmentInterchangeTooManyEntries", [17, 16], {
        photos: Array.from({ length: 17 }, (_, i) => photo(String(i))),
      });
      await expectGateOutRefused(c, "EquipmentInterchangeEmptyPhotoDigest", [0], { photos: [ethers.ZeroHash] });
    });

    it("when the condition contradicts the damage list", async function () {
      const c = await networkHelpers.loadFixture(issuedEmpty);
      const [haulier, plate, seals] = gateArgs(c);
      await expect(c.eir("terminal").recordGateOut(c.id, haulier, plate, seals, Condition.Sound, [DENT], []))
        .to.be.revertedWithCustomError(eirError(c), "EquipmentInterchangeInvalidCondition")
        .withArgs(Condition.Sound, 1);
      await expect(c.eir("terminal").recordGateOut(c.id, haulier, plate, seals, Condition.Damaged, [], []))
        .to.be.revertedWithCustomError(eirError(c), "EquipmentInterchangeInvalidCondition")
        .withArgs(Condition.Damaged, 0);
    });
  });

  describe("import pick-up follows the release chain", function () {
    it("when the release gate-out comes first, then the e-EIR gate-out follows", async function () {
      const c = await networkHelpers.loadFixture(issuedImport);
      await expect(c.as("terminal").recordGateOut(CONTAINERS.first, c.orgs.haulier, PLATE)).to.emit(
        c.importRelease,
        "GatedOut",
      );
      await expect(c.eir("terminal").recordGateOut(c.id, ...gateArgs(c, {}, SEALS))).to.emit(
        c.equipmentInterchange,
        "GatedOut",
      );
    });

    it("when the e-EIR gate-out comes first, then it is refused with the release chain's values", async function () {
      const c = await networkHelpers.loadFixture(issuedImport);
      await expect(c.eir("terminal").recordGateOut(c.id, ...gateArgs(c, {}, SEALS)))
        .to.be.revertedWithCustomError(eirError(c), "EquipmentInterchangeNotReleased")
        .withArgs(c.id, CONTAINERS.first, 0, c.orgs.terminal, c.orgs.haulier);
      await c.as("terminal").recordGateOut(CONTAINERS.first, c.orgs.haulier, PLATE);
      await expect(c.eir("terminal").recordGateOut(c.id, ...gateArgs(c, {}, SEALS))).to.emit(
        c.equipmentInterchange,
        "GatedOut",
      );
    });

    it("when the release let another haulier take it, then refused", async function () {
      const c = await networkHelpers.loadFixture(deployed);
      const id = await issueEir(c, await importPickUp(c, { haulier: c.orgs.haulier2 }));
      await c.as("terminal").recordGateOut(CONTAINERS.first, c.orgs.haulier, PLATE);
      const { gatedOutAt } = await c.importRelease.containerRelease(CONTAINERS.first);
      await expect(c.eir("terminal").recordGateOut(id, ...gateArgs(c, { haulier: c.orgs.haulier2 }, SEALS)))
        .to.be.revertedWithCustomError(eirError(c), "EquipmentInterchangeNotReleased")
        .withArgs(id, CONTAINERS.first, gatedOutAt, c.orgs.terminal, c.orgs.haulier);
    });

    it("when the e-EIR names another terminal than the one that released it, then refused", async function () {
      const c = await networkHelpers.loadFixture(deployed);
      const id = await issueEir(c, await importPickUp(c, { outFacility: c.orgs.terminal2 }));
      await c.as("terminal").recordGateOut(CONTAINERS.first, c.orgs.haulier, PLATE);
      const { gatedOutAt } = await c.importRelease.containerRelease(CONTAINERS.first);
      await expect(c.eir("terminal2").recordGateOut(id, ...gateArgs(c, {}, SEALS)))
        .to.be.revertedWithCustomError(eirError(c), "EquipmentInterchangeNotReleased")
        .withArgs(id, CONTAINERS.first, gatedOutAt, c.orgs.terminal, c.orgs.haulier);
    });
  });

  describe("gate-in", function () {
    it("when the return facility records it, then custody passes to it and the cycle closes", async function () {
      const c = await networkHelpers.loadFixture(gatedOutEmpty);
      await expect(c.eir("depot").recordGateIn(c.id, ...gateArgs(c)))
        .to.emit(c.equipmentInterchange, "GatedIn")
        .withArgs(
          c.id,
          c.orgs.depot,
          c.orgs.haulier,
          PLATE,
          SealCheck.Matched,
          Condition.Sound,
          [SEALS[0]],
          OrgStatus.Active,
        );
      const eir = await c.equipmentInterchange.equipmentInterchange(c.id);
      expect(eir.status).to.equal(InterchangeStatus.Returned);
      expect(eir.gatedInAt).to.equal(await c.now());
    });

    it("when the seals of an empty return changed in the haulier's custody, then Mismatched", async function () {
      const c = await networkHelpers.loadFixture(gatedOutEmpty);
      const found = [seal("BROKEN-REPLACED")];
      const tx = c.eir("depot").recordGateIn(c.id, ...gateArgs(c, { seals: found }));
      await expect(tx)
        .to.emit(c.equipmentInterchange, "GatedIn")
        .withArgs(
          c.id,
          c.orgs.depot,
          c.orgs.haulier,
          PLATE,
          SealCheck.Mismatched,
          Condition.Sound,
          found,
          OrgStatus.Active,
        );
    });

    it("when an unstuffed import box comes back without seals, then NotCompared and recorded", async function () {
      const c = await networkHelpers.loadFixture(issuedImport);
      await c.as("terminal").recordGateOut(CONTAINERS.first, c.orgs.haulier, PLATE);
      await c.eir("terminal").recordGateOut(c.id, ...gateArgs(c, {}, SEALS));
      const tx = c.eir("depot").recordGateIn(c.id, ...gateArgs(c, { seals: [] }));
      await expect(tx)
        .to.emit(c.equipmentInterchange, "GatedIn")
        .withArgs(
          c.id,
          c.orgs.depot,
          c.orgs.haulier,
          PLATE,
          SealCheck.NotCompared,
          Condition.Sound,
          [],
          OrgStatus.Active,
        );
    });

    it("when a stuffed export box comes back with the shipper's seals, then NotCompared", async function () {
      const c = await networkHelpers.loadFixture(deployed);
      const request = await emptyReturn(c, {
        purpose: Purpose.EmptyPickUpForExport,
        orderReference: ethers.encodeBytes32String("COSU-BKG-0001"),
        seals: [],
        outFacility: c.orgs.depot,
        returnFacility: c.orgs.terminal,
      });
      const id = await issueEir(c, request);
      await c.eir("depot").recordGateOut(id, ...gateArgs(c, { seals: [] }));
      await expect(c.eir("terminal").recordGateIn(id, ...gateArgs(c, { seals: [seal("SHIPPER-001")] })))
        .to.emit(c.equipmentInterchange, "GatedIn")
        .withArgs(
          id,
          c.orgs.terminal,
          c.orgs.haulier,
          PLATE,
          SealCheck.NotCompared,
          Condition.Sound,
          [seal("SHIPPER-001")],
          OrgStatus.Active,
        );
    });

    it("when the assigned truck does not bring it back, then WrongTruck", async function () {
      const c = await networkHelpers.loadFixture(deployed);
      const id = await issueEir(c, await emptyReturn(c, { truckPlate: PLATE }));
      await c.eir("terminal").recordGateOut(id, ...gateArgs(c));
      await expect(c.eir("depot").recordGateIn(id, ...gateArgs(c, { plate: OTHER_PLATE })))
        .to.be.revertedWithCustomError(eirError(c), "EquipmentInterchangeWrongTruck")
        .withArgs(id, OTHER_PLATE, PLATE);
    });
  });

  describe("gate-in refusals", function () {
    it("before gate-out", async function () {
      const c = await networkHelpers.loadFixture(issuedEmpty);
      await expect(c.eir("depot").recordGateIn(c.id, ...gateArgs(c)))
        .to.be.revertedWithCustomError(eirError(c), "EquipmentInterchangeNotGatedOut")
        .withArgs(c.id);
    });

    it("at another facility (even the out facility)", async function () {
      const c = await networkHelpers.loadFixture(gatedOutEmpty);
      for (const facility of ["depot2", "terminal"] as const) {
        await expect(c.eir(facility).recordGateIn(c.id, ...gateArgs(c)))
          .to.be.revertedWithCustomError(eirError(c), "EquipmentInterchangeWrongFacility")
          .withArgs(c.id, c.orgs[facility], c.orgs.depot);
      }
    });

    it("with another haulier than the one named", async function () {
      const c = await networkHelpers.loadFixture(gatedOutEmpty);
      await expect(c.eir("depot").recordGateIn(c.id, ...gateArgs(c, { haulier: c.orgs.haulier2 })))
        .to.be.revertedWithCustomError(eirError(c), "EquipmentInterchangeWrongHaulier")
        .withArgs(c.id, c.orgs.haulier2, c.orgs.haulier);
    });

    it("twice", async function () {
      const c = await networkHelpers.loadFixture(gatedOutEmpty);
      await c.eir("depot").recordGateIn(c.id, ...gateArgs(c));
      const { gatedInAt } = await c.equipmentInterchange.equipmentInterchange(c.id);
      await expect(c.eir("depot").recordGateIn(c.id, ...gateArgs(c)))
        .to.be.revertedWithCustomError(eirError(c), "EquipmentInterchangeAlreadyReturned")
        .withArgs(c.id, gatedInAt);
    });

    it("once cancelled", async function () {
      const c = await networkHelpers.loadFixture(issuedEmpty);
      await c.eir("carrier").cancel(c.id, "no longer needed");
      await expect(c.eir("depot").recordGateIn(c.id, ...gateArgs(c)))
        .to.be.revertedWithCustomError(eirError(c), "EquipmentInterchangeIsCancelled")
        .withArgs(c.id);
    });
  });

  describe("damage and liability", function () {
    async function cycleWith(out: (typeof DENT)[], back: (typeof DENT)[]) {
      const c = await networkHelpers.loadFixture(issuedEmpty);
      await c.eir("terminal").recordGateOut(c.id, ...gateArgs(c, { damages: out }));
      return { c, tx: c.eir("depot").recordGateIn(c.id, ...gateArgs(c, { damages: back })) };
    }

    it("when the same damage is found at both ends, then it is not new", async function () {
      const { c, tx } = await cycleWith([DENT, HOLE], [HOLE, DENT]);
      await expect(tx)
        .to.emit(c.equipmentInterchange, "DamageRecorded")
        .withArgs(c.id, c.orgs.depot, true, [asTuple(HOLE), asTuple(DENT)]);
      await expect(tx).not.to.emit(c.equipmentInterchange, "NewDamageAttributed");
    });

    it("when damage is found at gate-in that gate-out did not find, then only it is attributed to the haulier", async function () {
      const { c, tx } = await cycleWith([DENT], [DENT, BENT, HOLE]);
      await expect(tx)
        .to.emit(c.equipmentInterchange, "NewDamageAttributed")
        .withArgs(c.id, c.orgs.haulier, c.orgs.depot, [asTuple(BENT), asTuple(HOLE)]);
    });

    it("when a sound container comes back damaged, then all of it is attributed", async function () {
      const { c, tx } = await cycleWith([], [HOLE]);
      await expect(tx)
        .to.emit(c.equipmentInterchange, "NewDamageAttributed")
        .withArgs(c.id, c.orgs.haulier, c.orgs.depot, [asTuple(HOLE)]);
    });

    it("when the same component has another kind of damage, then it is new", async function () {
      const { c, tx } = await cycleWith([DENT], [{ ...DENT, damageType: damage("LB", "PA", "HO").damageType }]);
      await expect(tx)
        .to.emit(c.equipmentInterchange, "NewDamageAttributed")
        .withArgs(c.id, c.orgs.haulier, c.orgs.depot, [asTuple(damage("LB", "PA", "HO"))]);
    });

    it("when damage found at gate-out is repaired or not found at gate-in, then nothing is attributed", async function () {
      const { c, tx } = await cycleWith([DENT], []);
      await expect(tx).not.to.emit(c.equipmentInterchange, "NewDamageAttributed");
      await expect(tx).not.to.emit(c.equipmentInterchange, "DamageRecorded");
    });
  });

  describe("detention and overdue", function () {
    it("then gatedOutAt and gatedInAt are the gate blocks' timestamps", async function () {
      const c = await networkHelpers.loadFixture(issuedEmpty);
      const start = await c.now();
      const out = start + 3_600n;
      const back = out + BigInt(3 * DAY) + 1_234n;
      await networkHelpers.time.setNextBlockTimestamp(out);
      await c.eir("terminal").recordGateOut(c.id, ...gateArgs(c));
      await networkHelpers.time.increaseTo(back - 1n); // the gate-in mines the next block, at `back`
      await c.eir("depot").recordGateIn(c.id, ...gateArgs(c));
      const eir = await c.equipmentInterchange.equipmentInterchange(c.id);
      expect([eir.gatedOutAt, eir.gatedInAt]).to.deep.equal([out, back]);
      expect(eir.gatedInAt - eir.gatedOutAt).to.equal(BigInt(3 * DAY) + 1_234n);
    });

    it("then an e-EIR is overdue only while out past its validity, and a late return is accepted", async function () {
      const c = await networkHelpers.loadFixture(issuedEmpty);
      expect(await c.equipmentInterchange.isOverdue(c.id)).to.equal(false);
      await c.eir("terminal").recordGateOut(c.id, ...gateArgs(c));
      await networkHelpers.time.increaseTo(c.request.validUntil);
      expect(await c.equipmentInterchange.isOverdue(c.id)).to.equal(false); // its last second
      await networkHelpers.time.increaseTo(c.request.validUntil + 1n);
      expect(await c.equipmentInterchange.isOverdue(c.id)).to.equal(true);
      await expect(c.eir("depot").recordGateIn(c.id, ...gateArgs(c))).to.emit(c.equipmentInterchange, "GatedIn");
      expect(await c.equipmentInterchange.isOverdue(c.id)).to.equal(false);
    });

    it("then an expired e-EIR that never left is not overdue, nor is a cancelled one", async function () {
      const c = await networkHelpers.loadFixture(issuedEmpty);
      const other = await issueEir(c, await emptyReturn(c, { seals: [] }));
      await c.eir("carrier").cancel(other, "reissued");
      await networkHelpers.time.increaseTo(c.request.validUntil + 1n);
      expect(await c.equipmentInterchange.isOverdue(c.id)).to.equal(false);
      expect(await c.equipmentInterchange.isOverdue(other)).to.equal(false);
      await expect(c.equipmentInterchange.isOverdue(other + 1n))
        .to.be.revertedWithCustomError(eirError(c), "EquipmentInterchangeUnknown")
        .withArgs(other + 1n);
    });
  });
});
