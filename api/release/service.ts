/**
 * Paperless import release: the carrier's electronic delivery order, customs' release or hold, the terminal's
 * discharge and gate-out, the gate decision, and the release-time figures.
 */
import type { Caller, GatewayContext } from "../context.ts";
import { textToBytes, textToBytes32 } from "../bytes.ts";
import type { OrganizationService } from "../organizations/service.ts";
import { forbidden, notFound } from "../problem.ts";
import { refusalsOf, type ReleaseProjection } from "./projection.ts";
import { releaseTimes, releaseTimesCsv } from "./releaseTimes.ts";
import { eventNamed, type Document } from "../transactions.ts";
import { billOfLadingDocument, type BillOfLadingService } from "../billsOfLading/service.ts";

export class ReleaseService {
  private readonly ctx: GatewayContext;
  private readonly organizations: OrganizationService;
  private readonly billsOfLading: BillOfLadingService;
  /** Release-time rows by period and grouping, with the indexed block they were computed at. */
  private readonly figures = new Map<string, { block: number; rows: ReturnType<typeof releaseTimes> }>();

  constructor(ctx: GatewayContext, organizations: OrganizationService, billsOfLading: BillOfLadingService) {
    this.ctx = ctx;
    this.organizations = organizations;
    this.billsOfLading = billsOfLading;
  }

  /** Read when used, not when built: an app is built before any context is read (the OpenAPI document needs none). */
  private get releases(): ReleaseProjection {
    return this.ctx.releases;
  }

  async issueDeliveryOrder(
    caller: Caller,
    input: {
      blNumber: string;
      containers: string[];
      releaseParty?: string;
      terminal: string;
      validFrom: string;
      validUntil: string;
    },
  ) {
    const bl = this.billsOfLading.find(input.blNumber);
    const releaseParty = input.releaseParty ? this.organizations.byOrgId(input.releaseParty).org : 0;
    const terminal = this.organizations.byOrgId(input.terminal).org;
    const submitted = await this.submit(
      caller,
      "issueDeliveryOrder",
      [
        bl.tokenId,
        input.containers.map((c) => textToBytes(c, 11)),
        releaseParty,
        terminal,
        Math.floor(Date.parse(input.validFrom) / 1000),
        Math.floor(Date.parse(input.validUntil) / 1000),
      ],
      [billOfLadingDocument(bl), ...input.containers.map(containerDocument)],
    );
    return this.deliveryOrderView(
      Number(eventNamed(submitted, "ImportRelease", "DeliveryOrderIssued").args.deliveryOrderId),
    );
  }

  async revokeDeliveryOrder(caller: Caller, deliveryOrderId: number, reason: string) {
    this.deliveryOrder(deliveryOrderId);
    await this.submit(
      caller,
      "revokeDeliveryOrder",
      [deliveryOrderId, reason],
      [deliveryOrderDocument(deliveryOrderId)],
    );
    return this.deliveryOrderView(deliveryOrderId);
  }

  async nominateHaulier(caller: Caller, deliveryOrderId: number, container: string, haulier: string) {
    this.deliveryOrder(deliveryOrderId);
    const org = this.organizations.byOrgId(haulier).org;
    await this.submit(
      caller,
      "nominateHaulier",
      [deliveryOrderId, textToBytes(container, 11), org],
      [containerDocument(container)],
    );
    return this.containerView(container);
  }

  /** The containers the calling haulier is nominated to collect, with their release state (gated out or not). */
  nominations(caller: Caller) {
    if (caller.kind !== "organization") throw forbidden("The operator is nominated for no container.");
    return { items: this.releases.nominatedTo(caller.org).map((r) => this.containerView(r.container)) };
  }

  async customs(
    caller: Caller,
    action: "recordCustomsRelease" | "placeHold" | "liftHold",
    input: { declarationNumber: string; blNumber: string; containers: string[] },
  ) {
    const bl = this.billsOfLading.find(input.blNumber);
    await this.submit(
      caller,
      action,
      [textToBytes32(input.declarationNumber), bl.tokenId, input.containers.map((c) => textToBytes(c, 11))],
      input.containers.map(containerDocument),
    );
    return { items: input.containers.map((c) => this.containerView(c)) };
  }

  async discharge(caller: Caller, input: { blNumber: string; container: string }) {
    const bl = this.billsOfLading.find(input.blNumber);
    await this.submit(
      caller,
      "recordDischarge",
      [bl.tokenId, textToBytes(input.container, 11)],
      [containerDocument(input.container)],
    );
    return this.containerView(input.container);
  }

  /**
   * The terminal of record corrects its discharge record: the container came in under `blNumber`, or (null) was not
   * discharged at all. The wrong B/L's delivery order, haulier and customs release stop applying to it.
   */
  async correctDischarge(caller: Caller, input: { container: string; blNumber: string | null }) {
    const tokenId = input.blNumber === null ? 0 : this.billsOfLading.find(input.blNumber).tokenId;
    await this.submit(
      caller,
      "correctDischarge",
      [textToBytes(input.container, 11), tokenId],
      [containerDocument(input.container)],
    );
    return this.containerView(input.container);
  }

  /** May `container` leave `terminal` with `haulier` now? Every reason that applies, answered from the index. */
  gateDecision(caller: Caller, input: { container: string; haulier: string; terminal?: string }) {
    const terminal = input.terminal
      ? this.organizations.byOrgId(input.terminal)
      : caller.kind === "organization"
        ? this.ctx.index.organization(caller.org)!
        : undefined;
    if (!terminal || !terminal.roles.includes("terminal")) {
      throw forbidden("Name the terminal asking (?terminal=<orgId>), or ask with a terminal's key.");
    }
    const haulier = this.organizations.byOrgId(input.haulier);
    const bits = this.releases.gateRefusals(input.container, terminal.org, haulier.org, Math.floor(Date.now() / 1000));
    return {
      container: input.container,
      terminal: { orgId: terminal.orgId, name: terminal.name },
      haulier: { orgId: haulier.orgId, name: haulier.name },
      releasable: bits === 0,
      refusals: refusalsOf(bits),
      decidedAt: new Date().toISOString(),
    };
  }

  async gateOut(caller: Caller, input: { container: string; haulier: string; truckPlate: string }) {
    const haulier = this.organizations.byOrgId(input.haulier).org;
    await this.submit(
      caller,
      "recordGateOut",
      [textToBytes(input.container, 11), haulier, textToBytes(input.truckPlate, 16)],
      [containerDocument(input.container)],
    );
    return this.containerView(input.container);
  }

  /**
   * The published release-time averages. Open to anyone and a pass over every container, so each grouping is
   * computed once per indexed block: the figures are a function of the index alone.
   */
  releaseTimeFigures(options: { period: "day" | "week"; groupBy: "terminal" | "carrier"; format: "json" | "csv" }) {
    const key = `${options.period}:${options.groupBy}`;
    let cached = this.figures.get(key);
    if (cached?.block !== this.ctx.index.indexedBlock) {
      const name = (org: number) => this.ctx.index.organization(org)?.orgId ?? "unregistered";
      const carrierOf = (tokenId: string) => this.ctx.index.billOfLading(tokenId)?.carrier ?? 0;
      cached = {
        block: this.ctx.index.indexedBlock,
        rows: releaseTimes(this.releases.milestones(name, carrierOf), options),
      };
      this.figures.set(key, cached);
    }
    const { rows } = cached;
    return options.format === "csv"
      ? releaseTimesCsv(rows)
      : { period: options.period, groupBy: options.groupBy, rows };
  }

  deliveryOrder(deliveryOrderId: number) {
    const order = this.releases.deliveryOrder(deliveryOrderId);
    if (!order) throw notFound(`There is no delivery order ${deliveryOrderId}.`);
    return order;
  }

  deliveryOrderView(deliveryOrderId: number) {
    const o = this.deliveryOrder(deliveryOrderId);
    const party = (org: number) => this.ctx.index.party(org);
    const now = Date.now() / 1000;
    return {
      deliveryOrderId: o.deliveryOrderId,
      blNumber: this.ctx.index.billOfLading(o.blTokenId)?.blNumber,
      carrier: party(o.carrier),
      consignee: party(o.consignee),
      releaseParty: party(o.releaseParty),
      terminal: party(o.terminal),
      containers: o.containers,
      validFrom: iso(o.validFrom),
      validUntil: iso(o.validUntil),
      status: o.revokedAt
        ? ("revoked" as const)
        : now > o.validUntil
          ? ("expired" as const)
          : now < o.validFrom
            ? ("notYetValid" as const)
            : ("valid" as const),
      revokedAt: o.revokedAt ? iso(o.revokedAt) : null,
      revocationReason: o.revocationReason ?? null,
      issuedAt: iso(o.issuedAt),
      transactionHash: o.transactionHash,
    };
  }

  containerView(container: string) {
    const r = this.releases.container(container);
    if (!r) throw notFound(`Container ${container} is not known to the release chain.`);
    const party = (org: number) => this.ctx.index.party(org);
    return {
      container,
      blNumber: this.ctx.index.billOfLading(r.blTokenId)?.blNumber ?? null,
      deliveryOrderId: r.deliveryOrderId || null,
      terminal: party(r.terminal),
      haulier: party(r.haulier),
      dischargedAt: r.dischargedAt ? iso(r.dischargedAt) : null,
      customsReleased: r.customsReleased,
      customsHeld: r.customsHeld,
      gatedOutAt: r.gatedOutAt ? iso(r.gatedOutAt) : null,
      history: r.steps.map((s) => ({
        ...s,
        at: iso(s.at),
        by: party(s.by ?? 0),
        ...(s.detail?.haulier ? { detail: { ...s.detail, haulier: party(s.detail.haulier as number) } } : {}),
      })),
    };
  }

  /** Sends an ImportRelease write, holding the documents it changes (a second change to one is refused, 409). */
  private async submit(caller: Caller, method: string, args: unknown[], documents: Document[]) {
    if (caller.kind !== "organization") throw forbidden("The operator takes no part in releases.");
    return this.ctx.transactions.submit(caller, "ImportRelease", method, args, { documents });
  }
}

/** A container's release record as the document a write locks. */
export function containerDocument(container: string): Document {
  return { key: `container:${container}`, name: `container ${container}` };
}

/** A delivery order as the document a write locks. */
export function deliveryOrderDocument(deliveryOrderId: number): Document {
  return { key: `deliveryOrder:${deliveryOrderId}`, name: `delivery order ${deliveryOrderId}` };
}

function iso(unixSeconds: number): string {
  return new Date(unixSeconds * 1000).toISOString();
}
