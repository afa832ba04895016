/** The shared definitions in api/domain.ts follow the contracts: every enum and bit in the order Solidity defines it. */
import { readFileSync } from "node:fs";
import { expect } from "chai";
import {
  ACTION_CODES,
  BL_STATES,
  BL_TYPES,
  CONDITIONS,
  CREDIT_TIERS,
  GATE_REFUSAL_CODES,
  INTERCHANGE_PURPOSES,
  INTERCHANGE_STATUSES,
  ORGANIZATION_STATUSES,
  ROLES,
  SEAL_CHECKS,
  SURRENDER_KINDS,
} from "../../api/domain.ts";

const source = (file: string) =>
  readFileSync(new URL(`../../contracts/types/${file}`, import.meta.url), "utf8").replace(/\/\/.*$/gm, "");

/** The members of `enum name { … }`, in order. */
function enumMembers(file: string, name: string): string[] {
  const body = new RegExp(`enum\\s+${name}\\s*\\{([^}]*)\\}`).exec(source(file))?.[1];
  if (body === undefined) throw new Error(`no enum ${name} in ${file}`);
  return body
    .split(",")
    .map((m) => m.trim())
    .filter(Boolean);
}

/** The `1 << i` constants of `library name`, in bit order. */
function bitConstants(file: string, library: string): string[] {
  const start = source(file).indexOf(`library ${library}`);
  if (start < 0) throw new Error(`no library ${library} in ${file}`);
  const bits = [
    ...source(file)
      .slice(start)
      .matchAll(/constant\s+(\w+)\s*=\s*1\s*<<\s*(\d+)\s*;/g),
  ];
  return bits.sort((a, b) => Number(a[2]) - Number(b[2])).map((m, i) => (Number(m[2]) === i ? m[1] : `gap at ${i}`));
}

const lowerFirst = (s: string) => s[0].toLowerCase() + s.slice(1);

describe("Shared definitions", function () {
  const enums: [string, string, readonly string[]][] = [
    ["BillOfLading.sol", "BillOfLadingType", BL_TYPES],
    ["BillOfLading.sol", "BillOfLadingState", BL_STATES],
    ["BillOfLading.sol", "SurrenderKind", SURRENDER_KINDS],
    ["Organization.sol", "OrganizationStatus", ORGANIZATION_STATUSES],
    ["Organization.sol", "CreditTier", CREDIT_TIERS],
    ["Equipment.sol", "InterchangePurpose", INTERCHANGE_PURPOSES],
    ["Equipment.sol", "InterchangeStatus", INTERCHANGE_STATUSES],
    ["Equipment.sol", "Condition", CONDITIONS],
    ["Equipment.sol", "SealCheck", SEAL_CHECKS],
  ];
  for (const [file, name, names] of enums) {
    it(`when the contracts define ${name}, then api/domain.ts names its members in the same order`, function () {
      expect(names).to.deep.equal(enumMembers(file, name).map(lowerFirst));
    });
  }

  it("when the contracts define ActionCode, then api/domain.ts has the same codes in the same order", function () {
    expect(ACTION_CODES).to.deep.equal(enumMembers("BillOfLading.sol", "ActionCode"));
  });

  it("when the contracts define the role bits, then api/domain.ts names each role at its bit", function () {
    expect(ROLES.map((r) => r.toUpperCase())).to.deep.equal(bitConstants("Organization.sol", "Roles"));
  });

  it("when the contracts define the gate refusal bits, then api/domain.ts names each code at its bit", function () {
    expect(GATE_REFUSAL_CODES).to.deep.equal(bitConstants("Release.sol", "GateRefusal"));
  });
});
