/**
 * The B/L rules as an executable specification: given who acts, on which record, with which action, what must
 * happen: the record afterwards, or the exact custom error (and its arguments) that refuses it.
 * The order of the checks is the order in which the contract reports them when several rules are broken at once.
 */
import type { BillOfLading, PartyRegistry } from "../../../types/ethers-contracts/index.js";
import { BlState, BlType, OrgStatus, Role, SurrenderKind, TITLE_HOLDER_ROLES } from "../../fixtures/community.ts";

export type OrgInfo = { roles: number; status: number };
/**
 * What the registry knows: every organization by number, and which organization each key signs for (0 if none); and
 * which B/L each document checksum (lower case) has ever backed, as far as the test knows.
 */
export type World = { orgs: Map<number, OrgInfo>; signerOrg: Map<string, number>; documents: Map<string, bigint> };

/** The largest version the uint16 counter holds: a B/L at this version cannot be amended again. */
export const MAX_VERSION = 65535;

export type BlRecord = {
  carrier: number;
  holder: number;
  endorsee: number;
  consignee: number;
  previousHolder: number;
  previousEndorsee: number;
  blType: number;
  state: number;
  surrenderKind: number;
  blankEndorsed: boolean;
  previousBlankEndorsed: boolean;
  returnable: boolean;
  version: number;
};

export type Action =
  | { op: "transferPossession" | "endorse" | "endorseAndDeliver"; to: number }
  | { op: "blankEndorse" | "rejectTransfer" | "acceptSurrender" | "rejectSurrender" }
  | { op: "surrender"; kind: number }
  | { op: "amend"; checksum: string };

export type Refusal = { contract: "partyRegistry" | "billOfLading"; error: string; args: unknown[] };
export type Outcome = { ok: true; record: BlRecord; checksum: string } | { ok: false; refusal: Refusal };

class Refused extends Error {
  constructor(readonly refusal: Refusal) {
    super(refusal.error);
  }
}
const bl = (error: string, ...args: unknown[]): never => {
  throw new Refused({ contract: "billOfLading", error, args });
};
const registry = (error: string, ...args: unknown[]): never => {
  throw new Refused({ contract: "partyRegistry", error, args });
};

function activeSigner(world: World, signer: string): { org: number; roles: number } {
  const org = world.signerOrg.get(signer) ?? 0;
  if (org === 0) registry("PartyRegistryUnknownSigner", signer);
  const info = world.orgs.get(org)!;
  if (info.status !== OrgStatus.Active) registry("PartyRegistryOrganizationNotActive", org, info.status);
  return { org, roles: info.roles };
}

/** The caller of an exit act (transfer out, reject a transfer): active, or revoked and giving title back out. */
function activeOrRevokedSigner(world: World, signer: string): { org: number; roles: number } {
  const org = world.signerOrg.get(signer) ?? 0;
  if (org === 0) registry("PartyRegistryUnknownSigner", signer);
  const info = world.orgs.get(org)!;
  if (info.status !== OrgStatus.Active && info.status !== OrgStatus.Revoked) {
    registry("PartyRegistryOrganizationNotActive", org, info.status);
  }
  return { org, roles: info.roles };
}

function activeRoles(world: World, org: number): number {
  const info = world.orgs.get(org);
  if (info === undefined) return registry("PartyRegistryUnknownOrganization", org);
  if (info.status !== OrgStatus.Active) registry("PartyRegistryOrganizationNotActive", org, info.status);
  return info.roles;
}

function requireState(tokenId: bigint, record: BlRecord | undefined, expected: number): BlRecord {
  if (record === undefined) return bl("BillOfLadingUnknown", tokenId);
  if (record.state !== expected) bl("BillOfLadingWrongState", tokenId, record.state);
  return record;
}

function heldBy(tokenId: bigint, record: BlRecord | undefined, org: number): BlRecord {
  const r = requireState(tokenId, record, BlState.Active);
  if (r.holder !== org) bl("BillOfLadingNotHolder", tokenId, org, r.holder);
  return r;
}

function requireEndorser(tokenId: bigint, r: BlRecord, org: number) {
  if (r.blType !== BlType.ToOrder) bl("BillOfLadingNotNegotiable", tokenId, r.blType);
  if (!r.blankEndorsed && r.endorsee !== org) bl("BillOfLadingNotEndorsee", tokenId, org, r.endorsee);
}

function holderSending(
  world: World,
  signer: string,
  tokenId: bigint,
  record: BlRecord | undefined,
  to: number,
  exit: boolean,
) {
  const { org } = exit ? activeOrRevokedSigner(world, signer) : activeSigner(world, signer);
  const toRoles = activeRoles(world, to);
  const r = heldBy(tokenId, record, org);
  if (r.blType === BlType.SeaWaybill) bl("BillOfLadingNotTransferable", tokenId);
  if (to === org || (toRoles & TITLE_HOLDER_ROLES) === 0) bl("BillOfLadingInvalidRecipient", to, toRoles);
  if (r.blType === BlType.Straight && to !== r.consignee) bl("BillOfLadingNotNamedConsignee", tokenId, to, r.consignee);
  return { org, r };
}

/** Whether `org` is the named endorsee of this to-order B/L (its title stays with it if only possession moves). */
function titleStaysWith(r: BlRecord, org: number): boolean {
  return r.blType === BlType.ToOrder && !r.blankEndorsed && r.endorsee === org;
}

function delivered(r: BlRecord, to: number): BlRecord {
  return {
    ...r,
    previousHolder: r.holder,
    previousEndorsee: r.endorsee,
    previousBlankEndorsed: r.blankEndorsed,
    returnable: true,
    holder: to,
  };
}

/** The pending surrender, for its issuing carrier while it still holds the carrier role. */
function pendingSurrender(world: World, signer: string, tokenId: bigint, record: BlRecord | undefined): BlRecord {
  const { org, roles } = activeSigner(world, signer);
  const r = requireState(tokenId, record, BlState.SurrenderPending);
  if (r.carrier !== org) bl("BillOfLadingNotIssuingCarrier", tokenId, org, r.carrier);
  if ((roles & Role.CARRIER) === 0) bl("BillOfLadingNotCarrier", org);
  return r;
}

function apply(
  world: World,
  signer: string,
  tokenId: bigint,
  record: BlRecord | undefined,
  checksum: string,
  action: Action,
): { record: BlRecord; checksum: string } {
  switch (action.op) {
    case "transferPossession": {
      const { org, r } = holderSending(world, signer, tokenId, record, action.to, true);
      // A revoked named endorsee must take its title with it (endorse and deliver), or it would be stranded.
      if (world.orgs.get(org)!.status === OrgStatus.Revoked && titleStaysWith(r, org)) {
        registry("PartyRegistryOrganizationNotActive", org, OrgStatus.Revoked);
      }
      return { record: delivered(r, action.to), checksum };
    }
    case "endorse": {
      // A revoked endorsee out of possession endorses its B/L to whoever holds it (its title's only way out).
      if (
        record !== undefined &&
        record.state === BlState.Active &&
        record.holder === action.to &&
        titleStaysWith(record, record.endorsee) &&
        record.endorsee !== action.to
      ) {
        const caller = world.signerOrg.get(signer) ?? 0;
        if (caller === 0) registry("PartyRegistryUnknownSigner", signer);
        if (caller === record.endorsee && world.orgs.get(caller)!.status === OrgStatus.Revoked) {
          const toRoles = activeRoles(world, action.to);
          if ((toRoles & TITLE_HOLDER_ROLES) === 0) bl("BillOfLadingInvalidRecipient", action.to, toRoles);
          return { record: { ...record, endorsee: action.to, blankEndorsed: false, returnable: false }, checksum };
        }
      }
      const { org, r } = holderSending(world, signer, tokenId, record, action.to, false);
      requireEndorser(tokenId, r, org);
      return { record: { ...r, endorsee: action.to, blankEndorsed: false, returnable: false }, checksum };
    }
    case "blankEndorse": {
      const { org } = activeSigner(world, signer);
      const r = heldBy(tokenId, record, org);
      requireEndorser(tokenId, r, org);
      if (r.blankEndorsed) bl("BillOfLadingAlreadyBlankEndorsed", tokenId);
      return { record: { ...r, endorsee: 0, blankEndorsed: true, returnable: false }, checksum };
    }
    case "endorseAndDeliver": {
      const { org, r } = holderSending(world, signer, tokenId, record, action.to, true);
      requireEndorser(tokenId, r, org);
      return { record: { ...delivered(r, action.to), endorsee: action.to, blankEndorsed: false }, checksum };
    }
    case "rejectTransfer": {
      const { org } = activeOrRevokedSigner(world, signer);
      const r = heldBy(tokenId, record, org);
      if (!r.returnable) bl("BillOfLadingNothingToReject", tokenId);
      activeRoles(world, r.previousHolder);
      const restored = {
        holder: r.previousHolder,
        endorsee: r.previousEndorsee,
        blankEndorsed: r.previousBlankEndorsed,
        returnable: false,
      };
      return { record: { ...r, ...restored }, checksum };
    }
    case "surrender": {
      const r = requireState(tokenId, record, BlState.Active);
      const { org } = activeSigner(world, signer);
      activeRoles(world, r.carrier);
      if (r.holder !== org) bl("BillOfLadingNotHolder", tokenId, org, r.holder);
      if (r.blType === BlType.SeaWaybill) bl("BillOfLadingNotTransferable", tokenId);
      if (r.blType === BlType.Straight) {
        if (r.consignee !== org) bl("BillOfLadingNotConsignee", tokenId, org, r.consignee);
      } else {
        requireEndorser(tokenId, r, org);
      }
      if (action.kind === SurrenderKind.None) bl("BillOfLadingWrongSurrenderKind", tokenId, action.kind);
      const next = { ...r, state: BlState.SurrenderPending, surrenderKind: action.kind, returnable: false };
      return { record: next, checksum };
    }
    case "acceptSurrender": {
      const r = pendingSurrender(world, signer, tokenId, record);
      if (r.surrenderKind === SurrenderKind.Amendment) bl("BillOfLadingWrongSurrenderKind", tokenId, r.surrenderKind);
      activeRoles(world, r.holder); // a suspended or revoked holder's surrender is not accepted
      const state = r.surrenderKind === SurrenderKind.Delivery ? BlState.Accomplished : BlState.Voided;
      return { record: { ...r, state }, checksum };
    }
    case "rejectSurrender": {
      const r = pendingSurrender(world, signer, tokenId, record); // back to the holder, whatever its status
      return { record: { ...r, state: BlState.Active, surrenderKind: SurrenderKind.None }, checksum };
    }
    case "amend": {
      const r = pendingSurrender(world, signer, tokenId, record);
      if (r.surrenderKind !== SurrenderKind.Amendment) bl("BillOfLadingWrongSurrenderKind", tokenId, r.surrenderKind);
      const zero = "0x" + "00".repeat(32);
      if (action.checksum === zero) bl("BillOfLadingInvalidDocument", zero, zero);
      if (action.checksum === checksum) bl("BillOfLadingUnchangedDocument", tokenId, action.checksum);
      const inUseBy = world.documents.get(action.checksum.toLowerCase());
      if (inUseBy !== undefined) bl("BillOfLadingDocumentInUse", action.checksum, inUseBy);
      if (r.version === MAX_VERSION) bl("BillOfLadingTooManyAmendments", tokenId, r.version);
      activeRoles(world, r.holder);
      const next = { ...r, state: BlState.Active, surrenderKind: SurrenderKind.None, version: r.version + 1 };
      return { record: next, checksum: action.checksum };
    }
  }
}

/** What the rules say must happen when `signer` attempts `action` on the B/L `tokenId` (record undefined: unknown). */
export function predict(
  world: World,
  signer: string,
  tokenId: bigint,
  record: BlRecord | undefined,
  checksum: string,
  action: Action,
): Outcome {
  try {
    return { ok: true, ...apply(world, signer, tokenId, record, checksum, action) };
  } catch (e) {
    if (e instanceof Refused) return { ok: false, refusal: e.refusal };
    throw e;
  }
}

/** The organization that must control the B/L: holder while active, carrier while surrendered, none when final. */
export function expectedController(r: BlRecord): number {
  if (r.state === BlState.Active) return r.holder;
  if (r.state === BlState.SurrenderPending) return r.carrier;
  return 0;
}

export function describeAction(action: Action): string {
  const { op, ...rest } = action;
  const args = Object.values(rest);
  return `${op}(${args.join(", ")})`;
}

/**
 * Reads the registry into a `World`, for the given keys, and, given the B/L registry, which B/L each of `checksums`
 * has backed.
 */
export async function readWorld(
  partyRegistry: PartyRegistry,
  keys: string[],
  documents?: { billOfLading: BillOfLading; checksums: string[] },
): Promise<World> {
  const orgs = new Map<number, OrgInfo>();
  const count = Number(await partyRegistry.organizationCount());
  for (let org = 1; org <= count; ++org) {
    const info = await partyRegistry.organization(org);
    orgs.set(org, { roles: Number(info.roles), status: Number(info.status) });
  }
  const signerOrg = new Map<string, number>();
  for (const key of keys) signerOrg.set(key, Number(await partyRegistry.signerOrganization(key)));
  const used = documents ? await readDocuments(documents.billOfLading, documents.checksums) : new Map<string, bigint>();
  return { orgs, signerOrg, documents: used };
}

/** Which B/L each of these checksums has backed (the ones no B/L used are left out), as `World.documents`. */
export async function readDocuments(billOfLading: BillOfLading, checksums: string[]): Promise<Map<string, bigint>> {
  const used = new Map<string, bigint>();
  for (const checksum of checksums) {
    const tokenId = await billOfLading.tokenIdOfDocument(checksum);
    if (tokenId !== 0n) used.set(checksum.toLowerCase(), tokenId);
  }
  return used;
}

/** The contract's record of a B/L in the model's shape. */
export async function readRecord(billOfLading: BillOfLading, tokenId: bigint): Promise<BlRecord> {
  const r = await billOfLading.billOfLading(tokenId);
  return {
    carrier: Number(r.carrier),
    holder: Number(r.holder),
    endorsee: Number(r.endorsee),
    consignee: Number(r.consignee),
    previousHolder: Number(r.previousHolder),
    previousEndorsee: Number(r.previousEndorsee),
    blType: Number(r.blType),
    state: Number(r.state),
    surrenderKind: Number(r.surrenderKind),
    blankEndorsed: r.blankEndorsed,
    previousBlankEndorsed: r.previousBlankEndorsed,
    returnable: r.returnable,
    version: Number(r.version),
  };
}

/** Sends (or, with `staticCall`, simulates) an action as the given B/L contract connection. */
export function perform(billOfLading: BillOfLading, tokenId: bigint, action: Action, simulate = false) {
  const c = billOfLading;
  switch (action.op) {
    case "transferPossession":
      return simulate ? c.transferPossession.staticCall(tokenId, action.to) : c.transferPossession(tokenId, action.to);
    case "endorse":
      return simulate ? c.endorse.staticCall(tokenId, action.to) : c.endorse(tokenId, action.to);
    case "endorseAndDeliver":
      return simulate ? c.endorseAndDeliver.staticCall(tokenId, action.to) : c.endorseAndDeliver(tokenId, action.to);
    case "blankEndorse":
      return simulate ? c.blankEndorse.staticCall(tokenId) : c.blankEndorse(tokenId);
    case "rejectTransfer":
      return simulate ? c.rejectTransfer.staticCall(tokenId) : c.rejectTransfer(tokenId);
    case "surrender":
      return simulate ? c.surrender.staticCall(tokenId, action.kind) : c.surrender(tokenId, action.kind);
    case "acceptSurrender":
      return simulate ? c.acceptSurrender.staticCall(tokenId) : c.acceptSurrender(tokenId);
    case "rejectSurrender":
      return simulate ? c.rejectSurrender.staticCall(tokenId) : c.rejectSurrender(tokenId);
    case "amend":
      return simulate ? c.amend.staticCall(tokenId, action.checksum) : c.amend(tokenId, action.checksum);
  }
}
