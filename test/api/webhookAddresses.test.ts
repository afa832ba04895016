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

/** Addresses no webhook goes to by default, in every form they can be written in. */
const SPECIAL = [
  "127.0.0.1",
  "127.255.0.9",
  "10.1.2.3",
  "172.20.0.1",
  "192.168.1.1",
  "169.254.169.254", // cloud metadata
  "100.64.0.1", // CGNAT
  "100.127.255.255",
  "0.0.0.0",
  "224.0.0.1",
  "239.255.255.250",
  "255.255.255.255",
  "192.88.99.1", // 6to4 relay
  "::1",
  "::",
  "fe80::1",
  "fec0::1",
  "fd00::1",
  "fc00::1",
  "fd12:3456:789a::1",
  "ff02::1",
  "::ffff:127.0.0.1", // IPv4-mapped
  "::ffff:10.0.0.1",
  "::ffff:a9fe:a9fe", // mapped metadata, in hex
  "::ffff:0:127.0.0.1", // IPv4-translated
  "::127.0.0.1", // IPv4-compatible
  "::8.8.8.8", // IPv4-compatible is deprecated whatever it carries
  "2002:7f00:1::1", // 6to4 of 127.0.0.1
  "2002:c0a8:101::", // 6to4 of 192.168.1.1
  "2002:a9fe:a9fe::1", // 6to4 of the metadata address
  "64:ff9b::10.0.0.1", // NAT64 of a private address
  "64:ff9b::a9fe:a9fe", // NAT64 of the metadata address
  "64:ff9b::7f00:1",
  "64:ff9b:1::1", // local-use NAT64
  "2001::1", // Teredo
  "not-an-address",
];
const PUBLIC = [
  "8.8.8.8",
  "203.0.113.7",
  "2001:4860:4860::8888",
  "2606:4700::1111",
  "172.32.0.1",
  "11.0.0.1",
  "100.128.0.1",
  "::ffff:8.8.8.8",
  "64:ff9b::8.8.8.8", // NAT64 of a public address
  "2002:808:808::1", // 6to4 of 8.8.8.8
];

/** Loopback and the metadata address written as the URL parser also reads them: decimal, octal, hex, short, IPv6. */
const SPELLINGS = [
  "http://2130706433/",
  "http://0x7f000001/",
  "http://0177.0.0.1/",
  "http://017700000001/",
  "http://0x7f.0.0.1/",
  "http://127.1/",
  "http://0/",
  "http://2852039166/latest/meta-data", // 169.254.169.254
  "http://0xa9.0xfe.0xa9.0xfe/",
  "http://[::ffff:127.0.0.1]/",
  "http://[::ffff:7f00:1]/",
  "http://[::127.0.0.1]/",
  "http://[2002:7f00:1::1]/",
  "http://[64:ff9b::169.254.169.254]/",
  "http://[fd00::1]/",
  "http://[::]/",
  "http://100.64.0.1/",
];

/** A resolver that answers each call with the next of `answers` (the last one again after that), and counts. */
function stubResolver(...answers: string[][]) {
  const calls: string[] = [];
  const resolver = async (hostname: string) => {
    calls.push(hostname);
    const answer = answers[Math.min(calls.length - 1, answers.length - 1)];
    return answer.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));
  };
  return { resolver, calls };
}

describe("webhook addresses", function () {
  this.timeout(60_000);

  describe("the policy", () => {
    for (const address of SPECIAL) {
      it(`deny: ${address} is refused`, () => {
        expect(new WebhookAddressPolicy("deny").permits(address)).to.equal(false);
      });
    }
    for (const address of PUBLIC) {
      it(`deny: ${address} is public and permitted`, () => {
        expect(new WebhookAddressPolicy("deny").permits(address)).to.equal(true);
      });
    }
    for (const url of SPELLINGS) {
      it(`deny: ${url} is refused at subscription, however it is spelled`, async () => {
        expect(await new WebhookAddressPolicy("deny").refusal(url)).to.match(/not send webhooks/);
      });
    }

    it("allow: every IP address (only when WEBHOOK_PRIVATE_NETWORKS=allow says so)", () => {
      const policy = new WebhookAddressPolicy("allow");
      for (const a of [...SPECIAL.filter((a) => a !== "not-an-address"), ...PUBLIC]) {
        expect(policy.permits(a), a).to.equal(true);
      }
      expect(policy.permits("not-an-address")).to.equal(false);
    });

    it("a list of networks: public addresses, and special-purpose ones only in those networks", () => {
      const policy = new WebhookAddressPolicy(["10.20.0.0/16", "fd00:1::/64"]);
      expect(policy.permits("10.20.5.5")).to.equal(true);
      expect(policy.permits("fd00:1::5")).to.equal(true);
      expect(policy.permits("10.21.0.1")).to.equal(false);
      expect(policy.permits("fd00:2::5")).to.equal(false);
      expect(policy.permits("127.0.0.1")).to.equal(false);
      expect(policy.permits("8.8.8.8")).to.equal(true);
      // An allowed network is allowed in the IPv6 forms that carry it too; another network is not.
      expect(policy.permits("::ffff:10.20.5.5")).to.equal(true);
      expect(policy.permits("2002:a14:505::1")).to.equal(true);
      expect(policy.permits("64:ff9b::10.21.0.1")).to.equal(false);
    });

    it("when a name resolves to a public and a private address, then it is refused", async () => {
      const { resolver } = stubResolver(["203.0.113.9", "10.0.0.5"]);
      const policy = new WebhookAddressPolicy("deny", { resolver });
      expect(await policy.refusal("https://mixed.example/hooks")).to.match(/^mixed\.example is 10\.0\.0\.5: /);
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

    it("is not sent to loopback spelled in decimal, but is when loopback is allowed (the spelling is the address)", async () => {
      const url = `http://2130706433:${receiver.port}/hooks/bank`;
      const denied = await postWebhook(url, "whsec_x", "e4", "{}", new WebhookAddressPolicy("deny"));
      expect(denied).to.deep.equal({
        ok: false,
        error: "127.0.0.1 is an address webhooks may not be sent to",
      });
      expect(receiver.heard).to.have.length(0);
      const allowed = await postWebhook(url, "whsec_x", "e5", "{}", new WebhookAddressPolicy(["127.0.0.0/8"]));
      expect(allowed).to.deep.equal({ ok: true, status: 204 });
      expect(receiver.heard.map((h) => h.eventId)).to.deep.equal(["e5"]);
    });

    it("when a name resolved public at subscription resolves inside at delivery (DNS rebinding), then it is not sent", async () => {
      const { resolver, calls } = stubResolver(["203.0.113.9"], ["127.0.0.1"]);
      const policy = new WebhookAddressPolicy("deny", { resolver });
      const url = receiver.url("bank", "rebind.example");
      expect(await policy.refusal(url)).to.equal(undefined);
      const result = await postWebhook(url, "whsec_x", "e6", "{}", policy);
      expect(result).to.deep.equal({
        ok: false,
        error: "rebind.example is 127.0.0.1: an address webhooks may not be sent to",
      });
      expect(calls).to.deep.equal(["rebind.example", "rebind.example"]);
      expect(receiver.heard).to.have.length(0);
    });

    it("when the name would resolve elsewhere after the check, then the connection still goes to the checked address", async () => {
      // Checked once (127.0.0.1, allowed here); any later lookup would give an address that is refused.
      const { resolver, calls } = stubResolver(["127.0.0.1"], ["10.9.9.9"]);
      const policy = new WebhookAddressPolicy(["127.0.0.1/32"], { resolver });
      const result = await postWebhook(receiver.url("bank", "pinned.example"), "whsec_x", "e7", "{}", policy);
      expect(result).to.deep.equal({ ok: true, status: 204 });
      expect(calls).to.deep.equal(["pinned.example"]);
      expect(receiver.heard.map((h) => h.eventId)).to.deep.equal(["e7"]);
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

  describe("subscribing through the embedded gateway with WEBHOOK_PRIVATE_NETWORKS unset (denied by default)", () => {
    let t: TestCommunity;
    before(async () => {
      t = await startTestCommunity(undefined, { webhookPrivateNetworks: undefined });
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
