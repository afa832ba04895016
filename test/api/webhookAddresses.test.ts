/**
 * Where webhooks may go. Any organization can subscribe a URL, so a gateway on a port community's network must not
 * POST to its loopback, private or link-local addresses unless the operator allowed that network.
 */
import { expect } from "chai";
import request from "supertest";
import { postWebhook, signature, WebhookAddressPolicy } from "../../api/adapters/webhook.ts";
import { ConfigError, loadConfig } from "../../api/config.ts";
import { startTestCommunity, type TestCommunity } from "../fixtures/gateway.ts";
import { expectProblem } from "./helpers.ts";
import { WebhookReceiver } from "./webhookReceiver.ts";

const SPECIAL = [
  "127.0.0.1",
  "127.255.0.9",
  "10.1.2.3",
  "172.20.0.1",
  "192.168.1.1",
  "169.254.169.254",
  "100.64.0.1",
  "0.0.0.0",
  "224.0.0.1",
  "::1",
  "::",
  "fe80::1",
  "fd00::1",
  "::ffff:127.0.0.1",
  "::ffff:10.0.0.1",
];
const PUBLIC = ["8.8.8.8", "203.0.113.7", "2001:4860:4860::8888", "172.32.0.1", "11.0.0.1"];

describe("webhook addresses", function () {
  this.timeout(60_000);

  describe("the policy", () => {
    it("deny: public addresses only", () => {
      const policy = new WebhookAddressPolicy("deny");
      for (const a of SPECIAL) expect(policy.permits(a), a).to.equal(false);
      for (const a of PUBLIC) expect(policy.permits(a), a).to.equal(true);
    });

    it("allow: everything (the one-machine setup)", () => {
      const policy = new WebhookAddressPolicy("allow");
      for (const a of [...SPECIAL, ...PUBLIC]) expect(policy.permits(a), a).to.equal(true);
    });

    it("a list of networks: public addresses, and special-purpose ones only in those networks", () => {
      const policy = new WebhookAddressPolicy(["10.20.0.0/16", "fd00:1::/64"]);
      expect(policy.permits("10.20.5.5")).to.equal(true);
      expect(policy.permits("fd00:1::5")).to.equal(true);
      expect(policy.permits("10.21.0.1")).to.equal(false);
      expect(policy.permits("fd00:2::5")).to.equal(false);
      expect(policy.permits("127.0.0.1")).to.equal(false);
      expect(policy.permits("8.8.8.8")).to.equal(true);
    });

    it("explains a refused URL, by IP literal or by a name that resolves to loopback", async () => {
      const policy = new WebhookAddressPolicy("deny");
      expect(await policy.refusal("http://127.0.0.1:8545/")).to.match(/127\.0\.0\.1.*WEBHOOK_PRIVATE_NETWORKS/);
      expect(await policy.refusal("http://[::1]:3000/hooks")).to.match(/::1/);
      expect(await policy.refusal("http://localhost:3000/hooks")).to.match(/^localhost is .*(127\.0\.0\.1|::1)/);
      expect(await policy.refusal("https://8.8.8.8/hooks")).to.equal(undefined);
      expect(await new WebhookAddressPolicy("allow").refusal("http://localhost/")).to.equal(undefined);
    });
  });

  describe("delivery", () => {
    const receiver = new WebhookReceiver();

    before(async () => {
      await receiver.start();
      receiver.secrets.bank = "whsec_x";
    });
    after(async () => {
      await receiver.stop();
    });
    beforeEach(() => (receiver.heard.length = 0));

    it("is not sent to a loopback address the policy denies, by IP literal or by name", async () => {
      const deny = new WebhookAddressPolicy("deny");
      const byIp = await postWebhook(receiver.url("bank"), "whsec_x", "e1", "{}", deny);
      expect(byIp.ok).to.equal(false);
      expect(byIp.error).to.match(/may not be sent/);
      const byName = await postWebhook(receiver.url("bank", "localhost"), "whsec_x", "e2", "{}", deny);
      expect(byName.ok).to.equal(false);
      expect(byName.error).to.match(/may not be sent/);
      expect(receiver.heard).to.have.length(0);
    });

    it("is sent, signed, when the network is allowed", async () => {
      const allowLoopback = new WebhookAddressPolicy(["127.0.0.0/8", "::1/128"]);
      const body = JSON.stringify({ id: "e3", type: "test", orgId: "x", data: {} });
      const result = await postWebhook(receiver.url("bank", "localhost"), "whsec_x", "e3", body, allowLoopback);
      expect(result).to.deep.equal({ ok: true, status: 204 });
      expect(receiver.heard).to.have.length(1);
      const [heard] = receiver.heard;
      expect(heard.raw).to.equal(body);
      expect(heard.eventId).to.equal("e3");
      expect(heard.signatureValid).to.equal(true);
      const t = Number(/t=(\d+)/.exec(heard.signature)![1]);
      expect(heard.signature).to.equal(signature("whsec_x", t, body));
    });
  });

  describe("configuration (WEBHOOK_PRIVATE_NETWORKS)", () => {
    it("takes allow, deny or a list of networks, and names a bad network", () => {
      expect(loadConfig({}).webhookPrivateNetworks).to.equal(undefined);
      expect(loadConfig({ WEBHOOK_PRIVATE_NETWORKS: "deny" }).webhookPrivateNetworks).to.equal("deny");
      expect(loadConfig({ WEBHOOK_PRIVATE_NETWORKS: "10.1.0.0/16, fd00::/8" }).webhookPrivateNetworks).to.deep.equal([
        "10.1.0.0/16",
        "fd00::/8",
      ]);
      expect(() => loadConfig({ WEBHOOK_PRIVATE_NETWORKS: "10.1.0.0/33" }))
        .to.throw(ConfigError)
        .with.property("message")
        .that.matches(/WEBHOOK_PRIVATE_NETWORKS: .*10\.1\.0\.0\/33/);
    });
  });

  describe("subscribing through the gateway with private networks denied", () => {
    let t: TestCommunity;
    before(async () => {
      t = await startTestCommunity(undefined, { webhookPrivateNetworks: "deny" });
    });
    after(async () => {
      await t?.close();
    });

    it("when a consignee subscribes a URL on the gateway's own loopback, then 422 and no subscription", async () => {
      const res = await request(t.app)
        .post("/v1/subscriptions")
        .set("Authorization", `Bearer ${t.keys.consignee}`)
        .send({ url: "http://localhost:8545/" });
      const problem = expectProblem(res, 422, /not send webhooks/);
      expect(problem.errors![0].pointer).to.equal("/url");
      const list = await request(t.app).get("/v1/subscriptions").set("Authorization", `Bearer ${t.keys.consignee}`);
      expect(list.body.items).to.deep.equal([]);
    });

    it("when it subscribes a public URL, then it is subscribed", async () => {
      const res = await request(t.app)
        .post("/v1/subscriptions")
        .set("Authorization", `Bearer ${t.keys.consignee}`)
        .send({ url: "https://203.0.113.7/hooks" });
      expect(res.status, JSON.stringify(res.body)).to.equal(201);
      // Unsubscribed at once: nothing is ever sent to it from the test.
      await request(t.app)
        .delete(`/v1/subscriptions/${res.body.subscriptionId}`)
        .set("Authorization", `Bearer ${t.keys.consignee}`)
        .expect(204);
    });
  });
});
