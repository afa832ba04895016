/** A carrier's shipping agent, appointed by the operator, issues and revokes delivery orders for it. */
import { expect } from "chai";
import { network } from "hardhat";
import { CONTAINERS, DAY, accomplishedToOrder, deployReleaseCommunity } from "../../fixtures/release.ts";

const { ethers, networkHelpers } = await network.create();

async function withBill() {
  const c = await deployReleaseCommunity(ethers);
  const toOrder = await accomplishedToOrder(c, "COSU6300000090");
  return { ...c, toOrder };
}
const load = () => networkHelpers.loadFixture(withBill);
const TEN_DAYS = BigInt(10 * DAY);

describe("agents: PartyRegistry.appointAgent and ImportRelease", function () {
  it("when the operator appoints the agent for the carrier, then it is recorded and announced", async function () {
    const c = await load();
    await expect(c.partyRegistry.connect(c.operator).appointAgent(c.orgs.agent, c.orgs.carrier))
      .to.emit(c.partyRegistry, "AgentAppointed")
      .withArgs(c.orgs.agent, c.orgs.carrier);
    expect(await c.partyRegistry.principalOf(c.orgs.agent)).to.equal(c.orgs.carrier);
  });

  it("when anyone but the operator appoints, then AccessControlUnauthorizedAccount", async function () {
    const c = await load();
    await expect(c.partyRegistry.connect(c.signers.carrier).appointAgent(c.orgs.agent, c.orgs.carrier))
      .to.be.revertedWithCustomError(c.partyRegistry, "AccessControlUnauthorizedAccount")
      .withArgs(c.signers.carrier.address, await c.partyRegistry.OPERATOR_ROLE());
  });

  it("when the appointee lacks the agent role, then PartyRegistryNotAgent", async function () {
    const c = await load();
    await expect(c.partyRegistry.connect(c.operator).appointAgent(c.orgs.bank, c.orgs.carrier))
      .to.be.revertedWithCustomError(c.partyRegistry, "PartyRegistryNotAgent")
      .withArgs(c.orgs.bank, 1 << 4);
  });

  it("when the principal is unknown, then PartyRegistryUnknownOrganization", async function () {
    const c = await load();
    await expect(c.partyRegistry.connect(c.operator).appointAgent(c.orgs.agent, 999))
      .to.be.revertedWithCustomError(c.partyRegistry, "PartyRegistryUnknownOrganization")
      .withArgs(999);
  });

  it("when the appointed agent issues and revokes a delivery order, then the contract accepts both", async function () {
    const c = await load();
    await (await c.partyRegistry.connect(c.operator).appointAgent(c.orgs.agent, c.orgs.carrier)).wait();
    const now = await c.now();
    await expect(
      c.as("agent").issueDeliveryOrder(c.toOrder, [CONTAINERS.first], 0, c.orgs.terminal, now, now + TEN_DAYS),
    ).to.emit(c.importRelease, "DeliveryOrderIssued");
    // The order is the carrier's, whoever issued it for the carrier: the carrier itself can revoke it.
    expect((await c.importRelease.deliveryOrder(1)).carrier).to.equal(c.orgs.carrier);
    await expect(c.as("agent").revokeDeliveryOrder(1, "Freight not paid")).to.emit(
      c.importRelease,
      "DeliveryOrderRevoked",
    );
  });

  it("when an agent is not appointed, or its appointment ended, then ImportReleaseNotCarrier", async function () {
    const c = await load();
    const now = await c.now();
    const issue = () =>
      c.as("agent").issueDeliveryOrder(c.toOrder, [CONTAINERS.first], 0, c.orgs.terminal, now, now + TEN_DAYS);
    await expect(issue())
      .to.be.revertedWithCustomError(c.importRelease, "ImportReleaseNotCarrier")
      .withArgs(c.toOrder, c.orgs.agent, c.orgs.carrier);
    await (await c.partyRegistry.connect(c.operator).appointAgent(c.orgs.agent, c.orgs.carrier)).wait();
    await (await c.partyRegistry.connect(c.operator).appointAgent(c.orgs.agent, 0)).wait();
    await expect(issue())
      .to.be.revertedWithCustomError(c.importRelease, "ImportReleaseNotCarrier")
      .withArgs(c.toOrder, c.orgs.agent, c.orgs.carrier);
  });

  it("when the agent acts for another carrier, then ImportReleaseNotCarrier", async function () {
    const c = await load();
    await (await c.partyRegistry.connect(c.operator).appointAgent(c.orgs.agent, c.orgs.carrier2)).wait();
    const now = await c.now();
    await expect(
      c.as("agent").issueDeliveryOrder(c.toOrder, [CONTAINERS.first], 0, c.orgs.terminal, now, now + TEN_DAYS),
    )
      .to.be.revertedWithCustomError(c.importRelease, "ImportReleaseNotCarrier")
      .withArgs(c.toOrder, c.orgs.agent, c.orgs.carrier);
  });
});
