/** The port community's organizations: who is calling, and the operator's register. */
import { Chain } from "../adapters/chain/chain.ts";
import { OPERATOR, type Caller, type GatewayContext } from "../context.ts";
import { toProblem } from "../contractErrors.ts";
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
  readonly nameOf = (org: unknown): string => {
    const organization = this.ctx.index.organization(org as number);
    return organization ? `${organization.name} (${organization.orgId})` : `organization ${org}`;
  };

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
    const submitted = await this.ctx.chain
      .submit(operator, "PartyRegistry", "registerOrganization", [
        textToBytes32(input.orgId),
        input.name,
        bitsFromRoles(input.roles),
        CREDIT_TIERS.indexOf(input.creditTier),
        [signerAddress],
      ])
      .catch((e) => toProblem(e, this.nameOf));
    // The key is stored only once the chain has accepted the organization.
    await this.ctx.keystore.create(input.orgId, signerKey);
    await this.ctx.chain.fund(operator, signerAddress, this.ctx.signerFundingWei);
    await this.ctx.index.include(submitted);
    const apiKey = this.ctx.apiKeys.issue(input.orgId);
    return { organization: this.byOrgId(input.orgId), apiKey };
  }

  /** Suspends, reinstates or revokes an organization. Operator only. */
  async changeStatus(caller: Caller, orgId: string, action: "suspend" | "reinstate" | "revoke"): Promise<Organization> {
    this.requireOperator(caller);
    const organization = this.byOrgId(orgId);
    const operator = await this.ctx.keystore.wallet(OPERATOR);
    const submitted = await this.ctx.chain
      .submit(operator, "PartyRegistry", action, [organization.org])
      .catch((e) => toProblem(e, this.nameOf));
    await this.ctx.index.include(submitted);
    return this.byOrgId(orgId);
  }

  /** Appoints an agent to act for a principal (a carrier's shipping agent), or ends it with null. Operator only. */
  async appointAgent(caller: Caller, orgId: string, principal: string | null): Promise<Organization> {
    this.requireOperator(caller);
    const agent = this.byOrgId(orgId);
    const principalOrg = principal ? this.byOrgId(principal).org : 0;
    const operator = await this.ctx.keystore.wallet(OPERATOR);
    const submitted = await this.ctx.chain
      .submit(operator, "PartyRegistry", "appointAgent", [agent.org, principalOrg])
      .catch((e) => toProblem(e, this.nameOf));
    await this.ctx.index.include(submitted);
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
    const add = await this.ctx.chain
      .submit(operator, "PartyRegistry", "addSigner", [organization.org, Chain.wallet(newKey).address])
      .catch((e) => toProblem(e, this.nameOf));
    let last = add.blockNumber;
    for (const signer of oldSigners) {
      const removed = await this.ctx.chain
        .submit(operator, "PartyRegistry", "removeSigner", [organization.org, signer])
        .catch((e) => toProblem(e, this.nameOf));
      last = removed.blockNumber;
    }
    await this.ctx.keystore.create(orgId, newKey);
    this.ctx.keystore.remove(`${orgId}.next`);
    await this.ctx.chain.fund(operator, Chain.wallet(newKey).address, this.ctx.signerFundingWei);
    await this.ctx.index.reach(last);
    return this.byOrgId(orgId);
  }

  requireOperator(caller: Caller): void {
    if (caller.kind !== "operator") throw forbidden("Only the port community's operator may do this.");
  }
}
