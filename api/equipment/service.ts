/**
 * Electronic equipment interchange receipts: the equipment owner releases a container to a haulier; each gate
 * records custody, seals and condition; the empty return closes the cycle and new damage is attributed.
 */
import { createHash } from "node:crypto";
import { Chain } from "../adapters/chain/chain.ts";
import { UploadTooLargeError } from "../adapters/ipfs/documentStore.ts";
import type { Caller, GatewayContext } from "../context.ts";
import { textToBytes, textToBytes32 } from "../bytes.ts";
import type { OrganizationService } from "../organizations/service.ts";
import { conflict, forbidden, notFound, Problem } from "../problem.ts";
import { CONDITIONS, INTERCHANGE_PURPOSES as PURPOSES } from "../domain.ts";
import type { EquipmentProjection, EquipmentInterchange } from "./projection.ts";
import type { Photo } from "./gatePhotos.ts";
import { decodeInterchangeId } from "./interchangeId.ts";
import { INTERCHANGE_REFERENCE } from "./reference.ts";
import { eventNamed, type Document } from "../transactions.ts";
import { containerDocument, type ReleaseService } from "../release/service.ts";

const seconds = (iso: string) => Math.floor(Date.parse(iso) / 1000);
const isoOf = (s: number) => new Date(s * 1000).toISOString();

export class EquipmentService {
  private readonly ctx: GatewayContext;
  private readonly organizations: OrganizationService;
  private readonly release: ReleaseService;
  constructor(ctx: GatewayContext, organizations: OrganizationService, release: ReleaseService) {
    this.ctx = ctx;
    this.organizations = organizations;
    this.release = release;
  }

  /** Read when used, not when built: an app is built before any context is read (the OpenAPI document needs none). */
  private get eirs(): EquipmentProjection {
    return this.ctx.equipment;
  }

  async issue(
    caller: Caller,
    input: {
      container: string;
      sizeType: string;
      laden: boolean;
      seals: string[];
      purpose: (typeof PURPOSES)[number];
      deliveryOrderId?: number;
      bookingReference?: string;
      outFacility: string;
      returnFacility: string;
      haulier: string;
      truckPlate?: string;
      validFrom: string;
      validUntil: string;
    },
  ) {
    const org = (orgId: string) => this.organizations.byOrgId(orgId).org;
    const orderReference =
      input.purpose === "importPickUp"
        ? "0x" + BigInt(input.deliveryOrderId!).toString(16).padStart(64, "0")
        : input.bookingReference
          ? textToBytes32(input.bookingReference)
          : "0x" + "0".repeat(64);
    const request = {
      container: textToBytes(input.container, 11),
      sizeType: textToBytes(input.sizeType, 4),
      laden: input.laden,
      seals: input.seals.map((s) => textToBytes(s, 16)),
      purpose: PURPOSES.indexOf(input.purpose),
      orderReference,
      outFacility: org(input.outFacility),
      returnFacility: org(input.returnFacility),
      haulier: org(input.haulier),
      truckPlate: input.truckPlate ? textToBytes(input.truckPlate, 16) : "0x" + "0".repeat(32),
      validFrom: seconds(input.validFrom),
      validUntil: seconds(input.validUntil),
    };
    const submitted = await this.submit(caller, "issue", [request]);
    // The index includes the transaction by now: the new e-EIR is the one its Issued event names.
    return this.view(this.eirs.interchange(eventNamed(submitted, "EquipmentInterchange", "Issued").args.id as string)!);
  }

  async assignTruck(caller: Caller, id: string, input: { truckPlate: string; driver?: string }) {
    const eir = this.find(id);
    const driverRef = input.driver
      ? "0x" + createHash("sha256").update(input.driver).digest("hex")
      : "0x" + "0".repeat(64);
    await this.submit(
      caller,
      "assignTruck",
      [eir.id, textToBytes(input.truckPlate, 16), driverRef],
      [interchangeDocument(eir)],
    );
    return this.view(this.find(id));
  }

  async cancel(caller: Caller, id: string, reason: string) {
    const eir = this.find(id);
    await this.submit(caller, "cancel", [eir.id, reason], [interchangeDocument(eir)]);
    return this.view(this.find(id));
  }

  /** Records a gate-out or gate-in with its condition report; photos must have been uploaded first. */
  async gate(
    caller: Caller,
    id: string,
    direction: "out" | "in",
    input: {
      haulier: string;
      truckPlate: string;
      seals: string[];
      condition: "sound" | "damaged";
      damages: { location: string; component: string; damageType: string }[];
      photos: string[];
    },
  ) {
    const eir = this.find(id);
    for (const sha of input.photos) {
      if (!this.ctx.photos.has(sha)) throw notFound(`No photo with SHA-256 ${sha} was uploaded; upload it first.`);
    }
    await this.submit(
      caller,
      direction === "out" ? "recordGateOut" : "recordGateIn",
      [
        eir.id,
        this.organizations.byOrgId(input.haulier).org,
        textToBytes(input.truckPlate, 16),
        input.seals.map((s) => textToBytes(s, 16)),
        CONDITIONS.indexOf(input.condition),
        input.damages.map((d) => [
          textToBytes(d.location, 2),
          textToBytes(d.component, 2),
          textToBytes(d.damageType, 2),
        ]),
        input.photos,
      ],
      // One release lets one pick-up out: two e-EIRs' gate-outs of one container conflict too.
      [interchangeDocument(eir), containerDocument(eir.container)],
    );
    return this.view(this.find(id));
  }

  /** Streams a gate photo to IPFS; its SHA-256 goes on chain with the gate event that cites it. */
  async uploadPhoto(
    caller: Caller,
    id: string,
    input: { fileName: string; mediaType: string; declaredBytes?: number },
    body: AsyncIterable<Uint8Array>,
  ) {
    const eir = this.find(id);
    if (caller.kind !== "organization") throw forbidden("The operator takes no gate photos.");
    if (![eir.outFacility, eir.returnFacility, eir.issuer, eir.haulier].includes(caller.org)) {
      throw forbidden("Only the e-EIR's facilities, issuer or haulier may add photos to it.");
    }
    const max = this.ctx.maxUploadBytes;
    if (input.declaredBytes !== undefined && input.declaredBytes > max) throw tooLarge(max);
    // Two writes, neither on chain: if recording the photo fails, its bytes stay in IPFS unreferenced, and the same
    // upload again finds them (same CID) and records them.
    const stored = await this.ctx.documents.addAttachment(body, { maxBytes: max }).catch((error) => {
      throw error instanceof UploadTooLargeError ? tooLarge(max) : error;
    });
    return this.ctx.photos.add({
      sha256: stored.sha256,
      cid: stored.cid,
      size: stored.size,
      mediaType: input.mediaType,
      fileName: input.fileName,
    });
  }

  photo(id: string, sha256: string): Photo {
    const eir = this.find(id);
    const cited = [...(eir.gateOut?.photoSha256 ?? []), ...(eir.gateIn?.photoSha256 ?? [])];
    const photo = this.ctx.photos.get(sha256.toLowerCase());
    if (!photo || !cited.includes(photo.sha256)) throw notFound("This e-EIR's gate records cite no such photo.");
    return photo;
  }

  list(caller: Caller, filter: "mine" | "open" | "overdue" | "all", container?: string) {
    const now = Math.floor(Date.now() / 1000);
    const source = container ? this.eirs.ofContainer(container) : [...this.eirs.all()];
    const org = caller.kind === "organization" ? caller.org : undefined;
    return source
      .filter((e) => {
        if (filter === "mine")
          return org !== undefined && [e.issuer, e.haulier, e.outFacility, e.returnFacility].includes(org);
        if (filter === "open") return e.status === "issued" || e.status === "gatedOut";
        if (filter === "overdue") return overdue(e, now);
        return true;
      })
      .map((e) => this.view(e));
  }

  /** A container's full history: every interchange, and its release steps. */
  containerHistory(container: string) {
    const interchanges = this.eirs.ofContainer(container).map((e) => this.view(e));
    let release: ReturnType<ReleaseService["containerView"]> | null = null;
    try {
      release = this.release.containerView(container);
    } catch {
      release = null;
    }
    if (interchanges.length === 0 && !release)
      throw notFound(`Container ${container} has no interchanges and no release record.`);
    return { container, interchanges, release };
  }

  /**
   * For anyone holding the reference, as a gate clerk would check it: authentic, and where it stands. The id packs the
   * fixed terms (container, issuer, haulier, issue time, purpose, facilities, start of validity): an indexed e-EIR whose
   * id does not decode to its own terms is not authentic.
   */
  verify(idOrReference: string) {
    let eir: EquipmentInterchange | undefined;
    if (INTERCHANGE_REFERENCE.test(idOrReference)) {
      const found = this.eirs.withReference(idOrReference);
      if (found.length > 1) throw sharedReference(idOrReference.toUpperCase(), found);
      eir = found[0];
    } else eir = this.eirs.interchange(idOrReference);
    if (!eir || !matchesItsId(eir)) return { authentic: false as const, id: idOrReference };
    const v = this.view(eir);
    return {
      authentic: true as const,
      id: v.id,
      reference: v.reference,
      container: v.container,
      sizeType: v.sizeType,
      purpose: v.purpose,
      status: v.status,
      overdue: v.overdue,
      issuer: v.issuer,
      haulier: v.haulier,
      truckPlate: v.truckPlate,
      seals: v.seals,
      sealsDigest: v.sealsDigest,
      outFacility: v.outFacility,
      returnFacility: v.returnFacility,
      validFrom: v.validFrom,
      validUntil: v.validUntil,
      issuedOnChain: v.transactionHash,
      gateOut: publicGateRecord(v.gateOut),
      gateIn: publicGateRecord(v.gateIn),
    };
  }

  /** An e-EIR by its id (0x…) or its short reference (EIR-…, any case); 409 if two share that reference. */
  find(idOrReference: string): EquipmentInterchange {
    if (INTERCHANGE_REFERENCE.test(idOrReference)) {
      const reference = idOrReference.toUpperCase();
      const found = this.eirs.withReference(reference);
      if (found.length > 1) throw sharedReference(reference, found);
      if (!found.length) throw notFound(`There is no e-EIR ${reference}.`);
      return found[0];
    }
    const eir = /^0x[0-9a-fA-F]{64}$/.test(idOrReference) ? this.eirs.interchange(idOrReference) : undefined;
    if (!eir) throw notFound(`There is no e-EIR ${idOrReference}.`);
    return eir;
  }

  view(e: EquipmentInterchange) {
    const party = (org: number) => this.ctx.index.party(org);
    const now = Math.floor(Date.now() / 1000);
    const gate = (g: EquipmentInterchange["gateOut"]) =>
      g && {
        at: isoOf(g.at),
        facility: party(g.facility),
        haulier: party(g.haulier),
        truckPlate: g.truckPlate,
        sealCheck: g.sealCheck,
        sealsFound: g.sealsFound,
        haulierStatus: g.haulierStatus,
        condition: g.condition,
        damages: g.damages,
        photos: g.photoSha256.map((sha) => ({ sha256: sha, cid: this.ctx.photos.get(sha)?.cid ?? null })),
        transactionHash: g.transactionHash,
      };
    const detentionEnd = e.gateIn?.at ?? (e.status === "gatedOut" ? now : undefined);
    return {
      id: e.id,
      reference: e.reference,
      container: e.container,
      sizeType: e.sizeType,
      laden: e.laden,
      seals: e.seals,
      /** The 128-bit digest the gates compare the seals found with (order does not matter). */
      sealsDigest: sealsDigestOf(e.seals),
      purpose: e.purpose,
      deliveryOrderId: e.purpose === "importPickUp" ? Number(e.orderReference) : null,
      bookingReference: e.purpose === "importPickUp" ? null : e.orderReference || null,
      issuer: party(e.issuer),
      haulier: party(e.haulier),
      outFacility: party(e.outFacility),
      returnFacility: party(e.returnFacility),
      truckPlate: e.truckPlate,
      validFrom: isoOf(e.validFrom),
      validUntil: isoOf(e.validUntil),
      issuedAt: isoOf(e.issuedAt),
      status: e.status,
      overdue: overdue(e, now),
      cancellationReason: e.cancellationReason,
      gateOut: gate(e.gateOut),
      gateIn: gate(e.gateIn),
      /** Gate-out → gate-in (or now, while out): the detention clock. */
      detentionHours: e.gateOut && detentionEnd ? Math.round(((detentionEnd - e.gateOut.at) / 3600) * 100) / 100 : null,
      /** Damage found at return but not at pick-up: arose in the haulier's custody. */
      newDamageAttributedToHaulier: e.newDamage,
      transactionHash: e.transactionHash,
    };
  }

  /** Sends an EquipmentInterchange write, holding the documents it changes (a second change is refused, 409). */
  private async submit(caller: Caller, method: string, args: unknown[], documents: Document[] = []) {
    if (caller.kind !== "organization") throw forbidden("The operator takes no part in equipment interchange.");
    return this.ctx.transactions.submit(caller, "EquipmentInterchange", method, args, { documents });
  }
}

/** A gate record as the public check shows it: no plate, seals found or haulier standing beyond the e-EIR's own. */
function publicGateRecord(g: ReturnType<EquipmentService["view"]>["gateOut"]) {
  if (!g) return null;
  const { at, facility, sealCheck, condition, damages, photos, transactionHash } = g;
  return { at, facility, sealCheck, condition, damages, photos, transactionHash };
}

/** An e-EIR as the document a write locks. */
function interchangeDocument(eir: { id: string; container: string }): Document {
  return { key: `equipmentInterchange:${eir.id}`, name: `the e-EIR for container ${eir.container}` };
}

/** The seal digest of seals given as text, as the contract computes it. */
function sealsDigestOf(seals: string[]): string {
  return Chain.sealsDigestOf(seals.map((s) => textToBytes(s, 16)));
}

/** Whether the terms an e-EIR's id packs are the ones its events recorded. */
function matchesItsId(e: EquipmentInterchange): boolean {
  const terms = decodeInterchangeId(e.id);
  return (
    terms !== undefined &&
    terms.container === e.container &&
    terms.issuer === e.issuer &&
    terms.haulier === e.haulier &&
    terms.issuedAt === e.issuedAt &&
    terms.laden === e.laden &&
    terms.purpose === e.purpose &&
    terms.outFacility === e.outFacility &&
    terms.returnFacility === e.returnFacility &&
    terms.validFrom === e.validFrom
  );
}

/** Not closed by the end of its validity: still out with the haulier after `validUntil`. */
function overdue(e: EquipmentInterchange, now: number): boolean {
  return e.status === "gatedOut" && now > e.validUntil;
}

function tooLarge(max: number) {
  return new Problem(413, "Payload too large", `Photos are limited to ${max} bytes.`);
}

/** Two e-EIRs whose ids hash to one reference (not to be expected): the clerk is asked for the hex id. */
function sharedReference(reference: string, found: EquipmentInterchange[]): Problem {
  return conflict(
    `${found.length} e-EIRs share the reference ${reference}: give the e-EIR's id instead (${found.map((e) => e.id).join(" or ")}).`,
  );
}
