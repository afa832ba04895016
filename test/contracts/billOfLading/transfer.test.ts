import { expect } from "chai";
import { network } from "hardhat";
import {
  ActionCode,
  BlType,
  OrgStatus,
  SurrenderKind,
  deployExtendedCommunity,
  issueBl,
  titleAddressOf,
  type ExtendedCommunity,
} from "../../fixtures/community.ts";

const { ethers, networkHelpers } = await network.create();

type Party = keyof ExtendedCommunity["orgs"];

async function withBills() {
  const c = await deployExtendedCommunity(ethers);
  const straight = await issueBl(c, { number: "STRAIGHT", type: BlType.Straight });
  const toOrder = await issueBl(c, { number: "ORDER", type: BlType.ToOrder });
  const seaWaybill = await issueBl(c, { number: "SWB", type: BlType.SeaWaybill });
  const registry = await c.partyRegistry.getAddress();
  const title = (party: Party) => titleAddressOf(ethers, registry, c.orgs[party]);
  const as = (party: Party) => c.billOfLading.connect(c.signers[party]);
  return { ...c, straight, toOrder, seaWaybill, title, as };
}

async function load() {
  return networkHelpers.loadFixture(withBills);
}

async function record(c: Awaited<ReturnType<typeof withBills>>, tokenId: bigint) {
  const r = await c.billOfLading.billOfLading(tokenId);
  return {
    holder: Number(r.holder),
    endorsee: Number(r.endorsee),
    blankEndorsed: r.blankEndorsed,
    returnable: r.returnable,
  };
}

describe("BillOfLading: transfer and endorsement", function () {
  describe("transferPossession", function () {
    it("when the shipper hands a straight B/L to its consignee, then only an ERC-721 Transfer records it", async function () {
      const c = await load();
      const tx = c.as("shipper").transferPossession(c.straight, c.orgs.consignee);
      await expect(tx)
        .to.emit(c.billOfLading, "Transfer")
        .withArgs(c.title("shipper"), c.title("consignee"), c.straight)
        .and.not.to.emit(c.billOfLading, "ActionRecorded");
      expect(await record(c, c.straight)).to.deep.equal({
        holder: c.orgs.consignee,
        endorsee: 0,
        blankEndorsed: false,
        returnable: true,
      });
      expect(await c.billOfLading.ownerOf(c.straight)).to.equal(c.title("consignee"));
      expect(await c.billOfLading.controller(c.straight)).to.equal(c.orgs.consignee);
    });

    it("when the shipper hands a to-order B/L to the bank without endorsing, then the bank holds it but has no title", async function () {
      const c = await load();
      await c.as("shipper").transferPossession(c.toOrder, c.orgs.bank);
      expect(await record(c, c.toOrder)).to.include({ holder: c.orgs.bank, endorsee: c.orgs.shipper });
      await expect(c.as("bank").endorse(c.toOrder, c.orgs.consignee))
        .to.be.revertedWithCustomError(c.billOfLading, "BillOfLadingNotEndorsee")
        .withArgs(c.toOrder, c.orgs.bank, c.orgs.shipper);
      await expect(c.as("bank").surrender(c.toOrder, SurrenderKind.Delivery))
        .to.be.revertedWithCustomError(c.billOfLading, "BillOfLadingNotEndorsee")
        .withArgs(c.toOrder, c.orgs.bank, c.orgs.shipper);
      // It can still pass possession on (or back).
      await c.as("bank").transferPossession(c.toOrder, c.orgs.shipper);
      expect((await record(c, c.toOrder)).holder).to.equal(c.orgs.shipper);
    });

    it("when a straight B/L is sent to anyone but its named consignee, then it reverts (BillOfLadingNotNamedConsignee)", async function () {
      const c = await load();
      for (const to of ["bank", "agent", "bank2"] as const) {
        await expect(c.as("shipper").transferPossession(c.straight, c.orgs[to]))
          .to.be.revertedWithCustomError(c.billOfLading, "BillOfLadingNotNamedConsignee")
          .withArgs(c.straight, c.orgs[to], c.orgs.consignee);
      }
    });

    it("when the consignee holds a straight B/L, then it cannot pass it on to anyone", async function () {
      const c = await load();
      await c.as("shipper").transferPossession(c.straight, c.orgs.consignee);
      await expect(c.as("consignee").transferPossession(c.straight, c.orgs.shipper))
        .to.be.revertedWithCustomError(c.billOfLading, "BillOfLadingNotNamedConsignee")
        .withArgs(c.straight, c.orgs.shipper, c.orgs.consignee);
      await expect(c.as("consignee").transferPossession(c.straight, c.orgs.consignee))
        .to.be.revertedWithCustomError(c.billOfLading, "BillOfLadingInvalidRecipient")
        .withArgs(c.orgs.consignee, (await c.partyRegistry.organization(c.orgs.consignee)).roles);
    });
  });

  describe("recipients: transferPossession, endorse and endorseAndDeliver of a to-order B/L held by the shipper", function () {
    const ops = ["transferPossession", "endorse", "endorseAndDeliver"] as const;
    const refused: [to: Party | 999, why: string, error: string][] = [
      ["shipper", "the sender itself", "BillOfLadingInvalidRecipient"],
      ["carrier", "the issuing carrier", "BillOfLadingInvalidRecipient"],
      ["carrier2", "another carrier", "BillOfLadingInvalidRecipient"],
      ["terminal", "the terminal", "BillOfLadingInvalidRecipient"],
      ["customs", "customs", "BillOfLadingInvalidRecipient"],
      ["haulier", "the haulier", "BillOfLadingInvalidRecipient"],
      ["suspended", "a suspended trader", "PartyRegistryOrganizationNotActive"],
      ["revoked", "a revoked bank", "PartyRegistryOrganizationNotActive"],
      [999, "an unregistered organization", "PartyRegistryUnknownOrganization"],
    ];
    for (const op of ops) {
      for (const [to, why, error] of refused) {
        it(`when the shipper tries ${op} to ${why}, then it reverts (${error}) and nothing changes`, async function () {
          const c = await load();
          const org = typeof to === "number" ? to : c.orgs[to];
          const before = await record(c, c.toOrder);
          const attempt = c.as("shipper")[op](c.toOrder, org);
          if (error === "BillOfLadingInvalidRecipient") {
            const roles = (await c.partyRegistry.organization(org)).roles;
            await expect(attempt).to.be.revertedWithCustomError(c.billOfLading, error).withArgs(org, roles);
          } else if (error === "PartyRegistryOrganizationNotActive") {
            const status = (await c.partyRegistry.organization(org)).status;
            await expect(attempt).to.be.revertedWithCustomError(c.partyRegistry, error).withArgs(org, status);
          } else {
            await expect(attempt).to.be.revertedWithCustomError(c.partyRegistry, error).withArgs(org);
          }
          expect(await record(c, c.toOrder)).to.deep.equal(before);
        });
      }
      for (const to of ["bank", "bank2", "consignee", "agent"] as const) {
        it(`when the shipper does ${op} to the ${to} (a title-holder role), then it succeeds`, async function () {
          const c = await load();
          await c.as("shipper")[op](c.toOrder, c.orgs[to]);
          const r = await record(c, c.toOrder);
          expect(op === "endorse" ? r.endorsee : r.holder).to.equal(c.orgs[to]);
        });
      }
    }
  });

  describe("a sea waybill and a straight B/L are not negotiable", function () {
    for (const op of ["transferPossession", "endorse", "endorseAndDeliver"] as const) {
      it(`when the shipper tries ${op} on a sea waybill, then it reverts (BillOfLadingNotTransferable)`, async function () {
        const c = await load();
        await expect(c.as("shipper")[op](c.seaWaybill, c.orgs.consignee))
          .to.be.revertedWithCustomError(c.billOfLading, "BillOfLadingNotTransferable")
          .withArgs(c.seaWaybill);
      });
    }

    it("when the shipper tries to blank-endorse a sea waybill, then it reverts (BillOfLadingNotNegotiable)", async function () {
      const c = await load();
      await expect(c.as("shipper").blankEndorse(c.seaWaybill))
        .to.be.revertedWithCustomError(c.billOfLading, "BillOfLadingNotNegotiable")
        .withArgs(c.seaWaybill, BlType.SeaWaybill);
    });

    for (const op of ["endorse", "endorseAndDeliver"] as const) {
      it(`when the shipper tries ${op} on a straight B/L to its consignee, then it reverts (BillOfLadingNotNegotiable)`, async function () {
        const c = await load();
        await expect(c.as("shipper")[op](c.straight, c.orgs.consignee))
          .to.be.revertedWithCustomError(c.billOfLading, "BillOfLadingNotNegotiable")
          .withArgs(c.straight, BlType.Straight);
      });
    }

    it("when the shipper tries to blank-endorse a straight B/L, then it reverts (BillOfLadingNotNegotiable)", async function () {
      const c = await load();
      await expect(c.as("shipper").blankEndorse(c.straight))
        .to.be.revertedWithCustomError(c.billOfLading, "BillOfLadingNotNegotiable")
        .withArgs(c.straight, BlType.Straight);
    });
  });

  describe("endorse", function () {
    it("when the shipper endorses to the bank, then title moves but possession stays, recorded as ENDORSE", async function () {
      const c = await load();
      await expect(c.as("shipper").endorse(c.toOrder, c.orgs.bank))
        .to.emit(c.billOfLading, "ActionRecorded")
        .withArgs(c.toOrder, c.orgs.shipper, c.orgs.bank, ActionCode.ENDORSE)
        .and.not.to.emit(c.billOfLading, "Transfer");
      expect(await record(c, c.toOrder)).to.deep.equal({
        holder: c.orgs.shipper,
        endorsee: c.orgs.bank,
        blankEndorsed: false,
        returnable: false,
      });
    });

    it("when the shipper has endorsed to the bank, then it can neither endorse again nor surrender, only deliver", async function () {
      const c = await load();
      await c.as("shipper").endorse(c.toOrder, c.orgs.bank);
      await expect(c.as("shipper").endorse(c.toOrder, c.orgs.bank2))
        .to.be.revertedWithCustomError(c.billOfLading, "BillOfLadingNotEndorsee")
        .withArgs(c.toOrder, c.orgs.shipper, c.orgs.bank);
      await expect(c.as("shipper").blankEndorse(c.toOrder))
        .to.be.revertedWithCustomError(c.billOfLading, "BillOfLadingNotEndorsee")
        .withArgs(c.toOrder, c.orgs.shipper, c.orgs.bank);
      await expect(c.as("shipper").surrender(c.toOrder, SurrenderKind.Delivery))
        .to.be.revertedWithCustomError(c.billOfLading, "BillOfLadingNotEndorsee")
        .withArgs(c.toOrder, c.orgs.shipper, c.orgs.bank);
      await c.as("shipper").transferPossession(c.toOrder, c.orgs.bank);
      await c.as("bank").endorseAndDeliver(c.toOrder, c.orgs.consignee);
      expect(await record(c, c.toOrder)).to.include({ holder: c.orgs.consignee, endorsee: c.orgs.consignee });
    });

    it("when the bank, not holding the B/L, tries to endorse it, then it reverts (BillOfLadingNotHolder)", async function () {
      const c = await load();
      await expect(c.as("bank").endorse(c.toOrder, c.orgs.consignee))
        .to.be.revertedWithCustomError(c.billOfLading, "BillOfLadingNotHolder")
        .withArgs(c.toOrder, c.orgs.bank, c.orgs.shipper);
    });
  });

  describe("blankEndorse", function () {
    it("when the shipper endorses in blank, then the B/L has no named endorsee, recorded as BLANK_ENDORSE", async function () {
      const c = await load();
      await expect(c.as("shipper").blankEndorse(c.toOrder))
        .to.emit(c.billOfLading, "ActionRecorded")
        .withArgs(c.toOrder, c.orgs.shipper, 0, ActionCode.BLANK_ENDORSE);
      expect(await record(c, c.toOrder)).to.deep.equal({
        holder: c.orgs.shipper,
        endorsee: 0,
        blankEndorsed: true,
        returnable: false,
      });
    });

    it("when it is already blank-endorsed, then endorsing in blank again reverts (BillOfLadingAlreadyBlankEndorsed)", async function () {
      const c = await load();
      await c.as("shipper").blankEndorse(c.toOrder);
      await expect(c.as("shipper").blankEndorse(c.toOrder))
        .to.be.revertedWithCustomError(c.billOfLading, "BillOfLadingAlreadyBlankEndorsed")
        .withArgs(c.toOrder);
    });

    it("when a blank-endorsed B/L is handed on, then any holder may endorse it or surrender it", async function () {
      const c = await load();
      await c.as("shipper").blankEndorse(c.toOrder);
      await c.as("shipper").transferPossession(c.toOrder, c.orgs.bank);
      await c.as("bank").transferPossession(c.toOrder, c.orgs.agent);
      await expect(c.as("agent").endorse(c.toOrder, c.orgs.consignee))
        .to.emit(c.billOfLading, "ActionRecorded")
        .withArgs(c.toOrder, c.orgs.agent, c.orgs.consignee, ActionCode.ENDORSE);
      // A named endorsement ends the blank one: the agent is no longer entitled.
      expect(await record(c, c.toOrder)).to.include({ endorsee: c.orgs.consignee, blankEndorsed: false });
      await expect(c.as("agent").surrender(c.toOrder, SurrenderKind.Delivery))
        .to.be.revertedWithCustomError(c.billOfLading, "BillOfLadingNotEndorsee")
        .withArgs(c.toOrder, c.orgs.agent, c.orgs.consignee);
    });

    it("when a blank-endorsed B/L is handed to the bank, then the bank may surrender it", async function () {
      const c = await load();
      await c.as("shipper").blankEndorse(c.toOrder);
      await c.as("shipper").transferPossession(c.toOrder, c.orgs.bank);
      await expect(c.as("bank").surrender(c.toOrder, SurrenderKind.Delivery))
        .to.emit(c.billOfLading, "ActionRecorded")
        .withArgs(c.toOrder, c.orgs.bank, c.orgs.carrier, ActionCode.SURRENDER_FOR_DELIVERY);
    });
  });

  describe("endorseAndDeliver", function () {
    it("when the shipper endorses and delivers to the bank, then it emits ENDORSE and Transfer, and the bank holds title", async function () {
      const c = await load();
      await expect(c.as("shipper").endorseAndDeliver(c.toOrder, c.orgs.bank))
        .to.emit(c.billOfLading, "ActionRecorded")
        .withArgs(c.toOrder, c.orgs.shipper, c.orgs.bank, ActionCode.ENDORSE)
        .and.to.emit(c.billOfLading, "Transfer")
        .withArgs(c.title("shipper"), c.title("bank"), c.toOrder);
      expect(await record(c, c.toOrder)).to.deep.equal({
        holder: c.orgs.bank,
        endorsee: c.orgs.bank,
        blankEndorsed: false,
        returnable: true,
      });
    });

    it("when the B/L goes shipper → bank → consignee, then the consignee can surrender it for delivery", async function () {
      const c = await load();
      await c.as("shipper").endorseAndDeliver(c.toOrder, c.orgs.bank);
      await c.as("bank").endorseAndDeliver(c.toOrder, c.orgs.consignee);
      await c.as("consignee").surrender(c.toOrder, SurrenderKind.Delivery);
      await c.as("carrier").acceptSurrender(c.toOrder);
      expect(await c.billOfLading.controller(c.toOrder)).to.equal(0n);
    });
  });

  describe("rejectTransfer", function () {
    it("when the bank rejects an endorse-and-deliver, then holder and endorsee return to the shipper", async function () {
      const c = await load();
      await c.as("shipper").endorseAndDeliver(c.toOrder, c.orgs.bank);
      await expect(c.as("bank").rejectTransfer(c.toOrder))
        .to.emit(c.billOfLading, "ActionRecorded")
        .withArgs(c.toOrder, c.orgs.bank, c.orgs.shipper, ActionCode.REJECT_TRANSFER)
        .and.to.emit(c.billOfLading, "Transfer")
        .withArgs(c.title("bank"), c.title("shipper"), c.toOrder);
      expect(await record(c, c.toOrder)).to.deep.equal({
        holder: c.orgs.shipper,
        endorsee: c.orgs.shipper,
        blankEndorsed: false,
        returnable: false,
      });
    });

    it("when the bank rejects a blank-endorsed B/L handed to it, then the blank endorsement is restored", async function () {
      const c = await load();
      await c.as("shipper").blankEndorse(c.toOrder);
      await c.as("shipper").transferPossession(c.toOrder, c.orgs.bank);
      await c.as("bank").rejectTransfer(c.toOrder);
      expect(await record(c, c.toOrder)).to.deep.equal({
        holder: c.orgs.shipper,
        endorsee: 0,
        blankEndorsed: true,
        returnable: false,
      });
    });

    it("when the consignee rejects a blank B/L endorsed to it by a holder, then the blank endorsement is restored", async function () {
      const c = await load();
      await c.as("shipper").blankEndorse(c.toOrder);
      await c.as("shipper").endorseAndDeliver(c.toOrder, c.orgs.consignee);
      await c.as("consignee").rejectTransfer(c.toOrder);
      expect(await record(c, c.toOrder)).to.include({ holder: c.orgs.shipper, endorsee: 0, blankEndorsed: true });
    });

    it("when the consignee rejects a straight B/L, then the shipper holds it again", async function () {
      const c = await load();
      await c.as("shipper").transferPossession(c.straight, c.orgs.consignee);
      await c.as("consignee").rejectTransfer(c.straight);
      expect(await record(c, c.straight)).to.include({ holder: c.orgs.shipper, returnable: false });
      expect(await c.billOfLading.ownerOf(c.straight)).to.equal(c.title("shipper"));
    });

    it("when a transfer was already rejected, then neither party can reject again (only once)", async function () {
      const c = await load();
      await c.as("shipper").endorseAndDeliver(c.toOrder, c.orgs.bank);
      await c.as("bank").rejectTransfer(c.toOrder);
      await expect(c.as("shipper").rejectTransfer(c.toOrder))
        .to.be.revertedWithCustomError(c.billOfLading, "BillOfLadingNothingToReject")
        .withArgs(c.toOrder);
      await expect(c.as("bank").rejectTransfer(c.toOrder))
        .to.be.revertedWithCustomError(c.billOfLading, "BillOfLadingNotHolder")
        .withArgs(c.toOrder, c.orgs.bank, c.orgs.shipper);
    });

    it("when the B/L was just issued, then the first holder has nothing to reject", async function () {
      const c = await load();
      await expect(c.as("shipper").rejectTransfer(c.toOrder))
        .to.be.revertedWithCustomError(c.billOfLading, "BillOfLadingNothingToReject")
        .withArgs(c.toOrder);
    });

    const actedOn: [what: string, act: (c: Awaited<ReturnType<typeof withBills>>) => Promise<unknown>][] = [
      ["endorsed it on", (c) => c.as("bank").endorse(c.toOrder, c.orgs.consignee)],
      ["endorsed it in blank", (c) => c.as("bank").blankEndorse(c.toOrder)],
      [
        "surrendered it and had the surrender rejected",
        async (c) => {
          await c.as("bank").surrender(c.toOrder, SurrenderKind.Delivery);
          await c.as("carrier").rejectSurrender(c.toOrder);
        },
      ],
    ];
    for (const [what, act] of actedOn) {
      it(`when the bank ${what}, then it can no longer reject the transfer (BillOfLadingNothingToReject)`, async function () {
        const c = await load();
        await c.as("shipper").endorseAndDeliver(c.toOrder, c.orgs.bank);
        await act(c);
        await expect(c.as("bank").rejectTransfer(c.toOrder))
          .to.be.revertedWithCustomError(c.billOfLading, "BillOfLadingNothingToReject")
          .withArgs(c.toOrder);
      });
    }

    it("when the bank passed the B/L on, then only the new holder may reject, and only back to the bank", async function () {
      const c = await load();
      await c.as("shipper").endorseAndDeliver(c.toOrder, c.orgs.bank);
      await c.as("bank").endorseAndDeliver(c.toOrder, c.orgs.consignee);
      await expect(c.as("bank").rejectTransfer(c.toOrder))
        .to.be.revertedWithCustomError(c.billOfLading, "BillOfLadingNotHolder")
        .withArgs(c.toOrder, c.orgs.bank, c.orgs.consignee);
      await c.as("consignee").rejectTransfer(c.toOrder);
      expect(await record(c, c.toOrder)).to.deep.equal({
        holder: c.orgs.bank,
        endorsee: c.orgs.bank,
        blankEndorsed: false,
        returnable: false,
      });
    });

    it("when the sender has since been suspended, then the B/L cannot be sent back to it", async function () {
      const c = await load();
      await c.as("shipper").endorseAndDeliver(c.toOrder, c.orgs.bank);
      await c.partyRegistry.suspend(c.orgs.shipper);
      await expect(c.as("bank").rejectTransfer(c.toOrder))
        .to.be.revertedWithCustomError(c.partyRegistry, "PartyRegistryOrganizationNotActive")
        .withArgs(c.orgs.shipper, OrgStatus.Suspended);
      await c.partyRegistry.reinstate(c.orgs.shipper);
      await c.as("bank").rejectTransfer(c.toOrder);
      expect((await record(c, c.toOrder)).holder).to.equal(c.orgs.shipper);
    });
  });

  describe("a suspended organization can neither act nor receive", function () {
    it("when the bank is suspended, then nothing can be sent to it, and once reinstated it can receive again", async function () {
      const c = await load();
      await c.partyRegistry.suspend(c.orgs.bank);
      await expect(c.as("shipper").endorseAndDeliver(c.toOrder, c.orgs.bank))
        .to.be.revertedWithCustomError(c.partyRegistry, "PartyRegistryOrganizationNotActive")
        .withArgs(c.orgs.bank, OrgStatus.Suspended);
      await c.partyRegistry.reinstate(c.orgs.bank);
      await c.as("shipper").endorseAndDeliver(c.toOrder, c.orgs.bank);
      expect((await record(c, c.toOrder)).holder).to.equal(c.orgs.bank);
    });

    it("when the bank holding a B/L is suspended, then its key cannot act on it", async function () {
      const c = await load();
      await c.as("shipper").endorseAndDeliver(c.toOrder, c.orgs.bank);
      await c.partyRegistry.suspend(c.orgs.bank);
      await expect(c.as("bank").endorseAndDeliver(c.toOrder, c.orgs.consignee))
        .to.be.revertedWithCustomError(c.partyRegistry, "PartyRegistryOrganizationNotActive")
        .withArgs(c.orgs.bank, OrgStatus.Suspended);
      await expect(c.as("bank").rejectTransfer(c.toOrder))
        .to.be.revertedWithCustomError(c.partyRegistry, "PartyRegistryOrganizationNotActive")
        .withArgs(c.orgs.bank, OrgStatus.Suspended);
    });
  });

  describe("a revoked organization may only give title back out (decision 0007)", function () {
    async function revokedBank() {
      const c = await withBills();
      await c.as("shipper").endorseAndDeliver(c.toOrder, c.orgs.bank);
      await c.partyRegistry.revoke(c.orgs.bank);
      return c;
    }
    const loadRevoked = () => networkHelpers.loadFixture(revokedBank);

    it("when the revoked bank endorses and delivers to an active trader it names, then title leaves it", async function () {
      const c = await loadRevoked();
      await expect(c.as("bank").endorseAndDeliver(c.toOrder, c.orgs.consignee))
        .to.emit(c.billOfLading, "Transfer")
        .withArgs(c.title("bank"), c.title("consignee"), c.toOrder);
      expect(await record(c, c.toOrder)).to.deep.include({ holder: c.orgs.consignee, endorsee: c.orgs.consignee });
      expect(await c.billOfLading.balanceOf(c.title("bank"))).to.equal(0n);
      expect(await c.billOfLading.balanceOf(c.title("consignee"))).to.equal(1n);
    });

    it("when the revoked bank, the named endorsee, transfers possession only, then it is refused (PartyRegistryOrganizationNotActive): its title must leave with it", async function () {
      const c = await loadRevoked();
      await expect(c.as("bank").transferPossession(c.toOrder, c.orgs.consignee))
        .to.be.revertedWithCustomError(c.partyRegistry, "PartyRegistryOrganizationNotActive")
        .withArgs(c.orgs.bank, OrgStatus.Revoked);
      expect(await record(c, c.toOrder)).to.deep.include({ holder: c.orgs.bank, endorsee: c.orgs.bank });
    });

    it("when the revoked bank rejects the transfer it just received, then the B/L returns to the shipper", async function () {
      const c = await loadRevoked();
      await expect(c.as("bank").rejectTransfer(c.toOrder))
        .to.emit(c.billOfLading, "ActionRecorded")
        .withArgs(c.toOrder, c.orgs.bank, c.orgs.shipper, ActionCode.REJECT_TRANSFER);
      expect((await record(c, c.toOrder)).holder).to.equal(c.orgs.shipper);
    });

    it("when the revoked bank endorses in place, blank-endorses or surrenders, then it is refused (PartyRegistryOrganizationNotActive)", async function () {
      const c = await loadRevoked();
      const attempts = [
        c.as("bank").endorse(c.toOrder, c.orgs.consignee),
        c.as("bank").blankEndorse(c.toOrder),
        c.as("bank").surrender(c.toOrder, SurrenderKind.Delivery),
        c.as("bank").surrender(c.toOrder, SurrenderKind.Paper),
      ];
      for (const attempt of attempts) {
        await expect(attempt)
          .to.be.revertedWithCustomError(c.partyRegistry, "PartyRegistryOrganizationNotActive")
          .withArgs(c.orgs.bank, OrgStatus.Revoked);
      }
      expect(await record(c, c.toOrder)).to.deep.include({ holder: c.orgs.bank, endorsee: c.orgs.bank });
    });

    it("when the revoked bank names a suspended or revoked recipient, or one that may not hold title, then it is refused", async function () {
      const c = await loadRevoked();
      for (const [to, status] of [
        [c.orgs.suspended, OrgStatus.Suspended],
        [c.orgs.revoked, OrgStatus.Revoked],
      ] as const) {
        await expect(c.as("bank").endorseAndDeliver(c.toOrder, to))
          .to.be.revertedWithCustomError(c.partyRegistry, "PartyRegistryOrganizationNotActive")
          .withArgs(to, status);
      }
      const terminalRoles = (await c.partyRegistry.organization(c.orgs.terminal)).roles;
      await expect(c.as("bank").transferPossession(c.toOrder, c.orgs.terminal))
        .to.be.revertedWithCustomError(c.billOfLading, "BillOfLadingInvalidRecipient")
        .withArgs(c.orgs.terminal, terminalRoles);
    });

    it("when anyone sends a B/L to a revoked organization, then it can never receive (PartyRegistryOrganizationNotActive)", async function () {
      const c = await load();
      await c.partyRegistry.revoke(c.orgs.bank);
      for (const attempt of [
        c.as("shipper").endorseAndDeliver(c.toOrder, c.orgs.bank),
        c.as("shipper").transferPossession(c.toOrder, c.orgs.bank),
        c.as("shipper").endorse(c.toOrder, c.orgs.bank),
      ]) {
        await expect(attempt)
          .to.be.revertedWithCustomError(c.partyRegistry, "PartyRegistryOrganizationNotActive")
          .withArgs(c.orgs.bank, OrgStatus.Revoked);
      }
    });

    it("when the bank is suspended instead, then it is frozen in place: not even the exit acts (PartyRegistryOrganizationNotActive)", async function () {
      const c = await load();
      await c.as("shipper").endorseAndDeliver(c.toOrder, c.orgs.bank);
      await c.partyRegistry.suspend(c.orgs.bank);
      for (const attempt of [
        c.as("bank").transferPossession(c.toOrder, c.orgs.consignee),
        c.as("bank").endorseAndDeliver(c.toOrder, c.orgs.consignee),
        c.as("bank").rejectTransfer(c.toOrder),
      ]) {
        await expect(attempt)
          .to.be.revertedWithCustomError(c.partyRegistry, "PartyRegistryOrganizationNotActive")
          .withArgs(c.orgs.bank, OrgStatus.Suspended);
      }
      await c.partyRegistry.reinstate(c.orgs.bank);
      expect(await record(c, c.toOrder), "reinstatement restores everything").to.deep.equal({
        holder: c.orgs.bank,
        endorsee: c.orgs.bank,
        blankEndorsed: false,
        returnable: true,
      });
      await c.as("bank").endorse(c.toOrder, c.orgs.consignee);
    });
  });
});
