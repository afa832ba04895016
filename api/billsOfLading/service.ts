/** The e-B/L story: issue, endorse and transfer, surrender, amend, read, verify. */
import type { Caller, GatewayContext } from "../context.ts";
import { textToBytes32 } from "../bytes.ts";
import { BL_NUMBER_PATTERN, BL_TYPES, PORT_TIME_ZONE, SURRENDER_KINDS, type BlType } from "../domain.ts";
import { renderDocumentPdf } from "./documentPdf.ts";
import type { BillOfLading } from "./projection.ts";
import type { OrganizationService } from "../organizations/service.ts";
import { Problem, badRequest, conflict, forbidden, notFound, notOnPeers, unprocessable } from "../problem.ts";
import { transportDocumentFacts, validateTransportDocument } from "./transportDocument.ts";
import { canonicalize, documentChecksum } from "./canonicalForm.ts";
import {
  documentCidFromSha256,
  FetchTimeoutError,
  MAX_DOCUMENT_BYTES,
  type Staged,
} from "../adapters/ipfs/documentStore.ts";
import { eventNamed, eventsNamed, type Document, type SubmitOptions } from "../transactions.ts";

export interface IssueInput {
  transportDocument: unknown;
  /** The first holder's orgId (normally the shipper). */
  issueTo: string;
  /** The named consignee's orgId: required for a straight B/L or sea waybill, absent for a to-order B/L. */
  consignee?: string;
}

export type Action =
  | "transfer"
  | "endorse"
  | "blank-endorse"
  | "endorse-and-deliver"
  | "reject-transfer"
  | "surrender"
  | "accept-surrender"
  | "reject-surrender"
  | "amend";

interface PreparedIssue {
  request: { blNumber: string; documentChecksum: string; blType: number; holder: number; consignee: number };
  canonical: Uint8Array;
  blNumber: string;
}

/** A B/L as the document a write locks. */
export function billOfLadingDocument(bl: { tokenId: string; blNumber: string }): Document {
  return { key: `billOfLading:${bl.tokenId}`, name: `B/L ${bl.blNumber}` };
}

/** What issuing locks: the carrier's B/L numbers and the transport documents (each backs one B/L only). */
function issuedDocuments(caller: Caller, prepared: PreparedIssue[]): Document[] {
  return prepared.flatMap((p) => [
    { key: `billOfLadingNumber:${caller.orgId}:${p.blNumber}`, name: `B/L ${p.blNumber}` },
    { key: `transportDocument:${p.request.documentChecksum}`, name: `the transport document of B/L ${p.blNumber}` },
  ]);
}

export class BillOfLadingService {
  private readonly ctx: GatewayContext;
  private readonly organizations: OrganizationService;

  constructor(ctx: GatewayContext, organizations: OrganizationService) {
    this.ctx = ctx;
    this.organizations = organizations;
  }

  /** Issues one B/L from a DCSA transport document. Carrier only. */
  async issue(caller: Caller, input: IssueInput): Promise<{ billOfLading: BillOfLading; transactionHash: string }> {
    this.requireCarrier(caller);
    const prepared = this.prepare(input, "");
    const { request } = prepared;
    const receipt = await this.ctx.transactions.submit(
      caller,
      "BillOfLading",
      "issue",
      [request.blNumber, request.documentChecksum, request.blType, request.holder, request.consignee],
      { ...this.stored([prepared]), documents: issuedDocuments(caller, [prepared]) },
    );
    return {
      billOfLading: this.byTokenId(eventNamed(receipt, "BillOfLading", "Issued").args.tokenId as string),
      transactionHash: receipt.transactionHash,
    };
  }

  /** Issues a vessel's B/Ls in one transaction: all or none. Carrier only. */
  async issueBatch(
    caller: Caller,
    inputs: IssueInput[],
  ): Promise<{ billsOfLading: BillOfLading[]; transactionHash: string }> {
    this.requireCarrier(caller);
    const prepared = inputs.map((input, i) => this.prepare(input, `/billsOfLading/${i}`));
    const numbers = new Set<string>();
    prepared.forEach(({ request }, i) => {
      if (numbers.has(request.blNumber)) {
        throw unprocessable("The batch names the same B/L number twice.", [
          {
            pointer: `/billsOfLading/${i}/transportDocument/transportDocumentReference`,
            message: "This B/L number is already in the batch.",
          },
        ]);
      }
      numbers.add(request.blNumber);
    });
    const receipt = await this.ctx.transactions.submit(
      caller,
      "BillOfLading",
      "issueBatch",
      [prepared.map((p) => p.request)],
      { ...this.stored(prepared), documents: issuedDocuments(caller, prepared) },
    );
    // One Issued per B/L, in the batch's order.
    return {
      billsOfLading: eventsNamed(receipt, "BillOfLading", "Issued").map((e) =>
        this.byTokenId(e.args.tokenId as string),
      ),
      transactionHash: receipt.transactionHash,
    };
  }

  /** Acts on a B/L as the caller's organization; the contract decides. */
  async act(
    caller: Caller,
    bl: BillOfLading,
    action: Action,
    body: { to?: string; kind?: string; transportDocument?: unknown },
  ) {
    if (caller.kind !== "organization") throw forbidden("The operator does not act on bills of lading.");
    const to = () => {
      if (!body.to) throw badRequest(`'${action}' needs 'to': the orgId of the recipient.`);
      return this.organizations.byOrgId(body.to).org;
    };
    let method: string;
    let args: unknown[];
    let stored: Pick<SubmitOptions, "beforeSend" | "undo"> = {};
    switch (action) {
      case "transfer":
        [method, args] = ["transferPossession", [bl.tokenId, to()]];
        break;
      case "endorse":
        [method, args] = ["endorse", [bl.tokenId, to()]];
        break;
      case "endorse-and-deliver":
        [method, args] = ["endorseAndDeliver", [bl.tokenId, to()]];
        break;
      case "blank-endorse":
        [method, args] = ["blankEndorse", [bl.tokenId]];
        break;
      case "reject-transfer":
        [method, args] = ["rejectTransfer", [bl.tokenId]];
        break;
      case "surrender": {
        const kind = SURRENDER_KINDS.indexOf((body.kind ?? "") as never);
        if (kind < 1) throw badRequest("'surrender' needs 'kind': delivery, amendment or paper.");
        [method, args] = ["surrender", [bl.tokenId, kind]];
        break;
      }
      case "accept-surrender":
        [method, args] = ["acceptSurrender", [bl.tokenId]];
        break;
      case "reject-surrender":
        [method, args] = ["rejectSurrender", [bl.tokenId]];
        break;
      case "amend": {
        const { facts, canonical, checksum } = conforming(body.transportDocument, "", "The amended transport document");
        if (facts.blNumber !== bl.blNumber) {
          throw unprocessable("An amendment keeps the B/L number.", [
            { pointer: "/transportDocument/transportDocumentReference", message: `Must stay '${bl.blNumber}'.` },
          ]);
        }
        if (checksum !== bl.documentChecksum) this.requireUnusedDocument(checksum, "/transportDocument");
        [method, args] = ["amend", [bl.tokenId, checksum]];
        stored = this.stored([{ canonical }]);
        break;
      }
    }
    const submitted = await this.ctx.transactions.submit(caller, "BillOfLading", method, args, {
      ...stored,
      documents: [billOfLadingDocument(bl)],
    });
    return { billOfLading: this.byTokenId(bl.tokenId), transactionHash: submitted.transactionHash };
  }

  /** The B/L with this number; `carrier` (an orgId) picks one when carriers share a number. */
  find(blNumber: string, carrier?: string): BillOfLading {
    let found = this.ctx.index.billsOfLadingByNumber(blNumber);
    if (carrier) {
      const org = this.organizations.byOrgId(carrier).org;
      found = found.filter((bl) => bl.carrier === org);
    }
    if (found.length === 0) throw notFound(`There is no B/L with number '${blNumber}'.`);
    if (found.length > 1) {
      throw conflict(`Several carriers issued a B/L numbered '${blNumber}': add ?carrier=<orgId>.`, {
        carriers: found.map((bl) => this.ctx.index.organization(bl.carrier)?.orgId),
      });
    }
    return found[0];
  }

  /** The caller's B/Ls: held, issued, or awaiting its action. */
  list(caller: Caller, filter: "held" | "issued" | "awaiting" | "all", limit: number, cursor: number) {
    if (caller.kind !== "organization") throw forbidden("The operator holds no bills of lading.");
    const org = caller.org;
    const matches: BillOfLading[] = [];
    let position = 0;
    let next: number | null = null;
    for (const bl of this.ctx.index.allBillsOfLading()) {
      const held = bl.holder === org && (bl.state === "active" || bl.state === "surrenderPending");
      const issued = bl.carrier === org;
      const awaiting = controller(bl) === org;
      const keep =
        filter === "held"
          ? held
          : filter === "issued"
            ? issued
            : filter === "awaiting"
              ? awaiting
              : held || issued || awaiting;
      if (!keep) continue;
      if (position++ < cursor) continue;
      if (matches.length === limit) {
        next = cursor + limit;
        break;
      }
      matches.push(bl);
    }
    return { items: matches, nextCursor: next };
  }

  /**
   * What an organization may do next with a B/L, by the contract's rules (the contract still decides). A revoked
   * holder may only give title back out (decision 0007); a carrier decides on a surrender only while it still holds
   * the carrier role, and accepts it only from an active holder.
   */
  allowedActions(bl: BillOfLading, org: number | undefined): Action[] {
    const status = org === undefined ? undefined : this.ctx.index.organization(org)?.status;
    if (org === undefined || (status !== "active" && status !== "revoked")) return [];
    const actions: Action[] = [];
    if (status === "revoked") {
      if (bl.state !== "active") return [];
      // Its title must leave with it: a named endorsee no longer in possession endorses the B/L to its holder, and
      // one in possession endorses and delivers rather than passing possession alone.
      const namedEndorsee = bl.blType === "toOrder" && !bl.blankEndorsed && bl.endorsee === org;
      if (bl.holder !== org) return namedEndorsee ? ["endorse"] : [];
      const endorser = bl.blType === "toOrder" && (bl.blankEndorsed || bl.endorsee === org);
      const passes = bl.blType === "toOrder" || (bl.blType === "straight" && bl.consignee !== org);
      if (passes && !namedEndorsee) actions.push("transfer");
      if (endorser) actions.push("endorse-and-deliver");
      if (bl.returnable) actions.push("reject-transfer");
      return actions;
    }
    if (bl.state === "active" && bl.holder === org) {
      const endorser = bl.blType === "toOrder" && (bl.blankEndorsed || bl.endorsee === org);
      // A straight B/L passes only to its consignee: once the consignee holds it, it cannot be transferred.
      if (bl.blType === "toOrder" || (bl.blType === "straight" && bl.consignee !== org)) actions.push("transfer");
      if (endorser) actions.push("endorse", "endorse-and-deliver");
      if (endorser && !bl.blankEndorsed) actions.push("blank-endorse");
      if (bl.returnable) actions.push("reject-transfer");
      const rightful = bl.blType === "straight" ? bl.consignee === org : endorser;
      if (rightful) actions.push("surrender");
    }
    const stillCarrier = this.ctx.index.organization(org)?.roles.includes("carrier");
    if (bl.state === "surrenderPending" && bl.carrier === org && stillCarrier) {
      const holderActive = this.ctx.index.organization(bl.holder)?.status === "active";
      if (holderActive) actions.push(bl.surrenderKind === "amendment" ? "amend" : "accept-surrender");
      actions.push("reject-surrender");
    }
    return actions;
  }

  /**
   * Whether a document (or its checksum) is an authentic version of a B/L, and where that B/L stands. A document
   * backs at most one B/L, ever (the contract refuses a second), so the answer names the one B/L; for an earlier
   * version it says which version superseded it.
   */
  verify(checksum: string) {
    const hit = this.ctx.index.byDocumentChecksum(checksum);
    if (!hit) return { authentic: false as const, documentChecksum: checksum.toLowerCase() };
    const { billOfLading: bl, version } = hit;
    const next = bl.versions.find((v) => v.version === version + 1);
    return {
      authentic: true as const,
      current: version === bl.version,
      version,
      currentVersion: bl.version,
      supersededBy: next
        ? { version: next.version, documentChecksum: next.documentChecksum, issuedAt: next.issuedAt }
        : null,
      documentChecksum: checksum.toLowerCase(),
      blNumber: bl.blNumber,
      tokenId: bl.tokenId,
      state: bl.state,
      live: bl.state === "active" || bl.state === "surrenderPending",
      carrier: this.ctx.index.party(bl.carrier),
      controlledBy: this.ctx.index.party(controller(bl)),
    };
  }

  checksumOf(transportDocument: unknown): string {
    return conforming(transportDocument, "").checksum;
  }

  /**
   * The B/L's current transport document, from IPFS (checked against its checksum by the store): from this node's,
   * or, if it does not hold it, from the community's other nodes (504 if none sends it in time).
   */
  /**
   * The B/L's human-readable face as a PDF: its current transport document laid out as a bill of lading, with its
   * checksum, a QR code of `verifyUrl` and the endorsement chain.
   */
  async documentPdf(bl: BillOfLading, verifyUrl: string): Promise<Buffer> {
    const chain = this.endorsementChain(bl);
    const party = (org: unknown) => (org ? this.ctx.index.party(org) : null);
    return renderDocumentPdf({
      blNumber: bl.blNumber,
      blType: bl.blType,
      state: bl.state,
      version: bl.version,
      documentChecksum: bl.documentChecksum,
      carrier: party(bl.carrier),
      holder: party(bl.holder),
      issuedAt: chain[0].actionDateTime,
      transportDocument: await this.document(bl),
      endorsementChain: chain,
      verifyUrl,
      timeZone: PORT_TIME_ZONE,
      cjkFont: this.ctx.pdfFont,
    });
  }

  async document(bl: BillOfLading): Promise<Record<string, unknown>> {
    const bytes = await this.ctx.documents
      .getDocument(documentCidFromSha256(bl.documentChecksum).toString())
      .catch((error) => {
        throw error instanceof FetchTimeoutError ? notOnPeers("document", error) : error;
      });
    return JSON.parse(Buffer.from(bytes).toString("utf8"));
  }

  /** The representation of a B/L the API returns. */
  view(bl: BillOfLading, caller?: Caller) {
    return {
      blNumber: bl.blNumber,
      tokenId: bl.tokenId,
      blType: bl.blType,
      state: bl.state,
      carrier: this.ctx.index.party(bl.carrier),
      holder: this.ctx.index.party(bl.holder),
      endorsee: bl.endorsee ? this.ctx.index.party(bl.endorsee) : null,
      blankEndorsed: bl.blankEndorsed,
      consignee: bl.consignee ? this.ctx.index.party(bl.consignee) : null,
      controlledBy: this.ctx.index.party(controller(bl)),
      surrenderKind: bl.surrenderKind,
      version: bl.version,
      documentChecksum: bl.documentChecksum,
      documentCid: documentCidFromSha256(bl.documentChecksum).toString(),
      issuedAt: bl.issuedAt,
      updatedAt: bl.updatedAt,
      allowedActions: this.allowedActions(bl, caller?.kind === "organization" ? caller.org : undefined),
    };
  }

  /** The endorsement chain in DCSA's words, oldest first. */
  endorsementChain(bl: BillOfLading) {
    return bl.endorsementChain.map((entry) => ({
      actionCode: entry.actionCode,
      actionDateTime: entry.actionDateTime,
      actor: this.ctx.index.party(entry.actor),
      recipient: entry.recipient ? this.ctx.index.party(entry.recipient) : null,
      transactionHash: entry.transactionHash,
      blockNumber: entry.blockNumber,
    }));
  }

  byTokenId(tokenId: string): BillOfLading {
    const bl = this.ctx.index.billOfLading(tokenId);
    if (!bl) throw notFound("There is no such B/L.");
    return bl;
  }

  private requireCarrier(caller: Caller): void {
    if (caller.kind !== "organization") throw forbidden("Only a carrier issues bills of lading.");
    const organization = this.ctx.index.organization(caller.org)!;
    if (!organization.roles.includes("carrier")) {
      throw forbidden(`${organization.name} is not a carrier, so it cannot issue bills of lading.`);
    }
  }

  /** Validates and canonicalises one issue request and resolves its parties; changes nothing. */
  private prepare(input: IssueInput, at: string): PreparedIssue {
    const { facts, canonical, checksum } = conforming(input.transportDocument, at);
    if (!BL_NUMBER_PATTERN.test(facts.blNumber)) {
      throw unprocessable(
        "The B/L number must be 1 to 20 printable ASCII characters, without leading or trailing spaces.",
        [
          {
            pointer: `${at}/transportDocument/transportDocumentReference`,
            message: "Only printable ASCII (letters, digits, punctuation, inner spaces), at most 20 characters.",
          },
        ],
      );
    }
    this.requireUnusedDocument(checksum, `${at}/transportDocument`);
    const holder = this.organizations.byOrgId(input.issueTo).org;
    const consignee = input.consignee ? this.organizations.byOrgId(input.consignee).org : 0;
    const blType = BL_TYPES.indexOf(facts.blType as BlType);
    if (facts.blType === "toOrder" && consignee) {
      throw unprocessable("A to-order B/L has no named consignee: leave 'consignee' out.", [
        { pointer: `${at}/consignee`, message: "Not allowed for a to-order B/L." },
      ]);
    }
    if (facts.blType !== "toOrder" && !consignee) {
      throw unprocessable(
        `A ${facts.blType === "straight" ? "straight B/L" : "sea waybill"} needs a named consignee.`,
        [{ pointer: `${at}/consignee`, message: "Give the consignee's orgId." }],
      );
    }
    return {
      request: {
        blNumber: textToBytes32(facts.blNumber),
        documentChecksum: checksum,
        blType,
        holder,
        consignee,
      },
      canonical,
      blNumber: facts.blNumber,
    };
  }

  /** 409 if this document already backs a B/L (any version of any B/L): one document, one original. */
  private requireUnusedDocument(checksum: string, pointer: string): void {
    const hit = this.ctx.index.byDocumentChecksum(checksum);
    if (!hit) return;
    const { billOfLading: bl, version } = hit;
    const carrier = this.ctx.transactions.nameOf(bl.carrier);
    throw new Problem(
      409,
      "Conflict",
      `This transport document already backs B/L ${bl.blNumber} of ${carrier} (version ${version}): one document backs one B/L, so it cannot be issued or amended to again.`,
      {
        errors: [{ pointer, message: `Already the document of B/L ${bl.blNumber}, version ${version}.` }],
        extra: { billOfLading: { blNumber: bl.blNumber, tokenId: bl.tokenId, version } },
      },
    );
  }

  /**
   * Stores the documents once the simulation passed (`beforeSend`), and takes them back out of IPFS if the transaction
   * then does not take effect (`undo`): a document is on IPFS only if the chain has it.
   */
  private stored(documents: readonly { canonical: Uint8Array }[]): Pick<SubmitOptions, "beforeSend" | "undo"> {
    const staged: Staged[] = [];
    return {
      beforeSend: async () => {
        for (const d of documents) {
          const document = await this.ctx.documents.stageDocument(d.canonical);
          await document.store();
          staged.push(document);
        }
      },
      undo: async () => {
        for (const document of staged.splice(0)) await document.discard();
      },
    };
  }
}

/** The organization in control: the holder while active, the carrier while a surrender is pending, else nobody. */
export function controller(bl: BillOfLading): number | null {
  if (bl.state === "active") return bl.holder;
  if (bl.state === "surrenderPending") return bl.carrier;
  return null;
}

/**
 * A DCSA-valid transport document (the request's `transportDocument`, inside the body at `at`), its facts, canonical
 * form and checksum; 422 with a pointer per problem otherwise.
 */
function conforming(transportDocument: unknown, at: string, what = "The transport document") {
  const validation = validateTransportDocument(transportDocument);
  if (!validation.ok) {
    throw unprocessable(
      `${what} does not conform to DCSA eBL 3.0.3.`,
      validation.errors.map((e) => ({ pointer: `${at}/transportDocument${e.pointer}`, message: e.message })),
    );
  }
  const canonical = canonicalize(validation.document);
  // A transport document is one IPFS block, and IPFS nodes exchange no block above 1 MiB.
  if (canonical.length > MAX_DOCUMENT_BYTES) {
    throw new Problem(
      413,
      "Content too large",
      `${what} is ${canonical.length} bytes in canonical form; at most ${MAX_DOCUMENT_BYTES} (1 MiB) go in one document.`,
    );
  }
  return { facts: transportDocumentFacts(validation.document), canonical, checksum: documentChecksum(canonical) };
}
