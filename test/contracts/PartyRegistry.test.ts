import { expect } from "chai";
import { network } from "hardhat";
import {
  BlType,
  CreditTier,
  OrgStatus,
  Role,
  SurrenderKind,
  deployExtendedCommunity,
  issueBl,
  titleAddressOf,
  ADMIN_DELAY,
  RECOVERY_DELAY,
} from "../fixtures/community.ts";

const { ethers, networkHelpers } = await network.create();

const ALL_ROLES = (1 << 8) - 1;
const id = (text: string) => ethers.encodeBytes32String(text);

async function emptyRegistry() {
  const [operator, alice, bob, carol, stranger] = await ethers.getSigners();
  const partyRegistry = await ethers.deployContract("PartyRegistry", [operator.address, ADMIN_DELAY, RECOVERY_DELAY]);
  const OPERATOR_ROLE = await partyRegistry.OPERATOR_ROLE();
  return { partyRegistry, operator, alice, bob, carol, stranger, OPERATOR_ROLE };
}

/** One trader registered with alice's key. */
async function oneTrader() {
  const r = await emptyRegistry();
  await r.partyRegistry.registerOrganization(id("CN-TRADER"), "Trader", Role.TRADER, CreditTier.AeoGeneral, [
    r.alice.address,
  ]);
  return { ...r, org: 1 };
}

describe("PartyRegistry", function () {
  describe("deployment", function () {
    it("then the operator is admin and operator, and no organization exists", async function () {
      const { partyRegistry, operator, OPERATOR_ROLE } = await networkHelpers.loadFixture(emptyRegistry);
      expect(OPERATOR_ROLE).to.equal(ethers.id("OPERATOR_ROLE"));
      expect(await partyRegistry.hasRole(OPERATOR_ROLE, operator.address)).to.equal(true);
      expect(await partyRegistry.hasRole(ethers.ZeroHash, operator.address)).to.equal(true);
      expect(await partyRegistry.organizationCount()).to.equal(0n);
    });
  });

  describe("registerOrganization", function () {
    it("when the operator registers an organization, then it is number 1, active, with its signers", async function () {
      const { partyRegistry, alice, bob } = await networkHelpers.loadFixture(emptyRegistry);
      const tx = partyRegistry.registerOrganization(id("LEI-1"), "COSCO", Role.CARRIER, CreditTier.AeoAdvanced, [
        alice.address,
        bob.address,
      ]);
      await expect(tx)
        .to.emit(partyRegistry, "OrganizationRegistered")
        .withArgs(1, id("LEI-1"), "COSCO", Role.CARRIER, CreditTier.AeoAdvanced)
        .and.to.emit(partyRegistry, "SignerAdded")
        .withArgs(1, alice.address)
        .and.to.emit(partyRegistry, "SignerAdded")
        .withArgs(1, bob.address);
      const org = await partyRegistry.organization(1);
      expect([org.roles, org.creditTier, org.status, org.orgId, org.name]).to.deep.equal([
        BigInt(Role.CARRIER),
        BigInt(CreditTier.AeoAdvanced),
        BigInt(OrgStatus.Active),
        id("LEI-1"),
        "COSCO",
      ]);
      expect(await partyRegistry.orgNumber(id("LEI-1"))).to.equal(1n);
      expect(await partyRegistry.signers(1)).to.deep.equal([alice.address, bob.address]);
      expect(await partyRegistry.signerOrganization(bob.address)).to.equal(1n);
      expect(await partyRegistry.activeSigner(alice.address)).to.deep.equal([1n, BigInt(Role.CARRIER)]);
      expect(await partyRegistry.activeRoles(1)).to.equal(BigInt(Role.CARRIER));
      expect(await partyRegistry.organizationCount()).to.equal(1n);
    });

    it("when several organizations are registered, then they are numbered in order and each has its own title address", async function () {
      const { partyRegistry, alice, bob } = await networkHelpers.loadFixture(emptyRegistry);
      await partyRegistry.registerOrganization(id("A"), "A", Role.TRADER, CreditTier.Regular, [alice.address]);
      await partyRegistry.registerOrganization(id("B"), "B", ALL_ROLES, CreditTier.Discredited, [bob.address]);
      await partyRegistry.registerOrganization(id("C"), "C", Role.BANK, CreditTier.Regular, []);
      expect(await partyRegistry.orgNumber(id("C"))).to.equal(3n);
      expect(await partyRegistry.signers(3)).to.deep.equal([]);
      const registry = await partyRegistry.getAddress();
      const titles = await Promise.all([1, 2, 3].map((org) => partyRegistry.titleAddress(org)));
      expect(titles).to.deep.equal([1, 2, 3].map((org) => titleAddressOf(ethers, registry, org)));
      expect(new Set(titles).size).to.equal(3);
      expect(await partyRegistry.activeSignerAndRecipient(alice.address, 2)).to.deep.equal([
        1n,
        BigInt(Role.TRADER),
        BigInt(ALL_ROLES),
      ]);
    });

    it("when the orgId is taken, then it reverts (PartyRegistryOrgIdTaken)", async function () {
      const { partyRegistry, bob } = await networkHelpers.loadFixture(oneTrader);
      await expect(partyRegistry.registerOrganization(id("CN-TRADER"), "Other", Role.BANK, 0, [bob.address]))
        .to.be.revertedWithCustomError(partyRegistry, "PartyRegistryOrgIdTaken")
        .withArgs(id("CN-TRADER"), 1);
    });

    it("when a signer already signs for an organization, then it reverts (PartyRegistrySignerTaken)", async function () {
      const { partyRegistry, alice, bob } = await networkHelpers.loadFixture(oneTrader);
      await expect(partyRegistry.registerOrganization(id("NEW"), "New", Role.BANK, 0, [bob.address, alice.address]))
        .to.be.revertedWithCustomError(partyRegistry, "PartyRegistrySignerTaken")
        .withArgs(alice.address, 1);
      expect(await partyRegistry.organizationCount()).to.equal(1n);
      expect(await partyRegistry.signerOrganization(bob.address)).to.equal(0n);
    });

    it("when the same signer is listed twice, then it reverts (PartyRegistrySignerTaken) and nothing is registered", async function () {
      const { partyRegistry, bob } = await networkHelpers.loadFixture(oneTrader);
      await expect(partyRegistry.registerOrganization(id("NEW"), "New", Role.BANK, 0, [bob.address, bob.address]))
        .to.be.revertedWithCustomError(partyRegistry, "PartyRegistrySignerTaken")
        .withArgs(bob.address, 2);
      expect(await partyRegistry.organizationCount()).to.equal(1n);
    });

    for (const [what, orgId, name, signer] of [
      ["the orgId is empty", ethers.ZeroHash, "Name", "bob"],
      ["the name is empty", id("NEW"), "", "bob"],
      ["a signer is the zero address", id("NEW"), "Name", "zero"],
    ] as const) {
      it(`when ${what}, then it reverts (PartyRegistryInvalidOrganization)`, async function () {
        const { partyRegistry, bob } = await networkHelpers.loadFixture(oneTrader);
        const key = signer === "zero" ? ethers.ZeroAddress : bob.address;
        await expect(
          partyRegistry.registerOrganization(orgId, name, Role.BANK, 0, [key]),
        ).to.be.revertedWithCustomError(partyRegistry, "PartyRegistryInvalidOrganization");
      });
    }

    for (const roles of [0, 1 << 8, 1 << 15, ALL_ROLES + 1, 0xffff]) {
      it(`when the roles are ${roles} (empty or beyond the 8 roles), then it reverts (PartyRegistryInvalidRoles)`, async function () {
        const { partyRegistry, bob } = await networkHelpers.loadFixture(oneTrader);
        await expect(partyRegistry.registerOrganization(id("NEW"), "New", roles, 0, [bob.address]))
          .to.be.revertedWithCustomError(partyRegistry, "PartyRegistryInvalidRoles")
          .withArgs(roles);
      });
    }
  });

  describe("only the operator manages the registry", function () {
    const calls: [name: string, call: (r: Awaited<ReturnType<typeof oneTrader>>) => Promise<unknown>][] = [
      ["registerOrganization", (r) => r.partyRegistry.registerOrganization(id("X"), "X", Role.BANK, 0, [])],
      ["setRoles", (r) => r.partyRegistry.setRoles(1, Role.BANK)],
      ["setCreditTier", (r) => r.partyRegistry.setCreditTier(1, CreditTier.Discredited)],
      ["suspend", (r) => r.partyRegistry.suspend(1)],
      ["reinstate", (r) => r.partyRegistry.reinstate(1)],
      ["revoke", (r) => r.partyRegistry.revoke(1)],
    ];
    for (const caller of ["alice", "stranger"] as const) {
      for (const [name, call] of calls) {
        it(`when ${caller === "alice" ? "a registered signer" : "an unregistered account"} calls ${name}, then it reverts (AccessControlUnauthorizedAccount)`, async function () {
          const r = await networkHelpers.loadFixture(oneTrader);
          const asCaller = { ...r, partyRegistry: r.partyRegistry.connect(r[caller]) };
          await expect(call(asCaller))
            .to.be.revertedWithCustomError(r.partyRegistry, "AccessControlUnauthorizedAccount")
            .withArgs(r[caller].address, r.OPERATOR_ROLE);
        });
      }
    }

    it("when the admin appoints a second operator, then it may register organizations", async function () {
      const { partyRegistry, OPERATOR_ROLE, stranger } = await networkHelpers.loadFixture(oneTrader);
      await partyRegistry.grantRole(OPERATOR_ROLE, stranger.address);
      await partyRegistry.connect(stranger).registerOrganization(id("X"), "X", Role.BANK, 0, []);
      expect(await partyRegistry.organizationCount()).to.equal(2n);
    });
  });

  describe("signers", function () {
    it("when one of its signers adds a key, then the key signs for the organization", async function () {
      const { partyRegistry, org, alice, bob } = await networkHelpers.loadFixture(oneTrader);
      await expect(partyRegistry.connect(alice).addSigner(org, bob.address))
        .to.emit(partyRegistry, "SignerAdded")
        .withArgs(org, bob.address);
      expect(await partyRegistry.activeSigner(bob.address)).to.deep.equal([BigInt(org), BigInt(Role.TRADER)]);
    });

    it("when one of its signers removes a key, then it no longer signs for anyone and may sign for another organization", async function () {
      const { partyRegistry, org, alice, bob } = await networkHelpers.loadFixture(oneTrader);
      await partyRegistry.connect(alice).addSigner(org, bob.address);
      await expect(partyRegistry.connect(bob).removeSigner(org, alice.address))
        .to.emit(partyRegistry, "SignerRemoved")
        .withArgs(org, alice.address);
      expect(await partyRegistry.signers(org)).to.deep.equal([bob.address]);
      expect(await partyRegistry.signerOrganization(alice.address)).to.equal(0n);
      await expect(partyRegistry.activeSigner(alice.address))
        .to.be.revertedWithCustomError(partyRegistry, "PartyRegistryUnknownSigner")
        .withArgs(alice.address);
      await partyRegistry.registerOrganization(id("OTHER"), "Other", Role.BANK, 0, [alice.address]);
      expect(await partyRegistry.signerOrganization(alice.address)).to.equal(2n);
    });

    it("when its last signer would be removed, then it reverts (PartyRegistryInvalidThreshold): an organization always keeps a key", async function () {
      const { partyRegistry, org, alice } = await networkHelpers.loadFixture(oneTrader);
      await expect(partyRegistry.connect(alice).removeSigner(org, alice.address))
        .to.be.revertedWithCustomError(partyRegistry, "PartyRegistryInvalidThreshold")
        .withArgs(org, 1, 0);
      expect(await partyRegistry.signers(org)).to.deep.equal([alice.address]);
    });

    it("when a signer is added to an unknown organization, then it reverts (PartyRegistryNotOrganizationSigner)", async function () {
      const { partyRegistry, alice, bob } = await networkHelpers.loadFixture(oneTrader);
      for (const org of [0, 2]) {
        await expect(partyRegistry.connect(alice).addSigner(org, bob.address))
          .to.be.revertedWithCustomError(partyRegistry, "PartyRegistryNotOrganizationSigner")
          .withArgs(org, alice.address);
      }
    });

    it("when the signer is taken or zero, then adding reverts", async function () {
      const { partyRegistry, org, alice } = await networkHelpers.loadFixture(oneTrader);
      await expect(partyRegistry.connect(alice).addSigner(org, alice.address))
        .to.be.revertedWithCustomError(partyRegistry, "PartyRegistrySignerTaken")
        .withArgs(alice.address, org);
      await expect(partyRegistry.connect(alice).addSigner(org, ethers.ZeroAddress)).to.be.revertedWithCustomError(
        partyRegistry,
        "PartyRegistryInvalidOrganization",
      );
    });

    it("when the key does not sign for that organization, then removing reverts (PartyRegistryNotSigner)", async function () {
      const { partyRegistry, org, alice, bob } = await networkHelpers.loadFixture(oneTrader);
      await partyRegistry.registerOrganization(id("OTHER"), "Other", Role.BANK, 0, [bob.address]);
      for (const [caller, o, key] of [
        [alice, org, bob.address],
        [bob, 2, alice.address],
        [alice, org, ethers.ZeroAddress],
      ] as const) {
        await expect(partyRegistry.connect(caller).removeSigner(o, key))
          .to.be.revertedWithCustomError(partyRegistry, "PartyRegistryNotSigner")
          .withArgs(o, key);
      }
      // For a number nobody signs for, the caller is refused first.
      for (const o of [0, 7]) {
        await expect(partyRegistry.connect(alice).removeSigner(o, alice.address))
          .to.be.revertedWithCustomError(partyRegistry, "PartyRegistryNotOrganizationSigner")
          .withArgs(o, alice.address);
      }
    });
  });

  describe("roles and credit tier", function () {
    it("when the operator sets roles, then every signer acts with the new roles", async function () {
      const { partyRegistry, org, alice, bob } = await networkHelpers.loadFixture(oneTrader);
      await partyRegistry.connect(alice).addSigner(org, bob.address);
      await expect(partyRegistry.setRoles(org, Role.BANK | Role.AGENT))
        .to.emit(partyRegistry, "RolesChanged")
        .withArgs(org, Role.BANK | Role.AGENT);
      for (const key of [alice.address, bob.address]) {
        expect(await partyRegistry.activeSigner(key)).to.deep.equal([BigInt(org), BigInt(Role.BANK | Role.AGENT)]);
      }
      expect((await partyRegistry.organization(org)).roles).to.equal(BigInt(Role.BANK | Role.AGENT));
    });

    it("when the roles are invalid, then setRoles reverts (PartyRegistryInvalidRoles)", async function () {
      const { partyRegistry, org } = await networkHelpers.loadFixture(oneTrader);
      for (const roles of [0, 1 << 8]) {
        await expect(partyRegistry.setRoles(org, roles))
          .to.be.revertedWithCustomError(partyRegistry, "PartyRegistryInvalidRoles")
          .withArgs(roles);
      }
    });

    it("when the operator sets the credit tier, then it is recorded", async function () {
      const { partyRegistry, org } = await networkHelpers.loadFixture(oneTrader);
      await expect(partyRegistry.setCreditTier(org, CreditTier.Discredited))
        .to.emit(partyRegistry, "CreditTierChanged")
        .withArgs(org, CreditTier.Discredited);
      expect((await partyRegistry.organization(org)).creditTier).to.equal(BigInt(CreditTier.Discredited));
    });

    it("when the organization is unknown, then setRoles and setCreditTier revert (PartyRegistryUnknownOrganization)", async function () {
      const { partyRegistry } = await networkHelpers.loadFixture(oneTrader);
      await expect(partyRegistry.setRoles(9, Role.BANK))
        .to.be.revertedWithCustomError(partyRegistry, "PartyRegistryUnknownOrganization")
        .withArgs(9);
      await expect(partyRegistry.setCreditTier(9, CreditTier.Regular))
        .to.be.revertedWithCustomError(partyRegistry, "PartyRegistryUnknownOrganization")
        .withArgs(9);
    });
  });

  describe("status: suspend, reinstate, revoke", function () {
    type Change = "suspend" | "reinstate" | "revoke";
    const target: Record<Change, number> = {
      suspend: OrgStatus.Suspended,
      reinstate: OrgStatus.Active,
      revoke: OrgStatus.Revoked,
    };
    const reach: Record<number, Change[]> = {
      [OrgStatus.Active]: [],
      [OrgStatus.Suspended]: ["suspend"],
      [OrgStatus.Revoked]: ["revoke"],
    };
    const allowed: Record<number, Change[]> = {
      [OrgStatus.Active]: ["suspend", "revoke"],
      [OrgStatus.Suspended]: ["reinstate", "revoke"],
      [OrgStatus.Revoked]: [],
    };
    const statusName = ["None", "Active", "Suspended", "Revoked"];
    for (const from of [OrgStatus.Active, OrgStatus.Suspended, OrgStatus.Revoked]) {
      for (const change of ["suspend", "reinstate", "revoke"] as const) {
        const ok = allowed[from].includes(change);
        it(`when the organization is ${statusName[from]}, then ${change} ${ok ? "succeeds" : "reverts (PartyRegistryInvalidStatusChange)"}`, async function () {
          const { partyRegistry, org } = await networkHelpers.loadFixture(oneTrader);
          for (const step of reach[from]) await partyRegistry[step](org);
          const attempt = partyRegistry[change](org);
          if (ok) {
            await expect(attempt).to.emit(partyRegistry, "StatusChanged").withArgs(org, target[change]);
            expect((await partyRegistry.organization(org)).status).to.equal(BigInt(target[change]));
          } else {
            await expect(attempt)
              .to.be.revertedWithCustomError(partyRegistry, "PartyRegistryInvalidStatusChange")
              .withArgs(org, from, target[change]);
          }
        });
      }
    }

    for (const change of ["suspend", "reinstate", "revoke"] as const) {
      it(`when the organization is unknown, then ${change} reverts (PartyRegistryUnknownOrganization)`, async function () {
        const { partyRegistry } = await networkHelpers.loadFixture(oneTrader);
        await expect(partyRegistry[change](5))
          .to.be.revertedWithCustomError(partyRegistry, "PartyRegistryUnknownOrganization")
          .withArgs(5);
      });
    }

    for (const [how, steps, status] of [
      ["suspended", ["suspend"], OrgStatus.Suspended],
      ["revoked", ["revoke"], OrgStatus.Revoked],
    ] as const) {
      it(`when the organization is ${how}, then its keys (even ones added later) cannot act and it cannot receive`, async function () {
        const { partyRegistry, org, alice, bob, carol } = await networkHelpers.loadFixture(oneTrader);
        for (const step of steps) await partyRegistry[step](org);
        await partyRegistry.connect(alice).addSigner(org, bob.address); // its keys stay its own business
        await partyRegistry.registerOrganization(id("OTHER"), "Other", Role.BANK, 0, [carol.address]);
        for (const key of [alice.address, bob.address]) {
          await expect(partyRegistry.activeSigner(key))
            .to.be.revertedWithCustomError(partyRegistry, "PartyRegistryOrganizationNotActive")
            .withArgs(org, status);
        }
        await expect(partyRegistry.activeRoles(org))
          .to.be.revertedWithCustomError(partyRegistry, "PartyRegistryOrganizationNotActive")
          .withArgs(org, status);
        await expect(partyRegistry.activeSignerAndRecipient(carol.address, org))
          .to.be.revertedWithCustomError(partyRegistry, "PartyRegistryOrganizationNotActive")
          .withArgs(org, status);
        // Its record and keys are still readable.
        expect(await partyRegistry.signers(org)).to.deep.equal([alice.address, bob.address]);
        expect(await partyRegistry.signerOrganization(bob.address)).to.equal(BigInt(org));
      });
    }

    it("when a suspended organization is reinstated, then its keys act again with its current roles", async function () {
      const { partyRegistry, org, alice } = await networkHelpers.loadFixture(oneTrader);
      await partyRegistry.suspend(org);
      await partyRegistry.setRoles(org, Role.AGENT);
      await partyRegistry.reinstate(org);
      expect(await partyRegistry.activeSigner(alice.address)).to.deep.equal([BigInt(org), BigInt(Role.AGENT)]);
    });
  });

  describe("lookups", function () {
    it("when nothing is registered under a number, id or key, then the lookups say so", async function () {
      const { partyRegistry, stranger } = await networkHelpers.loadFixture(oneTrader);
      for (const org of [0, 2]) {
        await expect(partyRegistry.organization(org))
          .to.be.revertedWithCustomError(partyRegistry, "PartyRegistryUnknownOrganization")
          .withArgs(org);
        await expect(partyRegistry.activeRoles(org))
          .to.be.revertedWithCustomError(partyRegistry, "PartyRegistryUnknownOrganization")
          .withArgs(org);
      }
      await expect(partyRegistry.orgNumber(id("NOBODY")))
        .to.be.revertedWithCustomError(partyRegistry, "PartyRegistryUnknownOrgId")
        .withArgs(id("NOBODY"));
      await expect(partyRegistry.activeSigner(stranger.address))
        .to.be.revertedWithCustomError(partyRegistry, "PartyRegistryUnknownSigner")
        .withArgs(stranger.address);
      expect(await partyRegistry.signerOrganization(stranger.address)).to.equal(0n);
    });
  });

  describe("title belongs to the organization, not to a key", function () {
    async function bankHoldsTwoBills() {
      const c = await deployExtendedCommunity(ethers);
      const bl = (party: "shipper" | "bank") => c.billOfLading.connect(c.signers[party]);
      const first = await issueBl(c, { number: "ROT1", type: BlType.ToOrder });
      await bl("shipper").endorseAndDeliver(first, c.orgs.bank);
      const second = await issueBl(c, { number: "ROT2", type: BlType.ToOrder });
      await bl("shipper").blankEndorse(second);
      await bl("shipper").transferPossession(second, c.orgs.bank);
      const oldKey = c.signers.bank;
      const newKey = c.spareKeys[0];
      return { ...c, first, second, oldKey, newKey };
    }

    it("when the bank's key is replaced, then the new key acts on every B/L the bank holds and the old key on none", async function () {
      const c = await networkHelpers.loadFixture(bankHoldsTwoBills);
      const { billOfLading, partyRegistry, orgs, first, second, oldKey, newKey } = c;
      const bankTitle = await partyRegistry.titleAddress(orgs.bank);
      const rotation = [
        await partyRegistry.connect(oldKey).addSigner(orgs.bank, newKey.address),
        await partyRegistry.connect(newKey).removeSigner(orgs.bank, oldKey.address),
      ];
      // Replacing a key moves nothing: no Transfer, same owner.
      for (const tx of rotation) await expect(tx).not.to.emit(billOfLading, "Transfer");
      expect(await billOfLading.ownerOf(first)).to.equal(bankTitle);
      expect(await billOfLading.ownerOf(second)).to.equal(bankTitle);

      for (const tokenId of [first, second]) {
        await expect(billOfLading.connect(oldKey).endorseAndDeliver(tokenId, orgs.consignee))
          .to.be.revertedWithCustomError(partyRegistry, "PartyRegistryUnknownSigner")
          .withArgs(oldKey.address);
        await expect(billOfLading.connect(oldKey).rejectTransfer(tokenId))
          .to.be.revertedWithCustomError(partyRegistry, "PartyRegistryUnknownSigner")
          .withArgs(oldKey.address);
        await expect(billOfLading.connect(oldKey).surrender(tokenId, SurrenderKind.Delivery))
          .to.be.revertedWithCustomError(partyRegistry, "PartyRegistryUnknownSigner")
          .withArgs(oldKey.address);
      }

      await expect(billOfLading.connect(newKey).endorseAndDeliver(first, orgs.consignee))
        .to.emit(billOfLading, "Transfer")
        .withArgs(bankTitle, await partyRegistry.titleAddress(orgs.consignee), first);
      await billOfLading.connect(newKey).rejectTransfer(second);
      expect((await billOfLading.billOfLading(second)).holder).to.equal(orgs.shipper);
    });

    it("when the old key is registered to another organization, then it acts only for that one", async function () {
      const c = await networkHelpers.loadFixture(bankHoldsTwoBills);
      const { billOfLading, partyRegistry, orgs, first, oldKey, newKey } = c;
      await partyRegistry.connect(oldKey).addSigner(orgs.bank, newKey.address);
      await partyRegistry.connect(newKey).removeSigner(orgs.bank, oldKey.address);
      await partyRegistry.connect(c.signers.bank2).addSigner(orgs.bank2, oldKey.address);
      await expect(billOfLading.connect(oldKey).surrender(first, SurrenderKind.Delivery))
        .to.be.revertedWithCustomError(billOfLading, "BillOfLadingNotHolder")
        .withArgs(first, orgs.bank2, orgs.bank);
      await billOfLading.connect(newKey).surrender(first, SurrenderKind.Delivery);
      expect(await billOfLading.controller(first)).to.equal(orgs.carrier);
    });
  });
});
