/** The trade's words for what the index holds: organizations, bills of lading and their endorsement chains. */

import type { ActionCode, BlState, BlType, CreditTier, OrganizationStatus, Role, SurrenderKind } from "../domain.ts";

export * from "../domain.ts";

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
