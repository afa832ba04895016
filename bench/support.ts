/**
 * Small helpers shared by the benchmarks in `bench/` and by `scripts/simulate.ts`: flags, seeded randomness, container
 * numbers, HTTP, statistics, JSON output, gas.
 */
import { Worker } from "node:worker_threads";
import { isContainerNumber } from "../api/release/containerNumber.ts";

const argv = process.argv.slice(2);

/** Whether `--name` is on the command line. */
export function hasFlag(name: string): boolean {
  return argv.includes(`--${name}`);
}

/** The positive whole number after `--name` on the command line, or `fallback`. */
export function flag(name: string, fallback: number): number {
  const i = argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const value = Number(argv[i + 1]);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`--${name} needs a positive whole number`);
  return value;
}

/** A seeded PRNG (mulberry32): the same seed gives the same day. */
export function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    /** An integer in [min, max]. */
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    chance: (p: number) => next() < p,
    pick: <T>(items: readonly T[]) => items[Math.floor(next() * items.length)],
    /** A key of `weights` with probability proportional to its weight. */
    weighted: <K extends string>(weights: Record<K, number>): K => {
      const entries = Object.entries(weights) as [K, number][];
      let r = next() * entries.reduce((s, [, w]) => s + w, 0);
      for (const [k, w] of entries) if ((r -= w) < 0) return k;
      return entries[entries.length - 1][0];
    },
  };
}

/** The ISO 6346 container number with this owner code (3 letters), category U and 6-digit serial. */
export function containerNumber(owner: string, serial: number): string {
  const stem = `${owner}U${String(serial).padStart(6, "0")}`;
  for (let d = 0; d <= 9; d++) if (isContainerNumber(stem + d)) return stem + d;
  throw new Error(`no check digit for ${stem}`); // cannot happen: (sum mod 11) mod 10 is a digit
}

/** `count` distinct container numbers, spread over the owner codes, starting at serial `from`. */
export function containerNumbers(count: number, owners: readonly string[], from = 0): string[] {
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const owner = owners[i % owners.length];
    const serial = from + Math.floor(i / owners.length);
    if (serial > 999_999) throw new Error("out of serial numbers");
    out.push(containerNumber(owner, serial));
  }
  return out;
}

export class HttpError extends Error {
  readonly status: number;
  readonly body: unknown;
  constructor(message: string, status: number, body: unknown) {
    super(message);
    this.status = status;
    this.body = body;
  }
}

/**
 * The body of a typed-client call (api/client's `createGatewayClient`) if it answered `status`; HttpError otherwise.
 */
export async function expected<T>(
  reply: Promise<{ data?: T; error?: unknown; response: Response }>,
  status: number,
): Promise<T> {
  const { data, error, response } = await reply;
  if (response.status !== status) {
    const body = error ?? data;
    throw new HttpError(
      `${response.url} → ${response.status}: ${JSON.stringify(body).slice(0, 500)}`,
      response.status,
      body,
    );
  }
  return data as T;
}

/** A JSON client for the gateway: `call("POST", path, body, key)`, throwing HttpError unless the status is expected. */
export function client(base: string) {
  return async function call<T = Record<string, unknown>>(
    method: "GET" | "POST",
    path: string,
    key: string | undefined,
    body?: unknown,
    expect: number | number[] = [200, 201],
  ): Promise<{ status: number; body: T }> {
    const res = await fetch(base + path, {
      method,
      headers: {
        ...(body !== undefined ? { "content-type": "application/json" } : {}),
        ...(key ? { authorization: `Bearer ${key}` } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // CSV or empty
    }
    const ok = Array.isArray(expect) ? expect.includes(res.status) : res.status === expect;
    if (!ok) throw new HttpError(`${method} ${path} → ${res.status}: ${text.slice(0, 500)}`, res.status, parsed);
    return { status: res.status, body: parsed as T };
  };
}

/** Runs `jobs` with at most `concurrency` in flight; rejects with the first error after all have settled. */
export async function pool<T>(items: readonly T[], concurrency: number, job: (item: T, i: number) => Promise<void>) {
  let next = 0;
  let failure: unknown;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      for (let i = next++; i < items.length; i = next++) {
        try {
          await job(items[i], i);
        } catch (error) {
          failure ??= error;
        }
      }
    }),
  );
  if (failure) throw failure;
}

/** The median of `xs` (the mean of the middle two when their number is even). */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Nearest-rank percentile of `xs` (p in 0..100). */
export function percentile(xs: readonly number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}

export const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;

/**
 * Sends everything but the final JSON to stderr when `--json` is given; returns the function that writes the JSON to
 * the real stdout, indented by `indent` spaces (0: on one line).
 */
export function jsonMode(json: boolean, indent = 2) {
  const stdoutWrite = process.stdout.write.bind(process.stdout);
  if (json) {
    console.log = console.error;
    console.info = console.error;
    process.stdout.write = process.stderr.write.bind(process.stderr) as typeof process.stdout.write;
  }
  return (value: unknown) => stdoutWrite(JSON.stringify(value, null, indent) + "\n");
}

/** What `bench/httpLoadWorker.ts` is given: requests to `urls[i]` (or `url`) with `bodies[i]`, `concurrency` in flight. */
export interface HttpLoadJob {
  url: string;
  urls?: string[];
  method: string;
  key: string;
  bodies: (string | undefined)[];
  expect: number;
  concurrency: number;
}

/**
 * Sends `job`'s requests from a worker thread (bench/httpLoadWorker.ts), so that this thread's event loop only serves
 * them; returns each request's latency (ms) and the wall time (ms), or throws on the first unexpected status.
 */
export async function runHttpLoadWorker(job: HttpLoadJob): Promise<{ latencies: number[]; wallMs: number }> {
  const worker = new Worker(new URL("./httpLoadWorker.ts", import.meta.url), { workerData: job });
  const result = await new Promise<{ latencies: number[]; wallMs: number; failure?: string }>((resolve, reject) => {
    worker.once("message", resolve);
    worker.once("error", reject);
  });
  await worker.terminate();
  if (result.failure) throw new Error(result.failure);
  return { latencies: result.latencies, wallMs: result.wallMs };
}

/** Waits for a contract transaction to be mined; returns its receipt. */
export async function receiptOf<R extends { gasUsed: bigint }>(tx: Promise<{ wait(): Promise<R | null> }>): Promise<R> {
  return (await (await tx).wait())!;
}

/** Waits for a contract transaction to be mined; returns the gas it used. */
export async function gasOf(tx: Promise<{ wait(): Promise<{ gasUsed: bigint } | null> }>): Promise<number> {
  return Number((await receiptOf(tx)).gasUsed);
}
