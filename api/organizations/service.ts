/** The port community's organizations: the operator's register. */
import { Chain } from "../adapters/chain/chain.ts";
import { OPERATOR, type Caller, type GatewayContext } from "../context.ts";
import { textToBytes32 } from "../bytes.ts";
import { bitsFromRoles, CREDIT_TIERS, type CreditTier, type Role } from "../domain.ts";
import { type Organization } from "./projection.ts";
import { requireOperator } from "../auth/middleware.ts";
import { conflict, forbidden, notFound, unprocessable } from "../problem.ts";
import type { Document } from "../transactions.ts";

/** Where a recovery's new key waits in the keystore until the recovery completes. */
const recoveryKeyName = (orgId: string) => `${orgId}.recovery`;
/** Where a replacement key waits in the keystore until the chain knows it. */
const nextKeyName = (orgId: string) => `${orgId}.next`;

/** An organization as the document a write locks (one change to its register entry at a time). */
export function organizationDocument(organization: { orgId: string; name: string }): Document {
  return { key: `organization:${organization.orgId}`, name: `${organization.name} (${organization.orgId})` };
}

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

  /**
   * Registers an organization. Operator only. Its signing key is the one it made itself (`signer`: on its own node or
   * machine, so this node stores none), else the key this node holds for it, else a new one this node makes; the
   * last two only if this node serves it. Its first API key is issued here only if this node serves it and it has
   * none yet (a node with NODE_ORGANIZATIONS issued its organizations' first keys at start; any other node's
   * organizations get theirs from their own node). All or nothing: a new key is stored, the API key issued and the
   * signer funded after the simulation passed and before the registration is sent, and the first two are undone if
   * it then does not take effect, so a failure leaves the organization unregistered and no key behind (a funding
   * already sent stays with the address: it changes nothing anyone can use).
   */
  async register(
    caller: Caller,
    input: { orgId: string; name: string; roles: Role[]; creditTier: CreditTier; signer?: string },
  ): Promise<{ organization: Organization; apiKey: string | null; transactionHash: string }> {
    this.requireOperator(caller);
    if (this.ctx.index.organizationByOrgId(input.orgId)) {
      throw conflict(`An organization with id '${input.orgId}' is already registered.`);
    }
    const { keystore, apiKeys, nodeOrganizations } = this.ctx;
    const served = nodeOrganizations.serves(input.orgId);
    const signedFor = nodeOrganizations.signsFor(input.orgId);
    if (!input.signer && !signedFor) {
      throw unprocessable(
        `This node does not serve ${input.orgId}, so it makes no key for it: give the signer address of the ` +
          "organization's own key (made on its own node or machine).",
        [{ pointer: "/signer", message: "is required for an organization this node does not serve" }],
      );
    }
    const held = signedFor && keystore.has(input.orgId) ? (await keystore.wallet(input.orgId)).address : undefined;
    const offered = input.signer?.toLowerCase();
    if (offered && held && held.toLowerCase() !== offered) {
      throw conflict(
        `This node holds another key of ${input.orgId} (${held}) and signs with it: give that address as signer, ` +
          "or none.",
      );
    }
    const operator = await keystore.wallet(OPERATOR);
    const signerKey = offered || held ? undefined : Chain.randomKey();
    const signerAddress = offered ?? held ?? Chain.wallet(signerKey!).address;
    const issueApiKey = served && apiKeys.keysOf(input.orgId).length === 0;
    let apiKey: { keyId: string; apiKey: string } | undefined;
    const receipt = await this.ctx.transactions.submit(
      caller,
      "PartyRegistry",
      "registerOrganization",
      [
        textToBytes32(input.orgId),
        input.name,
        bitsFromRoles(input.roles),
        CREDIT_TIERS.indexOf(input.creditTier),
        [signerAddress],
      ],
      {
        documents: [organizationDocument(input)],
        beforeSend: async () => {
          if (signerKey) await keystore.create(input.orgId, signerKey);
          if (issueApiKey) apiKey = apiKeys.create(input.orgId); // refused by the gateway until the chain has it
          await this.ctx.chain.fund(operator, signerAddress, this.ctx.signerFundingWei); // last: it broadcasts
        },
        undo: () => {
          if (apiKey) apiKeys.revoke(input.orgId, [apiKey.keyId]);
          if (signerKey) keystore.remove(input.orgId);
        },
      },
    );
    return {
      organization: this.byOrgId(input.orgId),
      apiKey: apiKey?.apiKey ?? null,
      transactionHash: receipt.transactionHash,
    };
  }

  /** Suspends, reinstates or revokes an organization. Operator only. */
  async changeStatus(
    caller: Caller,
    orgId: string,
    action: "suspend" | "reinstate" | "revoke",
  ): Promise<Organization & { transactionHash: string }> {
    this.requireOperator(caller);
    const organization = this.byOrgId(orgId);
    const { transactionHash } = await this.ctx.transactions.submit(
      caller,
      "PartyRegistry",
      action,
      [organization.org],
      {
        documents: [organizationDocument(organization)],
      },
    );
    return { ...this.byOrgId(orgId), transactionHash };
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
    await this.ctx.transactions.submit(caller, "PartyRegistry", "appointAgent", [agent.org, principalOrg], {
      documents: [organizationDocument(agent)],
    });
    return this.byOrgId(orgId);
  }

  /**
   * Replaces an organization's signing key (a key it fears compromised); nothing it holds moves. The organization
   * itself only: its current key adds the new one and the new one removes the old, as the registry requires. An
   * organization that set a threshold above 1 needs the approvals of several keys, which this node does not hold.
   *
   * Several transactions, each safe to resume, so that a failure (or a crash) between them is repaired by asking
   * again. The steps and what a stop after each leaves:
   * 1. the new key is stored under `<orgId>.next`: the chain is unchanged; a retry adds this same key;
   * 2. it is funded and `addSigner` (signed with the current key) makes it a signer: both keys sign; a retry finds
   *    the `.next` key already a signer and goes on from 3;
   * 3. the keystore's key of the organization becomes the new one (one atomic rename), `.next` is removed: the new
   *    key signs, the old ones still may; a retry adds a newer key and removes every other;
   * 4. the new key removes every other signer: done.
   * Another write for the organization waits for none of this: it is refused (409) while the replacement runs.
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
    const { keystore, transactions } = this.ctx;
    if (!keystore.has(orgId)) {
      throw conflict(
        `This node does not hold a key of ${orgId}; replace it with addSigner and removeSigner signed client-side, ` +
          `or on ${orgId}'s own node.`,
      );
    }
    return transactions.exclusive([organizationDocument(organization)], async () => {
      // 1. A key an earlier attempt left under .next is used again; otherwise a new one, kept before the chain knows it.
      const nextName = nextKeyName(orgId);
      if (!keystore.has(nextName)) await keystore.create(nextName, Chain.randomKey());
      const next = await keystore.wallet(nextName);
      // 2. Signed with the current key, which the keystore still holds under the organization's name.
      if (!this.byOrgId(orgId).signers.includes(next.address)) {
        // Funded by the operator on its node; on an organization's own node, by the organization's current key.
        const funder = await keystore.wallet(keystore.has(OPERATOR) ? OPERATOR : orgId);
        await this.ctx.chain.fund(funder, next.address, this.ctx.signerFundingWei);
        await transactions.submit(caller, "PartyRegistry", "addSigner", [organization.org, next.address]);
      }
      // 3. From here the new key signs for the organization.
      await keystore.create(orgId, next.privateKey);
      keystore.remove(nextName);
      // 4. It removes every other key, the ones an interrupted earlier attempt added included.
      for (const signer of this.byOrgId(orgId).signers.filter((s) => s !== next.address)) {
        await transactions.submit(caller, "PartyRegistry", "removeSigner", [organization.org, signer]);
      }
      return this.byOrgId(orgId);
    });
  }

  /**
   * Adds a signer to the caller's own organization, or removes one (its own key management, e.g. a second clerk's
   * key, or one it retires). The organization itself only, signed with one of its current keys (on this node, or
   * client-side); with a key threshold above 1 each call is one signer's approval, and the change takes effect on the
   * last one (the contract counts them). A new signer is funded by this node's operator key, if it holds it.
   */
  async changeSigner(
    caller: Caller,
    orgId: string,
    change: "addSigner" | "removeSigner",
    signer: string,
  ): Promise<Organization & { transactionHash: string }> {
    const organization = this.byOrgId(orgId);
    if (caller.kind !== "organization" || caller.orgId !== orgId) {
      throw forbidden("Only the organization itself may add or remove its signers, with one of its current keys.");
    }
    const { keystore } = this.ctx;
    const funder = change === "addSigner" && keystore.has(OPERATOR) ? await keystore.wallet(OPERATOR) : undefined;
    const { transactionHash } = await this.ctx.transactions.submit(
      caller,
      "PartyRegistry",
      change,
      [organization.org, signer],
      {
        documents: [organizationDocument(organization)],
        beforeSend: funder && (() => this.ctx.chain.fund(funder, signer, this.ctx.signerFundingWei)),
      },
    );
    return { ...this.byOrgId(orgId), transactionHash };
  }

  /**
   * Starts the recovery of an organization that lost its keys. Operator only. The new key is the one the organization
   * made itself (`newSigner`: this node stores none), or, if this node serves it, a new one kept in this node's
   * keystore until the recovery completes (stored before the chain names it, removed again if the start does not take
   * effect); the organization is notified at once and any of its signers may cancel.
   */
  async startRecovery(caller: Caller, orgId: string, newSigner?: string): Promise<Organization> {
    this.requireOperator(caller);
    const organization = this.byOrgId(orgId);
    if (organization.recovery) {
      throw conflict(
        `A recovery of ${organization.name} is already pending until ${organization.recovery.effectiveAt}.`,
      );
    }
    if (!newSigner && !this.ctx.nodeOrganizations.signsFor(orgId)) {
      throw unprocessable(
        `This node does not serve ${orgId}, so it makes no key for it: give the newSigner address of a key the ` +
          "organization made on its own node or machine.",
        [{ pointer: "/newSigner", message: "is required for an organization this node does not serve" }],
      );
    }
    const newKey = newSigner ? undefined : Chain.randomKey();
    const signer = newSigner?.toLowerCase() ?? Chain.wallet(newKey!).address;
    await this.ctx.transactions.submit(caller, "PartyRegistry", "startRecovery", [organization.org, signer], {
      documents: [organizationDocument(organization)],
      beforeSend: async () => void (newKey && (await this.ctx.keystore.create(recoveryKeyName(orgId), newKey))),
      undo: () => void (newKey && this.ctx.keystore.remove(recoveryKeyName(orgId))),
    });
    return this.byOrgId(orgId);
  }

  /**
   * Cancels a pending recovery: the organization itself (signed with its current key), or the operator. The
   * recovery's key is removed afterwards; if that fails, the cancellation stands and the key left behind signs for
   * nothing (the next recovery replaces it).
   */
  async cancelRecovery(caller: Caller, orgId: string): Promise<Organization> {
    const organization = this.byOrgId(orgId);
    if (caller.kind === "organization" && caller.orgId !== orgId) {
      throw forbidden("Only the organization itself, or the operator, may cancel its recovery.");
    }
    if (!organization.recovery) throw notFound(`No recovery of ${organization.name} is pending.`);
    // Signed by the caller: the operator's key, or the organization's current one (the caller is the organization).
    await this.ctx.transactions.submit(caller, "PartyRegistry", "cancelRecovery", [organization.org], {
      documents: [organizationDocument(organization)],
    });
    try {
      this.ctx.keystore.remove(recoveryKeyName(orgId));
    } catch (error) {
      console.error(`[gateway] the cancelled recovery key of ${orgId} could not be removed:`, error);
    }
    return this.byOrgId(orgId);
  }

  /**
   * Completes a recovery whose delay has passed: the new key becomes the organization's only key. Operator only.
   * All or nothing: the recovered key is funded and becomes the organization's key in the keystore before the
   * completion is sent, and the previous key is put back if it does not take effect.
   */
  async completeRecovery(caller: Caller, orgId: string): Promise<Organization> {
    this.requireOperator(caller);
    const organization = this.byOrgId(orgId);
    if (!organization.recovery) throw notFound(`No recovery of ${organization.name} is pending.`);
    const { keystore } = this.ctx;
    // The organization's own new key (newSigner): nothing to store here; the chain makes it the only signer, so a key
    // this node held for the organization signs for nothing any more and goes.
    if (!keystore.has(recoveryKeyName(orgId))) {
      const operator = await keystore.wallet(OPERATOR);
      await this.ctx.transactions.submit(caller, "PartyRegistry", "completeRecovery", [organization.org], {
        documents: [organizationDocument(organization)],
        beforeSend: () => this.ctx.chain.fund(operator, organization.recovery!.newSigner, this.ctx.signerFundingWei),
      });
      if (keystore.has(orgId)) keystore.remove(orgId);
      return this.byOrgId(orgId);
    }
    const recovered = await keystore.wallet(recoveryKeyName(orgId));
    const previous = keystore.has(orgId) ? (await keystore.wallet(orgId)).privateKey : undefined;
    const operator = await keystore.wallet(OPERATOR);
    await this.ctx.transactions.submit(caller, "PartyRegistry", "completeRecovery", [organization.org], {
      documents: [organizationDocument(organization)],
      beforeSend: async () => {
        await keystore.create(orgId, recovered.privateKey);
        await this.ctx.chain.fund(operator, recovered.address, this.ctx.signerFundingWei); // last: it broadcasts
      },
      undo: async () => {
        if (previous) await keystore.create(orgId, previous);
        else keystore.remove(orgId);
      },
    });
    // The recovery key is now the organization's key too: a copy left behind if this fails holds nothing more.
    try {
      keystore.remove(recoveryKeyName(orgId));
    } catch (error) {
      console.error(`[gateway] the completed recovery key of ${orgId} could not be removed:`, error);
    }
    return this.byOrgId(orgId);
  }

  /** The register's own check, whatever the route guarded: only the operator changes it. */
  requireOperator(caller: Caller): void {
    requireOperator(caller);
  }
}
