import { expect } from "chai";
import type { ErrorFragment, ParamType } from "ethers";
import { errors } from "../../api/adapters/chain/abi.ts";
import { loadArtifact, type ContractName } from "../../api/adapters/chain/artifacts.ts";
import { ContractRevert, decodeRevert } from "../../api/adapters/chain/chain.ts";
import { isExplained, namerOf, toProblem } from "../../api/contractErrors.ts";
import { Problem } from "../../api/problem.ts";

const CONTRACTS: ContractName[] = ["PartyRegistry", "BillOfLading", "ImportRelease", "EquipmentInterchange"];

/** Every uint32 a contract error carries is an organization's registry number, by these names. */
const ORGANIZATION_INPUTS = [
  ...["agent", "carrier", "consignee", "endorsee", "expected", "facility", "haulier", "holder", "issuer", "org"],
  ...["principal", "releaseParty", "terminal", "to"],
];
const KNOWN = 4242;
const UNKNOWN = 4343;

/** A value of this ABI type for encoding: organizations get `org`, everything else something harmless. */
function valueOf(param: ParamType, org: number): unknown {
  if (param.baseType === "array") return [];
  if (param.baseType === "tuple") return param.components!.map((c) => valueOf(c, org));
  if (param.type === "uint32") return org;
  if (param.type === "address") return "0x" + "11".repeat(20);
  if (param.type === "bool") return false;
  if (param.type === "string" || param.type === "bytes") return param.type === "string" ? "" : "0x";
  const bytes = /^bytes(\d+)$/.exec(param.type);
  if (bytes) return "0x" + "41".repeat(Number(bytes[1]));
  return 1;
}

const names = namerOf({
  organization: (org) => (org === KNOWN ? { orgId: "SEVENSEAS", name: "Seven Seas Lines" } : undefined),
  billOfLading: () => undefined,
});

/** The problem the gateway makes of this error raised with every organization argument set to `org`. */
function refusal(fragment: ErrorFragment, org: number): { revert: ContractRevert; problem: Problem } {
  const data = errors.encodeErrorResult(
    fragment,
    fragment.inputs.map((input) => valueOf(input, org)),
  );
  const revert = decodeRevert({ data })!;
  try {
    toProblem(revert, names);
  } catch (e) {
    return { revert, problem: e as Problem };
  }
  throw new Error("toProblem returned");
}

const withOrganizations: ErrorFragment[] = [];
errors.forEachError((f) => void (f.inputs.some((i) => i.type === "uint32") && withOrganizations.push(f)));

describe("contract refusals as problems", function () {
  for (const contract of CONTRACTS) {
    it(`when ${contract} refuses with any of its own custom errors, then the gateway has a sentence for it`, function () {
      const errors = (loadArtifact(contract).abi as { type: string; name: string }[])
        .filter((item) => item.type === "error" && item.name.startsWith(contract))
        .map((item) => item.name);
      expect(errors.length).to.be.above(5);
      expect(errors.filter((name) => !isExplained(name))).to.deep.equal([]);
    });
  }

  it("when the contracts' errors carry a uint32, then it is always an organization, by one of the known names", function () {
    const inputs = withOrganizations.flatMap((f) => f.inputs.filter((i) => i.type === "uint32").map((i) => i.name));
    expect(withOrganizations.length).to.be.above(20);
    expect([...new Set(inputs)].filter((name) => !ORGANIZATION_INPUTS.includes(name))).to.deep.equal([]);
  });

  for (const [which, org, party] of [
    ["a registered organization", KNOWN, { orgId: "SEVENSEAS", name: "Seven Seas Lines" }],
    ["a number no organization is registered with", UNKNOWN, { orgId: null, name: null }],
  ] as const) {
    it(`when any refusal names ${which}, then its args show { orgId, name } and its detail no number`, function () {
      for (const fragment of withOrganizations) {
        const { revert, problem } = refusal(fragment, org);
        const args = (problem.extra as { contractError: { args: Record<string, unknown> } }).contractError.args;
        for (const input of fragment.inputs.filter((i) => i.type === "uint32")) {
          expect(revert.errorTypes[input.name], fragment.name).to.equal("uint32");
          expect(args[input.name], `${fragment.name}.${input.name}`).to.deep.equal(party);
        }
        expect(problem.message, fragment.name).not.to.include(String(org));
        expect(problem.message, fragment.name).to.match(/^[A-Z]/);
      }
    });
  }

  it("when a refusal's organization is unknown, then the sentence says so in words", function () {
    const fragment = errors.getError("BillOfLadingNotHolder")!;
    expect(refusal(fragment, UNKNOWN).problem.message).to.equal(
      "Only the holder, an unregistered organization, may do this; you are an unregistered organization.",
    );
    expect(refusal(fragment, KNOWN).problem.message).to.equal(
      "Only the holder, Seven Seas Lines (SEVENSEAS), may do this; you are Seven Seas Lines (SEVENSEAS).",
    );
  });
});
