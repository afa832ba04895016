/**
 * The benchmark's HTTP client, in a worker thread (started by `runHttpLoadWorker` in support.ts): it sends the requests
 * with `concurrency` in flight from its own event loop, as a client system would, so that the gateway's event loop
 * serves requests and nothing else.
 */
import { parentPort, workerData } from "node:worker_threads";
import type { HttpLoadJob } from "./support.ts";

const job = workerData as HttpLoadJob;
const count = job.urls?.length ?? job.bodies.length;
const latencies = new Array<number>(count);
let next = 0;
let failure: string | undefined;
const t0 = performance.now();
await Promise.all(
  Array.from({ length: Math.min(job.concurrency, count) }, async () => {
    for (let i = next++; i < count && !failure; i = next++) {
      const t = performance.now();
      const body = job.bodies[i];
      const res = await fetch(job.urls?.[i] ?? job.url, {
        method: job.method,
        headers: { authorization: `Bearer ${job.key}`, ...(body ? { "content-type": "application/json" } : {}) },
        body,
      });
      const text = await res.text();
      if (res.status !== job.expect) failure = `${job.method} → ${res.status}: ${text.slice(0, 400)}`;
      latencies[i] = performance.now() - t;
    }
  }),
);
parentPort!.postMessage({ latencies, wallMs: performance.now() - t0, failure });
