/**
 * An import day at the port, driven through the gateway over HTTP: a vessel's containers on B/Ls with several
 * endorsement paths, discharge, surrender, delivery orders, customs (with holds), haulier nominations, and trucks at
 * the gate — some too early, some the wrong haulier. At the end it prints what happened and the release-time figures
 * the gateway publishes (`GET /v1/release-times`).
 *
 * `npm run simulate` prints a report; `npm run simulate -- --json` prints one JSON object on stdout (progress on
 * stderr). Flags: --containers <N> (200), --seed <n> (1), --concurrency <in-flight requests> (4),
 * --no-replay-check (skip restarting from the journal at the end).
 *
 * Time: the day is spread over hours of chain time with the embedded chain's `evm_increaseTime` (the journal keeps
 * every block's timestamp, so a restart replays it exactly; the replay check verifies it). The chain runs a day or
 * so ahead of the wall clock: delivery orders are valid from a minute before they are issued by the wall clock (in
 * the past by either clock) for five days of chain time. Every gate answer is also asked of the contract (eth_call)
 * and must agree bit for bit.
 *
 * Exits 0 only if every container left the terminal, the gateway never said yes where the contract refused, every
 * gate answer equals the contract's, and (unless skipped) the figures after a journal replay are the same.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { startTestCommunity, transportDocument } from "../test/fixtures/gateway.ts";
import { GATE_REFUSAL_CODES, type GateRefusalCode } from "../api/domain.ts";
import { client, containerNumber, HttpError, jsonMode, pool, rng, round, flag, hasFlag } from "../bench/support.ts";

// ------------------------------------------------------------------ options

const json = hasFlag("json");
const N = flag("containers", 200);
const SEED = flag("seed", 1);
const CONCURRENCY = flag("concurrency", 4);
const REPLAY_CHECK = !hasFlag("no-replay-check");
const printJson = jsonMode(json);
const log = (...args: unknown[]) => console.error("[simulate]", ...args);
const R = rng(SEED);
const started = performance.now();

const MIN = 60;
const HOUR = 3600;
/** Events are run slot by slot; steps that depend on each other are at least one slot apart. */
const SLOT = 10 * MIN;

// ------------------------------------------------------------------ the community

const dataDir = await mkdtemp(path.join(tmpdir(), "paperless-port-simulate-"));
let t = await startTestCommunity(dataDir);
let running = await t.community.serve();
if (running.server) running.server.keepAliveTimeout = 120_000;
let call = client(running.url!);
log(`community booted in ${Math.round(performance.now() - started)} ms at ${running.url} (DATA_DIR ${dataDir})`);

const keys: Record<string, string> = { ...t.keys };
const orgIds: Record<string, string> = { ...t.orgIds };
const names: Record<string, string> = {};
for (const p of t.community.parties) names[p.orgId] = p.name;

/** Extra organizations the operator registers for the day. */
const EXTRA = [
  { key: "carrier2", name: "Evergreen Marine (slot charter)", roles: ["carrier"], orgId: "SIM-CARRIER-EGLV" },
  { key: "bank2", name: "Industrial Bank Tianjin Branch", roles: ["bank"], orgId: "SIM-BANK-CIB-TJ" },
  { key: "consignee2", name: "Beijing Northern Pulp Trading", roles: ["trader"], orgId: "SIM-TRADER-BNPT" },
  { key: "forwarder", name: "Sinotrans Tianjin Forwarding", roles: ["agent"], orgId: "SIM-AGENT-SINOTRANS" },
  { key: "haulier2", name: "Tianjin Haixin Logistics", roles: ["haulier"], orgId: "SIM-HAULIER-HAIXIN" },
] as const;
for (const o of EXTRA) {
  const { body } = await call<{ apiKey: string }>("POST", "/v1/organizations", keys.operator, {
    orgId: o.orgId,
    name: o.name,
    roles: o.roles,
    creditTier: "aeoGeneral",
  });
  keys[o.key] = body.apiKey;
  orgIds[o.key] = o.orgId;
  names[o.orgId] = o.name;
}

// ------------------------------------------------------------------ the vessel's cargo

type Path = "toOrderOneBank" | "toOrderTwoBanks" | "blankEndorsed" | "straight" | "seaWaybill";
type BlType = "toOrder" | "straight" | "seaWaybill";
interface Bill {
  blNumber: string;
  carrier: "carrier" | "carrier2";
  path: Path;
  blType: BlType;
  consignee: "consignee" | "consignee2";
  banks: ("bank" | "bank2")[];
  /** Who the carrier releases to, when not the consignee. */
  releaseParty?: "forwarder";
  containers: string[];
  deliveryOrderId?: number;
}
interface Box {
  container: string;
  bill: Bill;
  haulier: "haulier" | "haulier2";
  held: boolean;
  early: boolean;
  wrongHaulier: boolean;
  attempts: number;
  gatedOut: boolean;
}

const bills: Bill[] = [];
const boxes = new Map<string, Box>();
{
  const owners = { carrier: ["CSN", "CBH", "CCL"], carrier2: ["EGH", "EIS", "TCN"] };
  const serials = { carrier: R.int(100_000, 400_000), carrier2: R.int(500_000, 800_000) };
  let left = N;
  let n = 0;
  while (left > 0) {
    const size = Math.min(left, Number(R.weighted<string>({ 1: 3, 2: 4, 3: 4, 4: 3, 5: 2, 6: 1 })));
    const carrier = R.chance(0.65) ? "carrier" : "carrier2";
    const pathOf = R.weighted<Path>({
      toOrderOneBank: 30,
      toOrderTwoBanks: 15,
      blankEndorsed: 15,
      straight: 20,
      seaWaybill: 20,
    });
    const blType: BlType = pathOf === "straight" ? "straight" : pathOf === "seaWaybill" ? "seaWaybill" : "toOrder";
    const firstBank = R.chance(0.5) ? "bank" : "bank2";
    const banks: ("bank" | "bank2")[] =
      pathOf === "toOrderTwoBanks"
        ? [firstBank, firstBank === "bank" ? "bank2" : "bank"]
        : pathOf === "toOrderOneBank" || pathOf === "blankEndorsed"
          ? [firstBank]
          : [];
    const containers = Array.from({ length: size }, () => {
      serials[carrier] += R.int(1, 40);
      return containerNumber(R.pick(owners[carrier]), serials[carrier]);
    });
    const bill: Bill = {
      blNumber: `${carrier === "carrier" ? "COSU" : "EGLV"}${String(SEED).padStart(2, "0")}${String(++n).padStart(6, "0")}`,
      carrier,
      path: pathOf,
      blType,
      consignee: R.chance(0.6) ? "consignee" : "consignee2",
      banks,
      releaseParty: blType !== "seaWaybill" && R.chance(0.15) ? "forwarder" : undefined,
      containers,
    };
    bills.push(bill);
    for (const container of containers) {
      boxes.set(container, {
        container,
        bill,
        haulier: R.chance(0.6) ? "haulier" : "haulier2",
        held: R.chance(0.1),
        early: R.chance(0.15),
        wrongHaulier: R.chance(0.08),
        attempts: 0,
        gatedOut: false,
      });
    }
    left -= containers.length;
  }
}
log(`${N} containers on ${bills.length} B/Ls`);

/** One DCSA document per B/L, listing its containers as utilized transport equipment. */
function documentOf(bill: Bill) {
  const base = transportDocument(bill.blNumber, bill.blType) as Record<string, unknown> & {
    utilizedTransportEquipments: { equipment: { equipmentReference: string } }[];
  };
  const example = base.utilizedTransportEquipments[0].equipment.equipmentReference;
  const doc = JSON.parse(JSON.stringify(base).replaceAll(example, bill.containers[0])) as typeof base;
  const template = doc.utilizedTransportEquipments[0];
  doc.utilizedTransportEquipments = bill.containers.map((c) => ({
    ...structuredClone(template),
    equipment: { ...template.equipment, equipmentReference: c },
  }));
  return doc;
}

// ------------------------------------------------------------------ before the vessel: issue and endorse

const counts = {
  transactionsBefore: await t.community.ctx.chain.blockNumber(),
  requests: 0,
  refusedGateAttempts: 0,
  refusedByScenario: { early: 0, wrongHaulier: 0, stillNotReady: 0 } as Record<string, number>,
  refusalReasons: {} as Record<string, number>,
  contractRefusedGateOuts: 0,
  yesThenRefused: 0,
  gateAnswersCompared: 0,
  gatewayContractMismatches: 0,
  holdsPlaced: 0,
  holdsLifted: 0,
  returnVisits: 0,
};
const bl = (n: string, action: string) => `/v1/bills-of-lading/${encodeURIComponent(n)}/${action}`;
async function as<T = Record<string, unknown>>(who: string, method: "GET" | "POST", p: string, body?: unknown) {
  counts.requests++;
  return (await call<T>(method, p, keys[who], body)).body;
}

for (const carrier of ["carrier", "carrier2"] as const) {
  const mine = bills.filter((b) => b.carrier === carrier);
  for (let i = 0; i < mine.length; i += 100) {
    await as(carrier, "POST", "/v1/bills-of-lading/batch", {
      billsOfLading: mine.slice(i, i + 100).map((b) => ({
        transportDocument: documentOf(b),
        issueTo: orgIds.shipper,
        ...(b.blType === "toOrder" ? {} : { consignee: orgIds[b.consignee] }),
      })),
    });
  }
}
log(`issued ${bills.length} B/Ls (batch endpoint) in ${Math.round(performance.now() - started)} ms`);

await pool(bills, CONCURRENCY, async (b) => {
  const to = (who: string) => ({ to: orgIds[who] });
  switch (b.path) {
    case "toOrderOneBank":
    case "toOrderTwoBanks": {
      let holder = "shipper";
      for (const next of [...b.banks, b.consignee]) {
        await as(holder, "POST", bl(b.blNumber, "endorse-and-deliver"), to(next));
        holder = next;
      }
      break;
    }
    case "blankEndorsed":
      await as("shipper", "POST", bl(b.blNumber, "blank-endorse"), {});
      await as("shipper", "POST", bl(b.blNumber, "transfer"), to(b.banks[0]));
      await as(b.banks[0], "POST", bl(b.blNumber, "transfer"), to(b.consignee));
      break;
    case "straight":
      await as("shipper", "POST", bl(b.blNumber, "transfer"), to(b.consignee));
      break;
    case "seaWaybill":
      break;
  }
});
log(`endorsement paths done in ${Math.round(performance.now() - started)} ms`);

// ------------------------------------------------------------------ the day: a virtual clock over chain time

const provider = t.community.ctx.chain.provider as unknown as {
  send(method: string, params: unknown[]): Promise<unknown>;
  getBlock(tag: string): Promise<{ timestamp: number } | null>;
};
const chainNow = async () => (await provider.getBlock("latest"))!.timestamp;
/** The day starts at the next 06:00 UTC at least an hour ahead of the chain. */
const DAY0 = (() => {
  const now = Math.floor(Date.now() / 1000) + HOUR;
  const six = Math.floor(now / 86_400) * 86_400 + 6 * HOUR;
  return six >= now ? six : six + 86_400;
})();
let virtualNow = DAY0;
async function advanceTo(target: number) {
  const latest = await chainNow();
  if (target > latest + 1) await provider.send("evm_increaseTime", [target - latest]);
  virtualNow = target;
}
const clock = (at: number) => new Date(at * 1000).toISOString().slice(11, 16);

interface Event {
  at: number;
  label: string;
  /** The B/L it concerns: a slot's events for one B/L run one after the other, in time order. */
  key: string;
  run: () => Promise<void>;
}
const queue: Event[] = [];
let scheduling = ""; // the B/L whose events are being scheduled
const schedule = (at: number, label: string, run: () => Promise<void>, key = scheduling) =>
  queue.push({ at: Math.round(at), label, key, run });
const rel = (offset: number) => DAY0 + offset;

const plan = { dischargedAt: new Map<string, number>() };

// The vessel berths at 07:00 and discharges over about ten hours, in stowage order.
const order = [...boxes.values()].sort(() => R.next() - 0.5);
const dischargeSpan = 10 * HOUR;
order.forEach((box, i) => {
  const at = rel(HOUR + (i * dischargeSpan) / order.length + R.int(0, 120));
  plan.dischargedAt.set(box.container, at);
  schedule(
    at,
    "discharge",
    () =>
      as("terminal", "POST", "/v1/terminal/discharges", { blNumber: box.bill.blNumber, container: box.container }).then(
        () => undefined,
      ),
    box.bill.blNumber,
  );
});

const declaration = (b: Bill, n: number) =>
  `0202${b.blNumber.slice(-6)}${String(n).padStart(2, "0")}${SEED}`.slice(0, 18);
const validity = () => ({
  validFrom: new Date(Date.now() - 60_000).toISOString(),
  validUntil: new Date(virtualNow * 1000 + 5 * 86_400_000).toISOString(),
});

for (const b of bills) {
  scheduling = b.blNumber;
  const lastDischarge = Math.max(...b.containers.map((c) => plan.dischargedAt.get(c)!));
  const held = b.containers.filter((c) => boxes.get(c)!.held);
  const clear = b.containers.filter((c) => !boxes.get(c)!.held);
  const customs = (action: string, containers: string[], n: number) => () =>
    as("customs", "POST", `/v1/customs/${action}`, {
      declarationNumber: declaration(b, n),
      blNumber: b.blNumber,
      containers,
    }).then(() => undefined);

  // Customs: release 20 min – 6 h after the last container is ashore; holds for inspection, lifted hours later.
  const holdAt = lastDischarge + SLOT + R.int(0, 20 * MIN);
  const releaseAt = Math.max(holdAt + SLOT, lastDischarge + R.int(20 * MIN, 6 * HOUR));
  if (held.length) {
    schedule(holdAt, "hold", async () => {
      await customs("holds", held, 1)();
      counts.holdsPlaced += held.length;
    });
    const liftAt = releaseAt + R.int(1 * HOUR, 5 * HOUR);
    schedule(liftAt, "lift", async () => {
      await customs("holds/lift", held, 1)();
      counts.holdsLifted += held.length;
    });
    schedule(liftAt + SLOT + R.int(0, 30 * MIN), "release", customs("releases", held, 2));
  }
  if (clear.length) schedule(releaseAt, "release", customs("releases", clear, 1));

  // Title: surrender for delivery and acceptance (not for a sea waybill), then the carrier's delivery order.
  let orderAt: number;
  if (b.blType === "seaWaybill") {
    orderAt = rel(R.int(0, 4 * HOUR));
  } else {
    const surrenderAt = rel(R.int(0, 8 * HOUR));
    const acceptAt = surrenderAt + SLOT + R.int(0, 80 * MIN);
    orderAt = acceptAt + SLOT + R.int(0, 50 * MIN);
    schedule(surrenderAt, "surrender", () =>
      as(b.consignee, "POST", bl(b.blNumber, "surrender"), { kind: "delivery" }).then(() => undefined),
    );
    schedule(acceptAt, "accept", () =>
      as(b.carrier, "POST", bl(b.blNumber, "accept-surrender"), {}).then(() => undefined),
    );
  }
  schedule(orderAt, "deliveryOrder", async () => {
    const order = await as<{ deliveryOrderId: number }>(b.carrier, "POST", "/v1/delivery-orders", {
      blNumber: b.blNumber,
      containers: b.containers,
      terminal: orgIds.terminal,
      ...(b.releaseParty ? { releaseParty: orgIds[b.releaseParty] } : {}),
      ...validity(),
    });
    b.deliveryOrderId = order.deliveryOrderId;
  });

  // The consignee (or the forwarder it appointed) nominates a haulier per container; the trucks come.
  const nominator = b.releaseParty ?? b.consignee;
  for (const c of b.containers) {
    const box = boxes.get(c)!;
    const nominateAt = orderAt + SLOT + R.int(0, 110 * MIN);
    schedule(nominateAt, "nominate", () =>
      as(nominator, "POST", `/v1/delivery-orders/${b.deliveryOrderId}/nominate-haulier`, {
        container: c,
        haulier: orgIds[box.haulier],
      }).then(() => undefined),
    );
    // A held box's truck is booked as if the hold were short; it comes back until the box is released.
    const ready = Math.max(plan.dischargedAt.get(c)!, nominateAt, releaseAt + (box.held ? 2 * HOUR : 0));
    const arriveAt = ready + SLOT + R.int(10 * MIN, 5 * HOUR);
    if (box.early) {
      // Before customs release or the delivery order: after discharge, before the box is ready.
      const from = plan.dischargedAt.get(c)! + SLOT;
      const to = Math.max(from, Math.min(releaseAt, orderAt) - SLOT);
      schedule(R.int(from, to), "gate(early)", () => gateVisit(box, box.haulier, "early"));
    }
    if (box.wrongHaulier) {
      const other = box.haulier === "haulier" ? "haulier2" : "haulier";
      schedule(arriveAt - SLOT, "gate(wrong haulier)", () => gateVisit(box, other, "wrongHaulier"));
    }
    schedule(arriveAt, "gate", () => gateVisit(box, box.haulier, "planned"));
  }
}

const plate = () =>
  `${R.pick(["津A", "津B", "冀J", "冀B", "京A"])}${R.pick([..."ABCDEFGHJKLMN0123456789"])}${R.int(1000, 9999)}`;

interface GateAnswer {
  releasable: boolean;
  refusals: { code: string }[];
}
/** A truck at the gate: the terminal asks the gateway; a yes is a gate-out on chain, a no is told with its reasons. */
async function gateVisit(box: Box, haulier: string, scenario: "early" | "wrongHaulier" | "planned" | "return") {
  if (box.gatedOut) return;
  box.attempts++;
  const q = `/v1/gate/decision?container=${box.container}&haulier=${encodeURIComponent(orgIds[haulier])}`;
  const answer = await as<GateAnswer>("terminal", "GET", q);
  // The same question to the contract (eth_call): the gateway answers from its index and must agree, bit for bit.
  const [, reasons] = (await t.community.ctx.chain.read("ImportRelease", "gateDecision", [
    "0x" + Buffer.from(box.container).toString("hex"),
    t.community.ctx.index.organizationByOrgId(orgIds.terminal)!.org,
    t.community.ctx.index.organizationByOrgId(orgIds[haulier])!.org,
  ])) as [boolean, bigint];
  const bits = answer.refusals.reduce(
    (b, { code }) => b | (1 << GATE_REFUSAL_CODES.indexOf(code as GateRefusalCode)),
    0,
  );
  counts.gateAnswersCompared++;
  if (bits !== Number(reasons)) {
    counts.gatewayContractMismatches++;
    log(`MISMATCH ${box.container} ${haulier}: gateway ${bits}, contract ${reasons}`);
  }
  if (answer.releasable) {
    try {
      await as("terminal", "POST", "/v1/gate/gate-outs", {
        container: box.container,
        haulier: orgIds[haulier],
        truckPlate: plate(),
      });
      box.gatedOut = true;
      return;
    } catch (error) {
      if (!(error instanceof HttpError && error.status === 409)) throw error;
      counts.yesThenRefused++; // the gateway said yes but the contract said no: should not happen
      log(`gateway said yes but the contract refused ${box.container}: ${error.message}`);
    }
  }
  counts.refusedGateAttempts++;
  const key = scenario === "planned" || scenario === "return" ? "stillNotReady" : scenario;
  counts.refusedByScenario[key]++;
  for (const { code } of answer.refusals) counts.refusalReasons[code] = (counts.refusalReasons[code] ?? 0) + 1;
  if (scenario === "wrongHaulier") {
    // Half the time the gate clerk tries anyway: the contract refuses the gate-out with every reason.
    if (R.chance(0.5)) {
      try {
        await as("terminal", "POST", "/v1/gate/gate-outs", {
          container: box.container,
          haulier: orgIds[haulier],
          truckPlate: plate(),
        });
        throw new Error(`the contract let the wrong haulier take ${box.container}`);
      } catch (error) {
        if (!(error instanceof HttpError && error.status === 409)) throw error;
        counts.contractRefusedGateOuts++;
      }
    }
    return; // the wrong truck leaves empty
  }
  if (scenario === "early") return; // it comes back at its booked time (the planned visit)
  if (box.attempts >= 25) throw new Error(`${box.container} never became releasable: ${JSON.stringify(answer)}`);
  counts.returnVisits++;
  schedule(
    virtualNow + SLOT + R.int(20 * MIN, 90 * MIN),
    "gate(return)",
    () => gateVisit(box, box.haulier, "return"),
    box.bill.blNumber,
  );
}

// Run the day slot by slot: the chain's clock is moved to the slot, then the slot's events run concurrently.
const dayStarted = performance.now();
let slots = 0;
let lastLog = 0;
while (queue.length) {
  queue.sort((a, b) => a.at - b.at);
  const slot = Math.floor((queue[0].at - DAY0) / SLOT);
  const end = DAY0 + (slot + 1) * SLOT;
  let k = 0;
  while (k < queue.length && queue[k].at < end) k++;
  const batch = queue.splice(0, k);
  await advanceTo(DAY0 + slot * SLOT);
  slots++;
  const byBill = new Map<string, Event[]>();
  for (const e of batch) byBill.set(e.key, [...(byBill.get(e.key) ?? []), e]);
  await pool([...byBill.values()], CONCURRENCY, async (events) => {
    for (const e of events) await e.run();
  });
  if (performance.now() - lastLog > 5_000) {
    lastLog = performance.now();
    const out = [...boxes.values()].filter((b) => b.gatedOut).length;
    log(
      `  ${clock(virtualNow)} (+${Math.floor((virtualNow - DAY0) / 86_400)}d)  ${out}/${N} out, ${queue.length} events left`,
    );
  }
}
const dayWallSeconds = (performance.now() - dayStarted) / 1000;
const dayEnd = await chainNow();
log(
  `the day ran in ${round(dayWallSeconds, 1)} s of wall time: ${slots} slots, ${clock(DAY0)} → ${clock(dayEnd)} chain time`,
);

// ------------------------------------------------------------------ figures

type Summary = { count: number; meanHours: number | null; medianHours: number | null; p90Hours: number | null };
type Row = { period: string; group: string; measures: Record<string, Summary> };
const figures = async () => ({
  byTerminal: (await call<{ rows: Row[] }>("GET", "/v1/release-times?period=day&groupBy=terminal", undefined)).body
    .rows,
  byCarrier: (await call<{ rows: Row[] }>("GET", "/v1/release-times?period=day&groupBy=carrier", undefined)).body.rows,
});
const releaseTimes = await figures();
const transactions = (await t.community.ctx.chain.blockNumber()) - counts.transactionsBefore;
const containersOut = [...boxes.values()].filter((b) => b.gatedOut).length;

// Restart from the journal: the chain is rebuilt from the journaled raw transactions and timestamps.
let replay: { ok: boolean; seconds: number; replayedTransactions: number } | undefined;
if (REPLAY_CHECK) {
  const t0 = performance.now();
  await running.close();
  t = await startTestCommunity(dataDir);
  running = await t.community.serve();
  call = client(running.url!);
  const again = await figures();
  replay = {
    ok: JSON.stringify(again) === JSON.stringify(releaseTimes),
    seconds: round((performance.now() - t0) / 1000, 1),
    replayedTransactions: t.community.replayed,
  };
  log(
    `journal replay: ${replay.replayedTransactions} transactions in ${replay.seconds} s; figures ${replay.ok ? "identical" : "DIFFER"}`,
  );
  if (!replay.ok) log(JSON.stringify(again));
}
await running.close();
await rm(dataDir, { recursive: true, force: true });

const byPath: Record<string, number> = {};
const byType: Record<string, number> = {};
for (const b of bills) {
  const key = b.path + (b.releaseParty ? "+forwarderRelease" : "");
  byPath[key] = (byPath[key] ?? 0) + 1;
  byType[b.blType] = (byType[b.blType] ?? 0) + 1;
}
const byCarrier: Record<string, number> = {};
for (const b of bills) byCarrier[orgIds[b.carrier]] = (byCarrier[orgIds[b.carrier]] ?? 0) + b.containers.length;

const report = {
  seed: SEED,
  containers: N,
  containersGatedOut: containersOut,
  billsOfLading: bills.length,
  billsOfLadingByType: byType,
  billsOfLadingByPath: byPath,
  containersByCarrier: byCarrier,
  containersPerBillOfLading: round(N / bills.length, 2),
  customsHolds: { placed: counts.holdsPlaced, lifted: counts.holdsLifted },
  gate: {
    refusedAttempts: counts.refusedGateAttempts,
    refusedByScenario: counts.refusedByScenario,
    refusalReasons: counts.refusalReasons,
    returnVisits: counts.returnVisits,
    contractRefusedGateOuts: counts.contractRefusedGateOuts,
    gatewayYesContractNo: counts.yesThenRefused,
    answersComparedWithContract: counts.gateAnswersCompared,
    gatewayContractMismatches: counts.gatewayContractMismatches,
  },
  httpRequests: counts.requests,
  transactions,
  chainTime: { dayStart: new Date(DAY0 * 1000).toISOString(), dayEnd: new Date(dayEnd * 1000).toISOString() },
  releaseTimes,
  replay,
  wallSeconds: { day: round(dayWallSeconds, 1), total: round((performance.now() - started) / 1000, 1) },
  ok:
    containersOut === N &&
    counts.yesThenRefused === 0 &&
    counts.gatewayContractMismatches === 0 &&
    (replay?.ok ?? true),
};

if (json) printJson(report);
else printReport();

function printReport() {
  const line = (label: string, value: unknown) => console.log(`  ${label.padEnd(34)} ${value}`);
  const kv = (o: Record<string, number>) =>
    Object.entries(o)
      .sort((a, b) => b[1] - a[1])
      .map(([k, v]) => `${k} ${v}`)
      .join(", ");
  console.log(`\nImport day (seed ${SEED}) at ${names[orgIds.terminal]}`);
  line("containers discharged / gated out", `${N} / ${containersOut}`);
  line("B/Ls", `${bills.length} (${report.containersPerBillOfLading} containers each on average)`);
  line("B/Ls by type", kv(byType));
  line("B/Ls by endorsement path", kv(byPath));
  line("containers by carrier", kv(Object.fromEntries(Object.entries(byCarrier).map(([k, v]) => [names[k], v]))));
  line("customs holds placed / lifted", `${counts.holdsPlaced} / ${counts.holdsLifted}`);
  line("gate: refused attempts", `${counts.refusedGateAttempts} (${kv(counts.refusedByScenario)})`);
  line("gate: refusal reasons (all given)", kv(counts.refusalReasons));
  line("gate: return visits", counts.returnVisits);
  line("gate-outs the contract refused", `${counts.contractRefusedGateOuts} (wrong haulier, tried anyway)`);
  line("gateway yes, contract no", counts.yesThenRefused);
  line(
    "gate answers = contract's",
    `${counts.gateAnswersCompared - counts.gatewayContractMismatches}/${counts.gateAnswersCompared}`,
  );
  line("HTTP requests / transactions", `${counts.requests} / ${transactions}`);
  line("chain time", `${report.chainTime.dayStart} → ${report.chainTime.dayEnd}`);
  if (replay)
    line("journal replay", `${replay.replayedTransactions} tx, figures ${replay.ok ? "identical" : "DIFFER"}`);
  for (const [title, rows] of [
    ["per terminal", releaseTimes.byTerminal],
    ["per carrier", releaseTimes.byCarrier],
  ] as const) {
    console.log(`\nRelease times ${title} (hours; from GET /v1/release-times)`);
    console.log(
      `  ${"day".padEnd(11)} ${"group".padEnd(34)} ${"measure".padEnd(20)} ${"n".padStart(4)} ${"mean".padStart(6)} ${"median".padStart(6)} ${"p90".padStart(6)}`,
    );
    for (const row of rows) {
      for (const [measure, s] of Object.entries(row.measures)) {
        const h = (x: number | null) => (x === null ? "–" : x.toFixed(2)).padStart(6);
        console.log(
          `  ${row.period.padEnd(11)} ${(names[row.group] ?? row.group).slice(0, 34).padEnd(34)} ${measure.replace("dischargeTo", "discharge→").padEnd(20)} ${String(s.count).padStart(4)} ${h(s.meanHours)} ${h(s.medianHours)} ${h(s.p90Hours)}`,
        );
      }
    }
  }
  console.log(
    `\nwall time: day ${report.wallSeconds.day} s, total ${report.wallSeconds.total} s — ${report.ok ? "OK" : "FAILED"}`,
  );
}
process.exit(report.ok ? 0 : 1);
