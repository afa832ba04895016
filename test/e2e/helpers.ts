/**
 * Helpers for end-to-end tests that run the product as separate processes: spawning them on the project's Node 22,
 * waiting for what they print (with a bounded deadline), killing whole process trees, free ports, and a small JSON
 * client for the gateway's HTTP API.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { dcsaExampleTransportDocument } from "../fixtures/dcsaExamples.ts";
import { createGatewayClient, type GatewayClient, type paths } from "../../api/client/index.ts";

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** The environment for a child: this one plus `extra`, with the project's Node 22 first on PATH. */
export function childEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const bin = path.join(repoRoot, "node_modules", ".bin");
  const env: NodeJS.ProcessEnv = { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH ?? ""}` };
  for (const [key, value] of Object.entries(extra)) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  return env;
}

/** A port that was free a moment ago on 127.0.0.1. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (typeof address !== "object" || !address) throw new Error("No port was assigned.");
  return address.port;
}

/** `n` distinct ports that were free a moment ago on 127.0.0.1: all are held at once, so none comes twice. */
export async function freePorts(n: number): Promise<number[]> {
  const servers = Array.from({ length: n }, () => createServer());
  try {
    return await Promise.all(
      servers.map(
        (server) =>
          new Promise<number>((resolve, reject) => {
            server.once("error", reject);
            server.listen(0, "127.0.0.1", () => resolve((server.address() as { port: number }).port));
          }),
      ),
    );
  } finally {
    await Promise.all(
      servers.map((s) => new Promise<void>((resolve) => (s.listening ? s.close(() => resolve()) : resolve()))),
    );
  }
}

/** A new temporary directory, and a function that removes it. */
export async function tempDir(prefix: string): Promise<{ dir: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), prefix));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A spawned process, the leader of its own process group, with everything it printed so far. */
export class Process {
  readonly child: ChildProcess;
  readonly name: string;
  /** Resolves when the process has exited. */
  readonly exited: Promise<Exit>;
  private exit?: Exit;
  private text = "";
  private readonly watchers = new Set<() => void>();

  constructor(name: string, child: ChildProcess) {
    this.name = name;
    this.child = child;
    const collect = (chunk: Buffer) => {
      this.text += chunk.toString("utf8");
      for (const watcher of this.watchers) watcher();
    };
    child.stdout?.on("data", collect);
    child.stderr?.on("data", collect);
    this.exited = new Promise((resolve) => {
      child.once("close", (code, signal) => {
        this.exit = { code, signal };
        for (const watcher of this.watchers) watcher();
        resolve(this.exit);
      });
      child.once("error", (error) => {
        this.text += `\n[spawn error] ${error.message}\n`;
      });
    });
  }

  /** stdout and stderr so far, interleaved as they arrived. */
  get output(): string {
    return this.text;
  }

  get running(): boolean {
    return this.exit === undefined;
  }

  /**
   * Waits until the output matches `pattern`; returns the match. Fails with the captured output if the process exits
   * first or `timeoutMs` passes.
   */
  waitFor(pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray> {
    return new Promise((resolve, reject) => {
      const done = () => {
        clearTimeout(timer);
        this.watchers.delete(check);
      };
      const check = () => {
        const match = pattern.exec(this.text);
        if (match) {
          done();
          resolve(match);
        } else if (this.exit) {
          done();
          reject(this.failure(`exited (${this.exit.signal ?? `code ${this.exit.code}`}) before printing ${pattern}`));
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(this.failure(`did not print ${pattern} within ${timeoutMs / 1000} s`));
      }, timeoutMs);
      this.watchers.add(check);
      check();
    });
  }

  /** Waits for the process to exit, at most `timeoutMs`; fails with the captured output otherwise. */
  async waitForExit(timeoutMs: number): Promise<Exit> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(this.failure(`did not exit within ${timeoutMs / 1000} s`)), timeoutMs);
    });
    try {
      return await Promise.race([this.exited, deadline]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Sends `signal` to the whole process group, as a terminal does (Ctrl-C is SIGINT to the foreground group). */
  signalGroup(signal: NodeJS.Signals): void {
    try {
      process.kill(-this.child.pid!, signal);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ESRCH") throw error;
    }
  }

  /** Whether any process of its group is still alive (the leader may be gone while a grandchild still runs). */
  get groupAlive(): boolean {
    try {
      process.kill(-this.child.pid!, 0);
      return true;
    } catch (error) {
      return (error as NodeJS.ErrnoException).code !== "ESRCH";
    }
  }

  /** SIGKILLs the whole process tree and waits for the leader to be gone. Safe to call more than once. */
  async kill(): Promise<Exit> {
    this.signalGroup("SIGKILL");
    return this.exited;
  }

  failure(what: string): Error {
    const tail = this.text.length > 8000 ? "…" + this.text.slice(-8000) : this.text;
    return new Error(`${this.name} ${what}. Its output:\n${tail}`);
  }
}

/** Spawns `command` in its own process group (so that its whole tree can be signalled), from the repository root. */
export function start(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  name = [command, ...args].join(" "),
): Process {
  const child = spawn(command, args, { cwd: repoRoot, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  return new Process(name, child);
}

/**
 * Processes a suite started, to kill in its `after` hook whatever happened: `track(process)` when starting one,
 * `killAll()` at the end.
 */
export class Processes {
  private readonly all = new Set<Process>();

  track(p: Process): Process {
    this.all.add(p);
    everyProcess.add(p);
    return p;
  }

  async killAll(): Promise<void> {
    await Promise.all([...this.all].map((p) => p.kill()));
    for (const p of this.all) everyProcess.delete(p);
    this.all.clear();
  }
}

/** Every tracked process still to be killed: should the test run end before an `after` hook could (mocha aborted). */
const everyProcess = new Set<Process>();
process.on("exit", () => {
  for (const p of everyProcess) p.signalGroup("SIGKILL");
});

/** Polls `check` until it returns a value other than undefined, at most `timeoutMs`; `what` names it on failure. */
export async function poll<T>(what: string, check: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`Timed out after ${timeoutMs / 1000} s waiting for ${what}${last ? `: ${String(last)}` : ""}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- API responses are checked field by field
export type Json = any;

/** The typed client (api/client) for the gateway at `baseUrl`: `api(key)` calls as that key's organization. */
export function gatewayAt(baseUrl: string) {
  return (key?: string): GatewayClient => createGatewayClient(baseUrl, key);
}

export type Api = ReturnType<typeof gatewayAt>;

/** What a call of the typed client gives back. */
interface Reply<T> {
  response: Response;
  data?: T;
  error?: unknown;
}

/** A write's 202 under `Prefer: sign=client`: the transaction to sign, which these node-signed calls never get. */
type PreparedForClient = { unsignedHash: string };

/**
 * The reply's body if its status is `status`; otherwise an error that shows the whole reply. The body's type leaves
 * out the client-signing 202, which only a request with `Prefer: sign=client` gets.
 */
export function expectStatus<T>(reply: Reply<T>, status: number, what: string): Exclude<T, PreparedForClient> {
  if (reply.response.status !== status) {
    const body = JSON.stringify(reply.data ?? reply.error);
    throw new Error(`${what}: expected HTTP ${status}, got ${reply.response.status}: ${body}`);
  }
  return reply.data as Exclude<T, PreparedForClient>;
}

/** A valid DCSA eBL 3.0.3 to-order transport document with this B/L number. */
export function toOrderTransportDocument(reference: string): Record<string, unknown> {
  return dcsaExampleTransportDocument({ reference, blType: "toOrder" }) as Record<string, unknown>;
}

/** A B/L number unique to this run (at most 20 characters, as DCSA allows). */
export function uniqueBlNumber(prefix: string): string {
  return (prefix + Date.now().toString(36).toUpperCase()).slice(0, 20);
}

type BlActionPaths = Extract<keyof paths, `/v1/bills-of-lading/{blNumber}/${string}`>;
/** A B/L action the typed client can post: the last segment of a `/v1/bills-of-lading/{blNumber}/…` POST route. */
export type BlAction = {
  [P in BlActionPaths]: paths[P]["post"] extends undefined
    ? never
    : P extends `${string}/{blNumber}/${infer A}`
      ? A
      : never;
}[BlActionPaths];
/** The JSON body that action takes. */
export type ActionBody<A extends BlAction> = NonNullable<
  paths[`/v1/bills-of-lading/{blNumber}/${A}`]["post"]
>["requestBody"] extends { content: { "application/json": infer B } } | undefined
  ? B
  : never;

/**
 * Posts a B/L action with the typed client. The action is a parameter, which openapi-fetch cannot follow through a
 * template path, so the call is typed as one of them: every action answers 200 with the same B/L view.
 */
export function postBlAction<A extends BlAction>(
  client: GatewayClient,
  blNumber: string,
  action: A,
  body?: ActionBody<A>,
) {
  const path = `/v1/bills-of-lading/{blNumber}/${action}` as "/v1/bills-of-lading/{blNumber}/transfer";
  return client.POST(path, { params: { path: { blNumber } }, body: (body ?? {}) as ActionBody<"transfer"> });
}

/** The `sh` code blocks of the README sections whose `## ` heading starts with `heading`, in order. */
export function readmeScripts(readme: string, heading: string): { section: string; script: string }[] {
  const blocks: { section: string; script: string }[] = [];
  let section = "";
  const lines = readme.split("\n");
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].startsWith("## ")) section = lines[i].slice(3);
    if (section.startsWith(heading) && lines[i] === "```sh") {
      const end = lines.indexOf("```", i + 1);
      blocks.push({ section, script: lines.slice(i + 1, end).join("\n") });
      i = end;
    }
  }
  return blocks;
}

/** The HTTP status of every problem+json body a script printed, in order. */
export function problemStatuses(output: string): number[] {
  return [
    ...output.matchAll(/"type":"https:\/\/paperless-port\.dev\/problems\/[^"]*","title":"[^"]*","status":(\d+)/g),
  ].map((m) => Number(m[1]));
}
