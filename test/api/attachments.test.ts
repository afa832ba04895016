import { createHash, randomBytes } from "node:crypto";
import { expect } from "chai";
import { startTestCommunity, transportDocument, type TestCommunity } from "../fixtures/gateway.ts";
import { as } from "./helpers.ts";

describe("attachments", function () {
  this.timeout(120_000);
  let t: TestCommunity;
  const blNumber = "ATTACH0001";
  // A PDF's signature, then bytes enough to span several 256 KiB chunks.
  const invoice = Buffer.concat([Buffer.from("%PDF-1.7\n"), randomBytes(700_000)]);
  const sha256 = "0x" + createHash("sha256").update(invoice).digest("hex");

  before(async () => {
    t = await startTestCommunity();
    const issued = await as(t, "carrier").post("/v1/bills-of-lading", {
      transportDocument: transportDocument(blNumber),
      issueTo: t.orgIds.shipper,
    });
    expect(issued.status, JSON.stringify(issued.body)).to.equal(201);
  });
  after(async () => t.close());

  const upload = (key: string, body: Buffer, query = "fileName=invoice.pdf&kind=invoice") =>
    as(t, key)
      .post(`/v1/bills-of-lading/${blNumber}/attachments?${query}`)
      .set("Content-Type", "application/pdf")
      .send(body);

  it("when the shipper uploads an invoice, then it is stored with its SHA-256, size and CID, linked on chain", async () => {
    const res = await upload(t.keys.shipper, invoice);
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    expect(res.body).to.include({
      sha256,
      size: invoice.length,
      fileName: "invoice.pdf",
      mediaType: "application/pdf",
      kind: "invoice",
    });
    expect(res.body.cid).to.match(/^bafy/);
    expect(res.body.transactionHash).to.match(/^0x[0-9a-f]{64}$/);
  });

  it("when anyone in the community lists the B/L's attachments, then the invoice is there", async () => {
    const res = await as(t, "bank").get(`/v1/bills-of-lading/${blNumber}/attachments`);
    expect(res.status).to.equal(200);
    expect(res.body.items.map((a: { sha256: string }) => a.sha256)).to.deep.equal([sha256]);
  });

  it("when the invoice is downloaded, then exactly its bytes are served with their hash and CID", async () => {
    const list = await as(t, "carrier").get(`/v1/bills-of-lading/${blNumber}/attachments`);
    const { cid } = list.body.items[0];
    const res = await as(t, "carrier")
      .get(`/v1/bills-of-lading/${blNumber}/attachments/${cid}`)
      .buffer(true)
      .parse((response, done) => {
        const chunks: Buffer[] = [];
        response.on("data", (c: Buffer) => chunks.push(c));
        response.on("end", () => done(null, Buffer.concat(chunks)));
      });
    expect(res.status).to.equal(200);
    expect(res.headers["x-content-sha256"]).to.equal(sha256);
    expect(res.headers["content-type"]).to.match(/^application\/pdf/);
    expect(Buffer.compare(res.body as Buffer, invoice)).to.equal(0);
  });

  describe("refusals change nothing", () => {
    let block: number;
    let count: number;
    beforeEach(async () => {
      block = await t.community.ctx.chain.blockNumber();
      count = t.community.ctx.index.attachmentsOf(
        t.community.ctx.index.billsOfLadingByNumber(blNumber)[0].tokenId,
      ).length;
    });
    afterEach(async () => {
      expect(await t.community.ctx.chain.blockNumber()).to.equal(block);
      expect(
        t.community.ctx.index.attachmentsOf(t.community.ctx.index.billsOfLadingByNumber(blNumber)[0].tokenId),
      ).to.have.length(count);
    });

    it("when a file is larger than the limit, then 413", async () => {
      const res = await upload(t.keys.shipper, Buffer.alloc(t.config.maxUploadBytes + 1));
      expect(res.status).to.equal(413);
      expect(res.headers["content-type"]).to.match(/application\/problem\+json/);
    });

    it("when an organization that is no party to the B/L uploads, then 403", async () => {
      const res = await upload(t.keys.haulier, Buffer.from("not mine"));
      expect(res.status).to.equal(403);
      expect(res.body.detail).to.match(/carrier, holder, endorsee or consignee/);
    });

    it("when there is no API key, then 401", async () => {
      const res = await as(t).post(`/v1/bills-of-lading/${blNumber}/attachments?fileName=a.txt`, "x");
      expect(res.status).to.equal(401);
    });

    it("when the file name is a path, then 422 pointing at fileName", async () => {
      const res = await upload(t.keys.shipper, Buffer.from("x"), "fileName=../etc/passwd");
      expect(res.status).to.equal(422);
      expect(res.body.errors[0].pointer).to.equal("/fileName");
    });

    it("when the B/L does not exist, then 404", async () => {
      const res = await as(t, "shipper").post("/v1/bills-of-lading/NOSUCHBL/attachments?fileName=a.txt", "x");
      expect(res.status).to.equal(404);
    });

    it("when an unknown CID is downloaded, then 404", async () => {
      const res = await as(t, "shipper").get(
        `/v1/bills-of-lading/${blNumber}/attachments/bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku`,
      );
      expect(res.status).to.equal(404);
    });
  });
});
