/**
 * The follower: the one path by which the chain's events reach the projections. It catches up from the chain at
 * start, follows new blocks, and includes a block the gateway just submitted; each event goes to the projections in
 * their declared order, and only then to the notifications, so what a notification reads is already applied.
 */
import type { ContractName } from "../adapters/chain/artifacts.ts";
import type { ChainEvent } from "../adapters/chain/events.ts";

/** Where events come from: the chain adapter. */
export interface EventSource {
  blockNumber(): Promise<number>;
  events(from: number, to: number): Promise<ChainEvent[]>;
}

/** A handler's key, as ponder names them: `"BillOfLading:Issued"`. */
export type EventKey = `${ContractName}:${string}`;

/** A projection of the chain's events: one handler per event it reads, by name. */
export interface Projection {
  readonly handlers: Partial<Record<EventKey, (event: ChainEvent) => void>>;
}

/** What runs after the projections: called for every event once all of them applied it, and after each pass. */
export interface AfterProjections {
  event(event: ChainEvent): void;
  caughtUp(): void;
}

const CATCH_UP_RANGE = 2_000;

/** The handlers of a projection that applies several events of one contract with one function. */
export function on(
  contract: ContractName,
  names: readonly string[],
  handler: (event: ChainEvent) => void,
): Projection["handlers"] {
  return Object.fromEntries(names.map((name) => [`${contract}:${name}`, handler]));
}

/** Applies one event to the projections in their order (the follower's dispatch, also for tests and benchmarks). */
export function applyEvent(projections: readonly Projection[], event: ChainEvent): void {
  const key: EventKey = `${event.contract}:${event.name}`;
  for (const projection of projections) projection.handlers[key]?.(event);
}

export class Follower {
  private readonly source: EventSource;
  private readonly projections: readonly Projection[];
  private readonly after = new Set<AfterProjections>();
  private lastBlock = -1;
  private catchingUp?: Promise<void>;
  private timer?: NodeJS.Timeout;

  /** `projections` in the order they apply each event: a later one may read what an earlier one applied. */
  constructor(source: EventSource, projections: readonly Projection[]) {
    this.source = source;
    this.projections = projections;
  }

  /** The last block the projections have applied. */
  get indexedBlock(): number {
    return this.lastBlock;
  }

  /** Runs `listener` after the projections, for every event and after each pass that applied blocks. */
  afterProjections(listener: AfterProjections): () => void {
    this.after.add(listener);
    return () => this.after.delete(listener);
  }

  /** Applies every event up to the chain's current block. Concurrent callers share one pass. */
  catchUp(): Promise<void> {
    this.catchingUp ??= this.runCatchUp().finally(() => (this.catchingUp = undefined));
    return this.catchingUp;
  }

  /**
   * Includes a transaction the gateway just submitted. When its events are the whole block's (it is alone in it) and
   * it is the next block, they are applied at once; otherwise the follower catches up from the chain.
   */
  async include(submitted: { blockNumber: number; events: ChainEvent[]; aloneInBlock: boolean }): Promise<void> {
    if (submitted.aloneInBlock && submitted.blockNumber === this.lastBlock + 1 && !this.catchingUp) {
      this.applyBlocks(submitted.events, submitted.blockNumber);
      return;
    }
    await this.reach(submitted.blockNumber);
  }

  /** Waits until the projections have applied `block`. */
  async reach(block: number): Promise<void> {
    while (this.lastBlock < block) await this.catchUp();
  }

  /** Follows new blocks every `intervalMs` until `stop`. */
  follow(intervalMs = 500): void {
    this.timer = setInterval(() => void this.catchUp().catch(() => undefined), intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  private async runCatchUp(): Promise<void> {
    const head = await this.source.blockNumber();
    if (this.lastBlock >= head) return;
    while (this.lastBlock < head) {
      const to = Math.min(head, this.lastBlock + CATCH_UP_RANGE);
      this.applyBlocks(await this.source.events(this.lastBlock + 1, to), to, false);
    }
    for (const listener of this.after) listener.caughtUp();
  }

  /** The one place events are applied: every projection in order, then what runs after them. */
  private applyBlocks(events: readonly ChainEvent[], lastBlock: number, passDone = true): void {
    for (const event of events) {
      applyEvent(this.projections, event);
      for (const listener of this.after) listener.event(event);
    }
    this.lastBlock = lastBlock;
    if (passDone) for (const listener of this.after) listener.caughtUp();
  }
}
