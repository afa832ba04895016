/** The trade's words for what the index holds: organizations, bills of lading and their endorsement chains. */

export const ROLES = ["carrier", "terminal", "customs", "trader", "bank", "haulier", "depot", "agent"] as const;
export type Role = (typeof ROLES)[number];
export const CREDIT_TIERS = ["aeoAdvanced", "aeoGeneral", "regular", "discredited"] as const;
export type CreditTier = (typeof CREDIT_TIERS)[number];
export const ORGANIZATION_STATUSES = ["none", "active", "suspended", "revoked"] as const;
export type OrganizationStatus = (typeof ORGANIZATION_STATUSES)[number];
export const BL_TYPES = ["straight", "toOrder", "seaWaybill"] as const;
export type BlType = (typeof BL_TYPES)[number];
export const BL_STATES = ["none", "active", "surrenderPending", "accomplished", "voided"] as const;
export type BlState = (typeof BL_STATES)[number];
export const SURRENDER_KINDS = ["none", "delivery", "amendment", "paper"] as const;
export type SurrenderKind = (typeof SURRENDER_KINDS)[number];
export const ACTION_CODES = [
  "ISSUE",
  "TRANSFER",
  "ENDORSE",
  "BLANK_ENDORSE",
  "SURRENDER_FOR_DELIVERY",
  "SURRENDER_FOR_AMENDMENT",
  "SURRENDER_FOR_PAPER",
  "SACC",
  "SREJ",
  "REJECT_TRANSFER",
] as const;
export type ActionCode = (typeof ACTION_CODES)[number];

export const rolesFromBits = (bits: number): Role[] => ROLES.filter((_, i) => bits & (1 << i));
export const bitsFromRoles = (roles: readonly Role[]): number => roles.reduce((b, r) => b | (1 << ROLES.indexOf(r)), 0);

export interface Organization {
  /** The registry's number for the organization. */
  org: number;
  /** Its unified social credit code or LEI. */
  orgId: string;
  name: string;
  roles: Role[];
  creditTier: CreditTier;
  status: OrganizationStatus;
  signers: string[];
  /** How many of its signers must approve a change of its keys. */
  keyThreshold: number;
  /** A recovery the operator started because the organization lost its keys: it takes effect at `effectiveAt` unless
   * one of its signers cancels it. */
  recovery: { newSigner: string; effectiveAt: string } | null;
  titleAddress: string;
  /** For an agent: the orgId of the organization it is appointed to act for, such as a carrier. */
  agentFor: string | null;
}

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

export interface Attachment {
  attachmentId: string;
  tokenId: string;
  cid: string;
  sha256: string;
  size: number;
  fileName: string;
  mediaType: string;
  kind: string;
  uploadedBy: number;
  uploadedAt: string;
  transactionHash: string;
}
