/**
 * The release projection: delivery orders and each container's way from discharge to gate-out, built from
 * ImportRelease's events. It mirrors the contract's per-container record, so the gate decision is answered from
 * memory in microseconds; the contract still decides at gate-out.
 */
import { bytesToText } from "../bytes.ts";
import type { ChainEvent } from "../adapters/chain/events.ts";
import { on, type Projection } from "../chainIndex/follower.ts";
import type { BillOfLadingProjection } from "../billsOfLading/projection.ts";
import type { OrganizationProjection } from "../organizations/projection.ts";
import { GATE_REFUSAL_CODES, type GateRefusalCode, type Role } from "../domain.ts";
import type { ContainerMilestones } from "./releaseTimes.ts";

/** What each of the gate's refusal bits (`GATE_REFUSAL_CODES`, as `GateRefusal` in contracts/types/Release.sol) means. */
const GATE_REFUSAL_REASONS: Record<GateRefusalCode, string> = {
  BILL_NOT_ACCOMPLISHED: "The B/L has not been surrendered for delivery and accepted.",
  NO_DELIVERY_ORDER: "No delivery order covers the container.",
  DELIVERY_ORDER_NOT_YET_VALID: "The delivery order is not valid yet.",
  DELIVERY_ORDER_EXPIRED: "The delivery order has expired.",
  DELIVERY_ORDER_REVOKED: "The carrier revoked the delivery order.",
  WRONG_TERMINAL: "The container is not released at this terminal.",
  NOT_NOMINATED_HAULIER: "This is not the haulier nominated to collect the container.",
  NO_CUSTOMS_RELEASE: "Customs has not released the container.",
  CUSTOMS_HOLD: "Customs holds the container for inspection.",
  ALREADY_GATED_OUT: "The container is already out.",
  NOT_DISCHARGED: "The terminal has not recorded the container's discharge.",
  HAULIER_NOT_ACTIVE: "The haulier is not an active organization with the haulier role.",
  TERMINAL_NOT_ACTIVE: "The terminal is not an active organization with the terminal role.",
};
/** The gate's refusal reasons, bit for bit as `GateRefusal` in contracts/types/Release.sol. */
export const GATE_REFUSALS = GATE_REFUSAL_CODES.map((code) => [code, GATE_REFUSAL_REASONS[code]] as const);
export type { GateRefusalCode };

export function refusalsOf(bits: number): { code: GateRefusalCode; reason: string }[] {
  return GATE_REFUSALS.filter((_, i) => bits & (1 << i)).map(([code, reason]) => ({ code, reason }));
}

const bit = (code: GateRefusalCode) => 1 << GATE_REFUSAL_CODES.indexOf(code);

export interface DeliveryOrder {
  deliveryOrderId: number;
  blTokenId: string;
  carrier: number;
  consignee: number;
  releaseParty: number;
  terminal: number;
  validFrom: number;
  validUntil: number;
  containers: string[];
  issuedAt: number;
  revokedAt: number;
  revocationReason?: string;
  transactionHash: string;
}

export interface ContainerStep {
  step: string;
  at: number;
  by: number | null;
  transactionHash: string;
  detail?: Record<string, unknown>;
}

export interface ContainerRecord {
  container: string;
  blTokenId: string;
  deliveryOrderId: number;
  terminal: number;
  haulier: number;
  dischargedAt: number;
  gatedOutAt: number;
  customsReleased: boolean;
  customsHeld: boolean;
  customsReleasedAt?: number;
  deliveryOrderAt?: number;
  steps: ContainerStep[];
}

/** A container taken over before discharge by an act under another B/L: what of the earlier B/L lapsed. */
export interface TakeOver {
  container: string;
  previousBlTokenId: string;
  /** The earlier B/L's delivery order that no longer covers the container (0 if none). */
  lapsedDeliveryOrderId: number;
  customsReleaseLapsed: boolean;
  /** Whether a customs hold came along (it always does). */
  customsHeld: boolean;
}

export class ReleaseProjection implements Projection {
  private readonly billsOfLading: Pick<BillOfLadingProjection, "billOfLading">;
  private readonly organizations: Pick<OrganizationProjection, "organization">;
  private readonly containers = new Map<string, ContainerRecord>();
  /** Finished release cycles (gated out, then reused for another B/L). */
  private readonly history: ContainerRecord[] = [];
  private readonly orders = new Map<number, DeliveryOrder>();
  private readonly ordersByBill = new Map<string, number[]>();
  /** The take-over the last applied event caused, read by the notifications of that same event. */
  private latestTakeOver?: TakeOver & { event: string };

  /** Reads the B/Ls' and organizations' projections, which apply each event before it. */
  constructor(
    billsOfLading: Pick<BillOfLadingProjection, "billOfLading">,
    organizations: Pick<OrganizationProjection, "organization">,
  ) {
    this.billsOfLading = billsOfLading;
    this.organizations = organizations;
  }

  readonly handlers = on(
    "ImportRelease",
    [
      "DeliveryOrderIssued",
      "ContainerCovered",
      "DeliveryOrderRevoked",
      "HaulierNominated",
      "CustomsReleased",
      "CustomsHoldPlaced",
      "CustomsHoldLifted",
      "Discharged",
      "DischargeCorrected",
      "GatedOut",
    ],
    (event) => this.apply(event),
  );

  container(container: string): ContainerRecord | undefined {
    return this.containers.get(container);
  }

  deliveryOrder(id: number): DeliveryOrder | undefined {
    return this.orders.get(id);
  }

  /** The take-over `event` caused, if it took a container over from another B/L (asked right after it is applied). */
  takeOverBy(event: ChainEvent): TakeOver | undefined {
    const t = this.latestTakeOver;
    return t?.event === `${event.transactionHash}:${event.logIndex}` ? t : undefined;
  }

  /** The containers `haulier` is nominated to collect now (their current release cycle), in nomination order. */
  nominatedTo(haulier: number): ContainerRecord[] {
    const nominatedAt = (r: ContainerRecord) => r.steps.findLast((s) => s.step === "haulierNominated")?.at ?? 0;
    return [...this.containers.values()]
      .filter((r) => r.haulier === haulier)
      .sort((a, b) => nominatedAt(a) - nominatedAt(b));
  }

  deliveryOrdersOfBill(blTokenId: string): DeliveryOrder[] {
    return (this.ordersByBill.get(blTokenId) ?? []).map((id) => this.orders.get(id)!);
  }

  /**
   * Every reason the gate would refuse `container` to `haulier` at `terminal` at time `now` (Unix seconds), as the
   * contract's `gateDecision` computes it.
   */
  gateRefusals(container: string, terminal: number, haulier: number, now: number): number {
    const r = this.containers.get(container);
    let bits = 0;
    const order = r?.deliveryOrderId ? this.orders.get(r.deliveryOrderId) : undefined;
    if (!order) {
      bits |= bit("NO_DELIVERY_ORDER");
    } else {
      if (now < order.validFrom) bits |= bit("DELIVERY_ORDER_NOT_YET_VALID");
      if (now > order.validUntil) bits |= bit("DELIVERY_ORDER_EXPIRED");
      if (order.revokedAt) bits |= bit("DELIVERY_ORDER_REVOKED");
      if (terminal !== order.terminal) bits |= bit("WRONG_TERMINAL");
    }
    if (!r?.dischargedAt) bits |= bit("NOT_DISCHARGED");
    else if (terminal !== r.terminal) bits |= bit("WRONG_TERMINAL");
    if (!r?.haulier || r.haulier !== haulier) bits |= bit("NOT_NOMINATED_HAULIER");
    if (!r?.customsReleased) bits |= bit("NO_CUSTOMS_RELEASE");
    if (r?.customsHeld) bits |= bit("CUSTOMS_HOLD");
    if (r?.gatedOutAt) bits |= bit("ALREADY_GATED_OUT");
    if (r && !order && r.blTokenId) {
      const bl = this.billsOfLading.billOfLading(r.blTokenId);
      const releasable = bl && (bl.blType === "seaWaybill" ? bl.state === "active" : bl.state === "accomplished");
      if (!releasable) bits |= bit("BILL_NOT_ACCOMPLISHED");
    }
    if (!this.entitled(haulier, "haulier")) bits |= bit("HAULIER_NOT_ACTIVE");
    if (!this.entitled(terminal, "terminal")) bits |= bit("TERMINAL_NOT_ACTIVE");
    return bits;
  }

  /** Whether `org` is an active organization holding `role` now (the contract's `standing` check). */
  private entitled(org: number, role: Role): boolean {
    const o = this.organizations.organization(org);
    return o?.status === "active" && o.roles.includes(role);
  }

  /** Each container's milestones, current and finished cycles, for the release-time figures. */
  *milestones(
    orgName: (org: number) => string,
    carrierOf: (blTokenId: string) => number,
  ): Generator<ContainerMilestones> {
    for (const r of [...this.history, ...this.containers.values()]) {
      if (!r.dischargedAt) continue;
      yield {
        container: r.container,
        terminal: orgName(r.terminal),
        carrier: orgName(carrierOf(r.blTokenId)),
        dischargedAt: r.dischargedAt,
        customsReleasedAt: r.customsReleasedAt,
        deliveryOrderAt: r.deliveryOrderAt,
        gateOutAt: r.gatedOutAt || undefined,
      };
    }
  }

  /** How many containers the projection holds (current records). */
  get size(): number {
    return this.containers.size;
  }

  private apply(event: ChainEvent): void {
    const a = event.args;
    const at = event.timestamp;
    const step = (r: ContainerRecord, name: string, by: number | null, detail?: Record<string, unknown>) =>
      r.steps.push({ step: name, at, by, transactionHash: event.transactionHash, ...(detail ? { detail } : {}) });
    switch (event.name) {
      case "DeliveryOrderIssued":
        for (const c of a.containers as string[]) {
          const covered = this.containers.get(c)?.steps.at(-1);
          if (covered?.step === "deliveryOrderIssued" && covered.transactionHash === event.transactionHash) {
            covered.by = a.carrier as number;
          }
        }
        this.ordersByBill.set(a.blTokenId as string, [
          ...(this.ordersByBill.get(a.blTokenId as string) ?? []),
          Number(a.deliveryOrderId),
        ]);
        this.orders.set(Number(a.deliveryOrderId), {
          deliveryOrderId: Number(a.deliveryOrderId),
          blTokenId: a.blTokenId as string,
          carrier: a.carrier as number,
          consignee: a.consignee as number,
          releaseParty: a.releaseParty as number,
          terminal: a.terminal as number,
          validFrom: Number(a.validFrom),
          validUntil: Number(a.validUntil),
          containers: a.containers as string[],
          issuedAt: at,
          revokedAt: 0,
          transactionHash: event.transactionHash,
        });
        break;
      case "ContainerCovered": {
        const r = this.bind(a.container as string, a.blTokenId as string, event);
        r.deliveryOrderId = Number(a.deliveryOrderId);
        r.haulier = 0;
        r.deliveryOrderAt ??= at;
        // The contract emits ContainerCovered before DeliveryOrderIssued: the carrier is filled in by the latter.
        step(r, "deliveryOrderIssued", null, { deliveryOrderId: r.deliveryOrderId });
        break;
      }
      case "DeliveryOrderRevoked": {
        const order = this.orders.get(Number(a.deliveryOrderId));
        if (order) {
          order.revokedAt = at;
          order.revocationReason = a.reason as string;
          for (const c of order.containers) {
            const r = this.containers.get(c);
            if (r?.deliveryOrderId === order.deliveryOrderId)
              step(r, "deliveryOrderRevoked", order.carrier, { reason: a.reason });
          }
        }
        break;
      }
      case "HaulierNominated": {
        const r = this.containers.get(a.container as string);
        if (r) {
          r.haulier = a.haulier as number;
          step(r, "haulierNominated", a.nominatedBy as number, { haulier: a.haulier });
        }
        break;
      }
      case "CustomsReleased":
      case "CustomsHoldPlaced":
      case "CustomsHoldLifted": {
        const r = this.bind(a.container as string, a.blTokenId as string, event);
        if (event.name === "CustomsReleased") {
          r.customsReleased = true;
          r.customsReleasedAt ??= at;
        } else {
          r.customsHeld = event.name === "CustomsHoldPlaced";
        }
        const name = event.name[0].toLowerCase() + event.name.slice(1); // customsReleased, customsHoldPlaced, …
        step(r, name, a.customs as number, { declarationNumber: bytesToText(a.declarationNumber as string) });
        break;
      }
      case "Discharged": {
        const r = this.bind(a.container as string, a.blTokenId as string, event);
        r.terminal = a.terminal as number;
        r.dischargedAt = at;
        step(r, "discharged", a.terminal as number);
        break;
      }
      case "DischargeCorrected": {
        const r = this.containers.get(a.container as string);
        if (!r) break;
        const to = a.blTokenId as string;
        if (BigInt(to) === 0n) {
          // Not discharged after all: the record stays with its B/L, bound as before discharge.
          r.terminal = 0;
          r.dischargedAt = 0;
          step(r, "dischargeErased", a.terminal as number);
        } else {
          const moved = this.bind(a.container as string, to);
          moved.terminal = r.terminal;
          moved.dischargedAt = r.dischargedAt;
          const previous = this.billsOfLading.billOfLading(a.previousBlTokenId as string);
          step(moved, "dischargeCorrected", a.terminal as number, { previousBlNumber: previous?.blNumber ?? null });
        }
        break;
      }
      case "GatedOut": {
        const r = this.containers.get(a.container as string);
        if (r) {
          r.gatedOutAt = at;
          step(r, "gatedOut", a.terminal as number, { haulier: a.haulier, truckPlate: a.truckPlate });
        }
        break;
      }
    }
  }

  /**
   * The container's record for this B/L: the current one, or a fresh one that takes the container over, keeping a
   * customs hold that has not gated out (the contract's `_bind` and `ContainerBinding.takenOver`). The contract has
   * already refused an act under another B/L while the container is discharged and in the terminal.
   */
  private bind(container: string, blTokenId: string, cause?: ChainEvent): ContainerRecord {
    const current = this.containers.get(container);
    if (current?.blTokenId === blTokenId) return current;
    if (current?.gatedOutAt) this.history.push(current);
    else if (current && cause && (current.deliveryOrderId || current.customsReleased || current.customsHeld)) {
      this.latestTakeOver = {
        event: `${cause.transactionHash}:${cause.logIndex}`,
        container,
        previousBlTokenId: current.blTokenId,
        lapsedDeliveryOrderId: current.deliveryOrderId,
        customsReleaseLapsed: current.customsReleased,
        customsHeld: current.customsHeld,
      };
    }
    const held = !!current && !current.gatedOutAt && current.customsHeld;
    const fresh: ContainerRecord = {
      container,
      blTokenId,
      deliveryOrderId: 0,
      terminal: 0,
      haulier: 0,
      dischargedAt: 0,
      gatedOutAt: 0,
      customsReleased: false,
      customsHeld: held,
      steps: [],
    };
    this.containers.set(container, fresh);
    return fresh;
  }
}
