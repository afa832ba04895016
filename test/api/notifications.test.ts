import { request as httpRequest } from "node:http";
import { expect } from "chai";
import request from "supertest";
import {
  restartTestCommunity,
  startTestCommunity,
  transportDocument,
  type TestCommunity,
} from "../fixtures/gateway.ts";
import { eventually } from "./releaseSteps.ts";
import "./responseValidation.ts";
import { WebhookReceiver } from "./webhookReceiver.ts";

describe("one window: webhooks and server-sent events", function () {
  this.timeout(180_000);
  let t: TestCommunity;
  const receiver = new WebhookReceiver();
  let subscriptionId: string;

  before(async () => {
    t = await startTestCommunity();
    await receiver.start();
  });
  after(async () => {
    await receiver.stop().catch(() => undefined);
    await t.close();
  });

  const issue = (blNumber: string) =>
    request(t.app)
      .post("/v1/bills-of-lading")
      .set("Authorization", `Bearer ${t.keys.carrier}`)
      .send({ transportDocument: transportDocument(blNumber), issueTo: t.orgIds.shipper })
      .expect(201);

  it("when the bank subscribes, then it gets a signing secret once and the subscription is listed without it", async () => {
    const res = await request(t.app)
      .post("/v1/subscriptions")
      .set("Authorization", `Bearer ${t.keys.bank}`)
      .send({ url: receiver.url("bank"), eventTypes: ["billOfLading.endorsed", "billOfLading.transferred"] })
      .expect(201);
    expect(res.body.secret).to.match(/^whsec_/);
    receiver.secrets.bank = res.body.secret;
    subscriptionId = res.body.subscriptionId;
    const list = await request(t.app)
      .get("/v1/subscriptions")
      .set("Authorization", `Bearer ${t.keys.bank}`)
      .expect(200);
    expect(list.body.items).to.have.length(1);
    expect(list.body.items[0]).to.not.have.property("secret");
  });

  it("when a subscription URL is not http(s), then 400 and nothing is subscribed", async () => {
    const res = await request(t.app)
      .post("/v1/subscriptions")
      .set("Authorization", `Bearer ${t.keys.bank}`)
      .send({ url: "ftp://x" });
    expect(res.status).to.equal(400);
    expect(res.body.errors[0].pointer).to.equal("/url");
  });

  it("when a B/L is endorsed and delivered to the bank, then the receiver gets both notifications, signed, with stable ids", async () => {
    await issue("HOOK0001");
    await request(t.app)
      .post("/v1/bills-of-lading/HOOK0001/endorse-and-deliver")
      .set("Authorization", `Bearer ${t.keys.shipper}`)
      .send({ to: t.orgIds.bank })
      .expect(200);
    await eventually(() => receiver.heard.length === 2);
    expect(receiver.heard.map((r) => r.body.type).sort()).to.deep.equal([
      "billOfLading.endorsed",
      "billOfLading.transferred",
    ]);
    for (const r of receiver.heard) {
      expect(r.signatureValid).to.equal(true);
      expect(r.eventId).to.equal(r.body.id);
      expect(r.body.orgId).to.equal(t.orgIds.bank);
      expect(r.body.data.blNumber).to.equal("HOOK0001");
    }
    await eventually(async () => {
      const res = await request(t.app)
        .get(`/v1/subscriptions/${subscriptionId}/deliveries`)
        .set("Authorization", `Bearer ${t.keys.bank}`);
      return res.body.items.length === 0;
    });
  });

  it("when the receiver is down and the gateway restarts, then the notification is retried and arrives once it is back", async () => {
    const port = receiver.port;
    await receiver.stop();
    await issue("HOOK0002");
    await request(t.app)
      .post("/v1/bills-of-lading/HOOK0002/endorse-and-deliver")
      .set("Authorization", `Bearer ${t.keys.shipper}`)
      .send({ to: t.orgIds.bank })
      .expect(200);
    // It was tried and failed: still pending, with the error.
    await eventually(async () => {
      const res = await request(t.app)
        .get(`/v1/subscriptions/${subscriptionId}/deliveries`)
        .set("Authorization", `Bearer ${t.keys.bank}`);
      return res.body.items.length === 2 && res.body.items.every((d: { attempts: number }) => d.attempts >= 1);
    });

    t = await restartTestCommunity(t);
    const pending = await request(t.app)
      .get(`/v1/subscriptions/${subscriptionId}/deliveries`)
      .set("Authorization", `Bearer ${t.keys.bank}`);
    expect(pending.body.items).to.have.length(2);

    await receiver.start(port);
    await eventually(() => receiver.heard.length === 4);
    const ids = receiver.heard.map((r) => r.eventId);
    expect(new Set(ids).size).to.equal(4); // nothing delivered twice, even though the restart re-read the whole chain
    expect(receiver.heard.slice(2).every((r) => r.signatureValid && r.body.data.blNumber === "HOOK0002")).to.equal(
      true,
    );
  });

  it("when the consignee listens to the event stream, then it hears the B/L endorsed to it at once", async () => {
    await issue("HOOK0003");
    // Listen for real (supertest cannot stream); only the HTTP server is closed below, the community by after().
    const gateway = await t.community.serve();
    const events: string[] = [];
    const req = httpRequest(`${gateway.url}/v1/events`, { headers: { Authorization: `Bearer ${t.keys.consignee}` } });
    const stream = new Promise<void>((resolve) => {
      req.on("response", (res) => {
        expect(res.headers["content-type"]).to.match(/text\/event-stream/);
        res.on("data", (chunk: Buffer) => {
          for (const line of chunk.toString().split("\n")) if (line.startsWith("event: ")) events.push(line.slice(7));
          if (events.includes("billOfLading.endorsed")) resolve();
        });
        void request(t.app)
          .post("/v1/bills-of-lading/HOOK0003/endorse-and-deliver")
          .set("Authorization", `Bearer ${t.keys.shipper}`)
          .send({ to: t.orgIds.consignee })
          .expect(200)
          .then(() => undefined);
      });
    });
    req.end();
    await stream;
    req.destroy();
    expect(events).to.include.members(["billOfLading.endorsed", "billOfLading.transferred"]);
    gateway.server!.closeAllConnections();
    await new Promise((resolve) => gateway.server!.close(resolve));
  });
});
