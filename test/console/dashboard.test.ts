/**
 * The release-time dashboard in a real browser (the harness is test/console/browser.ts): public, its charts drawn by
 * ECharts on canvas under the console's CSP, the same figures as a table, the groupings, the CSV, both languages.
 */
import { expect } from "chai";
import { readFile } from "node:fs/promises";
import type { Locator } from "playwright-core";
import type { TestCommunity } from "../fixtures/gateway.ts";
import { expectStatus } from "../api/helpers.ts";
import { box, releaseSteps } from "../api/releaseSteps.ts";
import { consoleInBrowser, type ConsolePage } from "./browser.ts";
import request from "supertest";

describe("web console: the release-time dashboard (Chromium)", function () {
  this.timeout(180_000);
  const harness = consoleInBrowser();
  const { newPage, check, signIn } = harness;
  let t: TestCommunity;
  let base: string;
  before(() => ({ t, base } = harness));

  type Summary = { count: number; meanHours: number | null; medianHours: number | null; p90Hours: number | null };
  type Row = { period: string; group: string; measures: Record<string, Summary> };
  const figures = async (query: string): Promise<Row[]> =>
    expectStatus(await request(t.app).get(`/v1/release-times?${query}`), 200).rows;

  /** A page that records every CSP violation it reports (the listener comes in before the page's own scripts). */
  async function dashboardPage(): Promise<ConsolePage> {
    const page = await newPage();
    // As source text: the test's TypeScript has no DOM types; the browser runs it before the page's own scripts.
    await page.addInitScript({
      content: `globalThis.cspViolations = [];
        document.addEventListener("securitypolicyviolation", (e) =>
          globalThis.cspViolations.push(e.violatedDirective + " " + e.blockedURI));`,
    });
    return page;
  }
  const violations = (page: ConsolePage) =>
    page.evaluate(() => (globalThis as unknown as { cspViolations: string[] }).cspViolations);

  /**
   * Waits until the chart is drawn for this language, grouping and row count; then counts its painted pixels and
   * those in the colour of its first series' bars (#0a5a8f, the first of the page's series colours).
   */
  async function drawn(chart: Locator, state: string): Promise<{ painted: number; bars: number }> {
    await chart.and(chart.page().locator(`[data-drawn="${state}"]`)).waitFor();
    type Canvas = {
      width: number;
      height: number;
      getContext(kind: "2d"): { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } };
    };
    return chart.locator("canvas").evaluate((element) => {
      const canvas = element as unknown as Canvas;
      const { data } = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height);
      let painted = 0;
      let bars = 0;
      for (let i = 0; i < data.length; i += 4) {
        if (data[i + 3] !== 0) painted += 1;
        if (data[i] === 0x0a && data[i + 1] === 0x5a && data[i + 2] === 0x8f) bars += 1;
      }
      return { painted, bars };
    });
  }
  /** A table's body as its cells' text, row by row. */
  const cells = (table: Locator) =>
    table
      .locator("tbody tr")
      .evaluateAll((rows) => rows.map((r) => [...r.children].map((c) => (c.textContent ?? "").trim())));

  before(async function () {
    this.timeout(120_000);
    // Two containers through discharge → delivery order → customs release → gate-out, hours apart on the chain's
    // clock (both discharged together, so on the same day); a third only discharged.
    const steps = releaseSteps(t);
    const later = (hours: number) =>
      (t.community.ctx.chain.provider as unknown as { send(m: string, p: unknown[]): Promise<unknown> }).send(
        "evm_increaseTime",
        [hours * 3600],
      );
    const bls = [await steps.releasableBl("DASHA"), await steps.releasableBl("DASHB")];
    const containers = [box(), box()];
    for (const i of [0, 1]) expectStatus(await steps.discharge(bls[i], containers[i]), 200);
    await later(2);
    const orders: number[] = [];
    for (const i of [0, 1])
      orders.push(expectStatus(await steps.issueOrder(bls[i], [containers[i]]), 201).deliveryOrderId);
    expectStatus(await steps.customs("releases", bls[0], [containers[0]]), 200);
    await later(1);
    expectStatus(await steps.customs("releases", bls[1], [containers[1]]), 200);
    for (const i of [0, 1]) expectStatus(await steps.nominate(orders[i], containers[i]), 200);
    await later(2);
    await steps.expectGateReleases(containers[0]); // 5 h after its discharge
    await later(3);
    await steps.expectGateReleases(containers[1]); // 8 h
    await steps.prepared({ prefix: "DASHC", order: false, customs: false });
  });

  it("when anyone opens the dashboard, then its tables give the API's figures and the charts are drawn, under the CSP", async () => {
    const [row] = await figures("period=day&groupBy=terminal");
    expect(row.group).to.equal(t.orgIds.terminal);
    expect(row.measures.dischargeToGateOut.count).to.equal(2);
    expect(row.measures.dischargeToCustomsRelease.count).to.equal(2);
    expect(row.measures.dischargeToGateOut.medianHours).to.be.within(6.5, 6.6); // 5 h and 8 h

    const page = await dashboardPage();
    await page.goto(`${base}/console/`);
    await page.getByRole("navigation").getByRole("link", { name: "放行时效" }).click();
    await page.getByRole("heading", { level: 1, name: "货物放行时效" }).waitFor();
    const gateOut = page.locator("#dischargeToGateOut");
    await gateOut.getByRole("heading", { level: 2, name: "卸船 → 出闸" }).waitFor();
    const table = gateOut.getByRole("table", { name: "卸船 → 出闸：全部数据" });
    await table.getByRole("columnheader", { name: "箱量" }).waitFor();
    const hours = (v: number | null) => (v === null ? "—" : new Intl.NumberFormat("zh-CN").format(v));
    const s = row.measures.dischargeToGateOut;
    expect(await cells(table)).to.deep.equal([
      [row.period, t.orgIds.terminal, "2", hours(s.meanHours), hours(s.medianHours), hours(s.p90Hours)],
    ]);
    const chart = gateOut.getByRole("img", { name: /^卸船 → 出闸图表/ });
    // Its bars are drawn: far more pixels of their colour than the legend's swatch alone has.
    expect((await drawn(chart, "zh-CN:terminal:1")).bars).to.be.above(5000);
    expect((await drawn(page.locator("#dischargeToCustomsRelease [role=img]"), "zh-CN:terminal:1")).bars).to.be.above(
      5000,
    );
    // Its tooltip, on a touch or a hover over a bar, is drawn too without breaking the CSP.
    await chart.hover();
    await check(page, "dashboard");

    // By carrier: the rows name the carrier; by week: the port's ISO week.
    await page.getByLabel("分组方式").selectOption("carrier");
    await table.getByRole("columnheader", { name: "承运人" }).waitFor();
    await drawn(chart, "zh-CN:carrier:1");
    const [byCarrier] = await figures("period=day&groupBy=carrier");
    expect(await cells(table)).to.deep.equal([
      [byCarrier.period, t.orgIds.carrier, "2", hours(s.meanHours), hours(s.medianHours), hours(s.p90Hours)],
    ]);
    await page.getByLabel("统计周期").selectOption("week");
    const [byWeek] = await figures("period=week&groupBy=carrier");
    const [year, week] = byWeek.period.split("-W");
    await table.getByRole("rowheader", { name: `${year}年第${Number(week)}周` }).waitFor();
    await drawn(chart, "zh-CN:carrier:1");
    expect(await violations(page)).to.deep.equal([]);
  });

  it("when the CSV is downloaded, then it is the API's, header and rows, for the grouping shown", async () => {
    const page = await dashboardPage();
    await page.goto(`${base}/console/#/dashboard`);
    await page.getByLabel("分组方式").selectOption("carrier");
    await page.locator("#dischargeToGateOut table").getByRole("columnheader", { name: "承运人" }).waitFor();
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "下载 CSV" }).click(),
    ]);
    expect(download.suggestedFilename()).to.equal("release-times-day-carrier.csv");
    const csv = await readFile((await download.path())!, "utf8");
    const lines = csv.split("\r\n");
    expect(lines[0]).to.equal("period,groupBy,group,measure,count,meanHours,medianHours,p90Hours");
    const [row] = await figures("period=day&groupBy=carrier");
    expect(lines.slice(1, 4).map((l) => l.split(",").slice(0, 5))).to.deep.equal([
      [row.period, "carrier", t.orgIds.carrier, "dischargeToCustomsRelease", "2"],
      [row.period, "carrier", t.orgIds.carrier, "dischargeToDeliveryOrder", "2"],
      [row.period, "carrier", t.orgIds.carrier, "dischargeToGateOut", "2"],
    ]);
    expect(csv).to.equal((await request(t.app).get("/v1/release-times?groupBy=carrier&format=csv")).text);
  });

  it("when a signed-in carrier switches to English, then the charts are drawn again in English and the groups have names", async () => {
    const page = await dashboardPage();
    await signIn(page, "carrier");
    await page.getByRole("navigation").getByRole("link", { name: "放行时效" }).click();
    const gateOut = page.locator("#dischargeToGateOut");
    await drawn(gateOut.getByRole("img"), "zh-CN:terminal:1");
    await page.getByLabel("语言").selectOption("en");
    await page.getByRole("heading", { level: 1, name: "Cargo release times" }).waitFor();
    const chart = gateOut.getByRole("img", { name: /^Chart of Discharge → gate-out/ });
    expect((await drawn(chart, "en:terminal:1")).bars).to.be.above(5000);
    await page.getByLabel("Group by").selectOption("carrier");
    await drawn(chart, "en:carrier:1");
    const name = t.community.ctx.index.organizationByOrgId(t.orgIds.carrier)!.name;
    await gateOut.getByRole("cell", { name: `${name} (${t.orgIds.carrier})` }).waitFor();
    expect(await violations(page)).to.deep.equal([]);
    await check(page, "dashboard-en");
  });
});
