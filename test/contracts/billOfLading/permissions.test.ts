/**
 * Who may do what, in every state: each scenario lists the only actions that succeed; every other action by every
 * party (carrier, second carrier, shipper, banks, consignee, agent, terminal, customs, haulier, suspended and revoked
 * organizations, an unregistered outsider) must revert with the exact error the rules give (see rules.ts).
 */
import { expect } from "chai";
import { network } from "hardhat";
import {
  BlType,
  Role,
  SurrenderKind,
  blNumber,
  checksum,
  deployExtendedCommunity,
  issueBl,
  tokenIdFor,
  type ExtendedCommunity,
} from "../../fixtures/community.ts";
import { checkEveryAction } from "./behaviours.ts";

const { ethers, networkHelpers } = await network.create();

/** `inUse`: the document of another carrier's B/L, which every amendment attempt also tries (and must be refused). */
type Scenario = { community: ExtendedCommunity; tokenId: bigint; to: number; inUse: string };

async function setup(build: (c: ExtendedCommunity) => Promise<bigint>, to: (c: ExtendedCommunity) => number) {
  const community = await deployExtendedCommunity(ethers);
  const tokenId = await build(community);
  const inUse = checksum("another carrier's document");
  await issueBl(community, {
    number: "OTHER1",
    type: BlType.ToOrder,
    carrier: community.signers.carrier2,
    label: "another carrier's document",
  });
  return { community, tokenId, to: to(community), inUse } satisfies Scenario;
}

const as = (c: ExtendedCommunity, party: keyof ExtendedCommunity["signers"]) =>
  c.billOfLading.connect(c.signers[party]);
const straight = (c: ExtendedCommunity) => issueBl(c, { number: "STRAIGHT1", type: BlType.Straight });
const toOrder = (c: ExtendedCommunity) => issueBl(c, { number: "ORDER1", type: BlType.ToOrder });
async function deliveredToBank(c: ExtendedCommunity) {
  const id = await toOrder(c);
  await as(c, "shipper").endorseAndDeliver(id, c.orgs.bank);
  return id;
}
async function blankEndorsed(c: ExtendedCommunity) {
  const id = await toOrder(c);
  await as(c, "shipper").blankEndorse(id);
  return id;
}
async function straightSurrendered(c: ExtendedCommunity, kind: number) {
  const id = await straight(c);
  await as(c, "shipper").transferPossession(id, c.orgs.consignee);
  await as(c, "consignee").surrender(id, kind);
  return id;
}

// Fixtures are module-level functions so that loadFixture snapshots each one once.
const fixtures = {
  straightHeldByShipper: () => setup(straight, (c) => c.orgs.consignee),
  straightDeliveredToConsignee: () =>
    setup(
      async (c) => {
        const id = await straight(c);
        await as(c, "shipper").transferPossession(id, c.orgs.consignee);
        return id;
      },
      (c) => c.orgs.shipper,
    ),
  toOrderHeldByShipper: () => setup(toOrder, (c) => c.orgs.bank),
  endorsedToBankNotDelivered: () =>
    setup(
      async (c) => {
        const id = await toOrder(c);
        await as(c, "shipper").endorse(id, c.orgs.bank);
        return id;
      },
      (c) => c.orgs.bank,
    ),
  endorsedAndDeliveredToBank: () => setup(deliveredToBank, (c) => c.orgs.consignee),
  blankEndorsedByShipper: () => setup(blankEndorsed, (c) => c.orgs.bank),
  blankEndorsedHandedToBank2: () =>
    setup(
      async (c) => {
        const id = await blankEndorsed(c);
        await as(c, "shipper").transferPossession(id, c.orgs.bank2);
        return id;
      },
      (c) => c.orgs.consignee,
    ),
  rejectedBackToShipper: () =>
    setup(
      async (c) => {
        const id = await deliveredToBank(c);
        await as(c, "bank").rejectTransfer(id);
        return id;
      },
      (c) => c.orgs.bank,
    ),
  seaWaybill: () =>
    setup(
      (c) => issueBl(c, { number: "SWB1", type: BlType.SeaWaybill }),
      (c) => c.orgs.consignee,
    ),
  surrenderedForDelivery: () =>
    setup(
      (c) => straightSurrendered(c, SurrenderKind.Delivery),
      (c) => c.orgs.bank,
    ),
  surrenderedForAmendment: () =>
    setup(
      async (c) => {
        const id = await deliveredToBank(c);
        await as(c, "bank").surrender(id, SurrenderKind.Amendment);
        return id;
      },
      (c) => c.orgs.consignee,
    ),
  surrenderedForPaper: () =>
    setup(
      async (c) => {
        const id = await toOrder(c);
        await as(c, "shipper").surrender(id, SurrenderKind.Paper);
        return id;
      },
      (c) => c.orgs.bank,
    ),
  accomplished: () =>
    setup(
      async (c) => {
        const id = await straightSurrendered(c, SurrenderKind.Delivery);
        await as(c, "carrier").acceptSurrender(id);
        return id;
      },
      (c) => c.orgs.bank,
    ),
  voided: () =>
    setup(
      async (c) => {
        const id = await straightSurrendered(c, SurrenderKind.Paper);
        await as(c, "carrier").acceptSurrender(id);
        return id;
      },
      (c) => c.orgs.bank,
    ),
  holderSuspended: () =>
    setup(
      async (c) => {
        const id = await deliveredToBank(c);
        await c.partyRegistry.suspend(c.orgs.bank);
        return id;
      },
      (c) => c.orgs.consignee,
    ),
  holderRevoked: () =>
    setup(
      async (c) => {
        const id = await deliveredToBank(c);
        await c.partyRegistry.revoke(c.orgs.bank);
        return id;
      },
      (c) => c.orgs.consignee,
    ),
  holderRevokedAfterActing: () =>
    setup(
      async (c) => {
        const id = await deliveredToBank(c);
        await as(c, "bank").blankEndorse(id); // it acted, so it can no longer reject the transfer
        await c.partyRegistry.revoke(c.orgs.bank);
        return id;
      },
      (c) => c.orgs.consignee,
    ),
  revokedHolderSendingToRevoked: () =>
    setup(
      async (c) => {
        const id = await deliveredToBank(c);
        await c.partyRegistry.revoke(c.orgs.bank);
        return id;
      },
      (c) => c.orgs.revoked, // a revoked organization can never receive
    ),
  deliverySurrenderHolderRevoked: () =>
    setup(
      async (c) => {
        const id = await straightSurrendered(c, SurrenderKind.Delivery);
        await c.partyRegistry.revoke(c.orgs.consignee);
        return id;
      },
      (c) => c.orgs.bank,
    ),
  carrierRoleWithdrawnWhileSurrendered: () =>
    setup(
      async (c) => {
        const id = await deliveredToBank(c);
        await as(c, "bank").surrender(id, SurrenderKind.Amendment);
        await c.partyRegistry.setRoles(c.orgs.carrier, Role.AGENT);
        return id;
      },
      (c) => c.orgs.consignee,
    ),
  carrierSuspended: () =>
    setup(
      async (c) => {
        const id = await toOrder(c);
        await c.partyRegistry.suspend(c.orgs.carrier);
        return id;
      },
      (c) => c.orgs.bank,
    ),
  deliverySurrenderHolderSuspended: () =>
    setup(
      async (c) => {
        const id = await straightSurrendered(c, SurrenderKind.Delivery);
        await c.partyRegistry.suspend(c.orgs.consignee);
        return id;
      },
      (c) => c.orgs.bank,
    ),
  amendmentSurrenderHolderSuspended: () =>
    setup(
      async (c) => {
        const id = await deliveredToBank(c);
        await as(c, "bank").surrender(id, SurrenderKind.Amendment);
        await c.partyRegistry.suspend(c.orgs.bank);
        return id;
      },
      (c) => c.orgs.consignee,
    ),
  unknownToken: () =>
    setup(
      async (c) => tokenIdFor(ethers, c.orgs.carrier, blNumber("NEVER ISSUED")),
      (c) => c.orgs.bank,
    ),
};

const HOLDER_OF_TO_ORDER = ["transferPossession", "endorse", "blankEndorse", "endorseAndDeliver"];
const SURRENDERS = ["surrender:Delivery", "surrender:Amendment", "surrender:Paper"];
const by = (actor: string, actions: string[]) => actions.map((action) => `${actor} ${action}`);

const table: [when: string, fixture: () => Promise<Scenario>, onlyAllowed: string[]][] = [
  [
    "a straight B/L is held by its shipper",
    fixtures.straightHeldByShipper,
    by("shipper", ["transferPossession"]), // to the named consignee; no endorsement, no surrender by a non-consignee
  ],
  [
    "a straight B/L was just delivered to its consignee",
    fixtures.straightDeliveredToConsignee,
    by("consignee", ["rejectTransfer", ...SURRENDERS]),
  ],
  [
    "a to-order B/L is held by its shipper, to its order",
    fixtures.toOrderHeldByShipper,
    by("shipper", [...HOLDER_OF_TO_ORDER, ...SURRENDERS]),
  ],
  [
    "the shipper endorsed the B/L to the bank but kept it",
    fixtures.endorsedToBankNotDelivered,
    by("shipper", ["transferPossession"]),
  ],
  [
    "the shipper endorsed and delivered the B/L to the bank",
    fixtures.endorsedAndDeliveredToBank,
    by("bank", [...HOLDER_OF_TO_ORDER, "rejectTransfer", ...SURRENDERS]),
  ],
  [
    "the shipper endorsed the B/L in blank",
    fixtures.blankEndorsedByShipper,
    by("shipper", ["transferPossession", "endorse", "endorseAndDeliver", ...SURRENDERS]),
  ],
  [
    "a blank-endorsed B/L was handed to the second bank",
    fixtures.blankEndorsedHandedToBank2,
    by("bank2", ["transferPossession", "endorse", "endorseAndDeliver", "rejectTransfer", ...SURRENDERS]),
  ],
  [
    "the bank rejected the transfer back to the shipper",
    fixtures.rejectedBackToShipper,
    by("shipper", [...HOLDER_OF_TO_ORDER, ...SURRENDERS]),
  ],
  ["the B/L is a sea waybill", fixtures.seaWaybill, []],
  [
    "the consignee surrendered a straight B/L for delivery",
    fixtures.surrenderedForDelivery,
    by("carrier", ["acceptSurrender", "rejectSurrender"]),
  ],
  [
    "the bank surrendered the B/L for amendment",
    fixtures.surrenderedForAmendment,
    by("carrier", ["rejectSurrender", "amend"]),
  ],
  [
    "the shipper surrendered the B/L to switch to paper",
    fixtures.surrenderedForPaper,
    by("carrier", ["acceptSurrender", "rejectSurrender"]),
  ],
  ["the B/L is accomplished", fixtures.accomplished, []],
  ["the B/L is voided", fixtures.voided, []],
  ["the holder of the B/L has been suspended", fixtures.holderSuspended, []],
  [
    "the holder of the B/L has been revoked just after receiving it (it may only give title back out)",
    fixtures.holderRevoked,
    // Never endorse in place or surrender; as the named endorsee it may not pass possession alone either, or its title
    // would stay with it for good (review/revokedTitle): it endorses and delivers.
    by("bank", ["endorseAndDeliver", "rejectTransfer"]),
  ],
  [
    "the holder of the B/L has been revoked after blank-endorsing it",
    fixtures.holderRevokedAfterActing,
    by("bank", ["transferPossession", "endorseAndDeliver"]),
  ],
  [
    "the revoked holder names a revoked organization",
    fixtures.revokedHolderSendingToRevoked,
    by("bank", ["rejectTransfer"]), // the revoked organization cannot receive
  ],
  [
    "the consignee was revoked after surrendering for delivery",
    fixtures.deliverySurrenderHolderRevoked,
    by("carrier", ["rejectSurrender"]), // the surrender is not accepted; it goes back to the revoked holder
  ],
  [
    "the carrier lost the carrier role while a surrender for amendment was pending",
    fixtures.carrierRoleWithdrawnWhileSurrendered,
    [], // a former carrier accepts, rejects and amends nothing (BillOfLadingNotCarrier)
  ],
  [
    "the issuing carrier has been suspended (it can receive no surrender)",
    fixtures.carrierSuspended,
    by("shipper", HOLDER_OF_TO_ORDER),
  ],
  [
    "the consignee was suspended after surrendering for delivery",
    fixtures.deliverySurrenderHolderSuspended,
    by("carrier", ["rejectSurrender"]), // a suspended holder's surrender is not accepted; a refusal returns it
  ],
  [
    "the bank was suspended after surrendering for amendment",
    fixtures.amendmentSurrenderHolderSuspended,
    by("carrier", ["rejectSurrender"]),
  ],
  ["no B/L has the token id", fixtures.unknownToken, []],
];

describe("BillOfLading: who may do what", function () {
  for (const [when, fixture, onlyAllowed] of table) {
    describe(`when ${when}`, function () {
      const summary = onlyAllowed.length === 0 ? "nobody may do anything" : `only ${onlyAllowed.join(", ")}`;
      it(`then ${summary}; every other attempt reverts with its exact error`, async function () {
        const { community, tokenId, to, inUse } = await networkHelpers.loadFixture(fixture);
        const { signers, outsider } = community;
        const allowed = await checkEveryAction(community, { ...signers, outsider }, tokenId, to, inUse);
        expect(allowed).to.have.members(onlyAllowed);
        expect(allowed).to.have.lengthOf(onlyAllowed.length);
      });
    });
  }
});
