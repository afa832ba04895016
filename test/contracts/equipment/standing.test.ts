/**
 * Roles and status are checked at every act (issue 9, point 6): the equipment owner at issue and cancel, the haulier at
 * truck assignment and at each gate. A suspended or revoked haulier may give a box back, never take one.
 */
import { expect } from "chai";
import { network } from "hardhat";
import { OrgStatus, Role } from "../../fixtures/community.ts";
import {
  Condition,
  PLATE,
  SEALS,
  SealCheck,
  deployWithImport,
  emptyReturn,
  gateArgs,
  issueEir,
  sealsDigest,
} from "../../fixtures/equipment.ts";

const { ethers, networkHelpers } = await network.create();
const fixture = () => deployWithImport(ethers);

/** An empty return issued by the agent (appointed for the carrier), and one issued by the carrier. */
async function issued() {
  const c = await deployWithImport(ethers);
  const byAgent = await issueEir(c, await emptyReturn(c), "agent");
  const byCarrier = await issueEir(c, await emptyReturn(c, { seals: SEALS }));
  return { ...c, byAgent, byCarrier };
}
/** An empty return issued by the carrier and gated out: in the haulier's custody. */
async function outWithHaulier() {
  const c = await deployWithImport(ethers);
  const id = await issueEir(c, await emptyReturn(c));
  await (await c.eir("terminal").recordGateOut(id, ...gateArgs(c))).wait();
  return { ...c, id };
}

describe("EquipmentInterchange: standing at every act", function () {
  describe("the equipment owner at issue", function () {
    it("when an agent is appointed for a trader, then PrincipalNotCarrier (attack 6)", async function () {
      const c = await networkHelpers.loadFixture(fixture);
      await c.partyRegistry.connect(c.signers.agent).appointAgent(c.orgs.agent, 0); // it leaves the carrier first
      await c.partyRegistry.connect(c.signers.consignee).appointAgent(c.orgs.agent, c.orgs.consignee);
      await expect(c.eir("agent").issue(await emptyReturn(c)))
        .to.be.revertedWithCustomError(c.equipmentInterchange, "EquipmentInterchangePrincipalNotCarrier")
        .withArgs(c.orgs.agent, c.orgs.consignee, OrgStatus.Active, Role.TRADER);
    });

    it("when the agent's carrier is suspended or revoked, then its agent cannot issue", async function () {
      const c = await networkHelpers.loadFixture(fixture);
      await c.partyRegistry.connect(c.operator).suspend(c.orgs.carrier);
      await expect(c.eir("agent").issue(await emptyReturn(c)))
        .to.be.revertedWithCustomError(c.equipmentInterchange, "EquipmentInterchangePrincipalNotCarrier")
        .withArgs(c.orgs.agent, c.orgs.carrier, OrgStatus.Suspended, Role.CARRIER);
      await c.partyRegistry.connect(c.operator).revoke(c.orgs.carrier);
      await expect(c.eir("agent").issue(await emptyReturn(c)))
        .to.be.revertedWithCustomError(c.equipmentInterchange, "EquipmentInterchangePrincipalNotCarrier")
        .withArgs(c.orgs.agent, c.orgs.carrier, OrgStatus.Revoked, Role.CARRIER);
    });

    it("when the agent's carrier lost the carrier role, then its agent cannot issue", async function () {
      const c = await networkHelpers.loadFixture(fixture);
      await c.partyRegistry.connect(c.operator).setRoles(c.orgs.carrier, Role.TRADER);
      await expect(c.eir("agent").issue(await emptyReturn(c)))
        .to.be.revertedWithCustomError(c.equipmentInterchange, "EquipmentInterchangePrincipalNotCarrier")
        .withArgs(c.orgs.agent, c.orgs.carrier, OrgStatus.Active, Role.TRADER);
    });

    it("when an appointed agent lost the agent role, or a carrier the carrier role, then NotEquipmentOwner", async function () {
      const c = await networkHelpers.loadFixture(fixture);
      await c.partyRegistry.connect(c.operator).setRoles(c.orgs.agent, Role.TRADER);
      expect(await c.partyRegistry.principalOf(c.orgs.agent)).to.equal(c.orgs.carrier); // still appointed
      await expect(c.eir("agent").issue(await emptyReturn(c)))
        .to.be.revertedWithCustomError(c.equipmentInterchange, "EquipmentInterchangeNotEquipmentOwner")
        .withArgs(c.orgs.agent, Role.TRADER);
      await c.partyRegistry.connect(c.operator).setRoles(c.orgs.carrier2, Role.TRADER);
      await expect(c.eir("carrier2").issue(await emptyReturn(c)))
        .to.be.revertedWithCustomError(c.equipmentInterchange, "EquipmentInterchangeNotEquipmentOwner")
        .withArgs(c.orgs.carrier2, Role.TRADER);
    });
  });

  describe("the issuer at cancel", function () {
    it("when the agent's carrier was suspended after issue, then the agent cannot cancel", async function () {
      const c = await networkHelpers.loadFixture(issued);
      await c.partyRegistry.connect(c.operator).suspend(c.orgs.carrier);
      await expect(c.eir("agent").cancel(c.byAgent, "no longer needed"))
        .to.be.revertedWithCustomError(c.equipmentInterchange, "EquipmentInterchangePrincipalNotCarrier")
        .withArgs(c.orgs.agent, c.orgs.carrier, OrgStatus.Suspended, Role.CARRIER);
    });

    it("when the agent lost its role or its appointment after issue, then it cannot cancel", async function () {
      const c = await networkHelpers.loadFixture(issued);
      await c.partyRegistry.connect(c.signers.agent).appointAgent(c.orgs.agent, 0);
      await expect(c.eir("agent").cancel(c.byAgent, "no longer needed"))
        .to.be.revertedWithCustomError(c.equipmentInterchange, "EquipmentInterchangeNotEquipmentOwner")
        .withArgs(c.orgs.agent, Role.AGENT);
    });

    it("when the carrier lost the carrier role after issue, then it cannot cancel; restored, it can", async function () {
      const c = await networkHelpers.loadFixture(issued);
      await c.partyRegistry.connect(c.operator).setRoles(c.orgs.carrier, Role.TRADER);
      await expect(c.eir("carrier").cancel(c.byCarrier, "no longer needed"))
        .to.be.revertedWithCustomError(c.equipmentInterchange, "EquipmentInterchangeNotEquipmentOwner")
        .withArgs(c.orgs.carrier, Role.TRADER);
      await c.partyRegistry.connect(c.operator).setRoles(c.orgs.carrier, Role.CARRIER);
      await expect(c.eir("carrier").cancel(c.byCarrier, "no longer needed")).to.emit(
        c.equipmentInterchange,
        "Cancelled",
      );
    });
  });

  describe("the haulier", function () {
    it("when the haulier lost the haulier role, then it cannot assign a truck", async function () {
      const c = await networkHelpers.loadFixture(issued);
      await c.partyRegistry.connect(c.operator).setRoles(c.orgs.haulier, Role.TRADER);
      await expect(c.eir("haulier").assignTruck(c.byCarrier, PLATE, ethers.ZeroHash))
        .to.be.revertedWithCustomError(c.equipmentInterchange, "EquipmentInterchangeInvalidHaulier")
        .withArgs(c.orgs.haulier, Role.TRADER);
    });

    for (const change of ["suspend", "revoke"] as const) {
      const done = change === "suspend" ? "suspended" : "revoked";
      it(`when the haulier is ${done} after issue, then the gate-out is refused HaulierNotActive`, async function () {
        const c = await networkHelpers.loadFixture(issued);
        await c.partyRegistry.connect(c.operator)[change](c.orgs.haulier);
        const status = change === "suspend" ? OrgStatus.Suspended : OrgStatus.Revoked;
        await expect(c.eir("terminal").recordGateOut(c.byCarrier, ...gateArgs(c, {}, SEALS)))
          .to.be.revertedWithCustomError(c.equipmentInterchange, "EquipmentInterchangeHaulierNotActive")
          .withArgs(c.byCarrier, c.orgs.haulier, status);
        expect((await c.equipmentInterchange.equipmentInterchange(c.byCarrier)).gatedOutAt).to.equal(0n);
      });

      it(`when the haulier is ${done} while it has the box, then it may still give it back, recorded`, async function () {
        const c = await networkHelpers.loadFixture(outWithHaulier);
        await c.partyRegistry.connect(c.operator)[change](c.orgs.haulier);
        const status = change === "suspend" ? OrgStatus.Suspended : OrgStatus.Revoked;
        await expect(c.eir("depot").recordGateIn(c.id, ...gateArgs(c)))
          .to.emit(c.equipmentInterchange, "GatedIn")
          .withArgs(c.id, c.orgs.depot, c.orgs.haulier, PLATE, SealCheck.Matched, Condition.Sound, [SEALS[0]], status);
      });
    }

    it("when the haulier lost the haulier role, then neither gate accepts it", async function () {
      const c = await networkHelpers.loadFixture(outWithHaulier);
      const other = await issueEir(c, await emptyReturn(c, { seals: [] }));
      await c.partyRegistry.connect(c.operator).setRoles(c.orgs.haulier, Role.TRADER);
      await expect(c.eir("terminal").recordGateOut(other, ...gateArgs(c, { seals: [] })))
        .to.be.revertedWithCustomError(c.equipmentInterchange, "EquipmentInterchangeInvalidHaulier")
        .withArgs(c.orgs.haulier, Role.TRADER);
      await expect(c.eir("depot").recordGateIn(c.id, ...gateArgs(c)))
        .to.be.revertedWithCustomError(c.equipmentInterchange, "EquipmentInterchangeInvalidHaulier")
        .withArgs(c.orgs.haulier, Role.TRADER);
    });
  });

  describe("the seal digest", function () {
    it("then the record keeps 128 bits of keccak256 over the sorted seals, zero for none", async function () {
      const c = await networkHelpers.loadFixture(issued);
      const eir = await c.equipmentInterchange.equipmentInterchange(c.byCarrier);
      expect(eir.sealsDigest).to.equal(sealsDigest(SEALS));
      expect(eir.sealsDigest).to.equal(sealsDigest([SEALS[1], SEALS[0]]));
      const unsealed = await issueEir(c, await emptyReturn(c, { seals: [], haulier: c.orgs.haulier2 }));
      expect((await c.equipmentInterchange.equipmentInterchange(unsealed)).sealsDigest).to.equal(
        "0x" + "00".repeat(16),
      );
    });

    it("when one seal is found twice instead of the two issued, then Mismatched, with what was found", async function () {
      const c = await networkHelpers.loadFixture(issued);
      await expect(c.eir("terminal").recordGateOut(c.byCarrier, ...gateArgs(c, { seals: [SEALS[0], SEALS[0]] })))
        .to.emit(c.equipmentInterchange, "GatedOut")
        .withArgs(c.byCarrier, c.orgs.terminal, c.orgs.haulier, PLATE, SealCheck.Mismatched, Condition.Sound, [
          SEALS[0],
          SEALS[0],
        ]);
    });
  });
});
