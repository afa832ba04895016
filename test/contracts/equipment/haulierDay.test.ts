/**
 * A haulier's day, end to end: the import release chain lets a container out of the terminal, the e-EIR records the
 * same gate-out with its seals and photos, the consignee unstuffs the box, and the haulier returns it empty to the
 * depot with a new dent, attributed to the haulier's custody. The history reads from the events of one id.
 */
import { expect } from "chai";
import { network } from "hardhat";
import { OrgStatus } from "../../fixtures/community.ts";
import { CONTAINERS, DAY } from "../../fixtures/release.ts";
import {
  Condition,
  InterchangeStatus,
  PLATE,
  SEALS,
  SealCheck,
  asTuple,
  damage,
  deployWithImport,
  importPickUp,
  issueEir,
  photo,
} from "../../fixtures/equipment.ts";

const { ethers, networkHelpers } = await network.create();
const box = CONTAINERS.first;
const fixture = () => deployWithImport(ethers);

describe("EquipmentInterchange: a haulier's day", function () {
  it("when a container is picked up on its delivery order and returned damaged, then the new damage is the haulier's", async function () {
    const c = await networkHelpers.loadFixture(fixture);
    const morning = (await c.now()) + 3_600n;

    // The carrier releases the equipment on the consignee's delivery order; the haulier names truck and driver.
    const id = await issueEir(c, await importPickUp(c));
    const driver = ethers.id("driver licence 120101199001011234");
    await c.eir("haulier").assignTruck(id, PLATE, driver);

    // 08:00 at the terminal gate: the release chain says yes first, then the e-EIR records the interchange.
    expect(await c.importRelease.gateDecision(box, c.orgs.terminal, c.orgs.haulier)).to.deep.equal([true, 0n]);
    await networkHelpers.time.setNextBlockTimestamp(morning - 30n);
    await c.as("terminal").recordGateOut(box, c.orgs.haulier, PLATE);
    await networkHelpers.time.setNextBlockTimestamp(morning);
    const scratch = damage("RB", "PA", "SC"); // an old scratch, noted on the way out
    const outPhotos = [photo("CSQU gate-out front"), photo("CSQU gate-out left")];
    await expect(
      c.eir("terminal").recordGateOut(id, c.orgs.haulier, PLATE, SEALS, Condition.Damaged, [scratch], outPhotos),
    )
      .to.emit(c.equipmentInterchange, "GatedOut")
      .withArgs(id, c.orgs.terminal, c.orgs.haulier, PLATE, SealCheck.Matched, Condition.Damaged, SEALS);

    // The consignee unstuffs; the next afternoon the empty comes back to the depot, seals cut, with a new dent.
    const afternoon = morning + BigInt(DAY) + 7n * 3_600n;
    await networkHelpers.time.increaseTo(afternoon - 1n);
    const dent = damage("LB", "PA", "DT");
    const inPhotos = [photo("CSQU gate-in left, dent")];
    const gateIn = c
      .eir("depot")
      .recordGateIn(id, c.orgs.haulier, PLATE, [], Condition.Damaged, [scratch, dent], inPhotos);
    await expect(gateIn)
      .to.emit(c.equipmentInterchange, "GatedIn")
      .withArgs(
        id,
        c.orgs.depot,
        c.orgs.haulier,
        PLATE,
        SealCheck.NotCompared,
        Condition.Damaged,
        [],
        OrgStatus.Active,
      );
    await expect(gateIn)
      .to.emit(c.equipmentInterchange, "NewDamageAttributed")
      .withArgs(id, c.orgs.haulier, c.orgs.depot, [asTuple(dent)]);
    await expect(gateIn).to.emit(c.equipmentInterchange, "PhotosRecorded").withArgs(id, c.orgs.depot, true, inPhotos);

    // The record: returned, and the detention clock ran from gate-out to gate-in.
    const eir = await c.equipmentInterchange.equipmentInterchange(id);
    expect(eir.status).to.equal(InterchangeStatus.Returned);
    expect([eir.gatedOutAt, eir.gatedInAt]).to.deep.equal([morning, afternoon]);
    expect(eir.gatedInAt - eir.gatedOutAt).to.equal(BigInt(DAY) + 7n * 3_600n);
    expect(await c.equipmentInterchange.isOverdue(id)).to.equal(false);

    // Custody, read from the events of this one id: facility → haulier at gate-out, haulier → depot at gate-in.
    const contract = c.equipmentInterchange;
    const [out] = await contract.queryFilter(contract.filters.GatedOut(id));
    const [back] = await contract.queryFilter(contract.filters.GatedIn(id));
    const custody = [
      { from: out.args.facility, to: out.args.haulier, at: (await out.getBlock()).timestamp },
      { from: back.args.haulier, to: back.args.facility, at: (await back.getBlock()).timestamp },
    ];
    expect(custody).to.deep.equal([
      { from: BigInt(c.orgs.terminal), to: BigInt(c.orgs.haulier), at: Number(morning) },
      { from: BigInt(c.orgs.haulier), to: BigInt(c.orgs.depot), at: Number(afternoon) },
    ]);
    const [liability] = await contract.queryFilter(contract.filters.NewDamageAttributed(undefined, c.orgs.haulier));
    expect(liability.args.id).to.equal(id);
  });
});
