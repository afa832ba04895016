/**
 * The notification outbox: subscriptions, the notifications owed to each, and which were acknowledged — an
 * append-only log on disk, fsynced, so deliveries survive a restart and are never silently dropped. It also keeps
 * the position in the chain up to which notifications were derived, so a restart neither loses nor repeats them.
 *
 * Webhook signing secrets are never written in the clear: each is sealed (`SecretBox`, AES-256-GCM under a key derived
 * from the keystore password) and opened only in memory. The file is mode 0600 in a 0700 folder, and it is compacted
 * — rewritten with only what is still live — when a subscription ends and at start, so an ended subscription leaves
 * nothing of itself behind, not even sealed.
 */
import { closeSync, existsSync, fsync, fsyncSync, openSync, readFileSync, write, writeSync } from "node:fs";
import { promisify } from "node:util";
import path from "node:path";
import { privateFile, privateFolder, type SecretBox, writePrivateFile } from "../adapters/secrets.ts";

const writeAsync = promisify(write);
const fsyncAsync = promisify(fsync);

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

/** A subscription as the file keeps it: its secret sealed (`secret` in the clear only in files of older versions). */
type StoredSubscription = Omit<Subscription, "secret"> & { sealedSecret?: string; secret?: string };

type StoredRecord = { op: "subscribe"; subscription: StoredSubscription };

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
  private readonly file: string;
  private readonly secrets: SecretBox;
  private fd: number;
  private closed = false;
  private queued: string[] = [];
  private writing?: Promise<void>;

  constructor(file: string, secrets: SecretBox) {
    this.file = file;
    this.secrets = secrets;
    privateFolder(path.dirname(file));
    privateFile(file);
    if (existsSync(file)) {
      for (const line of readFileSync(file, "utf8").split("\n")) {
        if (!line.trim()) continue;
        let record: Record_;
        try {
          record = this.parse(line);
        } catch (error) {
          if (error instanceof SyntaxError) break; // a torn last line: its write was never acknowledged
          throw error;
        }
        this.apply(record);
      }
    }
    // Whatever the file held — ended subscriptions, acknowledged deliveries, secrets an older version kept in the
    // clear — only the live state is kept.
    this.compact();
    this.fd = openSync(file, "a", 0o600);
  }

  subscribe(subscription: Subscription): void {
    this.write({ op: "subscribe", subscription });
  }

  /** Ends a subscription: durable, with nothing of it left in the file, once this resolves. */
  async unsubscribe(subscriptionId: string): Promise<void> {
    this.apply({ op: "unsubscribe", subscriptionId });
    while (this.writing) await this.writing;
    // Nothing else writes between here and the reopened file: compaction and reopening are synchronous.
    if (this.closed) return this.compact();
    closeSync(this.fd);
    this.compact();
    this.fd = openSync(this.file, "a", 0o600);
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

  /** Rewrites the file with the live state only: subscriptions (secrets sealed), pending deliveries, the position. */
  private compact(): void {
    const lines = [...this.subscriptions.values()].map((subscription) =>
      this.serialize({ op: "subscribe", subscription }),
    );
    const deliveries = [...this.pending.values()].map(({ subscriptionId, notification }) => ({
      subscriptionId,
      notification,
    }));
    lines.push(
      this.serialize(
        deliveries.length
          ? { op: "enqueue", deliveries, position: this.position }
          : { op: "position", position: this.position },
      ),
    );
    writePrivateFile(this.file, lines.join(""));
  }

  /** One line of the file; a subscription's secret sealed, bound to its id. */
  private serialize(record: Record_): string {
    if (record.op !== "subscribe") return JSON.stringify(record) + "\n";
    const { secret, ...rest } = record.subscription;
    const subscription: StoredSubscription = {
      ...rest,
      sealedSecret: this.secrets.seal(secret, rest.subscriptionId),
    };
    return JSON.stringify({ op: "subscribe", subscription }) + "\n";
  }

  private parse(line: string): Record_ {
    const record = JSON.parse(line) as Exclude<Record_, { op: "subscribe" }> | StoredRecord;
    if (record.op !== "subscribe") return record;
    const { sealedSecret, secret, ...rest } = record.subscription;
    if (secret !== undefined) return { op: "subscribe", subscription: { ...rest, secret } };
    try {
      return {
        op: "subscribe",
        subscription: { ...rest, secret: this.secrets.open(sealedSecret ?? "", rest.subscriptionId) },
      };
    } catch {
      throw new Error(
        `The webhook secret of subscription ${rest.subscriptionId} in ${this.file} cannot be opened: the keystore ` +
          "password is not the one it was sealed with (KEYSTORE_PASSWORD, or DATA_DIR/secrets/keystore-password).",
      );
    }
  }

  /** Subscriptions are written at once: the subscriber is told its secret only once the subscription is durable. */
  private write(record: Record_): void {
    writeSync(this.fd, this.serialize(record));
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
