/**
 * Permission matrices: for each operation of a contract, the only parties that succeed, and the exact error that
 * refuses every other party (each organization of the community, the suspended and revoked ones, an unregistered key),
 * and the allowed party itself once the operator suspends it.
 */
import { expect } from "chai";
import type { BaseContract } from "ethers";
import type { HardhatEthers, HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import type { NetworkHelpers } from "@nomicfoundation/hardhat-network-helpers/types";
import { OrgStatus } from "../fixtures/community.ts";
import type { PartyRegistry } from "../../types/ethers-contracts/index.js";

/** The active organizations of the release community (fixtures/release.ts), in the order the matrices list them. */
export const RELEASE_COMMUNITY_PARTIES = [
  "carrier",
  "carrier2",
  "shipper",
  "bank",
  "bank2",
  "consignee",
  "agent",
  "terminal",
  "terminal2",
  "customs",
  "haulier",
  "haulier2",
] as const;

/** What a matrix needs of a community: its organizations, their keys, an unregistered key and the registry. */
type Community = {
  orgs: Record<string, number>;
  signers: Record<string, HardhatEthersSigner>;
  outsider: HardhatEthersSigner;
  partyRegistry: PartyRegistry;
};
/** A registered organization of the community `C`. */
export type PartyOf<C extends Community> = keyof C["orgs"] & string;
/** Who may call: a registered organization, or an unregistered key. */
export type ActorOf<C extends Community> = PartyOf<C> | "outsider";

/** A revert with a custom error of the contract under test (or of the registry, for the refusals every matrix shares). */
export type Refusal = { error: string; args: unknown[] };
export const refused = (error: string, ...args: unknown[]): Refusal => ({ error, args });

export type Operation<C extends Community> = {
  name: string;
  allowed: ActorOf<C>[];
  send: (c: C, actor: ActorOf<C>) => Promise<unknown>;
  /** The refusal for a party that is registered, active and not allowed. */
  refusal: (c: C, actor: PartyOf<C>) => Refusal;
};

/** The key an actor signs with. */
export function signerOf<C extends Community>(c: C, actor: ActorOf<C>): HardhatEthersSigner {
  return actor === "outsider" ? c.outsider : c.signers[actor];
}

async function expectRefused(contract: BaseContract, tx: Promise<unknown>, refusal: Refusal) {
  await expect(tx)
    .to.be.revertedWithCustomError(contract, refusal.error)
    .withArgs(...refusal.args);
}

/**
 * Describes `title`: for each operation, for each party (the `parties` given, then the suspended and revoked
 * organizations and the unregistered outsider), either that it succeeds and is refused once its organization is
 * suspended, or that it is refused with its exact error. Each test starts from `ready`, snapshotted once.
 */
export function describePermissionMatrix<C extends Community>(spec: {
  title: string;
  ethers: HardhatEthers;
  networkHelpers: NetworkHelpers;
  ready: () => Promise<C>;
  /** The contract under test, whose custom errors the operations' own refusals are. */
  contract: (c: C) => BaseContract;
  /** The active organizations to try each operation with. */
  parties: readonly PartyOf<C>[];
  operations: Operation<C>[];
}) {
  const { ethers, networkHelpers, ready, contract, operations } = spec;
  const parties: ActorOf<C>[] = [...spec.parties, "suspended", "revoked", "outsider"];

  /** The refusal the rules give an actor: unknown key, inactive organization, or the operation's own rule. */
  function expectedRefusal(c: C, op: Operation<C>, actor: ActorOf<C>): [BaseContract, Refusal] {
    if (actor === "outsider") {
      return [c.partyRegistry, refused("PartyRegistryUnknownSigner", c.outsider.address)];
    }
    if (actor === "suspended" || actor === "revoked") {
      const status = actor === "suspended" ? OrgStatus.Suspended : OrgStatus.Revoked;
      return [c.partyRegistry, refused("PartyRegistryOrganizationNotActive", c.orgs[actor], status)];
    }
    return [contract(c), op.refusal(c, actor)];
  }

  describe(spec.title, function () {
    for (const op of operations) {
      describe(op.name, function () {
        for (const actor of parties) {
          if (op.allowed.includes(actor)) {
            it(`when the ${actor} calls it, then it succeeds`, async function () {
              const c = await networkHelpers.loadFixture(ready);
              await expect(op.send(c, actor)).not.to.revert(ethers);
            });
            it(`when the ${actor} is suspended, then PartyRegistryOrganizationNotActive`, async function () {
              const c = await networkHelpers.loadFixture(ready);
              const org = c.orgs[actor as PartyOf<C>];
              await c.partyRegistry.suspend(org);
              await expectRefused(
                c.partyRegistry,
                op.send(c, actor),
                refused("PartyRegistryOrganizationNotActive", org, OrgStatus.Suspended),
              );
            });
          } else {
            it(`when the ${actor} calls it, then it is refused with its exact error`, async function () {
              const c = await networkHelpers.loadFixture(ready);
              const [refusing, refusal] = expectedRefusal(c, op, actor);
              await expectRefused(refusing, op.send(c, actor), refusal);
            });
          }
        }
      });
    }
  });
}
