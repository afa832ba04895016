/**
 * Who may do what with an e-EIR: for each operation, the only parties that succeed, and the exact error that refuses
 * every other party (each organization of the community, the suspended and revoked ones, an unregistered key), and
 * the allowed party itself once the operator suspends it.
 */
import { expect } from "chai";
import { network } from "hardhat";
import { OrgStatus } from "../../fixtures/community.ts";
import { CONTAINERS } from "../../fixtures/release.ts";
import {
  PLATE,
  deployWithImport,
  emptyReturn,
  gateArgs,
  issueEir,
  type EquipmentPartyKey,
} from "../../fixtures/equipment.ts";

const { ethers, networkHelpers } = await network.create();

/** An empty return issued (terminal to depot), and another already out of the terminal, on its way to the depot. */
async function ready() {
  const c = await deployWithImport(ethers);
  const id = await issueEir(c, await emptyReturn(c));
  const outId = await issueEir(c, await emptyReturn(c, { container: CONTAINERS.fourth }));
  await (await c.eir("terminal").recordGateOut(outId, ...gateArgs(c))).wait();
  const roles = {} as Record<EquipmentPartyKey, bigint>;
  for (const party of Object.keys(c.orgs) as EquipmentPartyKey[]) {
    roles[party] = (await c.partyRegistry.organization(c.orgs[party])).roles;
  }
  return { ...c, id, outId, roles };
}
type Ready = Awaited<ReturnType<typeof ready>>;
type Actor = EquipmentPartyKey | "outsider";

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
  "depot",
  "depot2",
  "suspended",
  "revoked",
  "outsider",
];
const FACILITIES: Actor[] = ["terminal", "terminal2", "depot", "depot2"];

type Refusal = { contract: "equipmentInterchange" | "partyRegistry"; error: string; args: unknown[] };
type Operation = {
  name: string;
  allowed: Actor[];
  send: (c: Ready, actor: Actor) => Promise<unknown>;
  /** The refusal for a party that is registered, active and not allowed. */
  refusal: (c: Ready, actor: EquipmentPartyKey) => Refusal;
};

const eir = (error: string, ...args: unknown[]): Refusal => ({ contract: "equipmentInterchange", error, args });
const contractOf = (c: Ready, actor: Actor) =>
  c.equipmentInterchange.connect(actor === "outsider" ? c.outsider : c.signers[actor]);
/** A party that is not a facility is refused as such; another facility than the expected one, as the wrong one. */
const gateRefusal = (c: Ready, actor: EquipmentPartyKey, id: bigint, expected: number) =>
  FACILITIES.includes(actor)
    ? eir("EquipmentInterchangeWrongFacility", id, c.orgs[actor], expected)
    : eir("EquipmentInterchangeNotFacility", c.orgs[actor], c.roles[actor]);

const OPERATIONS: Operation[] = [
  {
    name: "issue",
    allowed: ["carrier", "carrier2", "agent"],
    send: async (c, a) => contractOf(c, a).issue(await emptyReturn(c, { container: CONTAINERS.second })),
    refusal: (c, a) => eir("EquipmentInterchangeNotEquipmentOwner", c.orgs[a], c.roles[a]),
  },
  {
    name: "assignTruck",
    allowed: ["haulier"],
    send: (c, a) => contractOf(c, a).assignTruck(c.id, PLATE, ethers.ZeroHash),
    refusal: (c, a) => eir("EquipmentInterchangeNotHaulier", c.id, c.orgs[a], c.orgs.haulier),
  },
  {
    name: "cancel",
    allowed: ["carrier"],
    send: (c, a) => contractOf(c, a).cancel(c.id, "booking cancelled"),
    refusal: (c, a) => eir("EquipmentInterchangeNotIssuer", c.id, c.orgs[a], c.orgs.carrier),
  },
  {
    name: "recordGateOut",
    allowed: ["terminal"],
    send: (c, a) => contractOf(c, a).recordGateOut(c.id, ...gateArgs(c)),
    refusal: (c, a) => gateRefusal(c, a, c.id, c.orgs.terminal),
  },
  {
    name: "recordGateIn",
    allowed: ["depot"],
    send: (c, a) => contractOf(c, a).recordGateIn(c.outId, ...gateArgs(c)),
    refusal: (c, a) => gateRefusal(c, a, c.outId, c.orgs.depot),
  },
];

/** The refusal the rules give an actor: unknown key, inactive organization, or the operation's own rule. */
function expectedRefusal(c: Ready, op: Operation, actor: Actor): Refusal {
  if (actor === "outsider") {
    return { contract: "partyRegistry", error: "PartyRegistryUnknownSigner", args: [c.outsider.address] };
  }
  if (actor === "suspended" || actor === "revoked") {
    const status = actor === "suspended" ? OrgStatus.Suspended : OrgStatus.Revoked;
    return { contract: "partyRegistry", error: "PartyRegistryOrganizationNotActive", args: [c.orgs[actor], status] };
  }
  return op.refusal(c, actor);
}

async function expectRefused(c: Ready, tx: Promise<unknown>, refusal: Refusal) {
  const contract = refusal.contract === "equipmentInterchange" ? c.equipmentInterchange : c.partyRegistry;
  await expect(tx)
    .to.be.revertedWithCustomError(contract, refusal.error)
    .withArgs(...refusal.args);
}

describe("EquipmentInterchange: who may do what", function () {
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
            const org = c.orgs[actor as EquipmentPartyKey];
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
