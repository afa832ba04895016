/**
 * The organizations a node serves: those it signs for (NODE_ORGANIZATIONS), the only ones whose keys its keystore
 * holds, and those it hosts (HOSTED_ORGANIZATIONS), which sign their own transactions through it (client-side
 * signing). It issues API keys to and notifies both. It still indexes the whole chain, so it answers about every
 * counterparty.
 */
export class NodeOrganizations {
  /**
   * The organizations it signs for. Absent: every organization it registers (the embedded demo: one node for the
   * whole community). Empty: none (the operator's own node).
   */
  readonly orgIds?: readonly string[];
  /** The organizations it hosts without holding their keys. */
  readonly hosted: readonly string[];

  constructor(orgIds?: readonly string[], hosted: readonly string[] = []) {
    this.orgIds = orgIds;
    this.hosted = hosted;
  }

  /** Whether this node issues API keys to and notifies `orgId`: it signs for it or hosts it. */
  serves(orgId: string): boolean {
    return this.signsFor(orgId) || this.hosted.includes(orgId);
  }

  /** Whether this node holds (or may make) `orgId`'s signing key. */
  signsFor(orgId: string): boolean {
    return !this.orgIds || this.orgIds.includes(orgId);
  }
}
