/**
 * Who may do what with an e-EIR: for each operation, the only parties that succeed, and the exact error that refuses
 * every other party (each organization of the community, the suspended and revoked ones, an unregistered key), and
 * the allowed party itself once the operator suspends it.
 */
import { network } from "hardhat";
import { CONTAINERS } from "../../fixtures/release.ts";
import {
  PLATE,
  deployWithImport,
  emptyReturn,
  gateArgs,
  issueEir,
  type EquipmentPartyKey,
} from "../../fixtures/equipment.ts";
import {
  RELEASE_COMMUNITY_PARTIES,
  describePermissionMatrix,
  refused,
  signerOf,
  type ActorOf,
  type Operation,
} from "../permissions.ts";

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

const FACILITIES: ActorOf<Ready>[] = ["terminal", "terminal2", "depot", "depot2"];

const contractOf = (c: Ready, actor: ActorOf<Ready>) => c.equipmentInterchange.connect(signerOf(c, actor));
/** A party that is not a facility is refused as such; another facility than the expected one, as the wrong one. */
const gateRefusal = (c: Ready, actor: EquipmentPartyKey, id: bigint, expected: number) =>
  FACILITIES.includes(actor)
    ? refused("EquipmentInterchangeWrongFacility", id, c.orgs[actor], expected)
    : refused("EquipmentInterchangeNotFacility", c.orgs[actor], c.roles[actor]);

const OPERATIONS: Operation<Ready>[] = [
  {
    name: "issue",
    allowed: ["carrier", "carrier2", "agent"],
    send: async (c, a) => contractOf(c, a).issue(await emptyReturn(c, { container: CONTAINERS.second })),
    refusal: (c, a) => refused("EquipmentInterchangeNotEquipmentOwner", c.orgs[a], c.roles[a]),
  },
  {
    name: "assignTruck",
    allowed: ["haulier"],
    send: (c, a) => contractOf(c, a).assignTruck(c.id, PLATE, ethers.ZeroHash),
    refusal: (c, a) => refused("EquipmentInterchangeNotHaulier", c.id, c.orgs[a], c.orgs.haulier),
  },
  {
    name: "cancel",
    allowed: ["carrier"],
    send: (c, a) => contractOf(c, a).cancel(c.id, "booking cancelled"),
    refusal: (c, a) => refused("EquipmentInterchangeNotIssuer", c.id, c.orgs[a], c.orgs.carrier),
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

describePermissionMatrix({
  title: "EquipmentInterchange: who may do what",
  ethers,
  networkHelpers,
  ready,
  contract: (c) => c.equipmentInterchange,
  parties: [...RELEASE_COMMUNITY_PARTIES, "depot", "depot2"],
  operations: OPERATIONS,
});
