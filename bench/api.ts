/**
 * Gateway throughput and latency over real HTTP, against the same chain driven straight with ethers.
 *
 * `npm run bench:api` prints a table; `npm run bench:api -- --json` prints one JSON object on stdout (all else on
 * stderr). Flags: --n <requests per run> (300), --concurrency <in-flight> (8), --runs <repeats> (5),
 * --verify-load <B/Ls loaded before timing verify> (10000), --verify-n <verify requests> (2000), --no-profile.
 *
 * Two communities are booted in this process: A serves the gateway over HTTP on 127.0.0.1, B is driven straight with
 * ethers as the carrier (a separate chain so that the gateway's nonce cache is never stale). Gateway and raw runs
 * alternate, each throughput figure is the median of `--runs` runs.
 */
import { rm } from "node:fs/promises";
import { performance } from "node:perf_hooks";
import { Contract, type TransactionRequest, type TransactionResponse } from "ethers";
import { startTestCommunity, transportDocument, type TestCommunity } from "../test/fixtures/gateway.ts";
import { loadArtifact } from "../api/adapters/chain/artifacts.ts";
import { textToBytes32 } from "../api/bytes.ts";
import { createGatewayClient } from "../api/client/index.ts";
import { BL_TYPES } from "../api/domain.ts";
import {
  expected,
  flag,
  hasFlag,
  jsonMode,
  median,
  percentile,
  round,
  runHttpLoadWorker,
  type HttpLoadJob,
} from "./support.ts";
import { validateTransportDocument } from "../api/billsOfLading/transportDocument.ts";
import { canonicalize, documentChecksum } from "../api/billsOfLading/canonicalForm.ts";

// ------------------------------------------------------------------ options, output

const json = hasFlag("json");
const N = flag("n", 300);
const CONCURRENCY = flag("concurrency", 8);
const RUNS = flag("runs", 5);
const WARMUP = Math.min(40, N);
const VERIFY_LOAD = flag("verify-load", 10_000);
const VERIFY_N = flag("verify-n", 2_000);
const BATCH = 100;
const PROFILE = !hasFlag("no-profile");

// Only the final JSON goes to stdout, on one line: route anything else (ours or a library's) to stderr.
const printJson = jsonMode(json, 0);
const log = (...args: unknown[]) => console.error("[bench:api]", ...args);

// ------------------------------------------------------------------ helpers

/** Runs `count` jobs with `concurrency` in flight; returns per-job latencies (ms) and the wall time (ms). */
async function load(count: number, concurrency: number, job: (i: number) => Promise<void>) {
  const latencies = new Array<number>(count);
  let next = 0;
  const cpu0 = process.cpuUsage();
  const elu0 = performance.eventLoopUtilization();
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async () => {
      for (let i = next++; i < count; i = next++) {
        const t = performance.now();
        await job(i);
        latencies[i] = performance.now() - t;
      }
    }),
  );
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return {
    latencies,
    wallMs,
    perSec: (count * 1000) / wallMs,
    /** Process CPU (all threads: JS, EDR, libuv) per job. */
    cpuMsPerJob: (cpu.user + cpu.system) / 1000 / count,
    /** Share of the wall time the JS main thread was busy. */
    eventLoopUtilization: performance.eventLoopUtilization(elu0).utilization,
  };
}

/**
 * Runs HTTP requests from a worker thread (see httpLoadWorker.ts) while this thread serves them; returns the same
 * figures as `load`, with CPU and event-loop use measured on the gateway's side.
 */
async function httpLoad(job: Omit<HttpLoadJob, "concurrency">) {
  const count = job.urls?.length ?? job.bodies.length;
  const cpu0 = process.cpuUsage();
  const elu0 = performance.eventLoopUtilization();
  const result = await runHttpLoadWorker({ ...job, concurrency: CONCURRENCY });
  const cpu = process.cpuUsage(cpu0);
  return {
    latencies: result.latencies,
    wallMs: result.wallMs,
    perSec: (count * 1000) / result.wallMs,
    cpuMsPerJob: (cpu.user + cpu.system) / 1000 / count,
    eventLoopUtilization: performance.eventLoopUtilization(elu0).utilization,
  };
}

// ------------------------------------------------------------------ boot

const started = performance.now();
log(`node ${process.version}, n=${N}, concurrency=${CONCURRENCY}, runs=${RUNS}, verify load ${VERIFY_LOAD}`);
const gw: TestCommunity = await startTestCommunity();
const running = await gw.community.serve();
const base = running.url!;
// API calls go through the typed client; the throughput runs use the raw load workers (httpLoad), as before.
const openClient = createGatewayClient(base);
const carrierClient = createGatewayClient(base, gw.keys.carrier);
const verifyCall = (documentChecksum: string) =>
  expected(openClient.GET("/v1/verify/{documentChecksum}", { params: { path: { documentChecksum } } }), 200);
const rawCommunity: TestCommunity = await startTestCommunity();
log(`booted in ${Math.round(performance.now() - started)} ms; gateway at ${base}`);

const { keys, orgIds } = gw;
let serial = 0;
/** A distinct B/L number (≤ 20 chars). */
const nextReference = (prefix: string) => `${prefix}${String(++serial).padStart(7, "0")}`;
const issueBody = (reference: string) =>
  JSON.stringify({ transportDocument: transportDocument(reference, "toOrder"), issueTo: orgIds.shipper });

// ------------------------------------------------------------------ gateway: issue and endorse-and-deliver

const issuedNumbers: string[][] = [];

async function gatewayIssue(count: number, record: boolean) {
  const refs = Array.from({ length: count }, () => nextReference("GWB"));
  const bodies = refs.map(issueBody);
  const result = await httpLoad({
    url: `${base}/v1/bills-of-lading`,
    method: "POST",
    key: keys.carrier,
    bodies,
    expect: 201,
  });
  if (record) issuedNumbers.push(refs);
  return result;
}

async function gatewayTransfer(numbers: string[]) {
  const body = JSON.stringify({ to: orgIds.bank });
  return httpLoad({
    url: base,
    urls: numbers.map((n) => `${base}/v1/bills-of-lading/${encodeURIComponent(n)}/endorse-and-deliver`),
    method: "POST",
    key: keys.shipper,
    bodies: numbers.map(() => body),
    expect: 200,
  });
}

// ------------------------------------------------------------------ raw: the same issue transactions with ethers

const rawCtx = rawCommunity.community.ctx;
const carrierWallet = (await rawCtx.keystore.wallet(rawCommunity.orgIds.carrier)).connect(rawCtx.chain.provider);
const rawBillOfLading = new Contract(
  rawCtx.chain.address("BillOfLading"),
  loadArtifact("BillOfLading").abi as never,
  carrierWallet,
);
/**
 * Sends in nonce order, as the gateway does for one key: the gas estimates run concurrently, each send (nonce, sign,
 * broadcast) waits for the one before. ethers' NonceManager numbers the sends but lets them reach the chain in any
 * order, which an automining chain refuses ("Nonce too high … can't be queued").
 */
let rawNonce = await carrierWallet.getNonce("pending");
let rawSends: Promise<unknown> = Promise.resolve();
function sendInOrder(tx: TransactionRequest): Promise<TransactionResponse> {
  const sent = rawSends.then(() => carrierWallet.sendTransaction({ ...tx, nonce: rawNonce++ }));
  rawSends = sent.catch(() => undefined);
  return sent;
}
const TO_ORDER = BL_TYPES.indexOf("toOrder"); // the code the gateway sends for a to-order B/L
const rawShipper = rawCtx.index.organizationByOrgId(rawCommunity.orgIds.shipper)!.org;

async function rawIssue(count: number) {
  // Same arguments the gateway sends: the B/L number as bytes32 and the checksum of a canonical DCSA document.
  const requests = Array.from({ length: count }, () => {
    const reference = nextReference("RAW");
    const canonical = canonicalize(transportDocument(reference, "toOrder"));
    return [textToBytes32(reference), documentChecksum(canonical)] as const;
  });
  return load(count, CONCURRENCY, async (i) => {
    const [blNumber, checksum] = requests[i];
    const request = await rawBillOfLading.issue.populateTransaction(blNumber, checksum, TO_ORDER, rawShipper, 0);
    const gasLimit = await carrierWallet.estimateGas(request);
    const tx = await sendInOrder({ ...request, gasLimit, maxFeePerGas: 0n, maxPriorityFeePerGas: 0n });
    const receipt = await tx.wait();
    if (receipt?.status !== 1) throw new Error(`raw issue failed: ${tx.hash}`);
  });
}

// ------------------------------------------------------------------ throughput runs

log(`warm-up: ${WARMUP} gateway issues, ${WARMUP} raw issues`);
const warm = await gatewayIssue(WARMUP, false);
await rawIssue(WARMUP);
log(`  gateway warm-up ${round(warm.perSec, 1)}/s`);

interface Run {
  perSec: number;
  cpuMsPerRequest: number;
  eventLoopUtilization: number;
  p50Ms: number;
  p99Ms: number;
  wallMs: number;
}
const toRun = (r: Awaited<ReturnType<typeof load>>): Run => ({
  perSec: round(r.perSec, 1),
  cpuMsPerRequest: round(r.cpuMsPerJob),
  eventLoopUtilization: round(r.eventLoopUtilization, 3),
  p50Ms: round(percentile(r.latencies, 50)),
  p99Ms: round(percentile(r.latencies, 99)),
  wallMs: Math.round(r.wallMs),
});
const issueRuns: Run[] = [];
const rawRuns: Run[] = [];
const transferRuns: Run[] = [];
for (let run = 0; run < RUNS; run++) {
  issueRuns.push(toRun(await gatewayIssue(N, true)));
  rawRuns.push(toRun(await rawIssue(N)));
  log(
    `run ${run + 1}: gateway issue ${issueRuns[run].perSec}/s (p50 ${issueRuns[run].p50Ms} ms), raw issue ${rawRuns[run].perSec}/s`,
  );
}
for (let run = 0; run < RUNS; run++) {
  transferRuns.push(toRun(await gatewayTransfer(issuedNumbers[run])));
  log(`run ${run + 1}: gateway endorse-and-deliver ${transferRuns[run].perSec}/s (p50 ${transferRuns[run].p50Ms} ms)`);
}
const medianRun = (runs: Run[]) => {
  const m = median(runs.map((r) => r.perSec));
  return runs.find((r) => r.perSec === m) ?? runs.sort((a, b) => a.perSec - b.perSec)[runs.length >> 1];
};
const issueMedian = medianRun(issueRuns);
const rawMedian = medianRun(rawRuns);
const transferMedian = medianRun(transferRuns);

// ------------------------------------------------------------------ profile: where a gateway issue's time goes

type Profile = Record<string, { calls: number; totalMs: number; perRequestMs: number }>;
let profile: Profile | undefined;
let profileRun: Run | undefined;
let inProcess: Record<string, number> | undefined;

if (PROFILE) {
  const timers = new Map<string, { calls: number; totalMs: number }>();
  const restore: (() => void)[] = [];
  const wrap = (label: string, target: Record<string, unknown>, method: string) => {
    const original = target[method] as (...a: unknown[]) => unknown;
    timers.set(label, { calls: 0, totalMs: 0 });
    const own = Object.prototype.hasOwnProperty.call(target, method);
    target[method] = function (this: unknown, ...args: unknown[]) {
      const t = performance.now();
      const done = () => {
        const entry = timers.get(label) ?? { calls: 0, totalMs: 0 };
        entry.calls++;
        entry.totalMs += performance.now() - t;
        timers.set(label, entry);
      };
      const out = original.apply(this, args);
      if (out && typeof (out as Promise<unknown>).then === "function") {
        return (out as Promise<unknown>).finally(done);
      }
      done();
      return out;
    };
    restore.push(() => {
      if (own) target[method] = original;
      else delete target[method];
    });
  };
  const ctx = gw.community.ctx;
  const wrapIfPresent = (label: string, target: Record<string, unknown>, method: string) => {
    if (typeof target[method] === "function") wrap(label, target, method);
  };
  const chain = ctx.chain as unknown as Record<string, unknown>;
  const provider = ctx.chain.provider as unknown as Record<string, unknown>;
  wrap("chain.submit (simulate → store → queue → broadcast → receipt → fsync)", chain, "submit");
  wrap("  provider.estimateGas (simulation)", provider, "estimateGas");
  wrap("  documents.putDocument (IPFS put + pin)", ctx.documents as unknown as Record<string, unknown>, "putDocument");
  wrapIfPresent("  chain.broadcast (nonce, sign, send: the serialized section)", chain, "broadcast");
  wrapIfPresent("  chain.mined (receipt + block time)", chain, "mined");
  wrap("  journal.append (group-committed fsync)", chain.journal as Record<string, unknown>, "append");
  wrap("index.reach (catch-up to the tx's block)", ctx.index as unknown as Record<string, unknown>, "reach");
  wrap("  chain.events (getLogs + block timestamps + decode)", chain, "events");
  wrap("chain.read (tokenIdOf eth_call)", chain, "read");
  wrap("provider.getBlock (receipt timestamps and index)", provider, "getBlock");
  wrap("provider.send (every JSON-RPC call, nested ones too)", provider, "send");
  const p = await gatewayIssue(N, false);
  profileRun = toRun(p);
  for (const undo of restore.reverse()) undo();
  profile = {};
  for (const [label, { calls, totalMs }] of timers) {
    profile[label] = { calls, totalMs: Math.round(totalMs), perRequestMs: round(totalMs / N) };
  }
  const serialized = timers.get("  chain.broadcast (nonce, sign, send: the serialized section)")?.totalMs ?? 0;
  profile["serialized section busy (fraction of wall time)"] = {
    calls: 0,
    totalMs: Math.round(p.wallMs),
    perRequestMs: round(serialized / p.wallMs, 3),
  };
  profile["wall time per request (1 / throughput)"] = {
    calls: N,
    totalMs: Math.round(p.wallMs),
    perRequestMs: round(p.wallMs / N),
  };
  log(`profile run: ${profileRun.perSec}/s, ${round(p.wallMs / N)} ms wall per request`);

  // CPU work done in the request path outside the chain: validation, canonicalization, checksum; and HTTP itself.
  const docs = Array.from({ length: 200 }, () => transportDocument(nextReference("PRF"), "toOrder"));
  const time = (f: (i: number) => void) => {
    const t = performance.now();
    for (let i = 0; i < docs.length; i++) f(i);
    return round((performance.now() - t) / docs.length, 3);
  };
  const bodies = docs.map((d) => JSON.stringify({ transportDocument: d, issueTo: orgIds.shipper }));
  const jsonParseMs = time((i) => JSON.parse(bodies[i]));
  const validateMs = time((i) => validateTransportDocument(docs[i]));
  const canonicalizeMs = time((i) => canonicalize(docs[i]));
  const checksumMs = time((i) => documentChecksum(canonicalize(docs[i])) && undefined);
  const wallet = await ctx.keystore.wallet(orgIds.carrier);
  const ts = performance.now();
  for (let i = 0; i < 50; i++) {
    await wallet.signTransaction({
      to: wallet.address,
      data: "0x" + "00".repeat(132),
      nonce: i,
      gasLimit: 200_000n,
      chainId: ctx.chain.chainId,
      type: 2,
      maxFeePerGas: 0n,
      maxPriorityFeePerGas: 0n,
    });
  }
  const signMs = round((performance.now() - ts) / 50, 3);
  // HTTP + Express round trip with no chain work: sequential GET /health-free route (verify of an unknown checksum).
  // Each step alone, sequentially, with nothing else running: its cost on an idle event loop.
  const seq = async (count: number, f: (i: number) => Promise<unknown>) => {
    for (let i = 0; i < 10; i++) await f(i);
    const t = performance.now();
    for (let i = 0; i < count; i++) await f(i);
    return round((performance.now() - t) / count, 3);
  };
  const ipfsDocs = docs.map((d) => canonicalize({ ...d, transportDocumentReference: nextReference("IPF") }));
  const ipfsPutDocumentMs = await seq(150, (i) => ctx.documents.putDocument(ipfsDocs[i]));
  const carrierOrg = ctx.index.organizationByOrgId(orgIds.carrier)!.org;
  const shipperOrg = ctx.index.organizationByOrgId(orgIds.shipper)!.org;
  const blContract = new Contract(
    ctx.chain.address("BillOfLading"),
    loadArtifact("BillOfLading").abi as never,
    ctx.chain.provider,
  );
  const estimateGasMs = await seq(100, (i) =>
    ctx.chain.provider.estimateGas({
      from: wallet.address,
      to: ctx.chain.address("BillOfLading"),
      data: blContract.interface.encodeFunctionData("issue", [
        textToBytes32(`EST${i}`),
        documentChecksum(ipfsDocs[i]),
        TO_ORDER,
        shipperOrg,
        0,
      ]),
    }),
  );
  const rpcBlockNumberMs = await seq(200, () => ctx.chain.provider.getBlockNumber());
  const tokenIdOfReadMs = await seq(100, (i) =>
    ctx.chain.read("BillOfLading", "tokenIdOf", [carrierOrg, textToBytes32(`EST${i}`)]),
  );
  const unknown = "0x" + "ab".repeat(32);
  for (let i = 0; i < 50; i++) await verifyCall(unknown);
  const th = performance.now();
  for (let i = 0; i < 300; i++) await verifyCall(unknown);
  const httpRoundTripMs = round((performance.now() - th) / 300, 3);
  inProcess = {
    bodyBytes: bodies[0].length,
    jsonParseMs,
    validateTransportDocumentMs: validateMs,
    canonicalizeMs,
    canonicalizePlusSha256Ms: checksumMs,
    signTransactionMs: signMs,
    httpRoundTripMs,
    ipfsPutDocumentMs,
    estimateGasMs,
    rpcBlockNumberMs,
    tokenIdOfReadMs,
  };
}

// ------------------------------------------------------------------ verify with VERIFY_LOAD B/Ls loaded

const loaded: string[] = [];
{
  const already = [...gw.community.ctx.index.allBillsOfLading()].length;
  const toLoad = Math.max(0, VERIFY_LOAD - already);
  const batches = Math.ceil(toLoad / BATCH);
  log(`loading ${toLoad} B/Ls (${batches} batch requests of ≤ ${BATCH}) on top of ${already}`);
  const t = performance.now();
  // Each batch's body is built just before it is sent: building them all first would leave the keep-alive
  // connections idle past the server's keepAliveTimeout (5 s), and a reused, server-closed socket resets.
  const payload = (size: number) => ({
    billsOfLading: Array.from({ length: size }, () => ({
      transportDocument: transportDocument(nextReference("VFY"), "toOrder"),
      issueTo: orgIds.shipper,
    })),
  });
  await load(batches, 2, async (b) => {
    const body = payload(Math.min(BATCH, toLoad - b * BATCH));
    await expected(carrierClient.POST("/v1/bills-of-lading/batch", { body }), 201);
  });
  log(`  loaded in ${Math.round(performance.now() - t)} ms`);
  for (const bl of gw.community.ctx.index.allBillsOfLading()) loaded.push(bl.documentChecksum);
}
const verifyLoaded = loaded.length;
if (verifyLoaded < VERIFY_LOAD) throw new Error(`the index holds ${verifyLoaded} B/Ls, fewer than ${VERIFY_LOAD}`);

const pick = () => loaded[Math.floor(Math.random() * loaded.length)];
// Let the bulk load's aftermath (index catch-up, garbage collection) settle, then warm up.
await gw.community.ctx.index.catchUp();
await new Promise((resolve) => setTimeout(resolve, 1000));
const verify = verifyCall;
for (let i = 0; i < 500; i++) await verify(pick()); // warm-up
const verifyLatencies: number[] = [];
const checksums = Array.from({ length: VERIFY_N }, pick);
for (const checksum of checksums) {
  const t = performance.now();
  const body = await verify(checksum);
  verifyLatencies.push(performance.now() - t);
  if (!body.authentic) throw new Error(`verify says ${checksum} is not authentic`);
}
const slowVerifies = verifyLatencies.map((ms, i) => [i, round(ms, 1)]).filter(([, ms]) => ms > 5);
log(`verify: ${slowVerifies.length} of ${VERIFY_N} over 5 ms: ${JSON.stringify(slowVerifies.slice(0, 40))}`);

// ------------------------------------------------------------------ report

const result = {
  issuePerSec: issueMedian.perSec,
  transferPerSec: transferMedian.perSec,
  issueP50Ms: issueMedian.p50Ms,
  issueP99Ms: issueMedian.p99Ms,
  transferP50Ms: transferMedian.p50Ms,
  transferP99Ms: transferMedian.p99Ms,
  rawIssuePerSec: rawMedian.perSec,
  rawIssueP50Ms: rawMedian.p50Ms,
  gatewayToRawRatio: round(issueMedian.perSec / rawMedian.perSec, 3),
  verifyP50Ms: round(percentile(verifyLatencies, 50), 3),
  verifyP99Ms: round(percentile(verifyLatencies, 99), 3),
  verifyRequests: VERIFY_N,
  verifyIndexSize: verifyLoaded,
  targets: {
    gatewayToRawRatio: 0.7,
    verifyP99Ms: 10,
    gatewayToRawRatioMet: issueMedian.perSec / rawMedian.perSec >= 0.7,
    verifyP99Met: percentile(verifyLatencies, 99) <= 10,
  },
  n: N,
  concurrency: CONCURRENCY,
  runs: RUNS,
  warmup: WARMUP,
  issueRuns,
  rawIssueRuns: rawRuns,
  transferRuns,
  cpuMsPerRequest: {
    issue: issueMedian.cpuMsPerRequest,
    rawIssue: rawMedian.cpuMsPerRequest,
    transfer: transferMedian.cpuMsPerRequest,
  },
  eventLoopUtilization: { issue: issueMedian.eventLoopUtilization, rawIssue: rawMedian.eventLoopUtilization },
  issueMedianRunPerSec: issueMedian.perSec,
  rawIssueMedianRunPerSec: rawMedian.perSec,
  transferMedianRunPerSec: transferMedian.perSec,
  profileRun,
  profile,
  inProcess,
  node: process.version,
  cpus: (await import("node:os")).cpus().length,
  totalSeconds: 0,
};

await running.close();
await rawCommunity.close();
await rm(gw.config.dataDir, { recursive: true, force: true });
result.totalSeconds = round((performance.now() - started) / 1000, 1);

if (json) {
  printJson(result);
} else {
  const row = (label: string, value: string) => console.log(`${label.padEnd(44)} ${value}`);
  console.log(
    `\nGateway benchmark — node ${process.version}, ${result.cpus} CPUs, n=${N}, concurrency ${CONCURRENCY}, median of ${RUNS} runs\n`,
  );
  row(
    "issue, gateway over HTTP",
    `${result.issuePerSec}/s  (p50 ${result.issueP50Ms} ms, p99 ${result.issueP99Ms} ms)`,
  );
  row("issue, raw ethers on the chain", `${result.rawIssuePerSec}/s  (p50 ${result.rawIssueP50Ms} ms)`);
  row(
    "gateway / raw",
    `${result.gatewayToRawRatio}  (target ≥ 0.7: ${result.targets.gatewayToRawRatioMet ? "met" : "MISSED"})`,
  );
  row(
    "endorse-and-deliver, gateway over HTTP",
    `${result.transferPerSec}/s  (p50 ${result.transferP50Ms} ms, p99 ${result.transferP99Ms} ms)`,
  );
  row(
    `verify, ${verifyLoaded} B/Ls indexed`,
    `p50 ${result.verifyP50Ms} ms, p99 ${result.verifyP99Ms} ms  (target p99 ≤ 10: ${result.targets.verifyP99Met ? "met" : "MISSED"})`,
  );
  row(
    "process CPU per request (all threads)",
    `gateway issue ${result.cpuMsPerRequest.issue} ms, raw issue ${result.cpuMsPerRequest.rawIssue} ms, endorse-and-deliver ${result.cpuMsPerRequest.transfer} ms`,
  );
  row(
    "JS event loop busy",
    `gateway issue ${result.eventLoopUtilization.issue}, raw issue ${result.eventLoopUtilization.rawIssue}`,
  );
  console.log(
    `\nruns (per second): issue ${issueRuns.map((r) => r.perSec).join(", ")}; raw ${rawRuns.map((r) => r.perSec).join(", ")}; endorse-and-deliver ${transferRuns.map((r) => r.perSec).join(", ")}`,
  );
  if (profile && profileRun) {
    console.log(
      `\nWhere a gateway issue's time goes (instrumented run, ${profileRun.perSec}/s; mean latency of each step per request, steps overlap across the ${CONCURRENCY} in flight):`,
    );
    for (const [label, p] of Object.entries(profile))
      console.log(`  ${label.padEnd(72)} ${String(p.perRequestMs).padStart(7)} ms  (${p.calls} calls)`);
    console.log(`In-process CPU per request:`);
    for (const [label, v] of Object.entries(inProcess!)) console.log(`  ${label.padEnd(72)} ${String(v).padStart(7)}`);
  }
  console.log(`\ntotal ${result.totalSeconds} s`);
}
process.exit(0);
