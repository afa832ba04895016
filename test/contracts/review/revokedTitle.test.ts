/**
 * Review (issue 9, point 3: "suspension and revocation never strand title"). A revoked endorsee-in-possession of a
 * to-order B/L may `transferPossession` without endorsing. Possession leaves it, title (the endorsement) stays with
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

  it("(demonstrates the damage today; remove with the fix) once it has, no one can ever surrender, return or reject the B/L — the same happens if an active endorsee transfers possession and is revoked afterwards", async function () {
    const c = await load();
    await c.billOfLading.connect(c.signers.bank).transferPossession(c.tokenId, c.orgs.consignee);
    const consignee = c.billOfLading.connect(c.signers.consignee);
    await expect(consignee.surrender(c.tokenId, SurrenderKind.Delivery))
      .to.be.revertedWithCustomError(c.billOfLading, "BillOfLadingNotEndorsee")
      .withArgs(c.tokenId, c.orgs.consignee, c.orgs.bank);
    await expect(consignee.endorseAndDeliver(c.tokenId, c.orgs.shipper)).to.be.revertedWithCustomError(
      c.billOfLading,
      "BillOfLadingNotEndorsee",
    );
    await expect(consignee.transferPossession(c.tokenId, c.orgs.bank))
      .to.be.revertedWithCustomError(c.partyRegistry, "PartyRegistryOrganizationNotActive")
      .withArgs(c.orgs.bank, OrgStatus.Revoked);
    await expect(consignee.rejectTransfer(c.tokenId))
      .to.be.revertedWithCustomError(c.partyRegistry, "PartyRegistryOrganizationNotActive")
      .withArgs(c.orgs.bank, OrgStatus.Revoked);
    // A revoked organization is never reinstated.
    await expect(c.partyRegistry.connect(c.operator).reinstate(c.orgs.bank)).to.be.revertedWithCustomError(
      c.partyRegistry,
      "PartyRegistryInvalidStatusChange",
    );
  });
});
