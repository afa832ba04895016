/**
 * `npm run community`: a whole port community on this machine, one process per node (scripts/portCommunity.ts).
 * Everything lives in $DATA_DIR/community (default ./data/community) and is still there at the next start; the nodes'
 * HTTP ports are COMMUNITY_PORT (default 4000) to COMMUNITY_PORT+4, the chain's is COMMUNITY_PORT+545. Ctrl-C stops
 * every node, then the chain, which writes its state.
 */
import path from "node:path";
import { CHAIN_STATE_INTERVAL_SECONDS, COMMUNITY_NODES, defaultPorts, startPortCommunity } from "./portCommunity.ts";

const base = Number(process.env.COMMUNITY_PORT ?? 4000);
if (!Number.isInteger(base) || base < 1024 || base > 60_000) {
  console.error("Invalid configuration:\n  COMMUNITY_PORT: must be a whole number from 1024 to 60000");
  process.exit(2);
}
const dataDir = path.join(path.resolve(process.env.DATA_DIR ?? "./data"), "community");
const verbose = process.argv.includes("--verbose");

console.log(`Starting the port community in ${dataDir} …`);
const community = await startPortCommunity({
  dataDir,
  ports: defaultPorts(base),
  log: verbose ? (line) => console.log(line) : (line) => /error|warn/i.test(line) && console.error(line),
});

console.log(
  `Paperless Port community is up (${community.created ? "new" : "started again from its data"}): ` +
    `chain ${community.chain.url} (anvil, state written every ${CHAIN_STATE_INTERVAL_SECONDS} s and on exit)`,
);
console.log(`  operator  ${community.nodes.operator.url}  API key ${community.operatorApiKey}`);
for (const spec of COMMUNITY_NODES) {
  const node = community.nodes[spec.name];
  if (spec.name !== "operator") console.log(`  ${spec.name.padEnd(9)} ${node.url}`);
  for (const key of [...spec.signsFor, ...spec.hosts]) {
    const o = community.organizations[key];
    const client = community.clientKeys[key];
    console.log(`    ${key.padEnd(9)} ${o.name.padEnd(54)} ${o.orgId.padEnd(20)} API key ${o.apiKey}`);
    console.log(
      client
        ? `              signs its own transactions: key ${client.address} in ${path.relative(process.cwd(), client.keystoreFile)} (password ${client.password})`
        : `              signed for by its node: signer ${o.signer}`,
    );
  }
}
console.log(`  everything (keys, passwords, API keys) is also in ${path.join(dataDir, "community.json")}`);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  console.log("Stopping the nodes, then the chain …");
  // Ctrl-C in the terminal reached every node and the chain too; a signal to this process alone did not.
  await community.stop({ interrupted: true });
  console.log("Stopped.");
  process.exit(0);
};
void community.chain.exited.then(async (code) => {
  if (stopping) return;
  stopping = true;
  console.error(`The chain process ended (exit ${code}): stopping every node. Start again with npm run community.`);
  await community.stop();
  process.exit(1);
});
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
