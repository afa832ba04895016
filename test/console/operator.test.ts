/**
 * The operator's page in a real browser (the harness is test/console/browser.ts): registration, suspension and
 * reinstatement as the API and the gate then see them, and refusals that show the API's problem and change nothing.
 */
import { expect } from "chai";
import type { TestCommunity } from "../fixtures/gateway.ts";
import { as, expectProblem, expectStatus } from "../api/helpers.ts";
import { releaseSteps } from "../api/releaseSteps.ts";
import { consoleInBrowser, type ConsolePage } from "./browser.ts";

describe("web console: the operator (Chromium)", function () {
  this.timeout(180_000);
  const harness = consoleInBrowser();
  const { newPage, check, signIn, done } = harness;
  let t: TestCommunity;
  before(() => ({ t } = harness));

  const ORG_ID = "91120000WEBOPHAUL1";
  const NAME = "Binhai Haulage Co";
  const organization = async (orgId: string) =>
    expectStatus(await as(t, "operator").get("/v1/organizations"), 200).items.find(
      (o: { orgId: string }) => o.orgId === orgId,
    );
  /** The gate's refusal codes for a container ready to go, were this haulier to collect it. */
  const gateCodes = async (container: string, haulier: string) =>
    expectStatus(await releaseSteps(t).decision(container, haulier), 200).refusals.map((r: { code: string }) => r.code);

  /** Finds the organization in the register by its orgId and opens its panel. */
  async function openOrganization(page: ConsolePage) {
    await page.getByLabel("按名称、组织代码、角色或状态搜索").fill(ORG_ID);
    await page.locator("#register").getByText("显示 1 / 共").waitFor();
    await page
      .locator("#register")
      .getByRole("button", { name: `查看 ${NAME}` })
      .click();
    return page.locator("#organization");
  }

  it("when the operator registers a haulier, suspends and reinstates it, then the API and the gate treat it so", async () => {
    const { container } = await releaseSteps(t).prepared({ prefix: "WOPS" });
    const page = await newPage();
    await signIn(page, "operator");
    await page.getByRole("heading", { level: 1, name: "港口社区运营方" }).waitFor();
    await page.getByRole("heading", { level: 2, name: "待您处理" }).waitFor();
    await page.getByText("暂无待办").waitFor();
    // The register lists the community's organizations with their roles and status.
    const register = page.locator("#register");
    await register
      .getByRole("row", { name: new RegExp(t.orgIds.carrier) })
      .getByText("承运人")
      .waitFor();
    await check(page, "operator");

    // Checked as typed: a malformed orgId or signer address is said at once and cannot be sent.
    const form = page.locator("#registration");
    await form.getByLabel("组织代码").fill("bad id-");
    await form.getByText("组织代码为 1 至 32 位大写字母和数字").waitFor();
    await form.getByLabel("组织代码").fill(ORG_ID);
    await form.getByLabel("法定名称").fill(NAME);
    await form.getByRole("checkbox", { name: "车队" }).check();
    await form.getByLabel("签名地址（可选）").fill("0x1234");
    await form.getByText("地址为 0x 加 40 位十六进制数字。").waitFor();
    expect(await form.getByRole("button", { name: "登记", exact: true }).isDisabled()).to.equal(true);
    await form.getByLabel("签名地址（可选）").fill("");
    await form.getByRole("button", { name: "登记", exact: true }).click();
    await done(page, `${NAME} (${ORG_ID}) 已登记`);
    // Its first API key, shown this once, works for it.
    const apiKey = (await form.getByRole("status", { name: "新组织的 API 密钥" }).textContent())!.trim();
    t.keys.webhaul = apiKey;
    expect(expectStatus(await as(t, "webhaul").get("/v1/me"), 200)).to.deep.include({
      orgId: ORG_ID,
      name: NAME,
      roles: ["haulier"],
      status: "active",
    });
    expect(await gateCodes(container, ORG_ID)).to.not.include("HAULIER_NOT_ACTIVE");

    const panel = await openOrganization(page);
    await panel.getByRole("heading", { level: 2, name: `${NAME} (${ORG_ID})` }).waitFor();
    await panel.getByRole("button", { name: "暂停", exact: true }).click();
    // The confirmation names the organization; nothing is sent before it.
    await panel.getByText(`确定暂停 ${NAME} (${ORG_ID}) 吗？`).waitFor();
    expect((await organization(ORG_ID)).status).to.equal("active");
    await check(page, "operator-confirm");
    await panel.getByRole("button", { name: `暂停 ${NAME}` }).click();
    await done(page, `${NAME} (${ORG_ID}) 已暂停`);
    await page.locator("#awaiting").getByText(`${NAME} (${ORG_ID}) 已暂停`).waitFor();
    expect((await organization(ORG_ID)).status).to.equal("suspended");
    expectProblem(await as(t, "webhaul").get("/v1/me"), 403, /is suspended/);
    expect(await gateCodes(container, ORG_ID)).to.include("HAULIER_NOT_ACTIVE");

    await panel.getByRole("button", { name: "恢复资格", exact: true }).click();
    await panel.getByRole("button", { name: `恢复 ${NAME} 的资格` }).click();
    await done(page, `${NAME} (${ORG_ID}) 已恢复资格`);
    await page.locator("#awaiting").getByText("暂无待办").waitFor();
    expect((await organization(ORG_ID)).status).to.equal("active");
    expectStatus(await as(t, "webhaul").get("/v1/me"), 200);
    expect(await gateCodes(container, ORG_ID)).to.not.include("HAULIER_NOT_ACTIVE");
  });

  it("when the contract refuses (a recovery completed too early, an orgId taken), then the page shows the problem and nothing changes", async () => {
    const page = await newPage();
    await signIn(page, "operator");
    const panel = await openOrganization(page);
    await panel.getByRole("button", { name: "发起密钥恢复" }).click();
    await panel.getByText(`确定为 ${NAME} (${ORG_ID}) 发起密钥恢复吗？`).waitFor();
    await panel.getByRole("button", { name: `为 ${NAME} 发起恢复` }).click();
    await done(page, `已为 ${NAME} (${ORG_ID}) 发起密钥恢复`);
    const pending = await organization(ORG_ID);
    expect(pending.recovery.newSigner).to.match(/^0x[0-9a-fA-F]{40}$/);
    // What awaits the operator: the recovery, and from when it can be completed.
    await page.locator("#awaiting").getByText(`${NAME} (${ORG_ID}) 的密钥恢复`).waitFor();
    await page.locator("#awaiting").getByText("起可完成；在此之前该组织可以取消。").waitFor();

    const block = await t.community.ctx.chain.blockNumber();
    await panel.getByRole("button", { name: "完成密钥恢复" }).click();
    await panel.getByRole("button", { name: `完成 ${NAME} 的恢复` }).click();
    const alert = panel.getByRole("alert");
    await alert.waitFor();
    expect(await alert.textContent())
      .to.include("密钥恢复尚未到可完成时间")
      .and.include("may take effect only from");
    expect(await t.community.ctx.chain.blockNumber()).to.equal(block);
    expect(await organization(ORG_ID)).to.deep.equal(pending);
    await check(page, "operator-refused");

    // Cancelled by the operator, it no longer awaits anyone.
    await panel.getByRole("button", { name: "取消", exact: true }).click();
    await panel.getByRole("button", { name: "取消密钥恢复" }).click();
    await panel.getByRole("button", { name: `取消 ${NAME} 的恢复` }).click();
    await done(page, `已取消 ${NAME} (${ORG_ID}) 的密钥恢复`);
    expect((await organization(ORG_ID)).recovery).to.equal(null);

    // The same orgId again: the API's own sentence, in English, switched to English.
    await page.getByLabel("语言").selectOption("en");
    const form = page.locator("#registration");
    await form.getByLabel("orgId").fill(ORG_ID);
    await form.getByLabel("Legal name").fill("Someone Else");
    await form.getByRole("checkbox", { name: "Trader" }).check();
    const count = (await as(t, "operator").get("/v1/organizations")).body.items.length;
    await form.getByRole("button", { name: "Register", exact: true }).click();
    await form
      .getByRole("alert")
      .filter({ hasText: `An organization with id '${ORG_ID}' is already registered.` })
      .waitFor();
    expect((await as(t, "operator").get("/v1/organizations")).body.items.length).to.equal(count);
    expect((await organization(ORG_ID)).name).to.equal(NAME);
    await check(page, "operator-en");
  });
});
