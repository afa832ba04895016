/**
 * Who may do what: for each operation, the only parties that succeed, and the exact error that refuses every other
 * party (each organization of the community, the suspended and revoked ones, an unregistered key), and the allowed
 * party itself once the operator suspends it.
 */
import { network } from "hardhat";
import {
  CONTAINERS,
  DAY,
  GateRefusal,
  declaration,
  deployReleaseCommunity,
  importedContainers,
  truckPlate,
} from "../../fixtures/release.ts";
import {
  RELEASE_COMMUNITY_PARTIES,
  describePermissionMatrix,
  refused,
  signerOf,
  type ActorOf,
  type Operation,
} from "../permissions.ts";

const { ethers, networkHelpers } = await network.create();

/** Two containers ready to gate out, a hold on nothing, and a third container not yet seen. */
async function ready() {
  const c = await deployReleaseCommunity(ethers);
  const imported = await importedContainers(c);
  await (await c.as("customs").placeHold(declaration("HOLD"), imported.blTokenId, [CONTAINERS.second])).wait();
  return { ...c, ...imported };
}
type Ready = Awaited<ReturnType<typeof ready>>;

const contractOf = (c: Ready, actor: ActorOf<Ready>) => c.importRelease.connect(signerOf(c, actor));
const TEN_DAYS = BigInt(10 * DAY);
const DECL = declaration("020220261000000099");

const OPERATIONS: Operation<Ready>[] = [
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
    refusal: (c, a) => refused("ImportReleaseNotCarrier", c.blTokenId, c.orgs[a], c.orgs.carrier),
  },
  {
    name: "revokeDeliveryOrder",
    allowed: ["carrier"],
    send: (c, a) => contractOf(c, a).revokeDeliveryOrder(c.deliveryOrderId, "freight unpaid"),
    refusal: (c, a) => refused("ImportReleaseNotCarrier", c.blTokenId, c.orgs[a], c.orgs.carrier),
  },
  {
    name: "nominateHaulier",
    allowed: ["consignee"],
    send: (c, a) => contractOf(c, a).nominateHaulier(c.deliveryOrderId, CONTAINERS.first, c.orgs.haulier2),
    refusal: (c, a) => refused("ImportReleaseNotConsignee", c.deliveryOrderId, c.orgs[a], c.orgs.consignee),
  },
  {
    name: "recordCustomsRelease",
    allowed: ["customs"],
    send: (c, a) => contractOf(c, a).recordCustomsRelease(DECL, c.blTokenId, [CONTAINERS.third]),
    refusal: (c, a) => refused("ImportReleaseNotCustoms", c.orgs[a]),
  },
  {
    name: "placeHold",
    allowed: ["customs"],
    send: (c, a) => contractOf(c, a).placeHold(DECL, c.blTokenId, [CONTAINERS.first]),
    refusal: (c, a) => refused("ImportReleaseNotCustoms", c.orgs[a]),
  },
  {
    name: "liftHold",
    allowed: ["customs"],
    send: (c, a) => contractOf(c, a).liftHold(DECL, c.blTokenId, [CONTAINERS.second]),
    refusal: (c, a) => refused("ImportReleaseNotCustoms", c.orgs[a]),
  },
  {
    name: "recordDischarge",
    allowed: ["terminal", "terminal2"],
    send: (c, a) => contractOf(c, a).recordDischarge(c.blTokenId, CONTAINERS.third),
    refusal: (c, a) => refused("ImportReleaseNotTerminal", c.orgs[a]),
  },
  {
    name: "correctDischarge",
    allowed: ["terminal"],
    send: (c, a) => contractOf(c, a).correctDischarge(CONTAINERS.first, 0n),
    refusal: (c, a) =>
      c.orgs[a] === c.orgs.terminal2
        ? refused("ImportReleaseNotTerminalOfRecord", CONTAINERS.first, c.orgs.terminal2, c.orgs.terminal)
        : refused("ImportReleaseNotTerminal", c.orgs[a]),
  },
  {
    name: "recordGateOut",
    allowed: ["terminal"],
    send: (c, a) => contractOf(c, a).recordGateOut(CONTAINERS.first, c.orgs.haulier, truckPlate("津A·12345")),
    refusal: (c, a) =>
      c.orgs[a] === c.orgs.terminal2
        ? refused("ImportReleaseNotReleasable", CONTAINERS.first, GateRefusal.WRONG_TERMINAL) // a terminal, not this one
        : refused("ImportReleaseNotTerminal", c.orgs[a]),
  },
];

describePermissionMatrix({
  title: "ImportRelease: who may do what",
  ethers,
  networkHelpers,
  ready,
  contract: (c) => c.importRelease,
  parties: RELEASE_COMMUNITY_PARTIES,
  operations: OPERATIONS,
});
