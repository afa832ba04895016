/**
 * The B/L's human-readable face (DCSA: the carrier's visualisation of the eBL): the transport document laid out as a
 * bill of lading is printed, with its checksum, a QR code that opens the verify page, and the endorsement chain.
 * It is a view of the electronic original on chain, never a second original: it says so on every page.
 *
 * pdfkit draws it with the standard PDF fonts (Helvetica), which cover Latin-1 (WinAnsi), and every run of text beyond
 * Latin-1 (Chinese names and addresses) with the node's CJK font when it has one (PDF_CJK_FONT, api/billsOfLading/
 * pdfFonts.ts), embedded as a subset. A character neither covers is shown as "?" rather than as a wrong glyph.
 */
import PDFDocument from "pdfkit";
import QRCode from "qrcode";
import type { CjkFont } from "./pdfFonts.ts";

type Json = Record<string, unknown>;

export interface PdfParty {
  orgId: string;
  name: string;
}

export interface DocumentPdfInput {
  blNumber: string;
  blType: string;
  state: string;
  version: number;
  documentChecksum: string;
  carrier: PdfParty | null;
  holder: PdfParty | null;
  issuedAt: string;
  transportDocument: Json;
  endorsementChain: {
    actionCode: string;
    actionDateTime: string;
    actor: PdfParty | null;
    recipient: PdfParty | null;
    transactionHash: string;
  }[];
  /** The public verify page for this document's checksum: the QR code opens it. */
  verifyUrl: string;
  /** Dates are printed in the port's time zone. */
  timeZone: string;
  /** The font for text beyond Latin-1; none: such characters print as "?". */
  cjkFont?: CjkFont;
}

const MARGIN = 36;
const PAGE_WIDTH = 595.28; // A4
const CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN;

/** Latin-1 only (the standard fonts' WinAnsi); anything else becomes "?" so that no glyph is silently wrong. */
const printable = (text: string) => text.replace(/[^\x20-\x7e\xa0-\xff\n]/g, "?");
/** Helvetica's (and Helvetica-Bold's) ascender, in 1/1000 em: where the top of a line puts its baseline. */
const HELVETICA_ASCENDER = 718;
const isLatin1 = (ch: string) => /[\x20-\x7e\xa0-\xff\n]/.test(ch);

/**
 * `value` cut into runs for the standard font and for the CJK font (a character the CJK font lacks goes with the
 * standard font's run, as "?").
 */
export function fontRuns(value: string, font: Pick<CjkFont, "covers"> | undefined): { text: string; cjk: boolean }[] {
  const runs: { text: string; cjk: boolean }[] = [];
  for (const ch of value) {
    const cjk = !isLatin1(ch) && font !== undefined && font.covers(ch.codePointAt(0)!);
    const last = runs[runs.length - 1];
    const piece = cjk || isLatin1(ch) ? ch : "?";
    if (last && last.cjk === cjk) last.text += piece;
    else runs.push({ text: piece, cjk });
  }
  return runs;
}

const asObject = (value: unknown): Json => (value && typeof value === "object" ? (value as Json) : {});
const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const asText = (value: unknown): string => (value === undefined || value === null ? "" : String(value));

/** A DCSA party as its lines: name, displayed address (or the structured one), codes. */
function partyLines(party: unknown): string[] {
  const p = asObject(party);
  if (!p.partyName) return [];
  const address = asObject(p.address);
  const displayed = asArray(p.displayedAddress).map(asText);
  const structured = [
    [address.street, address.streetNumber].filter(Boolean).join(" "),
    [address.postCode, address.city].filter(Boolean).join(" "),
    asText(address.countryCode),
  ].filter(Boolean);
  const codes = asArray(p.identifyingCodes).map((c) => {
    const code = asObject(c);
    return `${asText(code.codeListName || code.codeListProvider)} ${asText(code.partyCode)}`;
  });
  return [asText(p.partyName), ...(displayed.length ? displayed : structured), ...codes];
}

const location = (value: unknown) => {
  const l = asObject(value);
  return [asText(l.locationName), asText(l.UNLocationCode)].filter(Boolean).join(" ") || "-";
};

const FREIGHT_TERMS: Record<string, string> = { PRE: "Freight prepaid", COL: "Freight collect" };
const BL_TITLES: Record<string, string> = {
  toOrder: "NEGOTIABLE BILL OF LADING (TO ORDER)",
  straight: "STRAIGHT BILL OF LADING (NOT NEGOTIABLE)",
  seaWaybill: "SEA WAYBILL (NOT NEGOTIABLE)",
};

/** Renders the PDF; resolves with its bytes. */
export async function renderDocumentPdf(input: DocumentPdfInput): Promise<Buffer> {
  const td = input.transportDocument;
  const when = (iso: string) =>
    new Intl.DateTimeFormat("en-GB", {
      timeZone: input.timeZone,
      dateStyle: "medium",
      timeStyle: "short",
    }).format(new Date(iso)) + ` (${input.timeZone})`;
  const qr = await QRCode.toBuffer(input.verifyUrl, { errorCorrectionLevel: "M", margin: 1, width: 240 });

  const doc = new PDFDocument({
    size: "A4",
    margin: MARGIN,
    bufferPages: true,
    info: {
      Title: `Bill of lading ${input.blNumber}`,
      Subject: `Visualisation of the e-B/L ${input.blNumber}, document checksum ${input.documentChecksum}`,
      Author: input.carrier?.name ?? "",
      Creator: "Paperless Port",
      // The same B/L gives the same PDF: its date is the issue, not the download.
      CreationDate: new Date(input.issuedAt),
    },
  });
  const chunks: Buffer[] = [];
  doc.on("data", (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });

  if (input.cjkFont) doc.registerFont("CJK", input.cjkFont.data, input.cjkFont.face);
  let current = { name: "Helvetica", size: 12 };
  const font = (name: string, size: number) => doc.font(name).fontSize((current = { name, size }).size);
  /**
   * Text at (x, y) in the current standard font, each run beyond Latin-1 in the CJK font, line by line. A CJK run
   * sits on the standard font's baseline: its own ascender (higher) would lift it above the Latin beside it.
   */
  const text = (value: string, x: number, y: number, options: PDFKit.Mixins.TextOptions = {}) => {
    if (!input.cjkFont || [...value].every(isLatin1)) return doc.text(printable(value), x, y, options);
    const cjkBaseline = -(HELVETICA_ASCENDER / 1000) * current.size;
    value.split("\n").forEach((line, l) => {
      const runs = line ? fontRuns(line, input.cjkFont) : [{ text: " ", cjk: false }];
      runs.forEach((run, i) => {
        doc.font(run.cjk ? "CJK" : current.name);
        const runOptions = {
          ...options,
          continued: i < runs.length - 1,
          ...(run.cjk ? { baseline: cjkBaseline } : {}),
        };
        if (i === 0) doc.text(run.text, x, l === 0 ? y : undefined, runOptions);
        else doc.text(run.text, runOptions);
      });
    });
    return doc.font(current.name);
  };

  /** A labelled box of lines at (x, y) of width w; returns its height. */
  const box = (label: string, lines: string[], x: number, y: number, w: number, minHeight = 0): number => {
    font("Helvetica-Bold", 7).fillColor("#555");
    text(label.toUpperCase(), x + 4, y + 4, { width: w - 8 });
    font("Helvetica", 9).fillColor("#000");
    const body = lines.length ? lines.join("\n") : "-";
    const height = Math.max(minHeight, 18 + doc.heightOfString(printable(body), { width: w - 8 }) + 6);
    text(body, x + 4, y + 15, { width: w - 8 });
    doc.rect(x, y, w, height).lineWidth(0.5).strokeColor("#333").stroke();
    return height;
  };

  // --- Header
  font("Helvetica-Bold", 16).fillColor("#000");
  text(BL_TITLES[input.blType] ?? "BILL OF LADING", MARGIN, MARGIN, { width: CONTENT_WIDTH * 0.62 });
  font("Helvetica", 8).fillColor("#555");
  text(
    "Electronic bill of lading. This print is a view of the electronic original held on chain; it is not itself " +
      "a document of title. Verify it with the QR code or the checksum below.",
    MARGIN,
    doc.y + 2,
    { width: CONTENT_WIDTH * 0.62 },
  );
  const headerRight = MARGIN + CONTENT_WIDTH * 0.64;
  const headerWidth = CONTENT_WIDTH * 0.36;
  const headerHeight = box(
    "B/L number",
    [
      input.blNumber,
      `Version ${input.version}, ${input.state}`,
      `Issued ${when(input.issuedAt)}`,
      `Carrier on chain: ${input.carrier ? `${input.carrier.name} (${input.carrier.orgId})` : "-"}`,
    ],
    headerRight,
    MARGIN,
    headerWidth,
  );

  // --- Parties
  const parties = asObject(td.documentParties);
  const half = CONTENT_WIDTH / 2;
  let y = MARGIN + Math.max(headerHeight, 60) + 8;
  const consignee = partyLines(parties.consignee);
  const consigneeLines = td.isToOrder
    ? [consignee.length ? `To the order of ${consignee[0]}` : "TO ORDER", ...consignee.slice(1)]
    : consignee;
  const notify = asArray(parties.notifyParties).flatMap((n) => partyLines(asObject(n).party ?? n));
  const rowA = Math.max(
    box("Shipper", partyLines(parties.shipper), MARGIN, y, half, 70),
    box("Issuing carrier", partyLines(parties.issuingParty), MARGIN + half, y, half, 70),
  );
  y += rowA;
  const rowB = Math.max(
    box("Consignee", consigneeLines, MARGIN, y, half, 60),
    box("Notify party", notify, MARGIN + half, y, half, 60),
  );
  y += rowB + 8;

  // --- Voyage and ports
  const transports = asObject(td.transports);
  const voyages = asArray(transports.vesselVoyages).map((v) => {
    const voyage = asObject(v);
    return `${asText(voyage.vesselName)} ${asText(voyage.carrierExportVoyageNumber)}`.trim();
  });
  const quarter = CONTENT_WIDTH / 4;
  const rowC = Math.max(
    box("Vessel and voyage", voyages, MARGIN, y, quarter),
    box("Port of loading", [location(transports.portOfLoading)], MARGIN + quarter, y, quarter),
    box("Port of discharge", [location(transports.portOfDischarge)], MARGIN + 2 * quarter, y, quarter),
    box(
      "Shipped on board",
      [td.isShippedOnBoardType ? asText(td.shippedOnBoardDate) || "yes" : "Received for shipment"],
      MARGIN + 3 * quarter,
      y,
      quarter,
    ),
  );
  y += rowC;
  const rowD = Math.max(
    box("Place of receipt", [location(transports.placeOfReceipt)], MARGIN, y, quarter),
    box("Place of delivery", [location(transports.placeOfDelivery)], MARGIN + quarter, y, quarter),
    box(
      "Service",
      [
        `${asText(td.receiptTypeAtOrigin)}/${asText(td.deliveryTypeAtDestination)}`,
        asText(td.cargoMovementTypeAtOrigin),
      ],
      MARGIN + 2 * quarter,
      y,
      quarter,
    ),
    box(
      "Freight",
      [
        FREIGHT_TERMS[asText(td.freightPaymentTermCode)] ?? asText(td.freightPaymentTermCode),
        `Payable at ${location(td.invoicePayableAt)}`,
      ],
      MARGIN + 3 * quarter,
      y,
      quarter,
    ),
  );
  y += rowD + 8;

  // --- Containers and seals
  const containers = asArray(td.utilizedTransportEquipments).map((u) => {
    const ute = asObject(u);
    const equipment = asObject(ute.equipment);
    const seals = asArray(ute.seals).map((s) => asText(asObject(s).number));
    return (
      `${asText(equipment.equipmentReference)}  ${asText(equipment.ISOEquipmentCode)}` +
      `  seals: ${seals.join(", ") || "-"}${ute.isShipperOwned ? "  (shipper-owned)" : ""}`
    );
  });
  y += box("Containers and seals", containers, MARGIN, y, CONTENT_WIDTH);

  // --- Goods
  const goods = asArray(td.consignmentItems).flatMap((c) => {
    const item = asObject(c);
    const cargo = asArray(item.cargoItems).map((ci) => {
      const cargoItem = asObject(ci);
      const weight = asObject(cargoItem.cargoGrossWeight);
      const packaging = asObject(cargoItem.outerPackaging);
      return (
        `  ${asText(cargoItem.equipmentReference)}: ${asText(packaging.numberOfPackages)} ` +
        `${asText(packaging.description || packaging.packageCode)}, gross ${asText(weight.value)} ${asText(weight.unit)}`
      );
    });
    const hs = asArray(item.HSCodes).map(asText).join(", ");
    return [`${asArray(item.descriptionOfGoods).map(asText).join("; ")}${hs ? `  (HS ${hs})` : ""}`, ...cargo];
  });
  y += 8 + box("Description of goods", goods, MARGIN, y + 8, CONTENT_WIDTH);

  // --- Charges
  const charges = asArray(td.charges).map((c) => {
    const charge = asObject(c);
    return `${asText(charge.chargeName)}: ${asText(charge.currencyAmount)} ${asText(charge.currencyCode)} (${asText(charge.paymentTermCode)})`;
  });
  if (charges.length) y += 8 + box("Charges", charges, MARGIN, y + 8, CONTENT_WIDTH);

  // --- Verification: checksum and QR code
  y += 10;
  if (y > 700) {
    doc.addPage();
    y = MARGIN;
  }
  doc.image(qr, MARGIN, y, { width: 90 });
  font("Helvetica-Bold", 9).fillColor("#000");
  text("Verify this bill of lading", MARGIN + 100, y + 4, { width: CONTENT_WIDTH - 100 });
  font("Helvetica", 8);
  text(`Document checksum (SHA-256): ${input.documentChecksum}`, MARGIN + 100, y + 18, { width: CONTENT_WIDTH - 100 });
  text(input.verifyUrl, MARGIN + 100, y + 42, { width: CONTENT_WIDTH - 100, link: input.verifyUrl, underline: true });
  text(
    `Held by ${input.holder ? `${input.holder.name} (${input.holder.orgId})` : "nobody (accomplished or void)"}` +
      ` when this view was made.`,
    MARGIN + 100,
    y + 66,
    { width: CONTENT_WIDTH - 100 },
  );

  // --- Clauses and the endorsement chain, on the following pages
  doc.addPage();
  font("Helvetica-Bold", 11);
  text("Terms and conditions", MARGIN, MARGIN);
  font("Helvetica", 7.5);
  const clauses = [asText(td.termsAndConditions), ...asArray(td.carrierClauses).map(asText)].filter(Boolean);
  text(clauses.join("\n\n") || "-", MARGIN, doc.y + 4, { width: CONTENT_WIDTH });

  doc.moveDown(1.5);
  font("Helvetica-Bold", 11);
  text("Endorsement chain", MARGIN, doc.y);
  font("Helvetica", 8.5);
  for (const entry of input.endorsementChain) {
    const who = entry.actor ? `${entry.actor.name} (${entry.actor.orgId})` : "-";
    const to = entry.recipient ? ` -> ${entry.recipient.name} (${entry.recipient.orgId})` : "";
    text(`${when(entry.actionDateTime)}   ${entry.actionCode}   ${who}${to}`, MARGIN, doc.y + 3, {
      width: CONTENT_WIDTH,
    });
    doc.fillColor("#555");
    text(`   transaction ${entry.transactionHash}`, MARGIN, doc.y, { width: CONTENT_WIDTH });
    doc.fillColor("#000");
  }

  // --- Every page: the B/L number and "a view, not the original"
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    doc.page.margins.bottom = 0; // the footer sits in the bottom margin, without starting a new page
    font("Helvetica", 7).fillColor("#777");
    text(
      `${input.blNumber} - page ${i + 1} of ${range.count} - a view of the electronic original, not a document of title`,
      MARGIN,
      841.89 - MARGIN + 10,
      { width: CONTENT_WIDTH, align: "center", lineBreak: false },
    );
  }
  doc.end();
  return done;
}
