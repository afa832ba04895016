/**
 * Who may do what: for each operation, the only parties that succeed, and the exact error that refuses every other
 * party (each organization of the community, the suspended and revoked ones, an unregistered key), and the allowed
 * party itself once the operator suspends it.
 */
import { expect } from "chai";
import { network } from "hardhat";
import { OrgStatus } from "../../fixtures/community.ts";
import {
  CONTAINERS,
  DAY,
  GateRefusal,
  declaration,
  deployReleaseCommunity,
  importedContainers,
  truckPlate,
  type ReleasePartyKey,
} from "../../fixtures/release.ts";

const { ethers, networkHelpers } = await network.create();

/** Two containers ready to gate out, a hold on nothing, and a third container not yet seen. */
async function ready() {
  const c = await deployReleaseCommunity(ethers);
  const imported = await importedContainers(c);
  await (await c.as("customs").placeHold(declaration("HOLD"), imported.blTokenId, [CONTAINERS.second])).wait();
  return { ...c, ...imported };
}
type Ready = Awaited<ReturnType<typeof ready>>;
type Actor = ReleasePartyKey | "outsider";

const PARTIES: Actor[] = [
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
  "suspended",
  "revoked",
  "outsider",
];

type Refusal = { contract: "importRelease" | "partyRegistry"; error: string; args: unknown[] };
type Operation = {
  name: string;
  allowed: Actor[];
  send: (c: Ready, actor: Actor) => Promise<unknown>;
  /** The refusal for a party that is registered, active and not allowed. */
  refusal: (c: Ready, org: number) => Refusal;
};

const ir = (error: string, ...args: unknown[]): Refusal => ({ contract: "importRelease", error, args });
const contractOf = (c: Ready, actor: Actor) =>
  c.importRelease.connect(actor === "outsider" ? c.outsider : c.signers[actor]);
const TEN_DAYS = BigInt(10 * DAY);
const DECL = declaration("020220261000000099");

const OPERATIONS: Operation[] = [
  {
    name: "issueDeliveryOrder",
    allowed: ["carrier"],
    send: async (c, a) => {
      const now = await c.now();
      return contractOf(c, a).issueDeliveryOrder(
        c.blTokenId,
        [CONTAINERS.third],
        0,
        c.orgs.terminal,
        now,
        now + TEN_DAYS,
      );
    },
    refusal: (c, org) => ir("ImportReleaseNotCarrier", c.blTokenId, org, c.orgs.carrier),
  },
  {
    name: "revokeDeliveryOrder",
    allowed: ["carrier"],
    send: (c, a) => contractOf(c, a).revokeDeliveryOrder(c.deliveryOrderId, "freight unpaid"),
    refusal: (c, org) => ir("ImportReleaseNotCarrier", c.blTokenId, org, c.orgs.carrier),
  },
  {
    name: "nominateHaulier",
    allowed: ["consignee"],
    send: (c, a) => contractOf(c, a).nominateHaulier(c.deliveryOrderId, CONTAINERS.first, c.orgs.haulier2),
    refusal: (c, org) => ir("ImportReleaseNotConsignee", c.deliveryOrderId, org, c.orgs.consignee),
  },
  {
    name: "recordCustomsRelease",
    allowed: ["customs"],
    send: (c, a) => contractOf(c, a).recordCustomsRelease(DECL, c.blTokenId, [CONTAINERS.third]),
    refusal: (_c, org) => ir("ImportReleaseNotCustoms", org),
  },
  {
    name: "placeHold",
    allowed: ["customs"],
    send: (c, a) => contractOf(c, a).placeHold(DECL, c.blTokenId, [CONTAINERS.first]),
    refusal: (_c, org) => ir("ImportReleaseNotCustoms", org),
  },
  {
    name: "liftHold",
    allowed: ["customs"],
    send: (c, a) => contractOf(c, a).liftHold(DECL, c.blTokenId, [CONTAINERS.second]),
    refusal: (_c, org) => ir("ImportReleaseNotCustoms", org),
  },
  {
    name: "recordDischarge",
    allowed: ["terminal", "terminal2"],
    send: (c, a) => contractOf(c, a).recordDischarge(c.blTokenId, CONTAINERS.third),
    refusal: (_c, org) => ir("ImportReleaseNotTerminal", org),
  },
  {
    name: "recordGateOut",
    allowed: ["terminal"],
    send: (c, a) => contractOf(c, a).recordGateOut(CONTAINERS.first, c.orgs.haulier, truckPlate("津A·12345")),
    refusal: (c, org) =>
      org === c.orgs.terminal2
        ? ir("ImportReleaseNotReleasable", CONTAINERS.first, GateRefusal.WRONG_TERMINAL) // a terminal, not this one
        : ir("ImportReleaseNotTerminal", org),
  },
];

/** The refusal the rules give an actor: unknown key, inactive organization, or the operation's own rule. */
function expectedRefusal(c: Ready, op: Operation, actor: Actor): Refusal {
  if (actor === "outsider") {
    return { contract: "partyRegistry", error: "PartyRegistryUnknownSigner", args: [c.outsider.address] };
  }
  const org = c.orgs[actor];
  if (actor === "suspended" || actor === "revoked") {
    const status = actor === "suspended" ? OrgStatus.Suspended : OrgStatus.Revoked;
    return { contract: "partyRegistry", error: "PartyRegistryOrganizationNotActive", args: [org, status] };
  }
  return op.refusal(c, org);
}

async function expectRefused(c: Ready, tx: Promise<unknown>, refusal: Refusal) {
  const contract = refusal.contract === "importRelease" ? c.importRelease : c.partyRegistry;
  await expect(tx)
    .to.be.revertedWithCustomError(contract, refusal.error)
    .withArgs(...refusal.args);
}

describe("ImportRelease: who may do what", function () {
  for (const op of OPERATIONS) {
    describe(op.name, function () {
      for (const actor of PARTIES) {
        if (op.allowed.includes(actor)) {
          it(`when the ${actor} calls it, then it succeeds`, async function () {
            const c = await networkHelpers.loadFixture(ready);
            await expect(op.send(c, actor)).not.to.revert(ethers);
          });
          it(`when the ${actor} is suspended, then PartyRegistryOrganizationNotActive`, async function () {
            const c = await networkHelpers.loadFixture(ready);
            const org = c.orgs[actor as ReleasePartyKey];
            await c.partyRegistry.suspend(org);
            await expectRefused(c, op.send(c, actor), {
              contract: "partyRegistry",
              error: "PartyRegistryOrganizationNotActive",
              args: [org, OrgStatus.Suspended],
            });
          });
        } else {
          it(`when the ${actor} calls it, then it is refused with its exact error`, async function () {
            const c = await networkHelpers.loadFixture(ready);
            await expectRefused(c, op.send(c, actor), expectedRefusal(c, op, actor));
          });
        }
      }
    });
  }
});
