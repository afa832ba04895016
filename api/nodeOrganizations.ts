/**
 * The organizations a node serves (NODE_ORGANIZATIONS): the only ones whose keys its keystore holds, to which it
 * issues API keys and sends notifications. It still indexes the whole chain, so it answers about every counterparty.
 */
export class NodeOrganizations {
  /** Absent: the node serves every organization it registers (the embedded demo: one node for the whole community). */
  readonly orgIds?: readonly string[];

  constructor(orgIds?: readonly string[]) {
    this.orgIds = orgIds;
  }

  /** Whether this node signs for, issues API keys to and notifies `orgId`. */
  serves(orgId: string): boolean {
    return !this.orgIds || this.orgIds.includes(orgId);
  }
}
