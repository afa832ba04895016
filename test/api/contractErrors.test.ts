import { expect } from "chai";
import { loadArtifact, type ContractName } from "../../api/adapters/chain/artifacts.ts";
import { isExplained } from "../../api/contractErrors.ts";

const CONTRACTS: ContractName[] = ["PartyRegistry", "BillOfLading", "ImportRelease", "EquipmentInterchange"];

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
});
