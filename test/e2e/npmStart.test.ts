/**
 * `npm start` as a user runs it: the whole system in one process on a DATA_DIR, killed without warning (SIGKILL) right
 * after answering a request and started again, then stopped with Ctrl-C and started once more. Nothing that was
 * answered may be lost, and the replayed chain must give the same history: the same timestamps and transaction hashes.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { expect } from "chai";
import { DEMO_PARTIES } from "../../scripts/community.ts";
import {
  childEnv,
  expectStatus,
  freePort,
  gatewayAt,
  poll,
  Processes,
  start,
  tempDir,
  toOrderTransportDocument,
  uniqueBlNumber,
  postBlAction,
  type ActionBody,
  type Api,
  type BlAction,
  type Json,
  type Process,
} from "./helpers.ts";

const UP_WITHIN_MS = 90_000;
const STOPPED_WITHIN_MS = 30_000;

interface DemoParty {
  name: string;
  role: string;
  orgId: string;
  apiKey: string;
}

describe("npm start (end to end)", function () {
  this.timeout(180_000);

  const processes = new Processes();
  let data: { dir: string; remove(): Promise<void> };
  let port: number;
  let api: Api;
  /** Demo parties by role key: operator, carrier, shipper, bank, consignee, terminal, customs, haulier. */
  const parties: Record<string, DemoParty> = {};
  const blNumber = uniqueBlNumber("NPMSTART");
  const transportDocument = toOrderTransportDocument(blNumber);
  let issued: Json;
  let chainAfterIssue: Json[];
  let endorsedToBank: Json;
  let historyWhenAccomplished: Json;

  /** `npm start` on the suite's DATA_DIR and port; resolves once it says it is up. */
  async function npmStart() {
    const env = childEnv({ PORT: String(port), DATA_DIR: data.dir, HOST: undefined, RPC_URL: undefined });
    const npm = processes.track(start("npm", ["start"], env, "npm start"));
    const [, url] = await npm.waitFor(/Paperless Port is up: gateway (http:\/\/\S+)/, UP_WITHIN_MS);
    api = gatewayAt(url);
    return npm;
  }

  /**
   * Ctrl-C in a terminal: SIGINT to the whole foreground process group (npm, its `sh -c` and node). The gateway prints
   * "Stopped." just before `process.exit(0)`. npm itself then ends by SIGINT rather than with code 0: its script shell
   * is killed by the same SIGINT, and npm re-raises a script's signal on itself (@npmcli/run-script), as it does for
   * every script stopped with Ctrl-C.
   */
  async function stopWithCtrlC(npm: Process) {
    npm.signalGroup("SIGINT");
    const exit = await npm.waitForExit(STOPPED_WITHIN_MS);
    expect(npm.output).to.match(/Stopping…\s+Stopped\.\s*$/);
    expect(
      [
        { code: 0, signal: null },
        { code: null, signal: "SIGINT" },
      ],
      npm.output,
    ).to.deep.include(exit);
    await poll(
      "the whole `npm start` process group to be gone",
      async () => (npm.groupAlive ? undefined : true),
      10_000,
    );
  }

  const key = (role: string) => parties[role].apiKey;
  const read = async (role: string) =>
    expectStatus(
      await api(key(role)).GET("/v1/bills-of-lading/{blNumber}", { params: { path: { blNumber } } }),
      200,
      "GET the B/L",
    );
  const history = async (role: string) =>
    expectStatus(
      await api(key(role)).GET("/v1/bills-of-lading/{blNumber}/endorsement-chain", { params: { path: { blNumber } } }),
      200,
      "GET the endorsement chain",
    );
  const act = async <A extends BlAction>(role: string, action: A, body?: ActionBody<A>) =>
    expectStatus(await postBlAction(api(key(role)), blNumber, action, body), 200, `${role}: ${action}`);

  before(async () => {
    data = await tempDir("paperless-port-npm-start-");
    port = await freePort();
  });

  after(async () => {
    await processes.killAll();
    await data?.remove();
  });

  describe("when `npm start` runs on an empty DATA_DIR", () => {
    let npm: Process;

    before(async () => {
      npm = await npmStart();
    });

    it("then it listens on PORT and writes the demo port community's API keys to DATA_DIR/demo-parties.json", async () => {
      expect(npm.output).to.include(`http://127.0.0.1:${port}`);
      const list = JSON.parse(await readFile(path.join(data.dir, "demo-parties.json"), "utf8")) as DemoParty[];
      const operator = list.find((p) => p.role === "operator");
      expect(operator, JSON.stringify(list, null, 1)).to.exist;
      parties.operator = operator!;
      // The shipper and the consignee are both traders: the demo community's definition tells them apart.
      const expected: [string, string][] = [
        ["carrier", "carrier"],
        ["shipper", "trader"],
        ["bank", "bank"],
        ["consignee", "trader"],
        ["terminal", "terminal"],
        ["customs", "customs"],
        ["haulier", "haulier"],
      ];
      for (const [roleKey, role] of expected) {
        const demo = DEMO_PARTIES.find((p) => p.key === roleKey)!;
        const party = list.find((p) => p.orgId === demo.orgId);
        expect(party, `${roleKey} in ${JSON.stringify(list, null, 1)}`).to.include({ role, name: demo.name });
        parties[roleKey] = party!;
      }
      for (const party of list) expect(party.apiKey, `${party.name}'s API key`).to.match(/^\S{20,}$/);
      expect(list).to.have.lengthOf(8);
    });

    it("then GET /health is 200 with the chain, IPFS and the index ok", async () => {
      const health = expectStatus(await api().GET("/health"), 200, "GET /health");
      expect(health.status).to.equal("ok");
      expect(health.chain.ok, JSON.stringify(health)).to.equal(true);
      expect(health.ipfs.ok, JSON.stringify(health)).to.equal(true);
      expect(health.index.ok, JSON.stringify(health)).to.equal(true);
    });

    it("then the carrier issues a to-order B/L to the shipper, and the shipper endorses and delivers it to the bank; then the process is killed with SIGKILL right after that answer", async () => {
      issued = expectStatus(
        await api(key("carrier")).POST("/v1/bills-of-lading", {
          body: { transportDocument, issueTo: parties.shipper.orgId },
        }),
        201,
        "issue",
      );
      expect(issued.state).to.equal("active");
      expect(issued.holder?.orgId).to.equal(parties.shipper.orgId);
      chainAfterIssue = (await history("shipper")).endorsementChain;
      expect(chainAfterIssue.map((e: Json) => e.actionCode)).to.deep.equal(["ISSUE"]);

      endorsedToBank = await act("shipper", "endorse-and-deliver", { to: parties.bank.orgId });
      await npm.kill(); // right after the answer: nothing else may have been asked in between
      expect(endorsedToBank.holder?.orgId).to.equal(parties.bank.orgId);
      expect(endorsedToBank.transactionHash).to.match(/^0x[0-9a-f]{64}$/);
    });
  });

  describe("when `npm start` runs again on the same DATA_DIR after the SIGKILL", () => {
    let npm: Process;

    before(async () => {
      npm = await npmStart();
    });

    it("then it says it replayed the journaled transactions", async () => {
      const [, replayed] = await npm.waitFor(/embedded Hardhat, (\d+) journaled transactions replayed/, 10_000);
      expect(Number(replayed)).to.be.above(0);
    });

    it("then the B/L is there with the bank as holder and endorsee, and its document is served", async () => {
      const bl = await read("bank");
      expect(bl.state).to.equal("active");
      expect(bl.holder?.orgId).to.equal(parties.bank.orgId);
      expect(bl.endorsee?.orgId).to.equal(parties.bank.orgId);
      expect(bl.tokenId).to.equal(issued.tokenId);
      expect(bl.documentChecksum).to.equal(issued.documentChecksum);
      expect(bl.allowedActions).to.include("endorse-and-deliver");
      expect(bl.transportDocument).to.deep.equal(transportDocument);
      const verified = expectStatus(await api().POST("/v1/verify", { body: { transportDocument } }), 200, "verify");
      expect(verified).to.include({ authentic: true, current: true, blNumber, state: "active" });
    });

    it("then the endorsement chain is complete, with the original timestamps and transaction hashes", async () => {
      const { endorsementChain } = await history("bank");
      expect(endorsementChain[0]).to.deep.equal(chainAfterIssue[0]);
      expect(endorsementChain.map((e: Json) => [e.actionCode, e.actor.orgId, e.recipient?.orgId])).to.deep.equal([
        ["ISSUE", parties.carrier.orgId, parties.shipper.orgId],
        ["ENDORSE", parties.shipper.orgId, parties.bank.orgId],
        ["TRANSFER", parties.shipper.orgId, parties.bank.orgId],
      ]);
      for (const entry of endorsementChain.slice(1)) {
        expect(entry.transactionHash).to.equal(endorsedToBank.transactionHash);
        expect(entry.actionDateTime).to.equal(endorsedToBank.updatedAt);
      }
    });

    it("then the bank endorses and delivers it to the consignee, who surrenders it for delivery, and the carrier's acceptance accomplishes it", async () => {
      const toConsignee = await act("bank", "endorse-and-deliver", { to: parties.consignee.orgId });
      expect(toConsignee.holder?.orgId).to.equal(parties.consignee.orgId);
      const surrendered = await act("consignee", "surrender", { kind: "delivery" });
      expect(surrendered.state).to.equal("surrenderPending");
      expect(surrendered.controlledBy?.orgId).to.equal(parties.carrier.orgId);
      const accepted = await act("carrier", "accept-surrender");
      expect(accepted.state).to.equal("accomplished");
      expect(accepted.controlledBy).to.equal(null);

      historyWhenAccomplished = await history("carrier");
      expect(historyWhenAccomplished.endorsementChain.map((e: Json) => e.actionCode)).to.deep.equal([
        "ISSUE",
        "ENDORSE",
        "TRANSFER",
        "ENDORSE",
        "TRANSFER",
        "SURRENDER_FOR_DELIVERY",
        "SACC",
      ]);
    });

    it("then on Ctrl-C (SIGINT) the gateway prints 'Stopped.', exits with code 0 and leaves no process behind", async () => {
      await stopWithCtrlC(npm);
    });
  });

  describe("when `npm start` runs again after a clean stop", () => {
    let npm: Process;

    before(async () => {
      npm = await npmStart();
    });

    it("then the accomplished B/L and its whole history are still there, and its document is served", async () => {
      const bl = await read("carrier");
      expect(bl.state).to.equal("accomplished");
      expect(bl.transportDocument).to.deep.equal(transportDocument);
      expect(await history("carrier")).to.deep.equal(historyWhenAccomplished);
    });

    it("then on Ctrl-C (SIGINT) it stops cleanly again", async () => {
      await stopWithCtrlC(npm);
    });
  });
});
