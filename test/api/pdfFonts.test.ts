/**
 * A printed B/L's Chinese (issue 13, point 4): text beyond Latin-1 is drawn with the node's CJK font, embedded as a
 * subset, and printed as "?" only when the node has none (PDF_CJK_FONT=none, or no font installed).
 */
import { expect } from "chai";
import { existsSync } from "node:fs";
import { inflateSync } from "node:zlib";
import { fontRuns, renderDocumentPdf, type DocumentPdfInput } from "../../api/billsOfLading/documentPdf.ts";
import { cjkFont, openCjkFont, type CjkFont } from "../../api/billsOfLading/pdfFonts.ts";
import { ConfigError } from "../../api/config.ts";
import { transportDocument } from "../fixtures/gateway.ts";

// Debian's fonts-droid-fallback (Chromium's own fallback font; .ci/run installs it with Chromium).
const DROID = "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf";
const SHIPPER = "天津港集团 Tianjin Port Group";

/** Every stream of the PDF inflated (the font's ToUnicode map among them), as Latin-1 text. */
const streams = (pdf: Buffer): string =>
  [...pdf.toString("latin1").matchAll(/stream\r?\n/g)]
    .map((m) => {
      const start = m.index! + m[0].length;
      try {
        return inflateSync(pdf.subarray(start, pdf.indexOf("endstream", start))).toString("latin1");
      } catch {
        return "";
      }
    })
    .join("\n");

function input(cjk: CjkFont | undefined): DocumentPdfInput {
  const td = transportDocument("PDFCJK000001") as Record<string, unknown> & {
    documentParties: { shipper: { partyName: string } };
  };
  td.documentParties.shipper.partyName = SHIPPER;
  return {
    blNumber: "PDFCJK000001",
    blType: "toOrder",
    state: "active",
    version: 1,
    documentChecksum: "0x" + "ab".repeat(32),
    carrier: { orgId: "91310000MA1FL4CT3X", name: "中远海运集装箱运输有限公司" },
    holder: { orgId: "911200001030626290", name: "Bank of Tianjin" },
    issuedAt: "2026-12-01T08:00:00.000Z",
    transportDocument: td,
    endorsementChain: [],
    verifyUrl: "https://node.example/console/#/verify/0x" + "ab".repeat(32),
    timeZone: "Asia/Shanghai",
    cjkFont: cjk,
  };
}

describe("printed B/L: Chinese in the PDF (PDF_CJK_FONT)", function () {
  this.timeout(60_000);

  it("when text mixes Chinese and Latin, then it is cut into runs, and what no font covers becomes ?", () => {
    const covers = (cp: number) => cp >= 0x4e00 && cp <= 0x9fff;
    const font = { path: "x", covers };
    expect(fontRuns("天津 Tianjin 港", font)).to.deep.equal([
      { text: "天津", cjk: true },
      { text: " Tianjin ", cjk: false },
      { text: "港", cjk: true },
    ]);
    expect(fontRuns("A→天", font)).to.deep.equal([
      { text: "A?", cjk: false },
      { text: "天", cjk: true },
    ]);
    expect(fontRuns("天津 Tianjin", undefined)).to.deep.equal([{ text: "?? Tianjin", cjk: false }]);
  });

  it("when the node has a CJK font, then the Chinese names are drawn with it, embedded as a subset", async function () {
    if (!existsSync(DROID)) this.skip(); // apt-get install fonts-droid-fallback (.ci/run does)
    const pdf = await renderDocumentPdf(input(openCjkFont(DROID)));
    const source = pdf.toString("latin1");
    expect(source).to.match(/\/BaseFont \/[A-Z]{6}\+DroidSansFallback/);
    const maps = streams(pdf);
    // The ToUnicode map of the subset names the characters drawn: 天 U+5929, 港 U+6E2F, 远 U+8FDC.
    for (const codePoint of ["5929", "6e2f", "8fdc"]) expect(maps.toLowerCase()).to.contain(`<${codePoint}>`);
    // The font is a subset: a few kilobytes of its 4 MB.
    expect(pdf.length).to.be.lessThan(400_000);
    // The same B/L gives the same file, subset and all.
    expect((await renderDocumentPdf(input(openCjkFont(DROID)))).equals(pdf)).to.equal(true);
  });

  it("when the node has none (PDF_CJK_FONT=none), then the Chinese prints as ? and no font is embedded", async () => {
    expect(cjkFont("none")).to.equal(undefined);
    const pdf = await renderDocumentPdf(input(cjkFont("none")));
    expect(pdf.toString("latin1")).to.not.match(/\/FontFile2/);
    // 天津港集团 as five "?" (0x3f) in the page's hex-encoded text.
    expect(streams(pdf).toLowerCase()).to.contain("<3f3f3f3f3f");
  });

  it("when PDF_CJK_FONT names no font file, or a collection without its face, then the node does not start", () => {
    expect(() => cjkFont("/nonexistent/font.ttf"))
      .to.throw(ConfigError)
      .with.property("message", "PDF_CJK_FONT: no font file at /nonexistent/font.ttf.");
    expect(() => cjkFont(import.meta.filename)).to.throw(ConfigError, /is not a font pdfkit can embed/);
  });
});
