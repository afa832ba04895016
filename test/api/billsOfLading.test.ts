import { expect } from "chai";
import { canonicalize, documentChecksum } from "../../api/billsOfLading/canonicalForm.ts";
import { startTestCommunity, transportDocument, type TestCommunity } from "../fixtures/gateway.ts";
import {
  act,
  as,
  blPath,
  chainOf,
  cidOfDocument,
  issue,
  issueRequest,
  newBlNumber,
  read,
  registerOrganization,
} from "./helpers.ts";

interface View {
  blNumber: string;
  state: string;
  documentChecksum: string;
  allowedActions: string[];
}

describe("bills of lading: issue, batch, list, read, verify", function () {
  this.timeout(120_000);
  let t: TestCommunity;
  let org: Record<string, string>;
  before(async () => {
    t = await startTestCommunity();
    org = t.orgIds;
  });
  after(async () => t.close());

  /** Every page of a list, walked with its cursor. */
  async function walk(who: string, filter: string, limit: number) {
    const pages: View[][] = [];
    let cursor: number | null = 0;
    while (cursor !== null) {
      const res = await as(t, who).get(`/v1/bills-of-lading?filter=${filter}&limit=${limit}&cursor=${cursor}`);
      expect(res.status, JSON.stringify(res.body)).to.equal(200);
      expect(res.body.items.length).to.be.at.most(limit);
      pages.push(res.body.items);
      cursor = res.body.nextCursor;
      expect(pages.length, "the cursor never ends").to.be.below(100);
    }
    return pages;
  }

  describe("issue", function () {
    it("when a carrier issues a B/L, then it is on chain, its document is on IPFS and it can be read back identical", async () => {
      const n = newBlNumber("ISSUE");
      const body = issueRequest(t, n);
      const res = await as(t, "carrier").post("/v1/bills-of-lading", body);
      expect(res.status, JSON.stringify(res.body)).to.equal(201);
      expect(res.headers.location).to.equal(`/v1/bills-of-lading/${n}`);
      expect(res.body).to.include({
        blNumber: n,
        blType: "toOrder",
        state: "active",
        version: 1,
        surrenderKind: "none",
      });
      expect(res.body.tokenId).to.match(/^0x[0-9a-f]{64}$/);
      expect(res.body.documentChecksum).to.match(/^0x[0-9a-f]{64}$/);
      expect(res.body.documentCid).to.equal(cidOfDocument(body.transportDocument));
      expect(res.body.carrier.orgId).to.equal(org.carrier);
      expect(res.body.controlledBy.orgId).to.equal(org.shipper);
      expect(Date.parse(res.body.issuedAt)).to.not.be.NaN;

      const stored = await t.community.ctx.documents.getDocument(res.body.documentCid);
      expect(JSON.parse(Buffer.from(stored).toString("utf8"))).to.deep.equal(body.transportDocument);
      const onChain = await t.community.ctx.chain.read("BillOfLading", "documentCid", [res.body.tokenId]);
      expect(onChain).to.equal(res.body.documentCid);

      const got = await read(t, n, "shipper");
      expect(got.transportDocument).to.deep.equal(body.transportDocument);
      const { transportDocument: _document, allowedActions, ...rest } = got;
      const { allowedActions: _carrierActions, transactionHash, ...issued } = res.body;
      expect(rest).to.deep.equal(issued);
      // The issue response names its transaction, the one the endorsement chain starts with.
      expect(transactionHash).to.equal((await chainOf(t, n)).endorsementChain[0].transactionHash);
      expect(allowedActions).to.include("surrender");
    });

    it("when a carrier issues a straight B/L and a sea waybill, then their consignee is named", async () => {
      for (const blType of ["straight", "seaWaybill"] as const) {
        const bl = await issue(t, newBlNumber("TYPES"), blType);
        expect(bl.blType).to.equal(blType);
        expect(bl.consignee.orgId).to.equal(org.consignee);
        expect(bl.endorsee).to.equal(null);
      }
    });

    it("when a carrier issues a batch of 20, then all are issued in one transaction", async () => {
      const bodies = Array.from({ length: 20 }, (_, i) =>
        issueRequest(t, newBlNumber("VESSEL"), (["toOrder", "straight", "seaWaybill"] as const)[i % 3]),
      );
      const block = await t.community.ctx.chain.blockNumber();
      const res = await as(t, "carrier").post("/v1/bills-of-lading/batch", { billsOfLading: bodies });
      expect(res.status, JSON.stringify(res.body)).to.equal(201);
      expect(await t.community.ctx.chain.blockNumber()).to.equal(block + 1);
      expect(res.body.items.map((b: View) => b.blNumber)).to.deep.equal(
        bodies.map((b) => b.transportDocument.transportDocumentReference),
      );
      for (const [i, body] of bodies.entries()) {
        const got = await read(t, body.transportDocument.transportDocumentReference as string);
        expect(got.transportDocument).to.deep.equal(body.transportDocument);
        expect(got.blType).to.equal(res.body.items[i].blType);
      }
      const chains = await Promise.all(
        bodies.map((b) => chainOf(t, b.transportDocument.transportDocumentReference as string)),
      );
      const hashes = new Set(chains.map((c) => c.endorsementChain[0].transactionHash));
      expect(hashes.size).to.equal(1);
      // The response names that one transaction, for the batch and for each of its B/Ls.
      expect(res.body.transactionHash).to.equal([...hashes][0]);
      for (const item of res.body.items) expect(item.transactionHash).to.equal(res.body.transactionHash);
    });
    it("when two carriers use the same B/L number, then reading it asks which carrier and ?carrier picks one", async () => {
      await registerOrganization(t, "secondCarrier", ["carrier"], {
        orgId: "SECONDCARRIER0001",
        legalName: "Second Carrier Lines",
      });
      const n = newBlNumber("SHARED");
      await issue(t, n);
      const second = await as(t, "secondCarrier").post("/v1/bills-of-lading", issueRequest(t, n, "straight"));
      expect(second.status, JSON.stringify(second.body)).to.equal(201);
      const ambiguous = await as(t, "shipper").get(blPath(n));
      expect(ambiguous.status).to.equal(409);
      expect(ambiguous.headers["content-type"]).to.match(/^application\/problem\+json/);
      expect(ambiguous.body.detail).to.match(/\?carrier=/);
      expect(ambiguous.body.carriers).to.have.members([org.carrier, "SECONDCARRIER0001"]);
      const picked = await as(t, "shipper").get(`${blPath(n)}?carrier=SECONDCARRIER0001`);
      expect(picked.status).to.equal(200);
      expect(picked.body).to.include({ blType: "straight", tokenId: second.body.tokenId });
      const acted = await as(t, "shipper").post(`${blPath(n, "transfer")}?carrier=SECONDCARRIER0001`, {
        to: org.consignee,
      });
      expect(acted.status, JSON.stringify(acted.body)).to.equal(200);
      expect(acted.body.holder.orgId).to.equal(org.consignee);
      expect((await as(t, "shipper").get(`${blPath(n)}?carrier=${org.carrier}`)).body.holder.orgId).to.equal(
        org.shipper,
      );
    });
  });

  describe("list", function () {
    let mine: string[];
    before(async () => {
      mine = [];
      for (let i = 0; i < 7; i++) mine.push((await issue(t, newBlNumber("LIST"))).blNumber);
      await act(t, "shipper", mine[0], "endorse-and-deliver", { to: org.bank });
      await act(t, "shipper", mine[1], "surrender", { kind: "delivery" });
      await act(t, "shipper", mine[2], "surrender", { kind: "delivery" });
      await act(t, "carrier", mine[2], "accept-surrender");
    });

    it("when the carrier walks its issued B/Ls page by page, then every one appears exactly once", async () => {
      const all = (await as(t, "carrier").get("/v1/bills-of-lading?filter=issued&limit=200")).body;
      expect(all.nextCursor).to.equal(null);
      const expected = all.items.map((b: View) => b.blNumber);
      expect(expected).to.include.members(mine);
      expect(expected.length).to.be.above(20);
      for (const limit of [1, 3, 7, Math.ceil(expected.length / 2), expected.length]) {
        const pages = await walk("carrier", "issued", limit);
        const seen = pages.flat().map((b) => b.blNumber);
        expect(new Set(seen).size, "duplicates").to.equal(seen.length);
        expect(seen).to.deep.equal(expected);
        pages.slice(0, -1).forEach((page) => expect(page).to.have.length(limit));
        expect(pages.at(-1), "an empty last page").not.to.be.empty;
      }
    });

    it("when the shipper lists what it holds, then it sees active and pending B/Ls it holds, not others", async () => {
      const held = (await walk("shipper", "held", 4)).flat();
      const numbers = held.map((b) => b.blNumber);
      expect(numbers).to.include.members([mine[1], ...mine.slice(3)]);
      expect(numbers).not.to.include(mine[0]); // at the bank now
      expect(numbers).not.to.include(mine[2]); // accomplished
      const bankHeld = (await as(t, "bank").get("/v1/bills-of-lading?filter=held")).body.items.map(
        (b: View) => b.blNumber,
      );
      expect(bankHeld).to.deep.equal([mine[0]]);
    });

    it("when the carrier lists what awaits it, then it sees exactly the pending surrenders", async () => {
      const awaiting = (await as(t, "carrier").get("/v1/bills-of-lading?filter=awaiting")).body.items as View[];
      expect(awaiting.map((b) => b.blNumber)).to.deep.equal([mine[1]]);
      expect(awaiting[0].allowedActions).to.deep.equal(["accept-surrender", "reject-surrender"]);
      const shipperAwaiting = (await as(t, "shipper").get("/v1/bills-of-lading?filter=awaiting&limit=200")).body.items;
      expect(shipperAwaiting.map((b: View) => b.blNumber)).not.to.include(mine[1]);
      shipperAwaiting.forEach((b: View) => expect(b.state).to.equal("active"));
    });

    it("when a party with no B/Ls lists, then the list is empty with no cursor", async () => {
      const res = await as(t, "customs").get("/v1/bills-of-lading");
      expect(res.body).to.deep.equal({ items: [], nextCursor: null });
      const past = await as(t, "carrier").get("/v1/bills-of-lading?filter=issued&cursor=100000");
      expect(past.body).to.deep.equal({ items: [], nextCursor: null });
    });
  });

  describe("verify (open to anyone)", function () {
    let n: string;
    let checksum: string;
    before(async () => {
      n = newBlNumber("VERIFY");
      checksum = (await issue(t, n)).documentChecksum;
    });

    it("when anyone verifies an issued document without a key, then it is authentic and current with its controller", async () => {
      const res = await as(t).post("/v1/verify", { transportDocument: transportDocument(n) });
      expect(res.status).to.equal(200);
      expect(res.body).to.deep.include({
        authentic: true,
        current: true,
        version: 1,
        currentVersion: 1,
        documentChecksum: checksum,
        blNumber: n,
        state: "active",
      });
      expect(res.body.carrier.orgId).to.equal(org.carrier);
      expect(res.body.controlledBy.orgId).to.equal(org.shipper);
      const byChecksum = await as(t).post("/v1/verify", { documentChecksum: checksum });
      expect(byChecksum.body).to.deep.equal(res.body);
      const byPath = await as(t).get(`/v1/verify/${checksum.toUpperCase().replace("0X", "0x")}`);
      expect(byPath.body).to.deep.equal(res.body);
    });

    it("when a document was altered, then it is not authentic", async () => {
      const forged = { ...transportDocument(n), shippedOnBoardDate: "2023-12-24" };
      const res = await as(t).post("/v1/verify", { transportDocument: forged });
      expect(res.status).to.equal(200);
      expect(res.body).to.deep.equal({ authentic: false, documentChecksum: documentChecksum(canonicalize(forged)) });
      const unknown = await as(t).get(`/v1/verify/0x${"ab".repeat(32)}`);
      expect(unknown.body).to.deep.equal({ authentic: false, documentChecksum: `0x${"ab".repeat(32)}` });
    });

    it("when a B/L is read with ?carrier, then an unknown carrier is a 404", async () => {
      const res = await as(t, "shipper").get(`${blPath(n)}?carrier=NOBODY`);
      expect(res.status).to.equal(404);
    });
  });
});
