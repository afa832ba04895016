/**
 * Examples for the API reference (/docs): building the document checks each against its schema, and a test checks that
 * the transport document is a valid DCSA eBL 3.0.3 one (DCSA's example, Apache-2.0, with shorter terms).
 */

/** A to-order B/L's transport document, as a carrier sends it to issue B/L PPBL0001. */
export const TRANSPORT_DOCUMENT_EXAMPLE: Record<string, unknown> = {
  transportDocumentReference: "PPBL0001",
  shippingInstructionsReference: "fc5009a7-25ad-4bb0-9892-4e2dea6bcdd9",
  transportDocumentStatus: "DRAFT",
  transportDocumentTypeCode: "BOL",
  isShippedOnBoardType: true,
  freightPaymentTermCode: "PRE",
  isElectronic: true,
  isToOrder: true,
  shippedOnBoardDate: "2023-12-20",
  termsAndConditions:
    "DCSA's example terms: this transport document exists in name only, for testing; it is not backed by a real shipment.",
  receiptTypeAtOrigin: "CY",
  deliveryTypeAtDestination: "CY",
  cargoMovementTypeAtOrigin: "FCL",
  cargoMovementTypeAtDestination: "FCL",
  serviceContractReference: "SCR-1234-REGULAR",
  carrierCode: "MSC",
  carrierCodeListProvider: "SMDG",
  transports: {
    plannedDepartureDate: "2023-12-20",
    plannedArrivalDate: "2023-12-22",
    portOfLoading: { UNLocationCode: "DKAAR" },
    portOfDischarge: { UNLocationCode: "DEBRV" },
    vesselVoyages: [{ vesselName: "MSC Gülsün", carrierExportVoyageNumber: "402E" }],
  },
  charges: [
    {
      chargeName: "Fictive transport document fee",
      currencyAmount: 1,
      currencyCode: "EUR",
      paymentTermCode: "COL",
      calculationBasis: "Per transport document",
      unitPrice: 1,
      quantity: 1,
    },
  ],
  invoicePayableAt: { UNLocationCode: "DKAAR" },
  partyContactDetails: [{ name: "DCSA test person", email: "no-reply@dcsa.example.org" }],
  documentParties: {
    shipper: {
      partyName: "DCSA CTK",
      displayedAddress: ["Strawinskylaan 4117"],
      partyContactDetails: [{ name: "DCSA test person", email: "no-reply@dcsa.example.org" }],
    },
    issuingParty: {
      partyName: "Mediterranean Shipping Company",
      address: { street: "Chemin Rieu", streetNumber: "12-14", city: "Geneva", countryCode: "CH" },
      identifyingCodes: [{ codeListProvider: "GLEIF", codeListName: "LEI", partyCode: "529900T8BM49AURSDO55" }],
    },
  },
  consignmentItems: [
    {
      carrierBookingReference: "CBR_123_REGULAR",
      descriptionOfGoods: ["Shoes - black"],
      HSCodes: ["640510"],
      cargoItems: [
        {
          equipmentReference: "NARU3472484",
          cargoGrossWeight: { value: 12000, unit: "KGM" },
          outerPackaging: { numberOfPackages: 400, packageCode: "4G", description: "Fibreboard boxes" },
        },
      ],
    },
  ],
  utilizedTransportEquipments: [
    {
      isShipperOwned: false,
      seals: [{ number: "DCSA-CTK-1234" }],
      equipment: { ISOEquipmentCode: "22G1", equipmentReference: "NARU3472484" },
    },
  ],
};

/** The checksum of that document: SHA-256 of its RFC 8785 canonical JSON. */
export const DOCUMENT_CHECKSUM_EXAMPLE = "0x669fa8c80a993bbc4c1c06a4965c8b099d5656bb1b7fd0f60e4f2e5cd1aa8991";

const carrier = { orgId: "MSCCARRIER0001", name: "Mediterranean Shipping Company" };
const shipper = { orgId: "91310000SHIPPER01", name: "DCSA CTK Shipper" };

/** Issuing B/L PPBL0001 to the shipper, as a to-order B/L. */
export const ISSUE_EXAMPLE = { transportDocument: TRANSPORT_DOCUMENT_EXAMPLE, issueTo: shipper.orgId };

/** B/L PPBL0001 as its carrier sees it just after issuing it. */
export const ISSUED_EXAMPLE = {
  blNumber: "PPBL0001",
  tokenId: "1",
  blType: "toOrder",
  state: "active",
  carrier,
  holder: shipper,
  endorsee: null,
  blankEndorsed: false,
  consignee: null,
  controlledBy: shipper,
  surrenderKind: "none",
  version: 1,
  documentChecksum: DOCUMENT_CHECKSUM_EXAMPLE,
  documentCid: "bafkreidgt6umqcuzho6eyhaguslfzcyjtvlfnoy3p7ipmdspfzondkujse",
  issuedAt: "2026-12-01T09:30:00.000Z",
  updatedAt: "2026-12-01T09:30:00.000Z",
  allowedActions: [],
  transactionHash: "0x5c504ed432cb51138bcf09aa5e8a410dd4a1e204ef84bfed1be16dfba1b22060",
};

/** Verifying a document by its checksum. */
export const VERIFY_EXAMPLE = { documentChecksum: DOCUMENT_CHECKSUM_EXAMPLE };

/** What anyone is told about that checksum: authentic, current, issued by the carrier, controlled by the shipper. */
export const VERIFIED_EXAMPLE = {
  authentic: true,
  current: true,
  version: 1,
  currentVersion: 1,
  supersededBy: null,
  documentChecksum: DOCUMENT_CHECKSUM_EXAMPLE,
  blNumber: "PPBL0001",
  tokenId: "1",
  state: "active",
  live: true,
  carrier,
  controlledBy: shipper,
};
