/** A carrier's shipping agent, appointed by the operator, issues and revokes delivery orders for it. */
import { expect } from "chai";
import { network } from "hardhat";
import { OrgStatus, Role } from "../../fixtures/community.ts";
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
  it("when the carrier appoints its agent, then it is recorded and announced", async function () {
    const c = await load();
    await expect(c.partyRegistry.connect(c.signers.carrier).appointAgent(c.orgs.agent, c.orgs.carrier))
      .to.emit(c.partyRegistry, "AgentAppointed")
      .withArgs(c.orgs.agent, c.orgs.carrier);
    expect(await c.partyRegistry.principalOf(c.orgs.agent)).to.equal(c.orgs.carrier);
  });

  for (const who of ["operator", "carrier2", "agent", "outsider"] as const) {
    it(`when the ${who} appoints the carrier's agent, then PartyRegistryNotOrganizationSigner: only the principal appoints`, async function () {
      const c = await load();
      const caller = who === "operator" ? c.operator : who === "outsider" ? c.outsider : c.signers[who];
      await expect(c.partyRegistry.connect(caller).appointAgent(c.orgs.agent, c.orgs.carrier))
        .to.be.revertedWithCustomError(c.partyRegistry, "PartyRegistryNotOrganizationSigner")
        .withArgs(c.orgs.carrier, caller.address);
      expect(await c.partyRegistry.principalOf(c.orgs.agent)).to.equal(0n);
    });
  }

  it("when the carrier requires 2 of its signers for key changes, then an appointment takes both", async function () {
    const c = await load();
    const [second] = c.spareKeys;
    await c.partyRegistry.connect(c.signers.carrier).addSigner(c.orgs.carrier, second.address);
    await c.partyRegistry.connect(c.signers.carrier).setKeyThreshold(c.orgs.carrier, 2);
    await expect(c.partyRegistry.connect(c.signers.carrier).appointAgent(c.orgs.agent, c.orgs.carrier))
      .to.emit(c.partyRegistry, "KeyChangeApproved")
      .and.not.to.emit(c.partyRegistry, "AgentAppointed");
    expect(await c.partyRegistry.principalOf(c.orgs.agent)).to.equal(0n);
    await expect(c.partyRegistry.connect(second).appointAgent(c.orgs.agent, c.orgs.carrier))
      .to.emit(c.partyRegistry, "AgentAppointed")
      .withArgs(c.orgs.agent, c.orgs.carrier);
  });

  it("when another carrier appoints the carrier's agent as its own, then PartyRegistryAgentOfAnother: nobody takes another's agent away", async function () {
    const c = await load();
    await c.partyRegistry.connect(c.signers.carrier).appointAgent(c.orgs.agent, c.orgs.carrier);
    await expect(c.partyRegistry.connect(c.signers.carrier2).appointAgent(c.orgs.agent, c.orgs.carrier2))
      .to.be.revertedWithCustomError(c.partyRegistry, "PartyRegistryAgentOfAnother")
      .withArgs(c.orgs.agent, c.orgs.carrier);
    expect(await c.partyRegistry.principalOf(c.orgs.agent)).to.equal(BigInt(c.orgs.carrier));
    // Once the agent resigns, the other carrier may appoint it.
    await c.partyRegistry.connect(c.signers.agent).appointAgent(c.orgs.agent, 0);
    await expect(c.partyRegistry.connect(c.signers.carrier2).appointAgent(c.orgs.agent, c.orgs.carrier2))
      .to.emit(c.partyRegistry, "AgentAppointed")
      .withArgs(c.orgs.agent, c.orgs.carrier2);
  });

  it("when the carrier is suspended, then it cannot appoint (PartyRegistryOrganizationNotActive)", async function () {
    const c = await load();
    await c.partyRegistry.suspend(c.orgs.carrier);
    await expect(c.partyRegistry.connect(c.signers.carrier).appointAgent(c.orgs.agent, c.orgs.carrier))
      .to.be.revertedWithCustomError(c.partyRegistry, "PartyRegistryOrganizationNotActive")
      .withArgs(c.orgs.carrier, OrgStatus.Suspended);
  });

  it("when the principal or the agent ends the appointment, then it ends; the operator and others cannot", async function () {
    const c = await load();
    for (const ender of ["carrier", "agent"] as const) {
      await c.partyRegistry.connect(c.signers.carrier).appointAgent(c.orgs.agent, c.orgs.carrier);
      await expect(c.partyRegistry.connect(c.signers[ender]).appointAgent(c.orgs.agent, 0))
        .to.emit(c.partyRegistry, "AgentAppointed")
        .withArgs(c.orgs.agent, 0);
    }
    await c.partyRegistry.connect(c.signers.carrier).appointAgent(c.orgs.agent, c.orgs.carrier);
    for (const caller of [c.operator, c.signers.carrier2, c.outsider]) {
      await expect(c.partyRegistry.connect(caller).appointAgent(c.orgs.agent, 0))
        .to.be.revertedWithCustomError(c.partyRegistry, "PartyRegistryNotOrganizationSigner")
        .withArgs(c.orgs.carrier, caller.address);
    }
    expect(await c.partyRegistry.principalOf(c.orgs.agent)).to.equal(BigInt(c.orgs.carrier));
  });

  it("when the appointee lacks the agent role, then PartyRegistryNotAgent", async function () {
    const c = await load();
    await expect(c.partyRegistry.connect(c.signers.carrier).appointAgent(c.orgs.bank, c.orgs.carrier))
      .to.be.revertedWithCustomError(c.partyRegistry, "PartyRegistryNotAgent")
      .withArgs(c.orgs.bank, 1 << 4);
  });

  it("when the agent is unknown, then PartyRegistryUnknownOrganization", async function () {
    const c = await load();
    await expect(c.partyRegistry.connect(c.signers.carrier).appointAgent(999, c.orgs.carrier))
      .to.be.revertedWithCustomError(c.partyRegistry, "PartyRegistryUnknownOrganization")
      .withArgs(999);
  });

  it("when the appointed agent issues and revokes a delivery order, then the contract accepts both", async function () {
    const c = await load();
    await (await c.partyRegistry.connect(c.signers.carrier).appointAgent(c.orgs.agent, c.orgs.carrier)).wait();
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
    await (await c.partyRegistry.connect(c.signers.carrier).appointAgent(c.orgs.agent, c.orgs.carrier)).wait();
    await (await c.partyRegistry.connect(c.signers.agent).appointAgent(c.orgs.agent, 0)).wait();
    await expect(issue())
      .to.be.revertedWithCustomError(c.importRelease, "ImportReleaseNotCarrier")
      .withArgs(c.toOrder, c.orgs.agent, c.orgs.carrier);
  });

  it("when the agent acts for another carrier, then ImportReleaseNotCarrier", async function () {
    const c = await load();
    await (await c.partyRegistry.connect(c.signers.carrier2).appointAgent(c.orgs.agent, c.orgs.carrier2)).wait();
    const now = await c.now();
    await expect(
      c.as("agent").issueDeliveryOrder(c.toOrder, [CONTAINERS.first], 0, c.orgs.terminal, now, now + TEN_DAYS),
    )
      .to.be.revertedWithCustomError(c.importRelease, "ImportReleaseNotCarrier")
      .withArgs(c.toOrder, c.orgs.agent, c.orgs.carrier);
  });

  describe("roles are checked at every act, not only at appointment", function () {
    async function appointedWithOrder() {
      const c = await withBill();
      await (await c.partyRegistry.connect(c.signers.carrier).appointAgent(c.orgs.agent, c.orgs.carrier)).wait();
      const now = await c.now();
      await (
        await c.as("carrier").issueDeliveryOrder(c.toOrder, [CONTAINERS.first], 0, c.orgs.terminal, now, now + TEN_DAYS)
      ).wait();
      return c;
    }
    const loadAppointed = () => networkHelpers.loadFixture(appointedWithOrder);
    const issue = async (c: Awaited<ReturnType<typeof withBill>>, who: "carrier" | "agent") => {
      const now = await c.now();
      return c.as(who).issueDeliveryOrder(c.toOrder, [CONTAINERS.second], 0, c.orgs.terminal, now, now + TEN_DAYS);
    };

    it("when the carrier lost the carrier role, then neither it nor its agent may issue or revoke: ImportReleaseCarrierNotEntitled", async function () {
      const c = await loadAppointed();
      await c.partyRegistry.setRoles(c.orgs.carrier, Role.TRADER);
      for (const who of ["carrier", "agent"] as const) {
        await expect(issue(c, who))
          .to.be.revertedWithCustomError(c.importRelease, "ImportReleaseCarrierNotEntitled")
          .withArgs(c.toOrder, c.orgs.carrier, OrgStatus.Active, Role.TRADER);
        await expect(c.as(who).revokeDeliveryOrder(1n, "former carrier"))
          .to.be.revertedWithCustomError(c.importRelease, "ImportReleaseCarrierNotEntitled")
          .withArgs(c.toOrder, c.orgs.carrier, OrgStatus.Active, Role.TRADER);
      }
    });

    it("when the carrier is suspended, then its own acts are refused by the registry", async function () {
      const c = await loadAppointed();
      await c.partyRegistry.suspend(c.orgs.carrier);
      await expect(issue(c, "carrier"))
        .to.be.revertedWithCustomError(c.partyRegistry, "PartyRegistryOrganizationNotActive")
        .withArgs(c.orgs.carrier, OrgStatus.Suspended);
      await expect(c.as("carrier").revokeDeliveryOrder(1n, "suspended"))
        .to.be.revertedWithCustomError(c.partyRegistry, "PartyRegistryOrganizationNotActive")
        .withArgs(c.orgs.carrier, OrgStatus.Suspended);
    });

    it("when the agent's principal is suspended or revoked, then ImportReleaseCarrierNotEntitled with its status", async function () {
      const c = await loadAppointed();
      await c.partyRegistry.suspend(c.orgs.carrier);
      await expect(issue(c, "agent"))
        .to.be.revertedWithCustomError(c.importRelease, "ImportReleaseCarrierNotEntitled")
        .withArgs(c.toOrder, c.orgs.carrier, OrgStatus.Suspended, Role.CARRIER);
      await c.partyRegistry.revoke(c.orgs.carrier);
      await expect(c.as("agent").revokeDeliveryOrder(1n, "principal revoked"))
        .to.be.revertedWithCustomError(c.importRelease, "ImportReleaseCarrierNotEntitled")
        .withArgs(c.toOrder, c.orgs.carrier, OrgStatus.Revoked, Role.CARRIER);
    });

    it("when the agent lost the agent role, then ImportReleaseNotAgent, though its appointment stands", async function () {
      const c = await loadAppointed();
      await c.partyRegistry.setRoles(c.orgs.agent, Role.TRADER);
      expect(await c.partyRegistry.principalOf(c.orgs.agent)).to.equal(c.orgs.carrier);
      await expect(issue(c, "agent"))
        .to.be.revertedWithCustomError(c.importRelease, "ImportReleaseNotAgent")
        .withArgs(c.orgs.agent, Role.TRADER);
      await expect(c.as("agent").revokeDeliveryOrder(1n, "not an agent"))
        .to.be.revertedWithCustomError(c.importRelease, "ImportReleaseNotAgent")
        .withArgs(c.orgs.agent, Role.TRADER);
      await c.partyRegistry.setRoles(c.orgs.agent, Role.AGENT);
      await expect(issue(c, "agent")).to.emit(c.importRelease, "DeliveryOrderIssued");
    });

    it("when the agent's appointment ended, then ImportReleaseNotCarrier for revoking too", async function () {
      const c = await loadAppointed();
      await c.partyRegistry.connect(c.signers.agent).appointAgent(c.orgs.agent, 0);
      await expect(c.as("agent").revokeDeliveryOrder(1n, "no longer appointed"))
        .to.be.revertedWithCustomError(c.importRelease, "ImportReleaseNotCarrier")
        .withArgs(c.toOrder, c.orgs.agent, c.orgs.carrier);
    });

    it("when the agent itself is suspended, then the registry refuses it", async function () {
      const c = await loadAppointed();
      await c.partyRegistry.suspend(c.orgs.agent);
      await expect(issue(c, "agent"))
        .to.be.revertedWithCustomError(c.partyRegistry, "PartyRegistryOrganizationNotActive")
        .withArgs(c.orgs.agent, OrgStatus.Suspended);
    });
  });
});
