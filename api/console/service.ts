/**
 * Signing in to the web console: an API key becomes a session (api/console/sessions.ts), under the same rules as the
 * key itself (not valid 401, a suspended or revoked organization 403), and signing out ends it.
 */
import type { ContractName } from "../adapters/chain/artifacts.ts";
import { callerOfOrgId, csrfRefused, requireStanding } from "../auth/middleware.ts";
import { OPERATOR, type Caller, type GatewayContext } from "../context.ts";
import type { OrganizationService } from "../organizations/service.ts";
import { unauthorized } from "../problem.ts";
import { SessionStore, type Session } from "./sessions.ts";

const CONTRACTS: ContractName[] = ["PartyRegistry", "BillOfLading", "ImportRelease", "EquipmentInterchange"];

export class SessionService {
  private readonly ctx: GatewayContext;
  private readonly organizations: OrganizationService;
  readonly sessions: SessionStore;

  constructor(ctx: GatewayContext, organizations: OrganizationService, sessions: SessionStore) {
    this.ctx = ctx;
    this.organizations = organizations;
    this.sessions = sessions;
  }

  /** Opens a session for this API key, or refuses it as a request with the key would be refused. */
  signIn(apiKey: string): { session: Session; caller: Caller } {
    const key = this.ctx.apiKeys.keyOf(apiKey);
    if (!key) throw unauthorized("This API key is not valid: check it against the one your node printed or issued.");
    const caller = callerOfOrgId(this.ctx, key.orgId);
    requireStanding(this.ctx, caller, false);
    return { session: this.sessions.open(key.keyId, key.orgId), caller };
  }

  /** Ends the session the cookie names; an unsafe request, so its CSRF token must come with it. */
  signOut(session: Session | undefined, csrfToken: string | undefined): void {
    if (!session) return;
    if (!SessionStore.csrfMatches(session, csrfToken)) throw csrfRefused();
    this.sessions.close(session.id);
  }

  /** The session as its page sees it: who, its CSRF token, its end, and who signs its writes. */
  async view(session: Session, caller: Caller) {
    // The same test as transactions.submit: the node signs for a caller exactly when its keystore holds the key.
    const name = caller.kind === "operator" ? OPERATOR : caller.orgId;
    const held = this.ctx.keystore.has(name);
    return {
      caller:
        caller.kind === "operator"
          ? { orgId: "operator" as const, name: "Port community operator", roles: ["operator"] as ["operator"] }
          : (({ org: _number, ...o }) => o)(this.organizations.byOrgId(caller.orgId)),
      csrfToken: session.csrfToken,
      expiresAt: new Date(session.expiresAt).toISOString(),
      signing: {
        by: held ? ("node" as const) : ("client" as const),
        signer: held ? (await this.ctx.keystore.wallet(name)).address : null,
        chainId: this.ctx.chain.chainId.toString(),
        contracts: CONTRACTS.map((c) => this.ctx.chain.address(c)),
      },
    };
  }
}
