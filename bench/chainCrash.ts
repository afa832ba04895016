/**
 * What a `kill -9` of the chain process loses (issue 12, point 5): the community's anvil writes its state file every
 * CHAIN_STATE_INTERVAL_SECONDS and on a clean exit, so a crash loses what it mined since its last write, including
 * transactions a node had already answered for.
 *
 * `npm run bench:chain-crash` prints a table; `-- --json` prints one JSON object on stdout (all else on stderr).
 * Flags: --trials <kills> (5), --concurrency <writes in flight> (4), --port-base <first HTTP port>.
 *
 * Each trial: the carrier's node issues B/Ls continuously (node-signed, over HTTP); at a random moment 1.5–4 s in, the
 * chain process is killed (SIGKILL), then started again from its state file. Counted: the blocks and the
 * acknowledged writes (201 answered before the kill) the restarted chain no longer has, and how long before the kill
 * the earliest lost acknowledged write was answered. Then the running nodes are looked at as they stand (their index
 * against the chain's new head, a lost B/L, a new write), and restarted, which rebuilds their index from the chain.
 * Only the carrier's and the consignee's nodes run: the others are stopped after start to spare the CPU.
 */
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import { JsonRpcProvider } from "ethers";
import {
  CHAIN_STATE_INTERVAL_SECONDS,
  defaultPorts,
  startPortCommunity,
  type CommunityNode,
  type PortCommunity,
} from "../scripts/portCommunity.ts";
import { dcsaExampleTransportDocument } from "../test/fixtures/dcsaExamples.ts";
import { flag, hasFlag, jsonMode, median, round } from "./support.ts";

const json = hasFlag("json");
const TRIALS = flag("trials", 5);
const CONCURRENCY = flag("concurrency", 4);
const PORT_BASE = flag("port-base", 21_500 + (process.pid % 40) * 1000);
/** How long a new write after the restart is given before it counts as hanging. */
const NEW_WRITE_TIMEOUT_MS = 15_000;

const printJson = jsonMode(json, 0);
const log = (...args: unknown[]) => console.error("[bench:chain-crash]", ...args);

const started = performance.now();
log(`node ${process.version}, ${os.cpus().length} CPUs, trials=${TRIALS}, concurrency=${CONCURRENCY}`);
const dataDir = await mkdtemp(path.join(os.tmpdir(), "bench-chain-crash-"));
const community: PortCommunity = await startPortCommunity({
  dataDir,
  ports: defaultPorts(PORT_BASE),
  log: (line) => /error/i.test(line) && log(line),
});
log(`community up in ${round((performance.now() - started) / 1000, 1)} s`);
const provider = new JsonRpcProvider(community.chain.url, undefined, { cacheTimeout: -1, staticNetwork: true });

let serial = 0;
const nextReference = () => `CRASH${String(++serial).padStart(7, "0")}`;

/** An issue on the carrier's node; resolves with its transaction once answered 201, undefined on any other answer. */
async function issue(reference: string, signal?: AbortSignal): Promise<string | undefined> {
  const { nodeOf, organizations: orgs } = community;
  try {
    const res = await fetch(`${nodeOf.carrier.url}/v1/bills-of-lading`, {
      method: "POST",
      headers: { authorization: `Bearer ${orgs.carrier.apiKey}`, "content-type": "application/json" },
      body: JSON.stringify({
        transportDocument: dcsaExampleTransportDocument({ reference, blType: "toOrder" }),
        issueTo: orgs.bank.orgId,
      }),
      signal,
    });
    const body = (await res.json()) as { transactionHash?: string };
    return res.status === 201 ? body.transactionHash : undefined;
  } catch {
    return undefined; // aborted at the kill, or the node failed
  }
}

const health = async (node: CommunityNode) =>
  (await (await fetch(`${node.url}/health`)).json()) as { status: string; index: { block: number } };

/** Whether `node` shows the B/L `reference` (200) or knows none (404). */
async function shows(node: CommunityNode, reference: string): Promise<boolean> {
  const res = await fetch(`${node.url}/v1/bills-of-lading/${reference}`, {
    headers: { authorization: `Bearer ${community.organizations.carrier.apiKey}` },
  });
  await res.arrayBuffer();
  return res.status === 200;
}

/** A kill after which the chain could not start again: its state file was cut short mid-write. */
interface LostChain {
  killAfterMs: number;
  acknowledged: number;
  headAtKill: number;
  stateFileUnreadable: true;
}

interface Trial {
  stateFileUnreadable?: false;
  killAfterMs: number;
  acknowledged: number;
  headAtKill: number;
  headAfterRestart: number;
  lostBlocks: number;
  lostAcknowledged: number;
  /** How long before the kill the earliest lost acknowledged write was answered (0: none lost). */
  lostMs: number;
  /** The running nodes as they stood after the restart, before they were restarted themselves. */
  nodesAfterRestart: {
    carrierIndexBlock: number;
    consigneeIndexBlock: number;
    carrierHealth: string;
    lostBlStillShown: boolean | null;
    newWriteAnswered: boolean;
  };
  /** After the nodes' restart: their index matches the chain, the lost B/L is gone, a new write goes through. */
  nodesRestarted: { indexAtHead: boolean; lostBlShown: boolean | null; newWriteAnswered: boolean };
}

async function trial(): Promise<Trial | LostChain> {
  const carrier = community.nodeOf.carrier;
  const consignee = community.nodes.consignee;
  const acknowledged: { reference: string; hash: string; at: number }[] = [];
  const stop = new AbortController();
  const killAfterMs = Math.round(1500 + Math.random() * 2500);
  const writers = Array.from({ length: CONCURRENCY }, async () => {
    while (!stop.signal.aborted) {
      const reference = nextReference();
      const hash = await issue(reference, stop.signal);
      if (hash && !stop.signal.aborted) acknowledged.push({ reference, hash, at: performance.now() });
    }
  });
  await sleep(killAfterMs);
  const headAtKill = await provider.getBlockNumber();
  stop.abort(); // what has no answer by now was never acknowledged
  const killedAt = performance.now();
  await community.chain.kill();
  await Promise.all(writers);
  try {
    await community.chain.start();
  } catch (error) {
    // The kill landed while anvil was writing its state file: the file is cut short, and anvil will not start on it.
    log(`the chain does not start again: ${(error as Error).message.split("\n")[1] ?? error}`);
    return { killAfterMs, acknowledged: acknowledged.length, headAtKill, stateFileUnreadable: true };
  }
  const headAfterRestart = await provider.getBlockNumber();

  const lost: typeof acknowledged = [];
  for (const write of acknowledged) {
    if (!(await provider.getTransactionReceipt(write.hash))) lost.push(write);
  }
  // The running nodes, which saw blocks the chain no longer has: what they show before they restart.
  await sleep(1500); // a few of the follower's polls
  const [carrierHealth, consigneeHealth] = await Promise.all([health(carrier), health(consignee)]);
  const lostBlStillShown = lost.length ? await shows(carrier, lost[0].reference) : null;
  const newWriteAnswered = (await issue(nextReference(), AbortSignal.timeout(NEW_WRITE_TIMEOUT_MS))) !== undefined;

  // Restarted, each node rebuilds its index from the chain as it now is.
  await Promise.all([carrier, consignee].map(async (n) => (await n.stop(), await n.start())));
  await community.synced();
  const head = await provider.getBlockNumber();
  const indexAtHead = (await Promise.all([carrier, consignee].map(health))).every((h) => h.index.block === head);
  const restartedWrite = (await issue(nextReference(), AbortSignal.timeout(NEW_WRITE_TIMEOUT_MS))) !== undefined;
  const lostBlShown = lost.length ? await shows(carrier, lost[0].reference) : null;

  return {
    killAfterMs,
    acknowledged: acknowledged.length,
    headAtKill,
    headAfterRestart,
    lostBlocks: Math.max(0, headAtKill - headAfterRestart),
    lostAcknowledged: lost.length,
    lostMs: lost.length ? Math.round(killedAt - Math.min(...lost.map((w) => w.at))) : 0,
    nodesAfterRestart: {
      carrierIndexBlock: carrierHealth.index.block,
      consigneeIndexBlock: consigneeHealth.index.block,
      carrierHealth: carrierHealth.status,
      lostBlStillShown,
      newWriteAnswered,
    },
    nodesRestarted: { indexAtHead, lostBlShown, newWriteAnswered: restartedWrite },
  };
}

const trials: Trial[] = [];
let lostChain: (LostChain & { trial: number }) | undefined;
try {
  // Only the nodes the trials use keep running.
  await Promise.all((["operator", "bank", "terminal"] as const).map((name) => community.nodes[name].stop()));
  for (let i = 0; i < TRIALS; i++) {
    const outcome = await trial();
    if (outcome.stateFileUnreadable) {
      lostChain = { ...outcome, trial: i + 1 };
      log(`trial ${i + 1}: killed after ${outcome.killAfterMs} ms: the state file is unreadable, the chain is lost`);
      break; // nothing left to restart: the community's chain is gone
    }
    const t = outcome;
    trials.push(t);
    log(
      `trial ${i + 1}: killed after ${t.killAfterMs} ms with ${t.acknowledged} writes acknowledged; ` +
        `head ${t.headAtKill} → ${t.headAfterRestart} after restart: lost ${t.lostBlocks} blocks, ` +
        `${t.lostAcknowledged} acknowledged writes (${t.lostMs} ms); carrier index at ${t.nodesAfterRestart.carrierIndexBlock}, ` +
        `new write ${t.nodesAfterRestart.newWriteAnswered ? "answered" : "not answered"} before its restart`,
    );
  }
} finally {
  provider.destroy();
  await community.stop();
  await rm(dataDir, { recursive: true, force: true });
}

const lostBlocks = trials.map((t) => t.lostBlocks);
const lostAcknowledged = trials.map((t) => t.lostAcknowledged);
const lostMs = trials.map((t) => t.lostMs);
const result = {
  chainStateIntervalSeconds: CHAIN_STATE_INTERVAL_SECONDS,
  trials: trials.length,
  trialsAsked: TRIALS,
  concurrency: CONCURRENCY,
  lostBlocksMedian: median(lostBlocks),
  lostBlocksMax: Math.max(...lostBlocks),
  lostAcknowledgedWritesMedian: median(lostAcknowledged),
  lostAcknowledgedWritesMax: Math.max(...lostAcknowledged),
  lostMsMedian: median(lostMs),
  lostMsMax: Math.max(...lostMs),
  trialsLosingAcknowledgedWrites: lostAcknowledged.filter((n) => n > 0).length,
  /** The kill that cut the state file short, so that the chain did not start again (the trials stop there). */
  chainLostAtTrial: lostChain?.trial ?? null,
  lostChain: lostChain ?? null,
  runningNodes: {
    indexAheadOfChain: trials.filter((t) => t.nodesAfterRestart.carrierIndexBlock > t.headAfterRestart).length,
    lostBlStillShown: trials.filter((t) => t.nodesAfterRestart.lostBlStillShown === true).length,
    newWriteAnswered: trials.filter((t) => t.nodesAfterRestart.newWriteAnswered).length,
    healthOk: trials.filter((t) => t.nodesAfterRestart.carrierHealth === "ok").length,
  },
  restartedNodes: {
    indexAtHead: trials.filter((t) => t.nodesRestarted.indexAtHead).length,
    lostBlShown: trials.filter((t) => t.nodesRestarted.lostBlShown === true).length,
    newWriteAnswered: trials.filter((t) => t.nodesRestarted.newWriteAnswered).length,
  },
  perTrial: trials,
  node: process.version,
  cpus: os.cpus().length,
  totalSeconds: round((performance.now() - started) / 1000, 1),
};

if (json) {
  printJson(result);
} else {
  const row = (label: string, value: string) => console.log(`${label.padEnd(58)} ${value}`);
  console.log(
    `\nChain crash (SIGKILL of anvil, state written every ${CHAIN_STATE_INTERVAL_SECONDS} s) — ${result.trials} trials, ` +
      `${CONCURRENCY} writes in flight\n`,
  );
  row("blocks lost", `median ${result.lostBlocksMedian}, max ${result.lostBlocksMax}`);
  row(
    "acknowledged writes lost",
    `median ${result.lostAcknowledgedWritesMedian}, max ${result.lostAcknowledgedWritesMax} ` +
      `(${result.trialsLosingAcknowledgedWrites} of ${result.trials} trials lost some)`,
  );
  row("answered this long before the kill, and lost", `median ${result.lostMsMedian} ms, max ${result.lostMsMax} ms`);
  row(
    "running nodes after the restart (trials)",
    `index ahead of the chain ${result.runningNodes.indexAheadOfChain}, lost B/L still shown ` +
      `${result.runningNodes.lostBlStillShown}, new write answered ${result.runningNodes.newWriteAnswered}, ` +
      `health ok ${result.runningNodes.healthOk}`,
  );
  row(
    "after the nodes restart (trials)",
    `index at the head ${result.restartedNodes.indexAtHead}, lost B/L shown ${result.restartedNodes.lostBlShown}, ` +
      `new write answered ${result.restartedNodes.newWriteAnswered}`,
  );
  if (lostChain) {
    console.log(
      `\ntrial ${lostChain.trial}: the kill landed while anvil wrote its state file; the file is cut short and the ` +
        `chain does not start again (${lostChain.headAtKill} blocks, everything, lost)`,
    );
  }
  console.log(`\ntotal ${result.totalSeconds} s`);
}
process.exit(0);
