/** The port community's organizations: who is calling, and the operator's register. */
import { Chain, type Submitted } from "../adapters/chain/chain.ts";
import type { ContractName } from "../adapters/chain/artifacts.ts";
import type { Signer } from "../adapters/keystore.ts";
import { OPERATOR, type Caller, type GatewayContext } from "../context.ts";
import { toProblem, type Namer } from "../contractErrors.ts";
import { textToBytes32 } from "../bytes.ts";
import { bitsFromRoles, CREDIT_TIERS, type CreditTier, type Organization, type Role } from "../index/model.ts";
import { conflict, forbidden, notFound, unauthorized } from "../problem.ts";

export class OrganizationService {
  private readonly ctx: GatewayContext;

  constructor(ctx: GatewayContext) {
    this.ctx = ctx;
  }

  /** The caller an API key stands for. */
  authenticate(authorization: string | undefined): Caller {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? "");
    if (!match) throw unauthorized("Send your API key as 'Authorization: Bearer <key>'.");
    const orgId = this.ctx.apiKeys.orgIdOf(match[1]);
    if (!orgId) throw unauthorized("This API key is not valid.");
    if (orgId === OPERATOR) return { kind: "operator", orgId: OPERATOR };
    const organization = this.ctx.index.organizationByOrgId(orgId);
    if (!organization) throw unauthorized("This API key's organization is not registered on chain.");
    return { kind: "organization", orgId, org: organization.org };
  }

  /** The organization with this id, or 404. */
  byOrgId(orgId: string): Organization {
    const organization = this.ctx.index.organizationByOrgId(orgId);
    if (!organization) throw notFound(`No organization is registered with id '${orgId}'.`);
    return organization;
  }

  /** An organization's name for messages, by number. */
  readonly nameOf: Namer = Object.assign(
    (org: unknown): string => {
      const organization = this.ctx.index.organization(org as number);
      return organization ? `${organization.name} (${organization.orgId})` : `organization ${org}`;
    },
    { billOfLading: (tokenId: unknown) => this.ctx.index.billOfLading(String(tokenId))?.blNumber },
  );

  /** The signing key of the caller's organization. */
  async signer(caller: Caller) {
    return this.ctx.keystore.wallet(caller.orgId);
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
    await this.transact(operator, "PartyRegistry", "registerOrganization", [
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
    const operator = await this.ctx.keystore.wallet(OPERATOR);
    await this.transact(operator, "PartyRegistry", action, [organization.org]);
    return this.byOrgId(orgId);
  }

  /** Appoints an agent to act for a principal (a carrier's shipping agent), or ends it with null. Operator only. */
  async appointAgent(caller: Caller, orgId: string, principal: string | null): Promise<Organization> {
    this.requireOperator(caller);
    const agent = this.byOrgId(orgId);
    const principalOrg = principal ? this.byOrgId(principal).org : 0;
    const operator = await this.ctx.keystore.wallet(OPERATOR);
    await this.transact(operator, "PartyRegistry", "appointAgent", [agent.org, principalOrg]);
    return this.byOrgId(orgId);
  }

  /** Replaces an organization's signing key (a lost or compromised key); nothing it holds moves. Operator only. */
  async replaceKey(caller: Caller, orgId: string): Promise<Organization> {
    this.requireOperator(caller);
    const organization = this.byOrgId(orgId);
    const operator = await this.ctx.keystore.wallet(OPERATOR);
    const oldSigners = [...organization.signers];
    const newKey = Chain.randomKey();
    await this.ctx.keystore.create(`${orgId}.next`, newKey); // kept safe before the chain knows it
    await this.transact(operator, "PartyRegistry", "addSigner", [organization.org, Chain.wallet(newKey).address]);
    for (const signer of oldSigners) {
      await this.transact(operator, "PartyRegistry", "removeSigner", [organization.org, signer]);
    }
    await this.ctx.keystore.create(orgId, newKey);
    this.ctx.keystore.remove(`${orgId}.next`);
    await this.ctx.chain.fund(operator, Chain.wallet(newKey).address, this.ctx.signerFundingWei);
    return this.byOrgId(orgId);
  }

  /**
   * Sends a transaction signed with `signer`, turns a contract refusal into a problem a clerk can act on, and returns
   * once the index includes it, so that what the caller reads next is the new state.
   */
  async transact(
    signer: Signer,
    contract: ContractName,
    method: string,
    args: unknown[],
    beforeSend?: () => Promise<void>,
  ): Promise<Submitted> {
    const submitted = await this.ctx.chain
      .submit(signer, contract, method, args, beforeSend)
      .catch((e) => toProblem(e, this.nameOf));
    await this.ctx.index.include(submitted);
    return submitted;
  }

  requireOperator(caller: Caller): void {
    if (caller.kind !== "operator") throw forbidden("Only the port community's operator may do this.");
  }
}
