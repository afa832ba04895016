/** The contracts' custom errors as problems a clerk can act on. */
import { ContractRevert } from "./adapters/chain/chain.ts";
import { BL_STATES, BL_TYPES, ORGANIZATION_STATUSES } from "./domain.ts";
import { Problem } from "./problem.ts";
import { refusalsOf } from "./release/projection.ts";

type Args = Record<string, unknown>;
/** An organization as a refusal names it; orgId and name are null for a number no organization is registered with. */
export type NamedParty = { orgId: string | null; name: string | null } | null;
/**
 * How a refusal's arguments are put in words: organizations by name and orgId, never by their registry number, and
 * B/Ls by number (when the index knows them).
 */
export interface Namer {
  (org: unknown): string;
  /** The organization as `contractError.args` names it: `{ orgId, name }`, or null for none (0). */
  party: (org: unknown) => NamedParty;
  billOfLading?: (tokenId: unknown) => string | undefined;
}

/** Where a Namer looks organizations and B/Ls up. */
export interface NamerIndex {
  organization(org: number): { orgId: string; name: string } | undefined;
  billOfLading(tokenId: string): { blNumber: string } | undefined;
}

/** The words a refusal uses for an organization number the index does not know: never the bare number. */
export const UNREGISTERED = "an unregistered organization";

/** A Namer reading the index: "Name (orgId)" in sentences, `{ orgId, name }` in arguments. */
export function namerOf(index: NamerIndex): Namer {
  return Object.assign(
    (org: unknown): string => {
      const organization = index.organization(Number(org));
      return organization ? `${organization.name} (${organization.orgId})` : UNREGISTERED;
    },
    {
      party: (org: unknown): NamedParty => {
        if (!Number(org)) return null;
        const organization = index.organization(Number(org));
        return organization ? { orgId: organization.orgId, name: organization.name } : { orgId: null, name: null };
      },
      billOfLading: (tokenId: unknown) => index.billOfLading(String(tokenId))?.blNumber,
    },
  );
}
type Explain = (a: Args, names: Namer) => [status: number, sentence: string];

/** A contract enum's value in a clerk's words, by its name in api/domain.ts. */
const inWords =
  <N extends string>(names: readonly N[], words: Record<N, string>) =>
  (value: unknown): string =>
    words[names[value as number]];
const STATES = inWords(BL_STATES, {
  none: "unknown",
  active: "active",
  surrenderPending: "awaiting the carrier's decision on a surrender",
  accomplished: "accomplished",
  voided: "voided",
});
const ORG_STATUSES = inWords(ORGANIZATION_STATUSES, {
  none: "unregistered",
  active: "active",
  suspended: "suspended",
  revoked: "revoked",
});
const TYPES = inWords(BL_TYPES, { straight: "straight B/L", toOrder: "to-order B/L", seaWaybill: "sea waybill" });

const isoTime = (seconds: unknown) => new Date(Number(seconds) * 1000).toISOString();

const EXPLAIN: Record<string, Explain> = {
  PartyRegistryUnknownOrganization: () => [404, "That organization is not registered."],
  PartyRegistryUnknownOrgId: () => [404, "No organization is registered with that id."],
  PartyRegistryUnknownSigner: () => [403, "This key does not sign for any registered organization."],
  PartyRegistryOrganizationNotActive: (a, n) => [
    403,
    a.status === 3
      ? `${n(a.org)} is revoked: it can receive nothing and may only give the B/Ls it holds back out (transfer, endorse and deliver, or reject a transfer it just received).`
      : `${n(a.org)} is ${ORG_STATUSES(a.status)}: it can neither act nor receive until the operator reinstates it.`,
  ],
  PartyRegistryOrgIdTaken: (a, n) => [409, `An organization with this id is already registered: ${n(a.org)}.`],
  PartyRegistrySignerTaken: () => [409, "This key already signs for an organization."],
  PartyRegistryNotSigner: () => [404, "This key does not sign for that organization."],
  PartyRegistryInvalidRoles: () => [422, "Give at least one role, from the known roles."],
  PartyRegistryInvalidOrganization: () => [422, "The organization needs an id, a name and valid signer keys."],
  PartyRegistryInvalidStatusChange: (a) => [
    409,
    `The organization is ${ORG_STATUSES(a.from)}, so it cannot become ${ORG_STATUSES(a.to)}.`,
  ],
  PartyRegistryNotAgent: (a, n) => [422, `${n(a.org)} does not have the agent role, so it cannot be appointed.`],
  PartyRegistryAgentOfAnother: (a, n) => [
    409,
    `${n(a.agent)} is the agent of ${n(a.principal)}: that appointment must end first (by ${n(a.principal)} or by the agent).`,
  ],
  PartyRegistryNotOrganizationSigner: (a, n) => [
    403,
    `Only ${n(a.org)}'s own signers may change its keys; the operator may only start a recovery.`,
  ],
  PartyRegistryKeyChangeAlreadyApproved: () => [409, "This key has already approved this key change."],
  PartyRegistryInvalidThreshold: (a, n) => [
    409,
    `${n(a.org)} would need ${Number(a.threshold)} approving signers but would have ${Number(a.signerCount)}: an organization keeps ` +
      "at least one key and at least as many keys as its threshold.",
  ],
  PartyRegistryNoRecovery: (a, n) => [404, `No recovery of ${n(a.org)} is pending.`],
  PartyRegistryRecoveryPending: (a, n) => [
    409,
    `A recovery of ${n(a.org)} is already pending; it may take effect at ${isoTime(a.effectiveAt)}.`,
  ],
  PartyRegistryRecoveryNotDue: (a, n) => [
    409,
    `The recovery of ${n(a.org)} may take effect only from ${isoTime(a.effectiveAt)}: its signers may still cancel it.`,
  ],
  AccessControlUnauthorizedAccount: () => [403, "Only the port community's operator may do this."],
  BillOfLadingNotCarrier: (a, n) => [
    403,
    `${n(a.org)} does not hold the carrier role (any more), so it can neither issue bills of lading nor decide on their surrender or amendment.`,
  ],
  BillOfLadingNotIssuingCarrier: (a, n) => [
    403,
    `Only the issuing carrier, ${n(a.carrier)}, may decide on this B/L's surrender; you are ${n(a.org)}.`,
  ],
  BillOfLadingNumberTaken: () => [409, "This carrier has already issued a B/L with this number."],
  BillOfLadingInvalidDocument: () => [422, "The B/L number and the document checksum must not be empty."],
  BillOfLadingInvalidConsignee: (a) =>
    a.blType === 1
      ? [422, "A to-order B/L has no named consignee: leave the consignee out."]
      : [422, `A ${TYPES(a.blType)} needs a named consignee.`],
  BillOfLadingUnknown: () => [404, "There is no B/L with this number."],
  BillOfLadingNotParty: (a, n) => [
    403,
    `Only the B/L's carrier, holder, endorsee or consignee may attach files to it; you are ${n(a.org)}.`,
  ],
  BillOfLadingInvalidAttachment: () => [422, "An attachment needs its SHA-256 digest and its IPFS CID."],
  BillOfLadingWrongState: (a) => [409, `The B/L is ${STATES(a.state)}, so this action is not possible now.`],
  BillOfLadingNotHolder: (a, n) => [403, `Only the holder, ${n(a.holder)}, may do this; you are ${n(a.org)}.`],
  BillOfLadingNotEndorsee: (a, n) => [
    403,
    a.endorsee
      ? `Only the endorsee, ${n(a.endorsee)}, may endorse or surrender this B/L; you hold it but it is not endorsed to you.`
      : "This B/L is not endorsed to you.",
  ],
  BillOfLadingNotConsignee: (a, n) => [
    403,
    `Only the named consignee, ${n(a.consignee)}, may surrender this straight B/L.`,
  ],
  BillOfLadingNotTransferable: () => [
    409,
    "A sea waybill is not a document of title: it cannot be transferred or surrendered.",
  ],
  BillOfLadingNotNegotiable: (a) => [409, `A ${TYPES(a.blType)} cannot be endorsed; only a to-order B/L can.`],
  BillOfLadingNotNamedConsignee: (a, n) => [
    409,
    `A straight B/L can pass only to its named consignee, ${n(a.consignee)}.`,
  ],
  BillOfLadingInvalidRecipient: (a, n) => [
    422,
    `${n(a.to)} cannot receive this B/L: it must be another active organization with the trader, bank or agent role.`,
  ],
  BillOfLadingAlreadyBlankEndorsed: () => [409, "The B/L is already endorsed in blank."],
  BillOfLadingNothingToReject: () => [
    409,
    "There is no transfer to reject: you did not just receive this B/L, or you have acted on it since.",
  ],
  BillOfLadingWrongSurrenderKind: (a) => [
    409,
    a.kind === 2
      ? "This is a surrender for amendment: accept it by amending the B/L with the new document."
      : "The pending surrender is of another kind than this action needs.",
  ],
  BillOfLadingUnchangedDocument: () => [422, "The amended document is identical to the current one."],
  BillOfLadingDocumentInUse: (a, n) => {
    const bl = n.billOfLading?.(a.tokenId);
    return [
      409,
      `This transport document already backs ${bl ? `B/L ${bl}` : "another B/L"}: one document backs one B/L, so it cannot be issued or amended to again.`,
    ];
  },
  BillOfLadingInvalidNumber: () => [
    422,
    "The B/L number must be 1 to 20 printable ASCII characters, without leading or trailing spaces.",
  ],
  BillOfLadingTooManyAmendments: (a) => [
    409,
    `The B/L has reached version ${a.version}, the most it can have: it cannot be amended again; reject the surrender instead.`,
  ],
  ImportReleaseNotCarrier: (a, n) => [
    403,
    `Only the B/L's issuing carrier, ${n(a.carrier)}, or an agent appointed for it may do this; you are ${n(a.org)}.`,
  ],
  ImportReleaseCarrierNotEntitled: (a, n) => [
    403,
    `${n(a.carrier)}, the B/L's carrier, is ${
      (a.status as number) === 1 ? "no longer a carrier" : ORG_STATUSES(a.status)
    }: neither it nor its agents may issue or revoke its delivery orders until the operator restores it.`,
  ],
  ImportReleaseNotAgent: (a, n) => [
    403,
    `${n(a.org)} no longer holds the agent role, so it cannot act for the carrier; ask the operator to restore it.`,
  ],
  ImportReleaseBillNotCurrent: (a) => [
    409,
    `The B/L is ${STATES(a.state)}: containers can be discharged only under a B/L that is not voided.`,
  ],
  ImportReleaseNotTerminalOfRecord: (a, n) => [
    403,
    `Only the terminal that discharged container ${a.container}, ${n(a.terminal)}, may correct its discharge.`,
  ],
  ImportReleaseNotDischarged: (a) => [
    409,
    `Container ${a.container} has no discharge record to correct: record its discharge instead.`,
  ],
  ImportReleaseDischargeUnchanged: (a) => [
    422,
    `Container ${a.container} is already recorded as discharged under that B/L: name the right B/L, or none to erase the discharge.`,
  ],
  ImportReleaseNotConsignee: (a, n) => [
    403,
    `Only the consignee, ${n(a.consignee)}, or the delivery order's release party may nominate the haulier.`,
  ],
  ImportReleaseNotCustoms: (a, n) => [403, `${n(a.org)} is not a customs authority.`],
  ImportReleaseNotTerminal: (a, n) => [403, `${n(a.org)} is not a terminal.`],
  ImportReleaseBillNotReleasable: (a) => [
    409,
    a.blType === 2
      ? "The sea waybill is no longer active."
      : "The B/L has not been surrendered for delivery and accepted yet: no delivery order can be issued against it.",
  ],
  ImportReleaseInvalidReleaseParty: (a, n) => [
    422,
    `A sea waybill's containers are released to its consignee, ${n(a.consignee)}.`,
  ],
  ImportReleaseInvalidTerminal: (a, n) => [422, `${n(a.terminal)} is not a terminal.`],
  ImportReleaseInvalidHaulier: (a, n) => [422, `${n(a.haulier)} is not a haulier.`],
  ImportReleaseInvalidWindow: () => [422, "The validity window must start before it ends, and not be over already."],
  ImportReleaseNoContainers: () => [422, "List at least one container."],
  ImportReleaseInvalidContainerNumber: (a) => [422, `${a.container} is not a valid ISO 6346 container number.`],
  ImportReleaseDuplicateContainer: (a) => [422, `Container ${a.container} is listed twice.`],
  ImportReleaseContainerOnLiveDeliveryOrder: (a) => [
    409,
    `Container ${a.container} is already on delivery order ${Number(a.deliveryOrderId)}; revoke that one first.`,
  ],
  ImportReleaseContainerOnAnotherBill: (a) => [
    409,
    `Container ${a.container} was discharged under another B/L and is still in the terminal; if that discharge record is wrong, the terminal that made it can correct it.`,
  ],
  ImportReleaseUnknownDeliveryOrder: (a) => [404, `There is no delivery order ${Number(a.deliveryOrderId)}.`],
  ImportReleaseDeliveryOrderRevoked: (a) => [409, `Delivery order ${Number(a.deliveryOrderId)} was revoked.`],
  ImportReleaseContainerNotOnDeliveryOrder: (a) => [
    422,
    `Container ${a.container} is not on delivery order ${Number(a.deliveryOrderId)}.`,
  ],
  ImportReleaseAlreadyGatedOut: (a) => [409, `Container ${a.container} is already out.`],
  ImportReleaseAlreadyDischarged: (a) => [409, `Container ${a.container} was already discharged.`],
  ImportReleaseAlreadyCustomsReleased: (a) => [409, `Customs already released container ${a.container}.`],
  ImportReleaseCustomsHold: (a) => [409, `Customs holds container ${a.container}: lift the hold first.`],
  ImportReleaseNoCustomsHold: (a) => [409, `Customs holds no container ${a.container}.`],
  ImportReleaseInvalidTruckPlate: () => [422, "Give the truck's plate."],
  ImportReleaseNotReleasable: (a) => [
    409,
    `Container ${a.container} may not leave: ${refusalsOf(Number(a.reasons))
      .map((r) => r.reason)
      .join(" ")}`,
  ],
  EquipmentInterchangeNotEquipmentOwner: (a, n) => [
    403,
    `${n(a.org)} is neither an equipment owner (carrier) nor an agent.`,
  ],
  EquipmentInterchangePrincipalNotCarrier: (a, n) => [
    403,
    `${n(a.agent)} is appointed for ${n(a.principal)}, which is not an active carrier (it is ${ORG_STATUSES(a.status)}${
      Number(a.roles) & 1 ? "" : " and holds no carrier role"
    }): only a carrier's agent may act for the equipment owner.`,
  ],
  EquipmentInterchangeNotDeliveryOrderCarrier: (a, n) => [
    403,
    `Delivery order ${Number(a.deliveryOrderId)} is ${n(a.carrier)}'s: only that carrier or its agent may issue an import pick-up on it; you are ${n(a.org)}.`,
  ],
  EquipmentInterchangeDeliveryOrderRevoked: (a) => [
    409,
    `Delivery order ${Number(a.deliveryOrderId)} was revoked: ask the carrier for a new delivery order before issuing the pick-up.`,
  ],
  EquipmentInterchangeDeliveryOrderExpired: (a) => [
    409,
    `Delivery order ${Number(a.deliveryOrderId)} expired at ${new Date(Number(a.validUntil) * 1000).toISOString()}: ask the carrier for a new delivery order before issuing the pick-up.`,
  ],
  EquipmentInterchangeHaulierNotActive: (a, n) => [
    403,
    `${n(a.haulier)} is ${ORG_STATUSES(a.status)}: it may bring a container back but not take one out. Send another haulier on a new e-EIR.`,
  ],
  EquipmentInterchangeReleasedForAnotherCarrier: (a, n) => [
    409,
    `The container was released under delivery order ${Number(a.deliveryOrderId)} of ${n(a.carrier)}, and this pick-up was issued by ${n(a.issuer)}: it cannot collect that release.`,
  ],
  EquipmentInterchangeReleaseAlreadyPickedUp: (a) => [
    409,
    `Another pick-up has already taken container ${a.container} out on this release (delivery order ${Number(a.deliveryOrderId)}): one release lets one pick-up out.`,
  ],
  EquipmentInterchangeNotFacility: (a, n) => [403, `${n(a.org)} is neither a terminal nor a depot.`],
  EquipmentInterchangeNotIssuer: (a, n) => [403, `Only the e-EIR's issuer, ${n(a.issuer)}, may do this.`],
  EquipmentInterchangeNotHaulier: (a, n) => [403, `Only the named haulier, ${n(a.haulier)}, may do this.`],
  EquipmentInterchangeInvalidFacility: (a, n) => [422, `${n(a.facility)} is neither a terminal nor a depot.`],
  EquipmentInterchangeInvalidHaulier: (a, n) => [422, `${n(a.haulier)} is not a haulier.`],
  EquipmentInterchangeInvalidContainerNumber: (a) => [422, `${a.container} is not a valid ISO 6346 container number.`],
  EquipmentInterchangeInvalidSizeType: (a) => [422, `${a.sizeType} is not an ISO 6346 size/type code.`],
  EquipmentInterchangeTooManySeals: (a) => [422, `At most ${Number(a.max)} seals.`],
  EquipmentInterchangeEmptySeal: () => [422, "A seal number is empty."],
  EquipmentInterchangeSealsRequired: () => [422, "A laden container needs its seals."],
  EquipmentInterchangeMissingBooking: () => [422, "An export move names its booking reference."],
  EquipmentInterchangeContainerNotOnDeliveryOrder: (a) => [
    422,
    `Container ${a.container} is not on delivery order ${Number(a.deliveryOrderId)}.`,
  ],
  EquipmentInterchangeInvalidWindow: () => [422, "The validity window must start before it ends."],
  EquipmentInterchangeAlreadyIssued: () => [409, "An identical e-EIR was issued in the same second."],
  EquipmentInterchangeUnknown: () => [404, "There is no such e-EIR."],
  EquipmentInterchangeIsCancelled: () => [409, "The e-EIR was cancelled."],
  EquipmentInterchangeAlreadyGatedOut: () => [409, "The container has already gone out on this e-EIR."],
  EquipmentInterchangeNotGatedOut: () => [
    409,
    "The container has not gone out on this e-EIR yet: no gate-in before gate-out.",
  ],
  EquipmentInterchangeAlreadyReturned: () => [409, "The container has already come back on this e-EIR."],
  EquipmentInterchangeWrongFacility: (a, n) => [
    403,
    `This gate is ${n(a.facility)}; the e-EIR names ${n(a.expected)}.`,
  ],
  EquipmentInterchangeWrongHaulier: (a, n) => [
    403,
    `The haulier at the gate is ${n(a.haulier)}; the e-EIR names ${n(a.expected)}.`,
  ],
  EquipmentInterchangeNotYetValid: () => [409, "The e-EIR is not valid yet."],
  EquipmentInterchangeExpired: () => [409, "The e-EIR has expired: the equipment owner must issue a new one."],
  EquipmentInterchangeInvalidTruckPlate: () => [422, "Give the truck's plate."],
  EquipmentInterchangeWrongTruck: () => [403, "This is not the truck assigned to the e-EIR."],
  EquipmentInterchangeInvalidCondition: () => [422, "Damaged needs at least one damage report, sound none."],
  EquipmentInterchangeInvalidDamage: (a) => [422, `Damage report ${Number(a.index)} has an empty code.`],
  EquipmentInterchangeTooManyEntries: (a) => [422, `At most ${Number(a.max)} damage reports or photos per gate.`],
  EquipmentInterchangeEmptyPhotoDigest: () => [422, "A photo digest is empty."],
  EquipmentInterchangeNotReleased: (a) => [
    409,
    Number(a.gatedOutAt)
      ? `The release chain let container ${a.container} out with another haulier or from another terminal.`
      : `Container ${a.container} has not been released at the gate yet: record the release gate-out first.`,
  ],
  TransactionFailed: (a) => {
    // The resource of the contract whose state changed under the transaction (the chain adapter names it).
    const changed =
      {
        PartyRegistry: "the organization",
        BillOfLading: "the B/L",
        ImportRelease: "the delivery order or container release",
        EquipmentInterchange: "the e-EIR",
      }[String(a.contract)] ?? "the state it depended on";
    return [
      409,
      `Another transaction changed ${changed} between this one's check and its mining, so this one ` +
        `(${a.transactionHash}) failed on chain; read ${changed} again and retry.`,
    ];
  },
};

/** Whether a contract error has a sentence a clerk can act on (the rest get a generic 409). */
export function isExplained(errorName: string): boolean {
  return errorName in EXPLAIN;
}

/**
 * The refusal's arguments as a response shows them: every `uint32` (in these contracts always an organization's
 * registry number, which stays inside the gateway) becomes `{ orgId, name }`; the rest as decoded.
 */
export function argsInWords(error: ContractRevert, names: Namer): Args {
  return Object.fromEntries(
    Object.entries(error.errorArgs).map(([key, value]) => [
      key,
      error.errorTypes[key] === "uint32" ? names.party(value) : value,
    ]),
  );
}

/** A contract refusal as a problem; anything else is rethrown untouched. */
export function toProblem(error: unknown, names: Namer): never {
  if (error instanceof ContractRevert) {
    const explain = EXPLAIN[error.errorName];
    const [status, sentence] = explain ? explain(error.errorArgs, names) : [409, "The contract refused the action."];
    // A sentence may open with an organization the index does not know.
    const detail = sentence.startsWith(UNREGISTERED) ? "A" + sentence.slice(1) : sentence;
    throw new Problem(status, "Refused by the contract", detail, {
      type: `https://paperless-port.dev/problems/${error.errorName}`,
      extra: { contractError: { name: error.errorName, args: argsInWords(error, names) } },
    });
  }
  throw error;
}
