/**
 * `npm run deploy`: deploys PartyRegistry(operator, ADMIN_DELAY_SECONDS, RECOVERY_DELAY_SECONDS), BillOfLading(partyRegistry) and
 * ImportRelease(partyRegistry, billOfLading) and EquipmentInterchange(partyRegistry, importRelease) to the chain at RPC_URL, signed by OPERATOR_PRIVATE_KEY, and prints their
 * addresses as one JSON object on stdout (everything else goes to stderr):
 *   RPC_URL=http://127.0.0.1:8545 OPERATOR_PRIVATE_KEY=0x… npm run deploy
 *   {"PartyRegistry":"0x…","BillOfLading":"0x…","ImportRelease":"0x…","EquipmentInterchange":"0x…"}
 * These are the PARTY_REGISTRY_ADDRESS, BILL_OF_LADING_ADDRESS and IMPORT_RELEASE_ADDRESS of `node api/server.ts`.
 */
import { ContractFactory, JsonRpcProvider, Wallet } from "ethers";
import { loadArtifact, type ContractName } from "../api/adapters/chain/artifacts.ts";

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

const rpcUrl = process.env.RPC_URL;
const operatorKey = process.env.OPERATOR_PRIVATE_KEY;
const problems: string[] = [];
if (!rpcUrl || !URL.canParse(rpcUrl)) problems.push("  RPC_URL: must be a URL such as http://127.0.0.1:8545");
if (!operatorKey || !/^0x[0-9a-fA-F]{64}$/.test(operatorKey)) {
  problems.push("  OPERATOR_PRIVATE_KEY: must be a 0x-prefixed 32-byte hex private key");
}
/** A delay in seconds from the environment, or the production default. */
function delay(name: string, fallback: number): number {
  const text = process.env[name];
  if (text === undefined || text === "") return fallback;
  if (!/^\d+$/.test(text) || Number(text) > 2 ** 40) problems.push(`  ${name}: must be a whole number of seconds`);
  return Number(text);
}
// How long a change of the registry's admin waits (2 days), and an organization's key recovery (7 days).
const adminDelaySeconds = delay("ADMIN_DELAY_SECONDS", 2 * 24 * 3600);
const recoveryDelaySeconds = delay("RECOVERY_DELAY_SECONDS", 7 * 24 * 3600);
if (problems.length > 0) fail(`Invalid configuration:\n${problems.join("\n")}`);

// cacheTimeout -1: no request caching, or consecutive transactions from one key can read a stale nonce.
const provider = new JsonRpcProvider(rpcUrl, undefined, { cacheTimeout: -1 });
try {
  const operator = new Wallet(operatorKey!, provider);

  const deploy = async (name: ContractName, args: unknown[]): Promise<string> => {
    const { abi, bytecode } = loadArtifact(name);
    const contract = await new ContractFactory(abi as never, bytecode, operator).deploy(...args);
    await contract.waitForDeployment();
    const address = await contract.getAddress();
    process.stderr.write(`${name} deployed at ${address}\n`);
    return address;
  };

  const partyRegistry = await deploy("PartyRegistry", [operator.address, adminDelaySeconds, recoveryDelaySeconds]);
  const billOfLading = await deploy("BillOfLading", [partyRegistry]);
  const importRelease = await deploy("ImportRelease", [partyRegistry, billOfLading]);
  const equipmentInterchange = await deploy("EquipmentInterchange", [partyRegistry, importRelease]);
  const addresses = {
    PartyRegistry: partyRegistry,
    BillOfLading: billOfLading,
    ImportRelease: importRelease,
    EquipmentInterchange: equipmentInterchange,
  };
  process.stdout.write(JSON.stringify(addresses) + "\n");
} catch (error) {
  fail(`Deployment to ${rpcUrl} failed: ${error instanceof Error ? error.message : String(error)}`);
} finally {
  provider.destroy();
}
