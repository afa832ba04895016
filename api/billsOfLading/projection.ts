/** Bills of lading and their endorsement chains, projected from BillOfLading's events. */
import { bytesToText } from "../bytes.ts";
import type { ChainEvent } from "../adapters/chain/events.ts";
import type { Projection } from "../chainIndex/follower.ts";
import { ACTION_CODES, BL_TYPES, type ActionCode, type BlState, type BlType, type SurrenderKind } from "../domain.ts";
import type { OrganizationProjection } from "../organizations/projection.ts";

export interface EndorsementEntry {
  actionCode: ActionCode;
  actor: number;
  recipient: number | null;
  actionDateTime: string;
  transactionHash: string;
  blockNumber: number;
}

export interface DocumentVersion {
  version: number;
  documentChecksum: string;
  issuedAt: string;
  transactionHash: string;
}

export interface BillOfLading {
  tokenId: string;
  blNumber: string;
  blType: BlType;
  state: BlState;
  carrier: number;
  holder: number;
  endorsee: number | null;
  blankEndorsed: boolean;
  consignee: number | null;
  surrenderKind: SurrenderKind;
  /** Whether its holder may still reject the last transfer (which returns it to the one who transferred it). */
  returnable: boolean;
  previousEndorsee: number | null;
  previousBlankEndorsed: boolean;
  version: number;
  documentChecksum: string;
  versions: DocumentVersion[];
  endorsementChain: EndorsementEntry[];
  issuedAt: string;
  updatedAt: string;
}

const ZERO_ADDRESS = "0x0000000000000000000000000000000000000000";
const isoOf = (event: ChainEvent) => new Date(event.timestamp * 1000).toISOString();

export class BillOfLadingProjection implements Projection {
  private readonly billsOfLading = new Map<string, BillOfLading>();
  private readonly byChecksum = new Map<string, { tokenId: string; version: number }>();
  private readonly byNumber = new Map<string, string[]>();
  private readonly organizations: OrganizationProjection;

  /** Reads `organizations` for the owners of transfers (title addresses), which it projects first. */
  constructor(organizations: OrganizationProjection) {
    this.organizations = organizations;
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

  readonly handlers = {
    "BillOfLading:Issued": (event: ChainEvent) => {
      const a = event.args;
      const at = isoOf(event);
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
      this.record(tokenId, "ISSUE", a.carrier as number, holder, event);
    },
    "BillOfLading:Transfer": (event: ChainEvent) => {
      const a = event.args;
      const from = (a.from as string).toLowerCase();
      const to = (a.to as string).toLowerCase();
      if (from === ZERO_ADDRESS || to === ZERO_ADDRESS) return; // issue and final surrender: Issued / SACC say it
      const bl = this.bl(a.tokenId);
      const fromOrg = this.organizations.orgOfTitleAddress(from)!;
      const toOrg = this.organizations.orgOfTitleAddress(to)!;
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
      this.record(bl.tokenId, "TRANSFER", fromOrg, toOrg, event);
    },
    "BillOfLading:ActionRecorded": (event: ChainEvent) => this.applyAction(event),
    "BillOfLading:DocumentAmended": (event: ChainEvent) => {
      const a = event.args;
      const bl = this.bl(a.tokenId);
      const checksum = (a.documentChecksum as string).toLowerCase();
      bl.version = a.version as number;
      bl.documentChecksum = checksum;
      bl.versions.push({
        version: bl.version,
        documentChecksum: checksum,
        issuedAt: isoOf(event),
        transactionHash: event.transactionHash,
      });
      this.byChecksum.set(checksum, { tokenId: bl.tokenId, version: bl.version });
    },
  } satisfies Projection["handlers"];

  private applyAction(event: ChainEvent): void {
    const a = event.args;
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
    if (code !== "ISSUE" || bl.endorsementChain.length > 0) this.record(bl.tokenId, code, actor, recipient, event);
  }

  private record(tokenId: string, actionCode: ActionCode, actor: number, recipient: number | null, event: ChainEvent) {
    const bl = this.bl(tokenId);
    const at = isoOf(event);
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

  private bl(tokenId: unknown): BillOfLading {
    return this.billsOfLading.get(tokenId as string)!;
  }
}
