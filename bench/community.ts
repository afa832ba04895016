/**
 * The port community's throughput, latency and index lag (issue 12, point 8), measured on a local community of five
 * gateway processes and one anvil chain process (scripts/portCommunity.ts), against the same transactions sent
 * straight to the chain process with ethers.
 *
 * `npm run bench:community` prints a table; `npm run bench:community -- --json` prints one JSON object on stdout (all
 * else on stderr). Flags: --n <writes per run> (60), --concurrency <in flight> (8), --runs <repeats> (3),
 * --lag-n <writes watched for index lag per run> (n), --lag-poll-ms <pause between two polls of a node> (10),
 * --port-base <first HTTP port> (derived from the process id).
 *
 * Per run, with the same count and concurrency each:
 *   node-signed issue     the carrier's node issues B/Ls with its own key (to the bank, for the transfer run);
 *   endorse-and-deliver   the bank's node (its bank holds them) endorses and delivers each to the consignee;
 *   client-signed issue   the forwarder issues through the operator's node, signing locally: prepare (Prefer:
 *                         sign=client) → sign → POST /v1/transactions; the latency is the whole two-step write;
 *   raw issue             the same issue call, signed by a carrier the bench registered with its own key, sent
 *                         straight to anvil (simulated, then signed and broadcast in nonce order, like the gateway);
 *   index lag             node-signed issues while every node's GET /health is polled: per write, the time from its
 *                         response until every other node reports an index at or past its block.
 * Throughputs are the median of `--runs` runs; latencies and lags are percentiles over all runs' writes. The lag is
 * measured in its own pass so that the polling does not slow the throughput runs.
 */
import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import { Contract, Interface, JsonRpcProvider, Wallet } from "ethers";
import { loadArtifact } from "../api/adapters/chain/artifacts.ts";
import { textToBytes32 } from "../api/bytes.ts";
import { canonicalize, documentChecksum } from "../api/billsOfLading/canonicalForm.ts";
import { BL_TYPES } from "../api/domain.ts";
import { defaultPorts, startPortCommunity, type CommunityNode, type PortCommunity } from "../scripts/portCommunity.ts";
import { dcsaExampleTransportDocument } from "../test/fixtures/dcsaExamples.ts";
import { flag, hasFlag, HttpError, jsonMode, median, percentile, round } from "./support.ts";

// ------------------------------------------------------------------ options, output

const json = hasFlag("json");
const N = flag("n", 60);
const CONCURRENCY = flag("concurrency", 8);
const RUNS = flag("runs", 3);
const LAG_N = flag("lag-n", N);
// 10 ms: every poll of GET /health asks the chain too, and five nodes polled 2 ms apart loaded anvil and the nodes enough
// to double the p99 they measured (1294 ms at 2 ms, 527 at 20 ms, same machine, 2026-12-01).
const LAG_POLL_MS = flag("lag-poll-ms", 10);
const WARMUP = Math.min(8, N);
// Five HTTP ports from the base, five IPFS ports 100 above, the chain 545 above: clear of other benches and tests.
const PORT_BASE = flag("port-base", 20_000 + (process.pid % 40) * 1000);

const printJson = jsonMode(json, 0);
const log = (...args: unknown[]) => console.error("[bench:community]", ...args);

// ------------------------------------------------------------------ helpers

/** Runs `count` jobs with `concurrency` in flight; returns per-job latencies (ms), the wall time and the rate. */
async function load(count: number, job: (i: number) => Promise<void>) {
  const latencies = new Array<number>(count);
  let next = 0;
  let failure: unknown;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: Math.min(CONCURRENCY, count) }, async () => {
      for (let i = next++; i < count && failure === undefined; i = next++) {
        const t = performance.now();
        try {
          await job(i);
        } catch (error) {
          failure ??= error;
        }
        latencies[i] = performance.now() - t;
      }
    }),
  );
  if (failure !== undefined) throw failure;
  const wallMs = performance.now() - t0;
  return { latencies, wallMs, perSec: (count * 1000) / wallMs };
}

let socketRetries = 0;

/** A JSON request to a node; the parsed body if it answered `status`, HttpError otherwise. */
async function call<T = Record<string, unknown>>(
  node: CommunityNode,
  method: "GET" | "POST",
  route: string,
  apiKey: string | undefined,
  body: unknown,
  status: number,
  headers: Record<string, string> = {},
): Promise<T> {
  const request = () =>
    fetch(node.url + route, {
      method,
      headers: {
        ...(body !== undefined ? { "content-type": "application/json" } : {}),
        ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  // A keep-alive connection the node closed as idle just as it was reused (under heavy load, the client's event loop
  // is late to see the close): the node never read the request, so it is sent again on a new connection, once.
  const res = await request().catch((error: { cause?: { code?: string } }) => {
    if (error.cause?.code !== "UND_ERR_SOCKET") throw error;
    socketRetries++;
    return request();
  });
  const text = await res.text();
  if (res.status !== status) {
    throw new HttpError(`${method} ${node.name}${route} → ${res.status}: ${text.slice(0, 400)}`, res.status, text);
  }
  return (text ? JSON.parse(text) : {}) as T;
}

let serial = 0;
/** A distinct B/L number (≤ 20 characters). */
const nextReference = (prefix: string) => `${prefix}${String(++serial).padStart(7, "0")}`;
const issueBody = (reference: string, issueTo: string) => ({
  transportDocument: dcsaExampleTransportDocument({ reference, blType: "toOrder" }),
  issueTo,
});

// ------------------------------------------------------------------ boot

const started = performance.now();
log(`node ${process.version}, ${os.cpus().length} CPUs, n=${N}, concurrency=${CONCURRENCY}, runs=${RUNS}`);
const dataDir = await mkdtemp(path.join(os.tmpdir(), "bench-community-"));
const community: PortCommunity = await startPortCommunity({
  dataDir,
  ports: defaultPorts(PORT_BASE),
  log: (line) => /error|warn/i.test(line) && !/ExperimentalWarning|--trace-warnings/.test(line) && log(line),
});
const bootSeconds = round((performance.now() - started) / 1000, 1);
log(`community up in ${bootSeconds} s: chain ${community.chain.url}, nodes from ${community.nodes.operator.url}`);

// The raw baseline's ethers client is set as the gateway's (api/adapters/chain/chain.ts, Chain.remote): no 10 ms batch
// stall before each request, which would slow the baseline rather than measure the chain.
const provider = new JsonRpcProvider(community.chain.url, undefined, {
  cacheTimeout: -1,
  staticNetwork: true,
  batchStallTime: 0,
});
const kinds = ["nodeSignedIssue", "transfer", "clientSignedIssue", "rawIssue"] as const;
type Kind = (typeof kinds)[number];

/** Every measurement; the community is stopped and its folder removed whether it succeeds or not. */
async function measureCommunity() {
  const { nodes, organizations: orgs, nodeOf } = community;
  const chainId = (await provider.getNetwork()).chainId;

  /** Which transactions a write sent, to find its block afterwards. */
  interface Write {
    node: CommunityNode;
    transactionHash: string;
    /** performance.now() when its response arrived. */
    answeredAt: number;
  }

  /** When `watch` is set, each write's response is recorded for the index lag. */
  let watch: Write[] | undefined;

  // The forwarder's own key, kept in its keystore file on "its own machine" (decrypted once: scrypt is slow).
  const forwarderKey = community.clientKeys.forwarder;
  const forwarderWallet = await Wallet.fromEncryptedJson(
    readFileSync(forwarderKey.keystoreFile, "utf8"),
    forwarderKey.password,
  );

  async function nodeSignedIssue(reference: string) {
    const node = nodeOf.carrier;
    const body = await call<{ transactionHash: string }>(
      node,
      "POST",
      "/v1/bills-of-lading",
      orgs.carrier.apiKey,
      issueBody(reference, orgs.bank.orgId),
      201,
    );
    watch?.push({ node, transactionHash: body.transactionHash, answeredAt: performance.now() });
  }

  async function transfer(reference: string) {
    const node = nodeOf.bank;
    const route = `/v1/bills-of-lading/${encodeURIComponent(reference)}/endorse-and-deliver`;
    await call(node, "POST", route, orgs.bank.apiKey, { to: orgs.consignee.orgId }, 200);
  }

  async function clientSignedIssue(reference: string) {
    const node = nodeOf.forwarder;
    const startedAt = performance.now();
    const prepared = await call<{ transaction: Record<string, unknown> }>(
      node,
      "POST",
      "/v1/bills-of-lading",
      orgs.forwarder.apiKey,
      issueBody(reference, orgs.bank.orgId),
      202,
      { prefer: "sign=client", "x-signer": forwarderWallet.address },
    );
    const preparedAt = performance.now();
    const signedTransaction = await forwarderWallet.signTransaction(prepared.transaction);
    const signedAt = performance.now();
    await call(node, "POST", "/v1/transactions", orgs.forwarder.apiKey, { signedTransaction }, 201);
    clientSteps?.push({
      prepareMs: preparedAt - startedAt,
      signMs: signedAt - preparedAt,
      sendMs: performance.now() - signedAt,
    });
  }

  /** Where a client-signed write's time goes, step by step (kept for the measured runs). */
  let clientSteps: { prepareMs: number; signMs: number; sendMs: number }[] | undefined;
  const allClientSteps: { prepareMs: number; signMs: number; sendMs: number }[] = [];

  // ------------------------------------------------------------------ raw: the same issue call, straight to anvil

  const rawWallet = Wallet.createRandom().connect(provider);
  const RAW_CARRIER_ID = "91120116BENCHRAW01";
  // The operator registers the bench's carrier through its node, with the bench's own key (funded at registration).
  await call(
    nodes.operator,
    "POST",
    "/v1/organizations",
    community.operatorApiKey,
    {
      orgId: RAW_CARRIER_ID,
      name: "Bench Raw Carrier",
      roles: ["carrier"],
      creditTier: "aeoAdvanced",
      signer: rawWallet.address,
    },
    201,
  );
  const registry = new Contract(
    community.addresses.PartyRegistry,
    loadArtifact("PartyRegistry").abi as never,
    provider,
  );
  const bankOrg = Number(await registry.getFunction("orgNumber")(textToBytes32(orgs.bank.orgId)));
  const billOfLading = new Interface(loadArtifact("BillOfLading").abi as never);
  const TO_ORDER = BL_TYPES.indexOf("toOrder");
  let rawNonce = await provider.getTransactionCount(rawWallet.address, "pending");
  let rawQueue: Promise<unknown> = Promise.resolve();

  async function rawIssue(reference: string) {
    // The arguments the gateway sends: the B/L number as bytes32 and the checksum of the canonical DCSA document.
    const checksum = documentChecksum(canonicalize(dcsaExampleTransportDocument({ reference, blType: "toOrder" })));
    const data = billOfLading.encodeFunctionData("issue", [textToBytes32(reference), checksum, TO_ORDER, bankOrg, 0]);
    const to = community.addresses.BillOfLading;
    const [gasLimit, fees] = await Promise.all([
      provider.estimateGas({ from: rawWallet.address, to, data }),
      provider.getFeeData(),
    ]);
    // Signed and broadcast one at a time, in nonce order, as the gateway does; the receipts are awaited side by side.
    const sent = rawQueue.then(async () => {
      const raw = await rawWallet.signTransaction({
        type: 2,
        chainId,
        to,
        data,
        nonce: rawNonce++,
        gasLimit: (gasLimit * 12n) / 10n + 10_000n,
        maxFeePerGas: fees.maxFeePerGas,
        maxPriorityFeePerGas: fees.maxPriorityFeePerGas,
      });
      return provider.send("eth_sendRawTransaction", [raw]) as Promise<string>;
    });
    rawQueue = sent.catch(() => undefined);
    const hash = await sent;
    let receipt: { status: string } | null;
    while (!(receipt = await provider.send("eth_getTransactionReceipt", [hash]))) await sleep(2);
    if (receipt.status !== "0x1") throw new Error(`raw issue ${reference} reverted: ${hash}`);
  }

  // ------------------------------------------------------------------ index lag

  /**
   * Polls every node's GET /health (one request in flight per node, `LAG_POLL_MS` apart) and keeps, per node, when it
   * first reported each new indexed block: the moment the bench learnt it, so a lag is exact to one poll.
   */
  class IndexWatch {
    private readonly seen = new Map<CommunityNode, { at: number; block: number }[]>();
    private running = true;
    private readonly loops: Promise<void>[];
    polls = 0;

    constructor(watched: CommunityNode[]) {
      this.loops = watched.map(async (node) => {
        const samples: { at: number; block: number }[] = [];
        this.seen.set(node, samples);
        while (this.running) {
          const block = await node.indexedBlock();
          this.polls++;
          if (!samples.length || block > samples[samples.length - 1].block)
            samples.push({ at: performance.now(), block });
          await sleep(LAG_POLL_MS);
        }
      });
    }

    /** When `node` was first seen at or past `block` (undefined: not yet). */
    reached(node: CommunityNode, block: number): number | undefined {
      return this.seen.get(node)!.find((s) => s.block >= block)?.at;
    }

    async stop(): Promise<void> {
      this.running = false;
      await Promise.all(this.loops);
    }
  }

  /** Node-signed issues while every node is watched; the lag of each write until every other node has its block. */
  async function indexLagPass(count: number) {
    const all = Object.values(nodes);
    const watcher = new IndexWatch(all);
    watch = [];
    const refs = Array.from({ length: count }, () => nextReference("LAG"));
    await load(count, (i) => nodeSignedIssue(refs[i]));
    const writes = watch;
    watch = undefined;
    const blocks = await Promise.all(
      writes.map(async (w) => Number((await provider.getTransactionReceipt(w.transactionHash))!.blockNumber)),
    );
    // Every node reaches the last write's block within a few follower polls; wait for it before stopping the watch.
    const last = Math.max(...blocks);
    const deadline = performance.now() + 30_000;
    while (all.some((n) => watcher.reached(n, last) === undefined)) {
      if (performance.now() > deadline) throw new Error(`a node did not index block ${last} within 30 s`);
      await sleep(20);
    }
    await watcher.stop();
    const lags = writes.map((w, i) =>
      Math.max(0, ...all.filter((n) => n !== w.node).map((n) => watcher.reached(n, blocks[i])! - w.answeredAt)),
    );
    return { lags, polls: watcher.polls };
  }

  // ------------------------------------------------------------------ runs

  interface Run {
    perSec: number;
    p50Ms: number;
    p99Ms: number;
    wallMs: number;
  }
  const toRun = (r: Awaited<ReturnType<typeof load>>): Run => ({
    perSec: round(r.perSec, 1),
    p50Ms: round(percentile(r.latencies, 50)),
    p99Ms: round(percentile(r.latencies, 99)),
    wallMs: Math.round(r.wallMs),
  });

  const runs: Record<Kind, Run[]> = { nodeSignedIssue: [], transfer: [], clientSignedIssue: [], rawIssue: [] };
  const latencies: Record<Kind, number[]> = { nodeSignedIssue: [], transfer: [], clientSignedIssue: [], rawIssue: [] };
  const lags: number[] = [];
  let lagPolls = 0;

  async function measure(kind: Kind, count: number, job: (i: number) => Promise<void>, keep: boolean) {
    const result = await load(count, job);
    if (keep) {
      runs[kind].push(toRun(result));
      latencies[kind].push(...result.latencies);
    }
    return result;
  }

  /** One round of every measurement, `count` writes each; `keep` false for the warm-up. */
  async function round1(count: number, keep: boolean) {
    const issued = Array.from({ length: count }, () => nextReference("NSB"));
    await measure("nodeSignedIssue", count, (i) => nodeSignedIssue(issued[i]), keep);
    // The bank acts once its own node has indexed the B/Ls (as it would after their notification), off the clock.
    await community.synced();
    await measure("transfer", count, (i) => transfer(issued[i]), keep);
    const clientRefs = Array.from({ length: count }, () => nextReference("CSB"));
    clientSteps = keep ? allClientSteps : undefined;
    await measure("clientSignedIssue", count, (i) => clientSignedIssue(clientRefs[i]), keep);
    clientSteps = undefined;
    const rawRefs = Array.from({ length: count }, () => nextReference("RAW"));
    await measure("rawIssue", count, (i) => rawIssue(rawRefs[i]), keep);
  }

  log(`warm-up: ${WARMUP} writes of each kind`);
  await round1(WARMUP, false);
  await community.synced();
  for (let run = 0; run < RUNS; run++) {
    await round1(N, true);
    const lag = await indexLagPass(LAG_N);
    lags.push(...lag.lags);
    lagPolls += lag.polls;
    const last = (k: Kind) => runs[k][run];
    log(
      `run ${run + 1}: node-signed issue ${last("nodeSignedIssue").perSec}/s, client-signed issue ` +
        `${last("clientSignedIssue").perSec}/s, raw issue ${last("rawIssue").perSec}/s, endorse-and-deliver ` +
        `${last("transfer").perSec}/s; index lag p50 ${round(percentile(lag.lags, 50))} ms, ` +
        `p99 ${round(percentile(lag.lags, 99))} ms`,
    );
  }

  // ------------------------------------------------------------------ result

  const perSec = (k: Kind) => median(runs[k].map((r) => r.perSec));
  const p = (k: Kind, q: number) => round(percentile(latencies[k], q));
  const raw = perSec("rawIssue");
  return {
    nodeSignedIssuePerSec: round(perSec("nodeSignedIssue"), 1),
    nodeSignedIssueP50Ms: p("nodeSignedIssue", 50),
    nodeSignedIssueP99Ms: p("nodeSignedIssue", 99),
    clientSignedIssuePerSec: round(perSec("clientSignedIssue"), 1),
    clientSignedIssueP50Ms: p("clientSignedIssue", 50),
    clientSignedIssueP99Ms: p("clientSignedIssue", 99),
    transferPerSec: round(perSec("transfer"), 1),
    transferP50Ms: p("transfer", 50),
    transferP99Ms: p("transfer", 99),
    rawIssuePerSec: round(raw, 1),
    rawIssueP50Ms: p("rawIssue", 50),
    rawIssueP99Ms: p("rawIssue", 99),
    /** The median of each step of a client-signed write: prepare (202), sign locally, send (201). */
    clientSignedSteps: {
      prepareP50Ms: round(
        percentile(
          allClientSteps.map((x) => x.prepareMs),
          50,
        ),
      ),
      signP50Ms: round(
        percentile(
          allClientSteps.map((x) => x.signMs),
          50,
        ),
      ),
      sendP50Ms: round(
        percentile(
          allClientSteps.map((x) => x.sendMs),
          50,
        ),
      ),
    },
    clientSignedToRawRatio: round(perSec("clientSignedIssue") / raw, 3),
    /** The ratio within each run (the machine's speed varies between runs), and their median. */
    clientSignedToRawRatioPerRun: runs.clientSignedIssue.map((r, i) => round(r.perSec / runs.rawIssue[i].perSec, 3)),
    clientSignedToRawRatioMedianOfRuns: round(
      median(runs.clientSignedIssue.map((r, i) => r.perSec / runs.rawIssue[i].perSec)),
      3,
    ),
    nodeSignedToRawRatio: round(perSec("nodeSignedIssue") / raw, 3),
    indexLagP50Ms: round(percentile(lags, 50)),
    indexLagP99Ms: round(percentile(lags, 99)),
    indexLagMaxMs: round(Math.max(...lags)),
    targets: {
      clientSignedToRawRatio: 0.7,
      indexLagP99Ms: 500,
      clientSignedToRawRatioMet: perSec("clientSignedIssue") / raw >= 0.7,
      indexLagP99Met: percentile(lags, 99) <= 500,
    },
    n: N,
    concurrency: CONCURRENCY,
    runs: RUNS,
    warmup: WARMUP,
    lagWrites: lags.length,
    lagPollMs: LAG_POLL_MS,
    lagPolls,
    socketRetries,
    runsPerSec: Object.fromEntries(kinds.map((k) => [k, runs[k].map((r) => r.perSec)])),
    nodes: Object.keys(nodes).length,
    chain: "anvil (automine), its own process",
    bootSeconds,
    node: process.version,
    cpus: os.cpus().length,
    loadAverage: os.loadavg().map((l) => round(l)),
    totalSeconds: 0,
  };
}

let result: Awaited<ReturnType<typeof measureCommunity>>;
try {
  result = await measureCommunity();
} finally {
  provider.destroy();
  await community.stop();
  await rm(dataDir, { recursive: true, force: true });
}
result.totalSeconds = round((performance.now() - started) / 1000, 1);

if (json) {
  printJson(result);
} else {
  const row = (label: string, value: string) => console.log(`${label.padEnd(52)} ${value}`);
  const met = (ok: boolean) => (ok ? "met" : "MISSED");
  console.log(
    `\nPort community benchmark — node ${process.version}, ${result.cpus} CPUs, 5 nodes + anvil, n=${N}, ` +
      `concurrency ${CONCURRENCY}, median of ${RUNS} runs\n`,
  );
  row(
    "issue, carrier's node signs",
    `${result.nodeSignedIssuePerSec}/s  (p50 ${result.nodeSignedIssueP50Ms} ms, p99 ${result.nodeSignedIssueP99Ms} ms)`,
  );
  row(
    "issue, forwarder signs (prepare → sign → send)",
    `${result.clientSignedIssuePerSec}/s  (p50 ${result.clientSignedIssueP50Ms} ms, p99 ${result.clientSignedIssueP99Ms} ms)`,
  );
  row(
    "  its steps (p50): prepare, sign, send",
    `${result.clientSignedSteps.prepareP50Ms} ms, ${result.clientSignedSteps.signP50Ms} ms, ${result.clientSignedSteps.sendP50Ms} ms`,
  );
  row("issue, raw ethers on anvil", `${result.rawIssuePerSec}/s  (p50 ${result.rawIssueP50Ms} ms)`);
  row(
    "client-signed / raw",
    `${result.clientSignedToRawRatio}  (target ≥ 0.7: ${met(result.targets.clientSignedToRawRatioMet)})`,
  );
  row("node-signed / raw", `${result.nodeSignedToRawRatio}`);
  row(
    "endorse-and-deliver, bank's node",
    `${result.transferPerSec}/s  (p50 ${result.transferP50Ms} ms, p99 ${result.transferP99Ms} ms)`,
  );
  row(
    "index lag until every other node has the block",
    `p50 ${result.indexLagP50Ms} ms, p99 ${result.indexLagP99Ms} ms  (target p99 ≤ 500: ${met(result.targets.indexLagP99Met)})`,
  );
  console.log(
    `\nruns (per second): ${kinds.map((k) => `${k} ${result.runsPerSec[k].join(", ")}`).join("; ")}\ntotal ${result.totalSeconds} s`,
  );
}
process.exit(0);
