/**
 * DCSA eBL 3.0.3 transport documents: their types, validation against the published `TransportDocument` schema and
 * the facts the gateway indexes. The messages a clerk reads are in transportDocumentErrors.ts, the canonical bytes and
 * checksum in canonicalForm.ts; DCSA's example documents (for tests and scripts) in test/fixtures/dcsaExamples.ts.
 */
import { readFileSync } from "node:fs";
import { Ajv } from "ajv";
import type { ValidateFunction } from "ajv";
import addFormatsPlugin from "ajv-formats";
import { parse as parseYaml } from "yaml";
import { FORBIDDEN_TEXT_CHARACTERS, type BlType } from "../domain.ts";
import { describeValue, explainErrors } from "./transportDocumentErrors.ts";

// ajv-formats is CommonJS: under Node's ESM loader its default import is the plugin function itself.
const addFormats = addFormatsPlugin as unknown as typeof addFormatsPlugin.default;
/** Where the DCSA eBL OpenAPI document lives (copied into the repository, see api/standards/dcsa/README.md). */
export const DCSA_EBL_OPENAPI_PATH = new URL("../standards/dcsa/EBL_v3.0.3.yaml", import.meta.url);

/** One problem in a submitted document: where (RFC 6901 JSON Pointer) and what to do about it. */
export type FieldError = { pointer: string; message: string };

export type TransportDocumentTypeCode = "BOL" | "SWB";

/** A party in `documentParties` (shipper, consignee, endorsee, issuingParty, notify parties …). */
export type DocumentParty = { [field: string]: unknown; partyName: string };

export type DocumentParties = {
  [field: string]: unknown;
  shipper: DocumentParty;
  issuingParty: DocumentParty;
  consignee?: DocumentParty;
  endorsee?: DocumentParty;
  notifyParties?: DocumentParty[];
};

export type CargoItem = { [field: string]: unknown; equipmentReference: string };

export type ConsignmentItem = { [field: string]: unknown; carrierBookingReference: string; cargoItems: CargoItem[] };

export type Equipment = { [field: string]: unknown; equipmentReference: string; ISOEquipmentCode?: string };

export type UtilizedTransportEquipment = { [field: string]: unknown; equipment: Equipment; isShipperOwned: boolean };

export type VesselVoyage = {
  [field: string]: unknown;
  vesselName: string;
  carrierExportVoyageNumber: string;
  universalExportVoyageReference?: string;
};

export type Transports = {
  [field: string]: unknown;
  plannedDepartureDate: string;
  plannedArrivalDate: string;
  vesselVoyages: VesselVoyage[];
};

/**
 * A DCSA eBL 3.0.3 `TransportDocument`. Only the fields the gateway reads are typed; everything else is kept as
 * sent, because the document is stored and hashed exactly as the carrier issued it.
 */
export type TransportDocument = {
  [field: string]: unknown;
  transportDocumentReference: string;
  transportDocumentStatus: string;
  transportDocumentTypeCode: TransportDocumentTypeCode;
  isToOrder: boolean;
  isElectronic: boolean;
  carrierCode: string;
  carrierCodeListProvider: string;
  documentParties: DocumentParties;
  consignmentItems: ConsignmentItem[];
  utilizedTransportEquipments: UtilizedTransportEquipment[];
  transports: Transports;
};

export type TransportDocumentValidation =
  { ok: true; document: TransportDocument } | { ok: false; errors: FieldError[] };

export type ValidateOptions = {
  /** JSON Pointer of the document inside the request body (e.g. "/transportDocument"), prefixed to every pointer. */
  pointerPrefix?: string;
};

export type BillOfLadingType = BlType;

/** What the gateway indexes about a transport document. */
export type TransportDocumentFacts = {
  blNumber: string;
  blType: BillOfLadingType;
  /** Container numbers, unique, in document order. */
  equipmentReferences: string[];
  shipperName?: string;
  consigneeName?: string;
  /** The first (pre-carriage or main) vessel of `transports.vesselVoyages`. */
  vesselName?: string;
  /** The carrier's export voyage number of that vessel. */
  voyage?: string;
};

type JsonObject = Record<string, unknown>;
export type SchemaNode = JsonObject;

let openApiDocument: JsonObject | undefined;
let compiledValidator: ValidateFunction | undefined;

/** The DCSA eBL OpenAPI document, parsed once. */
export function loadOpenApiDocument(): JsonObject {
  openApiDocument ??= parseYaml(readFileSync(DCSA_EBL_OPENAPI_PATH, "utf8")) as JsonObject;
  return openApiDocument;
}

const COMPONENT_SCHEMA_PREFIX = "#/components/schemas/";

/**
 * Turns one OpenAPI 3.0 schema object into JSON Schema draft-07 as ajv reads it: `$ref`s point into `definitions`,
 * `nullable` becomes a `null` type, boolean `exclusiveMinimum`/`exclusiveMaximum` (draft-04 style) become numbers,
 * and annotation-only keywords (`example`, `description`, `discriminator`, `xml` …) are dropped.
 */
function toJsonSchema(node: unknown, refs: Set<string>): unknown {
  if (Array.isArray(node)) return node.map((item) => toJsonSchema(item, refs));
  if (node === null || typeof node !== "object") return node;
  const source = node as SchemaNode;
  const target: SchemaNode = {};
  for (const [keyword, value] of Object.entries(source)) {
    switch (keyword) {
      case "$ref": {
        const ref = String(value);
        if (!ref.startsWith(COMPONENT_SCHEMA_PREFIX)) throw new Error(`Unsupported $ref ${ref} in the DCSA schema`);
        const name = ref.slice(COMPONENT_SCHEMA_PREFIX.length);
        refs.add(name);
        target.$ref = `#/definitions/${name}`;
        break;
      }
      case "properties": {
        const properties: SchemaNode = {};
        for (const [name, schema] of Object.entries(value as SchemaNode)) properties[name] = toJsonSchema(schema, refs);
        target.properties = properties;
        break;
      }
      case "example":
      case "examples":
      case "description":
      case "discriminator":
      case "xml":
      case "externalDocs":
      case "nullable":
        break;
      case "exclusiveMinimum":
      case "exclusiveMaximum": {
        if (typeof value === "boolean") {
          const bound = keyword === "exclusiveMinimum" ? "minimum" : "maximum";
          if (value && typeof source[bound] === "number") target[keyword] = source[bound];
        } else target[keyword] = value;
        break;
      }
      case "minimum":
      case "maximum": {
        const exclusive = keyword === "minimum" ? "exclusiveMinimum" : "exclusiveMaximum";
        if (source[exclusive] !== true) target[keyword] = value;
        break;
      }
      default:
        target[keyword] = toJsonSchema(value, refs);
    }
  }
  if (source.nullable === true && typeof target.type === "string") target.type = [target.type, "null"];
  return target;
}

/** The `TransportDocument` schema with every schema it references, as one self-contained draft-07 schema. */
export function transportDocumentJsonSchema(): SchemaNode {
  const schemas = (loadOpenApiDocument().components as JsonObject).schemas as Record<string, unknown>;
  const definitions: SchemaNode = {};
  const pending = ["TransportDocument"];
  while (pending.length > 0) {
    const name = pending.pop() as string;
    if (name in definitions) continue;
    if (!(name in schemas)) throw new Error(`The DCSA schema ${name} is referenced but not defined`);
    const refs = new Set<string>();
    definitions[name] = toJsonSchema(schemas[name], refs);
    pending.push(...refs);
  }
  return { $ref: "#/definitions/TransportDocument", definitions };
}

function validator(): ValidateFunction {
  if (compiledValidator) return compiledValidator;
  // Strict: every OpenAPI-only keyword must have been converted above, so a newer DCSA file fails loudly here.
  // verbose: errors carry the failing schema and data (oneOf branches, offending values) for clerk messages.
  const ajv = new Ajv({ allErrors: true, strict: true, verbose: true });
  addFormats(ajv);
  compiledValidator = ajv.compile(transportDocumentJsonSchema());
  return compiledValidator;
}

/** Validates a request body against the DCSA eBL 3.0.3 `TransportDocument` schema, listing every problem found. */
export function validateTransportDocument(input: unknown, options: ValidateOptions = {}): TransportDocumentValidation {
  const prefix = options.pointerPrefix ?? "";
  if (input === null || typeof input !== "object" || Array.isArray(input)) {
    return {
      ok: false,
      errors: [
        {
          pointer: prefix,
          message: `The transport document must be a JSON object, not ${describeValue(input)}.`,
        },
      ],
    };
  }
  const validate = validator();
  const errors: FieldError[] = [];
  if (!validate(input)) errors.push(...explainErrors(validate.errors ?? [], prefix));
  const document = input as TransportDocument;
  // A rule the schema states only in prose (on `isToOrder`): a sea waybill is never negotiable.
  if (document.transportDocumentTypeCode === "SWB" && document.isToOrder === true) {
    errors.push({
      pointer: `${prefix}/isToOrder`,
      message:
        "isToOrder must be false for a sea waybill (transportDocumentTypeCode 'SWB'); only a BOL can be to order.",
    });
  }
  if (errors.length === 0) errors.push(...uncleanFacts(document, prefix));
  return errors.length === 0 ? { ok: true, document } : { ok: false, errors };
}

/**
 * The texts the gateway puts on chain or into its index (B/L number, container numbers, party and vessel names,
 * voyage) must hold no control, zero-width or bidirectional character: DCSA's `^\S(?:.*\S)?$` lets them through.
 */
function uncleanFacts(document: TransportDocument, prefix: string): FieldError[] {
  const texts: [string, unknown][] = [
    ["/transportDocumentReference", document.transportDocumentReference],
    ["/documentParties/shipper/partyName", document.documentParties.shipper?.partyName],
    ["/documentParties/consignee/partyName", document.documentParties.consignee?.partyName],
    ...document.utilizedTransportEquipments.map(
      (u, i) =>
        [`/utilizedTransportEquipments/${i}/equipment/equipmentReference`, u.equipment?.equipmentReference] as [
          string,
          unknown,
        ],
    ),
    ["/transports/vesselVoyages/0/vesselName", document.transports?.vesselVoyages?.[0]?.vesselName],
    [
      "/transports/vesselVoyages/0/carrierExportVoyageNumber",
      document.transports?.vesselVoyages?.[0]?.carrierExportVoyageNumber,
    ],
  ];
  return texts
    .filter(([, text]) => typeof text === "string" && FORBIDDEN_TEXT_CHARACTERS.test(text))
    .map(([pointer]) => ({
      pointer: prefix + pointer,
      message: "Must not contain control characters, zero-width characters or bidirectional overrides.",
    }));
}

// ---- Facts ------------------------------------------------------------------------------------------------------

/** The kind of bill: a to-order BOL is negotiable, a straight BOL names its consignee, a sea waybill is no title. */
export function billOfLadingType(document: Pick<TransportDocument, "transportDocumentTypeCode" | "isToOrder">) {
  if (document.transportDocumentTypeCode === "SWB") return "seaWaybill" as const;
  return document.isToOrder ? ("toOrder" as const) : ("straight" as const);
}

/** Extracts what the gateway indexes from a validated transport document. */
export function transportDocumentFacts(document: TransportDocument): TransportDocumentFacts {
  const equipmentReferences = [
    ...new Set(document.utilizedTransportEquipments.map((utilized) => utilized.equipment.equipmentReference)),
  ];
  const facts: TransportDocumentFacts = {
    blNumber: document.transportDocumentReference,
    blType: billOfLadingType(document),
    equipmentReferences,
  };
  const shipperName = document.documentParties.shipper?.partyName;
  if (shipperName !== undefined) facts.shipperName = shipperName;
  const consigneeName = document.documentParties.consignee?.partyName;
  if (consigneeName !== undefined) facts.consigneeName = consigneeName;
  const firstVoyage = document.transports?.vesselVoyages?.[0];
  if (firstVoyage?.vesselName !== undefined) facts.vesselName = firstVoyage.vesselName;
  if (firstVoyage?.carrierExportVoyageNumber !== undefined) facts.voyage = firstVoyage.carrierExportVoyageNumber;
  return facts;
}

/** Parses and compiles the schema now (about a second; e.g. at gateway start) instead of on the first request. */
export function prepareTransportDocumentValidator(): void {
  validator();
}
