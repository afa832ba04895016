/**
 * The transaction journal of the embedded chain: every raw transaction the gateway submitted, with its block's
 * timestamp, appended and fsynced before the request that caused it is answered. At start the journal is replayed
 * into a fresh chain with the original timestamps, which rebuilds the same blocks, receipts and events.
 */
import { closeSync, existsSync, fsync, fsyncSync, mkdirSync, openSync, readFileSync, write, writeSync } from "node:fs";
import { promisify } from "node:util";

const writeAsync = promisify(write);
const fsyncAsync = promisify(fsync);
import path from "node:path";

export interface JournalEntry {
  raw: string;
  timestamp: number;
}

interface JournalHeader {
  genesis: string;
}

export class Journal {
  readonly genesis: Date;
  readonly entries: readonly JournalEntry[];
  private readonly fd: number;
  private closed = false;
  private pending: { line: string; resolve: () => void; reject: (e: unknown) => void }[] = [];
  private flushing = false;

  private constructor(fd: number, genesis: Date, entries: JournalEntry[]) {
    this.fd = fd;
    this.genesis = genesis;
    this.entries = entries;
  }

  /** Opens (or creates) the journal at `file`. A torn last line, from a crash mid-write, is dropped. */
  static open(file: string): Journal {
    mkdirSync(path.dirname(file), { recursive: true });
    let genesis: Date;
    const entries: JournalEntry[] = [];
    if (existsSync(file)) {
      const lines = readFileSync(file, "utf8").split("\n");
      const header = JSON.parse(lines[0]) as JournalHeader;
      genesis = new Date(header.genesis);
      for (const line of lines.slice(1)) {
        if (!line.trim()) continue;
        try {
          entries.push(JSON.parse(line) as JournalEntry);
        } catch {
          break; // torn write: the request it belonged to was never answered
        }
      }
    } else {
      // Genesis a little in the past, so that replayed timestamps are always after it.
      genesis = new Date(Math.floor(Date.now() / 1000) * 1000 - 60_000);
      const fd = openSync(file, "a");
      writeSync(fd, JSON.stringify({ genesis: genesis.toISOString() } satisfies JournalHeader) + "\n");
      fsyncSync(fd);
      closeSync(fd);
    }
    return new Journal(openSync(file, "a"), genesis, entries);
  }

  /**
   * Appends an entry; resolves once it is on disk. Entries are written in the order `append` was called, and
   * appends that arrive while a write is under way share the next write and fsync (group commit), which run off the
   * event loop.
   */
  append(entry: JournalEntry): Promise<void> {
    return new Promise((resolve, reject) => {
      this.pending.push({ line: JSON.stringify(entry) + "\n", resolve, reject });
      if (!this.flushing) {
        this.flushing = true;
        void this.flush();
      }
    });
  }

  private async flush(): Promise<void> {
    while (this.pending.length > 0) {
      const batch = this.pending;
      this.pending = [];
      try {
        await writeAsync(this.fd, batch.map((p) => p.line).join(""));
        await fsyncAsync(this.fd);
        for (const p of batch) p.resolve();
      } catch (error) {
        for (const p of batch) p.reject(error);
      }
    }
    this.flushing = false;
  }

  /** Closes the file once every pending entry is on disk. */
  async close(): Promise<void> {
    while (this.flushing) await new Promise((resolve) => setImmediate(resolve));
    if (this.closed) return;
    this.closed = true;
    closeSync(this.fd);
  }
}
