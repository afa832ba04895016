/**
 * The harness of the console's browser tests: Debian's Chromium driven by playwright-core, against a node started
 * here on 127.0.0.1. Every page a test checks is run through axe-core and saved as a screenshot under
 * test-output/console/. Each test file calls `consoleInBrowser()` inside its describe().
 */
import { expect } from "chai";
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import path from "node:path";
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from "playwright-core";
import { CONSOLE_DIST } from "../../api/console/dist.ts";
import { listen } from "../../api/gateway.ts";
import { startTestCommunity, type TestCommunity } from "../fixtures/gateway.ts";

const CHROMIUM = "/usr/bin/chromium";
export const SCREENSHOTS = path.join(import.meta.dirname, "../../test-output/console");
const AXE = createRequire(import.meta.url).resolve("axe-core/axe.min.js");

export type ConsolePage = Page & { errors: string[] };

export interface ConsoleHarness {
  /** The community behind the node (its keys, orgIds and context). */
  readonly t: TestCommunity;
  /** The node's base URL, http://127.0.0.1:<port>. */
  readonly base: string;
  /** A fresh browser (its own cookies and storage) at tablet size, in Chinese, collecting script errors. */
  newPage(options?: { locale?: string }): Promise<ConsolePage>;
  /** axe-core on the page as it is now: no serious or critical violation, no script error; then a screenshot. */
  check(page: ConsolePage, name: string): Promise<void>;
  /** Types into a party picker and leaves it with Tab, as a keyboard user does (that also closes its suggestions). */
  pick(picker: Locator, text: string): Promise<void>;
  /** Signs in with the API key of `role` (a key of `t.keys`). */
  signIn(page: Page, role: string): Promise<void>;
  /** Waits for the notice that says `text`; an error shown instead fails at once with what it says. */
  done(scope: Page | Locator, text: string | RegExp): Promise<void>;
}

/** What a test file may add to the harness's defaults. */
export interface HarnessOptions {
  /** Extra Chromium flags (a fake camera, say), given the node's base URL once it listens. */
  chromiumArgs?: (base: string) => string[];
}

/** Registers before/after hooks that start the node and the browser, and returns the harness they fill. */
export function consoleInBrowser(options: HarnessOptions = {}): ConsoleHarness {
  let t: TestCommunity;
  let server: Server;
  let base: string;
  let browser: Browser;
  let axeSource: string;
  const contexts: BrowserContext[] = [];

  before(async function () {
    this.timeout(180_000);
    // The bundle under test is the one of these sources (npm test builds it too; this costs a hash when it is current).
    execFileSync(process.execPath, [path.join(import.meta.dirname, "../../scripts/build-console.ts"), "--if-stale"], {
      stdio: "inherit",
    });
    expect(existsSync(path.join(CONSOLE_DIST, "index.html"))).to.equal(true);
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (.ci/run does).`);
    t = await startTestCommunity();
    server = await listen(t.app, 0, "127.0.0.1");
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    // launch() starts Chromium on a new, empty temporary profile (user-data-dir) and removes it at close.
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        ...(options.chromiumArgs?.(base) ?? []),
      ],
    });
    axeSource = await readFile(AXE, "utf8");
    await mkdir(SCREENSHOTS, { recursive: true });
  });

  after(async () => {
    await browser?.close();
    server?.closeAllConnections();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
    await t?.close();
  });

  afterEach(async () => {
    for (const c of contexts.splice(0)) await c.close();
  });

  return {
    get t() {
      return t;
    },
    get base() {
      return base;
    },
    async newPage(options = {}) {
      const context = await browser.newContext({
        viewport: { width: 1024, height: 768 },
        locale: options.locale ?? "zh-CN",
        hasTouch: true,
      });
      contexts.push(context);
      const page = (await context.newPage()) as ConsolePage;
      page.errors = [];
      page.on("pageerror", (e) => page.errors.push(String(e)));
      page.on("console", (m) => {
        // A refused request shows in the console as "Failed to load resource"; the page says what went wrong itself.
        if (m.type() === "error" && !m.text().startsWith("Failed to load resource")) page.errors.push(m.text());
      });
      return page;
    },
    async check(page, name) {
      // Evaluated through the DevTools protocol, which the page's CSP does not govern (an injected tag is refused).
      await page.evaluate(axeSource);
      const violations = await page.evaluate(async () => {
        type Result = { violations: { id: string; impact: string; nodes: { target: string[] }[] }[] };
        const axe = (globalThis as unknown as { axe: { run(): Promise<Result> } }).axe;
        const result = await axe.run();
        return result.violations.map((v) => ({
          id: v.id,
          impact: v.impact,
          nodes: v.nodes.map((n) => n.target.join(" ")),
        }));
      });
      expect(
        violations.filter((v) => v.impact === "serious" || v.impact === "critical"),
        `${name}: ${JSON.stringify(violations)}`,
      ).to.deep.equal([]);
      await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
      expect(page.errors, `${name}: script errors`).to.deep.equal([]);
    },
    async pick(picker, text) {
      await picker.fill(text);
      await picker.press("Tab");
    },
    async signIn(page, role) {
      await page.goto(`${base}/`);
      await page.getByLabel(/API 密钥|API key/).fill(t.keys[role]);
      await page.getByRole("button", { name: /^(登录|Sign in)$/ }).click();
      await page.getByRole("button", { name: /^(退出|Sign out)$/ }).waitFor();
    },
    async done(scope, text) {
      const notice = scope.getByRole("status").filter({ hasText: text });
      await notice.or(scope.getByRole("alert")).first().waitFor();
      if (!(await notice.isVisible()))
        throw new Error(`Refused: ${await scope.getByRole("alert").first().textContent()}`);
    },
  };
}
