/**
 * Client-side signing in the console (issue 13, point 2): an organization the node hosts without holding its key
 * signs in with its API key, unlocks the key file the `paperless` CLI keeps, in the browser, and every write it makes
 * there is signed in the page (Prefer: sign=client, then POST /v1/transactions). The key is never sent nor stored.
 */
import { expect } from "chai";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { encryptKeystoreJson, Wallet } from "ethers";
import type { Page } from "playwright-core";
import { keystoreFile, newKey } from "../../api/cli/keystore.ts";
import { transportDocument, type TestCommunity } from "../fixtures/gateway.ts";
import { as, blPath, expectStatus, newBlNumber, snapshot } from "../api/helpers.ts";
import { consoleInBrowser } from "./browser.ts";

const PASSWORD = "harbour-lights-42";
const HOSTED = "91120000HOSTEDTRAD";
const HOSTED_NAME = "Hosted Trading Co";

describe("web console: client-side signing in the browser (Chromium)", function () {
  this.timeout(180_000);
  const harness = consoleInBrowser();
  const { newPage, check, pick, done } = harness;
  let t: TestCommunity;
  let base: string;
  /** The key file as the CLI keeps it, its address and its private key (to look for it where it must not be). */
  let keyFile: string;
  let signer: string;
  let privateKey: string;
  let home: string;

  before(async () => {
    ({ t, base } = harness);
    // The key is made by the CLI's own code (`paperless key new --light-kdf`), in a folder of the test's own.
    home = await mkdtemp(path.join(tmpdir(), "paperless-home-"));
    const saved = { home: process.env.PAPERLESS_HOME, password: process.env.PAPERLESS_KEYSTORE_PASSWORD };
    process.env.PAPERLESS_HOME = home;
    process.env.PAPERLESS_KEYSTORE_PASSWORD = PASSWORD;
    try {
      signer = await newKey({ lightKdf: true });
      keyFile = await readFile(keystoreFile(), "utf8");
    } finally {
      for (const [name, value] of [
        ["PAPERLESS_HOME", saved.home],
        ["PAPERLESS_KEYSTORE_PASSWORD", saved.password],
      ] as const)
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
    }
    privateKey = (await Wallet.fromEncryptedJson(keyFile, PASSWORD)).privateKey;
    // Registered with its own signer: the node serves it (its API key) but holds and makes no key of it.
    const registered = await as(t, "operator").post("/v1/organizations", {
      orgId: HOSTED,
      name: HOSTED_NAME,
      roles: ["trader"],
      signer,
    });
    expectStatus(registered, 201);
    t.keys.hosted = registered.body.apiKey;
    t.orgIds.hosted = HOSTED;
  });
  after(async () => rm(home, { recursive: true, force: true }));

  /** A B/L the carrier issues to the hosted trader, which then holds it. */
  async function issueToHosted(prefix: string): Promise<string> {
    const n = newBlNumber(prefix);
    const res = await as(t, "carrier").post("/v1/bills-of-lading", {
      transportDocument: transportDocument(n),
      issueTo: HOSTED,
    });
    expectStatus(res, 201);
    return n;
  }

  /** Signs in as the hosted trader: the console opens on its key file, locked. */
  async function signInHosted(page: Page) {
    await page.goto(`${base}/`);
    await page.getByLabel("API 密钥").fill(t.keys.hosted);
    await page.getByRole("button", { name: "登录" }).click();
    await page.getByRole("heading", { level: 1, name: "解锁密钥文件" }).waitFor();
    await page.getByRole("link", { name: "密钥文件未解锁：去解锁" }).waitFor();
  }

  /** Gives the unlock step a key file and a password, and presses Unlock. */
  async function unlockWith(page: Page, json: string, password: string) {
    await page.getByLabel("密钥文件（JSON 密钥库）").setInputFiles({
      name: "keystore.json",
      mimeType: "application/json",
      buffer: Buffer.from(json),
    });
    await page.getByLabel("密钥文件密码").fill(password);
    await page.getByRole("button", { name: "解锁", exact: true }).click();
  }

  /** Everything the page's origin keeps: web storage, IndexedDB's databases, caches, the cookies the page can read. */
  const browserStorage = (page: Page) =>
    page.evaluate(`(async () => ({
      local: { ...localStorage },
      session: { ...sessionStorage },
      indexedDb: (await indexedDB.databases()).map((d) => d.name),
      cookie: document.cookie,
      caches: await caches.keys(),
    }))()`);

  it("when a hosted trader unlocks its CLI key file and endorses and delivers a B/L, then its own key signed it in the page and the key went nowhere", async () => {
    const n = await issueToHosted("WEBCS");
    const page = await newPage();
    const sent: string[] = [];
    page.on("request", (r) =>
      sent.push(`${r.method()} ${r.url()} ${JSON.stringify(r.headers())} ${r.postData() ?? ""}`),
    );
    await signInHosted(page);
    // The progress bar scrypt drives: recorded when it appears, however fast the light key file opens.
    await page.evaluate(`{
      const seen = document.createElement("meta");
      seen.id = "scrypt-progress-seen";
      new MutationObserver(() => {
        if (document.querySelector("main progress")) document.head.append(seen);
      }).observe(document.body, { childList: true, subtree: true });
    }`);
    await check(page, "unlock");

    // Unlocked, the console goes on to the trader's own page; the header names the key that signs.
    await unlockWith(page, keyFile, PASSWORD);
    await page.getByRole("heading", { level: 1, name: "我的提单" }).waitFor();
    expect(await page.locator("#scrypt-progress-seen").count()).to.equal(1);
    const badge = page.locator("header .signer");
    expect(await badge.getAttribute("data-signer")).to.equal(signer);
    expect(await badge.textContent()).to.equal(`本浏览器签名：${signer.slice(0, 6)}…${signer.slice(-4)}`);
    await page.getByRole("link", { name: "密钥文件", exact: true }).click();
    await page
      .getByRole("status")
      .filter({ hasText: `密钥已解锁，您的操作由 ${signer} 签名。` })
      .waitFor();
    await check(page, "unlock-unlocked");

    await page.getByRole("link", { name: "我的提单" }).click();
    const card = page.getByRole("article", { name: `提单号 ${n}` });
    await card.getByRole("button", { name: "背书并交付" }).click();
    await pick(card.getByLabel("当事方（名称或机构代码）"), t.orgIds.bank);
    await card.getByRole("button", { name: /^确认/ }).click();
    await done(page, `已完成：背书并交付 ${n}`);

    // On chain: the B/L is the bank's, moved by a transaction the trader's own key sent.
    const bl = expectStatus(await as(t, "bank").get(blPath(n)), 200);
    expect(bl.holder.orgId).to.equal(t.orgIds.bank);
    const history = expectStatus(await as(t, "bank").get(`${blPath(n)}/endorsement-chain`), 200);
    const last = history.endorsementChain.at(-1);
    const tx = await t.community.ctx.chain.provider.getTransaction(last.transactionHash);
    expect(tx!.from).to.equal(signer);

    // The node never had the key: not in its keystore, not in any of its key files.
    expect(t.community.ctx.keystore.has(HOSTED)).to.equal(false);
    const keystoreDir = path.join(t.config.dataDir, "keystore");
    for (const file of await readdir(keystoreDir)) {
      const text = (await readFile(path.join(keystoreDir, file), "utf8")).toLowerCase();
      expect(text, file).to.not.include(signer.slice(2).toLowerCase());
    }
    // Nor did the page send it or its key file: only the prepared write and the signed transaction went.
    const everything = sent.join("\n").toLowerCase();
    expect(everything).to.not.include(privateKey.slice(2).toLowerCase());
    const { Crypto, crypto } = JSON.parse(keyFile) as Record<string, { ciphertext: string }>;
    expect(everything).to.not.include((crypto ?? Crypto).ciphertext);
    expect(sent.filter((r) => r.startsWith("POST") && r.includes("/v1/transactions"))).to.have.length(1);
    expect(sent.find((r) => r.includes("endorse-and-deliver"))).to.include('"prefer":"sign=client"');

    // The browser kept nothing of it (not even the language: it was never switched).
    expect(await browserStorage(page)).to.deep.equal({
      local: {},
      session: {},
      indexedDb: [],
      cookie: "",
      caches: [],
    });
    expect((await page.context().cookies()).map((c) => c.name)).to.deep.equal(["pp_session"]);

    // A reload forgets the key: signed in still, the key file locked again; sign-out and back in too.
    await page.reload();
    await page.getByRole("link", { name: "密钥文件未解锁：去解锁" }).waitFor();
    await page.getByRole("button", { name: "退出" }).click();
    await signInHosted(page);
  });

  it("when the key file's password is wrong, or the file is a key the trader never registered, then it is refused in the trader's words and nothing changes", async () => {
    const n = await issueToHosted("WEBCSX");
    const page = await newPage();
    await signInHosted(page);
    const before = await snapshot(t, [n]);

    await unlockWith(page, keyFile, "not-the-password");
    await page.getByRole("alert").filter({ hasText: "密码错误：密钥文件未解锁。" }).waitFor();
    await page.getByRole("link", { name: "密钥文件未解锁：去解锁" }).waitFor();

    const stranger = Wallet.createRandom();
    const strangerFile = await encryptKeystoreJson(
      { address: stranger.address, privateKey: stranger.privateKey },
      PASSWORD,
      { scrypt: { N: 1 << 12 } },
    );
    await unlockWith(page, strangerFile, PASSWORD);
    // (The address as ethers writes it, with its checksum's capitals: hasText alone would match any case.)
    await page
      .getByRole("alert")
      .filter({
        hasText: new RegExp(
          `^此密钥文件的地址 ${stranger.address} 不是 ${HOSTED_NAME} 登记的签名地址：请选择贵机构登记的密钥文件。密钥未解锁。$`,
        ),
      })
      .waitFor();
    await check(page, "unlock-refused");

    // Still locked, a write is refused by the node (it holds no key of the trader), in the trader's words.
    await page.getByRole("link", { name: "我的提单" }).click();
    const card = page.getByRole("article", { name: `提单号 ${n}` });
    await card.getByRole("button", { name: "背书并交付" }).click();
    await pick(card.getByLabel("当事方（名称或机构代码）"), t.orgIds.bank);
    await card.getByRole("button", { name: /^确认/ }).click();
    await card
      .getByRole("alert")
      .filter({ hasText: "本节点不代贵机构签名：请先在“密钥文件”页解锁您的密钥文件，再重试。什么也没有改变。" })
      .waitFor();
    expect(await snapshot(t, [n])).to.deep.equal(before);
  });
  it("when a prepared transaction would call an address that is no port community contract, then the page signs and sends nothing", async () => {
    const n = await issueToHosted("WEBCSP");
    const page = await newPage();
    await signInHosted(page);
    await unlockWith(page, keyFile, PASSWORD);
    await page.getByRole("heading", { level: 1, name: "我的提单" }).waitFor();
    const before = await snapshot(t, [n]);
    // The node's answer altered on its way to the page, as a compromised proxy would.
    const elsewhere = Wallet.createRandom().address;
    await page.route(
      (url) => url.pathname.endsWith("/endorse-and-deliver"),
      async (route) => {
        const response = await route.fetch();
        const body = await response.json();
        body.transaction.to = elsewhere;
        await route.fulfill({ response, json: body });
      },
    );
    const posted: string[] = [];
    page.on("request", (r) => void (r.url().endsWith("/v1/transactions") && posted.push(r.url())));
    const card = page.getByRole("article", { name: `提单号 ${n}` });
    await card.getByRole("button", { name: "背书并交付" }).click();
    await pick(card.getByLabel("当事方（名称或机构代码）"), t.orgIds.bank);
    await card.getByRole("button", { name: /^确认/ }).click();
    await card
      .getByRole("alert")
      .filter({
        hasText: `节点准备的交易调用 ${elsewhere}，它不是港口社区的合约（或交易附带转账）：交易没有签名，也没有发送。`,
      })
      .waitFor();
    expect(posted).to.deep.equal([]);
    expect(await snapshot(t, [n])).to.deep.equal(before);
  });
});
