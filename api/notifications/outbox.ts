/**
 * The notification outbox: subscriptions, the notifications owed to each, and which were acknowledged — an
 * append-only log on disk, fsynced, so deliveries survive a restart and are never silently dropped. It also keeps
 * the position in the chain up to which notifications were derived, so a restart neither loses nor repeats them.
 */
import { closeSync, existsSync, fsync, fsyncSync, mkdirSync, openSync, readFileSync, write, writeSync } from "node:fs";
import { promisify } from "node:util";

const writeAsync = promisify(write);
const fsyncAsync = promisify(fsync);
import path from "node:path";

export interface Subscription {
  subscriptionId: string;
  orgId: string;
  url: string;
  secret: string;
  eventTypes: string[];
  createdAt: string;
}

export interface Notification {
  /** Stable: the same chain event gives the same id for the same organization, so receivers can de-duplicate. */
  id: string;
  type: string;
  orgId: string;
  occurredAt: string;
  transactionHash: string;
  data: Record<string, unknown>;
}

export interface Delivery {
  subscriptionId: string;
  notification: Notification;
  attempts: number;
  nextAttemptAt: number;
  lastError?: string;
}

type Record_ =
  | { op: "subscribe"; subscription: Subscription }
  | { op: "unsubscribe"; subscriptionId: string }
  | { op: "enqueue"; deliveries: { subscriptionId: string; notification: Notification }[]; position: number }
  | { op: "ack"; subscriptionId: string; id: string }
  | { op: "position"; position: number };

export class Outbox {
  readonly subscriptions = new Map<string, Subscription>();
  readonly pending = new Map<string, Delivery>();
  /** Chain position (block * 1e6 + log index) up to which notifications were derived. */
  position = -1;
  private readonly fd: number;
  private closed = false;
  private queued: string[] = [];
  private writing?: Promise<void>;

  constructor(file: string) {
    mkdirSync(path.dirname(file), { recursive: true });
    if (existsSync(file)) {
      for (const line of readFileSync(file, "utf8").split("\n")) {
        if (!line.trim()) continue;
        let record: Record_;
        try {
          record = JSON.parse(line) as Record_;
        } catch {
          break; // a torn last line: its write was never acknowledged
        }
        this.apply(record);
      }
    }
    this.fd = openSync(file, "a");
  }

  subscribe(subscription: Subscription): void {
    this.write({ op: "subscribe", subscription });
  }

  unsubscribe(subscriptionId: string): void {
    this.write({ op: "unsubscribe", subscriptionId });
  }

  /**
   * Records the deliveries derived from the chain up to `position`. Written in the background: a crash before the
   * write reaches the disk loses the position with them, so they are derived again at the next start.
   */
  enqueue(deliveries: { subscriptionId: string; notification: Notification }[], position: number): void {
    this.writeLater(deliveries.length ? { op: "enqueue", deliveries, position } : { op: "position", position });
  }

  /** Records an acknowledgement; one lost in a crash only means the receiver gets that notification again. */
  ack(subscriptionId: string, id: string): void {
    this.writeLater({ op: "ack", subscriptionId, id });
  }

  /** Closes the file once every record is on disk. */
  async close(): Promise<void> {
    while (this.writing) await this.writing;
    if (this.closed) return;
    this.closed = true;
    closeSync(this.fd);
  }

  /** Subscriptions are written at once: the subscriber is told its secret only once the subscription is durable. */
  private write(record: Record_): void {
    writeSync(this.fd, JSON.stringify(record) + "\n");
    fsyncSync(this.fd);
    this.apply(record);
  }

  /** Applies a record now and writes it off the event loop; records queued meanwhile share one write and fsync. */
  private writeLater(record: Record_): void {
    this.apply(record);
    this.queued.push(JSON.stringify(record) + "\n");
    this.writing ??= (async () => {
      while (this.queued.length > 0) {
        const lines = this.queued.join("");
        this.queued = [];
        await writeAsync(this.fd, lines);
        await fsyncAsync(this.fd);
      }
      this.writing = undefined;
    })();
  }

  private apply(record: Record_): void {
    switch (record.op) {
      case "subscribe":
        this.subscriptions.set(record.subscription.subscriptionId, record.subscription);
        break;
      case "unsubscribe":
        this.subscriptions.delete(record.subscriptionId);
        for (const [key, d] of this.pending) if (d.subscriptionId === record.subscriptionId) this.pending.delete(key);
        break;
      case "enqueue":
        for (const { subscriptionId, notification } of record.deliveries) {
          this.pending.set(`${subscriptionId}/${notification.id}`, {
            subscriptionId,
            notification,
            attempts: 0,
            nextAttemptAt: 0,
          });
        }
        this.position = record.position;
        break;
      case "position":
        this.position = record.position;
        break;
      case "ack":
        this.pending.delete(`${record.subscriptionId}/${record.id}`);
        break;
    }
  }
}
