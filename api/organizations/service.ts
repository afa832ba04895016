/** The port community's organizations: the operator's register. */
import { Chain } from "../adapters/chain/chain.ts";
import { OPERATOR, type Caller, type GatewayContext } from "../context.ts";
import { textToBytes32 } from "../bytes.ts";
import { bitsFromRoles, CREDIT_TIERS, type CreditTier, type Role } from "../domain.ts";
import { type Organization } from "./projection.ts";
import { requireOperator } from "../auth/middleware.ts";
import { conflict, forbidden, notFound } from "../problem.ts";

/** Where a recovery's new key waits in the keystore until the recovery completes. */
const recoveryKeyName = (orgId: string) => `${orgId}.recovery`;

export class OrganizationService {
  private readonly ctx: GatewayContext;

  constructor(ctx: GatewayContext) {
    this.ctx = ctx;
  }

  /** The organization with this id, or 404. */
  byOrgId(orgId: string): Organization {
    const organization = this.ctx.index.organizationByOrgId(orgId);
    if (!organization) throw notFound(`No organization is registered with id '${orgId}'.`);
    return organization;
  }

  list(): Organization[] {
    return this.ctx.index.allOrganizations();
  }

  /** Registers an organization with a new signing key and API key. Operator only. */
  async register(
    caller: Caller,
    input: { orgId: string; name: string; roles: Role[]; creditTier: CreditTier },
  ): Promise<{ organization: Organization; apiKey: string }> {
    this.requireOperator(caller);
    if (this.ctx.index.organizationByOrgId(input.orgId)) {
      throw conflict(`An organization with id '${input.orgId}' is already registered.`);
    }
    const operator = await this.ctx.keystore.wallet(OPERATOR);
    const signerKey = Chain.randomKey();
    const signerAddress = Chain.wallet(signerKey).address;
    await this.ctx.transactions.submit(caller, "PartyRegistry", "registerOrganization", [
      textToBytes32(input.orgId),
      input.name,
      bitsFromRoles(input.roles),
      CREDIT_TIERS.indexOf(input.creditTier),
      [signerAddress],
    ]);
    // The key is stored only once the chain has accepted the organization.
    await this.ctx.keystore.create(input.orgId, signerKey);
    await this.ctx.chain.fund(operator, signerAddress, this.ctx.signerFundingWei);
    const apiKey = this.ctx.apiKeys.issue(input.orgId);
    return { organization: this.byOrgId(input.orgId), apiKey };
  }

  /** Suspends, reinstates or revokes an organization. Operator only. */
  async changeStatus(caller: Caller, orgId: string, action: "suspend" | "reinstate" | "revoke"): Promise<Organization> {
    this.requireOperator(caller);
    const organization = this.byOrgId(orgId);
    await this.ctx.transactions.submit(caller, "PartyRegistry", action, [organization.org]);
    return this.byOrgId(orgId);
  }

  /** Appoints an agent to act for a principal (a carrier's shipping agent), or ends it with null. Operator only. */
  async appointAgent(caller: Caller, orgId: string, principal: string | null): Promise<Organization> {
    const agent = this.byOrgId(orgId);
    const principalOrg = principal ? this.byOrgId(principal).org : 0;
    // An agent acts on its principal's cargo: the principal appoints it; the principal or the agent ends it.
    const entitled = principal ? [principal] : [agent.agentFor, orgId];
    if (caller.kind !== "organization" || !entitled.includes(caller.orgId)) {
      throw forbidden(
        principal
          ? `Only ${this.byOrgId(principal).name} may appoint its own agent; the operator cannot.`
          : "Only the agent's principal, or the agent itself, may end the appointment.",
      );
    }
    await this.ctx.transactions.submit(caller, "PartyRegistry", "appointAgent", [agent.org, principalOrg]);
    return this.byOrgId(orgId);
  }

  /**
   * Replaces an organization's signing key (a key it fears compromised); nothing it holds moves. The organization
   * itself only: its current key adds the new one and the new one removes the old, as the registry requires. An
   * organization that set a threshold above 1 needs the approvals of several keys, which this node does not hold.
   */
  async replaceKey(caller: Caller, orgId: string): Promise<Organization> {
    const organization = this.byOrgId(orgId);
    if (caller.kind !== "organization" || caller.orgId !== orgId) {
      throw forbidden(
        "Only the organization itself may replace its keys. The operator can only start a recovery, which waits " +
          "and which the organization can cancel.",
      );
    }
    if (organization.keyThreshold > 1) {
      throw conflict(
        `${organization.name} requires ${organization.keyThreshold} of its signers to approve a key change; ` +
          "approve it with each key (addSigner, removeSigner) from the signers' own systems.",
      );
    }
    const oldSigners = [...organization.signers];
    const newKey = Chain.randomKey();
    const newWallet = Chain.wallet(newKey);
    await this.ctx.keystore.create(`${orgId}.next`, newKey); // kept safe before the chain knows it
    const operator = await this.ctx.keystore.wallet(OPERATOR);
    await this.ctx.chain.fund(operator, newWallet.address, this.ctx.signerFundingWei);
    // Signed with the current key, which the keystore still holds under the organization's name.
    await this.ctx.transactions.submit(caller, "PartyRegistry", "addSigner", [organization.org, newWallet.address]);
    // From here the new key signs (it is now the organization's key in the keystore): it removes every older one.
    await this.ctx.keystore.create(orgId, newKey);
    this.ctx.keystore.remove(`${orgId}.next`);
    for (const signer of oldSigners) {
      await this.ctx.transactions.submit(caller, "PartyRegistry", "removeSigner", [organization.org, signer]);
    }
    return this.byOrgId(orgId);
  }

  /**
   * Starts the recovery of an organization that lost its keys. Operator only. The new key is kept in this node's
   * keystore until the recovery completes; the organization is notified at once and any of its signers may cancel.
   */
  async startRecovery(caller: Caller, orgId: string): Promise<Organization> {
    this.requireOperator(caller);
    const organization = this.byOrgId(orgId);
    if (organization.recovery) {
      throw conflict(
        `A recovery of ${organization.name} is already pending until ${organization.recovery.effectiveAt}.`,
      );
    }
    const newKey = Chain.randomKey();
    const newSigner = Chain.wallet(newKey).address;
    await this.ctx.keystore.create(recoveryKeyName(orgId), newKey); // kept before the chain names it
    await this.ctx.transactions
      .submit(caller, "PartyRegistry", "startRecovery", [organization.org, newSigner])
      .catch((e) => {
        this.ctx.keystore.remove(recoveryKeyName(orgId));
        throw e;
      });
    return this.byOrgId(orgId);
  }

  /** Cancels a pending recovery: the organization itself (signed with its current key), or the operator. */
  async cancelRecovery(caller: Caller, orgId: string): Promise<Organization> {
    const organization = this.byOrgId(orgId);
    if (caller.kind === "organization" && caller.orgId !== orgId) {
      throw forbidden("Only the organization itself, or the operator, may cancel its recovery.");
    }
    if (!organization.recovery) throw notFound(`No recovery of ${organization.name} is pending.`);
    // Signed by the caller: the operator's key, or the organization's current one (the caller is the organization).
    await this.ctx.transactions.submit(caller, "PartyRegistry", "cancelRecovery", [organization.org]);
    this.ctx.keystore.remove(recoveryKeyName(orgId));
    return this.byOrgId(orgId);
  }

  /** Completes a recovery whose delay has passed: the new key becomes the organization's only key. Operator only. */
  async completeRecovery(caller: Caller, orgId: string): Promise<Organization> {
    this.requireOperator(caller);
    const organization = this.byOrgId(orgId);
    if (!organization.recovery) throw notFound(`No recovery of ${organization.name} is pending.`);
    if (!this.ctx.keystore.has(recoveryKeyName(orgId))) {
      throw conflict(
        "The recovery's new key is not in this node's keystore: complete it from the node that started it.",
      );
    }
    const recovered = await this.ctx.keystore.wallet(recoveryKeyName(orgId));
    const operator = await this.ctx.keystore.wallet(OPERATOR);
    await this.ctx.transactions.submit(caller, "PartyRegistry", "completeRecovery", [organization.org]);
    await this.ctx.keystore.create(orgId, recovered.privateKey);
    this.ctx.keystore.remove(recoveryKeyName(orgId));
    await this.ctx.chain.fund(operator, recovered.address, this.ctx.signerFundingWei);
    return this.byOrgId(orgId);
  }

  /** The register's own check, whatever the route guarded: only the operator changes it. */
  requireOperator(caller: Caller): void {
    requireOperator(caller);
  }
}
