/**
 * What a documentation clerk types for a B/L, and the DCSA eBL 3.0.3 TransportDocument built from it. The console
 * only builds the document: the gateway validates it against DCSA's schema and its answer is the one that counts.
 */
import type { BlType } from "../../../../domain.ts";

export interface ContainerLine {
  number: string;
  sizeType: string;
  /** Seal numbers as typed, separated by spaces or commas. */
  seals: string;
  packages: string;
  weightKg: string;
}

/** A party in the document: who it is (the organization picked) and the name printed for it. */
export interface PartyLine {
  orgId?: string;
  name: string;
}

export interface IssueFields {
  blNumber: string;
  blType: BlType;
  bookingReference: string;
  shipper: PartyLine;
  consignee: PartyLine;
  notifyName: string;
  vesselName: string;
  voyage: string;
  portOfLoading: string;
  portOfDischarge: string;
  /** yyyy-mm-dd */
  departureDate: string;
  arrivalDate: string;
  containers: ContainerLine[];
  goodsDescription: string;
  hsCode: string;
  packageKind: string;
  freight: "PRE" | "COL";
  /** One clause per line. */
  clauses: string;
  /** The carrier's own details, the same on every B/L it issues. */
  carrierCode: string;
  issuerName: string;
  issuerStreet: string;
  issuerCity: string;
  issuerCountry: string;
  contactName: string;
  contactEmail: string;
  termsAndConditions: string;
}

/** A day as yyyy-mm-dd in the port's calendar (Asia/Shanghai is UTC+8 all year). */
export function portDay(offsetDays = 0, now = Date.now()): string {
  return new Date(now + 8 * 3_600_000 + offsetDays * 86_400_000).toISOString().slice(0, 10);
}

export const emptyContainer = (): ContainerLine => ({
  number: "",
  sizeType: "45G1",
  seals: "",
  packages: "",
  weightKg: "",
});

/** The form as it opens: Tianjin as port of loading, sailing today, 40' high cubes, prepaid freight. */
export function defaultFields(issuerName: string): IssueFields {
  return {
    blNumber: "",
    blType: "toOrder",
    bookingReference: "",
    shipper: { name: "" },
    consignee: { name: "" },
    notifyName: "",
    vesselName: "",
    voyage: "",
    portOfLoading: "CNTXG",
    portOfDischarge: "",
    departureDate: portDay(0),
    arrivalDate: portDay(21),
    containers: [emptyContainer()],
    goodsDescription: "",
    hsCode: "",
    packageKind: "Cartons",
    freight: "PRE",
    clauses: "",
    carrierCode: "",
    issuerName,
    issuerStreet: "",
    issuerCity: "Tianjin",
    issuerCountry: "CN",
    contactName: "",
    contactEmail: "",
    termsAndConditions: "Carried subject to the terms and conditions of the carrier's bill of lading.",
  };
}

/** The carrier's own details (code, office, contact, terms) from one of its earlier documents, as defaults. */
export function carrierDefaults(document: Record<string, unknown>): Partial<IssueFields> {
  const doc = document as {
    carrierCode?: string;
    termsAndConditions?: string;
    partyContactDetails?: { name?: string; email?: string }[];
    documentParties?: { issuingParty?: { partyName?: string; address?: Record<string, string> } };
  };
  const issuer = doc.documentParties?.issuingParty;
  const contact = doc.partyContactDetails?.[0];
  const found: Partial<IssueFields> = {
    carrierCode: doc.carrierCode,
    termsAndConditions: doc.termsAndConditions,
    issuerName: issuer?.partyName,
    issuerStreet: [issuer?.address?.street, issuer?.address?.streetNumber].filter(Boolean).join(" ") || undefined,
    issuerCity: issuer?.address?.city,
    issuerCountry: issuer?.address?.countryCode,
    contactName: contact?.name,
    contactEmail: contact?.email,
  };
  return Object.fromEntries(Object.entries(found).filter(([, v]) => typeof v === "string" && v !== ""));
}

const words = (text: string) => text.split(/[\s,;，；]+/).filter(Boolean);
const lines = (text: string) =>
  text
    .split(/\n/)
    .map((l) => l.trim())
    .filter(Boolean);
/** A number as typed; NaN stays NaN so that the gateway names the field. */
const numberOf = (text: string) => (text.trim() === "" ? Number.NaN : Number(text));

/** A party the port community knows, named in the document by its orgId (the code the consignee field needs). */
function documentParty(party: PartyLine) {
  return {
    partyName: party.name.trim(),
    ...(party.orgId
      ? {
          identifyingCodes: [{ codeListProvider: "ZZZ", codeListName: "Port community orgId", partyCode: party.orgId }],
        }
      : {}),
  };
}

/** The DCSA eBL 3.0.3 TransportDocument these fields describe. */
export function transportDocumentOf(f: IssueFields): Record<string, unknown> {
  const toOrder = f.blType === "toOrder";
  const containers = f.containers.filter((c) => c.number.trim() !== "");
  const payableAt = f.freight === "PRE" ? f.portOfLoading : f.portOfDischarge;
  return {
    transportDocumentReference: f.blNumber.trim(),
    transportDocumentStatus: "ISSUED",
    transportDocumentTypeCode: f.blType === "seaWaybill" ? "SWB" : "BOL",
    isShippedOnBoardType: true,
    freightPaymentTermCode: f.freight,
    isElectronic: true,
    isToOrder: toOrder,
    shippedOnBoardDate: f.departureDate,
    issueDate: portDay(0),
    termsAndConditions: f.termsAndConditions,
    receiptTypeAtOrigin: "CY",
    deliveryTypeAtDestination: "CY",
    cargoMovementTypeAtOrigin: "FCL",
    cargoMovementTypeAtDestination: "FCL",
    carrierCode: f.carrierCode.trim(),
    carrierCodeListProvider: "SMDG",
    ...(lines(f.clauses).length ? { carrierClauses: lines(f.clauses) } : {}),
    transports: {
      plannedDepartureDate: f.departureDate,
      plannedArrivalDate: f.arrivalDate,
      portOfLoading: { UNLocationCode: f.portOfLoading.trim().toUpperCase() },
      portOfDischarge: { UNLocationCode: f.portOfDischarge.trim().toUpperCase() },
      vesselVoyages: [{ vesselName: f.vesselName.trim(), carrierExportVoyageNumber: f.voyage.trim() }],
    },
    invoicePayableAt: { UNLocationCode: payableAt.trim().toUpperCase() },
    partyContactDetails: [{ name: f.contactName.trim(), email: f.contactEmail.trim() }],
    documentParties: {
      shipper: documentParty(f.shipper),
      ...(toOrder ? {} : { consignee: documentParty(f.consignee) }),
      ...(f.notifyName.trim() ? { notifyParties: [{ partyName: f.notifyName.trim() }] } : {}),
      issuingParty: {
        partyName: f.issuerName.trim(),
        address: { street: f.issuerStreet.trim(), city: f.issuerCity.trim(), countryCode: f.issuerCountry.trim() },
      },
    },
    consignmentItems: [
      {
        carrierBookingReference: f.bookingReference.trim(),
        descriptionOfGoods: lines(f.goodsDescription),
        HSCodes: words(f.hsCode),
        cargoItems: containers.map((c) => ({
          equipmentReference: c.number,
          cargoGrossWeight: { value: numberOf(c.weightKg), unit: "KGM" },
          outerPackaging: { numberOfPackages: numberOf(c.packages), description: f.packageKind.trim() },
        })),
      },
    ],
    utilizedTransportEquipments: containers.map((c) => ({
      isShipperOwned: false,
      seals: words(c.seals).map((number) => ({ number })),
      equipment: { equipmentReference: c.number, ISOEquipmentCode: c.sizeType.trim().toUpperCase() },
    })),
  };
}
