/**
 * The port community end to end (issue 12, point 7): five gateway processes, each with its own data folder, keystore,
 * index and Helia IPFS node, on one anvil chain process (scripts/portCommunity.ts). A to-order B/L goes the whole way
 * across them, each step on the node of the party acting: the carrier's node issues it to the shipper; the shipper,
 * which has no node, signs its endorsement to the bank itself through the bank's node; the bank attaches the invoice
 * and delivers to the consignee while the consignee's node is down; the consignee's node, started again, reads the
 * document and the invoice from its peers, surrenders, and the carrier's node accepts. After every step every node's
 * index agrees, with each other and with the chain.
 */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { expect } from "chai";
import { Contract, JsonRpcProvider, Wallet, type TransactionRequest } from "ethers";
import { loadArtifact } from "../../api/adapters/chain/artifacts.ts";
import { bytesToText } from "../../api/bytes.ts";
import { canonicalize, documentChecksum } from "../../api/billsOfLading/canonicalForm.ts";
import { BL_STATES, SURRENDER_KINDS } from "../../api/domain.ts";
import {
  COMMUNITY_NODES,
  startPortCommunity,
  type CommunityPorts,
  type NodeName,
  type PortCommunity,
} from "../../scripts/portCommunity.ts";
import { transportDocument } from "../fixtures/gateway.ts";
import { freePorts, repoRoot, tempDir, uniqueBlNumber, type Json } from "./helpers.ts";

const INVALID_KEY =
  "This API key is not valid on this node: check the key, and that you are calling your organization's own node " +
  "(a node accepts only the API keys it issued).";
const INVOICE = readFileSync(path.join(repoRoot, "docs/examples/invoice.pdf"));
const sha256 = (bytes: Uint8Array) => "0x" + createHash("sha256").update(bytes).digest("hex");

interface Reply {
  status: number;
  contentType: string | null;
  body: Json;
}

describe("a port community of five nodes on one chain process (end to end)", function () {
  this.timeout(120_000);

  let folder: { dir: string; remove(): Promise<void> } | undefined;
  let starting: Promise<PortCommunity> | undefined;
  let c: PortCommunity;
  let provider: JsonRpcProvider;
  let billOfLading: Contract;
  let registry: Contract;
  const blNumber = uniqueBlNumber("E2E");
  let tokenId: string;
  const output: string[] = [];

  const org = (key: string) => c.organizations[key];
  const nodeNames = COMMUNITY_NODES.map((n) => n.name);
  const running = () => nodeNames.filter((n) => c.nodes[n].running);

  /** An API key the node serves: the operator's on the operator's node, else its first organization's. */
  function keyOn(node: NodeName): string {
    if (node === "operator") return c.operatorApiKey;
    const spec = COMMUNITY_NODES.find((n) => n.name === node)!;
    return org([...spec.signsFor, ...spec.hosts][0]).apiKey;
  }

  async function call(
    node: NodeName,
    key: string | undefined,
    method: "GET" | "POST",
    route: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Reply> {
    const res = await fetch(c.nodes[node].url + route, {
      method,
      headers: {
        ...(key ? { authorization: `Bearer ${key}` } : {}),
        ...(body !== undefined ? { "content-type": "application/json" } : {}),
        ...headers,
      },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    return { status: res.status, contentType: res.headers.get("content-type"), body: text ? JSON.parse(text) : null };
  }

  function expectStatus(reply: Reply, status: number, what: string): Json {
    expect(reply.status, `${what}: ${JSON.stringify(reply.body)}`).to.equal(status);
    return reply.body;
  }

  function expectProblem(reply: Reply, status: number, title: string, detail: string): void {
    expect(reply.status, JSON.stringify(reply.body)).to.equal(status);
    expect(reply.contentType).to.match(/^application\/problem\+json/);
    expect(reply.body).to.include({ status, title, detail });
  }

  const blRoute = (suffix = "") => `/v1/bills-of-lading/${encodeURIComponent(blNumber)}${suffix}`;

  /** The orgId the chain gives organization number `n` (null for 0, no one). */
  async function orgIdOnChain(n: bigint): Promise<string | null> {
    if (n === 0n) return null;
    return bytesToText((await registry.organization(n)).orgId as string);
  }

  /**
   * Once every running node has indexed the chain's head: each one's B/L (less `allowedActions`, which is the
   * caller's own), its endorsement chain and its attachments, read with a key that node serves, are the same; and
   * they are the chain's own record. Returns the agreed view.
   */
  async function expectAgreement(expectedActions: string[]): Promise<{ bl: Json; chain: Json; attachments: Json }> {
    const head = await c.synced();
    const seen: Partial<Record<NodeName, { bl: Json; chain: Json; attachments: Json }>> = {};
    for (const node of running()) {
      const key = keyOn(node);
      const bl = expectStatus(await call(node, key, "GET", blRoute()), 200, `the B/L on ${node}'s node`);
      const chain = expectStatus(await call(node, key, "GET", blRoute("/endorsement-chain")), 200, node);
      const attachments = expectStatus(await call(node, key, "GET", blRoute("/attachments")), 200, node);
      delete bl.allowedActions;
      seen[node] = { bl, chain, attachments };
    }
    const [first, ...others] = running();
    for (const node of others) expect(seen[node], `${node}'s node against ${first}'s`).to.deep.equal(seen[first]);
    const agreed = seen[first]!;

    const record = await billOfLading.billOfLading(tokenId, { blockTag: head });
    const { bl } = agreed;
    expect({
      carrier: bl.carrier?.orgId ?? null,
      holder: bl.holder?.orgId ?? null,
      endorsee: bl.endorsee?.orgId ?? null,
      consignee: bl.consignee?.orgId ?? null,
      state: bl.state,
      surrenderKind: bl.surrenderKind,
      blankEndorsed: bl.blankEndorsed,
      version: bl.version,
      documentChecksum: bl.documentChecksum,
      documentCid: bl.documentCid,
    }).to.deep.equal({
      carrier: await orgIdOnChain(record.carrier),
      holder: await orgIdOnChain(record.holder),
      endorsee: await orgIdOnChain(record.endorsee),
      consignee: await orgIdOnChain(record.consignee),
      state: BL_STATES[Number(record.state)],
      surrenderKind: SURRENDER_KINDS[Number(record.surrenderKind)],
      blankEndorsed: record.blankEndorsed,
      version: Number(record.version),
      documentChecksum: await billOfLading.documentChecksum(tokenId, { blockTag: head }),
      documentCid: await billOfLading.documentCid(tokenId, { blockTag: head }),
    });
    expect(agreed.chain.endorsementChain.map((e: Json) => e.actionCode)).to.deep.equal(expectedActions);
    return agreed;
  }

  before(async function () {
    // Five gateway processes and a chain: about 20 s on an idle machine, minutes on a loaded one.
    this.timeout(300_000);
    folder = await tempDir("paperless-community-");
    const [chain, ...free] = await freePorts(1 + 2 * COMMUNITY_NODES.length);
    const nodes = Object.fromEntries(
      COMMUNITY_NODES.map((n, i) => [n.name, { http: free[2 * i], ipfs: free[2 * i + 1] }]),
    ) as CommunityPorts["nodes"];
    starting = startPortCommunity({
      dataDir: path.join(folder.dir, "community"),
      ports: { chain, nodes },
      log: (line) => !/^\[chain\] ( |eth_|$)/.test(line) && output.push(line),
    });
    c = await starting.catch((error: unknown) => {
      console.log(output.slice(-60).join("\n"));
      throw error;
    });
    provider = new JsonRpcProvider(c.chain.url, undefined, { cacheTimeout: -1, staticNetwork: true });
    billOfLading = new Contract(c.addresses.BillOfLading, loadArtifact("BillOfLading").abi as never, provider);
    registry = new Contract(c.addresses.PartyRegistry, loadArtifact("PartyRegistry").abi as never, provider);
  });

  afterEach(function () {
    // What the processes printed, to tell why a step failed.
    if (this.currentTest?.state === "failed") console.log(output.slice(-60).join("\n"));
  });

  after(async function () {
    this.timeout(60_000);
    provider?.destroy();
    // Even if the start failed or timed out: whatever it started is stopped before the folder goes.
    await starting?.then(
      (community) => community.stop(),
      () => undefined,
    );
    await folder?.remove();
  });

  it("when the carrier's node issues a to-order B/L to the shipper, then every node agrees with the chain", async () => {
    const issued = expectStatus(
      await call("carrier", org("carrier").apiKey, "POST", "/v1/bills-of-lading", {
        transportDocument: transportDocument(blNumber),
        issueTo: org("shipper").orgId,
      }),
      201,
      "issue",
    );
    tokenId = issued.tokenId;
    const { bl } = await expectAgreement(["ISSUE"]);
    expect(bl).to.deep.include({ blType: "toOrder", state: "active", blankEndorsed: false, version: 1 });
    expect([bl.carrier.orgId, bl.holder.orgId, bl.endorsee.orgId]).to.deep.equal([
      org("carrier").orgId,
      org("shipper").orgId,
      org("shipper").orgId,
    ]);
  });

  it("when the shipper signs its endorsement to the bank itself through the bank's node, then the bank holds it, and the bank's node never had the shipper's key", async () => {
    const shipper = org("shipper");
    const key = c.clientKeys.shipper;
    const wallet = await Wallet.fromEncryptedJson(readFileSync(key.keystoreFile, "utf8"), key.password);
    expect(wallet.address).to.equal(shipper.signer);
    const bankKeystore = path.join(c.nodes.bank.dataDir, "keystore");
    expect(readdirSync(bankKeystore)).to.deep.equal([`${org("bank").orgId}.json`]);
    const address = JSON.parse(readFileSync(path.join(bankKeystore, `${org("bank").orgId}.json`), "utf8")).address;
    expect("0x" + address).to.equal(org("bank").signer.toLowerCase());

    const prepared = expectStatus(
      await call(
        "bank",
        shipper.apiKey,
        "POST",
        blRoute("/endorse-and-deliver"),
        { to: org("bank").orgId },
        { Prefer: "sign=client", "X-Signer": shipper.signer },
      ),
      202,
      "prepare",
    );
    expect(prepared.signer).to.equal(shipper.signer);
    expect(prepared.transaction).to.include({ type: 2, to: c.addresses.BillOfLading, value: "0" });
    const signedTransaction = await wallet.signTransaction({ ...prepared.transaction } as TransactionRequest);

    // Another node did not prepare it, and will not send it.
    const head = await provider.getBlockNumber();
    expectProblem(
      await call("carrier", org("carrier").apiKey, "POST", "/v1/transactions", { signedTransaction }),
      404,
      "Not found",
      "This node prepared no such transaction: send the write with 'Prefer: sign=client' and sign what it answers.",
    );
    expect(await provider.getBlockNumber()).to.equal(head);

    const done = expectStatus(
      await call("bank", shipper.apiKey, "POST", "/v1/transactions", { signedTransaction }),
      200,
      "send",
    );
    expect(done.holder.orgId).to.equal(org("bank").orgId);
    const { bl } = await expectAgreement(["ISSUE", "ENDORSE", "TRANSFER"]);
    expect([bl.holder.orgId, bl.endorsee.orgId]).to.deep.equal([org("bank").orgId, org("bank").orgId]);
    expect(readdirSync(bankKeystore)).to.deep.equal([`${org("bank").orgId}.json`]);
  });

  it("when the bank attaches the invoice on its node, then every node lists it, as the chain recorded it", async () => {
    const res = await fetch(c.nodes.bank.url + blRoute(`/attachments?fileName=invoice.pdf&kind=invoice`), {
      method: "POST",
      headers: { authorization: `Bearer ${org("bank").apiKey}`, "content-type": "application/pdf" },
      body: INVOICE,
    });
    const attachment = (await res.json()) as Json;
    expect(res.status, JSON.stringify(attachment)).to.equal(201);
    expect(attachment).to.include({ sha256: sha256(INVOICE), size: INVOICE.length, kind: "invoice" });
    const { attachments } = await expectAgreement(["ISSUE", "ENDORSE", "TRANSFER"]);
    expect(attachments.items).to.have.length(1);
    expect(attachments.items[0]).to.deep.equal(attachment);
  });

  it("when the consignee's node is down while the bank's node delivers to it, then it catches up when it starts again", async () => {
    await c.nodes.consignee.stop();
    expect(c.nodes.consignee.running).to.equal(false);
    const delivered = expectStatus(
      await call("bank", org("bank").apiKey, "POST", blRoute("/endorse-and-deliver"), { to: org("consignee").orgId }),
      200,
      "deliver",
    );
    expect(delivered.holder.orgId).to.equal(org("consignee").orgId);
    const actions = ["ISSUE", "ENDORSE", "TRANSFER", "ENDORSE", "TRANSFER"];
    const whileDown = await expectAgreement(actions);

    await c.nodes.consignee.start();
    const afterRestart = await expectAgreement(actions);
    expect(running()).to.deep.equal(nodeNames);
    expect(afterRestart).to.deep.equal(whileDown);
  });

  it("when the consignee's node reads the document and the invoice, then they come over IPFS from the other nodes, as the chain's hashes say", async () => {
    const consignee = org("consignee");
    const bl = expectStatus(await call("consignee", consignee.apiKey, "GET", blRoute()), 200, "read");
    expect(documentChecksum(canonicalize(bl.transportDocument))).to.equal(await billOfLading.documentChecksum(tokenId));
    expect(bl.transportDocument).to.deep.equal(transportDocument(blNumber));

    const [log] = await billOfLading.queryFilter(billOfLading.filters.AttachmentAdded(tokenId));
    const onChain = billOfLading.interface.parseLog(log)!.args;
    const res = await fetch(c.nodes.consignee.url + blRoute(`/attachments/${onChain.cid}`), {
      headers: { authorization: `Bearer ${consignee.apiKey}` },
    });
    expect(res.status).to.equal(200);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(bytes.equals(INVOICE)).to.equal(true);
    expect(sha256(bytes)).to.equal(onChain.sha256);
    expect(res.headers.get("x-content-sha256")).to.equal(onChain.sha256);
  });

  it("when the consignee's node surrenders it for delivery and the carrier's node accepts, then it is accomplished on every node", async () => {
    const surrendered = expectStatus(
      await call("consignee", org("consignee").apiKey, "POST", blRoute("/surrender"), { kind: "delivery" }),
      200,
      "surrender",
    );
    expect(surrendered.state).to.equal("surrenderPending");
    await expectAgreement(["ISSUE", "ENDORSE", "TRANSFER", "ENDORSE", "TRANSFER", "SURRENDER_FOR_DELIVERY"]);

    const accepted = expectStatus(
      await call("carrier", org("carrier").apiKey, "POST", blRoute("/accept-surrender")),
      200,
      "accept",
    );
    expect(accepted.state).to.equal("accomplished");
    const { bl } = await expectAgreement([
      "ISSUE",
      "ENDORSE",
      "TRANSFER",
      "ENDORSE",
      "TRANSFER",
      "SURRENDER_FOR_DELIVERY",
      "SACC",
    ]);
    expect(bl).to.include({ state: "accomplished", surrenderKind: "delivery" });
  });

  it("when a key is offered to a node that does not serve its organization, then it is refused (401) and nothing is sent", async () => {
    const head = await provider.getBlockNumber();
    expectProblem(await call("bank", org("carrier").apiKey, "GET", "/v1/me"), 401, "Unauthorized", INVALID_KEY);
    const shipper = org("shipper");
    expectProblem(
      await call(
        "carrier",
        shipper.apiKey,
        "POST",
        blRoute("/endorse"),
        { to: org("bank").orgId },
        { Prefer: "sign=client", "X-Signer": shipper.signer },
      ),
      401,
      "Unauthorized",
      INVALID_KEY,
    );
    expect(await provider.getBlockNumber()).to.equal(head);
  });

  it("when a transaction signed by an unregistered key is sent, then it is refused (403) and nothing is mined", async () => {
    const stranger = Wallet.createRandom();
    const signedTransaction = await stranger.signTransaction({
      type: 2,
      chainId: (await provider.getNetwork()).chainId,
      to: c.addresses.BillOfLading,
      data: billOfLading.interface.encodeFunctionData("documentCid", [tokenId]),
      nonce: 0,
      gasLimit: 100_000,
      maxFeePerGas: 10n ** 9n,
      maxPriorityFeePerGas: 0,
    });
    const head = await provider.getBlockNumber();
    expectProblem(
      await call("bank", org("shipper").apiKey, "POST", "/v1/transactions", { signedTransaction }),
      403,
      "Forbidden",
      `${stranger.address} is not a registered signer of any organization: the node will not send it.`,
    );
    expect(await provider.getBlockNumber()).to.equal(head);
    expect(await provider.getTransactionCount(stranger.address)).to.equal(0);
  });

  it("when each node's keystore is listed, then it holds only the keys of the organizations it signs for", () => {
    const keystoreOf = (node: NodeName) => path.join(c.nodes[node].dataDir, "keystore");
    const addressIn = (file: string) => "0x" + (JSON.parse(readFileSync(file, "utf8")) as { address: string }).address;
    const listed = Object.fromEntries(nodeNames.map((n) => [n, readdirSync(keystoreOf(n)).sort()]));
    expect(listed).to.deep.equal(
      Object.fromEntries(
        COMMUNITY_NODES.map((n) => [
          n.name,
          // The operator's node keeps the operator's own key, and no organization's.
          n.name === "operator" ? ["operator.json"] : n.signsFor.map((k) => `${org(k).orgId}.json`).sort(),
        ]),
      ),
    );
    for (const spec of COMMUNITY_NODES) {
      for (const key of spec.signsFor) {
        const file = path.join(keystoreOf(spec.name), `${org(key).orgId}.json`);
        expect(addressIn(file)).to.equal(org(key).signer.toLowerCase());
      }
    }
    const signers = Object.values(c.organizations).map((o) => o.signer.toLowerCase());
    expect(signers).not.to.include(addressIn(path.join(keystoreOf("operator"), "operator.json")));
  });
});
