/**
 * Secrets at rest (issue 11, point 7): every file holding a secret is 0600 in a 0700 folder, webhook signing secrets
 * are never in the clear on disk (nor kept at all once their subscription ends), and the demo's keystore password is
 * kept out of the keystore folder.
 */
import { expect } from "chai";
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Keystore } from "../../api/adapters/keystore.ts";
import { SecretBox } from "../../api/adapters/secrets.ts";
import { ApiKeys } from "../../api/auth/apiKeys.ts";
import { keystorePassword } from "../../api/gateway.ts";
import { Outbox } from "../../api/notifications/outbox.ts";
import { restartTestCommunity, startTestCommunity, testConfig, type TestCommunity } from "../fixtures/gateway.ts";
import { as, expectStatus } from "./helpers.ts";

const modeOf = (p: string) => statSync(p).mode & 0o777;

/** Every file under `folder`, recursively. */
function filesUnder(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(folder, entry.name);
    return entry.isDirectory() ? filesUnder(full) : entry.isFile() ? [full] : [];
  });
}

/** The files under `folder` whose bytes contain `text`. */
function filesContaining(folder: string, text: string): string[] {
  const needle = Buffer.from(text);
  return filesUnder(folder).filter((file) => readFileSync(file).includes(needle));
}

describe("secrets at rest", function () {
  this.timeout(120_000);

  describe("a gateway that registered organizations, took webhook subscriptions and issued keys", function () {
    let t: TestCommunity;
    const secrets: string[] = [];
    let ended: { subscriptionId: string; secret: string };
    before(async () => {
      t = await startTestCommunity();
      for (const role of ["consignee", "bank"]) {
        const res = await as(t, role).post("/v1/subscriptions", { url: `http://127.0.0.1:9/hooks/${role}` });
        secrets.push(expectStatus(res, 201).secret);
      }
      ended = expectStatus(
        await as(t, "haulier").post("/v1/subscriptions", { url: "http://127.0.0.1:9/hooks/h" }),
        201,
      );
      const res = await as(t, "haulier").delete(`/v1/subscriptions/${ended.subscriptionId}`);
      expect(res.status).to.equal(204);
      expectStatus(
        await as(t, "bank").post(`/v1/organizations/${t.orgIds.bank}/api-keys`, { keepExisting: true }),
        201,
      );
    });
    after(async () => t?.close());

    it("when its files are stat-ed, then every secret is 0600 in a 0700 folder", async () => {
      const dir = t.config.dataDir;
      const keystore = path.join(dir, "keystore");
      const files = [
        path.join(dir, "api-keys.json"),
        path.join(dir, "notifications", "outbox.jsonl"),
        ...readdirSync(keystore).map((f) => path.join(keystore, f)),
      ];
      expect(files.length).to.be.above(8); // the operator's and seven organizations' keys, at least
      for (const folder of [dir, keystore, path.join(dir, "notifications")]) {
        expect(modeOf(folder), folder).to.equal(0o700);
      }
      for (const file of files) expect(modeOf(file), file).to.equal(0o600);
    });

    it("when the data folder is searched for the webhook secrets, then none is found, ended or live", async () => {
      for (const secret of [...secrets, ended.secret]) {
        expect(filesContaining(t.config.dataDir, secret), secret).to.deep.equal([]);
      }
    });

    it("when the outbox is read, then the ended subscription is not in it at all", async () => {
      const outbox = readFileSync(path.join(t.config.dataDir, "notifications", "outbox.jsonl"), "utf8");
      expect(outbox).not.to.include(ended.subscriptionId);
      expect(outbox).to.match(/"sealedSecret":"v1\./);
    });

    it("when the gateway restarts, then the live subscriptions still sign with the secrets they were given", async () => {
      t = await restartTestCommunity(t);
      const kept = [
        ...t.community.ctx.notifications.subscriptionsOf(t.orgIds.consignee),
        ...t.community.ctx.notifications.subscriptionsOf(t.orgIds.bank),
      ].map((s) => s.secret);
      expect(kept).to.deep.equal(secrets);
      expect(t.community.ctx.notifications.subscriptionsOf(t.orgIds.haulier)).to.deep.equal([]);
    });
  });

  describe("opening files an older version left", function () {
    let dir: string;
    beforeEach(async () => {
      dir = await mkdtemp(path.join(tmpdir(), "paperless-port-secrets-"));
    });
    afterEach(async () => rm(dir, { recursive: true, force: true }));

    it("when an outbox holds secrets in the clear (mode 0644), then it is rewritten sealed, 0600, without ended subscriptions", async () => {
      const folder = path.join(dir, "notifications");
      mkdirSync(folder, { mode: 0o755 });
      chmodSync(folder, 0o755);
      const file = path.join(folder, "outbox.jsonl");
      const subscription = (id: string, secret: string) => ({
        op: "subscribe",
        subscription: {
          subscriptionId: id,
          orgId: "ORG1",
          url: "https://203.0.113.7/",
          secret,
          eventTypes: ["billOfLading.issued"],
          createdAt: "2026-01-01T00:00:00.000Z",
        },
      });
      const lines = [
        subscription("live", "whsec_live_in_the_clear"),
        subscription("gone", "whsec_gone_in_the_clear"),
        { op: "unsubscribe", subscriptionId: "gone" },
        { op: "position", position: 42 },
      ];
      writeFileSync(file, lines.map((l) => JSON.stringify(l) + "\n").join(""), { mode: 0o644 });
      chmodSync(file, 0o644);

      const box = SecretBox.fromPassword("test-keystore-password", "webhook-secrets");
      const outbox = new Outbox(file, box);
      await outbox.close();
      expect(modeOf(file)).to.equal(0o600);
      expect(modeOf(folder)).to.equal(0o700);
      const text = readFileSync(file, "utf8");
      expect(text).not.to.match(/in_the_clear|"gone"/);
      expect(outbox.subscriptions.get("live")!.secret).to.equal("whsec_live_in_the_clear");
      expect(outbox.position).to.equal(42);

      const reopened = new Outbox(file, box);
      await reopened.close();
      expect(reopened.subscriptions.get("live")!.secret).to.equal("whsec_live_in_the_clear");
      expect([...reopened.subscriptions.keys()]).to.deep.equal(["live"]);
    });

    it("when the outbox is opened with another keystore password, then it says so and does not start", async () => {
      const file = path.join(dir, "notifications", "outbox.jsonl");
      const outbox = new Outbox(file, SecretBox.fromPassword("the-right-password", "webhook-secrets"));
      outbox.subscribe({
        subscriptionId: "s1",
        orgId: "ORG1",
        url: "https://203.0.113.7/",
        secret: "whsec_x",
        eventTypes: [],
        createdAt: "2026-01-01T00:00:00.000Z",
      });
      await outbox.close();
      expect(() => new Outbox(file, SecretBox.fromPassword("a-wrong-password", "webhook-secrets"))).to.throw(
        /webhook secret of subscription s1 .* cannot be opened: the keystore password is not the one/,
      );
    });

    it("when a keystore and the API key file have loose modes, then opening them makes them 0600 in 0700", async () => {
      const keystoreDir = path.join(dir, "keystore");
      const keystore = new Keystore(keystoreDir, "test-keystore-password");
      await keystore.create("ORG1");
      chmodSync(keystoreDir, 0o755);
      chmodSync(path.join(keystoreDir, "ORG1.json"), 0o644);
      const keysFile = path.join(dir, "api-keys.json");
      writeFileSync(keysFile, JSON.stringify([{ hash: "ab", orgId: "ORG1", createdAt: "2026-01-01T00:00:00.000Z" }]));
      chmodSync(keysFile, 0o644);

      expect(new Keystore(keystoreDir, "test-keystore-password").has("ORG1")).to.equal(true);
      const apiKeys = new ApiKeys(keysFile);
      expect(modeOf(keystoreDir)).to.equal(0o700);
      expect(modeOf(path.join(keystoreDir, "ORG1.json"))).to.equal(0o600);
      expect(modeOf(keysFile)).to.equal(0o600);
      // A key issued before key ids existed gets one, kept across opens.
      const [key] = apiKeys.keysOf("ORG1");
      expect(key.keyId).to.match(/^key_/);
      expect(new ApiKeys(keysFile).keysOf("ORG1")).to.deep.equal([key]);
    });
  });

  describe("the embedded demo's keystore password", function () {
    let dir: string;
    beforeEach(async () => {
      dir = await mkdtemp(path.join(tmpdir(), "paperless-port-password-"));
    });
    afterEach(async () => rm(dir, { recursive: true, force: true }));

    const demo = () => testConfig(dir, { keystorePassword: undefined });

    it("when none is configured, then one is generated in secrets/, 0600 in 0700, not in the keystore folder", () => {
      const password = keystorePassword(demo());
      const file = path.join(dir, "secrets", "keystore-password");
      expect(readFileSync(file, "utf8")).to.equal(password);
      expect(password).to.have.length.above(20);
      expect(modeOf(file)).to.equal(0o600);
      expect(modeOf(path.join(dir, "secrets"))).to.equal(0o700);
      expect(existsSync(path.join(dir, "keystore", ".password"))).to.equal(false);
      expect(keystorePassword(demo())).to.equal(password);
    });

    it("when an older data folder keeps it in keystore/.password, then it is moved out and still opens the keys", async () => {
      const keystoreDir = path.join(dir, "keystore");
      mkdirSync(keystoreDir, { recursive: true });
      writeFileSync(path.join(keystoreDir, ".password"), "an-old-demo-password", { mode: 0o644 });
      const address = await new Keystore(keystoreDir, "an-old-demo-password").create("ORG1");

      const password = keystorePassword(demo());
      expect(password).to.equal("an-old-demo-password");
      expect(existsSync(path.join(keystoreDir, ".password"))).to.equal(false);
      expect(modeOf(path.join(dir, "secrets", "keystore-password"))).to.equal(0o600);
      expect((await new Keystore(keystoreDir, password).wallet("ORG1")).address).to.equal(address);
    });
  });
});
