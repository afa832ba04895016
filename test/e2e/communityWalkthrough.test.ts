/**
 * The README's port community, as a newcomer runs it: `npm run community` on ports of its own (COMMUNITY_PORT) and
 * its own DATA_DIR, then the `sh` block of the README's "A port community of nodes" section in one bash shell, each
 * step on the acting party's node, the shipper signing with the `paperless` client. Then Ctrl-C stops every process,
 * and `npm run community` again finds the same community on the chain it kept.
 */
import { execFile } from "node:child_process";
import { readdir, readFile } from "node:fs/promises";
import { createServer } from "node:net";
import path from "node:path";
import { promisify } from "node:util";
import { expect } from "chai";
import {
  childEnv,
  problemStatuses,
  Processes,
  readmeScripts,
  repoRoot,
  start,
  tempDir,
  type Json,
  type Process,
} from "./helpers.ts";

const run = promisify(execFile);
const SECTION = "A port community of nodes";

/** Whether `port` on 127.0.0.1 can be bound now. */
function portFree(port: number): Promise<boolean> {
  const server = createServer();
  return new Promise((resolve) => {
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

/** A COMMUNITY_PORT whose every port (nodes, their IPFS, the chain) is free a moment ago. */
async function freeCommunityBase(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = 20_000 + Math.floor(Math.random() * 300) * 100;
    const ports = [0, 1, 2, 3, 4, 100, 101, 102, 103, 104, 545].map((o) => base + o);
    if ((await Promise.all(ports.map(portFree))).every(Boolean)) return base;
  }
  throw new Error("No free range of ports for the community.");
}

describe("README: npm run community and the walk-through across its nodes (end to end)", function () {
  this.timeout(300_000);

  const processes = new Processes();
  let data: { dir: string; remove(): Promise<void> };
  let env: NodeJS.ProcessEnv;
  let community: Process;
  let output: string;
  let state: Json;

  const startCommunity = async () => {
    community = processes.track(start("npm", ["run", "community"], env, "npm run community"));
    await community.waitFor(/Paperless Port community is up \(([^)]*)\)/, 180_000);
  };
  const get = async (url: string, key: string): Promise<Json> =>
    (await fetch(url, { headers: { Authorization: `Bearer ${key}` } })).json();
  const keyOf = (k: string) => state.organizations.find((o: Json) => o.key === k).apiKey as string;

  before(async () => {
    data = await tempDir("paperless-community-");
    const base = await freeCommunityBase();
    env = childEnv({ DATA_DIR: data.dir, COMMUNITY_PORT: String(base), PORT: undefined, RPC_URL: undefined });
    await startCommunity();
    const readme = await readFile(path.join(repoRoot, "README.md"), "utf8");
    const script = readmeScripts(readme, SECTION)
      .map((b) => b.script)
      .join("\n");
    const shell = await run("bash", ["-c", `set -u\n${script}`], { cwd: repoRoot, env, maxBuffer: 16 << 20 });
    output = shell.stdout;
    expect(shell.stderr, `the walk-through wrote to stderr; its output:\n${output}`).to.equal("");
    state = JSON.parse(await readFile(path.join(data.dir, "community", "community.json"), "utf8"));
  });

  after(async () => {
    await processes.killAll();
    await data?.remove();
  });

  it("when the community starts, then it prints every node's URL, on the ports COMMUNITY_PORT gives", () => {
    for (const name of ["operator", "carrier", "bank", "consignee", "terminal"]) {
      expect(community.output).to.contain(state.urls[name]);
    }
    expect(community.output).to.match(/community is up \(new\)/);
  });

  it("when the walk-through runs, then nothing is refused and the invoice read from another node is the same file", () => {
    expect(problemStatuses(output), output).to.deep.equal([]);
    expect(output).not.to.match(/Internal Server Error|"status":5\d\d|curl: \(\d+\)/);
    expect(output).to.contain("invoice: same bytes");
  });

  it("when it has run, then every node agrees: the B/L is accomplished and the container has left", async () => {
    const bls = await Promise.all(
      [
        ["carrier", "carrier"],
        ["bank", "bank"],
        ["bank", "shipper"],
        ["consignee", "consignee"],
        ["terminal", "terminal"],
      ].map(([node, who]) => get(`${state.urls[node]}/v1/bills-of-lading/TJ2026000101`, keyOf(who))),
    );
    for (const bl of bls) expect(bl.state, JSON.stringify(bl)).to.equal("accomplished");
    const container = await get(`${state.urls.terminal}/v1/containers/MSKU1234565`, keyOf("terminal"));
    expect(container.gatedOutAt, JSON.stringify(container)).to.be.a("string");
  });

  it("when the keystores are listed, then each node holds only its own organizations' keys, and none the shipper's", async () => {
    const files = async (node: string) =>
      (await readdir(path.join(data.dir, "community", "nodes", node, "keystore"))).sort();
    const file = (k: string) => `${encodeURIComponent(state.organizations.find((o: Json) => o.key === k).orgId)}.json`;
    expect(await files("operator")).to.deep.equal(["operator.json"]);
    expect(await files("carrier")).to.deep.equal([file("carrier")]);
    expect(await files("bank")).to.deep.equal([file("bank")]);
    expect(await files("consignee")).to.deep.equal([file("consignee")]);
    expect(await files("terminal")).to.deep.equal([file("terminal"), file("customs"), file("haulier")].sort());
    expect(output).to.contain(`bank: ${file("bank")}`);
  });

  it("when Ctrl-C is pressed, then every node and the chain stop, and no process is left", async () => {
    community.signalGroup("SIGINT");
    await community.waitForExit(60_000);
    expect(community.output).to.match(/Stopped\.\s*$/);
    expect(community.groupAlive).to.equal(false);
  });

  it("when npm run community runs again, then it starts the same community from its data: the B/L is still there", async () => {
    await startCommunity();
    expect(community.output).to.match(/community is up \(started again from its data\)/);
    const bl = await get(`${state.urls.consignee}/v1/bills-of-lading/TJ2026000101`, keyOf("consignee"));
    expect(bl.state).to.equal("accomplished");
    community.signalGroup("SIGINT");
    await community.waitForExit(60_000);
  });
});
