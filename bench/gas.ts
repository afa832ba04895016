/**
 * Gas per e-B/L operation, measured on an in-process Hardhat chain.
 * `npm run bench:gas` prints a table; `npm run bench:gas -- --json` prints one JSON object; `-- --snapshot` writes it to
 * bench/gas-snapshot.json, the committed figures that test/contracts/gasSnapshot.test.ts holds the contracts to.
 */
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { network } from "hardhat";
import { deployPortCommunity, Role, BlType, SurrenderKind, blNumber, checksum } from "../test/fixtures/community.ts";
import { gasOf, hasFlag } from "./support.ts";

const json = hasFlag("json");
const { ethers, provider } = await network.create();
const community = await deployPortCommunity(ethers);
const { billOfLading, orgs, signers } = community;

let n = 0;
const nextNumber = () => blNumber(`BENCH${String(++n).padStart(6, "0")}`);
const asCarrier = billOfLading.connect(signers.carrier);

// Warm-up: the first B/L ever issued pays for nothing a later one does not, but keep the figures steady-state.
await gasOf(asCarrier.issue(nextNumber(), checksum("warm"), BlType.ToOrder, orgs.shipper, 0));

const issueNumber = nextNumber();
const issue = await gasOf(asCarrier.issue(issueNumber, checksum("issue"), BlType.ToOrder, orgs.shipper, 0));
const tokenId = await billOfLading.tokenIdOf(orgs.carrier, issueNumber);
const endorseAndDeliverToBank = await gasOf(
  billOfLading.connect(signers.shipper).endorseAndDeliver(tokenId, orgs.bank),
);
const endorseAndDeliverToConsignee = await gasOf(
  billOfLading.connect(signers.bank).endorseAndDeliver(tokenId, orgs.consignee),
);
const surrender = await gasOf(billOfLading.connect(signers.consignee).surrender(tokenId, SurrenderKind.Delivery));
const acceptSurrender = await gasOf(asCarrier.acceptSurrender(tokenId));
const lifecycle = issue + endorseAndDeliverToBank + endorseAndDeliverToConsignee + surrender + acceptSurrender;

const straightNumber = nextNumber();
await gasOf(asCarrier.issue(straightNumber, checksum("straight"), BlType.Straight, orgs.shipper, orgs.consignee));
const straightId = await billOfLading.tokenIdOf(orgs.carrier, straightNumber);
const transferPossession = await gasOf(
  billOfLading.connect(signers.shipper).transferPossession(straightId, orgs.consignee),
);

const batch = Array.from({ length: 100 }, (_, i) => ({
  blNumber: nextNumber(),
  documentChecksum: checksum(`batch${i}`),
  blType: BlType.ToOrder,
  holder: orgs.shipper,
  consignee: 0,
}));
const batchIssue = await gasOf(asCarrier.issueBatch(batch));

/** The release and e-EIR contracts' figures, from their own benchmark scripts (each deploys its own community). */
function figuresOf(script: string): Record<string, unknown> {
  const out = execFileSync(process.execPath, [fileURLToPath(new URL(script, import.meta.url))], { encoding: "utf8" });
  return JSON.parse(out.trim().split("\n").at(-1)!);
}
const release = figuresOf("./releaseGas.ts");
const equipment = figuresOf("./eirGas.ts");

const figures = {
  issue,
  batchIssuePerBL: Math.round(batchIssue / batch.length),
  transferPossession,
  endorseAndDeliver: endorseAndDeliverToBank,
  surrender,
  acceptSurrender,
  lifecycle,
  eirCycle: equipment.eirCycle as number,
  release,
  equipment,
};
// The budgets after issue 9 (singularity, honest ERC-721 balances, roles checked at every act, 128-bit seal digest).
const targets: Record<string, number> = {
  eirCycle: 170_000,
  lifecycle: 290_000,
  issue: 120_000,
  endorseAndDeliver: 55_000,
  batchIssuePerBL: 85_000,
};
const peer = { lifecycle: 635_000, issue: 282_000 };

if (hasFlag("snapshot")) {
  writeFileSync(new URL("./gas-snapshot.json", import.meta.url), JSON.stringify(figures, null, 2) + "\n");
  console.log("bench/gas-snapshot.json written");
} else if (json) {
  console.log(JSON.stringify(figures));
} else {
  console.log(`${"operation".padEnd(32)}      gas    target   peer (TradeTrust)`);
  // The top-level figures, then the release and e-EIR contracts' own, each operation once.
  const rows = new Map<string, number>();
  for (const [key, value] of Object.entries(figures)) {
    const entries: [string, unknown][] = typeof value === "number" ? [[key, value]] : Object.entries(value);
    for (const [k, v] of entries) if (typeof v === "number" && !k.endsWith("Budget") && !rows.has(k)) rows.set(k, v);
  }
  for (const [key, gas] of rows) {
    const target = targets[key] ? targets[key].toLocaleString("en") : "";
    const peerGas = key in peer ? (peer as Record<string, number>)[key].toLocaleString("en") : "";
    console.log(
      `${key.padEnd(32)} ${gas.toLocaleString("en").padStart(8)} ${target.padStart(9)} ${peerGas.padStart(10)}`,
    );
  }
}
await provider.request({ method: "hardhat_reset", params: [] }).catch(() => undefined);
void Role;
