/**
 * The README's walk-throughs, run as a newcomer runs them: `npm start` on a port other than 3000 and its own DATA_DIR,
 * then every `sh` block under a "Walk-through" heading, in order, in one bash shell in the project folder. They must
 * run as written, with `$API` following `PORT`, leave nothing in the working tree, refuse exactly what they say they
 * refuse, and end in the state they describe.
 */
import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { expect } from "chai";
import {
  childEnv,
  freePort,
  problemStatuses,
  Processes,
  readmeScripts,
  repoRoot,
  start,
  tempDir,
  type Json,
} from "./helpers.ts";

const run = promisify(execFile);

/** The `sh` code blocks of the README's "Walk-through" sections, in order. */
export const walkthroughScripts = (readme: string) => readmeScripts(readme, "Walk-through");

describe("README walk-throughs (end to end)", function () {
  this.timeout(240_000);

  const processes = new Processes();
  let data: { dir: string; remove(): Promise<void> };
  let port: number;
  let output: string;
  let gitStatusBefore: string;

  const get = async (route: string, key: string): Promise<Json> => {
    const res = await fetch(`http://127.0.0.1:${port}${route}`, { headers: { Authorization: `Bearer ${key}` } });
    return res.json();
  };

  before(async () => {
    data = await tempDir("paperless-readme-");
    port = await freePort();
    gitStatusBefore = (await run("git", ["status", "--porcelain"], { cwd: repoRoot })).stdout;
    const env = childEnv({ PORT: String(port), DATA_DIR: data.dir, HOST: undefined, RPC_URL: undefined });
    const npm = processes.track(start("npm", ["start"], env, "npm start"));
    await npm.waitFor(/Paperless Port is up: gateway (http:\/\/\S+)/, 90_000);
    const readme = await readFile(path.join(repoRoot, "README.md"), "utf8");
    const script = walkthroughScripts(readme)
      .map((b) => `# ---- ${b.section}\n${b.script}`)
      .join("\n");
    const shell = await run("bash", ["-c", `set -u\n${script}`], { cwd: repoRoot, env, maxBuffer: 16 << 20 });
    output = shell.stdout;
    expect(shell.stderr, "the walk-throughs wrote to stderr").to.equal("");
  });

  after(async () => {
    await processes.killAll();
    await data?.remove();
  });

  it("when the README's sections are read, then there are four walk-throughs to run", async () => {
    const readme = await readFile(path.join(repoRoot, "README.md"), "utf8");
    expect(walkthroughScripts(readme).map((b) => b.section)).to.have.length.greaterThanOrEqual(4);
  });

  it("when they run on another port, then only the refusals they announce are refused (409, then 403)", () => {
    expect(problemStatuses(output), output).to.deep.equal([409, 403]);
    expect(output).not.to.match(/Internal Server Error|"status":5\d\d|curl: \(\d+\)/);
  });

  it("when they have run, then the B/L is accomplished with its invoice, and the container left the terminal", async () => {
    const parties: { name: string; apiKey: string }[] = JSON.parse(
      await readFile(path.join(data.dir, "demo-parties.json"), "utf8"),
    );
    const key = (name: string) => parties.find((p) => p.name.startsWith(name))!.apiKey;
    const bl = await get("/v1/bills-of-lading/TJ2026000001", key("Tianjin Paper"));
    expect(bl.state).to.equal("accomplished");
    const attachments = await get("/v1/bills-of-lading/TJ2026000001/attachments", key("Tianjin Paper"));
    expect(JSON.stringify(attachments)).to.contain("invoice.pdf");
    const container = await get("/v1/containers/MSKU1234565", key("Tianjin Port"));
    expect(container.gatedOutAt, JSON.stringify(container)).to.be.a("string");
    expect(container.history.map((h: Json) => h.step)).to.include("gatedOut");
    expect(output).to.contain('"newDamageAttributedToHaulier"');
  });

  it("when they have run, then the working tree is as it was (their files go to a scratch folder)", async () => {
    expect((await run("git", ["status", "--porcelain"], { cwd: repoRoot })).stdout).to.equal(gitStatusBefore);
  });
});
