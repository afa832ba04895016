/**
 * The enums, bits and role names the contracts define, once for the gateway, the tests, the benchmarks and the
 * scripts. Each list is in the order of its Solidity enum or bit in contracts/types/*.sol (test/domain.test.ts checks
 * it); the API speaks the members' names in lowerCamelCase, the contracts take their index (or bit).
 */

/** `Roles` in contracts/types/Organization.sol, bit `1 << i` for the i-th name. */
export const ROLES = ["carrier", "terminal", "customs", "trader", "bank", "haulier", "depot", "agent"] as const;
export type Role = (typeof ROLES)[number];

/** `OrganizationStatus` in contracts/types/Organization.sol. */
export const ORGANIZATION_STATUSES = ["none", "active", "suspended", "revoked"] as const;
export type OrganizationStatus = (typeof ORGANIZATION_STATUSES)[number];
/** `CreditTier` in contracts/types/Organization.sol. */
export const CREDIT_TIERS = ["aeoAdvanced", "aeoGeneral", "regular", "discredited"] as const;
export type CreditTier = (typeof CREDIT_TIERS)[number];

/** `BillOfLadingType` in contracts/types/BillOfLading.sol. */
export const BL_TYPES = ["straight", "toOrder", "seaWaybill"] as const;
export type BlType = (typeof BL_TYPES)[number];
/** `BillOfLadingState` in contracts/types/BillOfLading.sol. */
export const BL_STATES = ["none", "active", "surrenderPending", "accomplished", "voided"] as const;
export type BlState = (typeof BL_STATES)[number];
/** `SurrenderKind` in contracts/types/BillOfLading.sol. */
export const SURRENDER_KINDS = ["none", "delivery", "amendment", "paper"] as const;
export type SurrenderKind = (typeof SURRENDER_KINDS)[number];
/** `ActionCode` in contracts/types/BillOfLading.sol: DCSA's endorsement-chain action codes, as the contract names them. */
export const ACTION_CODES = [
  "ISSUE",
  "TRANSFER",
  "ENDORSE",
  "BLANK_ENDORSE",
  "SURRENDER_FOR_DELIVERY",
  "SURRENDER_FOR_AMENDMENT",
  "SURRENDER_FOR_PAPER",
  "SACC",
  "SREJ",
  "REJECT_TRANSFER",
] as const;
export type ActionCode = (typeof ACTION_CODES)[number];

/** `GateRefusal` in contracts/types/Release.sol, bit `1 << i` for the i-th code. */
export const GATE_REFUSAL_CODES = [
  "BILL_NOT_ACCOMPLISHED",
  "NO_DELIVERY_ORDER",
  "DELIVERY_ORDER_NOT_YET_VALID",
  "DELIVERY_ORDER_EXPIRED",
  "DELIVERY_ORDER_REVOKED",
  "WRONG_TERMINAL",
  "NOT_NOMINATED_HAULIER",
  "NO_CUSTOMS_RELEASE",
  "CUSTOMS_HOLD",
  "ALREADY_GATED_OUT",
  "NOT_DISCHARGED",
  "HAULIER_NOT_ACTIVE",
  "TERMINAL_NOT_ACTIVE",
] as const;
export type GateRefusalCode = (typeof GATE_REFUSAL_CODES)[number];

/** `InterchangePurpose` in contracts/types/Equipment.sol. */
export const INTERCHANGE_PURPOSES = [
  "importPickUp",
  "emptyPickUpForExport",
  "emptyReturn",
  "exportLadenDelivery",
] as const;
export type InterchangePurpose = (typeof INTERCHANGE_PURPOSES)[number];
/** `InterchangeStatus` in contracts/types/Equipment.sol. */
export const INTERCHANGE_STATUSES = ["none", "issued", "gatedOut", "returned", "cancelled"] as const;
export type InterchangeStatus = (typeof INTERCHANGE_STATUSES)[number];
/** `Condition` in contracts/types/Equipment.sol. */
export const CONDITIONS = ["sound", "damaged"] as const;
export type Condition = (typeof CONDITIONS)[number];
/** `SealCheck` in contracts/types/Equipment.sol. */
export const SEAL_CHECKS = ["matched", "mismatched", "notCompared"] as const;
export type SealCheck = (typeof SEAL_CHECKS)[number];

export const rolesFromBits = (bits: number): Role[] => ROLES.filter((_, i) => bits & (1 << i));
export const bitsFromRoles = (roles: readonly Role[]): number => roles.reduce((b, r) => b | (1 << ROLES.indexOf(r)), 0);

/** An enum as the contracts number it, keyed by its Solidity member names: `{ Straight: 0, ToOrder: 1, … }`. */
export function solidityEnum<const N extends readonly string[]>(
  names: N,
): { readonly [K in N[number] as Capitalize<K>]: number } {
  return Object.fromEntries(names.map((name, i) => [name[0].toUpperCase() + name.slice(1), i])) as never;
}
/** Bits keyed by their Solidity constant names: `{ CARRIER: 1, TERMINAL: 2, … }`. */
export function solidityBits<const N extends readonly string[]>(
  names: N,
): { readonly [K in N[number] as Uppercase<K>]: number } {
  return Object.fromEntries(names.map((name, i) => [name.toUpperCase(), 1 << i])) as never;
}

/*
 * The shapes of the identifiers that go on chain or into the index, once: the zod schemas use them (so they appear in
 * the OpenAPI document) and the services check against them. Identifiers are ASCII: full-width forms ("ＴＪ１") and
 * other look-alikes are refused by pattern, because NFC (which every text is normalized to) keeps them apart.
 */

/** An organization's id: its unified social credit code (18), LEI (20) or a community id; capitals, digits, inner "-". */
export const ORG_ID_PATTERN = /^[A-Z0-9](?:[A-Z0-9-]{0,30}[A-Z0-9])?$/;
/**
 * A B/L number: DCSA's `transportDocumentReference` (`^\S(?:.*\S)?$`, at most 20) as the contract stores it, 1 to 20
 * printable ASCII characters without a space at either end (contracts/libraries/TransportDocumentReference.sol).
 */
export const BL_NUMBER_PATTERN = /^[!-~](?:[ -~]{0,18}[!-~])?$/;
/** An ISO 6346 container number's shape (the check digit is checked in api/release/containerNumber.ts). */
export const CONTAINER_NUMBER_PATTERN = /^[A-Z]{3}[UJZ][0-9]{7}$/;
/** A seal number: 1 to 16 capitals, digits and inner "-" (bytes16 on chain). */
export const SEAL_NUMBER_PATTERN = /^[A-Z0-9](?:[A-Z0-9-]{0,14}[A-Z0-9])?$/;
/**
 * A truck's plate as painted: capitals, digits and CJK ideographs (津A12345, 津A·12345, 津A1234挂), with an inner
 * space, "-" or "·"; at most 16 bytes in UTF-8 (bytes16 on chain).
 */
export const TRUCK_PLATE_PATTERN = /^[A-Z0-9\u4e00-\u9fff](?:[A-Z0-9\u4e00-\u9fff ·-]{0,14}[A-Z0-9\u4e00-\u9fff])?$/;
/** A customs declaration or booking reference: printable ASCII without a space at either end (bytes32 on chain). */
export const REFERENCE_PATTERN = /^[!-~](?:[ -~]{0,30}[!-~])?$/;
/** A media type, `type/subtype` of RFC 6838 restricted names (at most 127 characters in all), without parameters. */
export const MEDIA_TYPE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]*\/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]*$/;
export const MEDIA_TYPE_MAX_LENGTH = 127;

/**
 * What no text on chain or in the index may hold: C0 and C1 control characters (NUL, line breaks, tabs, DEL),
 * zero-width characters (U+200B-U+200D, U+2060 word joiner, U+FEFF byte order mark) and the bidirectional marks,
 * embeddings, overrides and isolates (U+061C, U+200E-U+200F, U+202A-U+202E, U+2066-U+2069).
 */
export const FORBIDDEN_TEXT_CHARACTERS =
  // eslint-disable-next-line no-control-regex -- the control characters are what it finds
  /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2060\ufeff\u061c\u202a-\u202e\u2066-\u2069]/;

/** The contracts keep times as uint40 seconds since 1970 (contracts/types/Release.sol, Equipment.sol). */
export const CHAIN_TIME_MAX_SECONDS = 2 ** 40 - 1;

/** The deepest nesting of arrays and objects a JSON body may have (a DCSA transport document needs about 8). */
export const MAX_JSON_DEPTH = 64;

/** The port's time zone: dates people read (the B/L's printed face, the console) are shown in it. */
export const PORT_TIME_ZONE = "Asia/Shanghai";
