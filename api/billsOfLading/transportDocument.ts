/**
 * DCSA eBL 3.0.3 transport documents: validation against the published `TransportDocument` schema, RFC 8785
 * canonical bytes and their checksum, the facts the gateway indexes, and DCSA's own example documents.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { Ajv } from "ajv";
import type { ErrorObject, ValidateFunction } from "ajv";
import addFormatsPlugin from "ajv-formats";
import canonicalizeJson from "canonicalize";
import { parse as parseYaml } from "yaml";

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

export type BillOfLadingType = "straight" | "toOrder" | "seaWaybill";

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
type SchemaNode = JsonObject;

let openApiDocument: JsonObject | undefined;
let compiledValidator: ValidateFunction | undefined;

function loadOpenApiDocument(): JsonObject {
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
  return errors.length === 0 ? { ok: true, document } : { ok: false, errors };
}

// ---- Error messages -------------------------------------------------------------------------------------------

function escapePointerToken(token: string): string {
  return token.replace(/~/g, "~0").replace(/\//g, "~1");
}

function unescapePointerToken(token: string): string {
  return token.replace(/~1/g, "/").replace(/~0/g, "~");
}

/** "/consignmentItems/0/cargoItems/0" → "consignmentItems[0].cargoItems[0]"; the root is "The transport document". */
function fieldName(pointer: string): string {
  if (pointer === "") return "The transport document";
  let name = "";
  for (const token of pointer.slice(1).split("/").map(unescapePointerToken)) {
    if (/^\d+$/.test(token)) name += `[${token}]`;
    else name += name === "" ? token : `.${token}`;
  }
  return name;
}

function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "string")
    return `the text ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  if (typeof value === "number") return `the number ${value}`;
  if (typeof value === "boolean") return `the boolean ${value}`;
  if (typeof value === "object") return "an object";
  return typeof value;
}

const TYPE_NAMES: Record<string, string> = {
  string: "a text string",
  number: "a number",
  integer: "a whole number",
  boolean: "true or false",
  object: "an object",
  array: "an array",
  null: "null",
};

const PATTERN_RULES: Record<string, string> = {
  "^\\S(?:.*\\S)?$": "must not be empty, start or end with spaces, or contain line breaks",
  "^\\S+$": "must not be empty or contain spaces",
  "^[A-Z]{2}[A-Z2-9]{3}$": "must be a 5-character UN/LOCODE (e.g. NLRTM)",
  "^[A-Z]{2}$": "must be a 2-letter ISO 3166-1 country code (e.g. NL)",
  "^[A-Z]{3}$": "must be a 3-letter ISO 4217 currency code (e.g. EUR)",
};

const FORMAT_RULES: Record<string, string> = {
  date: "must be a calendar date written YYYY-MM-DD",
  "date-time": "must be a date and time in RFC 3339 form, e.g. 2025-01-31T14:30:00Z",
  int32: "must be a whole number between -2147483648 and 2147483647",
  float: "must be a number",
  email: "must be an e-mail address",
};

function characters(text: unknown): number {
  return typeof text === "string" ? [...text].length : 0;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

function explainOne(error: ErrorObject, prefix: string): FieldError {
  const pointer = prefix + error.instancePath;
  const field = fieldName(pointer);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case "required": {
      const missing = String(params.missingProperty);
      return {
        pointer: `${pointer}/${escapePointerToken(missing)}`,
        message: `${field} is missing the required field '${missing}'.`,
      };
    }
    case "type": {
      const expected = String(params.type)
        .split(",")
        .map((type) => TYPE_NAMES[type] ?? type)
        .join(" or ");
      return { pointer, message: `${field} must be ${expected}, not ${describeValue(error.data)}.` };
    }
    case "enum": {
      const allowed = (params.allowedValues as unknown[]).map((value) => JSON.stringify(value)).join(", ");
      return { pointer, message: `${field} must be one of ${allowed}, not ${JSON.stringify(error.data)}.` };
    }
    case "const":
      return { pointer, message: `${field} must be ${JSON.stringify(params.allowedValue)}.` };
    case "pattern": {
      const rule = PATTERN_RULES[String(params.pattern)] ?? `must match the pattern ${String(params.pattern)}`;
      return { pointer, message: `${field} ${rule}; ${describeValue(error.data)} does not.` };
    }
    case "maxLength":
      return {
        pointer,
        message: `${field} must be at most ${plural(Number(params.limit), "character")} long; it has ${characters(error.data)}.`,
      };
    case "minLength":
      return {
        pointer,
        message: `${field} must be at least ${plural(Number(params.limit), "character")} long; it has ${characters(error.data)}.`,
      };
    case "maxItems":
      return {
        pointer,
        message: `${field} may list at most ${plural(Number(params.limit), "item")}; it lists ${(error.data as unknown[]).length}.`,
      };
    case "minItems":
      return {
        pointer,
        message: `${field} must list at least ${plural(Number(params.limit), "item")}; it lists ${(error.data as unknown[]).length}.`,
      };
    case "minimum":
      return { pointer, message: `${field} must be at least ${String(params.limit)}, not ${String(error.data)}.` };
    case "maximum":
      return { pointer, message: `${field} must be at most ${String(params.limit)}, not ${String(error.data)}.` };
    case "exclusiveMinimum":
      return { pointer, message: `${field} must be greater than ${String(params.limit)}, not ${String(error.data)}.` };
    case "exclusiveMaximum":
      return { pointer, message: `${field} must be less than ${String(params.limit)}, not ${String(error.data)}.` };
    case "format": {
      const rule = FORMAT_RULES[String(params.format)] ?? `must be in ${String(params.format)} format`;
      return { pointer, message: `${field} ${rule}; ${describeValue(error.data)} is not.` };
    }
    default:
      return { pointer, message: `${field} ${error.message ?? "is not valid"}.` };
  }
}

/** The fields a oneOf/anyOf branch asks for, e.g. "'UNLocationCode'". */
function branchFields(branch: unknown): string {
  const required = ((branch as SchemaNode).required as string[] | undefined) ?? [];
  return required.length > 0 ? required.map((name) => `'${name}'`).join(" and ") : String((branch as SchemaNode).title);
}

/**
 * Collapses the errors ajv reports under a failed oneOf/anyOf. The DCSA schema uses these for "give exactly one of
 * A or B" (e.g. `invoicePayableAt`: UN/LOCODE or free text). If a branch was clearly chosen (its required fields are
 * present) the errors inside that branch are what the clerk must fix; otherwise one sentence names the alternatives.
 */
function explainErrors(errors: ErrorObject[], prefix: string): FieldError[] {
  const combinators = errors.filter((error) => error.keyword === "oneOf" || error.keyword === "anyOf");
  const inBranch = (error: ErrorObject, combinator: ErrorObject): boolean =>
    error !== combinator &&
    error.schemaPath.startsWith(`${combinator.schemaPath}/`) &&
    error.instancePath.startsWith(combinator.instancePath);
  const replaced = new Set<ErrorObject>();
  const extra = new Map<ErrorObject, FieldError[]>();
  for (const combinator of combinators) {
    const branches = combinator.schema as unknown[];
    const branchErrors = errors.filter((error) => inBranch(error, combinator));
    for (const error of branchErrors) replaced.add(error);
    const field = fieldName(prefix + combinator.instancePath);
    const alternatives = branches.map(branchFields);
    const passing = (combinator.params as { passingSchemas?: number[] | null }).passingSchemas;
    if (combinator.keyword === "oneOf" && Array.isArray(passing)) {
      extra.set(combinator, [
        {
          pointer: prefix + combinator.instancePath,
          message: `${field} must give only one of ${alternatives.join(" or ")}, not ${passing.length === 2 ? "both" : "several"}.`,
        },
      ]);
      continue;
    }
    const branchIndex = (error: ErrorObject): number =>
      Number(error.schemaPath.slice(combinator.schemaPath.length + 1).split("/")[0]);
    const notChosen = new Set(
      branchErrors
        .filter((error) => error.keyword === "required" && error.instancePath === combinator.instancePath)
        .map(branchIndex),
    );
    const chosen = branchErrors.filter((error) => !notChosen.has(branchIndex(error)));
    extra.set(
      combinator,
      chosen.length > 0
        ? chosen.map((error) => explainOne(error, prefix))
        : [
            {
              pointer: prefix + combinator.instancePath,
              message: `${field} must give ${combinator.keyword === "oneOf" ? "exactly one" : "at least one"} of ${alternatives.join(" or ")}.`,
            },
          ],
    );
  }
  const result: FieldError[] = [];
  const seen = new Set<string>();
  const add = (fieldError: FieldError): void => {
    const key = `${fieldError.pointer}\u0000${fieldError.message}`;
    if (seen.has(key)) return;
    seen.add(key);
    result.push(fieldError);
  };
  for (const error of errors) {
    if (replaced.has(error)) continue;
    const replacement = extra.get(error);
    if (replacement) replacement.forEach(add);
    else add(explainOne(error, prefix));
  }
  return result;
}

// ---- Canonical bytes and checksum ----------------------------------------------------------------------------

/** RFC 8785 (JSON Canonicalization Scheme) UTF-8 bytes of a JSON value: the bytes that are hashed and stored. */
export function canonicalize(document: unknown): Uint8Array {
  const text = canonicalizeJson(document);
  if (text === undefined) throw new TypeError("Only JSON values can be canonicalized");
  return new TextEncoder().encode(text);
}

/** `0x` followed by the lowercase hex SHA-256 of the bytes (the form the contracts store as bytes32). */
export function documentChecksum(bytes: Uint8Array): string {
  return `0x${createHash("sha256").update(bytes).digest("hex")}`;
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

// ---- DCSA examples ----------------------------------------------------------------------------------------------

function looksLikeTransportDocument(value: unknown): value is TransportDocument {
  return (
    value !== null &&
    typeof value === "object" &&
    !Array.isArray(value) &&
    "transportDocumentReference" in value &&
    "transportDocumentStatus" in value &&
    "consignmentItems" in value &&
    "utilizedTransportEquipments" in value
  );
}

/** Transport documents found in an `examples` map of the OpenAPI paths, at any depth of each example value. */
function collectExampleDocuments(node: unknown, insideExamples: boolean, found: TransportDocument[]): void {
  if (Array.isArray(node)) {
    for (const item of node) collectExampleDocuments(item, insideExamples, found);
    return;
  }
  if (node === null || typeof node !== "object") return;
  if (insideExamples && looksLikeTransportDocument(node)) {
    found.push(node);
    return;
  }
  for (const [key, value] of Object.entries(node)) {
    collectExampleDocuments(value, insideExamples || key === "examples", found);
  }
}

let exampleDocuments: TransportDocument[] | undefined;

/**
 * The example transport documents embedded in the DCSA eBL 3.0.3 document (GET transport document responses,
 * amendments and notifications) in the order the document holds them, without duplicates. Fresh copies each call.
 */
export function dcsaExampleTransportDocuments(): TransportDocument[] {
  if (!exampleDocuments) {
    const found: TransportDocument[] = [];
    collectExampleDocuments(loadOpenApiDocument().paths, false, found);
    const byCanonicalForm = new Map<string, TransportDocument>();
    for (const document of found) byCanonicalForm.set(canonicalizeJson(document) as string, document);
    exampleDocuments = [...byCanonicalForm.values()];
  }
  return exampleDocuments.map((document) => structuredClone(document));
}

export type ExampleOptions = {
  /** Which DCSA example (index into `dcsaExampleTransportDocuments()`); the first by default. */
  index?: number;
  /** Replaces `transportDocumentReference` (the B/L number). */
  reference?: string;
  /** Rewrites the type fields, and the parties that go with them, so the document stays valid and consistent. */
  blType?: BillOfLadingType;
};

/** A named consignee for straight bills and sea waybills, which must name one (the DCSA examples are all to order). */
const EXAMPLE_CONSIGNEE: DocumentParty = {
  partyName: "Example Consignee B.V.",
  address: { street: "Wilhelminakade", streetNumber: "909", postCode: "3072 AP", city: "Rotterdam", countryCode: "NL" },
  identifyingCodes: [{ codeListProvider: "ZZZ", codeListName: "Port community", partyCode: "EXAMPLE-CONSIGNEE" }],
};

/** One DCSA example transport document, optionally with another B/L number and type, for tests and walk-throughs. */
export function dcsaExampleTransportDocument(options: ExampleOptions = {}): TransportDocument {
  const examples = dcsaExampleTransportDocuments();
  const index = options.index ?? 0;
  if (!Number.isInteger(index) || index < 0 || index >= examples.length) {
    throw new RangeError(`There are ${examples.length} DCSA example transport documents; ${index} is not one of them`);
  }
  const document = examples[index];
  if (options.reference !== undefined) document.transportDocumentReference = options.reference;
  const parties = document.documentParties;
  switch (options.blType) {
    case "toOrder":
      // Negotiable: an endorsee may be named later; a consignee and an endorsee are mutually exclusive.
      document.transportDocumentTypeCode = "BOL";
      document.isToOrder = true;
      delete parties.consignee;
      break;
    case "straight":
      document.transportDocumentTypeCode = "BOL";
      document.isToOrder = false;
      delete parties.endorsee;
      parties.consignee ??= structuredClone(EXAMPLE_CONSIGNEE);
      break;
    case "seaWaybill":
      // A sea waybill is not a document of title: never to order, no originals.
      document.transportDocumentTypeCode = "SWB";
      document.isToOrder = false;
      delete parties.endorsee;
      parties.consignee ??= structuredClone(EXAMPLE_CONSIGNEE);
      delete document.numberOfOriginalsWithCharges;
      delete document.numberOfOriginalsWithoutCharges;
      break;
    case undefined:
      break;
  }
  return document;
}

/** Parses and compiles the schema now (about a second; e.g. at gateway start) instead of on the first request. */
export function prepareTransportDocumentValidator(): void {
  validator();
}
