/**
 * `npm start`: the whole system on this machine — the embedded Hardhat chain with the contracts deployed, an
 * embedded offline IPFS node (Helia) on disk, the gateway on http://127.0.0.1:3000 and a demo port community.
 * Everything lives in $DATA_DIR (default ./data) and is all still there at the next start.
 */
import { ConfigError, loadConfig } from "../api/config.ts";
import { bootCommunity } from "./community.ts";

try {
  const config = loadConfig();
  const community = await bootCommunity(config);
  const gateway = await community.serve();
  console.log(`Paperless Port is up: gateway ${gateway.url}  (API docs ${gateway.url}/docs)`);
  console.log(`  web console: ${gateway.url}/console (sign in with one of the API keys below)`);
  console.log(
    `  chain: embedded Hardhat, ${community.replayed} journaled transactions replayed; IPFS: ${community.ctx.documents.backend}`,
  );
  console.log(`  data: ${config.dataDir}; the demo API keys are also in ${community.partiesFile}`);
  for (const p of community.parties) {
    console.log(`  ${p.role.padEnd(9)} ${p.name.padEnd(54)} ${p.orgId.padEnd(20)} ${p.apiKey}`);
  }
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    console.log("Stopping…");
    await gateway.close();
    console.log("Stopped.");
    process.exit(0);
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(2);
  }
  throw error;
}
