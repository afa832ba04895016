/**
 * The notification outbox: subscriptions, the notifications owed to each, and which were acknowledged — an
 * append-only log on disk, fsynced, so deliveries survive a restart and are never silently dropped. It also keeps
 * the position in the chain up to which notifications were derived, so a restart neither loses nor repeats them.
 */
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, writeSync } from "node:fs";
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

  enqueue(deliveries: { subscriptionId: string; notification: Notification }[], position: number): void {
    this.write(deliveries.length ? { op: "enqueue", deliveries, position } : { op: "position", position });
  }

  ack(subscriptionId: string, id: string): void {
    this.write({ op: "ack", subscriptionId, id });
  }

  close(): void {
    closeSync(this.fd);
  }

  private write(record: Record_): void {
    writeSync(this.fd, JSON.stringify(record) + "\n");
    fsyncSync(this.fd);
    this.apply(record);
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
