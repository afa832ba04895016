import { expect } from "chai";
import { network } from "hardhat";
import {
  ActionCode,
  BlState,
  BlType,
  OrgStatus,
  Role,
  SurrenderKind,
  checksum,
  deployExtendedCommunity,
  issueBl,
  titleAddressOf,
  type ExtendedCommunity,
} from "../../fixtures/community.ts";
import { shouldBehaveLikeAFinalBillOfLading } from "./behaviours.ts";

const { ethers, networkHelpers } = await network.create();

type Party = keyof ExtendedCommunity["orgs"];

/** A straight B/L held by its consignee and a to-order B/L endorsed and delivered to the bank. */
async function withBills() {
  const c = await deployExtendedCommunity(ethers);
  const as = (party: Party) => c.billOfLading.connect(c.signers[party]);
  const straight = await issueBl(c, { number: "STRAIGHT", type: BlType.Straight, label: "straight v1" });
  await as("shipper").transferPossession(straight, c.orgs.consignee);
  const toOrder = await issueBl(c, { number: "ORDER", type: BlType.ToOrder, label: "order v1" });
  await as("shipper").endorseAndDeliver(toOrder, c.orgs.bank);
  const registry = await c.partyRegistry.getAddress();
  const title = (party: Party) => titleAddressOf(ethers, registry, c.orgs[party]);
  return { ...c, straight, toOrder, as, title };
}
type Bills = Awaited<ReturnType<typeof withBills>>;

const load = () => networkHelpers.loadFixture(withBills);

// Fixtures do not nest loadFixture: each builds its state from scratch, and loadFixture snapshots it once.
async function surrendered(kind: number) {
  const c = await withBills();
  await c.as("consignee").surrender(c.straight, kind);
  return c;
}
async function pendingDelivery() {
  return surrendered(SurrenderKind.Delivery);
}
async function pendingAmendment() {
  return surrendered(SurrenderKind.Amendment);
}
async function pendingPaper() {
  return surrendered(SurrenderKind.Paper);
}

const ACTION_OF_KIND = {
  [SurrenderKind.Delivery]: ActionCode.SURRENDER_FOR_DELIVERY,
  [SurrenderKind.Amendment]: ActionCode.SURRENDER_FOR_AMENDMENT,
  [SurrenderKind.Paper]: ActionCode.SURRENDER_FOR_PAPER,
} as const;

describe("BillOfLading: surrender, accept, reject and amend", function () {
  describe("surrender", function () {
    for (const [name, kind] of Object.entries({
      Delivery: SurrenderKind.Delivery,
      Amendment: SurrenderKind.Amendment,
      Paper: SurrenderKind.Paper,
    })) {
      it(`when the consignee surrenders a straight B/L for ${name}, then the carrier controls it and possession is unchanged`, async function () {
        const c = await load();
        await expect(c.as("consignee").surrender(c.straight, kind))
          .to.emit(c.billOfLading, "ActionRecorded")
          .withArgs(c.straight, c.orgs.consignee, c.orgs.carrier, ACTION_OF_KIND[kind])
          .and.not.to.emit(c.billOfLading, "Transfer");
        const r = await c.billOfLading.billOfLading(c.straight);
        expect([r.state, r.surrenderKind, r.holder]).to.deep.equal([
          BigInt(BlState.SurrenderPending),
          BigInt(kind),
          BigInt(c.orgs.consignee),
        ]);
        expect(await c.billOfLading.controller(c.straight)).to.equal(c.orgs.carrier);
        expect(await c.billOfLading.ownerOf(c.straight)).to.equal(c.title("consignee"));
      });
    }

    it("when the endorsee in possession surrenders a to-order B/L, then it is pending", async function () {
      const c = await load();
      await expect(c.as("bank").surrender(c.toOrder, SurrenderKind.Delivery))
        .to.emit(c.billOfLading, "ActionRecorded")
        .withArgs(c.toOrder, c.orgs.bank, c.orgs.carrier, ActionCode.SURRENDER_FOR_DELIVERY);
      expect(await c.billOfLading.controller(c.toOrder)).to.equal(c.orgs.carrier);
    });

    it("when the kind is None, then it reverts (BillOfLadingWrongSurrenderKind)", async function () {
      const c = await load();
      await expect(c.as("consignee").surrender(c.straight, SurrenderKind.None))
        .to.be.revertedWithCustomError(c.billOfLading, "BillOfLadingWrongSurrenderKind")
        .withArgs(c.straight, SurrenderKind.None);
    });

    it("when the shipper holds a straight B/L, then it may not surrender it (BillOfLadingNotConsignee)", async function () {
      const c = await load();
      const other = await issueBl(c, { number: "STRAIGHT2", type: BlType.Straight });
      await expect(c.as("shipper").surrender(other, SurrenderKind.Delivery))
        .to.be.revertedWithCustomError(c.billOfLading, "BillOfLadingNotConsignee")
        .withArgs(other, c.orgs.shipper, c.orgs.consignee);
    });

    it("when the holder of a to-order B/L is not its endorsee, then it may not surrender (BillOfLadingNotEndorsee)", async function () {
      const c = await load();
      await c.as("bank").transferPossession(c.toOrder, c.orgs.consignee);
      await expect(c.as("consignee").surrender(c.toOrder, SurrenderKind.Delivery))
        .to.be.revertedWithCustomError(c.billOfLading, "BillOfLadingNotEndorsee")
        .withArgs(c.toOrder, c.orgs.consignee, c.orgs.bank);
    });

    it("when the B/L is a sea waybill, then the consignee may not surrender it (BillOfLadingNotTransferable)", async function () {
      const c = await load();
      const swb = await issueBl(c, { number: "SWB", type: BlType.SeaWaybill, holder: c.orgs.consignee });
      await expect(c.as("consignee").surrender(swb, SurrenderKind.Delivery))
        .to.be.revertedWithCustomError(c.billOfLading, "BillOfLadingNotTransferable")
        .withArgs(swb);
    });

    it("when a surrender is pending, then the holder cannot surrender again (BillOfLadingWrongState)", async function () {
      const c = await pendingDelivery();
      await expect(c.as("consignee").surrender(c.straight, SurrenderKind.Paper))
        .to.be.revertedWithCustomError(c.billOfLading, "BillOfLadingWrongState")
        .withArgs(c.straight, BlState.SurrenderPending);
    });

    it("when a surrender is pending, then the holder can no longer transfer it (BillOfLadingWrongState)", async function () {
      const c = await load();
      await c.as("bank").surrender(c.toOrder, SurrenderKind.Delivery);
      await expect(c.as("bank").endorseAndDeliver(c.toOrder, c.orgs.consignee))
        .to.be.revertedWithCustomError(c.billOfLading, "BillOfLadingWrongState")
        .withArgs(c.toOrder, BlState.SurrenderPending);
    });

    it("when the issuing carrier is suspended, then nobody can surrender to it", async function () {
      const c = await load();
      await c.partyRegistry.suspend(c.orgs.carrier);
      await expect(c.as("consignee").surrender(c.straight, SurrenderKind.Delivery))
        .to.be.revertedWithCustomError(c.partyRegistry, "PartyRegistryOrganizationNotActive")
        .withArgs(c.orgs.carrier, OrgStatus.Suspended);
    });
  });

  describe("acceptSurrender", function () {
    for (const [name, fixture, finalState] of [
      ["for delivery", pendingDelivery, BlState.Accomplished],
      ["to paper", pendingPaper, BlState.Voided],
    ] as const) {
      it(`when the carrier accepts a surrender ${name}, then it emits SACC and burns the token`, async function () {
        const c = await networkHelpers.loadFixture(fixture);
        await expect(c.as("carrier").acceptSurrender(c.straight))
          .to.emit(c.billOfLading, "ActionRecorded")
          .withArgs(c.straight, c.orgs.carrier, c.orgs.consignee, ActionCode.SACC)
          .and.to.emit(c.billOfLading, "Transfer")
          .withArgs(c.title("consignee"), ethers.ZeroAddress, c.straight);
        expect((await c.billOfLading.billOfLading(c.straight)).state).to.equal(finalState);
        await expect(c.billOfLading.ownerOf(c.straight))
          .to.be.revertedWithCustomError(c.billOfLading, "ERC721NonexistentToken")
          .withArgs(c.straight);
      });
    }

    it("when the surrender is for amendment, then accepting reverts (BillOfLadingWrongSurrenderKind)", async function () {
      const c = await networkHelpers.loadFixture(pendingAmendment);
      await expect(c.as("carrier").acceptSurrender(c.straight))
        .to.be.revertedWithCustomError(c.billOfLading, "BillOfLadingWrongSurrenderKind")
        .withArgs(c.straight, SurrenderKind.Amendment);
    });

    for (const op of ["acceptSurrender", "rejectSurrender"] as const) {
      for (const party of ["carrier2", "consignee", "shipper", "terminal", "customs"] as const) {
        it(`when the ${party} tries ${op}, then it reverts (BillOfLadingNotIssuingCarrier)`, async function () {
          const c = await networkHelpers.loadFixture(pendingDelivery);
          await expect(c.as(party)[op](c.straight))
            .to.be.revertedWithCustomError(c.billOfLading, "BillOfLadingNotIssuingCarrier")
            .withArgs(c.straight, c.orgs[party], c.orgs.carrier);
        });
      }

      it(`when no surrender is pending, then ${op} by the carrier reverts (BillOfLadingWrongState)`, async function () {
        const c = await load();
        await expect(c.as("carrier")[op](c.straight))
          .to.be.revertedWithCustomError(c.billOfLading, "BillOfLadingWrongState")
          .withArgs(c.straight, BlState.Active);
      });
    }

    // Attack 5 of issue 9: a suspended or revoked holder's surrender for delivery was still accepted.
    for (const [how, change, status] of [
      ["suspended", "suspend", OrgStatus.Suspended],
      ["revoked", "revoke", OrgStatus.Revoked],
    ] as const) {
      for (const [name, fixture] of [
        ["for delivery", pendingDelivery],
        ["to paper", pendingPaper],
      ] as const) {
        it(`when the holder was ${how} after surrendering ${name}, then the carrier cannot accept (PartyRegistryOrganizationNotActive) and nothing changes`, async function () {
          const c = await networkHelpers.loadFixture(fixture);
          await c.partyRegistry[change](c.orgs.consignee);
          const before = await c.billOfLading.billOfLading(c.straight);
          await expect(c.as("carrier").acceptSurrender(c.straight))
            .to.be.revertedWithCustomError(c.partyRegistry, "PartyRegistryOrganizationNotActive")
            .withArgs(c.orgs.consignee, status);
          expect(await c.billOfLading.billOfLading(c.straight)).to.deep.equal(before);
          expect(await c.billOfLading.ownerOf(c.straight)).to.equal(c.title("consignee"));
        });
      }
    }

    it("when the suspended holder is reinstated, then its surrender can be accepted again", async function () {
      const c = await networkHelpers.loadFixture(pendingDelivery);
      await c.partyRegistry.suspend(c.orgs.consignee);
      await c.partyRegistry.reinstate(c.orgs.consignee);
      await c.as("carrier").acceptSurrender(c.straight);
      expect((await c.billOfLading.billOfLading(c.straight)).state).to.equal(BlState.Accomplished);
    });

    // Attack 6 of issue 9: a former carrier still accepted surrenders.
    for (const op of ["acceptSurrender", "rejectSurrender"] as const) {
      it(`when the issuing carrier lost the carrier role, then ${op} reverts (BillOfLadingNotCarrier)`, async function () {
        const c = await networkHelpers.loadFixture(pendingDelivery);
        await c.partyRegistry.setRoles(c.orgs.carrier, Role.AGENT);
        await expect(c.as("carrier")[op](c.straight))
          .to.be.revertedWithCustomError(c.billOfLading, "BillOfLadingNotCarrier")
          .withArgs(c.orgs.carrier);
        expect(await c.billOfLading.controller(c.straight)).to.equal(c.orgs.carrier);
      });
    }

    it("when the carrier is suspended, then it cannot accept (PartyRegistryOrganizationNotActive)", async function () {
      const c = await networkHelpers.loadFixture(pendingDelivery);
      await c.partyRegistry.suspend(c.orgs.carrier);
      await expect(c.as("carrier").acceptSurrender(c.straight))
        .to.be.revertedWithCustomError(c.partyRegistry, "PartyRegistryOrganizationNotActive")
        .withArgs(c.orgs.carrier, OrgStatus.Suspended);
    });
  });

  describe("rejectSurrender", function () {
    for (const [name, fixture, kind] of [
      ["for delivery", pendingDelivery, SurrenderKind.Delivery],
      ["for amendment", pendingAmendment, SurrenderKind.Amendment],
      ["to paper", pendingPaper, SurrenderKind.Paper],
    ] as const) {
      it(`when the carrier rejects a surrender ${name}, then the holder controls it again (SREJ)`, async function () {
        const c = await networkHelpers.loadFixture(fixture);
        await expect(c.as("carrier").rejectSurrender(c.straight))
          .to.emit(c.billOfLading, "ActionRecorded")
          .withArgs(c.straight, c.orgs.carrier, c.orgs.consignee, ActionCode.SREJ)
          .and.not.to.emit(c.billOfLading, "Transfer");
        const r = await c.billOfLading.billOfLading(c.straight);
        expect([r.state, r.surrenderKind, r.holder]).to.deep.equal([
          BigInt(BlState.Active),
          BigInt(SurrenderKind.None),
          BigInt(c.orgs.consignee),
        ]);
        expect(await c.billOfLading.controller(c.straight)).to.equal(c.orgs.consignee);
        await c.as("consignee").surrender(c.straight, kind);
      });
    }

    for (const [how, change] of [
      ["suspended", "suspend"],
      ["revoked", "revoke"],
    ] as const) {
      it(`when the holder was ${how} meanwhile, then the carrier still hands it back (a refusal never strands title with the carrier)`, async function () {
        const c = await networkHelpers.loadFixture(pendingDelivery);
        await c.partyRegistry[change](c.orgs.consignee);
        await expect(c.as("carrier").rejectSurrender(c.straight))
          .to.emit(c.billOfLading, "ActionRecorded")
          .withArgs(c.straight, c.orgs.carrier, c.orgs.consignee, ActionCode.SREJ);
        expect(await c.billOfLading.controller(c.straight)).to.equal(c.orgs.consignee);
        expect(await c.billOfLading.balanceOf(c.title("consignee"))).to.equal(1n);
      });
    }
  });

  describe("amend", function () {
    it("when the carrier amends after a surrender for amendment, then version, checksum and CID change", async function () {
      const c = await networkHelpers.loadFixture(pendingAmendment);
      const before = await c.billOfLading.documentCid(c.straight);
      const tx = c.as("carrier").amend(c.straight, checksum("straight v2"));
      await expect(tx)
        .to.emit(c.billOfLading, "ActionRecorded")
        .withArgs(c.straight, c.orgs.carrier, c.orgs.consignee, ActionCode.SACC)
        .and.to.emit(c.billOfLading, "DocumentAmended")
        .withArgs(c.straight, 2, checksum("straight v1"), checksum("straight v2"))
        .and.to.emit(c.billOfLading, "ActionRecorded")
        .withArgs(c.straight, c.orgs.carrier, c.orgs.consignee, ActionCode.ISSUE);
      const receipt = await (await tx).wait();
      const names = receipt!.logs.map((log) => c.billOfLading.interface.parseLog(log)!.name);
      const actions = receipt!.logs
        .map((log) => c.billOfLading.interface.parseLog(log)!)
        .filter((e) => e.name === "ActionRecorded")
        .map((e) => Number(e.args.action));
      expect(names).to.deep.equal(["ActionRecorded", "DocumentAmended", "ActionRecorded"]);
      expect(actions).to.deep.equal([ActionCode.SACC, ActionCode.ISSUE]);

      const r = await c.billOfLading.billOfLading(c.straight);
      expect([r.state, r.surrenderKind, r.holder, r.version]).to.deep.equal([
        BigInt(BlState.Active),
        0n,
        BigInt(c.orgs.consignee),
        2n,
      ]);
      expect(await c.billOfLading.documentChecksum(c.straight)).to.equal(checksum("straight v2"));
      expect(await c.billOfLading.documentCid(c.straight)).to.not.equal(before);
      expect(await c.billOfLading.ownerOf(c.straight)).to.equal(c.title("consignee"));
    });

    it("when a B/L is amended twice, then its version is 3", async function () {
      const c = await networkHelpers.loadFixture(pendingAmendment);
      await c.as("carrier").amend(c.straight, checksum("straight v2"));
      await c.as("consignee").surrender(c.straight, SurrenderKind.Amendment);
      await expect(c.as("carrier").amend(c.straight, checksum("straight v3")))
        .to.emit(c.billOfLading, "DocumentAmended")
        .withArgs(c.straight, 3, checksum("straight v2"), checksum("straight v3"));
    });

    it("when the checksum is unchanged, then it reverts (BillOfLadingUnchangedDocument)", async function () {
      const c = await networkHelpers.loadFixture(pendingAmendment);
      await expect(c.as("carrier").amend(c.straight, checksum("straight v1")))
        .to.be.revertedWithCustomError(c.billOfLading, "BillOfLadingUnchangedDocument")
        .withArgs(c.straight, checksum("straight v1"));
    });

    it("when the checksum is empty, then it reverts (BillOfLadingInvalidDocument)", async function () {
      const c = await networkHelpers.loadFixture(pendingAmendment);
      await expect(c.as("carrier").amend(c.straight, ethers.ZeroHash))
        .to.be.revertedWithCustomError(c.billOfLading, "BillOfLadingInvalidDocument")
        .withArgs(ethers.ZeroHash, ethers.ZeroHash);
    });

    for (const [name, fixture, kind] of [
      ["for delivery", pendingDelivery, SurrenderKind.Delivery],
      ["to paper", pendingPaper, SurrenderKind.Paper],
    ] as const) {
      it(`when the surrender is ${name}, then amending reverts (BillOfLadingWrongSurrenderKind)`, async function () {
        const c = await networkHelpers.loadFixture(fixture);
        await expect(c.as("carrier").amend(c.straight, checksum("x")))
          .to.be.revertedWithCustomError(c.billOfLading, "BillOfLadingWrongSurrenderKind")
          .withArgs(c.straight, kind);
      });
    }

    it("when no surrender is pending, then amending reverts (BillOfLadingWrongState)", async function () {
      const c = await load();
      await expect(c.as("carrier").amend(c.straight, checksum("x")))
        .to.be.revertedWithCustomError(c.billOfLading, "BillOfLadingWrongState")
        .withArgs(c.straight, BlState.Active);
    });

    it("when the issuing carrier lost the carrier role, then amending reverts (BillOfLadingNotCarrier)", async function () {
      const c = await networkHelpers.loadFixture(pendingAmendment);
      await c.partyRegistry.setRoles(c.orgs.carrier, Role.AGENT);
      await expect(c.as("carrier").amend(c.straight, checksum("straight v2")))
        .to.be.revertedWithCustomError(c.billOfLading, "BillOfLadingNotCarrier")
        .withArgs(c.orgs.carrier);
    });

    for (const [how, change, status] of [
      ["suspended", "suspend", OrgStatus.Suspended],
      ["revoked", "revoke", OrgStatus.Revoked],
    ] as const) {
      it(`when the holder was ${how} after surrendering for amendment, then amending reverts (PartyRegistryOrganizationNotActive)`, async function () {
        const c = await networkHelpers.loadFixture(pendingAmendment);
        await c.partyRegistry[change](c.orgs.consignee);
        await expect(c.as("carrier").amend(c.straight, checksum("straight v2")))
          .to.be.revertedWithCustomError(c.partyRegistry, "PartyRegistryOrganizationNotActive")
          .withArgs(c.orgs.consignee, status);
      });
    }

    it("when the amended document backs another B/L, then it reverts (BillOfLadingDocumentInUse) naming that B/L", async function () {
      const c = await networkHelpers.loadFixture(pendingAmendment);
      await expect(c.as("carrier").amend(c.straight, checksum("order v1")))
        .to.be.revertedWithCustomError(c.billOfLading, "BillOfLadingDocumentInUse")
        .withArgs(checksum("order v1"), c.toOrder);
      expect(await c.billOfLading.documentChecksum(c.straight)).to.equal(checksum("straight v1"));
    });

    it("when the amendment goes back to an earlier version's document, then it reverts (BillOfLadingDocumentInUse)", async function () {
      const c = await networkHelpers.loadFixture(pendingAmendment);
      await c.as("carrier").amend(c.straight, checksum("straight v2"));
      await c.as("consignee").surrender(c.straight, SurrenderKind.Amendment);
      await expect(c.as("carrier").amend(c.straight, checksum("straight v1")))
        .to.be.revertedWithCustomError(c.billOfLading, "BillOfLadingDocumentInUse")
        .withArgs(checksum("straight v1"), c.straight);
      expect(
        await c.billOfLading.tokenIdOfDocument(checksum("straight v1")),
        "a superseded checksum stays with its B/L",
      ).to.equal(c.straight);
      expect(await c.billOfLading.tokenIdOfDocument(checksum("straight v2"))).to.equal(c.straight);
    });

    // Attack 9 of issue 9: the uint16 amendment counter wrapped from 65,535 to 0.
    it("when the B/L is at version 65,535, then amending reverts (BillOfLadingTooManyAmendments) instead of wrapping to 0", async function () {
      const c = await networkHelpers.loadFixture(pendingAmendment);
      // The record is the first state variable: slot keccak256(tokenId, 0); the version is bits 224-239.
      const address = await c.billOfLading.getAddress();
      const slot = ethers.keccak256(ethers.AbiCoder.defaultAbiCoder().encode(["uint256", "uint256"], [c.straight, 0]));
      const word = BigInt(await ethers.provider.getStorage(address, slot));
      expect((word >> 224n) & 0xffffn, "the slot holds the record").to.equal(1n);
      const atMax = (word & ~(0xffffn << 224n)) | (0xffffn << 224n);
      await networkHelpers.setStorageAt(address, slot, atMax);
      expect((await c.billOfLading.billOfLading(c.straight)).version).to.equal(65535n);
      await expect(c.as("carrier").amend(c.straight, checksum("straight v65536")))
        .to.be.revertedWithCustomError(c.billOfLading, "BillOfLadingTooManyAmendments")
        .withArgs(c.straight, 65535);
      expect((await c.billOfLading.billOfLading(c.straight)).version).to.equal(65535n);
      // The holder keeps the B/L: the carrier can still reject the surrender.
      await c.as("carrier").rejectSurrender(c.straight);
      expect(await c.billOfLading.controller(c.straight)).to.equal(c.orgs.consignee);
    });

    it("when the B/L is at version 65,534, then one more amendment reaches 65,535", async function () {
      const c = await networkHelpers.loadFixture(pendingAmendment);
      const address = await c.billOfLading.getAddress();
      const slot = ethers.keccak256(ethers.AbiCoder.defaultAbiCoder().encode(["uint256", "uint256"], [c.straight, 0]));
      const word = BigInt(await ethers.provider.getStorage(address, slot));
      await networkHelpers.setStorageAt(address, slot, (word & ~(0xffffn << 224n)) | (65534n << 224n));
      await expect(c.as("carrier").amend(c.straight, checksum("straight v65535")))
        .to.emit(c.billOfLading, "DocumentAmended")
        .withArgs(c.straight, 65535, checksum("straight v1"), checksum("straight v65535"));
    });

    for (const party of ["carrier2", "consignee"] as const) {
      it(`when the ${party} tries to amend, then it reverts (BillOfLadingNotIssuingCarrier)`, async function () {
        const c = await networkHelpers.loadFixture(pendingAmendment);
        await expect(c.as(party).amend(c.straight, checksum("x")))
          .to.be.revertedWithCustomError(c.billOfLading, "BillOfLadingNotIssuingCarrier")
          .withArgs(c.straight, c.orgs[party], c.orgs.carrier);
      });
    }
  });

  const accomplished = async () => {
    const c = await networkHelpers.loadFixture(pendingDelivery);
    await c.as("carrier").acceptSurrender(c.straight);
    return { community: c as ExtendedCommunity & Bills, tokenId: c.straight };
  };
  const voided = async () => {
    const c = await load();
    await c.as("bank").surrender(c.toOrder, SurrenderKind.Paper);
    await c.as("carrier").acceptSurrender(c.toOrder);
    return { community: c as ExtendedCommunity & Bills, tokenId: c.toOrder };
  };
  shouldBehaveLikeAFinalBillOfLading(accomplished, BlState.Accomplished);
  shouldBehaveLikeAFinalBillOfLading(voided, BlState.Voided);
});
