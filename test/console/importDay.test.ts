/**
 * A container's import day in a real browser (the harness is test/console/browser.ts), through to the empty return:
 * the B/L's way to the consignee, the release, the e-EIR at the gate with a damage photo and a damage code, and its
 * return; and the gate clerk's work with the keyboard alone.
 */
import { expect } from "chai";
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import type { Locator, Page } from "playwright-core";
import { transportDocument, type TestCommunity } from "../fixtures/gateway.ts";
import { as, expectStatus, newBlNumber } from "../api/helpers.ts";
import { box, releaseSteps } from "../api/releaseSteps.ts";
import { consoleInBrowser, type ConsolePage } from "./browser.ts";

const PHOTO = path.join(import.meta.dirname, "../../docs/examples/left-side.jpg");
const SEAL = "CN1234567";

describe("a container's import day in the console, to the empty return (Chromium)", function () {
  this.timeout(240_000);
  const harness = consoleInBrowser();
  const { newPage, check, pick, signIn, done } = harness;
  let t: TestCommunity;
  let base: string;
  before(() => ({ t, base } = harness));

  /** The carrier's import pick-up e-EIR for the container on its delivery order (its form is another page's). */
  const issueEir = (container: string, deliveryOrderId: number) =>
    releaseSteps(t).importPickUp(container, deliveryOrderId, [SEAL]);

  it("when the day is done role by role, then the e-EIR comes back returned with its damage code and photo hash on chain", async () => {
    const blNumber = newBlNumber("WEBR");
    const container = box("WER");
    const pages: Record<string, ConsolePage> = {};
    for (const role of ["carrier", "shipper", "bank", "consignee", "terminal", "customs", "haulier"]) {
      pages[role] = await newPage();
      await signIn(pages[role], role);
    }
    const { carrier, shipper, bank, consignee, terminal, customs, haulier } = pages;
    const card = (page: Page, within: string) =>
      page.locator(within).getByRole("article", { name: `提单号 ${blNumber}` });

    // Issue → endorse to the bank → deliver to the consignee → surrender → accept.
    await carrier.getByLabel("DCSA eBL 3.0.3 运输单证（JSON）").setInputFiles({
      name: `${blNumber}.json`,
      mimeType: "application/json",
      buffer: Buffer.from(JSON.stringify(transportDocument(blNumber))),
    });
    await pick(carrier.getByLabel("首个持有人（通常为托运人）"), t.orgIds.shipper);
    await carrier.getByRole("button", { name: "签发", exact: true }).click();
    await done(carrier, `已完成：签发 ${blNumber}`);
    for (const [from, to] of [
      [shipper, "bank"],
      [bank, "consignee"],
    ] as const) {
      const own = card(from, "#awaiting");
      await own.getByRole("button", { name: "背书并交付" }).click();
      await pick(own.getByLabel("当事方（名称或机构代码）"), t.orgIds[to]);
      await own.getByRole("button", { name: /^确认/ }).click();
      await done(from, `已完成：背书并交付 ${blNumber}`);
    }
    const own = card(consignee, "#awaiting");
    await own.getByRole("button", { name: "交回" }).click();
    await own.getByLabel("交回用途").selectOption("delivery");
    await own.getByRole("button", { name: /^确认/ }).click();
    await done(consignee, `已完成：交回 ${blNumber}`);
    await card(carrier, "#surrenders").getByRole("button", { name: "接受交回" }).click();
    await done(carrier, `已完成：接受交回 ${blNumber}`);

    // Discharge → delivery order → customs release → the consignee nominates the haulier.
    const discharge = terminal.locator("#discharge");
    await discharge.getByLabel("提单号").fill(blNumber);
    await discharge.getByLabel("箱号").fill(container);
    await discharge.getByRole("button", { name: "登记卸船" }).click();
    await done(terminal, `已完成：卸船 ${container}`);
    const order = carrier.locator("#delivery-order");
    await order.getByLabel("提单号").selectOption(blNumber);
    await order.getByLabel("箱号（每行一个，或以空格、逗号分隔）").fill(container);
    await pick(order.getByLabel("放箱码头"), t.orgIds.terminal);
    await check(carrier, "carrier-delivery-order");
    await order.getByRole("button", { name: "签发提货单" }).click();
    await done(order, `为提单 ${blNumber} 签发提货单`);
    await customs.getByLabel("报关单号").fill("020220261234567898");
    await customs.getByLabel("提单号").fill(blNumber);
    await customs.getByLabel("箱号（每行一个，或以空格、逗号分隔）").fill(container);
    await customs.getByRole("button", { name: "放行" }).click();
    await done(customs, "已完成：放行 020220261234567898");
    const nominate = consignee.locator("#nominate");
    await nominate.getByLabel("箱号").fill(container);
    await nominate.getByRole("button", { name: "查询箱号" }).click();
    await pick(nominate.getByLabel("车队"), t.orgIds.haulier);
    await check(consignee, "bills-nominate");
    await nominate.getByRole("button", { name: "指定" }).click();
    await done(nominate, container);

    // The carrier issues the e-EIR (through the API); the haulier sees its nomination and the e-EIR, assigns a truck.
    const { deliveryOrderId } = expectStatus(await as(t, "terminal").get(`/v1/containers/${container}`), 200);
    const eir = await issueEir(container, deliveryOrderId);
    await haulier.reload();
    const nominated = haulier.locator(`#nominations tr[data-container="${container}"]`);
    // The row comes with the nominations; its e-EIR column once the e-EIRs are read too.
    await nominated.filter({ hasText: eir.reference }).waitFor();
    expect(await nominated.textContent())
      .to.include(blNumber)
      .and.include("待提箱")
      .and.include(eir.reference);
    const eirCard = haulier.locator("#awaiting").getByRole("article", { name: `设备交接单编号 ${eir.reference}` });
    await eirCard.getByLabel("车牌号").fill("津A12345");
    await eirCard.getByLabel("司机驾驶证或工号（可选）").fill("120101198001011234");
    await check(haulier, "haulier-nominations");
    await eirCard.getByRole("button", { name: "派车" }).click();
    await done(haulier, `已完成：派车 ${eir.reference}`);

    // The gate: yes, the release gate-out, then the e-EIR gate-out with a dent on the left side and its photo.
    await terminal.locator("form.gate-form").getByLabel("箱号").fill(container);
    await pick(terminal.getByLabel("车队"), t.orgIds.haulier);
    await terminal.getByRole("button", { name: "能否放行？" }).click();
    await terminal.locator(".verdict.yes").waitFor();
    await terminal.locator("#decision").getByLabel("车牌号").fill("津A12345");
    await terminal.getByRole("button", { name: "登记出闸" }).click();
    await terminal.locator(".verdict.no").waitFor();
    const out = terminal.getByRole("form", { name: `设备交接单 ${eir.reference} 的箱况检查` });
    expect(await out.getByLabel("车牌号").inputValue()).to.equal("津A12345"); // as the haulier assigned it
    await out.getByLabel("封条 1").fill("CN7654321");
    await out.getByText("封条与交接单不符。缺少：CN1234567；多出：CN7654321。").waitFor();
    await out.getByLabel("封条 1").fill(SEAL);
    await out.getByText("封条与交接单一致。").waitFor();
    await out.getByText("有残损").click();
    await out.getByRole("button", { name: "左侧" }).click();
    expect(await out.getByRole("button", { name: "左侧" }).getAttribute("aria-pressed")).to.equal("true");
    expect(await out.getByLabel("部位").inputValue()).to.equal("LX");
    await out.getByLabel("部位").selectOption("LB"); // the lower part of it, from the list
    await out.getByLabel("部件").selectOption("PA");
    await out.getByLabel("残损类型").selectOption("DT");
    await out.getByRole("button", { name: "添加此残损" }).click();
    await out.locator('.damage-list li[data-code="LB-PA-DT"]').waitFor();
    await out.getByRole("button", { name: "左侧 1 处残损" }).waitFor();
    const jpeg = await readFile(PHOTO);
    const sha256 = "0x" + createHash("sha256").update(jpeg).digest("hex");
    await out.getByLabel("拍照或选择文件").setInputFiles(PHOTO);
    await out.getByRole("img", { name: "照片 left-side.jpg" }).waitFor();
    expect(await out.locator(".thumbs .hash").textContent()).to.equal(sha256);
    await check(terminal, "gate-eir-out");
    await out.getByRole("button", { name: "登记交接单出闸" }).click();
    await done(terminal, `已完成：${eir.reference} 出闸已上链`);
    const recorded = terminal.locator(`.recorded[data-reference="${eir.reference}"]`);
    expect(await recorded.locator(".damage-codes").textContent()).to.equal("LB PA DT");
    expect(await recorded.locator(".photo-hashes").textContent()).to.equal(sha256);
    expect(await recorded.textContent())
      .to.include("已出闸")
      .and.include("一致");
    await check(terminal, "gate-eir-out-recorded");

    // The box comes back: the gate-in, with the dent again and a broken door handle picked on the rear face.
    await terminal.getByRole("button", { name: "进闸（还箱）" }).click();
    await terminal.getByRole("button", { name: "查找设备交接单" }).click();
    const back = terminal.getByRole("form", { name: `设备交接单 ${eir.reference} 的箱况检查` });
    await back.getByText("未录入封条：将不作比对。").waitFor();
    await back.getByText("有残损").click();
    await back.getByLabel("部位").selectOption("LB");
    await back.getByRole("button", { name: "添加此残损" }).click();
    await back.getByRole("button", { name: "后端（箱门）" }).click();
    await back.getByLabel("部件").selectOption("DH");
    await back.getByLabel("残损类型").selectOption("BR");
    await back.getByRole("button", { name: "添加此残损" }).click();
    await check(terminal, "gate-eir-in");
    await back.getByRole("button", { name: "登记进闸" }).click();
    await done(terminal, `已完成：${eir.reference} 进闸已上链`);
    const returned = terminal.locator(`.recorded[data-reference="${eir.reference}"]`);
    expect(await returned.textContent())
      .to.include("已还箱")
      .and.include("未比对")
      .and.include("新增残损（由车队承担）DX DH BR");
    await terminal.getByText(`${container} 没有待还回本处的设备交接单。`).waitFor();

    // On chain, as the API and the public check read it.
    const view = expectStatus(await as(t, "haulier").get(`/v1/equipment-interchanges/${eir.id}`), 200);
    expect(view.status).to.equal("returned");
    expect(view.gateOut).to.deep.include({ condition: "damaged", sealCheck: "matched", truckPlate: "津A12345" });
    expect(view.gateOut.damages).to.deep.equal([{ location: "LB", component: "PA", damageType: "DT" }]);
    expect(view.gateOut.photos.map((p: { sha256: string }) => p.sha256)).to.deep.equal([sha256]);
    expect(view.gateIn).to.deep.include({ condition: "damaged", sealCheck: "notCompared" });
    expect(view.newDamageAttributedToHaulier).to.deep.equal([{ location: "DX", component: "DH", damageType: "BR" }]);
    const photo = await as(t, "haulier").get(`/v1/equipment-interchanges/${eir.id}/photos/${sha256}`);
    expect(photo.status).to.equal(200);
    expect(Buffer.compare(photo.body as Buffer, jpeg)).to.equal(0);

    const anyone = await newPage();
    await anyone.goto(`${base}/console/#/eir/${eir.reference}`);
    await anyone.locator("#eir .verdict.yes").waitFor();
    expect(await anyone.locator("#eir .facts").first().textContent()).to.include("已还箱");
    const gateOut = anyone.locator('[data-gate="gateOut"]');
    expect(await gateOut.locator(".damage-codes").textContent()).to.equal("LB PA DT");
    expect(await gateOut.locator(".photo-hashes").textContent()).to.equal(sha256);
    expect(await anyone.locator('[data-gate="gateIn"] .damage-codes').textContent()).to.equal("LB PA DT; DX DH BR");
    await check(anyone, "eir-check-returned");
  });

  it("when the gate clerk has only the keyboard, then it looks the container up and records both gate-outs", async () => {
    const { container, deliveryOrderId } = await releaseSteps(t).prepared({ prefix: "WEBKB" });
    const eir = await issueEir(container, deliveryOrderId);
    expectStatus(
      await as(t, "haulier").post(`/v1/equipment-interchanges/${eir.id}/assign-truck`, { truckPlate: "津A12345" }),
      200,
    );
    const page = await newPage();
    await signIn(page, "terminal");
    await page.getByRole("heading", { level: 1, name: "闸口" }).waitFor();
    const keys = page.keyboard;

    await tabTo(page, page.locator("form.gate-form").getByLabel("箱号"));
    await keys.type(container);
    await page.getByText("校验位正确").waitFor();
    await tabTo(page, page.getByLabel("车队"));
    await keys.type(t.orgIds.haulier);
    await tabTo(page, page.getByRole("button", { name: "能否放行？" }));
    await keys.press("Enter");
    await page.locator(".verdict.yes").waitFor();

    await tabTo(page, page.locator("#decision").getByLabel("车牌号"));
    await keys.type("津A12345");
    await keys.press("Enter");
    await page.locator(".verdict.no").waitFor();

    const out = page.getByRole("form", { name: `设备交接单 ${eir.reference} 的箱况检查` });
    await tabTo(page, out.getByLabel("封条 1"));
    await keys.type(SEAL);
    await out.getByText("封条与交接单一致。").waitFor();
    // The condition radios: Space takes the one focused, the arrow keys move within them.
    await tabTo(page, out.getByLabel("完好"));
    await keys.press("ArrowRight");
    expect(await out.getByLabel("有残损").isChecked()).to.equal(true);
    await tabTo(page, out.getByRole("button", { name: "前端" }));
    await keys.press("Space");
    expect(await out.getByLabel("部位").inputValue()).to.equal("FX");
    // The face taken, the clerk goes on with the component.
    expect(await out.getByLabel("部件").evaluate((el) => el === el.ownerDocument.activeElement)).to.equal(true);
    await tabTo(page, out.getByRole("button", { name: "添加此残损" }));
    await keys.press("Enter");
    await out.locator('.damage-list li[data-code="FX-PA-DT"]').waitFor();
    await tabTo(page, out.getByRole("button", { name: "登记交接单出闸" }));
    await keys.press("Space");
    await done(page, `已完成：${eir.reference} 出闸已上链`);
    await check(page, "gate-keyboard");

    expect(expectStatus(await as(t, "terminal").get(`/v1/containers/${container}`), 200).gatedOutAt).to.be.a("string");
    const view = expectStatus(await as(t, "terminal").get(`/v1/equipment-interchanges/${eir.id}`), 200);
    expect(view.status).to.equal("gatedOut");
    expect(view.gateOut).to.deep.include({ sealCheck: "matched", condition: "damaged", truckPlate: "津A12345" });
    expect(view.gateOut.damages).to.deep.equal([{ location: "FX", component: "PA", damageType: "DT" }]);
  });

  it("when a photo's bytes are not the image it claims to be, then the clerk reads the API's refusal and no photo is cited", async () => {
    const { container, deliveryOrderId } = await releaseSteps(t).prepared({ prefix: "WEBPH" });
    const eir = await issueEir(container, deliveryOrderId);
    const page = await newPage({ locale: "en" });
    await signIn(page, "terminal");
    await page.getByLabel("语言").selectOption("en");
    await page.getByRole("button", { name: "Coming back: gate-in" }).click();
    await page.getByRole("button", { name: "Leaving: gate-out" }).click();
    await page.locator("form.gate-form").getByLabel("Container number").fill(container);
    await pick(page.getByLabel("Haulier"), t.orgIds.haulier);
    await page.getByRole("button", { name: "May it leave?" }).click();
    await page.locator(".verdict.yes").waitFor();
    const out = page.getByRole("form", { name: `Condition report for e-EIR ${eir.reference}` });
    await out.getByText("An import pick-up leaves only after the release gate-out above is recorded.").waitFor();
    await out.getByLabel("Take a photo or choose a file").setInputFiles({
      name: "door.jpg",
      mimeType: "image/jpeg",
      buffer: Buffer.from("not a picture of the doors"),
    });
    const refusal = out.getByRole("alert");
    await refusal.waitFor();
    expect(await refusal.textContent()).to.equal(
      "The file was sent as image/jpeg, but its bytes are text/plain. Send it with the Content-Type of what it is.",
    );
    expect(await out.locator(".thumbs li").count()).to.equal(0);
    await out.getByText("Damaged").click();
    expect(await out.getByRole("button", { name: "Record the e-EIR gate-out" }).isDisabled()).to.equal(true);
    await out.getByText("Add at least one damage report, or choose Sound.").waitFor();
    await check(page, "gate-eir-refused-en");
    expect(expectStatus(await as(t, "terminal").get(`/v1/equipment-interchanges/${eir.id}`), 200).status).to.equal(
      "issued",
    );
  });
});

/** Presses Tab until `target` has the focus, as a keyboard user moves through the page (at most 100 times). */
async function tabTo(page: Page, target: Locator): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (await target.evaluate((el) => el === el.ownerDocument.activeElement)) return;
    await page.keyboard.press("Tab");
  }
  throw new Error(`Tab never reached ${target}`);
}
