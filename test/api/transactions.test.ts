/**
 * The one write path, `transactions.submit`: it signs as the caller, turns a refusal into a problem, and returns the
 * transaction's own events from its receipt, decoded the same way on the embedded chain and on a chain reached over
 * JSON-RPC, once the projections have applied them.
 */
import { expect } from "chai";
import { Chain } from "../../api/adapters/chain/chain.ts";
import type { ContractName } from "../../api/adapters/chain/artifacts.ts";
import { OPERATOR, type Caller } from "../../api/context.ts";
import { Problem } from "../../api/problem.ts";
import { Transactions } from "../../api/transactions.ts";
import { startTestCommunity, type TestCommunity } from "../fixtures/gateway.ts";
import { jsonRpcFront } from "../fixtures/jsonRpcFront.ts";

const operator: Caller = { kind: "operator", orgId: OPERATOR };
const CONTRACTS: ContractName[] = ["PartyRegistry", "BillOfLading", "ImportRelease", "EquipmentInterchange"];

/** A plain JSON-RPC endpoint on 127.0.0.1 in front of the embedded chain: to the gateway, a separate node. */
/** The embedded chain of `t`, behind a plain JSON-RPC endpoint on 127.0.0.1. */
const chainFront = (t: TestCommunity) =>
  jsonRpcFront(t.community.ctx.chain.provider as unknown as { send(m: string, p: unknown[]): Promise<unknown> });

describe("transactions.submit: the one write path", function () {
  this.timeout(120_000);
  let t: TestCommunity;
  let haulier: number;

  before(async () => {
    t = await startTestCommunity();
    haulier = t.community.ctx.index.organizationByOrgId(t.orgIds.haulier)!.org;
  });
  after(async () => t.close());

  it("when the operator suspends an organization on the embedded chain, then the receipt's events are the block's and already applied", async () => {
    const { ctx } = t.community;
    const receipt = await ctx.transactions.submit(operator, "PartyRegistry", "suspend", [haulier]);
    expect(receipt.events.map((e) => `${e.contract}.${e.name}`)).to.deep.equal(["PartyRegistry.StatusChanged"]);
    expect(receipt.events[0].args.org).to.equal(haulier);
    expect(receipt.events.every((e) => e.transactionHash === receipt.transactionHash)).to.equal(true);
    // The receipt's events, decoded, are exactly what a log scan of that block reads.
    expect(receipt.events).to.deep.equal(await ctx.chain.events(receipt.blockNumber, receipt.blockNumber));
    expect(ctx.index.indexedBlock).to.be.at.least(receipt.blockNumber);
    expect(ctx.index.organization(haulier)!.status).to.equal("suspended");
    await ctx.transactions.submit(operator, "PartyRegistry", "reinstate", [haulier]);
  });

  it("when the contract refuses, then submit throws the clerk's problem and nothing is sent or stored", async () => {
    const { ctx } = t.community;
    const head = await ctx.chain.blockNumber();
    let stored = false;
    const error = await ctx.transactions
      .submit(operator, "PartyRegistry", "reinstate", [haulier], { beforeSend: async () => void (stored = true) })
      .catch((e: unknown) => e);
    expect(error).to.be.instanceOf(Problem);
    expect((error as Problem).status).to.equal(409);
    expect((error as Problem).message).to.equal("The organization is active, so it cannot become active.");
    expect(stored).to.equal(false);
    expect(await ctx.chain.blockNumber()).to.equal(head);
  });

  it("when a write goes to a chain reached over JSON-RPC, then its events come from the receipt, decoded the same way", async () => {
    const { ctx } = t.community;
    const { url, server } = await chainFront(t);
    const remote = await Chain.remote(url);
    try {
      remote.use(Object.fromEntries(CONTRACTS.map((c) => [c, ctx.chain.address(c)])) as never);
      const transactions = new Transactions({ chain: remote, keystore: ctx.keystore, index: ctx.index });
      const receipt = await transactions.submit(operator, "PartyRegistry", "suspend", [haulier]);
      expect(receipt.events.map((e) => `${e.contract}.${e.name}`)).to.deep.equal(["PartyRegistry.StatusChanged"]);
      expect(receipt.events).to.deep.equal(await ctx.chain.events(receipt.blockNumber, receipt.blockNumber));
      // Not known to be alone in its block, so the index caught up from the chain's log before submit returned.
      expect(ctx.index.organization(haulier)!.status).to.equal("suspended");
      await transactions.submit(operator, "PartyRegistry", "reinstate", [haulier]);
      expect(ctx.index.organization(haulier)!.status).to.equal("active");
    } finally {
      await remote.close();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it("when the receipt is not there yet at the first reads and no later block comes, then the write is still answered once it is", async function () {
    this.timeout(20_000); // before, the adapter waited for a block after the one the transaction was in: for ever here
    const { ctx } = t.community;
    const provider = ctx.chain.provider as unknown as { send(m: string, p: unknown[]): Promise<unknown> };
    // The chain answers "no receipt" to the first two reads of each transaction (the adapter's, then a second one),
    // as a chain that held it behind a lower nonce or had not sealed its block yet would.
    const reads = new Map<string, number>();
    const { url, server } = await jsonRpcFront({
      send: (method, params) => {
        if (method !== "eth_getTransactionReceipt") return provider.send(method, params);
        const hash = params[0] as string;
        reads.set(hash, (reads.get(hash) ?? 0) + 1);
        return reads.get(hash)! <= 2 ? Promise.resolve(null) : provider.send(method, params);
      },
    });
    const remote = await Chain.remote(url, 20);
    try {
      remote.use(Object.fromEntries(CONTRACTS.map((c) => [c, ctx.chain.address(c)])) as never);
      const transactions = new Transactions({ chain: remote, keystore: ctx.keystore, index: ctx.index });
      const receipt = await transactions.submit(operator, "PartyRegistry", "suspend", [haulier]);
      expect(reads.get(receipt.transactionHash)).to.be.above(2);
      expect(ctx.index.organization(haulier)!.status).to.equal("suspended");
      await transactions.submit(operator, "PartyRegistry", "reinstate", [haulier]);
    } finally {
      await remote.close();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
