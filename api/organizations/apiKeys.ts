/**
 * An organization's API keys: it rotates its own (the operator's registration issued its first one), and it or the
 * operator revokes one. The operator never mints a key for an organization, so it cannot act as one through this
 * gateway. A revocation takes effect at the next request: keys are looked up on every request.
 */
import type { ApiKeyView } from "../auth/apiKeys.ts";
import { OPERATOR, type Caller, type GatewayContext } from "../context.ts";
import { conflict, forbidden, notFound } from "../problem.ts";

export class ApiKeyService {
  private readonly ctx: Pick<GatewayContext, "apiKeys" | "index" | "nodeOrganizations">;

  constructor(ctx: Pick<GatewayContext, "apiKeys" | "index" | "nodeOrganizations">) {
    this.ctx = ctx;
  }

  /** A new key for the caller's own organization; unless `keepExisting`, its other keys stop working at once. */
  rotate(
    caller: Caller,
    orgId: string,
    keepExisting: boolean,
  ): ApiKeyView & { apiKey: string; revokedKeyIds: string[] } {
    const name = this.nameOf(orgId);
    if (orgId !== OPERATOR && !this.ctx.nodeOrganizations.serves(orgId)) {
      throw forbidden(`This node does not serve ${name}: its API keys come from its own node.`);
    }
    if (caller.orgId !== orgId) {
      throw forbidden(
        caller.kind === "operator"
          ? `Only ${name} may issue itself a new API key; the operator may not (it issued the first with the registration).`
          : `Only ${name} may issue itself a new API key.`,
      );
    }
    const revokedKeyIds = keepExisting ? [] : this.ctx.apiKeys.keysOf(orgId).map((k) => k.keyId);
    const created = this.ctx.apiKeys.create(orgId, revokedKeyIds);
    return { ...created, revokedKeyIds };
  }

  /** An organization's keys (ids and creation times): the organization itself or the operator. */
  list(caller: Caller, orgId: string): ApiKeyView[] {
    this.requireOwnerOrOperator(caller, orgId, "see");
    return this.ctx.apiKeys.keysOf(orgId);
  }

  /** Revokes one key: the organization itself or the operator. The last key stays: rotate, or suspend, instead. */
  revoke(caller: Caller, orgId: string, keyId: string): void {
    this.requireOwnerOrOperator(caller, orgId, "revoke");
    const keys = this.ctx.apiKeys.keysOf(orgId);
    if (!keys.some((k) => k.keyId === keyId)) {
      throw notFound(`${this.nameOf(orgId)} has no API key ${keyId}.`);
    }
    if (keys.length === 1) {
      throw conflict(
        `${keyId} is the last API key of ${this.nameOf(orgId)}: revoking it would leave it no way in. Issue a new key ` +
          `first (POST /v1/organizations/${orgId}/api-keys revokes the old one with it), or, to cut the organization ` +
          "off, suspend it.",
      );
    }
    this.ctx.apiKeys.revoke(orgId, [keyId]);
  }

  private requireOwnerOrOperator(caller: Caller, orgId: string, verb: string): void {
    const name = this.nameOf(orgId);
    if (caller.kind !== "operator" && caller.orgId !== orgId) {
      throw forbidden(
        orgId === OPERATOR
          ? `Only the operator may ${verb} its API keys.`
          : `Only ${name} itself, or the operator, may ${verb} its API keys.`,
      );
    }
  }

  /** The organization's name for messages; 404 when no such organization is registered. */
  private nameOf(orgId: string): string {
    if (orgId === OPERATOR) return "the operator";
    const organization = this.ctx.index.organizationByOrgId(orgId);
    if (!organization) throw notFound(`No organization is registered with id '${orgId}'.`);
    return `${organization.name} (${orgId})`;
  }
}
