/**
 * The production gateway (`node api/server.ts`) against a separate chain, `hardhat node`, where gas is paid: contracts
 * deployed with `scripts/deploy.ts`, organizations registered through the API (their new signing keys funded by the
 * operator), a to-order B/L from issue to accomplished, a gateway restart whose index catches up from the chain, and
 * the configuration check at start.
 */
import { expect } from "chai";
import { ENVIRONMENT_VARIABLES } from "../../api/config.ts";
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

/** The first Hardhat default account: funded on `hardhat node`. */
const OPERATOR_PRIVATE_KEY = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
const KEYSTORE_PASSWORD = "e2e-keystore-password";
const UP_WITHIN_MS = 60_000;

/** An environment for `node api/server.ts` with none of the gateway's variables inherited from this process. */
function gatewayEnv(vars: Record<string, string>): NodeJS.ProcessEnv {
  const cleared: Record<string, undefined> = {};
  for (const name of ENVIRONMENT_VARIABLES) cleared[name] = undefined;
  return childEnv({ ...cleared, ...vars });
}

describe("gateway against a separate `hardhat node` (end to end)", function () {
  this.timeout(120_000);

  const processes = new Processes();
  let data: { dir: string; remove(): Promise<void> };
  let rpcUrl: string;
  let addresses: { PartyRegistry: string; BillOfLading: string; ImportRelease: string; EquipmentInterchange: string };
  let api: Api;
  let operatorKey: string;
  const orgs: Record<string, { orgId: string; apiKey: string; signer: string }> = {};
  const blNumber = uniqueBlNumber("HHNODE");
  const transportDocument = toOrderTransportDocument(blNumber);
  let chainWhenAccomplished: Json;

  async function rpc(method: string, params: unknown[] = []): Promise<Json> {
    const res = await fetch(rpcUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
    });
    const body: Json = await res.json();
    if (body.error) throw new Error(`${method}: ${JSON.stringify(body.error)}`);
    return body.result;
  }

  /** `node api/server.ts` on the node's contracts; resolves once it listens. */
  async function startGateway(port: number): Promise<Process> {
    const env = gatewayEnv({
      PORT: String(port),
      DATA_DIR: data.dir,
      RPC_URL: rpcUrl,
      PARTY_REGISTRY_ADDRESS: addresses.PartyRegistry,
      BILL_OF_LADING_ADDRESS: addresses.BillOfLading,
      IMPORT_RELEASE_ADDRESS: addresses.ImportRelease,
      EQUIPMENT_INTERCHANGE_ADDRESS: addresses.EquipmentInterchange,
      OPERATOR_PRIVATE_KEY,
      KEYSTORE_PASSWORD,
    });
    const gateway = processes.track(start("node", ["api/server.ts"], env, "node api/server.ts"));
    const [, url] = await gateway.waitFor(/Paperless Port gateway on (http:\/\/\S+)/, UP_WITHIN_MS);
    api = gatewayAt(url);
    return gateway;
  }

  const bl = async (role: string) =>
    expectStatus(
      await api(orgs[role].apiKey).GET("/v1/bills-of-lading/{blNumber}", { params: { path: { blNumber } } }),
      200,
      `${role}: GET the B/L`,
    );
  const history = async (role: string) =>
    expectStatus(
      await api(orgs[role].apiKey).GET("/v1/bills-of-lading/{blNumber}/endorsement-chain", {
        params: { path: { blNumber } },
      }),
      200,
      `${role}: GET the endorsement chain`,
    );
  const act = async <A extends BlAction>(role: string, action: A, body?: ActionBody<A>) =>
    expectStatus(await postBlAction(api(orgs[role].apiKey), blNumber, action, body), 200, `${role}: ${action}`);

  before(async () => {
    data = await tempDir("paperless-port-hardhat-node-");
    const port = await freePort();
    rpcUrl = `http://127.0.0.1:${port}`;
    processes.track(
      start("npx", ["hardhat", "node", "--hostname", "127.0.0.1", "--port", String(port)], childEnv(), "hardhat node"),
    );
    await poll("`hardhat node` to answer eth_chainId", () => rpc("eth_chainId"), 60_000);
  });

  after(async () => {
    await processes.killAll();
    await data?.remove();
  });

  describe("when `npm run deploy` deploys the contracts with the operator's key", () => {
    it("then it prints their addresses as one JSON object, and there is code at each", async () => {
      const deploy = processes.track(
        start(
          "npm",
          ["run", "--silent", "deploy"],
          childEnv({ RPC_URL: rpcUrl, OPERATOR_PRIVATE_KEY }),
          "npm run deploy",
        ),
      );
      const exit = await deploy.waitForExit(90_000);
      expect(exit, deploy.output).to.deep.equal({ code: 0, signal: null });
      const line = deploy.output.split("\n").find((l) => l.startsWith("{"));
      expect(line, deploy.output).to.be.a("string");
      addresses = JSON.parse(line!);
      expect(addresses.PartyRegistry).to.match(/^0x[0-9a-fA-F]{40}$/);
      expect(addresses.BillOfLading).to.match(/^0x[0-9a-fA-F]{40}$/);
      expect(addresses.ImportRelease).to.match(/^0x[0-9a-fA-F]{40}$/);
      expect(addresses.EquipmentInterchange).to.match(/^0x[0-9a-fA-F]{40}$/);
      for (const address of Object.values(addresses)) {
        expect(await rpc("eth_getCode", [address, "latest"]), address).to.have.length.above(2);
      }
    });
  });

  describe("when the gateway starts on them for the first time", () => {
    let gateway: Process;

    before(async () => {
      gateway = await startGateway(await freePort());
    });

    it("then it prints the operator's API key once, and GET /health is 200", async () => {
      const match = /Operator API key \(shown once[^)]*\): (\S+)/.exec(gateway.output);
      expect(match, gateway.output).to.not.equal(null);
      operatorKey = match![1];
      const health = expectStatus(await api().GET("/health"), 200, "GET /health");
      expect(health.chain).to.include({ ok: true, chainId: 31337 });
      expect(health.ipfs.ok).to.equal(true);
      expect(health.index.ok).to.equal(true);
    });

    it("then the operator registers a carrier, a shipper, a bank and a consignee, and each new signing key is funded for gas", async () => {
      const register: [string, string, string, "carrier" | "trader" | "bank"][] = [
        ["carrier", "E2ECARRIER0001", "E2E Carrier", "carrier"],
        ["shipper", "E2ESHIPPER0001", "E2E Shipper", "trader"],
        ["bank", "E2EBANK0001", "E2E Bank", "bank"],
        ["consignee", "E2ECONSIGNEE0001", "E2E Consignee", "trader"],
      ];
      for (const [role, orgId, name, chainRole] of register) {
        const org = expectStatus(
          await api(operatorKey).POST("/v1/organizations", {
            body: { orgId, name, roles: [chainRole], creditTier: "regular" },
          }),
          201,
          `register the ${role}`,
        );
        expect(org.apiKey, role).to.be.a("string").and.not.be.empty;
        expect(org.signers, role).to.have.lengthOf(1);
        orgs[role] = { orgId, apiKey: org.apiKey!, signer: org.signers[0] };
        expect(BigInt(await rpc("eth_getBalance", [org.signers[0], "latest"])), `${role}'s balance`).to.be.above(0n);
      }
    });

    it("then a to-order B/L goes from issue through two endorsements to an accepted surrender, paying gas at each step", async () => {
      const issued = expectStatus(
        await api(orgs.carrier.apiKey).POST("/v1/bills-of-lading", {
          body: { transportDocument, issueTo: orgs.shipper.orgId },
        }),
        201,
        "issue",
      );
      expect(issued).to.include({ state: "active", blType: "toOrder" });
      expect(issued.holder?.orgId).to.equal(orgs.shipper.orgId);

      const toBank = await act("shipper", "endorse-and-deliver", { to: orgs.bank.orgId });
      expect(toBank.holder?.orgId).to.equal(orgs.bank.orgId);
      expect(toBank.endorsee?.orgId).to.equal(orgs.bank.orgId);
      const toConsignee = await act("bank", "endorse-and-deliver", { to: orgs.consignee.orgId });
      expect(toConsignee.holder?.orgId).to.equal(orgs.consignee.orgId);
      const surrendered = await act("consignee", "surrender", { kind: "delivery" });
      expect(surrendered.state).to.equal("surrenderPending");
      const accepted = await act("carrier", "accept-surrender");
      expect(accepted.state).to.equal("accomplished");

      const receipt = await rpc("eth_getTransactionReceipt", [accepted.transactionHash]);
      expect(BigInt(receipt.effectiveGasPrice), "gas price paid").to.be.above(0n);

      chainWhenAccomplished = await history("carrier");
      expect(
        chainWhenAccomplished.endorsementChain.map((e: Json) => [e.actionCode, e.actor.orgId, e.recipient?.orgId]),
      ).to.deep.equal([
        ["ISSUE", orgs.carrier.orgId, orgs.shipper.orgId],
        ["ENDORSE", orgs.shipper.orgId, orgs.bank.orgId],
        ["TRANSFER", orgs.shipper.orgId, orgs.bank.orgId],
        ["ENDORSE", orgs.bank.orgId, orgs.consignee.orgId],
        ["TRANSFER", orgs.bank.orgId, orgs.consignee.orgId],
        ["SURRENDER_FOR_DELIVERY", orgs.consignee.orgId, orgs.carrier.orgId],
        ["SACC", orgs.carrier.orgId, orgs.consignee.orgId],
      ]);
      const hashes = [toBank, toConsignee, surrendered, accepted].map((r) => r.transactionHash);
      expect(chainWhenAccomplished.endorsementChain.slice(1).map((e: Json) => e.transactionHash)).to.deep.equal([
        hashes[0],
        hashes[0],
        hashes[1],
        hashes[1],
        hashes[2],
        hashes[3],
      ]);
    });

    it("then on SIGINT it stops with code 0", async () => {
      gateway.signalGroup("SIGINT");
      expect(await gateway.waitForExit(30_000), gateway.output).to.deep.equal({ code: 0, signal: null });
    });
  });

  describe("when the gateway restarts (the node keeps running)", () => {
    let gateway: Process;

    before(async () => {
      gateway = await startGateway(await freePort());
    });

    it("then it does not show an operator API key again, and the first one still works", async () => {
      expect(gateway.output).to.not.include("Operator API key");
      const me = expectStatus(await api(operatorKey).GET("/v1/me"), 200, "GET /v1/me as the operator");
      expect(me.orgId).to.equal("operator");
    });

    it("then its index has caught up from the chain: the accomplished B/L, its document and its whole chain are served", async () => {
      const accomplished = await bl("carrier");
      expect(accomplished.state).to.equal("accomplished");
      expect(accomplished.transportDocument).to.deep.equal(transportDocument);
      expect(await history("consignee")).to.deep.equal(chainWhenAccomplished);
    });

    it("then on SIGTERM it stops with code 0", async () => {
      gateway.signalGroup("SIGTERM");
      expect(await gateway.waitForExit(30_000), gateway.output).to.deep.equal({ code: 0, signal: null });
    });
  });

  describe("when the gateway starts with a bad configuration", () => {
    const runServer = async (vars: Record<string, string>) => {
      const server = processes.track(start("node", ["api/server.ts"], gatewayEnv({ DATA_DIR: data.dir, ...vars })));
      const exit = await server.waitForExit(30_000);
      return { exit, output: server.output };
    };

    it("then with RPC_URL set and the rest missing, it exits with code 2 and prints one line per missing variable", async () => {
      const { exit, output } = await runServer({ RPC_URL: rpcUrl });
      expect(exit, output).to.deep.equal({ code: 2, signal: null });
      const lines = output.trim().split("\n");
      expect(lines[0]).to.equal("Invalid configuration:");
      const missing = [
        "PARTY_REGISTRY_ADDRESS",
        "BILL_OF_LADING_ADDRESS",
        "IMPORT_RELEASE_ADDRESS",
        "EQUIPMENT_INTERCHANGE_ADDRESS",
        "OPERATOR_PRIVATE_KEY",
        "KEYSTORE_PASSWORD",
      ];
      expect(lines.slice(1), output).to.have.members(
        missing.map((name) => `  ${name}: is required when RPC_URL is set`),
      );
      expect(output).to.not.match(/\bat .*\.ts:\d+/); // a message, not a stack trace
    });

    it("then with RPC_URL=notaurl, it exits with code 2 and says RPC_URL must be a URL", async () => {
      const { exit, output } = await runServer({
        RPC_URL: "notaurl",
        PARTY_REGISTRY_ADDRESS: addresses.PartyRegistry,
        BILL_OF_LADING_ADDRESS: addresses.BillOfLading,
        IMPORT_RELEASE_ADDRESS: addresses.ImportRelease,
        EQUIPMENT_INTERCHANGE_ADDRESS: addresses.EquipmentInterchange,
        OPERATOR_PRIVATE_KEY,
        KEYSTORE_PASSWORD,
      });
      expect(exit, output).to.deep.equal({ code: 2, signal: null });
      expect(output.trim().split("\n")).to.deep.equal([
        "Invalid configuration:",
        "  RPC_URL: must be a URL such as http://127.0.0.1:8545",
      ]);
    });
  });
});
