/**
 * The B/L's printable face (issue 13, point 4): GET /v1/bills-of-lading/{blNumber}/document.pdf lays the current
 * transport document out as a bill of lading, with its checksum, a QR code of the verify page and the endorsement
 * chain, and says on every page that it is a view, not the original.
 */
import { expect } from "chai";
import { inflateSync } from "node:zlib";
import type { Response } from "supertest";
import { startTestCommunity, transportDocument, type TestCommunity } from "../fixtures/gateway.ts";
import { act, as, blPath, expectProblem, issue, newBlNumber } from "./helpers.ts";

/** The response body as bytes (supertest buffers unknown media types only when asked). */
const bytesOf = (res: Response) => res.body as Buffer;
const binary = (r: ReturnType<ReturnType<typeof as>["get"]>) =>
  r.buffer(true).parse((res, done) => {
    const chunks: Buffer[] = [];
    res.on("data", (c: Buffer) => chunks.push(c));
    res.on("end", () => done(null, Buffer.concat(chunks)));
  });

/**
 * The text a PDF drawn with the standard fonts shows: each content stream inflated, each TJ/Tj string's hex decoded
 * as Latin-1 (WinAnsi), one line per text operation.
 */
function pdfText(pdf: Buffer): string {
  const lines: string[] = [];
  const source = pdf.toString("latin1");
  for (const match of source.matchAll(/\/Filter \/FlateDecode[^]*?stream\r?\n/g)) {
    const start = match.index! + match[0].length;
    const end = source.indexOf("endstream", start);
    let content: string;
    try {
      content = inflateSync(pdf.subarray(start, end)).toString("latin1");
    } catch {
      continue; // an image, or not a content stream
    }
    for (const op of content.matchAll(/\[((?:<[0-9a-fA-F]*>|[-\d.\s])*)\]\s*TJ/g)) {
      const hex = [...op[1].matchAll(/<([0-9a-fA-F]*)>/g)].map((h) => h[1]).join("");
      lines.push(Buffer.from(hex, "hex").toString("latin1"));
    }
  }
  return lines.join("\n");
}

describe("GET /v1/bills-of-lading/{blNumber}/document.pdf: the B/L's printable face", function () {
  this.timeout(120_000);
  let t: TestCommunity;
  let blNumber: string;
  let checksum: string;
  let pdf: Buffer;
  let text: string;
  let res: Response;

  before(async () => {
    t = await startTestCommunity(undefined, { publicUrl: "https://bank-node.example" });
    blNumber = newBlNumber("PDF");
    const issued = await issue(t, blNumber);
    checksum = issued.documentChecksum;
    await act(t, "shipper", blNumber, "endorse-and-deliver", { to: t.orgIds.bank });
    res = await binary(as(t, "bank").get(`${blPath(blNumber)}/document.pdf`));
    pdf = bytesOf(res);
    // Lines wrap where the layout needs: the checks read the text as one run of words.
    text = pdfText(pdf).replace(/\s+/g, " ");
  });

  after(async () => await t?.close());

  it("when a party asks for it, then it is a PDF, shown inline under the B/L's number", () => {
    expect(res.status).to.equal(200);
    expect(res.headers["content-type"]).to.equal("application/pdf");
    expect(res.headers["content-disposition"]).to.equal(`inline; filename=${blNumber}.pdf`);
    expect(pdf.subarray(0, 5).toString()).to.equal("%PDF-");
    expect(pdf.subarray(-6).toString()).to.match(/%%EOF\s*$/);
  });

  it("when it is read, then it is laid out as a bill of lading from the transport document", () => {
    const td = transportDocument(blNumber);
    const transports = td.transports as { vesselVoyages: { vesselName: string; carrierExportVoyageNumber: string }[] };
    const voyage = transports.vesselVoyages[0];
    for (const expected of [
      "NEGOTIABLE BILL OF LADING (TO ORDER)",
      blNumber,
      "SHIPPER",
      "CONSIGNEE",
      "PORT OF LOADING",
      "PORT OF DISCHARGE",
      `${voyage.vesselName} ${voyage.carrierExportVoyageNumber}`,
      "CONTAINERS AND SEALS",
      "DESCRIPTION OF GOODS",
      "Freight prepaid",
      "Terms and conditions",
    ]) {
      expect(text, expected).to.contain(expected);
    }
  });

  it("when it is read, then it carries the checksum, the verify page's link and the endorsement chain", () => {
    expect(text).to.contain(`Document checksum (SHA-256): ${checksum}`);
    // The link (and the QR code) open the verify page of the node the PDF came from, at its PUBLIC_URL.
    expect(pdf.toString("latin1")).to.contain(`(https://bank-node.example/console/#/verify/${checksum})`);
    // The QR code is an image on the first page.
    expect(pdf.toString("latin1")).to.match(/\/Subtype \/Image/);
    expect(text).to.contain("Endorsement chain");
    expect(text).to.match(/ISSUE\s+COSCO Shipping Lines \(91310000MA1FL4CT3X\)/);
    expect(text).to.contain("-> Bank of Tianjin (911200001030626290)");
  });

  it("when any page is read, then it says it is a view of the electronic original, not a document of title", () => {
    const pages = [...text.matchAll(/page (\d) of (\d) - a view of the electronic original, not a document of title/g)];
    expect(pages.length).to.be.greaterThanOrEqual(2);
    expect(pages.map((p) => p[1])).to.deep.equal(pages.map((_, i) => String(i + 1)));
  });

  it("when it is asked for twice, then it is the same file (its date is the issue's, not the download's)", async () => {
    const again = bytesOf(await binary(as(t, "bank").get(`${blPath(blNumber)}/document.pdf`)));
    expect(again.equals(pdf)).to.equal(true);
  });

  it("when the B/L does not exist, or there is no key, then the problem, not a PDF", async () => {
    expectProblem(await as(t, "bank").get(`${blPath("NOSUCHBL0001")}/document.pdf`), 404);
    expectProblem(await as(t).get(`${blPath(blNumber)}/document.pdf`), 401);
  });
});
