/**
 * The gateway's index of the chain: the resources' projections, built only from the contracts' events and fed by one
 * follower, with the reads the services make. Every read is answered from memory, never by scanning logs.
 */
import type { ChainEvent } from "../adapters/chain/events.ts";
import { AttachmentProjection, type Attachment } from "../attachments/projection.ts";
import { BillOfLadingProjection, type BillOfLading } from "../billsOfLading/projection.ts";
import { EquipmentProjection } from "../equipment/projection.ts";
import { OrganizationProjection, type Organization } from "../organizations/projection.ts";
import { ReleaseProjection } from "../release/projection.ts";
import { Follower, type AfterProjections, type EventSource } from "./follower.ts";

export class ChainIndex {
  readonly organizations: OrganizationProjection;
  readonly billsOfLading: BillOfLadingProjection;
  readonly attachments: AttachmentProjection;
  readonly releases: ReleaseProjection;
  readonly equipment: EquipmentProjection;
  private readonly follower: Follower;

  constructor(source: EventSource, titleAddress: (org: number) => string) {
    this.organizations = new OrganizationProjection(titleAddress);
    this.billsOfLading = new BillOfLadingProjection(this.organizations);
    this.attachments = new AttachmentProjection();
    this.releases = new ReleaseProjection(this.billsOfLading, this.organizations);
    this.equipment = new EquipmentProjection();
    // The declared order: a projection reads only those before it (B/Ls read organizations, release reads both).
    this.follower = new Follower(source, [
      this.organizations,
      this.billsOfLading,
      this.attachments,
      this.releases,
      this.equipment,
    ]);
  }

  // ------------------------------------------------------------------ following the chain

  /** The last block the projections have applied. */
  get indexedBlock(): number {
    return this.follower.indexedBlock;
  }

  catchUp(): Promise<void> {
    return this.follower.catchUp();
  }

  include(submitted: { blockNumber: number; events: ChainEvent[]; aloneInBlock: boolean }): Promise<void> {
    return this.follower.include(submitted);
  }

  reach(block: number): Promise<void> {
    return this.follower.reach(block);
  }

  follow(intervalMs?: number): void {
    this.follower.follow(intervalMs);
  }

  stop(): void {
    this.follower.stop();
  }

  /** Runs `listener` (the notifications) after every projection applied each event, whenever it subscribed. */
  afterProjections(listener: AfterProjections): () => void {
    return this.follower.afterProjections(listener);
  }

  // ------------------------------------------------------------------ reads

  organization(org: number): Organization | undefined {
    return this.organizations.organization(org);
  }

  /** An organization as a response names it (see `OrganizationProjection.party`). */
  party(org: unknown): { orgId: string; name: string } | null {
    return this.organizations.party(org);
  }

  organizationByOrgId(orgId: string): Organization | undefined {
    return this.organizations.organizationByOrgId(orgId);
  }

  allOrganizations(): Organization[] {
    return this.organizations.allOrganizations();
  }

  /** The organization `address` is a registered signer of, if any. */
  organizationBySigner(address: string): Organization | undefined {
    const lower = address.toLowerCase();
    return this.allOrganizations().find((o) => o.signers.some((s) => s.toLowerCase() === lower));
  }

  billOfLading(tokenId: string): BillOfLading | undefined {
    return this.billsOfLading.billOfLading(tokenId);
  }

  billsOfLadingByNumber(blNumber: string): BillOfLading[] {
    return this.billsOfLading.billsOfLadingByNumber(blNumber);
  }

  allBillsOfLading(): IterableIterator<BillOfLading> {
    return this.billsOfLading.allBillsOfLading();
  }

  byDocumentChecksum(checksum: string): { billOfLading: BillOfLading; version: number } | undefined {
    return this.billsOfLading.byDocumentChecksum(checksum);
  }

  attachmentsOf(tokenId: string): Attachment[] {
    return this.attachments.attachmentsOf(tokenId);
  }
}
