/**
 * Property tests of container bindings and the gate (issue 9, decision 0008): random sequences of operator
 * (suspend, reinstate, revoke, setRoles, appoint the agent), carrier (delivery orders and revocations, by the carrier,
 * its agent, or a second carrier with its own sea waybill), terminal (discharge, correction, gate-out), customs
 * (release, hold, lift), consignee (haulier nomination) and holder (a B/L voided) actions, with time jumps. Most
 * actions are refused; none is predicted. After every step:
 * - no container is bound to two live B/Ls: the delivery order a container's record points at is one of the record's
 *   own B/L, and a container discharged (and still in) refuses acts under any other B/L with
 *   `ImportReleaseContainerOnAnotherBill`;
 * - a discharge is only ever recorded under a B/L that was not voided at the time;
 * - every binding ends: a container that is not discharged, or has gated out, can be discharged under another
 *   current B/L by an active terminal;
 * - `gateDecision(container, terminal, haulier).releasable` ⇔ `recordGateOut` by that terminal succeeds (checked with
 *   a static call before anything is sent), for each container at its terminal of record with its nominated haulier,
 *   and for every gate-out the sequence attempts;
 * - the gateway's release index, fed the mined ImportRelease events (decoded by the gateway's own decoder), holds the
 *   contract's record of every container and gives the contract's gate refusals for every terminal and haulier.
 */
import { expect } from "chai";
import fc from "fast-check";
import { network } from "hardhat";
import type { BaseContract, ContractTransactionResponse } from "ethers";
import { decodeEvent } from "../../../api/adapters/chain/abi.ts";
import { applyEvent } from "../../../api/chainIndex/follower.ts";
import { BL_STATES, BL_TYPES, ORGANIZATION_STATUSES, rolesFromBits } from "../../../api/domain.ts";
import { ReleaseProjection } from "../../../api/release/projection.ts";
import { BlState, BlType, OrgStatus, Role, SurrenderKind, issueBl } from "../../fixtures/community.ts";
import {
  CONTAINERS,
  DAY,
  accomplishedToOrder,
  declaration,
  deployReleaseCommunity,
  seaWaybill,
  truckPlate,
  type ReleaseCommunity,
} from "../../fixtures/release.ts";

const { ethers, networkHelpers } = await network.create();

const RUNS = 20;
const STEPS = 25;
const FOREVER = 2n ** 40n - 1n;

/**
 * The carrier's two accomplished to-order B/Ls and a sea waybill, a to-order B/L still with the shipper (it may be
 * voided), the second carrier's own sea waybill (the attacker's), and the agent appointed for the carrier.
 */
async function world() {
  const c = await deployReleaseCommunity(ethers);
  const bills = {
    toOrder: await accomplishedToOrder(c, "PROPREL0000001"),
    toOrder2: await accomplishedToOrder(c, "PROPREL0000002"),
    waybill: await seaWaybill(c, "PROPREL0000003"),
    voidable: await issueBl(c, { number: "PROPREL0000004", type: BlType.ToOrder }),
    attacker: await issueBl(c, {
      number: "PROPREL0000005",
      type: BlType.SeaWaybill,
      carrier: c.signers.carrier2,
      consignee: c.orgs.consignee,
    }),
  };
  await (await c.partyRegistry.connect(c.signers.carrier).appointAgent(c.orgs.agent, c.orgs.carrier)).wait();
  return { ...c, bills };
}
type World = ReleaseCommunity & { bills: Record<Bill, bigint> };

type Bill = "toOrder" | "toOrder2" | "waybill" | "voidable" | "attacker";
const BILLS: Bill[] = ["toOrder", "toOrder2", "waybill", "voidable", "attacker"];
const BOXES = [CONTAINERS.first, CONTAINERS.second, CONTAINERS.third];
type Terminal = "terminal" | "terminal2";
type Haulier = "haulier" | "haulier2";
const TERMINALS: Terminal[] = ["terminal", "terminal2"];
const HAULIERS: Haulier[] = ["haulier", "haulier2"];
type Managed = "carrier" | "carrier2" | "agent" | "terminal" | "terminal2" | "haulier" | "haulier2" | "customs";
const ROLE_OF: Record<Managed, number> = {
  carrier: Role.CARRIER,
  carrier2: Role.CARRIER,
  agent: Role.AGENT,
  terminal: Role.TERMINAL,
  terminal2: Role.TERMINAL,
  haulier: Role.HAULIER,
  haulier2: Role.HAULIER,
  customs: Role.CUSTOMS,
};

type Step =
  | { kind: "status"; change: "suspend" | "reinstate" | "revoke"; party: Managed }
  | { kind: "roles"; party: Managed; keep: boolean }
  | { kind: "appoint"; principal: "carrier" | "carrier2" | 0 }
  | {
      kind: "deliveryOrder";
      by: "carrier" | "agent" | "carrier2";
      bill: Bill;
      box: number;
      terminal: Terminal;
      until: "soon" | "days" | "forever";
    }
  | { kind: "revoke"; by: "carrier" | "agent" | "carrier2"; order: number }
  | { kind: "discharge"; terminal: Terminal; bill: Bill; box: number }
  | { kind: "correct"; terminal: Terminal; bill: Bill | 0; box: number }
  | { kind: "gateOut"; terminal: Terminal; haulier: Haulier; box: number }
  | { kind: "customs"; action: "recordCustomsRelease" | "placeHold" | "liftHold"; bill: Bill; box: number }
  | { kind: "nominate"; order: number; box: number; haulier: Haulier }
  | { kind: "import"; bill: "toOrder" | "waybill" | "attacker"; box: number }
  | { kind: "void" }
  | { kind: "wait"; seconds: number };

const billArb = fc.constantFrom(...BILLS, "attacker" as const);
const boxArb = fc.nat({ max: BOXES.length - 1 });
const terminalArb = fc.constantFrom(...TERMINALS, "terminal" as const);
const haulierArb = fc.constantFrom(...HAULIERS, "haulier" as const);
const managedArb = fc.constantFrom<Managed>(...(Object.keys(ROLE_OF) as Managed[]));
const orderArb = fc.integer({ min: 1, max: 8 });
const byArb = fc.constantFrom("carrier" as const, "agent" as const, "carrier2" as const);

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("status" as const),
      change: fc.constantFrom("suspend" as const, "reinstate" as const, "reinstate" as const, "revoke" as const),
      party: managedArb,
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("roles" as const), party: managedArb, keep: fc.boolean() }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("appoint" as const),
      principal: fc.constantFrom("carrier" as const, "carrier2" as const, 0 as const),
    }),
  },
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant("deliveryOrder" as const),
      by: byArb,
      bill: billArb,
      box: boxArb,
      terminal: terminalArb,
      until: fc.constantFrom("soon" as const, "days" as const, "forever" as const),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("revoke" as const), by: byArb, order: orderArb }) },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant("discharge" as const),
      terminal: terminalArb,
      bill: billArb,
      box: boxArb,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("correct" as const),
      terminal: terminalArb,
      bill: fc.oneof(billArb, fc.constant(0 as const)),
      box: boxArb,
    }),
  },
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant("gateOut" as const),
      terminal: terminalArb,
      haulier: haulierArb,
      box: boxArb,
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant("customs" as const),
      action: fc.constantFrom(
        "recordCustomsRelease" as const,
        "recordCustomsRelease" as const,
        "placeHold" as const,
        "liftHold" as const,
      ),
      bill: billArb,
      box: boxArb,
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({ kind: fc.constant("nominate" as const), order: orderArb, box: boxArb, haulier: haulierArb }),
  },
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant("import" as const),
      bill: fc.constantFrom("toOrder" as const, "waybill" as const, "attacker" as const),
      box: boxArb,
    }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: "void" as const }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("wait" as const), seconds: fc.constantFrom(30, 3600, DAY) }) },
);

/** The custom error a call reverted with (null if it did not revert). */
async function revertOf(contracts: BaseContract[], call: Promise<unknown>): Promise<string | null> {
  try {
    await call;
    return null;
  } catch (e) {
    const data = (e as { data?: string }).data;
    for (const contract of contracts) {
      const parsed = data ? contract.interface.parseError(data) : null;
      if (parsed) return parsed.name;
    }
    throw e;
  }
}

async function perform(c: World, step: Step): Promise<ContractTransactionResponse | null> {
  const now = await c.now();
  const bill = (b: Bill | 0) => (b === 0 ? 0n : c.bills[b]);
  const boxes = (i: number) => [BOXES[i]];
  switch (step.kind) {
    case "status":
      return c.partyRegistry[step.change](c.orgs[step.party]);
    case "roles":
      return c.partyRegistry.setRoles(c.orgs[step.party], step.keep ? ROLE_OF[step.party] : Role.TRADER);
    case "appoint":
      // The principal appoints its own agent; the agent resigns (principal 0).
      return step.principal === 0
        ? c.partyRegistry.connect(c.signers.agent).appointAgent(c.orgs.agent, 0)
        : c.partyRegistry.connect(c.signers[step.principal]).appointAgent(c.orgs.agent, c.orgs[step.principal]);
    case "deliveryOrder": {
      const until = step.until === "soon" ? now + 120n : step.until === "days" ? now + BigInt(3 * DAY) : FOREVER;
      return c
        .as(step.by)
        .issueDeliveryOrder(bill(step.bill), boxes(step.box), 0, c.orgs[step.terminal], now - 10n, until);
    }
    case "revoke":
      return c.as(step.by).revokeDeliveryOrder(step.order, "property test");
    case "discharge":
      return c.as(step.terminal).recordDischarge(bill(step.bill), BOXES[step.box]);
    case "correct":
      return c.as(step.terminal).correctDischarge(BOXES[step.box], bill(step.bill));
    case "gateOut":
      return c.as(step.terminal).recordGateOut(BOXES[step.box], c.orgs[step.haulier], truckPlate("津A·PROP1"));
    case "customs":
      return c.as("customs")[step.action](declaration("PROP-DECL"), bill(step.bill), boxes(step.box));
    case "nominate":
      return c.as("consignee").nominateHaulier(step.order, BOXES[step.box], c.orgs[step.haulier]);
    case "import": {
      // The legitimate parties' whole flow for one box, each step refused or not on its own.
      const carrier = step.bill === "attacker" ? "carrier2" : "carrier";
      const box = BOXES[step.box];
      const id = c.bills[step.bill];
      await attempt(c, () => c.as("terminal").recordDischarge(id, box));
      await attempt(c, () =>
        c.as(carrier).issueDeliveryOrder(id, [box], 0, c.orgs.terminal, now - 10n, now + BigInt(3 * DAY)),
      );
      await attempt(c, () => c.as("customs").recordCustomsRelease(declaration("PROP-DECL"), id, [box]));
      const order = await c.importRelease.deliveryOrderCount();
      await attempt(c, () => c.as("consignee").nominateHaulier(order, box, c.orgs.haulier));
      return null;
    }
    case "void":
      await c.bl("shipper").surrender(c.bills.voidable, SurrenderKind.Paper);
      return c.bl("carrier").acceptSurrender(c.bills.voidable);
    case "wait":
      await networkHelpers.time.increase(step.seconds);
      return null;
  }
}

/** Sends a transaction that may be refused, but only with one of the contracts' custom errors. */
async function attempt(c: World, send: () => Promise<ContractTransactionResponse>) {
  try {
    await (await send()).wait();
  } catch (e) {
    const data = (e as { data?: string }).data;
    const known = [c.importRelease, c.partyRegistry, c.billOfLading].some(
      (contract) => data && contract.interface.parseError(data),
    );
    expect(known, `refused with ${String(e)}`).to.equal(true);
  }
}

/** How often the gate agreement was checked with each answer, over all runs. */
const gateChecks = { releasable: 0, refused: 0 };

/** Asserts that the gate decision and a static gate-out by that terminal agree; returns whether it may leave. */
async function expectGateAgrees(c: World, box: string, terminal: Terminal, haulier: number, label: string) {
  const [releasable, reasons] = await c.importRelease.gateDecision(box, c.orgs[terminal], haulier);
  expect(releasable, label).to.equal(reasons === 0n);
  const refusal = await revertOf(
    [c.importRelease, c.partyRegistry],
    c.as(terminal).recordGateOut.staticCall(box, haulier, truckPlate("津A·PROP1")),
  );
  expect(refusal === null, `${label}: gateDecision says ${reasons}, gate-out ${refusal ?? "succeeds"}`).to.equal(
    releasable,
  );
  gateChecks[releasable ? "releasable" : "refused"] += 1;
  return releasable;
}

async function entitled(c: World, party: Managed) {
  const [status, roles] = await c.partyRegistry.standing(c.orgs[party]);
  return Number(status) === OrgStatus.Active && (Number(roles) & ROLE_OF[party]) !== 0;
}

/**
 * The gateway's release index over this chain: the ImportRelease events mined since the fixture, decoded as the chain
 * adapter decodes them, and the B/Ls' and organizations' current state as the event index would hold it.
 */
class GatewayMirror {
  readonly releases: ReleaseProjection;
  private readonly bills = new Map<string, { blType: string; state: string }>();
  private readonly organizations = new Map<number, { status: string; roles: string[] }>();
  private fromBlock: number;

  constructor(fromBlock: number) {
    this.fromBlock = fromBlock;
    const stub = {
      billOfLading: (tokenId: string) => this.bills.get(BigInt(tokenId).toString()),
      organization: (org: number) => this.organizations.get(org),
    };
    this.releases = new ReleaseProjection(stub as never, stub as never);
  }

  /** Applies the events mined since the last call and reads the B/Ls' and organizations' state. */
  async catchUp(c: World) {
    const latest = await ethers.provider.getBlockNumber();
    const logs = await ethers.provider.getLogs({
      address: await c.importRelease.getAddress(),
      fromBlock: this.fromBlock + 1,
      toBlock: latest,
    });
    for (const log of logs) {
      const decoded = decodeEvent("ImportRelease", log.topics, log.data)!;
      const block = await ethers.provider.getBlock(log.blockNumber);
      const event = {
        contract: "ImportRelease" as const,
        ...decoded,
        blockNumber: log.blockNumber,
        logIndex: log.index,
        transactionHash: log.transactionHash,
        timestamp: block!.timestamp,
      };
      applyEvent([this.releases], event);
    }
    this.fromBlock = latest;
    for (const tokenId of Object.values(c.bills)) {
      const bl = await c.billOfLading.billOfLading(tokenId);
      this.bills.set(tokenId.toString(), { blType: BL_TYPES[Number(bl.blType)], state: BL_STATES[Number(bl.state)] });
    }
    // The gate reads the standing of the terminal and the haulier only.
    for (const org of [c.orgs.terminal, c.orgs.terminal2, c.orgs.haulier, c.orgs.haulier2]) {
      const [status, roles] = await c.partyRegistry.standing(org);
      this.organizations.set(org, {
        status: ORGANIZATION_STATUSES[Number(status)],
        roles: rolesFromBits(Number(roles)),
      });
    }
  }
}

/** The index holds the contract's record of each container and gives the contract's gate refusals. */
async function expectMirrored(c: World, mirror: GatewayMirror, label: string) {
  await mirror.catchUp(c);
  const now = (await ethers.provider.getBlock("latest"))!.timestamp;
  for (const [i, box] of BOXES.entries()) {
    const text = Buffer.from(box.slice(2), "hex").toString("ascii");
    const r = await c.importRelease.containerRelease(box);
    const mirrored = mirror.releases.container(text);
    const record = mirrored && {
      blTokenId: BigInt(mirrored.blTokenId),
      deliveryOrderId: BigInt(mirrored.deliveryOrderId),
      terminal: BigInt(mirrored.terminal),
      haulier: BigInt(mirrored.haulier),
      dischargedAt: BigInt(mirrored.dischargedAt),
      gatedOutAt: BigInt(mirrored.gatedOutAt),
      customsReleased: mirrored.customsReleased,
      customsHeld: mirrored.customsHeld,
    };
    expect(record ?? null, `${label}, box ${i}: the index's record`).to.deep.equal(
      r.blTokenId === 0n
        ? null
        : {
            blTokenId: r.blTokenId,
            deliveryOrderId: r.deliveryOrderId,
            terminal: r.terminal,
            haulier: r.haulier,
            dischargedAt: r.dischargedAt,
            gatedOutAt: r.gatedOutAt,
            customsReleased: r.customsReleased,
            customsHeld: r.customsHeld,
          },
    );
    const pairs = [
      ["terminal", "haulier"],
      ["terminal2", "haulier2"],
      ["terminal", "haulier2"],
      ["haulier", "terminal"], // neither is what it is asked as
    ] as const;
    for (const [terminal, haulier] of pairs) {
      const [, reasons] = await c.importRelease.gateDecision(box, c.orgs[terminal], c.orgs[haulier]);
      // A view call runs at the latest block's time or the next second's: the index must match one of them.
      const answers = [now, now + 1].map((t) =>
        BigInt(mirror.releases.gateRefusals(text, c.orgs[terminal], c.orgs[haulier], t)),
      );
      expect(answers, `${label}, box ${i}, ${terminal}, ${haulier}: the index's gate refusals`).to.include(reasons);
    }
  }
}

/** Every invariant of the bindings and the gate, for every container. */
async function expectInvariants(c: World, label: string) {
  const blOf = new Map(BILLS.map((b) => [c.bills[b], b]));
  const voided = Number((await c.billOfLading.billOfLading(c.bills.voidable)).state) === BlState.Voided;
  const terminal = (await entitled(c, "terminal")) ? "terminal" : (await entitled(c, "terminal2")) ? "terminal2" : null;
  for (const [i, box] of BOXES.entries()) {
    const at = `${label}, box ${i}`;
    const r = await c.importRelease.containerRelease(box);
    if (r.blTokenId === 0n) continue;
    // The order the record points at is one of the record's own B/L: no other B/L's order covers the container.
    if (r.deliveryOrderId !== 0n) {
      const order = await c.importRelease.deliveryOrder(r.deliveryOrderId);
      expect(order.blTokenId, `${at}: the covering order's B/L`).to.equal(r.blTokenId);
    }
    const discharged = r.dischargedAt !== 0n && r.gatedOutAt === 0n;
    // Only `voidable` is ever voided.
    const current = BILLS.filter((b) => c.bills[b] !== r.blTokenId && !(b === "voidable" && voided));
    if (discharged) {
      // Bound for good: an act under any other B/L is refused with ContainerOnAnotherBill.
      for (const b of current) {
        if (!terminal) break;
        expect(
          await revertOf([c.importRelease], c.as(terminal).recordDischarge.staticCall(c.bills[b], box)),
          `${at}: discharged under ${blOf.get(r.blTokenId)}, then under ${b}`,
        ).to.equal("ImportReleaseContainerOnAnotherBill");
      }
      // Gate: at its terminal of record, with its nominated haulier (or the first one).
      const recordTerminal = TERMINALS.find((t) => BigInt(c.orgs[t]) === r.terminal)!;
      await expectGateAgrees(c, box, recordTerminal, Number(r.haulier) || c.orgs.haulier, `${at}: gate`);
    } else if (terminal && current.length) {
      // The binding has ended (or never bound for good): another current B/L's discharge may take the container.
      expect(
        await revertOf([c.importRelease], c.as(terminal).recordDischarge.staticCall(c.bills[current[0]], box)),
        `${at}: ${r.gatedOutAt ? "gated out" : "not discharged"}, then discharged under ${current[0]}`,
      ).to.equal(null);
    }
  }
}

describe("ImportRelease: properties of random release sequences", function () {
  this.timeout(300_000);

  it(`with ${RUNS} runs of ${STEPS} steps, bindings stay single, end, and the gate decision matches the gate-out`, async function () {
    const seen = { gatedOut: 0, discharged: 0, corrected: 0, takenOver: 0 };
    await fc.assert(
      fc.asyncProperty(fc.array(stepArb, { minLength: STEPS, maxLength: STEPS }), async (steps) => {
        const c = (await networkHelpers.loadFixture(world)) as World;
        const mirror = new GatewayMirror(await ethers.provider.getBlockNumber());
        for (const [i, step] of steps.entries()) {
          const label = `step ${i} ${JSON.stringify(step)}`;
          const before = "box" in step ? await c.importRelease.containerRelease(BOXES[step.box]) : undefined;
          if (step.kind === "gateOut") {
            await expectGateAgrees(c, BOXES[step.box], step.terminal, c.orgs[step.haulier], label);
          }
          let sent: ContractTransactionResponse | null = null;
          try {
            sent = await perform(c, step);
            await sent?.wait();
          } catch (e) {
            // A refusal: it must be one of the contracts' custom errors, and nothing is mined.
            const data = (e as { data?: string }).data;
            const known = [c.importRelease, c.partyRegistry, c.billOfLading].some(
              (contract) => data && contract.interface.parseError(data),
            );
            expect(known, `${label}: refused with ${String(e)}`).to.equal(true);
            sent = null;
          }
          if (sent && "box" in step) {
            const after = await c.importRelease.containerRelease(BOXES[step.box]);
            if (step.kind === "discharge" || (step.kind === "correct" && step.bill !== 0)) {
              // A discharge is recorded only under a B/L that is not voided.
              const state = (await c.billOfLading.billOfLading(after.blTokenId)).state;
              expect(Number(state), `${label}: discharged under a voided B/L`).to.not.equal(BlState.Voided);
              seen[step.kind === "discharge" ? "discharged" : "corrected"] += 1;
            }
            if (step.kind === "gateOut") seen.gatedOut += 1;
            if (before && before.blTokenId !== 0n && after.blTokenId !== before.blTokenId) {
              seen.takenOver += 1;
              // A hold survives a take-over before gate-out.
              if (before.customsHeld && before.gatedOutAt === 0n) expect(after.customsHeld, label).to.equal(true);
            }
          }
          await expectInvariants(c, label);
          await expectMirrored(c, mirror, label);
        }
      }),
      { numRuns: RUNS },
    );
    // The sequences reached the states the properties are about.
    expect(seen.discharged, "discharges").to.be.above(0);
    expect(seen.takenOver, "take-overs").to.be.above(0);
    expect(seen.corrected + seen.gatedOut, "corrections and gate-outs").to.be.above(0);
    expect(gateChecks.releasable, "gate checks that said yes").to.be.above(0);
  });
});
