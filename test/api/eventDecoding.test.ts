/**
 * The chain adapter decodes events whose arguments are all one ABI word without ethers' coder. For every such event
 * of every contract, random arguments must decode exactly as ethers' `decodeEventLog` followed by `plain` does.
 */
import { expect } from "chai";
import fc from "fast-check";
import { hexlify, type EventFragment, type ParamType } from "ethers";
import { decodeEvent, interfaces, plain } from "../../api/adapters/chain/abi.ts";
import type { ContractName } from "../../api/adapters/chain/artifacts.ts";

const contracts = Object.keys(interfaces) as ContractName[];

function arbitraryOf(param: ParamType): fc.Arbitrary<unknown> | undefined {
  const type = param.type;
  if (type === "address") return fc.uint8Array({ minLength: 20, maxLength: 20 }).map((b) => hexlify(b));
  if (type === "bool") return fc.boolean();
  const uint = /^uint(\d+)$/.exec(type);
  if (uint) return fc.bigInt({ min: 0n, max: (1n << BigInt(uint[1])) - 1n });
  const bytes = /^bytes(\d+)$/.exec(type);
  if (bytes) {
    const n = Number(bytes[1]);
    return fc.uint8Array({ minLength: n, maxLength: n }).map((b) => hexlify(b));
  }
  return undefined;
}

function expected(contract: ContractName, fragment: EventFragment, topics: readonly string[], data: string) {
  const values = interfaces[contract].decodeEventLog(fragment, data, topics);
  const args: Record<string, unknown> = {};
  fragment.inputs.forEach((input, i) => (args[input.name] = plain(values[i], input.type)));
  return { name: fragment.name, args };
}

describe("event decoding in the chain adapter", () => {
  const wordEvents: { contract: ContractName; fragment: EventFragment; arbitraries: fc.Arbitrary<unknown>[] }[] = [];
  for (const contract of contracts) {
    interfaces[contract].forEachEvent((fragment) => {
      const arbitraries = fragment.inputs.map(arbitraryOf);
      if (arbitraries.every((a) => a !== undefined)) wordEvents.push({ contract, fragment, arbitraries });
    });
  }

  // The e-EIR gate events carry the seals found (an array) since issue 9: ethers' coder decodes them.
  it("covers the events the gateway sees most: Issued, ActionRecorded, Transfer, CustomsReleased, GatedOut", () => {
    const names = wordEvents.map((e) => `${e.contract}.${e.fragment.name}`);
    for (const name of [
      "BillOfLading.Issued",
      "BillOfLading.ActionRecorded",
      "BillOfLading.Transfer",
      "ImportRelease.CustomsReleased",
      "ImportRelease.GatedOut",
      "EquipmentInterchange.TruckAssigned",
    ]) {
      expect(names).to.include(name);
    }
  });

  for (const { contract, fragment, arbitraries } of wordEvents) {
    it(`${contract}.${fragment.name}: random arguments decode as ethers decodes them`, () => {
      fc.assert(
        fc.property(fc.tuple(...arbitraries), (values) => {
          const { data, topics } = interfaces[contract].encodeEventLog(fragment, values);
          expect(decodeEvent(contract, topics, data)).to.deep.equal(expected(contract, fragment, topics, data));
          // Upper-case hex from a node decodes the same.
          expect(decodeEvent(contract, topics, data.toUpperCase().replace(/^0X/, "0x"))).to.deep.equal(
            expected(contract, fragment, topics, data),
          );
        }),
        { numRuns: 50 },
      );
    });
  }

  it("an event with a string argument (OrganizationRegistered) decodes through ethers, the same way", () => {
    const fragment = interfaces.PartyRegistry.getEvent("OrganizationRegistered")!;
    const { data, topics } = interfaces.PartyRegistry.encodeEventLog(fragment, [
      7,
      "0x" + "ab".repeat(32),
      "中远海运",
      5,
      1,
    ]);
    const decoded = decodeEvent("PartyRegistry", topics, data)!;
    expect(decoded).to.deep.equal(expected("PartyRegistry", fragment, topics, data));
    expect(decoded.args.name).to.equal("中远海运");
  });

  it("a log whose topic is not one of the contract's events is not decoded; a truncated one is an error", () => {
    const issued = interfaces.BillOfLading.getEvent("Issued")!;
    const { data, topics } = interfaces.BillOfLading.encodeEventLog(issued, [
      1n,
      2,
      "0x" + "11".repeat(32),
      "0x" + "22".repeat(32),
      1,
      3,
      0,
    ]);
    expect(decodeEvent("ImportRelease", topics, data)).to.equal(undefined);
    expect(() => decodeEvent("BillOfLading", topics, data.slice(0, -2))).to.throw(/too short/);
  });
});
