/**
 * Boots the whole system on this machine: the embedded chain (journal replayed), the contracts deployed once, the
 * gateway's context, and the demo port community registered once. `npm start`, the tests and the benchmarks use it.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { Chain, type ChainAddresses } from "../api/adapters/chain/chain.ts";
import { Journal } from "../api/adapters/chain/journal.ts";
import { Keystore } from "../api/adapters/keystore.ts";
import type { GatewayConfig } from "../api/config.ts";
import { OPERATOR, type GatewayContext } from "../api/context.ts";
import { keystorePassword, openGateway, serve, type RunningGateway } from "../api/gateway.ts";
import type { Role } from "../api/domain.ts";
import { OrganizationService } from "../api/organizations/service.ts";
import { startEmbeddedChain } from "./embeddedChain.ts";

/** The demo port community: one organization per role, and the operator. */
export const DEMO_PARTIES: { key: string; name: string; role: Role; orgId: string }[] = [
  { key: "carrier", name: "COSCO Shipping Lines", role: "carrier", orgId: "91310000MA1FL4CT3X" },
  { key: "shipper", name: "Suzano Brazil Exportadora", role: "trader", orgId: "5493001KJTIIGC8Y1R12" },
  { key: "bank", name: "Bank of Tianjin", role: "bank", orgId: "911200001030626290" },
  { key: "consignee", name: "Tianjin Paper Import Co.", role: "trader", orgId: "91120116MA05JPX21K" },
  {
    key: "terminal",
    name: "Tianjin Port Pacific International Container Terminal",
    role: "terminal",
    orgId: "911201167186133021",
  },
  { key: "customs", name: "Tianjin Xingang Customs", role: "customs", orgId: "11120000000013627X" },
  { key: "haulier", name: "Binhai Container Haulage", role: "haulier", orgId: "91120116MA06H8L45B" },
];

/**
 * The demo community's delays: a change of the registry's admin, and the recovery of an organization that lost its
 * keys (production: days; `scripts/deploy.ts` takes them from the environment).
 */
export const DEMO_ADMIN_DELAY_SECONDS = 300;
export const DEMO_RECOVERY_DELAY_SECONDS = 300;

export interface DemoParty {
  name: string;
  role: Role | "operator";
  orgId: string;
  apiKey: string;
}

export interface Community {
  ctx: GatewayContext;
  parties: DemoParty[];
  /** API keys by demo role key: operator, carrier, shipper, bank, consignee, terminal, customs, haulier. */
  keys: Record<string, string>;
  replayed: number;
  partiesFile: string;
  /** Starts listening; the returned gateway's close() also stops the chain. */
  serve(): Promise<RunningGateway>;
  /** Stops everything without listening having started. */
  close(): Promise<void>;
}

export async function bootCommunity(config: GatewayConfig): Promise<Community> {
  const journal = Journal.open(path.join(config.dataDir, "chain", "journal.jsonl"));
  const embedded = await startEmbeddedChain(journal);
  const chain = await Chain.embedded(embedded.provider, journal);
  const keystore = new Keystore(path.join(config.dataDir, "keystore"), keystorePassword(config));

  const deploymentFile = path.join(config.dataDir, "deployment.json");
  const deployment: Partial<ChainAddresses> = existsSync(deploymentFile)
    ? JSON.parse(readFileSync(deploymentFile, "utf8"))
    : {};
  if (
    !deployment.PartyRegistry ||
    !deployment.BillOfLading ||
    !deployment.ImportRelease ||
    !deployment.EquipmentInterchange
  ) {
    if (!keystore.has(OPERATOR)) await keystore.create(OPERATOR);
    const operator = await keystore.wallet(OPERATOR);
    deployment.PartyRegistry ??= await chain.deploy(operator, "PartyRegistry", [
      operator.address,
      DEMO_ADMIN_DELAY_SECONDS,
      DEMO_RECOVERY_DELAY_SECONDS,
    ]);
    deployment.BillOfLading ??= await chain.deploy(operator, "BillOfLading", [deployment.PartyRegistry]);
    deployment.ImportRelease ??= await chain.deploy(operator, "ImportRelease", [
      deployment.PartyRegistry,
      deployment.BillOfLading,
    ]);
    deployment.EquipmentInterchange ??= await chain.deploy(operator, "EquipmentInterchange", [
      deployment.PartyRegistry,
      deployment.ImportRelease,
    ]);
    writeFileSync(deploymentFile, JSON.stringify(deployment, null, 2));
  }
  const ctx = await openGateway(config, chain, deployment as ChainAddresses);

  const partiesFile = path.join(config.dataDir, "demo-parties.json");
  if (!existsSync(partiesFile)) {
    const organizations = new OrganizationService(ctx);
    const operator = { kind: "operator", orgId: OPERATOR } as const;
    const parties: DemoParty[] = [
      { name: "Port community operator", role: "operator", orgId: OPERATOR, apiKey: ctx.apiKeys.issue(OPERATOR) },
    ];
    for (const party of DEMO_PARTIES) {
      const { apiKey } = await organizations.register(operator, {
        orgId: party.orgId,
        name: party.name,
        roles: [party.role],
        creditTier: "aeoAdvanced",
      });
      // The demo's one node serves every organization, so registration issues each one's first API key.
      parties.push({ name: party.name, role: party.role, orgId: party.orgId, apiKey: apiKey! });
    }
    writeFileSync(partiesFile, JSON.stringify(parties, null, 2), { mode: 0o600 });
  }
  const parties = JSON.parse(readFileSync(partiesFile, "utf8")) as DemoParty[];
  const keys: Record<string, string> = { operator: parties[0].apiKey };
  for (const party of DEMO_PARTIES) keys[party.key] = parties.find((p) => p.orgId === party.orgId)!.apiKey;

  const stopChain = async () => {
    await embedded.close();
    await journal.close();
  };
  return {
    ctx,
    parties,
    keys,
    replayed: embedded.replayed,
    partiesFile,
    serve: () => serve(config, ctx, stopChain),
    async close() {
      ctx.index.stop();
      await ctx.notifications.stop();
      await ctx.documents.close();
      await ctx.chain.close();
      await stopChain();
    },
  };
}
