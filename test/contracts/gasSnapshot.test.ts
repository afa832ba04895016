/**
 * The contracts' gas is held to a committed snapshot, as Uniswap does with its gas snapshots: a change that costs or
 * saves gas shows up as a failing test until `npm run bench:gas -- --snapshot` is run and the new bench/gas-snapshot.json
 * is committed with it. The README's gas tables are checked against the same snapshot, and the budgets against both.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { expect } from "chai";

type Figures = Record<string, number | Record<string, number>>;

const snapshot: Figures = JSON.parse(readFileSync(new URL("../../bench/gas-snapshot.json", import.meta.url), "utf8"));
const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");

const CALLDATA_NOISE = 48;

/** `{ release: { recordGateOut: 1 } }` as `{ "release.recordGateOut": 1 }`. */
function flatten(figures: Figures, prefix = ""): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [key, value] of Object.entries(figures)) {
    if (typeof value === "number") out[prefix + key] = value;
    else Object.assign(out, flatten(value, `${prefix}${key}.`));
  }
  return out;
}

/** The budgets issue 9 set; the snapshot must stay within them. */
const BUDGETS: Record<string, number> = {
  issue: 120_000,
  batchIssuePerBL: 85_000,
  endorseAndDeliver: 55_000,
  lifecycle: 290_000,
  eirCycle: 170_000,
};

/** The README's "gas" column (the one after "before") for the row that starts with `key`. */
function readmeGas(key: string): number | undefined {
  const row = readme.split("\n").find((line) => line.startsWith(`| \`${key}\``));
  if (!row) return undefined;
  const cells = row.split("|").map((c) => c.trim());
  return Number(cells[3].replaceAll(",", ""));
}

describe("gas snapshot (bench/gas-snapshot.json)", function () {
  this.timeout(120_000);

  it("when the benchmark runs now, then every figure equals the committed snapshot", function () {
    const out = execFileSync(
      process.execPath,
      [fileURLToPath(new URL("../../bench/gas.ts", import.meta.url)), "--json"],
      {
        encoding: "utf8",
      },
    );
    const measured = flatten(JSON.parse(out.trim().split("\n").at(-1)!));
    const committed = flatten(snapshot);
    expect(Object.keys(measured).sort(), "the snapshot's keys").to.deep.equal(Object.keys(committed).sort());
    // Ids and times on the chain come from the wall clock, and a zero byte of calldata costs 12 gas less than another:
    // a few such bytes are noise, anything more is a change to the contracts.
    const drift = Object.keys(committed)
      .filter((key) => Math.abs(measured[key] - committed[key]) > CALLDATA_NOISE)
      .map((key) => `${key}: snapshot ${committed[key]}, now ${measured[key]}`);
    expect(drift, "run `npm run bench:gas -- --snapshot` and commit bench/gas-snapshot.json").to.deep.equal([]);
  });

  it("when the snapshot is read, then every budgeted figure is within its budget", function () {
    for (const [key, budget] of Object.entries(BUDGETS)) {
      expect(snapshot[key] as number, key)
        .to.be.a("number")
        .and.at.most(budget);
    }
  });

  it("when the README's gas tables are read, then their figures are the snapshot's", function () {
    for (const key of [
      "issue",
      "transferPossession",
      "endorseAndDeliver",
      "surrender",
      "acceptSurrender",
      "lifecycle",
      "eirCycle",
      "recordDischarge",
      "recordGateOut",
      "nominateHaulier",
    ]) {
      const figure = (snapshot[key] ?? (snapshot.release as Record<string, number>)[key]) as number;
      expect(readmeGas(key), `README row \`${key}\``).to.equal(figure);
    }
    expect(readmeGas("batchIssuePerBL"), "README row `batchIssuePerBL`").to.equal(snapshot.batchIssuePerBL);
  });
});
