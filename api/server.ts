/**
 * The gateway against a configured chain (RPC_URL): for a port community's own network, such as Besu/QBFT.
 * `npm start` runs `scripts/start.ts` instead, which brings up the embedded chain as well.
 */
import { Chain } from "./adapters/chain/chain.ts";
import { ConfigError, loadConfig } from "./config.ts";
import { ensureNodeOrganizations, ensureOperator, openGateway, serve } from "./gateway.ts";

try {
  const config = loadConfig();
  if (!config.chain)
    throw new ConfigError("Invalid configuration:\n  RPC_URL: is required (or run `npm start` for the embedded chain)");
  const chain = await Chain.remote(config.chain.rpcUrl, config.chainPollMs);
  const ctx = await openGateway(config, chain, {
    PartyRegistry: config.chain.partyRegistryAddress,
    BillOfLading: config.chain.billOfLadingAddress,
    ImportRelease: config.chain.importReleaseAddress,
    EquipmentInterchange: config.chain.equipmentInterchangeAddress,
  });
  const operatorApiKey = await ensureOperator(ctx, config.chain.operatorPrivateKey);
  if (operatorApiKey) console.log(`Operator API key (shown once, store it safely): ${operatorApiKey}`);
  for (const o of await ensureNodeOrganizations(ctx)) {
    const registered = ctx.index.organizationByOrgId(o.orgId);
    if ("hosted" in o) {
      console.log(
        `Organization ${o.orgId}: hosted, signs its own transactions (Prefer: sign=client)` +
          (registered ? "" : " — not registered yet"),
      );
    } else {
      const standing = !registered
        ? " — not registered yet: give this address to the operator as its signer"
        : registered.signers.includes(o.signer)
          ? ""
          : " — NOT among its signers on chain: add it with one of its signers (addSigner) before this node signs";
      console.log(`Organization ${o.orgId}: signs with ${o.signer}${o.newSigner ? " (new key)" : ""}${standing}`);
    }
    if (o.apiKey) console.log(`  API key of ${o.orgId} (shown once, store it safely): ${o.apiKey}`);
  }
  const gateway = await serve(config, ctx);
  console.log(`Paperless Port gateway on ${gateway.url} (chain ${config.chain.rpcUrl})`);
  console.log(`Web console: ${gateway.url}/console`);
  console.log(`IPFS: ${(await ctx.documents.health()).detail}`);
  const stop = async () => {
    await gateway.close();
    process.exit(0);
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(2);
  }
  throw error;
}
