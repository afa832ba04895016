/**
 * Property tests: random sequences of B/L actions by random parties (most of them not allowed), with the operator
 * suspending and reinstating organizations in between. After every step:
 * - the contract did exactly what the rules (billOfLading/rules.ts) say: a refused action reverts with its exact
 *   error and changes nothing;
 * - until the B/L is accomplished or voided exactly one organization controls it (the holder while active, the
 *   carrier while a surrender is pending); afterwards nothing moves it;
 * - every change of holder emitted an ERC-721 Transfer from the old holder's title address to the new one's;
 * - replaying the B/L's events alone (Issued, ActionRecorded, DocumentAmended, Transfer) gives the contract's holder,
 *   endorsee, blank endorsement, state and document checksum.
 */
import { expect } from "chai";
import fc from "fast-check";
import { network } from "hardhat";
import type { EventLog, Log } from "ethers";
import {
  ActionCode,
  BlState,
  BlType,
  SurrenderKind,
  blNumber,
  checksum,
  deployExtendedCommunity,
  titleAddressOf,
  type ExtendedCommunity,
} from "../fixtures/community.ts";
import { expectOutcome } from "./billOfLading/behaviours.ts";
import {
  describeAction,
  expectedController,
  perform,
  predict,
  readDocuments,
  readRecord,
  readWorld,
  type Action,
  type BlRecord,
  type World,
} from "./billOfLading/rules.ts";

const { ethers, networkHelpers } = await network.create();

const RUNS = 50;
const STEPS = 20;
/** The documents an amendment may name (besides the current one): each can back only one version, ever. */
const AMENDMENTS = [1, 2, 3].map((n) => checksum(`amend${n}`));

async function community() {
  return deployExtendedCommunity(ethers);
}

type Party = keyof ExtendedCommunity["signers"] | "outsider";
const PARTIES: Party[] = [
  "carrier",
  "carrier2",
  "shipper",
  "bank",
  "bank2",
  "consignee",
  "agent",
  "terminal",
  "customs",
  "haulier",
  "suspended",
  "revoked",
  "outsider",
];
const RECIPIENTS: (Party | 999)[] = [
  "shipper",
  "bank",
  "bank2",
  "consignee",
  "agent",
  "consignee",
  "bank",
  "carrier",
  999,
];
const SUSPENDABLE: Party[] = ["shipper", "bank", "bank2", "consignee", "agent", "carrier"];

/** Who acts: usually whoever controls the B/L (so that sequences get somewhere), otherwise anyone. */
type Actor = { controller: true } | { controller: false; party: Party };

const actorArb: fc.Arbitrary<Actor> = fc.oneof(
  { weight: 4, arbitrary: fc.constant({ controller: true as const }) },
  { weight: 1, arbitrary: fc.constantFrom(...PARTIES).map((party) => ({ controller: false as const, party })) },
);
const recipientArb = fc.constantFrom(...RECIPIENTS);
const ACTIVE_OPS: Action["op"][] = [
  "transferPossession",
  "endorse",
  "blankEndorse",
  "endorseAndDeliver",
  "rejectTransfer",
  "surrender",
];
const PENDING_OPS: Action["op"][] = ["acceptSurrender", "rejectSurrender", "amend"];
const LIKELY_ACTIVE_OPS: Action["op"][] = [...ACTIVE_OPS, "endorseAndDeliver", "surrender"]; // weighted towards the end of the chain
const LIKELY_PENDING_OPS: Action["op"][] = [...PENDING_OPS, "acceptSurrender"];
/**
 * An action drawn three ways; which one is used is decided when it runs: one that fits an active B/L, one that fits
 * a pending surrender, or any action at all (`anyOp`), so that sequences both make progress and try the wrong thing.
 */
type Draft = {
  activeOp: Action["op"];
  pendingOp: Action["op"];
  anyOp: Action["op"] | null;
  to: Party | 999;
  kind: number;
  amendment: number;
};
const draftArb: fc.Arbitrary<Draft> = fc.record({
  activeOp: fc.constantFrom(...LIKELY_ACTIVE_OPS),
  pendingOp: fc.constantFrom(...LIKELY_PENDING_OPS),
  anyOp: fc.oneof(
    { weight: 3, arbitrary: fc.constant(null) },
    { weight: 1, arbitrary: fc.constantFrom(...ACTIVE_OPS, ...PENDING_OPS) },
  ),
  to: recipientArb,
  kind: fc.constantFrom(
    SurrenderKind.None,
    ...[SurrenderKind.Delivery, SurrenderKind.Amendment, SurrenderKind.Paper].flatMap((k) => [k, k]),
  ),
  amendment: fc.nat({ max: 3 }), // 0 is "unchanged": the current checksum
});
/** A B/L action by someone, or the operator suspending or reinstating an organization. */
type Step =
  { kind: "draft"; actor: Actor; draft: Draft } | { kind: "registry"; change: "suspend" | "reinstate"; party: Party };
const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 14, arbitrary: fc.record({ kind: fc.constant("draft" as const), actor: actorArb, draft: draftArb }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("registry" as const),
      change: fc.constantFrom("suspend" as const, "reinstate" as const, "reinstate" as const),
      party: fc.constantFrom(...SUSPENDABLE),
    }),
  },
);
const issueArb = fc.record({
  blType: fc.oneof(
    { weight: 2, arbitrary: fc.constant(BlType.Straight) },
    { weight: 5, arbitrary: fc.constant(BlType.ToOrder) },
    { weight: 1, arbitrary: fc.constant(BlType.SeaWaybill) },
  ),
  holder: fc.constantFrom<Party>("shipper", "bank", "agent"),
});

/** The endorsement chain as the events alone tell it. */
type Replayed = { holder: number; endorsee: number; blankEndorsed: boolean; state: number; checksum: string };

async function replay(c: ExtendedCommunity, tokenId: bigint, orgOfTitle: Map<string, number>): Promise<Replayed> {
  const bl = c.billOfLading;
  const logs = [
    ...(await bl.queryFilter(bl.filters.Issued(tokenId))),
    ...(await bl.queryFilter(bl.filters.ActionRecorded(tokenId))),
    ...(await bl.queryFilter(bl.filters.DocumentAmended(tokenId))),
    ...(await bl.queryFilter(bl.filters.Transfer(undefined, undefined, tokenId))),
  ] as (EventLog | Log)[];
  logs.sort((a, b) => a.blockNumber - b.blockNumber || a.index - b.index);
  const byTx = new Map<string, EventLog[]>();
  for (const log of logs) {
    const group = byTx.get(log.transactionHash) ?? [];
    group.push(log as EventLog);
    byTx.set(log.transactionHash, group);
  }

  const chain: Replayed = { holder: 0, endorsee: 0, blankEndorsed: false, state: BlState.None, checksum: "" };
  let kind: number = SurrenderKind.None;
  let before = { endorsee: 0, blankEndorsed: false }; // the endorsement a rejection of the last transfer restores
  for (const group of byTx.values()) {
    const start = { endorsee: chain.endorsee, blankEndorsed: chain.blankEndorsed };
    const rejecting = group.some(
      (e) => e.eventName === "ActionRecorded" && Number(e.args.action) === ActionCode.REJECT_TRANSFER,
    );
    for (const e of group) {
      if (e.eventName === "Issued") {
        chain.holder = Number(e.args.holder);
        chain.endorsee = Number(e.args.blType) === BlType.ToOrder ? chain.holder : 0;
        chain.state = BlState.Active;
        chain.checksum = e.args.documentChecksum;
      } else if (e.eventName === "DocumentAmended") {
        chain.checksum = e.args.documentChecksum;
      } else if (e.eventName === "Transfer") {
        if (e.args.from === ethers.ZeroAddress) {
          expect(orgOfTitle.get(e.args.to)).to.equal(chain.holder);
        } else if (e.args.to === ethers.ZeroAddress) {
          chain.state = kind === SurrenderKind.Delivery ? BlState.Accomplished : BlState.Voided;
        } else {
          expect(orgOfTitle.get(e.args.from), "a Transfer leaves from the holder").to.equal(chain.holder);
          chain.holder = orgOfTitle.get(e.args.to)!;
          if (!rejecting) before = start;
        }
      } else {
        const action = Number(e.args.action);
        if (action === ActionCode.ENDORSE) {
          chain.endorsee = Number(e.args.recipient);
          chain.blankEndorsed = false;
        } else if (action === ActionCode.BLANK_ENDORSE) {
          chain.endorsee = 0;
          chain.blankEndorsed = true;
        } else if (action === ActionCode.REJECT_TRANSFER) {
          ({ endorsee: chain.endorsee, blankEndorsed: chain.blankEndorsed } = before);
        } else if (action === ActionCode.SURRENDER_FOR_DELIVERY) {
          [chain.state, kind] = [BlState.SurrenderPending, SurrenderKind.Delivery];
        } else if (action === ActionCode.SURRENDER_FOR_AMENDMENT) {
          [chain.state, kind] = [BlState.SurrenderPending, SurrenderKind.Amendment];
        } else if (action === ActionCode.SURRENDER_FOR_PAPER) {
          [chain.state, kind] = [BlState.SurrenderPending, SurrenderKind.Paper];
        } else if (action === ActionCode.SREJ || action === ActionCode.ISSUE) {
          [chain.state, kind] = [BlState.Active, SurrenderKind.None];
        }
        // SACC: the Transfer to address(0) (delivery, paper) or the ISSUE (amendment) that follows says what it did.
      }
    }
  }
  return chain;
}

const isFinal = (r: BlRecord) => r.state === BlState.Accomplished || r.state === BlState.Voided;

describe("BillOfLading: properties of random action sequences", function () {
  this.timeout(120_000);

  it(`with ${RUNS} runs of ${STEPS} steps, control, events and the rules always agree`, async function () {
    let issued = 0;
    await fc.assert(
      fc.asyncProperty(issueArb, fc.array(stepArb, { minLength: STEPS, maxLength: STEPS }), async (start, steps) => {
        const c = await networkHelpers.loadFixture(community);
        const { billOfLading, partyRegistry, orgs, signers, outsider } = c;
        const signerOf = (party: Party) => (party === "outsider" ? outsider : signers[party]);
        const orgOf = (party: Party | 999) => (party === 999 ? 999 : party === "outsider" ? 0 : orgs[party]);
        const registry = await partyRegistry.getAddress();
        const orgOfTitle = new Map<string, number>();
        for (const org of Object.values(orgs)) orgOfTitle.set(titleAddressOf(ethers, registry, org), org);
        const title = (org: number) => titleAddressOf(ethers, registry, org);
        const keys = PARTIES.map((p) => signerOf(p).address);
        let world: World = await readWorld(partyRegistry, keys);

        const number = blNumber(`PROP${++issued}`);
        const consignee = start.blType === BlType.ToOrder ? 0 : orgs.consignee;
        await billOfLading
          .connect(signers.carrier)
          .issue(number, checksum(`v${issued}`), start.blType, orgOf(start.holder), consignee);
        const tokenId = await billOfLading.tokenIdOf(orgs.carrier, number);

        for (const [i, raw] of steps.entries()) {
          if (raw.kind === "registry") {
            const org = orgOf(raw.party);
            await partyRegistry[raw.change](org).catch(() => undefined); // an invalid status change just reverts
            world = await readWorld(partyRegistry, keys);
            continue;
          }
          const before = await readRecord(billOfLading, tokenId);
          const current = await billOfLading.documentChecksum(tokenId);
          // A checksum once used (by an earlier version) can never come back.
          world = { ...world, documents: await readDocuments(billOfLading, AMENDMENTS) };
          const { draft } = raw;
          const op = draft.anyOp ?? (before.state === BlState.SurrenderPending ? draft.pendingOp : draft.activeOp);
          const action: Action =
            op === "transferPossession" || op === "endorse" || op === "endorseAndDeliver"
              ? { op, to: orgOf(draft.to) }
              : op === "surrender"
                ? { op, kind: draft.kind }
                : op === "amend"
                  ? { op, checksum: draft.amendment === 0 ? current : AMENDMENTS[draft.amendment - 1] }
                  : { op };
          const controllerOrg = expectedController(before) || before.holder;
          const signer = raw.actor.controller
            ? (Object.values(signers).find((s) => world.signerOrg.get(s.address) === controllerOrg) ?? outsider)
            : signerOf(raw.actor.party);
          const label = `step ${i}: ${signer.address.slice(0, 8)} ${describeAction(action)}`;

          const outcome = predict(world, signer.address, tokenId, before, current, action);
          const attempt = perform(billOfLading.connect(signer), tokenId, action);
          await expectOutcome(c, attempt, outcome, label);
          const after = await readRecord(billOfLading, tokenId);

          if (!outcome.ok) {
            expect(after, `${label}: a refused action changes nothing`).to.deep.equal(before);
            expect(await billOfLading.documentChecksum(tokenId)).to.equal(current);
          } else {
            expect(after, `${label}: record as the rules say`).to.deep.equal(outcome.record);
            expect(await billOfLading.documentChecksum(tokenId)).to.equal(outcome.checksum);
          }

          // After accomplished or voided nothing moves it.
          if (isFinal(before)) {
            expect(outcome.ok, `${label}: a final B/L accepts no action`).to.equal(false);
            expect(after).to.deep.equal(before);
          }

          // Exactly one organization controls it until it is final.
          const controller = Number(await billOfLading.controller(tokenId));
          if (isFinal(after)) {
            expect(controller, label).to.equal(0);
          } else {
            expect(controller, label).to.not.equal(0);
            expect(controller, label).to.equal(after.state === BlState.Active ? after.holder : after.carrier);
          }

          // Every change of holder emitted a Transfer between the title addresses; nothing else did.
          const receipt = outcome.ok ? await (await attempt)!.wait() : null;
          const transfers = (receipt?.logs ?? [])
            .map((log) => billOfLading.interface.parseLog(log))
            .filter((e) => e?.name === "Transfer");
          if (after.holder !== before.holder) {
            expect(
              transfers.map((e) => [e!.args.from, e!.args.to, e!.args.tokenId]),
              label,
            ).to.deep.equal([[title(before.holder), title(after.holder), tokenId]]);
          } else if (!(isFinal(after) && !isFinal(before))) {
            expect(transfers, `${label}: no Transfer without a change of holder`).to.deep.equal([]);
          }

          // The events alone rebuild the endorsement chain.
          const chain = await replay(c, tokenId, orgOfTitle);
          expect(chain, `${label}: replayed from events`).to.deep.equal({
            holder: after.holder,
            endorsee: after.endorsee,
            blankEndorsed: after.blankEndorsed,
            state: after.state,
            checksum: await billOfLading.documentChecksum(tokenId),
          });
        }
      }),
      { numRuns: RUNS },
    );
  });
});
