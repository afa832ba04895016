/**
 * The carrier's desk in a real browser (harness: test/console/browser.ts): issue from the form, batch issue with
 * progress, amend, e-EIRs; and on a trader's B/L card, attachments (drop, download) and blank endorsement.
 */
import { expect } from "chai";
import { readFile } from "node:fs/promises";
import type { Locator, Page } from "playwright-core";
import { transportDocument, type TestCommunity } from "../fixtures/gateway.ts";
import { act, as, blPath, expectStatus, issue, newBlNumber } from "../api/helpers.ts";
import { box, releaseSteps } from "../api/releaseSteps.ts";
import { consoleInBrowser } from "./browser.ts";

const json = (name: string, value: unknown) => ({
  name,
  mimeType: "application/json",
  buffer: Buffer.from(JSON.stringify(value)),
});

describe("web console: the carrier's desk and B/L attachments (Chromium)", function () {
  this.timeout(180_000);
  const harness = consoleInBrowser();
  const { newPage, check, pick, signIn, done } = harness;
  let t: TestCommunity;
  before(() => ({ t } = harness));

  const carrierDesk = async () => {
    const page = await newPage();
    await signIn(page, "carrier");
    await page.getByRole("heading", { level: 1, name: "承运人工作台" }).waitFor();
    return page;
  };
  const field = (scope: Locator, label: string) => scope.getByLabel(label, { exact: true });

  it("when the clerk fills the issue form, then the gateway's refusal names the field, and once corrected the B/L exists with what was typed", async () => {
    const page = await carrierDesk();
    await page.getByRole("button", { name: "填写表单" }).click();
    const form = page.getByRole("form", { name: "填写表单签发提单" });
    const blNumber = newBlNumber("WEBF");
    const container = box("CAR");
    // The defaults a Tianjin desk starts from.
    expect(await field(form, "装货港").inputValue()).to.equal("CNTXG");

    await field(form, "提单号").fill(blNumber);
    await field(form, "订舱号").fill("BKG-TJ-0001");
    await field(form, "运费条款").selectOption("COL");
    await pick(field(form, "托运人（首个持有人）"), t.orgIds.shipper);
    await field(form, "通知方（可选）").fill("Rotterdam Imports B.V.");
    await field(form, "船名").fill("COSCO Tianjin");
    await field(form, "航次").fill("031w");
    await field(form, "卸货港").fill("nlrtm");
    const line = form.getByRole("group", { name: "第 1 个集装箱" });
    await field(line, "箱号").fill(container);
    await line.getByText("校验位正确").waitFor();
    await field(line, "铅封号").fill("CN1234567");
    await field(line, "件数").fill("800");
    await field(line, "毛重（千克）").fill("15200.5");
    await field(form, "货物描述（每行一项）").fill("Bicycles, unassembled");
    await field(form, "HS 编码").fill("8712"); // too short: DCSA wants 6 to 10 digits
    await field(form, "承运人条款（每行一条）").fill("Shipper's load, stow and count\nSaid to contain");
    const details = form.locator("details");
    if ((await details.getAttribute("open")) === null) await details.locator("summary").click();
    await field(form, "承运人代码（SMDG）").fill("cos");
    await field(form, "街道").fill("Binhai Road 1");
    await field(form, "单证联系人").fill("Wang Li");
    await field(form, "联系人邮箱").fill("docs@cosco.example");
    await check(page, "carrier-issue-form");
    // One screen of the tablet: the whole form, carrier's details folded, under 768 px.
    if ((await details.getAttribute("open")) !== null) await details.locator("summary").click();
    expect((await form.boundingBox())!.height).to.be.below(768);

    await form.getByRole("button", { name: "签发", exact: true }).click();
    const refusal = form.getByRole("alert");
    await refusal.waitFor();
    expect(await refusal.textContent())
      .to.include("单证无效：The transport document does not conform to DCSA eBL 3.0.3.")
      .and.include("/transportDocument/consignmentItems/0/HSCodes/0");
    expect((await as(t, "carrier").get(blPath(blNumber))).status).to.equal(404);
    await check(page, "carrier-issue-form-refused");

    await field(form, "HS 编码").fill("871200");
    await form.getByRole("button", { name: "签发", exact: true }).click();
    await done(page, `已完成：签发 ${blNumber}`);
    const issued = expectStatus(await as(t, "carrier").get(blPath(blNumber)), 200);
    expect([issued.blType, issued.holder.orgId]).to.deep.equal(["toOrder", t.orgIds.shipper]);
    const doc = issued.transportDocument;
    expect(doc.transports).to.deep.include({
      portOfLoading: { UNLocationCode: "CNTXG" },
      portOfDischarge: { UNLocationCode: "NLRTM" },
      vesselVoyages: [{ vesselName: "COSCO Tianjin", carrierExportVoyageNumber: "031W" }],
    });
    expect(doc.utilizedTransportEquipments).to.deep.equal([
      {
        isShipperOwned: false,
        seals: [{ number: "CN1234567" }],
        equipment: { equipmentReference: container, ISOEquipmentCode: "45G1" },
      },
    ]);
    expect(doc.consignmentItems[0]).to.deep.include({
      carrierBookingReference: "BKG-TJ-0001",
      descriptionOfGoods: ["Bicycles, unassembled"],
      HSCodes: ["871200"],
    });
    expect(doc.consignmentItems[0].cargoItems[0]).to.deep.include({
      cargoGrossWeight: { value: 15200.5, unit: "KGM" },
      outerPackaging: { numberOfPackages: 800, description: "Cartons" },
    });
    expect(doc.freightPaymentTermCode).to.equal("COL");
    expect(doc.invoicePayableAt).to.deep.equal({ UNLocationCode: "NLRTM" });
    expect(doc.carrierClauses).to.deep.equal(["Shipper's load, stow and count", "Said to contain"]);
    expect(doc.carrierCode).to.equal("COS");
    expect(doc.documentParties.shipper.identifyingCodes[0].partyCode).to.equal(t.orgIds.shipper);
    expect(doc.documentParties.notifyParties).to.deep.equal([{ partyName: "Rotterdam Imports B.V." }]);

    await page.getByLabel("语言").selectOption("en");
    await page.getByRole("form", { name: "Issue a B/L from a form" }).getByLabel("Port of loading").waitFor();
    await check(page, "carrier-issue-form-en");
  });

  it("when three files, one of them bad, are issued as a batch, then two are issued, the bad one's row says why, and the progress reaches the end", async () => {
    const page = await carrierDesk();
    await page.getByRole("button", { name: "按舱单批量签发" }).click();
    const [a, b, c] = [newBlNumber("WEBB"), newBlNumber("WEBB"), newBlNumber("WEBB")];
    const bad = { ...transportDocument(b), transportDocumentTypeCode: "XYZ" };
    await page
      .getByLabel("DCSA JSON 文件，或舱单及其文件")
      .setInputFiles([
        json("bl-1.json", transportDocument(a)),
        json("bl-2.json", bad),
        json("bl-3.json", transportDocument(c)),
      ]);
    const rows = page.locator(".batch-rows tbody tr");
    expect(await rows.evaluateAll((r) => r.map((row) => row.getAttribute("data-status")))).to.deep.equal([
      "waiting",
      "waiting",
      "waiting",
    ]);
    await pick(page.getByLabel("首个持有人（通常为托运人）"), t.orgIds.shipper);
    await check(page, "carrier-batch");
    await page.getByRole("button", { name: "签发 3 票提单" }).click();
    await done(page, "已签发 2 票，被拒 1 票");

    expect(await rows.evaluateAll((r) => r.map((row) => row.getAttribute("data-status")))).to.deep.equal([
      "issued",
      "refused",
      "issued",
    ]);
    expect(await rows.nth(1).textContent())
      .to.include("被拒绝")
      .and.include("/transportDocument/transportDocumentTypeCode");
    const progress = page.locator(".progress progress");
    expect([await progress.getAttribute("value"), await progress.getAttribute("max")]).to.deep.equal(["3", "3"]);
    expect(await page.locator(".progress label").textContent()).to.equal("已处理 3 / 3");
    await check(page, "carrier-batch-done");
    for (const n of [a, c]) expectStatus(await as(t, "carrier").get(blPath(n)), 200);
    expect((await as(t, "carrier").get(blPath(b))).status).to.equal(404);
  });

  it("when a manifest is chosen with its files, then its entries are issued to the holders it names, and an entry whose file is missing is refused without being sent", async () => {
    const page = await carrierDesk();
    await page.getByRole("button", { name: "按舱单批量签发" }).click();
    const [a, b] = [newBlNumber("WEBM"), newBlNumber("WEBM")];
    const manifest = {
      issueTo: t.orgIds.shipper,
      billsOfLading: [
        { file: "bl-a.json" },
        { file: "missing.json" },
        { file: "docs/bl-b.json", issueTo: t.orgIds.bank },
      ],
    };
    await page
      .getByLabel("DCSA JSON 文件，或舱单及其文件")
      .setInputFiles([
        json("manifest.json", manifest),
        json("bl-a.json", transportDocument(a)),
        json("bl-b.json", transportDocument(b)),
      ]);
    await page.getByRole("button", { name: "签发 3 票提单" }).click();
    await done(page, "已签发 2 票，被拒 1 票");
    const rows = page.locator(".batch-rows tbody tr");
    expect(await rows.evaluateAll((r) => r.map((row) => row.getAttribute("data-status")))).to.deep.equal([
      "issued",
      "refused",
      "issued",
    ]);
    expect(await rows.nth(1).textContent()).to.include("舱单列出了 missing.json，但没有随舱单一起选择该文件。");
    expect(expectStatus(await as(t, "carrier").get(blPath(a)), 200).holder.orgId).to.equal(t.orgIds.shipper);
    expect(expectStatus(await as(t, "carrier").get(blPath(b)), 200).holder.orgId).to.equal(t.orgIds.bank);
  });

  it("when a B/L was surrendered for amendment, then the carrier edits its document on the card and it becomes version 2", async () => {
    const blNumber = newBlNumber("WEBA");
    await issue(t, blNumber);
    await act(t, "shipper", blNumber, "surrender", { kind: "amendment" });
    const page = await carrierDesk();
    const card = page.locator("#surrenders").getByRole("article", { name: `提单号 ${blNumber}` });
    await card.getByRole("button", { name: "修改", exact: true }).click();
    const editor = card.getByLabel("运输单证（JSON，可编辑）");
    await card.locator("textarea:not([disabled])").waitFor();
    const current = JSON.parse(await editor.inputValue());
    expect(current.transportDocumentReference).to.equal(blNumber);
    await editor.fill(JSON.stringify({ ...current, shippedOnBoardDate: "2024-01-05" }));
    await check(page, "carrier-amend");
    await card.getByRole("button", { name: "修改为第 2 版" }).click();
    await done(page, `已修改 ${blNumber}：现为第 2 版`);
    const amended = expectStatus(await as(t, "shipper").get(blPath(blNumber)), 200);
    expect([amended.version, amended.state, amended.transportDocument.shippedOnBoardDate]).to.deep.equal([
      2,
      "active",
      "2024-01-05",
    ]);
  });

  it("when the carrier issues an e-EIR for an import pick-up, then the haulier sees it", async () => {
    const { container, deliveryOrderId } = await releaseSteps(t).prepared({ prefix: "WEBI" });
    const page = await carrierDesk();
    const form = page.locator("#interchange");
    await field(form, "箱号").fill(container);
    await field(form, "铅封号（以空格分隔）").fill("CN7654321");
    await field(form, "提货单编号").fill(String(deliveryOrderId));
    await pick(field(form, "提箱地点（码头或堆场）"), t.orgIds.terminal);
    await pick(field(form, "还箱地点（码头或堆场）"), t.orgIds.terminal);
    await pick(field(form, "车队"), t.orgIds.haulier);
    await check(page, "carrier-interchange");
    await form.getByRole("button", { name: "签发设备交接单" }).click();
    await done(form, `已为 ${container} 签发设备交接单`);

    const { items } = expectStatus(await as(t, "haulier").get("/v1/equipment-interchanges"), 200);
    const eir = items.find((i: { container: string }) => i.container === container);
    expect(eir).to.deep.include({
      purpose: "importPickUp",
      laden: true,
      seals: ["CN7654321"],
      deliveryOrderId,
      status: "issued",
      sizeType: "45G1",
    });
    expect(eir.haulier.orgId).to.equal(t.orgIds.haulier);
  });

  it("when a trader drops an invoice on a B/L card, then it is attached, and downloading it saves the same bytes under the same name", async () => {
    const blNumber = newBlNumber("WEBT");
    await issue(t, blNumber);
    const page = await newPage();
    await signIn(page, "shipper");
    const card = page.getByRole("article", { name: `提单号 ${blNumber}` });
    await card.getByRole("button", { name: "附件" }).click();
    await card.getByText("暂无附件。").waitFor();
    await card.getByLabel("文件类型").selectOption("invoice");
    const bytes = Buffer.concat([
      Buffer.from("%PDF-1.4\n1 0 obj <<>> endobj\n"),
      Buffer.from([0, 1, 2, 250, 251, 252, 253]),
      Buffer.from("\ntrailer <<>>\n%%EOF\n"),
    ]);
    await drop(page, card.locator(".attachments .drop"), { name: "发票.pdf", type: "application/pdf", bytes });
    await done(card, "已添加附件 发票.pdf");
    const link = card.getByRole("link", { name: "下载 发票.pdf" });
    await link.waitFor();
    expect(await card.locator(".attachment-list").textContent()).to.include("商业发票");
    await check(page, "bills-attachments");

    const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
    expect(download.suggestedFilename()).to.equal("发票.pdf");
    expect(Buffer.compare(await readFile((await download.path())!), bytes)).to.equal(0);
    const { items } = expectStatus(await as(t, "carrier").get(blPath(blNumber, "attachments")), 200);
    expect(items.map((i: { fileName: string; kind: string }) => [i.fileName, i.kind])).to.deep.equal([
      ["发票.pdf", "invoice"],
    ]);
  });

  it("when the holder blank-endorses a to-order B/L from its card, then the B/L is endorsed in blank", async () => {
    const blNumber = newBlNumber("WEBN");
    await issue(t, blNumber);
    const page = await newPage();
    await signIn(page, "shipper");
    const card = page.getByRole("article", { name: `提单号 ${blNumber}` });
    await card.getByRole("button", { name: "空白背书" }).click();
    await done(page, `已完成：空白背书 ${blNumber}`);
    expect(expectStatus(await as(t, "shipper").get(blPath(blNumber)), 200).blankEndorsed).to.equal(true);
    // Endorsed in blank, it cannot be endorsed in blank again.
    await page
      .getByRole("article", { name: `提单号 ${blNumber}` })
      .getByRole("button", { name: "转让" })
      .waitFor();
    expect(
      await page
        .getByRole("article", { name: `提单号 ${blNumber}` })
        .getByRole("button", { name: "空白背书" })
        .count(),
    ).to.equal(0);
  });

  it("when the bank sends back a B/L just endorsed to it, then the shipper holds it again", async () => {
    const blNumber = newBlNumber("WEBR");
    await issue(t, blNumber);
    await act(t, "shipper", blNumber, "endorse-and-deliver", { to: t.orgIds.bank });
    const page = await newPage();
    await signIn(page, "bank");
    await page
      .getByRole("article", { name: `提单号 ${blNumber}` })
      .getByRole("button", { name: "退回" })
      .click();
    await done(page, `已完成：退回 ${blNumber}`);
    expect(expectStatus(await as(t, "shipper").get(blPath(blNumber)), 200).holder.orgId).to.equal(t.orgIds.shipper);
  });
});

/** Drops one file on `target` as a drag from the desktop does (a DataTransfer holding it). */
async function drop(page: Page, target: Locator, file: { name: string; type: string; bytes: Buffer }) {
  // Evaluated in the page (a string: this file is type-checked without the DOM's types).
  const transfer = await page.evaluateHandle(`(() => {
    const data = new DataTransfer();
    const bytes = new Uint8Array(${JSON.stringify([...file.bytes])});
    data.items.add(new File([bytes], ${JSON.stringify(file.name)}, { type: ${JSON.stringify(file.type)} }));
    return data;
  })()`);
  await target.dispatchEvent("dragover", { dataTransfer: transfer });
  await target.dispatchEvent("drop", { dataTransfer: transfer });
}
