/**
 * Review (issue 9, points 1-2): "the operator can never move ... a delivery order or an e-EIR". `appointAgent` was
 * operator-only and needed no consent of the principal, and the operator registers organizations with keys of its own
 * choosing. So the operator (or anyone the admin makes operator, instantly) could register a shell forwarder, appoint
 * it agent of a carrier, and through it revoke the carrier's delivery order and issue one to itself: the cargo would
 * leave the terminal on the operator's truck. Now only the principal appoints its agents, under its key threshold.
 */
import { expect } from "chai";
import { network } from "hardhat";
import { CreditTier, Role } from "../../fixtures/community.ts";
import { CONTAINERS, DAY, deployReleaseCommunity, importedContainers, truckPlate } from "../../fixtures/release.ts";

const { ethers, networkHelpers } = await network.create();

async function withImport() {
  const c = await deployReleaseCommunity(ethers);
  const imported = await importedContainers(c);
  const shellKey = c.spareKeys[0];
  const orgId = ethers.encodeBytes32String("SHELL");
  await c.partyRegistry
    .connect(c.operator)
    .registerOrganization(orgId, "Shell Forwarding", Role.AGENT | Role.HAULIER, CreditTier.Regular, [shellKey.address]);
  const shell = Number(await c.partyRegistry.orgNumber(orgId));
  return { ...c, ...imported, shellKey, shell };
}
const load = () => networkHelpers.loadFixture(withImport);

describe("review: the operator acts for a carrier through an agent it appoints itself", function () {
  it("when the operator appoints its own shell organization agent of a carrier, then it reverts (PartyRegistryNotOrganizationSigner): only the principal's signers appoint its agents", async function () {
    const c = await load();
    await expect(c.partyRegistry.connect(c.operator).appointAgent(c.shell, c.orgs.carrier))
      .to.be.revertedWithCustomError(c.partyRegistry, "PartyRegistryNotOrganizationSigner")
      .withArgs(c.orgs.carrier, c.operator.address);
  });

  it("when the operator's shell then tries the carrier's delivery orders, then ImportReleaseNotCarrier and the consignee's order stands", async function () {
    const c = await load();
    await expect(
      c.partyRegistry.connect(c.operator).appointAgent(c.shell, c.orgs.carrier),
    ).to.be.revertedWithCustomError(c.partyRegistry, "PartyRegistryNotOrganizationSigner");
    const shell = c.importRelease.connect(c.shellKey);
    await expect(shell.revokeDeliveryOrder(c.deliveryOrderId, "re-issued"))
      .to.be.revertedWithCustomError(c.importRelease, "ImportReleaseNotCarrier")
      .withArgs(c.blTokenId, c.shell, c.orgs.carrier);
    const now = await c.now();
    await expect(
      shell.issueDeliveryOrder(c.blTokenId, [CONTAINERS.first], c.shell, c.orgs.terminal, now, now + BigInt(DAY)),
    )
      .to.be.revertedWithCustomError(c.importRelease, "ImportReleaseNotCarrier")
      .withArgs(c.blTokenId, c.shell, c.orgs.carrier);
    expect((await c.importRelease.deliveryOrder(c.deliveryOrderId)).revokedAt).to.equal(0n);
    const [releasable] = await c.importRelease.gateDecision(CONTAINERS.first, c.orgs.terminal, c.orgs.haulier);
    expect(releasable).to.equal(true);
    await expect(
      c.as("terminal").recordGateOut(CONTAINERS.first, c.shell, truckPlate("OPERATOR-1")),
    ).to.be.revertedWithCustomError(c.importRelease, "ImportReleaseNotReleasable");
  });
});
