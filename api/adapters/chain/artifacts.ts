/** The compiled contracts' ABIs and bytecode, read from Hardhat's artifacts (`npm run build`). */
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export type ContractName = "PartyRegistry" | "BillOfLading" | "ImportRelease" | "EquipmentInterchange";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const SOURCES: Record<ContractName, string> = {
  PartyRegistry: "contracts/parties/PartyRegistry.sol",
  BillOfLading: "contracts/billOfLading/BillOfLading.sol",
  ImportRelease: "contracts/release/ImportRelease.sol",
  EquipmentInterchange: "contracts/equipment/EquipmentInterchange.sol",
};

export interface Artifact {
  abi: readonly unknown[];
  bytecode: string;
}

const cache = new Map<ContractName, Artifact>();

export function loadArtifact(name: ContractName): Artifact {
  let artifact = cache.get(name);
  if (!artifact) {
    const file = path.join(ROOT, "artifacts", SOURCES[name], `${name}.json`);
    try {
      const json = JSON.parse(readFileSync(file, "utf8"));
      artifact = { abi: json.abi, bytecode: json.bytecode };
    } catch {
      throw new Error(`Contract artifact ${file} is missing: run \`npm run build\` first.`);
    }
    cache.set(name, artifact);
  }
  return artifact;
}
