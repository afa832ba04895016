/**
 * The web console in a real browser (the harness is test/console/browser.ts): sign-in, the public pages, live
 * updates, the print view, and each role's desk.
 */
import { expect } from "chai";
import path from "node:path";
import { transportDocument, type TestCommunity } from "../fixtures/gateway.ts";
import { act, as, expectStatus, issue, newBlNumber, registerOrganization } from "../api/helpers.ts";
import { releaseSteps, withWrongCheckDigit } from "../api/releaseSteps.ts";
import { consoleInBrowser, SCREENSHOTS } from "./browser.ts";

describe("web console (Chromium)", function () {
  this.timeout(180_000);
  const harness = consoleInBrowser();
  const { newPage, check, pick, signIn } = harness;
  let t: TestCommunity;
  let base: string;
  before(() => ({ t, base } = harness));

  it("when / is opened, then it leads to the console, in Chinese, under a CSP that allows only this node", async () => {
    const page = await newPage();
    const response = await page.goto(`${base}/`);
    expect(page.url()).to.equal(`${base}/console/`);
    const csp = response!.headers()["content-security-policy"];
    expect(csp).to.include("default-src 'self'").and.include("script-src 'self'").and.include("connect-src 'self'");
    await page.getByRole("heading", { level: 1, name: "登录" }).waitFor();
    expect(await page.getAttribute("html", "lang")).to.equal("zh-CN");
    expect(await page.title()).to.equal("无纸化港口");
    const loaded = await page.evaluate(() => performance.getEntriesByType("resource").map((e) => e.name));
    loaded.forEach((url) => expect(url.startsWith(base), url).to.equal(true));
    await check(page, "sign-in");
  });

  it("when the consignee signs in, switches to English and signs out, then the key is kept nowhere and the session ends", async () => {
    const page = await newPage();
    await signIn(page, "consignee");
    await page.getByRole("heading", { level: 1, name: "我的提单" }).waitFor();
    expect(await page.evaluate("document.cookie")).to.equal(""); // HttpOnly: the page cannot read it
    const cookies = await page.context().cookies();
    expect(cookies.map((c) => [c.name, c.httpOnly, c.sameSite])).to.deep.equal([["pp_session", true, "Strict"]]);
    await check(page, "bills-zh");

    await page.getByLabel("语言").selectOption("en");
    await page.getByRole("heading", { level: 1, name: "My B/Ls" }).waitFor();
    expect(await page.getAttribute("html", "lang")).to.equal("en");
    expect(await page.title()).to.equal("Paperless Port");
    await page.reload();
    await page.getByRole("heading", { level: 1, name: "My B/Ls" }).waitFor(); // still signed in, still English
    const stored = await page.evaluate(() => ({ ...localStorage, ...sessionStorage }));
    expect(stored).to.deep.equal({ "paperless-port.language": "en" });
    await check(page, "bills-en");

    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByRole("heading", { level: 1, name: "Sign in" }).waitFor();
    expect(await page.evaluate(async () => (await fetch("/v1/session")).status)).to.equal(401);
    expect(await page.context().cookies()).to.deep.equal([]);
  });

  it("when the node ends the session (its key revoked), then the page goes back to sign-in and says so", async () => {
    const orgId = await registerOrganization(t, "webtrader", ["trader"]);
    const page = await newPage();
    await signIn(page, "webtrader");
    await page.getByRole("heading", { level: 1, name: "我的提单" }).waitFor();
    expectStatus(await as(t, "webtrader").post(`/v1/organizations/${orgId}/api-keys`, {}), 201);
    await page.getByRole("link", { name: "验证" }).click();
    await page.getByRole("link", { name: "我的提单" }).click();
    await page.getByRole("heading", { level: 1, name: "登录" }).waitFor();
    await page.getByRole("alert").filter({ hasText: "会话已结束，请重新登录。" }).waitFor();
  });

  it("when a wrong key is given, then the API's problem is shown", async () => {
    const page = await newPage();
    await page.goto(`${base}/console/#/sign-in`);
    await page.getByLabel("API 密钥").fill("pp_not-a-key");
    await page.getByRole("button", { name: "登录" }).click();
    await page.getByRole("alert").filter({ hasText: "未通过身份验证" }).waitFor();
    expect(await page.getByRole("alert").textContent()).to.include("This API key is not valid");
  });

  it("when a B/L's document is dropped on the verify page, then it is authentic; a tampered one is not", async () => {
    const blNumber = newBlNumber("WEBV");
    await issue(t, blNumber);
    const document = transportDocument(blNumber);
    const page = await newPage();
    await page.goto(`${base}/console/#/verify`);
    await page.getByLabel("运输单证（JSON）").setInputFiles({
      name: `${blNumber}.json`,
      mimeType: "application/json",
      buffer: Buffer.from(JSON.stringify(document)),
    });
    const verdict = page.locator("#verification .verdict");
    await verdict.filter({ hasText: "真实" }).waitFor();
    const facts = await page.locator("#verification .facts").textContent();
    expect(facts).to.include("有效").and.include(t.orgIds.carrier).and.include(t.orgIds.shipper);
    await check(page, "verify-authentic");

    const tampered = { ...document, shippedOnBoardDate: "2099-01-01" };
    await page.getByLabel("运输单证（JSON）").setInputFiles({
      name: "tampered.json",
      mimeType: "application/json",
      buffer: Buffer.from(JSON.stringify(tampered)),
    });
    await verdict.filter({ hasText: "不真实" }).waitFor();
    await check(page, "verify-tampered");

    const { documentChecksum } = expectStatus(await as(t, "shipper").get(`/v1/bills-of-lading/${blNumber}`), 200);
    await page.getByLabel("单证校验和（0x 加 64 位十六进制）").fill(documentChecksum);
    await page.getByRole("button", { name: "核验校验和" }).click();
    await verdict.filter({ hasText: /^真实$/ }).waitFor();
    expect(await page.locator("#verification .facts").textContent()).to.include(documentChecksum);
  });

  it("when the shipper endorses and delivers a B/L to the consignee in the console, then it appears in the consignee's console without a reload", async () => {
    const blNumber = newBlNumber("WEBL");
    await issue(t, blNumber);
    const consignee = await newPage();
    await signIn(consignee, "consignee");
    await consignee.locator("#awaiting").getByText("加载中…").waitFor({ state: "detached" });
    await consignee.locator(".live.on").waitFor(); // the event stream is open
    const arrived = consignee.locator("#awaiting").getByRole("article", { name: `提单号 ${blNumber}` });
    expect(await arrived.count()).to.equal(0);

    const shipper = await newPage();
    await signIn(shipper, "shipper");
    const card = shipper.getByRole("article", { name: `提单号 ${blNumber}` });
    await card.getByRole("button", { name: "背书并交付" }).click();
    const consigneeName = t.community.ctx.index.organizationByOrgId(t.orgIds.consignee)!.name;
    await pick(card.getByLabel("当事方（名称或机构代码）"), t.orgIds.consignee);
    await check(shipper, "bills-endorse");
    await card.getByRole("button", { name: /^确认/ }).click();
    await shipper
      .getByRole("status")
      .filter({ hasText: `已完成：背书并交付 ${blNumber}` })
      .waitFor();

    await arrived.waitFor();
    expect(await arrived.textContent()).to.include(consigneeName);
    await check(consignee, "bills-live");
  });

  it("when the holder opens a B/L's document, then it reads like a bill of lading with its endorsement chain, prints without the console's header, saves the node's PDF, and its QR code's page verifies it", async () => {
    const blNumber = newBlNumber("WEBP");
    await issue(t, blNumber);
    await act(t, "shipper", blNumber, "endorse-and-deliver", { to: t.orgIds.consignee });
    const page = await newPage();
    await signIn(page, "consignee");
    await page
      .getByRole("article", { name: `提单号 ${blNumber}` })
      .getByRole("link", { name: `单证 ${blNumber}` })
      .click();
    const document = page.getByRole("article", { name: `提单 ${blNumber}` });
    await document.getByRole("heading", { name: "提单 Bill of Lading" }).waitFor();
    const equipment = (
      transportDocument(blNumber) as { utilizedTransportEquipments: { equipment: { equipmentReference: string } }[] }
    ).utilizedTransportEquipments[0].equipment.equipmentReference;
    expect(await document.textContent())
      .to.include(equipment)
      .and.include("装货港")
      .and.include("条款");
    const timeline = page.getByRole("complementary", { name: "背书链" });
    expect(await timeline.locator("li strong").allTextContents()).to.deep.equal(["签发", "背书", "转让"]);
    await check(page, "document");
    await page.emulateMedia({ media: "print" });
    expect(await page.locator("#app > header").isVisible()).to.equal(false);
    await page.screenshot({ path: path.join(SCREENSHOTS, "document-print.png"), fullPage: true });
    await page.emulateMedia({ media: "screen" });

    // The node's own PDF of the same document, linked from the page under the B/L's number, with the session's cookie.
    const pdfLink = page.getByRole("link", { name: "下载 PDF（由节点生成）" });
    expect(await pdfLink.getAttribute("download")).to.equal(`${blNumber}.pdf`);
    const fetched = await page.evaluate(
      async (href) => {
        const response = await fetch(href);
        return {
          status: response.status,
          type: response.headers.get("content-type"),
          bytes: [...new Uint8Array(await response.arrayBuffer())],
        };
      },
      (await pdfLink.getAttribute("href"))!,
    );
    expect([fetched.status, fetched.type]).to.deep.equal([200, "application/pdf"]);
    const saved = Buffer.from(fetched.bytes);
    expect(saved.subarray(0, 5).toString()).to.equal("%PDF-");
    const served = await as(t, "consignee")
      .get(`/v1/bills-of-lading/${blNumber}/document.pdf`)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => done(null, Buffer.concat(chunks)));
      });
    expect(saved.equals(served.body as Buffer)).to.equal(true); // the API's file, byte for byte

    const { documentChecksum } = expectStatus(await as(t, "consignee").get(`/v1/bills-of-lading/${blNumber}`), 200);
    expect(await document.getByRole("img", { name: "打开此单证核验的二维码" }).getAttribute("src")).to.match(
      /^data:image\/png;base64,/,
    );
    const anyone = await newPage();
    await anyone.goto(`${base}/console/#/verify/${documentChecksum}`);
    await anyone
      .locator("#verification .verdict")
      .filter({ hasText: /^真实$/ })
      .waitFor();
  });

  it("when the carrier issues from a DCSA file and accepts a surrender, then both are done from its desk", async () => {
    const page = await newPage();
    await signIn(page, "carrier");
    await page.getByRole("heading", { level: 1, name: "承运人工作台" }).waitFor();
    const blNumber = newBlNumber("WEBC");
    await page.getByLabel("DCSA eBL 3.0.3 运输单证（JSON）").setInputFiles({
      name: `${blNumber}.json`,
      mimeType: "application/json",
      buffer: Buffer.from(JSON.stringify(transportDocument(blNumber))),
    });
    await pick(page.getByLabel("首个持有人（通常为托运人）"), t.orgIds.shipper);
    await check(page, "carrier");
    await page.getByRole("button", { name: "签发", exact: true }).click();
    await page
      .getByRole("status")
      .filter({ hasText: `已完成：签发 ${blNumber}` })
      .waitFor();
    expect(expectStatus(await as(t, "shipper").get(`/v1/bills-of-lading/${blNumber}`), 200).holder.orgId).to.equal(
      t.orgIds.shipper,
    );

    await act(t, "shipper", blNumber, "endorse-and-deliver", { to: t.orgIds.consignee });
    await act(t, "consignee", blNumber, "surrender", { kind: "delivery" });
    const pending = page.locator("#surrenders").getByRole("article", { name: `提单号 ${blNumber}` });
    await pending.getByRole("button", { name: "接受交回" }).click();
    await page
      .getByRole("status")
      .filter({ hasText: `已完成：接受交回 ${blNumber}` })
      .waitFor();
    expect(expectStatus(await as(t, "carrier").get(`/v1/bills-of-lading/${blNumber}`), 200).state).to.equal(
      "accomplished",
    );
  });

  it("when customs releases a declaration's containers in the console, then the gate may let them go", async () => {
    const steps = releaseSteps(t);
    const waiting = await steps.prepared({ prefix: "WEBK", customs: false });
    expect(expectStatus(await steps.decision(waiting.container), 200).releasable).to.equal(false);
    const page = await newPage();
    await signIn(page, "customs");
    await page.getByRole("heading", { level: 1, name: "海关" }).waitFor();
    await page.getByLabel("报关单号").fill("020220261234567890");
    await page.getByLabel("提单号").fill(waiting.blNumber);
    const containers = page.getByLabel("箱号（每行一个，或以空格、逗号分隔）");
    await containers.fill(withWrongCheckDigit(waiting.container));
    await page.getByText(`校验位错误：应为 ${waiting.container[10]}`).waitFor();
    expect(await page.getByRole("button", { name: "放行" }).isDisabled()).to.equal(true);
    await containers.fill(waiting.container);
    await page.getByRole("button", { name: "放行" }).click();
    await page.getByRole("status").filter({ hasText: "已完成：放行 020220261234567890" }).waitFor();
    expect(await page.locator("#containers tbody tr").textContent())
      .to.include(waiting.container)
      .and.include("是");
    await check(page, "customs");
    expect(expectStatus(await steps.decision(waiting.container), 200).releasable).to.equal(true);
  });

  it("when the haulier assigns a truck to its e-EIR, then the e-EIR's QR code opens a public check that shows the truck", async () => {
    const { container, deliveryOrderId } = await releaseSteps(t).prepared({ prefix: "WEBE" });
    const issued = await releaseSteps(t).importPickUp(container, deliveryOrderId);
    const page = await newPage();
    await signIn(page, "haulier");
    await page.getByRole("heading", { level: 1, name: "车队调度" }).waitFor();
    const card = page.locator("#awaiting").getByRole("article", { name: `设备交接单编号 ${issued.reference}` });
    const qr = card.getByRole("img", { name: `设备交接单 ${issued.reference} 的二维码：扫码即可核验` });
    expect(await qr.getAttribute("src")).to.match(/^data:image\/png;base64,/);
    await card.getByLabel("车牌号").fill("津A12345");
    await check(page, "haulier");
    await card.getByRole("button", { name: "派车" }).click();
    await page
      .getByRole("status")
      .filter({ hasText: `已完成：派车 ${issued.reference}` })
      .waitFor();
    await page
      .locator("#mine")
      .getByRole("article", { name: `设备交接单编号 ${issued.reference}` })
      .waitFor();
    expect(
      expectStatus(await as(t, "haulier").get(`/v1/equipment-interchanges/${issued.id}`), 200).truckPlate,
    ).to.equal("津A12345");

    const gate = await newPage();
    await gate.goto(`${base}/console/#/eir/${issued.reference}`);
    await gate.locator("#eir .verdict.yes").waitFor();
    expect(await gate.locator("#eir .facts").textContent())
      .to.include("津A12345")
      .and.include("进口提箱");
    await check(gate, "eir-check");
  });

  it("when the gate clerk types a container number, then its check digit is judged as typed, and the gate says yes or no with every reason", async () => {
    const steps = releaseSteps(t);
    const ready = await steps.prepared({ prefix: "WEBG" });
    const held = await steps.prepared({ prefix: "WEBH", customs: false });
    const page = await newPage();
    await signIn(page, "terminal");
    await page.getByRole("heading", { level: 1, name: "闸口" }).waitFor();
    const number = page.locator("form.gate-form").getByLabel("箱号");
    const haulierName = t.community.ctx.index.organizationByOrgId(t.orgIds.haulier)!.name;
    await pick(page.getByLabel("车队"), `${haulierName} (${t.orgIds.haulier})`);

    await number.fill(withWrongCheckDigit(ready.container));
    await page.getByText(`校验位错误：应为 ${ready.container[10]}`).waitFor();
    expect(await page.getByRole("button", { name: "能否放行？" }).isDisabled()).to.equal(true);

    await number.fill(ready.container.toLowerCase());
    await page.getByText("校验位正确").waitFor();
    await page.getByRole("button", { name: "能否放行？" }).click();
    await page.locator(".verdict.yes").filter({ hasText: "是 — 放行" }).waitFor();
    await check(page, "gate-yes");

    await number.fill(held.container);
    await page.getByRole("button", { name: "能否放行？" }).click();
    await page.locator(".verdict.no").filter({ hasText: "否 — 不放行" }).waitFor();
    const reasons = await page.locator(".reasons li").evaluateAll((items) => items.map((i) => i.dataset.code));
    expect(reasons).to.deep.equal(["NO_CUSTOMS_RELEASE"]);
    expect(await page.locator(".reasons").textContent()).to.include("海关未放行");
    await check(page, "gate-no");
  });
});
