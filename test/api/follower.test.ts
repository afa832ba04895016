/**
 * The follower feeds the projections in their declared order, and runs the notifications only after every projection
 * has applied an event; two indexes in one process share nothing.
 */
import { expect } from "chai";
import type { ChainEvent } from "../../api/adapters/chain/events.ts";
import { textToBytes32 } from "../../api/bytes.ts";
import { ChainIndex } from "../../api/chainIndex/chainIndex.ts";
import { Follower, type EventSource, type Projection } from "../../api/chainIndex/follower.ts";

/** A chain of hand-made blocks, one event each. */
class FakeChain implements EventSource {
  readonly blocks: ChainEvent[][] = [[]];
  add(event: Omit<ChainEvent, "blockNumber" | "logIndex" | "transactionHash" | "timestamp">): ChainEvent {
    const blockNumber = this.blocks.length;
    const full = { ...event, blockNumber, logIndex: 0, transactionHash: `0x${blockNumber}`, timestamp: 1_700_000_000 };
    this.blocks.push([full]);
    return full;
  }
  async blockNumber() {
    return this.blocks.length - 1;
  }
  async events(from: number, to: number) {
    return this.blocks.slice(from, to + 1).flat();
  }
}

const registered = (org: number, orgId: string) => ({
  contract: "PartyRegistry" as const,
  name: "OrganizationRegistered",
  args: { org, orgId: textToBytes32(orgId), name: `Org ${org}`, roles: 2, creditTier: 0 },
});

describe("the follower", () => {
  it("when events arrive, then each goes to the projections in their declared order, then to what runs after them", async () => {
    const chain = new FakeChain();
    const log: string[] = [];
    const projection = (label: string): Projection => ({
      handlers: { "PartyRegistry:OrganizationRegistered": (e) => void log.push(`${label}:${e.blockNumber}`) },
    });
    const follower = new Follower(chain, [projection("first"), projection("second"), projection("third")]);
    follower.afterProjections({
      event: (e) => void log.push(`after:${e.blockNumber}`),
      caughtUp: () => void log.push("caughtUp"),
    });
    chain.add(registered(1, "ORG1"));
    chain.add(registered(2, "ORG2"));
    await follower.catchUp();
    const third = chain.add(registered(3, "ORG3"));
    await follower.include({ blockNumber: third.blockNumber, events: [third], aloneInBlock: true });
    expect(log).to.deep.equal([
      "first:1",
      "second:1",
      "third:1",
      "after:1",
      "first:2",
      "second:2",
      "third:2",
      "after:2",
      "caughtUp",
      "first:3",
      "second:3",
      "third:3",
      "after:3",
      "caughtUp",
    ]);
    expect(follower.indexedBlock).to.equal(3);
  });

  it("when a block is submitted but not known to be alone in it, then the follower reads it from the chain", async () => {
    const chain = new FakeChain();
    const seen: number[] = [];
    const follower = new Follower(chain, [
      { handlers: { "PartyRegistry:OrganizationRegistered": (e) => void seen.push(e.args.org as number) } },
    ]);
    chain.add(registered(1, "ORG1"));
    const mine = chain.add(registered(2, "ORG2"));
    await follower.include({ blockNumber: mine.blockNumber, events: [mine], aloneInBlock: false });
    expect(seen).to.deep.equal([1, 2]);
  });

  it("when a notification reads the last projection for the event it is told of, then it sees the event applied", async () => {
    const chain = new FakeChain();
    const index = new ChainIndex(chain, (org) => `0x${String(org).padStart(40, "0")}`);
    const seen: (number | undefined)[] = [];
    // Subscribed after every projection was built, and reading the last one in the declared order (release).
    index.afterProjections({
      event: (e) => {
        if (e.name === "Discharged") seen.push(index.releases.container("MSCU1234565")?.dischargedAt);
      },
      caughtUp: () => undefined,
    });
    chain.add(registered(1, "TERMINAL1"));
    chain.add({
      contract: "ImportRelease",
      name: "Discharged",
      args: { container: "MSCU1234565", blTokenId: "0x" + "ab".repeat(32), terminal: 1 },
    });
    await index.catchUp();
    expect(seen).to.deep.equal([1_700_000_000]);
  });

  it("when two indexes follow two chains in one process, then neither sees the other's events", async () => {
    const [chainA, chainB] = [new FakeChain(), new FakeChain()];
    const a = new ChainIndex(chainA, (org) => `0x${String(org).padStart(40, "a")}`);
    const b = new ChainIndex(chainB, (org) => `0x${String(org).padStart(40, "b")}`);
    chainA.add(registered(1, "ONLYINA"));
    await Promise.all([a.catchUp(), b.catchUp()]);
    expect(a.organizationByOrgId("ONLYINA")?.org).to.equal(1);
    expect(b.organizationByOrgId("ONLYINA")).to.equal(undefined);
    expect(b.allOrganizations()).to.deep.equal([]);
  });
});
