/**
 * The command-line client (issue 12, point 4), run as its own process against a node served in the suite: an
 * organization keeps its key in a local keystore, the operator registers its signer, and every write the CLI makes
 * is signed on "the user's machine" (client-side signing) while the node never holds the key.
 */
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { createServer as createHttpServer, type IncomingMessage } from "node:http";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect } from "chai";
import { Transaction, Wallet } from "ethers";
import type { RunningGateway } from "../../api/gateway.ts";
import { startTestCommunity, transportDocument, type TestCommunity } from "../fixtures/gateway.ts";
import { as, blPath, chainOf, expectStatus, newBlNumber, read } from "../api/helpers.ts";

const CLI = path.resolve(import.meta.dirname, "../../api/cli/paperless.ts");
const PASSWORD = "cli-test-password";

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

describe("paperless, the command-line client, against a node", function () {
  this.timeout(120_000);
  let t: TestCommunity;
  let gateway: RunningGateway;
  let work: string;
  /** Each organization's PAPERLESS_HOME and API key on the node. */
  const orgs: Record<string, { orgId: string; home: string; apiKey?: string; address?: string }> = {};

  /** Runs `paperless <args>` as the organization `who` (its home, its API key), against the suite's node. */
  function paperless(who: string, args: string[], env: Record<string, string> = {}): Promise<Run> {
    const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("PAPERLESS_")));
    const org = orgs[who];
    return new Promise((resolve) => {
      execFile(
        process.execPath,
        [CLI, ...args],
        {
          env: {
            ...base,
            PAPERLESS_HOME: org.home,
            PAPERLESS_NODE: gateway.url!,
            PAPERLESS_KEYSTORE_PASSWORD: PASSWORD,
            ...(org.apiKey ? { PAPERLESS_API_KEY: org.apiKey } : {}),
            ...env,
          },
        },
        (error, stdout, stderr) => {
          const code = error ? (typeof error.code === "number" ? error.code : -1) : 0;
          resolve({ code, stdout, stderr });
        },
      );
    });
  }

  /** The one JSON object a `--json` run printed on stdout. */
  const json = (run: Run) => {
    const lines = run.stdout.trim().split("\n");
    expect(lines, run.stdout + run.stderr).to.have.length(1);
    return JSON.parse(lines[0]);
  };

  const expectRun = (run: Run, code: number) => {
    expect(run.code, `exit ${run.code}\nstdout: ${run.stdout}\nstderr: ${run.stderr}`).to.equal(code);
    return run;
  };

  /** Makes the organization's key with the CLI and registers its signer as the operator does. */
  async function register(who: string, orgId: string, name: string, roles: string[]) {
    orgs[who] = { orgId, home: path.join(work, who) };
    const made = json(expectRun(await paperless(who, ["key", "new", "--light-kdf", "--json"]), 0));
    orgs[who].address = made.address;
    const res = await as(t, "operator").post("/v1/organizations", { orgId, name, roles, signer: made.address });
    orgs[who].apiKey = expectStatus(res, 201).apiKey;
  }

  const writeDocument = async (name: string, document: unknown) => {
    const file = path.join(work, name);
    await writeFile(file, JSON.stringify(document, null, 2));
    return file;
  };

  before(async () => {
    t = await startTestCommunity();
    gateway = await t.community.serve();
    work = await mkdtemp(path.join(tmpdir(), "paperless-cli-test-"));
    await register("carrier", "91110000CLICARRIER", "Own Key Container Lines", ["carrier"]);
    await register("forwarder", "91110000CLIFORWARD", "Own Key Forwarding", ["trader"]);
    await register("importer", "91110000CLIIMPORTS", "Own Key Importers", ["trader"]);
  });
  after(async () => {
    // Only the listener: t.close() stops the node itself and its chain.
    gateway?.server?.closeAllConnections();
    await new Promise((resolve) => (gateway?.server ? gateway.server.close(resolve) : resolve(undefined)));
    await t?.close();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it("when `key new` makes a key, then it prints the signer address, keeps it 0600 in a 0700 folder and the node holds none of it", async () => {
    const { home, address, orgId } = orgs.carrier;
    expect((await stat(home)).mode & 0o777).to.equal(0o700);
    const file = path.join(home, "keystore.json");
    expect((await stat(file)).mode & 0o777).to.equal(0o600);
    const keystore = JSON.parse(await readFile(file, "utf8"));
    expect(keystore.Crypto.kdf).to.equal("scrypt");
    expect(keystore.Crypto.kdfparams.n).to.equal(4096); // --light-kdf
    expect((await Wallet.fromEncryptedJson(JSON.stringify(keystore), PASSWORD)).address).to.equal(address);
    expect(json(expectRun(await paperless("carrier", ["key", "address", "--json"]), 0)).address).to.equal(address);
    expect(t.community.ctx.keystore.has(orgId)).to.equal(false);
    const me = expectRun(await paperless("carrier", ["me"]), 0);
    expect(me.stdout).to.include(`This machine's key ${address} is one of them.`);
  });

  it("when `key import` is given a hex private key, then it keeps it encrypted under that key's address", async () => {
    const wallet = Wallet.createRandom();
    orgs.imported = { orgId: "-", home: path.join(work, "imported") };
    const file = path.join(work, "private-key.txt");
    await writeFile(file, `${wallet.privateKey}\n`);
    const run = expectRun(await paperless("imported", ["key", "import", file, "--light-kdf"]), 0);
    expect(run.stdout.trim()).to.equal(wallet.address);
    const again = expectRun(await paperless("imported", ["key", "import", file, "--light-kdf"]), 4);
    expect(again.stderr).to.include("A key is already kept in");
  });

  describe("a B/L's life cycle, every write signed by the CLI", () => {
    const blNumber = newBlNumber("CLI");
    let documentFile: string;

    it("when the carrier issues from a DCSA file, then the B/L is issued to the forwarder (JSON output)", async () => {
      documentFile = await writeDocument("bl.json", transportDocument(blNumber));
      const run = expectRun(
        await paperless("carrier", ["issue", documentFile, "--issue-to", orgs.forwarder.orgId, "--json"]),
        0,
      );
      const issued = json(run);
      expect(issued).to.include({ blNumber, state: "active" });
      expect(issued.holder.orgId).to.equal(orgs.forwarder.orgId);
      expect(issued.transactionHash).to.match(/^0x[0-9a-f]{64}$/);
      const onChain = await t.community.ctx.chain.provider.getTransaction(issued.transactionHash);
      expect(onChain!.from).to.equal(orgs.carrier.address);
    });

    it("when the forwarder endorses and delivers to the importer, then the importer holds it (human output)", async () => {
      const run = expectRun(
        await paperless("forwarder", ["endorse-and-deliver", blNumber, "--to", orgs.importer.orgId]),
        0,
      );
      expect(run.stdout).to.match(
        new RegExp(`^${blNumber}: active, version 1, held by Own Key Importers \\(${orgs.importer.orgId}\\)`),
      );
      expect((await read(t, blNumber)).holder.orgId).to.equal(orgs.importer.orgId);
    });

    it("when the forwarder acts on the B/L it no longer holds, then the node's refusal is printed and it exits 1, changing nothing", async () => {
      const before = await read(t, blNumber);
      const run = expectRun(
        await paperless("forwarder", ["endorse-and-deliver", blNumber, "--to", orgs.forwarder.orgId, "--json"]),
        1,
      );
      const problem = json(run);
      expect(problem).to.include({ status: 403, title: "Refused by the contract", exitCode: 1 });
      expect(problem.detail).to.equal(
        "Only the holder, Own Key Importers (91110000CLIIMPORTS), may do this; you are Own Key Forwarding (91110000CLIFORWARD).",
      );
      expect(run.stderr).to.equal(`paperless: Refused by the contract (403): ${problem.detail}\n`);
      expect(await read(t, blNumber)).to.deep.equal(before);
    });

    it("when the keystore password is wrong, then it exits 4 and nothing is sent", async () => {
      const before = await read(t, blNumber);
      const run = expectRun(
        await paperless("importer", ["surrender", blNumber], { PAPERLESS_KEYSTORE_PASSWORD: "not-the-password" }),
        4,
      );
      expect(run.stderr).to.equal(
        "paperless: Keystore problem: The keystore password is wrong: the key was not unlocked, and nothing was sent.\n",
      );
      expect(await read(t, blNumber)).to.deep.equal(before);
    });

    it("when the importer surrenders and the carrier accepts, then the B/L is accomplished", async () => {
      const surrendered = json(expectRun(await paperless("importer", ["surrender", blNumber, "--json"]), 0));
      expect(surrendered).to.include({ state: "surrenderPending", surrenderKind: "delivery" });
      const accepted = json(expectRun(await paperless("carrier", ["accept-surrender", blNumber, "--json"]), 0));
      expect(accepted.state).to.equal("accomplished");
    });

    it("when `show` is asked, then it prints the B/L and the endorsement chain the node answers", async () => {
      const shown = json(expectRun(await paperless("carrier", ["show", blNumber, "--json"]), 0));
      const chain = await chainOf(t, blNumber);
      expect(shown.billOfLading).to.deep.equal(
        expectStatus(await as(t, orgs.carrier.apiKey).get(blPath(blNumber)), 200),
      );
      expect(shown.endorsementChain).to.deep.equal(chain.endorsementChain);
      const human = expectRun(await paperless("carrier", ["show", blNumber]), 0).stdout.split("\n");
      const importer = `Own Key Importers (${orgs.importer.orgId})`;
      expect(human[0]).to.equal(`${blNumber}: accomplished, version 1, held by ${importer}, endorsee ${importer}`);
      expect(human).to.include("Endorsement chain:");
      expect(human.filter((l) => /^ {2}\d{4}-/.test(l))).to.have.length(chain.endorsementChain.length);
    });

    it("when a file is verified, then the issued one is authentic (exit 0) and a tampered copy is not (exit 5)", async () => {
      const good = expectRun(await paperless("importer", ["verify", documentFile]), 0);
      expect(good.stdout).to.match(new RegExp(`^authentic: B/L ${blNumber}, version 1 \\(current\\), accomplished`));
      const tampered = transportDocument(blNumber);
      tampered.shippingInstructionsReference = "TAMPERED";
      const file = await writeDocument("tampered.json", tampered);
      const bad = json(expectRun(await paperless("importer", ["verify", file, "--json"]), 5));
      expect(bad.authentic).to.equal(false);
    });
  });

  it("when the carrier issues a batch from a manifest, then each B/L is issued and a refused one is reported (exit 1)", async () => {
    const numbers = [newBlNumber("CLIB"), newBlNumber("CLIB")];
    const taken = newBlNumber("CLIB");
    await writeDocument("batch-1.json", transportDocument(numbers[0]));
    await writeDocument("batch-2.json", transportDocument(numbers[1]));
    await writeDocument("batch-3.json", transportDocument(taken));
    const manifest = await writeDocument("manifest.json", {
      issueTo: orgs.forwarder.orgId,
      billsOfLading: [{ file: "batch-1.json" }, { file: "batch-2.json", issueTo: orgs.importer.orgId }],
    });
    const batch = json(expectRun(await paperless("carrier", ["issue-batch", manifest, "--json"]), 0));
    expect(batch).to.include({ issued: 2, refused: 0 });
    expect(batch.items.map((i: { blNumber: string }) => i.blNumber)).to.deep.equal(numbers);
    expect((await read(t, numbers[0])).holder.orgId).to.equal(orgs.forwarder.orgId);
    expect((await read(t, numbers[1])).holder.orgId).to.equal(orgs.importer.orgId);

    // One already issued: the node refuses it, the others go on.
    const again = await writeDocument("manifest-again.json", {
      issueTo: orgs.forwarder.orgId,
      billsOfLading: [{ file: "batch-3.json" }, { file: "batch-1.json" }],
    });
    const mixed = json(expectRun(await paperless("carrier", ["issue-batch", again, "--json"]), 1));
    expect(mixed).to.include({ issued: 1, refused: 1 });
    expect(mixed.items[0].blNumber).to.equal(taken);
    expect(mixed.items[1].problem.status).to.equal(409);
  });

  it("when the organization adds a second signer and removes it, then the node's register follows; removing its last is refused", async () => {
    orgs.secondKey = { orgId: orgs.forwarder.orgId, home: path.join(work, "second-key") };
    const second = json(expectRun(await paperless("secondKey", ["key", "new", "--light-kdf", "--json"]), 0)).address;
    const added = json(expectRun(await paperless("forwarder", ["key", "add", second, "--json"]), 0));
    expect(added.signers).to.deep.equal([orgs.forwarder.address, second]);
    const removed = json(expectRun(await paperless("forwarder", ["key", "remove", second, "--json"]), 0));
    expect(removed.signers).to.deep.equal([orgs.forwarder.address]);

    const last = expectRun(await paperless("forwarder", ["key", "remove", orgs.forwarder.address!]), 1);
    expect(last.stderr).to.equal(
      "paperless: Refused by the contract (409): Own Key Forwarding (91110000CLIFORWARD) would need 1 approving signers but would " +
        "have 0: an organization keeps at least one key and at least as many keys as its threshold.\n",
    );
  });

  it("when a node prepares another transaction than asked (chain, signer, contract), then the CLI signs nothing (exit 3)", async () => {
    // A node that answers what the test tells it to: /health, a prepared endorsement, and /v1/transactions.
    const to = Wallet.createRandom().address;
    let prepared: Record<string, unknown> = {};
    const sent: string[] = [];
    const body = (req: IncomingMessage) =>
      new Promise<string>((resolve) => {
        let text = "";
        req.on("data", (c: Buffer) => (text += c.toString()));
        req.on("end", () => resolve(text));
      });
    const fake = createHttpServer(async (req, res) => {
      const reply = (status: number, value: unknown) =>
        res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(value));
      if (req.url === "/health") return reply(200, { status: "ok", chain: { ok: true, chainId: 31337 } });
      if (req.url === "/v1/transactions") {
        sent.push(JSON.parse(await body(req)).signedTransaction);
        return reply(200, { blNumber: "FAKE1", state: "active", version: 1, holder: null, transactionHash: "0x01" });
      }
      await body(req);
      reply(202, prepared);
    });
    await new Promise<void>((resolve) => fake.listen(0, "127.0.0.1", resolve));
    const node = `http://127.0.0.1:${(fake.address() as { port: number }).port}`;
    const transaction = {
      type: 2,
      chainId: "31337",
      to,
      data: "0x1234",
      nonce: 7,
      gasLimit: "100000",
      maxFeePerGas: "0",
      maxPriorityFeePerGas: "0",
      value: "0",
    };
    const prepare = (change: Record<string, unknown>, signer = orgs.carrier.address) =>
      (prepared = {
        transaction: { ...transaction, ...change },
        signer,
        unsignedHash: "0x" + "00".repeat(32),
        expiresAt: new Date().toISOString(),
      });
    const endorse = (env: Record<string, string> = {}) =>
      paperless("carrier", ["endorse", "FAKE1", "--to", "91110000CLIFORWARD", "--node", node], env);
    try {
      prepare({ chainId: "1" });
      expect(expectRun(await endorse(), 3).stderr).to.equal(
        "paperless: Transaction not signed: The node prepared a transaction for chain 1; the node's chain is 31337: " +
          "nothing was signed or sent.\n",
      );
      prepare({}, orgs.forwarder.address);
      expect(expectRun(await endorse(), 3).stderr).to.include(`a transaction for signer ${orgs.forwarder.address}`);
      prepare({ value: "1000" });
      expect(expectRun(await endorse(), 3).stderr).to.include("not a value-free EIP-1559 call");
      prepare({});
      const pinned = Wallet.createRandom().address;
      expect(expectRun(await endorse({ PAPERLESS_CONTRACTS: pinned }), 3).stderr).to.include(
        "which is not in PAPERLESS_CONTRACTS",
      );
      expect(sent, "a refused preparation was signed and sent").to.deep.equal([]);

      // What was asked for is signed by the kept key and sent, and the node's answer printed.
      expectRun(await endorse({ PAPERLESS_CONTRACTS: `${pinned},${to}` }), 0);
      expect(sent).to.have.length(1);
      const signed = Transaction.from(sent[0]);
      expect(signed.from).to.equal(orgs.carrier.address);
      expect({ to: signed.to, nonce: signed.nonce, data: signed.data }).to.deep.equal({ to, nonce: 7, data: "0x1234" });
    } finally {
      fake.closeAllConnections();
      await new Promise((resolve) => fake.close(resolve));
    }
  });

  it("when the node cannot be reached, then it exits 3; when the usage is wrong, 2", async () => {
    // A port that was free a moment ago: nothing listens on it.
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as { port: number };
    await new Promise((resolve) => server.close(resolve));
    const url = `http://127.0.0.1:${port}`;
    const run = expectRun(await paperless("carrier", ["show", "ANY", "--node", url, "--json"]), 3);
    expect(json(run)).to.deep.equal({
      title: "Node unreachable",
      detail: `The node at ${url} cannot be reached (ECONNREFUSED): check --node or PAPERLESS_NODE, and that the node runs.`,
      exitCode: 3,
    });
    const usage = expectRun(await paperless("carrier", ["endorse", "ANY"]), 2);
    expect(usage.stderr).to.equal("paperless: required option '--to <orgId>' not specified\n");
  });
});
