/**
 * Starts a throw-away js-ipfs daemon (the `ipfs` npm package installed in this folder) that serves the Kubo RPC
 * API for the IPFS integration tests: fresh repository in a temp folder, offline, no bootstrap/delegates/MDNS,
 * every listener on 127.0.0.1 with an OS-chosen port (no port races). Install it with scripts/ensure-ipfs-daemon.ts.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** Installed by scripts/ensure-ipfs-daemon.ts (the `pretest` script) from this folder's package.json. */
export const DAEMON_DIR = join(
  dirname(fileURLToPath(import.meta.url)),
  "..",
  "..",
  "node_modules",
  ".cache",
  "ipfs-daemon",
);
export const DAEMON_CLI = join(DAEMON_DIR, "node_modules", "ipfs", "src", "cli.js");

export interface RunningDaemon {
  /** RPC API base URL, e.g. http://127.0.0.1:40123 */
  apiUrl: string;
  /** Temp folder holding the repository (IPFS_PATH = repo/repo); removed by stop(). */
  repo: string;
  pid: number;
  /** Output so far (for failure messages). */
  log(): string;
  stop(): Promise<void>;
}

const OFFLINE_CONFIG = {
  Addresses: {
    Swarm: ["/ip4/127.0.0.1/tcp/0"],
    API: "/ip4/127.0.0.1/tcp/0",
    Gateway: "/ip4/127.0.0.1/tcp/0",
    RPC: "/ip4/127.0.0.1/tcp/0",
    Delegates: [],
    Announce: [],
    NoAnnounce: [],
  },
  Discovery: { MDNS: { Enabled: false }, webRTCStar: { Enabled: false } },
  Bootstrap: [],
  Routing: { Type: "none" },
  Pubsub: { Enabled: false },
  Swarm: { DisableNatPortMap: true },
};

export function daemonInstalled(): boolean {
  return existsSync(DAEMON_CLI);
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once("exit", () => resolve()));
}

export async function startDaemon(options: { readyTimeoutMs?: number } = {}): Promise<RunningDaemon> {
  if (!daemonInstalled()) {
    throw new Error(
      `The js-ipfs test daemon is not installed (${DAEMON_CLI} missing). ` +
        `Run: node scripts/ensure-ipfs-daemon.ts   (npm install in test/ipfs-daemon, ~300 MB, ~3 min)`,
    );
  }
  const deadline = Date.now() + (options.readyTimeoutMs ?? 60_000);
  const repo = await mkdtemp(join(tmpdir(), "paperless-jsipfs-"));
  const configFile = join(repo, "init-config.json");
  await writeFile(configFile, JSON.stringify(OFFLINE_CONFIG));

  // process.execPath: the same Node 22 that runs the tests.
  const child = spawn(
    process.execPath,
    [DAEMON_CLI, "daemon", "--offline", "--enable-preload=false", "--init-config", configFile],
    {
      cwd: DAEMON_DIR,
      env: { ...process.env, IPFS_PATH: join(repo, "repo"), IPFS_MONITORING: "", DEBUG: "" },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let output = "";
  child.stdout!.setEncoding("utf8").on("data", (s: string) => (output += s));
  child.stderr!.setEncoding("utf8").on("data", (s: string) => (output += s));

  let stopped = false;
  const stop = async (): Promise<void> => {
    if (!stopped) {
      stopped = true;
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGTERM");
        const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
        await exited(child);
        clearTimeout(timer);
      }
    }
    await rm(repo, { recursive: true, force: true });
  };

  try {
    // The daemon prints the API multiaddr (port chosen by the OS), then "Daemon is ready".
    let apiUrl: string | undefined;
    while (apiUrl === undefined) {
      const m = /HTTP API listening on \/ip4\/127\.0\.0\.1\/tcp\/(\d+)\/http/.exec(output);
      if (m) apiUrl = `http://127.0.0.1:${m[1]}`;
      else await pollStep(child, deadline, output);
    }
    // Then the RPC API must actually answer.
    for (;;) {
      try {
        const res = await fetch(`${apiUrl}/api/v0/version`, { method: "POST", signal: AbortSignal.timeout(2_000) });
        if (res.ok) break;
      } catch {
        // not yet
      }
      await pollStep(child, deadline, output);
    }
    return { apiUrl, repo, pid: child.pid!, log: () => output, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

async function pollStep(child: ChildProcess, deadline: number, output: string): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) {
    throw new Error(`js-ipfs daemon exited (${child.exitCode ?? child.signalCode}) before it was ready:\n${output}`);
  }
  if (Date.now() > deadline) throw new Error(`js-ipfs daemon not ready in time:\n${output}`);
  await new Promise((resolve) => setTimeout(resolve, 100));
}
