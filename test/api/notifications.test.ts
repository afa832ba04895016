import { createHmac } from "node:crypto";
import { createServer, request as httpRequest, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { expect } from "chai";
import request from "supertest";
import { startTestCommunity, transportDocument, type TestCommunity } from "../fixtures/gateway.ts";

interface Received {
  eventId: string;
  body: { id: string; type: string; orgId: string; data: { blNumber: string } };
  signatureValid: boolean;
}

/** A real local webhook receiver that checks each signature. */
class Receiver {
  readonly received: Received[] = [];
  secret = "";
  private server?: Server;
  port = 0;

  async start(port = 0): Promise<void> {
    this.server = createServer((req: IncomingMessage, res) => {
      let raw = "";
      req.on("data", (c) => (raw += c));
      req.on("end", () => {
        const header = String(req.headers["x-paperless-port-signature"]);
        const [, t, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header) ?? [];
        const expected = createHmac("sha256", this.secret).update(`${t}.${raw}`).digest("hex");
        this.received.push({
          eventId: String(req.headers["x-paperless-port-event-id"]),
          body: JSON.parse(raw),
          signatureValid: v1 === expected,
        });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(port, "127.0.0.1", resolve));
    this.port = (this.server!.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
    this.server!.closeAllConnections();
  }

  get url() {
    return `http://127.0.0.1:${this.port}/hooks`;
  }
}

/** Polls until `check` holds, failing after `ms`. */
async function eventually(check: () => boolean | Promise<boolean>, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("one window: webhooks and server-sent events", function () {
  this.timeout(180_000);
  let t: TestCommunity;
  const receiver = new Receiver();
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
      .send({ url: receiver.url, eventTypes: ["billOfLading.endorsed", "billOfLading.transferred"] })
      .expect(201);
    expect(res.body.secret).to.match(/^whsec_/);
    receiver.secret = res.body.secret;
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
    await eventually(() => receiver.received.length === 2);
    expect(receiver.received.map((r) => r.body.type).sort()).to.deep.equal([
      "billOfLading.endorsed",
      "billOfLading.transferred",
    ]);
    for (const r of receiver.received) {
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

    const dataDir = t.config.dataDir;
    await t.close({ keepData: true });
    t = await startTestCommunity(dataDir);
    const pending = await request(t.app)
      .get(`/v1/subscriptions/${subscriptionId}/deliveries`)
      .set("Authorization", `Bearer ${t.keys.bank}`);
    expect(pending.body.items).to.have.length(2);

    await receiver.start(port);
    await eventually(() => receiver.received.length === 4);
    const ids = receiver.received.map((r) => r.eventId);
    expect(new Set(ids).size).to.equal(4); // nothing delivered twice, even though the restart re-read the whole chain
    expect(receiver.received.slice(2).every((r) => r.signatureValid && r.body.data.blNumber === "HOOK0002")).to.equal(
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
