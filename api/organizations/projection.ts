/** The register of organizations, projected from PartyRegistry's events. */
import { bytesToText } from "../bytes.ts";
import type { ChainEvent } from "../adapters/chain/events.ts";
import type { Projection } from "../chainIndex/follower.ts";
import {
  CREDIT_TIERS,
  ORGANIZATION_STATUSES,
  rolesFromBits,
  type CreditTier,
  type OrganizationStatus,
  type Role,
} from "../domain.ts";

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

export class OrganizationProjection implements Projection {
  private readonly organizations = new Map<number, Organization>();
  private readonly byOrgId = new Map<string, number>();
  private readonly byTitleAddress = new Map<string, number>();
  private readonly titleAddress: (org: number) => string;

  /** `titleAddress`: the keyless address that stands for an organization as an ERC-721 owner. */
  constructor(titleAddress: (org: number) => string) {
    this.titleAddress = titleAddress;
  }

  organization(org: number): Organization | undefined {
    return this.organizations.get(org);
  }

  /**
   * An organization as a response names it: `{ orgId, name }`, never its registry number. No organization (0 or
   * null) is null, and so is a number the index does not know (its registration is always indexed first).
   */
  party(org: unknown): { orgId: string; name: string } | null {
    const organization = org ? this.organizations.get(Number(org)) : undefined;
    return organization ? { orgId: organization.orgId, name: organization.name } : null;
  }

  organizationByOrgId(orgId: string): Organization | undefined {
    const org = this.byOrgId.get(orgId);
    return org === undefined ? undefined : this.organizations.get(org);
  }

  /** The organization's number whose title address this is (lower or mixed case). */
  orgOfTitleAddress(address: string): number | undefined {
    return this.byTitleAddress.get(address.toLowerCase());
  }

  allOrganizations(): Organization[] {
    return [...this.organizations.values()];
  }

  readonly handlers = {
    "PartyRegistry:OrganizationRegistered": ({ args: a }: ChainEvent) => {
      const org = a.org as number;
      const orgId = bytesToText(a.orgId as string);
      const titleAddress = this.titleAddress(org);
      this.organizations.set(org, {
        org,
        orgId,
        name: a.name as string,
        roles: rolesFromBits(a.roles as number),
        creditTier: CREDIT_TIERS[a.creditTier as number],
        status: "active",
        signers: [],
        keyThreshold: 1,
        recovery: null,
        titleAddress,
        agentFor: null,
      });
      this.byOrgId.set(orgId, org);
      this.byTitleAddress.set(titleAddress.toLowerCase(), org);
    },
    "PartyRegistry:AgentAppointed": ({ args: a }: ChainEvent) => {
      this.org(a.agent).agentFor = (a.principal as number) ? this.org(a.principal).orgId : null;
    },
    "PartyRegistry:RolesChanged": ({ args: a }: ChainEvent) => {
      this.org(a.org).roles = rolesFromBits(a.roles as number);
    },
    "PartyRegistry:CreditTierChanged": ({ args: a }: ChainEvent) => {
      this.org(a.org).creditTier = CREDIT_TIERS[a.creditTier as number];
    },
    "PartyRegistry:StatusChanged": ({ args: a }: ChainEvent) => {
      this.org(a.org).status = ORGANIZATION_STATUSES[a.status as number];
    },
    "PartyRegistry:SignerAdded": ({ args: a }: ChainEvent) => {
      this.org(a.org).signers.push(a.signer as string);
    },
    "PartyRegistry:SignerRemoved": ({ args: a }: ChainEvent) => {
      const organization = this.org(a.org);
      organization.signers = organization.signers.filter((s) => s.toLowerCase() !== (a.signer as string).toLowerCase());
    },
    "PartyRegistry:KeyThresholdChanged": ({ args: a }: ChainEvent) => {
      this.org(a.org).keyThreshold = a.threshold as number;
    },
    "PartyRegistry:RecoveryStarted": ({ args: a }: ChainEvent) => {
      this.org(a.org).recovery = {
        newSigner: a.newSigner as string,
        effectiveAt: new Date(Number(a.effectiveAt) * 1000).toISOString(),
      };
    },
    "PartyRegistry:RecoveryCancelled": ({ args: a }: ChainEvent) => {
      this.org(a.org).recovery = null;
    },
    "PartyRegistry:RecoveryCompleted": ({ args: a }: ChainEvent) => {
      this.org(a.org).recovery = null;
    },
  } satisfies Projection["handlers"];

  private org(org: unknown): Organization {
    return this.organizations.get(org as number)!;
  }
}
