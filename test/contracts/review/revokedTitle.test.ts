/**
 * Review (issue 9, point 3: "suspension and revocation never strand title"). A revoked endorsee-in-possession of a
 * to-order B/L could `transferPossession` without endorsing. Possession leaves it, title (the endorsement) stays with
 * the revoked organization, which can never be reinstated nor receive. From then on nobody can surrender the B/L
 * (not the endorsee), the new holder cannot hand it back (the revoked org cannot receive) nor reject the transfer
 * (same reason): the cargo can never be delivered. A revoked org's exit must move title, not only possession.
 */
import { expect } from "chai";
import { network } from "hardhat";
import { BlType, OrgStatus, SurrenderKind, deployExtendedCommunity, issueBl } from "../../fixtures/community.ts";

const { ethers, networkHelpers } = await network.create();

async function revokedBankEndorsee() {
  const c = await deployExtendedCommunity(ethers);
  const tokenId = await issueBl(c, { number: "STRAND0001", type: BlType.ToOrder });
  await c.billOfLading.connect(c.signers.shipper).endorseAndDeliver(tokenId, c.orgs.bank);
  await c.partyRegistry.connect(c.operator).revoke(c.orgs.bank);
  return { ...c, tokenId };
}
const load = () => networkHelpers.loadFixture(revokedBankEndorsee);

describe("review: a revoked endorsee strands title by transferring possession only", function () {
  it("when the revoked endorsee of a to-order B/L transfers possession without endorsing, then it is refused (PartyRegistryOrganizationNotActive): it must endorse and deliver", async function () {
    const c = await load();
    await expect(c.billOfLading.connect(c.signers.bank).transferPossession(c.tokenId, c.orgs.consignee))
      .to.be.revertedWithCustomError(c.partyRegistry, "PartyRegistryOrganizationNotActive")
      .withArgs(c.orgs.bank, OrgStatus.Revoked);
  });

  it("when it endorses and delivers instead, then title and possession leave it together", async function () {
    const c = await load();
    await c.billOfLading.connect(c.signers.bank).endorseAndDeliver(c.tokenId, c.orgs.consignee);
    const record = await c.billOfLading.billOfLading(c.tokenId);
    expect([record.holder, record.endorsee]).to.deep.equal([BigInt(c.orgs.consignee), BigInt(c.orgs.consignee)]);
    await c.billOfLading.connect(c.signers.consignee).surrender(c.tokenId, SurrenderKind.Delivery);
  });

  it("when an active endorsee passed possession on and was revoked afterwards, then it endorses the B/L to its holder, who may surrender it", async function () {
    const c = await networkHelpers.loadFixture(async function possessionOnlyThenRevoked() {
      const d = await deployExtendedCommunity(ethers);
      const tokenId = await issueBl(d, { number: "STRAND0002", type: BlType.ToOrder });
      await d.billOfLading.connect(d.signers.shipper).endorseAndDeliver(tokenId, d.orgs.bank);
      await d.billOfLading.connect(d.signers.bank).transferPossession(tokenId, d.orgs.consignee);
      await d.partyRegistry.connect(d.operator).revoke(d.orgs.bank);
      return { ...d, tokenId };
    });
    const consignee = c.billOfLading.connect(c.signers.consignee);
    await expect(consignee.surrender(c.tokenId, SurrenderKind.Delivery))
      .to.be.revertedWithCustomError(c.billOfLading, "BillOfLadingNotEndorsee")
      .withArgs(c.tokenId, c.orgs.consignee, c.orgs.bank);
    // Nobody else can give it the title: not the holder, not the operator.
    await expect(consignee.endorse(c.tokenId, c.orgs.consignee))
      .to.be.revertedWithCustomError(c.billOfLading, "BillOfLadingInvalidRecipient")
      .withArgs(c.orgs.consignee, await c.partyRegistry.activeRoles(c.orgs.consignee));
    // The revoked endorsee may endorse only to the holder, not to a third party.
    await expect(c.billOfLading.connect(c.signers.bank).endorse(c.tokenId, c.orgs.shipper))
      .to.be.revertedWithCustomError(c.partyRegistry, "PartyRegistryOrganizationNotActive")
      .withArgs(c.orgs.bank, OrgStatus.Revoked);
    await expect(c.billOfLading.connect(c.signers.bank).endorse(c.tokenId, c.orgs.consignee))
      .to.emit(c.billOfLading, "ActionRecorded")
      .withArgs(c.tokenId, c.orgs.bank, c.orgs.consignee, 2 /* ENDORSE */);
    await expect(consignee.surrender(c.tokenId, SurrenderKind.Delivery)).to.emit(c.billOfLading, "ActionRecorded");
  });
});
