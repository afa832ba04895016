/**
 * "One window": every organization hears at once about what concerns it — a B/L endorsed or transferred to it, a
 * surrender requested or decided, a document attached — by webhook (signed, retried with backoff until acknowledged,
 * surviving restarts) and by a server-sent events stream. Notifications are derived from the index's events.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { postWebhook, type WebhookAddressPolicy } from "../adapters/webhook.ts";
import { bytesToText } from "../bytes.ts";
import type { ChainEvent } from "../adapters/chain/events.ts";
import type { ChainIndex } from "../chainIndex/chainIndex.ts";
import { ACTION_CODES } from "../domain.ts";
import { type BillOfLading } from "../billsOfLading/projection.ts";
import { forbidden, notFound, Problem } from "../problem.ts";
import type { EquipmentProjection } from "../equipment/projection.ts";
import type { ReleaseProjection } from "../release/projection.ts";
import type { Delivery, Notification, Outbox, Subscription } from "./outbox.ts";

export const NOTIFICATION_TYPES = [
  "billOfLading.issued",
  "billOfLading.transferred",
  "billOfLading.endorsed",
  "billOfLading.transferRejected",
  "billOfLading.surrenderRequested",
  "billOfLading.surrenderAccepted",
  "billOfLading.surrenderRejected",
  "billOfLading.amended",
  "billOfLading.attachmentAdded",
  "release.deliveryOrderIssued",
  "release.deliveryOrderRevoked",
  "release.haulierNominated",
  "release.customsReleased",
  "release.customsHoldPlaced",
  "release.customsHoldLifted",
  "release.dischargeCorrected",
  "release.containerTakenOver",
  "release.gatedOut",
  "equipment.issued",
  "equipment.truckAssigned",
  "equipment.cancelled",
  "equipment.gatedOut",
  "equipment.gatedIn",
  "equipment.newDamageAttributed",
  "organization.signerAdded",
  "organization.signerRemoved",
  "organization.keyThresholdChanged",
  "organization.recoveryStarted",
  "organization.recoveryCancelled",
  "organization.recoveryCompleted",
] as const;

const RECENT_PER_ORG = 500;
const MAX_BACKOFF_MS = 5 * 60_000;

/** How long to wait before the next attempt after `attempts` failures: 1 s, 2 s, 4 s … up to 5 minutes, ±20 %. */
export function backoffMs(attempts: number): number {
  const base = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** Math.max(0, attempts - 1));
  return Math.round(base * (0.8 + Math.random() * 0.4));
}

export class NotificationService {
  private readonly index: ChainIndex;
  private readonly outbox: Outbox;
  private readonly streams = new Map<string, Set<(n: Notification) => void>>();
  private readonly recent = new Map<string, Notification[]>();
  private readonly inFlight = new Set<string>();
  private timer?: NodeJS.Timeout;
  private batch: { subscriptionId: string; notification: Notification }[] = [];
  private batchPosition = -1;

  private readonly onStop?: () => Promise<void>;
  private readonly webhookPolicy: WebhookAddressPolicy;
  private readonly releases?: ReleaseProjection;
  private readonly equipment?: EquipmentProjection;
  private readonly serves: (orgId: string) => boolean;

  constructor(
    index: ChainIndex,
    outbox: Outbox,
    webhookPolicy: WebhookAddressPolicy,
    options: {
      releases?: ReleaseProjection;
      equipment?: EquipmentProjection;
      /** The organizations this node serves (NODE_ORGANIZATIONS): only theirs are kept and sent. Default: all. */
      serves?: (orgId: string) => boolean;
      onStop?: () => Promise<void>;
    } = {},
  ) {
    this.index = index;
    this.outbox = outbox;
    this.webhookPolicy = webhookPolicy;
    this.onStop = options.onStop;
    this.releases = options.releases;
    this.equipment = options.equipment;
    this.serves = options.serves ?? (() => true);
    // After every projection has applied the event, whenever this subscribed: what it reads is up to date.
    index.afterProjections({ event: (event) => this.onEvent(event), caughtUp: () => this.flush() });
  }

  /** Starts delivering webhooks. */
  start(intervalMs = 200): void {
    this.timer = setInterval(() => this.deliverDue(), intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    for (const set of this.streams.values()) set.clear();
    await this.onStop?.();
  }

  // ------------------------------------------------------------------ subscriptions

  /** Subscribes a webhook URL, refused (422) when its host is an address the gateway's policy does not permit. */
  async subscribe(orgId: string, input: { url: string; eventTypes?: string[] }): Promise<Subscription> {
    this.requireServed(orgId);
    const refusal = await this.webhookPolicy.refusal(input.url);
    if (refusal) {
      throw new Problem(422, "Webhook address not permitted", refusal, {
        errors: [{ pointer: "/url", message: refusal }],
      });
    }
    const subscription: Subscription = {
      subscriptionId: randomUUID(),
      orgId,
      url: input.url,
      secret: `whsec_${randomBytes(24).toString("base64url")}`,
      eventTypes: input.eventTypes?.length ? input.eventTypes : [...NOTIFICATION_TYPES],
      createdAt: new Date().toISOString(),
    };
    this.outbox.subscribe(subscription);
    return subscription;
  }

  subscriptionsOf(orgId: string): Subscription[] {
    return [...this.outbox.subscriptions.values()].filter((s) => s.orgId === orgId);
  }

  subscription(orgId: string, subscriptionId: string): Subscription {
    const s = this.outbox.subscriptions.get(subscriptionId);
    if (!s) throw notFound(`There is no subscription ${subscriptionId}.`);
    if (s.orgId !== orgId) throw forbidden("This subscription belongs to another organization.");
    return s;
  }

  /** Ends a subscription; its secret is gone from the outbox file once this resolves. */
  async unsubscribe(orgId: string, subscriptionId: string): Promise<void> {
    this.subscription(orgId, subscriptionId);
    await this.outbox.unsubscribe(subscriptionId);
  }

  /** Deliveries not yet acknowledged, with their attempts: nothing is dropped silently. */
  pendingDeliveries(subscriptionId: string): Delivery[] {
    return [...this.outbox.pending.values()].filter((d) => d.subscriptionId === subscriptionId);
  }

  // ------------------------------------------------------------------ server-sent events

  /** Listens for an organization's notifications; `since` replays the recent ones after that id. */
  stream(orgId: string, listener: (n: Notification) => void, since?: string): () => void {
    this.requireServed(orgId);
    if (since) {
      const recent = this.recent.get(orgId) ?? [];
      const from = recent.findIndex((n) => n.id === since);
      for (const n of recent.slice(from + 1)) listener(n);
    }
    const set = this.streams.get(orgId) ?? new Set();
    set.add(listener);
    this.streams.set(orgId, set);
    return () => set.delete(listener);
  }

  /** 403 for an organization this node does not serve: its notifications come from its own node. */
  requireServed(orgId: string): void {
    if (!this.serves(orgId)) {
      throw forbidden(`This node does not serve ${orgId}: subscribe on ${orgId}'s own node, which notifies it.`);
    }
  }

  // ------------------------------------------------------------------ deriving notifications

  private onEvent(event: ChainEvent): void {
    const position = event.blockNumber * 1_000_000 + event.logIndex;
    // Other organizations' notifications are their own nodes' to send: none is kept or queued here.
    const notifications = this.derive(event).filter((n) => this.serves(n.orgId));
    for (const n of notifications) {
      const recent = this.recent.get(n.orgId) ?? [];
      recent.push(n);
      if (recent.length > RECENT_PER_ORG) recent.shift();
      this.recent.set(n.orgId, recent);
    }
    if (position <= this.outbox.position) return; // already derived before a restart
    for (const n of notifications) {
      for (const listener of this.streams.get(n.orgId) ?? []) listener(n);
      for (const s of this.outbox.subscriptions.values()) {
        if (s.orgId === n.orgId && s.eventTypes.includes(n.type)) {
          this.batch.push({ subscriptionId: s.subscriptionId, notification: n });
        }
      }
    }
    this.batchPosition = position;
  }

  /** Writes the notifications derived since the last flush, with the chain position they reach, in one fsync. */
  private flush(): void {
    if (this.batchPosition <= this.outbox.position) return;
    this.outbox.enqueue(this.batch, this.batchPosition);
    this.batch = [];
    this.deliverDue();
  }

  private derive(event: ChainEvent): Notification[] {
    if (event.contract === "ImportRelease") return this.deriveRelease(event);
    if (event.contract === "EquipmentInterchange") return this.deriveEquipment(event);
    if (event.contract === "PartyRegistry") return this.deriveOrganization(event);
    if (event.contract !== "BillOfLading") return [];
    const a = event.args;
    const bl = this.index.billOfLading(a.tokenId as string);
    if (!bl) return [];
    const out: Notification[] = [];
    const notify = (org: number | null | undefined, type: string, data: Record<string, unknown> = {}) => {
      const organization = org ? this.index.organization(org) : undefined;
      if (!organization) return;
      out.push(
        notification(event, organization.orgId, type, {
          blNumber: bl.blNumber,
          tokenId: bl.tokenId,
          state: bl.state,
          ...data,
        }),
      );
    };
    const party = (org: unknown) => this.index.party(org);
    switch (event.name) {
      case "Issued":
        notify(bl.holder, "billOfLading.issued", { carrier: party(bl.carrier) });
        if (bl.consignee && bl.consignee !== bl.holder)
          notify(bl.consignee, "billOfLading.issued", { carrier: party(bl.carrier) });
        break;
      case "Transfer": {
        const zero = "0x0000000000000000000000000000000000000000";
        if (a.from === zero || a.to === zero) break;
        const last = bl.endorsementChain.at(-1);
        if (last?.actionCode === "TRANSFER")
          notify(last.recipient, "billOfLading.transferred", { from: party(last.actor) });
        break;
      }
      case "ActionRecorded": {
        const code = ACTION_CODES[a.action as number];
        const actor = party(a.actor);
        if (code === "ENDORSE") notify(a.recipient as number, "billOfLading.endorsed", { endorsedBy: actor });
        if (code === "REJECT_TRANSFER")
          notify(a.recipient as number, "billOfLading.transferRejected", { rejectedBy: actor });
        if (code.startsWith("SURRENDER_FOR_")) {
          notify(bl.carrier, "billOfLading.surrenderRequested", { kind: bl.surrenderKind, surrenderedBy: actor });
        }
        if (code === "SACC") notify(bl.holder, "billOfLading.surrenderAccepted", { kind: bl.surrenderKind });
        if (code === "SREJ") notify(bl.holder, "billOfLading.surrenderRejected", {});
        if (code === "ISSUE") notify(bl.holder, "billOfLading.amended", { version: bl.version });
        break;
      }
      case "AttachmentAdded":
        for (const org of partiesOf(bl)) {
          if (org !== a.org)
            notify(org, "billOfLading.attachmentAdded", { cid: a.cid, kind: a.kind, fileName: a.fileName });
        }
        break;
    }
    return out;
  }

  /**
   * Changes to an organization's own keys go to that organization at once: above all a recovery the operator started,
   * which its signers have until `effectiveAt` to cancel.
   */
  private deriveOrganization(event: ChainEvent): Notification[] {
    const types: Record<string, string> = {
      SignerAdded: "organization.signerAdded",
      SignerRemoved: "organization.signerRemoved",
      KeyThresholdChanged: "organization.keyThresholdChanged",
      RecoveryStarted: "organization.recoveryStarted",
      RecoveryCancelled: "organization.recoveryCancelled",
      RecoveryCompleted: "organization.recoveryCompleted",
    };
    const type = types[event.name];
    const organization = type ? this.index.organization(event.args.org as number) : undefined;
    if (!type || !organization) return [];
    const a = event.args;
    const data: Record<string, unknown> = {};
    if (a.signer !== undefined) data.signer = a.signer;
    if (a.newSigner !== undefined) data.newSigner = a.newSigner;
    if (a.threshold !== undefined) data.threshold = a.threshold;
    if (a.by !== undefined) data.cancelledBy = a.by;
    if (a.effectiveAt !== undefined) data.effectiveAt = new Date(Number(a.effectiveAt) * 1000).toISOString();
    return [notification(event, organization.orgId, type, data)];
  }

  /** Release steps, and the take-over one may cause, go at once to everyone concerned. */
  private deriveRelease(event: ChainEvent): Notification[] {
    return [...this.deriveTakeOver(event), ...this.deriveReleaseStep(event)];
  }

  /**
   * A container taken over before discharge by an act under another B/L: the earlier B/L's carrier and consignee, and
   * its delivery order's release party and terminal, hear that their order and customs release lapsed for it.
   */
  private deriveTakeOver(event: ChainEvent): Notification[] {
    const takeOver = this.releases?.takeOverBy(event);
    const previous = takeOver ? this.index.billOfLading(takeOver.previousBlTokenId) : undefined;
    if (!takeOver || !previous) return [];
    const order = takeOver.lapsedDeliveryOrderId
      ? this.releases?.deliveryOrder(takeOver.lapsedDeliveryOrderId)
      : undefined;
    const recipients = new Set<number>([
      previous.carrier,
      (previous.blType === "seaWaybill" ? previous.consignee : previous.holder) ?? 0,
      order?.releaseParty ?? 0,
      order?.terminal ?? 0,
    ]);
    const data = {
      container: takeOver.container,
      previousBlNumber: previous.blNumber,
      blNumber: this.index.billOfLading(event.args.blTokenId as string)?.blNumber ?? null,
      lapsedDeliveryOrderId: takeOver.lapsedDeliveryOrderId || null,
      customsReleaseLapsed: takeOver.customsReleaseLapsed,
      customsHeld: takeOver.customsHeld,
    };
    const out: Notification[] = [];
    for (const org of recipients) {
      const organization = org ? this.index.organization(org) : undefined;
      if (!organization) continue;
      // The same event may also be notified as a step to the same organization: a distinct, stable id.
      const n = notification(event, organization.orgId, "release.containerTakenOver", data);
      out.push({ ...n, id: `${n.id}:takenOver` });
    }
    return out;
  }

  /** Release steps go at once to everyone concerned: the consignee, the carrier, the terminal, the haulier. */
  private deriveReleaseStep(event: ChainEvent): Notification[] {
    if (event.name === "DischargeCorrected") return this.deriveDischargeCorrected(event);
    const a = event.args;
    const container = a.container as string | undefined;
    const record = container ? this.releases?.container(container) : undefined;
    // Customs events name no delivery order: the container's current one tells who else is concerned.
    const orderId = a.deliveryOrderId === undefined ? record?.deliveryOrderId || undefined : Number(a.deliveryOrderId);
    const order = orderId ? this.releases?.deliveryOrder(orderId) : undefined;
    const blTokenId = (a.blTokenId as string | undefined) ?? order?.blTokenId ?? record?.blTokenId;
    const bl = blTokenId ? this.index.billOfLading(blTokenId) : undefined;
    const types: Record<string, string> = {
      DeliveryOrderIssued: "release.deliveryOrderIssued",
      DeliveryOrderRevoked: "release.deliveryOrderRevoked",
      HaulierNominated: "release.haulierNominated",
      CustomsReleased: "release.customsReleased",
      CustomsHoldPlaced: "release.customsHoldPlaced",
      CustomsHoldLifted: "release.customsHoldLifted",
      GatedOut: "release.gatedOut",
    };
    const type = types[event.name];
    if (!type || !bl) return [];
    const consignee = order?.consignee ?? (bl.blType === "seaWaybill" ? bl.consignee : bl.holder);
    const recipients = new Set<number>([
      bl.carrier,
      consignee ?? 0,
      order?.releaseParty ?? 0,
      order?.terminal ?? 0,
      record?.terminal ?? 0,
    ]);
    if (event.name === "HaulierNominated" || event.name === "GatedOut") recipients.add(a.haulier as number);
    const data: Record<string, unknown> = {
      blNumber: bl.blNumber,
      container: container ?? null,
      deliveryOrderId: orderId ?? null,
    };
    if (a.declarationNumber) data.declarationNumber = bytesToText(a.declarationNumber as string);
    if (a.reason) data.reason = a.reason;
    if (event.name === "DeliveryOrderIssued") data.containers = a.containers;
    const out: Notification[] = [];
    for (const org of recipients) {
      const organization = org ? this.index.organization(org) : undefined;
      if (!organization) continue;
      out.push(notification(event, organization.orgId, type, data));
    }
    return out;
  }

  /**
   * A terminal's correction of its discharge record goes to the terminal and to the parties of both B/Ls: the carrier,
   * the consignee, and the release party and terminal of every delivery order of that B/L that named the container
   * (the wrong B/L's order no longer applies to it; the right B/L's parties can now act on it).
   */
  private deriveDischargeCorrected(event: ChainEvent): Notification[] {
    const a = event.args;
    const container = a.container as string;
    const recipients = new Set<number>([a.terminal as number]);
    const blNumberOf = (tokenId: string) => {
      const bl = BigInt(tokenId) ? this.index.billOfLading(tokenId) : undefined;
      if (!bl) return null;
      recipients.add(bl.carrier);
      recipients.add((bl.blType === "seaWaybill" ? bl.consignee : bl.holder) ?? 0);
      for (const order of this.releases?.deliveryOrdersOfBill(tokenId) ?? []) {
        if (!order.containers.includes(container)) continue;
        recipients.add(order.releaseParty);
        recipients.add(order.terminal);
      }
      return bl.blNumber;
    };
    const data = {
      container,
      previousBlNumber: blNumberOf(a.previousBlTokenId as string),
      blNumber: blNumberOf(a.blTokenId as string),
      dischargeErased: BigInt(a.blTokenId as string) === 0n,
    };
    const out: Notification[] = [];
    for (const org of recipients) {
      const organization = org ? this.index.organization(org) : undefined;
      if (organization) out.push(notification(event, organization.orgId, "release.dischargeCorrected", data));
    }
    return out;
  }

  /** e-EIR steps go at once to the equipment owner, the haulier and both facilities: one shared record. */
  private deriveEquipment(event: ChainEvent): Notification[] {
    const types: Record<string, string> = {
      Issued: "equipment.issued",
      TruckAssigned: "equipment.truckAssigned",
      Cancelled: "equipment.cancelled",
      GatedOut: "equipment.gatedOut",
      GatedIn: "equipment.gatedIn",
      NewDamageAttributed: "equipment.newDamageAttributed",
    };
    const type = types[event.name];
    const eir = type ? this.equipment?.interchange(event.args.id as string) : undefined;
    if (!type || !eir) return [];
    const data: Record<string, unknown> = {
      id: eir.id,
      reference: eir.reference,
      container: eir.container,
      purpose: eir.purpose,
      status: eir.status,
    };
    if (event.name === "NewDamageAttributed") data.damages = eir.newDamage;
    if (event.name === "GatedOut" || event.name === "GatedIn") {
      const gate = event.name === "GatedOut" ? eir.gateOut : eir.gateIn;
      data.sealCheck = gate?.sealCheck;
      data.condition = gate?.condition;
    }
    const out: Notification[] = [];
    for (const org of new Set([eir.issuer, eir.haulier, eir.outFacility, eir.returnFacility])) {
      const organization = this.index.organization(org);
      if (!organization) continue;
      out.push(notification(event, organization.orgId, type, data));
    }
    return out;
  }

  // ------------------------------------------------------------------ delivery

  private deliverDue(): void {
    const now = Date.now();
    for (const [key, delivery] of this.outbox.pending) {
      if (this.inFlight.has(key) || delivery.nextAttemptAt > now) continue;
      const subscription = this.outbox.subscriptions.get(delivery.subscriptionId);
      if (!subscription) continue;
      this.inFlight.add(key);
      const body = JSON.stringify(delivery.notification);
      const { url, secret } = subscription;
      void postWebhook(url, secret, delivery.notification.id, body, this.webhookPolicy).then((result) => {
        this.inFlight.delete(key);
        if (result.ok) {
          if (this.outbox.pending.has(key)) this.outbox.ack(delivery.subscriptionId, delivery.notification.id);
        } else {
          delivery.attempts += 1;
          delivery.nextAttemptAt = Date.now() + backoffMs(delivery.attempts);
          delivery.lastError = result.error ?? `HTTP ${result.status}`;
        }
      });
    }
  }
}

/** A notification of `event` for one organization; its id is stable, so a receiver can de-duplicate. */
function notification(event: ChainEvent, orgId: string, type: string, data: Record<string, unknown>): Notification {
  return {
    id: `${event.transactionHash}:${event.logIndex}:${orgId}`,
    type,
    orgId,
    occurredAt: new Date(event.timestamp * 1000).toISOString(),
    transactionHash: event.transactionHash,
    data,
  };
}

function partiesOf(bl: BillOfLading): number[] {
  return [...new Set([bl.carrier, bl.holder, bl.endorsee, bl.consignee].filter((o): o is number => !!o))];
}
