/**
 * An organization controls its own keys: only its signers add or remove them (M of N under a threshold), the operator
 * can only start a recovery that waits `RECOVERY_DELAY` and that any signer can cancel, and the admin role changes
 * hands only after `ADMIN_DELAY`. Each "cannot" of docs/architecture.md's powers table is tried here.
 */
import { expect } from "chai";
import { network } from "hardhat";
import {
  ADMIN_DELAY,
  BlType,
  RECOVERY_DELAY,
  SurrenderKind,
  deployExtendedCommunity,
  issueBl,
} from "../../fixtures/community.ts";

const { ethers, networkHelpers } = await network.create();

/** The bank holds a B/L and has one key; the shipper's key, the operator and an outsider stand by. */
async function bankHoldsABill() {
  const c = await deployExtendedCommunity(ethers);
  const tokenId = await issueBl(c, { number: "KEY0001", type: BlType.ToOrder });
  await c.billOfLading.connect(c.signers.shipper).endorseAndDeliver(tokenId, c.orgs.bank);
  const [second, third, fourth, fresh] = c.spareKeys;
  return { ...c, tokenId, second, third, fourth, fresh };
}

/** The bank with three keys and a threshold of 2. */
async function bankTwoOfThree() {
  const c = await bankHoldsABill();
  const { partyRegistry, orgs, signers } = c;
  await partyRegistry.connect(signers.bank).addSigner(orgs.bank, c.second.address);
  await partyRegistry.connect(signers.bank).addSigner(orgs.bank, c.third.address);
  await partyRegistry.connect(signers.bank).setKeyThreshold(orgs.bank, 2);
  return c;
}

describe("PartyRegistry: an organization controls its own keys", function () {
  describe("attack: the operator takes a B/L by adding its own key to the holder", function () {
    it("when the operator adds its key to the bank, then it reverts (PartyRegistryNotOrganizationSigner) and the B/L stays the bank's", async function () {
      const { partyRegistry, billOfLading, operator, orgs, tokenId } = await networkHelpers.loadFixture(bankHoldsABill);
      await expect(partyRegistry.connect(operator).addSigner(orgs.bank, operator.address))
        .to.be.revertedWithCustomError(partyRegistry, "PartyRegistryNotOrganizationSigner")
        .withArgs(orgs.bank, operator.address);
      await expect(billOfLading.connect(operator).endorseAndDeliver(tokenId, orgs.suspended))
        .to.be.revertedWithCustomError(partyRegistry, "PartyRegistryUnknownSigner")
        .withArgs(operator.address);
      expect(await billOfLading.controller(tokenId)).to.equal(orgs.bank);
    });

    it("when the operator removes the bank's key, then it reverts (PartyRegistryNotOrganizationSigner)", async function () {
      const { partyRegistry, operator, orgs, signers } = await networkHelpers.loadFixture(bankHoldsABill);
      await expect(partyRegistry.connect(operator).removeSigner(orgs.bank, signers.bank.address))
        .to.be.revertedWithCustomError(partyRegistry, "PartyRegistryNotOrganizationSigner")
        .withArgs(orgs.bank, operator.address);
    });

    it("when the admin makes a new operator, then that operator cannot add keys either", async function () {
      const { partyRegistry, orgs, outsider } = await networkHelpers.loadFixture(bankHoldsABill);
      await partyRegistry.grantRole(await partyRegistry.OPERATOR_ROLE(), outsider.address);
      await expect(partyRegistry.connect(outsider).addSigner(orgs.bank, outsider.address))
        .to.be.revertedWithCustomError(partyRegistry, "PartyRegistryNotOrganizationSigner")
        .withArgs(orgs.bank, outsider.address);
    });

    for (const who of ["another organization's signer", "an outsider"] as const) {
      it(`when ${who} changes the bank's keys or threshold, then it reverts (PartyRegistryNotOrganizationSigner)`, async function () {
        const c = await networkHelpers.loadFixture(bankHoldsABill);
        const caller = who === "an outsider" ? c.outsider : c.signers.bank2;
        const registry = c.partyRegistry.connect(caller);
        for (const attempt of [
          () => registry.addSigner(c.orgs.bank, c.fresh.address),
          () => registry.removeSigner(c.orgs.bank, c.signers.bank.address),
          () => registry.setKeyThreshold(c.orgs.bank, 1),
          () => registry.cancelRecovery(c.orgs.bank),
        ]) {
          await expect(attempt())
            .to.be.revertedWithCustomError(c.partyRegistry, "PartyRegistryNotOrganizationSigner")
            .withArgs(c.orgs.bank, caller.address);
        }
      });
    }

    it("then the registry's write functions are exactly these, and only addSigner, completeRecovery and registerOrganization ever add a key", async function () {
      const { partyRegistry } = await networkHelpers.loadFixture(bankHoldsABill);
      const writes = partyRegistry.interface.fragments
        .filter((f) => f.type === "function" && !(f as unknown as { constant: boolean }).constant)
        .map((f) => (f as unknown as { name: string }).name)
        .sort();
      // A new write function is a new power: it must be added here, and to docs/architecture.md's powers table.
      expect(writes).to.deep.equal(
        [
          "acceptDefaultAdminTransfer",
          "addSigner",
          "appointAgent",
          "beginDefaultAdminTransfer",
          "cancelDefaultAdminTransfer",
          "cancelRecovery",
          "changeDefaultAdminDelay",
          "completeRecovery",
          "grantRole",
          "registerOrganization",
          "reinstate",
          "removeSigner",
          "renounceRole",
          "revoke",
          "revokeRole",
          "rollbackDefaultAdminDelay",
          "setCreditTier",
          "setKeyThreshold",
          "setRoles",
          "startRecovery",
          "suspend",
        ].sort(),
      );
    });
  });

  describe("threshold: M of N signers approve a key change", function () {
    it("when the threshold is 2, then the first approval only counts and the second makes the change", async function () {
      const c = await networkHelpers.loadFixture(bankTwoOfThree);
      const { partyRegistry, orgs, signers, second, fresh } = c;
      expect(await partyRegistry.keyThreshold(orgs.bank)).to.equal(2n);
      const first = partyRegistry.connect(signers.bank).addSigner(orgs.bank, fresh.address);
      await expect(first).to.emit(partyRegistry, "KeyChangeApproved").and.not.to.emit(partyRegistry, "SignerAdded");
      expect(await partyRegistry.signerOrganization(fresh.address)).to.equal(0n);
      await expect(partyRegistry.connect(second).addSigner(orgs.bank, fresh.address))
        .to.emit(partyRegistry, "SignerAdded")
        .withArgs(orgs.bank, fresh.address);
      expect(await partyRegistry.signerOrganization(fresh.address)).to.equal(BigInt(orgs.bank));
    });

    it("when one signer approves twice, then it reverts (PartyRegistryKeyChangeAlreadyApproved) and nothing changes", async function () {
      const c = await networkHelpers.loadFixture(bankTwoOfThree);
      const { partyRegistry, orgs, signers, fresh } = c;
      const receipt = await (await partyRegistry.connect(signers.bank).addSigner(orgs.bank, fresh.address)).wait();
      const change = partyRegistry.interface.parseLog(receipt!.logs[0])!.args.change;
      expect(await partyRegistry.keyChangeApprovals(orgs.bank, change)).to.equal(1n);
      await expect(partyRegistry.connect(signers.bank).addSigner(orgs.bank, fresh.address))
        .to.be.revertedWithCustomError(partyRegistry, "PartyRegistryKeyChangeAlreadyApproved")
        .withArgs(orgs.bank, change, signers.bank.address);
      expect(await partyRegistry.signerOrganization(fresh.address)).to.equal(0n);
    });

    it("when another key change takes effect first, then approvals given before it no longer count", async function () {
      const c = await networkHelpers.loadFixture(bankTwoOfThree);
      const { partyRegistry, orgs, signers, second, third, fresh } = c;
      await partyRegistry.connect(signers.bank).addSigner(orgs.bank, fresh.address); // 1 of 2
      await partyRegistry.connect(signers.bank).removeSigner(orgs.bank, third.address);
      await partyRegistry.connect(second).removeSigner(orgs.bank, third.address); // takes effect
      await expect(partyRegistry.connect(second).addSigner(orgs.bank, fresh.address)).not.to.emit(
        partyRegistry,
        "SignerAdded",
      );
      expect(await partyRegistry.signerOrganization(fresh.address)).to.equal(0n);
    });

    it("when the threshold is 0 or more than the signers, then it reverts (PartyRegistryInvalidThreshold)", async function () {
      const c = await networkHelpers.loadFixture(bankHoldsABill);
      const registry = c.partyRegistry.connect(c.signers.bank);
      for (const threshold of [0, 2]) {
        await expect(registry.setKeyThreshold(c.orgs.bank, threshold))
          .to.be.revertedWithCustomError(c.partyRegistry, "PartyRegistryInvalidThreshold")
          .withArgs(c.orgs.bank, threshold, 1);
      }
    });

    it("when a removal would leave fewer signers than the threshold, then it reverts (PartyRegistryInvalidThreshold)", async function () {
      const c = await networkHelpers.loadFixture(bankTwoOfThree);
      const { partyRegistry, orgs, signers, second, third } = c;
      await partyRegistry.connect(signers.bank).removeSigner(orgs.bank, third.address);
      await partyRegistry.connect(second).removeSigner(orgs.bank, third.address);
      await expect(partyRegistry.connect(signers.bank).removeSigner(orgs.bank, second.address))
        .to.be.revertedWithCustomError(partyRegistry, "PartyRegistryInvalidThreshold")
        .withArgs(orgs.bank, 2, 1);
    });
  });

  describe("recovery: the operator starts it, it waits, any signer cancels it", function () {
    it("when the operator starts a recovery, then it is evented at once and completes only after the delay", async function () {
      const c = await networkHelpers.loadFixture(bankTwoOfThree);
      const { partyRegistry, billOfLading, orgs, signers, second, third, fresh, tokenId } = c;
      const started = await partyRegistry.startRecovery(orgs.bank, fresh.address);
      const effectiveAt = BigInt((await started.getBlock())!.timestamp + RECOVERY_DELAY);
      await expect(started).to.emit(partyRegistry, "RecoveryStarted").withArgs(orgs.bank, fresh.address, effectiveAt);
      expect(await partyRegistry.pendingRecovery(orgs.bank)).to.deep.equal([fresh.address, effectiveAt]);
      expect(await partyRegistry.recoveryDelay()).to.equal(BigInt(RECOVERY_DELAY));

      await networkHelpers.time.setNextBlockTimestamp(effectiveAt - 1n);
      await expect(partyRegistry.connect(c.outsider).completeRecovery(orgs.bank))
        .to.be.revertedWithCustomError(partyRegistry, "PartyRegistryRecoveryNotDue")
        .withArgs(orgs.bank, effectiveAt, effectiveAt - 1n);

      await networkHelpers.time.setNextBlockTimestamp(effectiveAt);
      const completed = partyRegistry.connect(c.outsider).completeRecovery(orgs.bank);
      await expect(completed).to.emit(partyRegistry, "RecoveryCompleted").withArgs(orgs.bank, fresh.address);
      await expect(completed).to.emit(partyRegistry, "KeyThresholdChanged").withArgs(orgs.bank, 1);
      for (const old of [signers.bank, second, third]) {
        await expect(completed).to.emit(partyRegistry, "SignerRemoved").withArgs(orgs.bank, old.address);
      }
      expect(await partyRegistry.signers(orgs.bank)).to.deep.equal([fresh.address]);
      expect(await partyRegistry.keyThreshold(orgs.bank)).to.equal(1n);
      // Nothing the bank holds moved; the recovered key controls it.
      expect(await billOfLading.controller(tokenId)).to.equal(orgs.bank);
      await billOfLading.connect(fresh).surrender(tokenId, SurrenderKind.Delivery);
      expect(await billOfLading.controller(tokenId)).to.equal(orgs.carrier);
    });

    it("when any current signer cancels during the delay, then the recovery never takes effect", async function () {
      const c = await networkHelpers.loadFixture(bankTwoOfThree);
      const { partyRegistry, orgs, third, fresh } = c;
      await partyRegistry.startRecovery(orgs.bank, fresh.address);
      await expect(partyRegistry.connect(third).cancelRecovery(orgs.bank))
        .to.emit(partyRegistry, "RecoveryCancelled")
        .withArgs(orgs.bank, third.address);
      await networkHelpers.time.increase(RECOVERY_DELAY + 1);
      await expect(partyRegistry.completeRecovery(orgs.bank))
        .to.be.revertedWithCustomError(partyRegistry, "PartyRegistryNoRecovery")
        .withArgs(orgs.bank);
      expect(await partyRegistry.signerOrganization(fresh.address)).to.equal(0n);
    });

    it("when the operator cancels its own recovery, then it is cancelled", async function () {
      const c = await networkHelpers.loadFixture(bankHoldsABill);
      await c.partyRegistry.startRecovery(c.orgs.bank, c.fresh.address);
      await expect(c.partyRegistry.cancelRecovery(c.orgs.bank))
        .to.emit(c.partyRegistry, "RecoveryCancelled")
        .withArgs(c.orgs.bank, c.operator.address);
    });

    it("when someone other than the operator starts a recovery, then it reverts (AccessControlUnauthorizedAccount)", async function () {
      const c = await networkHelpers.loadFixture(bankHoldsABill);
      const role = await c.partyRegistry.OPERATOR_ROLE();
      for (const caller of [c.signers.bank, c.signers.carrier, c.outsider]) {
        await expect(c.partyRegistry.connect(caller).startRecovery(c.orgs.bank, c.fresh.address))
          .to.be.revertedWithCustomError(c.partyRegistry, "AccessControlUnauthorizedAccount")
          .withArgs(caller.address, role);
      }
    });

    it("when a recovery is pending, unknown, taken or zero, then starting one reverts with its exact error", async function () {
      const c = await networkHelpers.loadFixture(bankHoldsABill);
      const { partyRegistry, orgs, signers, fresh } = c;
      await expect(partyRegistry.startRecovery(999, fresh.address))
        .to.be.revertedWithCustomError(partyRegistry, "PartyRegistryUnknownOrganization")
        .withArgs(999);
      await expect(partyRegistry.startRecovery(orgs.bank, signers.carrier.address))
        .to.be.revertedWithCustomError(partyRegistry, "PartyRegistrySignerTaken")
        .withArgs(signers.carrier.address, orgs.carrier);
      await expect(partyRegistry.startRecovery(orgs.bank, ethers.ZeroAddress)).to.be.revertedWithCustomError(
        partyRegistry,
        "PartyRegistryInvalidOrganization",
      );
      const started = await partyRegistry.startRecovery(orgs.bank, fresh.address);
      const effectiveAt = (await started.getBlock())!.timestamp + RECOVERY_DELAY;
      await expect(partyRegistry.startRecovery(orgs.bank, c.second.address))
        .to.be.revertedWithCustomError(partyRegistry, "PartyRegistryRecoveryPending")
        .withArgs(orgs.bank, effectiveAt);
    });

    it("when the new key was taken by another organization during the delay, then completing reverts (PartyRegistrySignerTaken)", async function () {
      const c = await networkHelpers.loadFixture(bankHoldsABill);
      const { partyRegistry, orgs, signers, fresh } = c;
      await partyRegistry.startRecovery(orgs.bank, fresh.address);
      await partyRegistry.connect(signers.bank2).addSigner(orgs.bank2, fresh.address);
      await networkHelpers.time.increase(RECOVERY_DELAY);
      await expect(partyRegistry.completeRecovery(orgs.bank))
        .to.be.revertedWithCustomError(partyRegistry, "PartyRegistrySignerTaken")
        .withArgs(fresh.address, orgs.bank2);
      expect(await partyRegistry.signers(orgs.bank)).to.deep.equal([signers.bank.address]);
    });
  });

  describe("the admin role changes hands only after a delay", function () {
    it("when the admin hands over the admin role, then the new admin can accept it only after the delay", async function () {
      const { partyRegistry, operator, outsider } = await networkHelpers.loadFixture(bankHoldsABill);
      expect(await partyRegistry.defaultAdminDelay()).to.equal(BigInt(ADMIN_DELAY));
      const begun = await partyRegistry.beginDefaultAdminTransfer(outsider.address);
      const schedule = (await begun.getBlock())!.timestamp + ADMIN_DELAY;
      await expect(partyRegistry.connect(outsider).acceptDefaultAdminTransfer())
        .to.be.revertedWithCustomError(partyRegistry, "AccessControlEnforcedDefaultAdminDelay")
        .withArgs(schedule);
      await networkHelpers.time.setNextBlockTimestamp(schedule + 1);
      await partyRegistry.connect(outsider).acceptDefaultAdminTransfer();
      expect(await partyRegistry.defaultAdmin()).to.equal(outsider.address);
      expect(await partyRegistry.hasRole(ethers.ZeroHash, operator.address)).to.equal(false);
    });

    it("when the admin grants the admin role directly, then it reverts (AccessControlEnforcedDefaultAdminRules)", async function () {
      const { partyRegistry, outsider } = await networkHelpers.loadFixture(bankHoldsABill);
      await expect(partyRegistry.grantRole(ethers.ZeroHash, outsider.address)).to.be.revertedWithCustomError(
        partyRegistry,
        "AccessControlEnforcedDefaultAdminRules",
      );
    });
  });
});
