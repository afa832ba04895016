/** What is wrong with a submitted transport document, in sentences a clerk can act on, from ajv's schema errors. */
import type { ErrorObject } from "ajv";
import type { FieldError, SchemaNode } from "./transportDocument.ts";

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

export function describeValue(value: unknown): string {
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
export function explainErrors(errors: ErrorObject[], prefix: string): FieldError[] {
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
