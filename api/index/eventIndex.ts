/**
 * The gateway's index of the chain: organizations and bills of lading, built only from the contracts' events.
 * It catches up from the chain at start, follows new blocks, and answers every read without scanning logs.
 */
import { bytesToText } from "../bytes.ts";
import {
  ACTION_CODES,
  BL_TYPES,
  CREDIT_TIERS,
  ORGANIZATION_STATUSES,
  rolesFromBits,
  type ActionCode,
  type Attachment,
  type BillOfLading,
  type Organization,
} from "./model.ts";
import type { ChainEvent } from "../adapters/chain/events.ts";


/** Where events come from: the chain adapter. */
export interface EventSource {
  blockNumber(): Promise<number>;
  events(from: number, to: number): Promise<ChainEvent[]>;
}

const ZERO_ADDRESS = "0x0000000000000000000000000000000000000000";
const CATCH_UP_RANGE = 2_000;

export class EventIndex {
  private readonly organizations = new Map<number, Organization>();
  private readonly orgsByOrgId = new Map<string, number>();
  private readonly orgsByTitleAddress = new Map<string, number>();
  private readonly billsOfLading = new Map<string, BillOfLading>();
  private readonly byChecksum = new Map<string, { tokenId: string; version: number }>();
  private readonly byNumber = new Map<string, string[]>();
  private readonly attachments = new Map<string, Attachment[]>();
  private readonly listeners = new Set<(event: ChainEvent) => void>();
  private readonly caughtUpListeners = new Set<() => void>();
  private lastBlock = -1;
  private catchingUp?: Promise<void>;
  private timer?: NodeJS.Timeout;
  private readonly source: EventSource;
  private readonly titleAddress: (org: number) => string;

  constructor(source: EventSource, titleAddress: (org: number) => string) {
    this.source = source;
    this.titleAddress = titleAddress;
  }

  /** The last block the index has applied. */
  get indexedBlock(): number {
    return this.lastBlock;
  }

  /** Applies every event up to the chain's current block. Concurrent callers share one pass. */
  catchUp(): Promise<void> {
    this.catchingUp ??= this.runCatchUp().finally(() => (this.catchingUp = undefined));
    return this.catchingUp;
  }

  /**
   * Makes the index include a transaction the gateway just submitted. When its events are the whole block's (it is
   * alone in it) and it is the next block, they are applied at once; otherwise the index catches up from the chain.
   */
  async include(submitted: { blockNumber: number; events: ChainEvent[]; aloneInBlock: boolean }): Promise<void> {
    if (submitted.aloneInBlock && submitted.blockNumber === this.lastBlock + 1 && !this.catchingUp) {
      for (const event of submitted.events) this.apply(event);
      this.lastBlock = submitted.blockNumber;
      for (const listener of this.caughtUpListeners) listener();
      return;
    }
    await this.reach(submitted.blockNumber);
  }

  /** Waits until the index has applied `block`. */
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

  /** Called for every event applied, after it is applied. */
  onEvent(listener: (event: ChainEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Called after each catch-up pass that applied blocks. */
  onCaughtUp(listener: () => void): () => void {
    this.caughtUpListeners.add(listener);
    return () => this.caughtUpListeners.delete(listener);
  }

  private async runCatchUp(): Promise<void> {
    const head = await this.source.blockNumber();
    if (this.lastBlock >= head) return;
    while (this.lastBlock < head) {
      const to = Math.min(head, this.lastBlock + CATCH_UP_RANGE);
      const events = await this.source.events(this.lastBlock + 1, to);
      for (const event of events) this.apply(event);
      this.lastBlock = to;
    }
    for (const listener of this.caughtUpListeners) listener();
  }

  // ------------------------------------------------------------------ reads

  organization(org: number): Organization | undefined {
    return this.organizations.get(org);
  }

  /**
   * An organization as a response names it. No organization (0 or null) is null; a number the index does not know
   * (yet) keeps its number as orgId, with no name.
   */
  party(org: unknown): { orgId: string; name: string } | null {
    if (!org) return null;
    const organization = this.organizations.get(Number(org));
    return organization ? { orgId: organization.orgId, name: organization.name } : { orgId: String(org), name: "" };
  }

  organizationByOrgId(orgId: string): Organization | undefined {
    const org = this.orgsByOrgId.get(orgId);
    return org === undefined ? undefined : this.organizations.get(org);
  }

  allOrganizations(): Organization[] {
    return [...this.organizations.values()];
  }

  billOfLading(tokenId: string): BillOfLading | undefined {
    return this.billsOfLading.get(tokenId);
  }

  /** The B/Ls with this number (one per carrier that used it). */
  billsOfLadingByNumber(blNumber: string): BillOfLading[] {
    return (this.byNumber.get(blNumber) ?? []).map((tokenId) => this.billsOfLading.get(tokenId)!);
  }

  /** Every B/L in issue order, for listing with a filter. */
  allBillsOfLading(): IterableIterator<BillOfLading> {
    return this.billsOfLading.values();
  }

  /** The B/L and version whose document has this checksum, current or earlier. */
  byDocumentChecksum(checksum: string): { billOfLading: BillOfLading; version: number } | undefined {
    const hit = this.byChecksum.get(checksum.toLowerCase());
    if (!hit) return undefined;
    return { billOfLading: this.billsOfLading.get(hit.tokenId)!, version: hit.version };
  }

  attachmentsOf(tokenId: string): Attachment[] {
    return this.attachments.get(tokenId) ?? [];
  }

  // ------------------------------------------------------------------ apply

  private apply(event: ChainEvent): void {
    const at = new Date(event.timestamp * 1000).toISOString();
    const a = event.args;
    switch (`${event.contract}.${event.name}`) {
      case "PartyRegistry.OrganizationRegistered": {
        const org = a.org as number;
        const orgId = bytesToText(a.orgId as string);
        const titleAddress = this.titleAddress(org);
        this.organizations.set(org, {
          org,
          orgId,
          name: a.name as string,
          roles: rolesFromBits(a.roles as number),
          creditTier: CREDIT_TIERS[a.creditTier as number],
          status: "active",
          signers: [],
          keyThreshold: 1,
          recovery: null,
          titleAddress,
          agentFor: null,
        });
        this.orgsByOrgId.set(orgId, org);
        this.orgsByTitleAddress.set(titleAddress.toLowerCase(), org);
        break;
      }
      case "PartyRegistry.AgentAppointed":
        this.org(a.agent).agentFor = (a.principal as number) ? this.org(a.principal).orgId : null;
        break;
      case "PartyRegistry.RolesChanged":
        this.org(a.org).roles = rolesFromBits(a.roles as number);
        break;
      case "PartyRegistry.CreditTierChanged":
        this.org(a.org).creditTier = CREDIT_TIERS[a.creditTier as number];
        break;
      case "PartyRegistry.StatusChanged":
        this.org(a.org).status = ORGANIZATION_STATUSES[a.status as number];
        break;
      case "PartyRegistry.SignerAdded":
        this.org(a.org).signers.push(a.signer as string);
        break;
      case "PartyRegistry.KeyThresholdChanged":
        this.org(a.org).keyThreshold = a.threshold as number;
        break;
      case "PartyRegistry.RecoveryStarted":
        this.org(a.org).recovery = {
          newSigner: a.newSigner as string,
          effectiveAt: new Date(Number(a.effectiveAt) * 1000).toISOString(),
        };
        break;
      case "PartyRegistry.RecoveryCancelled":
      case "PartyRegistry.RecoveryCompleted":
        this.org(a.org).recovery = null;
        break;
      case "PartyRegistry.SignerRemoved": {
        const organization = this.org(a.org);
        organization.signers = organization.signers.filter(
          (s) => s.toLowerCase() !== (a.signer as string).toLowerCase(),
        );
        break;
      }
      case "BillOfLading.Issued": {
        const tokenId = a.tokenId as string;
        const blType = BL_TYPES[a.blType as number];
        const holder = a.holder as number;
        const checksum = (a.documentChecksum as string).toLowerCase();
        this.billsOfLading.set(tokenId, {
          tokenId,
          blNumber: bytesToText(a.blNumber as string),
          blType,
          state: "active",
          carrier: a.carrier as number,
          holder,
          endorsee: blType === "toOrder" ? holder : null,
          blankEndorsed: false,
          consignee: (a.consignee as number) || null,
          surrenderKind: "none",
          returnable: false,
          previousEndorsee: null,
          previousBlankEndorsed: false,
          version: 1,
          documentChecksum: checksum,
          versions: [{ version: 1, documentChecksum: checksum, issuedAt: at, transactionHash: event.transactionHash }],
          endorsementChain: [],
          issuedAt: at,
          updatedAt: at,
        });
        this.byChecksum.set(checksum, { tokenId, version: 1 });
        const number = bytesToText(a.blNumber as string);
        this.byNumber.set(number, [...(this.byNumber.get(number) ?? []), tokenId]);
        this.record(tokenId, "ISSUE", a.carrier as number, holder, event, at);
        break;
      }
      case "BillOfLading.Transfer": {
        const from = (a.from as string).toLowerCase();
        const to = (a.to as string).toLowerCase();
        if (from === ZERO_ADDRESS || to === ZERO_ADDRESS) break; // issue and final surrender: Issued / SACC say it
        const bl = this.bl(a.tokenId);
        const fromOrg = this.orgsByTitleAddress.get(from)!;
        const toOrg = this.orgsByTitleAddress.get(to)!;
        const rejecting =
          bl.endorsementChain.at(-1)?.actionCode === "REJECT_TRANSFER" &&
          bl.endorsementChain.at(-1)?.transactionHash === event.transactionHash;
        if (rejecting) {
          bl.holder = toOrg;
          bl.endorsee = bl.previousEndorsee;
          bl.blankEndorsed = bl.previousBlankEndorsed;
          bl.returnable = false;
        } else {
          // An endorse-and-deliver records ENDORSE first: the endorsement a rejection restores is the one before it.
          const endorsedNow = bl.endorsementChain.at(-1)?.transactionHash === event.transactionHash;
          bl.previousEndorsee = endorsedNow ? bl.previousEndorsee : bl.endorsee;
          bl.previousBlankEndorsed = endorsedNow ? bl.previousBlankEndorsed : bl.blankEndorsed;
          bl.holder = toOrg;
          bl.returnable = true;
        }
        this.record(bl.tokenId, "TRANSFER", fromOrg, toOrg, event, at);
        break;
      }
      case "BillOfLading.ActionRecorded":
        this.applyAction(a, event, at);
        break;
      case "BillOfLading.DocumentAmended": {
        const bl = this.bl(a.tokenId);
        const checksum = (a.documentChecksum as string).toLowerCase();
        bl.version = a.version as number;
        bl.documentChecksum = checksum;
        bl.versions.push({
          version: bl.version,
          documentChecksum: checksum,
          issuedAt: at,
          transactionHash: event.transactionHash,
        });
        this.byChecksum.set(checksum, { tokenId: bl.tokenId, version: bl.version });
        break;
      }
      case "BillOfLading.AttachmentAdded": {
        const list = this.attachments.get(a.tokenId as string) ?? [];
        list.push({
          attachmentId: `${event.transactionHash}-${event.logIndex}`,
          tokenId: a.tokenId as string,
          cid: a.cid as string,
          sha256: (a.sha256 as string).toLowerCase(),
          size: Number(a.size),
          fileName: a.fileName as string,
          mediaType: a.mediaType as string,
          kind: a.kind as string,
          uploadedBy: a.org as number,
          uploadedAt: at,
          transactionHash: event.transactionHash,
        });
        this.attachments.set(a.tokenId as string, list);
        break;
      }
    }
    for (const listener of this.listeners) listener(event);
  }

  private applyAction(a: Record<string, unknown>, event: ChainEvent, at: string): void {
    const bl = this.bl(a.tokenId);
    const code: ActionCode = ACTION_CODES[a.action as number];
    const actor = a.actor as number;
    const recipient = (a.recipient as number) || null;
    switch (code) {
      case "ENDORSE":
        bl.previousEndorsee = bl.endorsee;
        bl.previousBlankEndorsed = bl.blankEndorsed;
        bl.endorsee = recipient;
        bl.blankEndorsed = false;
        bl.returnable = false;
        break;
      case "BLANK_ENDORSE":
        bl.endorsee = null;
        bl.blankEndorsed = true;
        bl.returnable = false;
        break;
      case "SURRENDER_FOR_DELIVERY":
      case "SURRENDER_FOR_AMENDMENT":
      case "SURRENDER_FOR_PAPER":
        bl.state = "surrenderPending";
        bl.surrenderKind =
          code === "SURRENDER_FOR_DELIVERY" ? "delivery" : code === "SURRENDER_FOR_AMENDMENT" ? "amendment" : "paper";
        bl.returnable = false;
        break;
      case "SACC":
        bl.state =
          bl.surrenderKind === "delivery" ? "accomplished" : bl.surrenderKind === "paper" ? "voided" : "active";
        if (bl.state === "active") bl.surrenderKind = "none";
        break;
      case "SREJ":
        bl.state = "active";
        bl.surrenderKind = "none";
        break;
    }
    if (code !== "ISSUE" || bl.endorsementChain.length > 0) this.record(bl.tokenId, code, actor, recipient, event, at);
  }

  private record(
    tokenId: string,
    actionCode: ActionCode,
    actor: number,
    recipient: number | null,
    event: ChainEvent,
    at: string,
  ) {
    const bl = this.bl(tokenId);
    bl.endorsementChain.push({
      actionCode,
      actor,
      recipient,
      actionDateTime: at,
      transactionHash: event.transactionHash,
      blockNumber: event.blockNumber,
    });
    bl.updatedAt = at;
  }

  private org(org: unknown): Organization {
    return this.organizations.get(org as number)!;
  }

  private bl(tokenId: unknown): BillOfLading {
    return this.billsOfLading.get(tokenId as string)!;
  }
}
