import { request as httpRequest, type ClientRequest } from "node:http";
import { expect } from "chai";
import { periodOf } from "../../api/release/releaseTimes.ts";
import { startTestCommunity, type TestCommunity } from "../fixtures/gateway.ts";
import { as, expectRefused, issue, newBlNumber } from "./helpers.ts";
import { box, eventually, expectStatus, releaseSteps } from "./releaseSteps.ts";
import { WebhookReceiver, type Heard } from "./webhookReceiver.ts";

const summary = (heard: Heard[]) =>
  heard.map((h) => `${h.body.type} ${h.body.data.container ?? (h.body.data.containers as string[]).join("+")}`).sort();

/** Paperless import release over HTTP: sea waybills, the one window, and the release-time figures. */
describe("paperless import release: flows", function () {
  this.timeout(180_000);
  let t: TestCommunity;
  let s: ReturnType<typeof releaseSteps>;
  const receiver = new WebhookReceiver();
  /** What `role` heard of release steps. */
  const releaseHeard = (role: string) => receiver.heardBy(role, "release.");
  /** Every container discharged here, and those that gated out: the figures must count exactly these. */
  const discharged = new Set<string>();
  const gatedOut = new Set<string>();
  const customsReleased = new Set<string>();

  const discharge = async (blNumber: string, container: string) => {
    expectStatus(await s.discharge(blNumber, container), 200);
    discharged.add(container);
  };
  const gateOut = async (container: string, haulier?: string) => {
    await s.expectGateReleases(container, { haulier });
    gatedOut.add(container);
  };
  const release = async (blNumber: string, containers: string[]) => {
    expectStatus(await s.customs("releases", blNumber, containers), 200);
    containers.forEach((c) => customsReleased.add(c));
  };

  before(async () => {
    t = await startTestCommunity();
    s = releaseSteps(t);
    await receiver.start();
  });
  after(async () => {
    await receiver.stop().catch(() => undefined);
    await t.close();
  });

  describe("sea waybill", function () {
    it("when the carrier issues a delivery order on a sea waybill, then it needs no surrender and goes to the named consignee", async () => {
      const blNumber = newBlNumber("SWB");
      await issue(t, blNumber, "seaWaybill");
      const container = box();
      await discharge(blNumber, container);
      // An active sea waybill is releasable: no BILL_NOT_ACCOMPLISHED, at the gateway and on chain.
      await s.expectGateRefuses(container, ["NO_DELIVERY_ORDER", "NOT_NOMINATED_HAULIER", "NO_CUSTOMS_RELEASE"]);

      const order = expectStatus(await s.issueOrder(blNumber, [container]), 201);
      expect(order).to.include({ status: "valid", blNumber });
      expect(order.consignee.orgId).to.equal(t.orgIds.consignee);
      expect(order.releaseParty.orgId).to.equal(t.orgIds.consignee);
      expect(order.carrier.orgId).to.equal(t.orgIds.carrier);
      expect(order.terminal.orgId).to.equal(t.orgIds.terminal);
      expect(order.containers).to.deep.equal([container]);

      const shipper = await expectRefused(t, { status: 403, detail: /Only the consignee/ }, () =>
        s.nominate(order.deliveryOrderId, container, t.orgIds.haulier, "shipper"),
      );
      expect(shipper.contractError!.name).to.equal("ImportReleaseNotConsignee");
      expectStatus(await s.nominate(order.deliveryOrderId, container), 200);
      await release(blNumber, [container]);
      await gateOut(container);
      expect(expectStatus(await as(t, "shipper").get(`/v1/containers/${container}`), 200).blNumber).to.equal(blNumber);
    });

    it("when the release party is not the sea waybill's consignee, then 422 and nothing changes; naming the consignee is fine", async () => {
      const blNumber = newBlNumber("SWB");
      await issue(t, blNumber, "seaWaybill");
      const container = box();
      for (const party of [t.orgIds.bank, t.orgIds.shipper, t.orgIds.haulier]) {
        const problem = await expectRefused(t, { status: 422, detail: /released to its consignee/ }, () =>
          s.issueOrder(blNumber, [container], { releaseParty: party }),
        );
        expect(problem.contractError!.name).to.equal("ImportReleaseInvalidReleaseParty");
        expect(problem.contractError!.args).to.deep.include({
          releaseParty: s.party(party),
          consignee: s.party(t.orgIds.consignee),
        });
      }
      const order = expectStatus(await s.issueOrder(blNumber, [container], { releaseParty: t.orgIds.consignee }), 201);
      expect(order.releaseParty.orgId).to.equal(t.orgIds.consignee);
    });

    it("when a to-order B/L's containers are released to a forwarder, then the forwarder and the consignee may nominate, nobody else", async () => {
      const forwarder = await s.registerOrganization("forwarder", ["agent"]);
      const blNumber = await s.releasableBl("FWD");
      const container = box();
      await discharge(blNumber, container);
      const order = expectStatus(await s.issueOrder(blNumber, [container], { releaseParty: forwarder }), 201);
      expect(order.consignee.orgId).to.equal(t.orgIds.consignee);
      expect(order.releaseParty.orgId).to.equal(forwarder);
      expectStatus(await s.nominate(order.deliveryOrderId, container, t.orgIds.haulier, "forwarder"), 200);
      expectStatus(await s.nominate(order.deliveryOrderId, container, t.orgIds.haulier, "consignee"), 200);
      const shipper = await expectRefused(t, { status: 403 }, () =>
        s.nominate(order.deliveryOrderId, container, t.orgIds.haulier, "shipper"),
      );
      expect(shipper.contractError!.name).to.equal("ImportReleaseNotConsignee");
      await release(blNumber, [container]);
      await gateOut(container);
    });
  });

  describe("one window", function () {
    const roles = ["consignee", "carrier", "terminal", "haulier", "bank"];
    let blNumber: string;
    let c1: string;
    let c2: string;
    let stream: { events: { id: string; type: string }[]; request: ClientRequest; close(): Promise<void> };

    before(async () => {
      for (const role of roles) {
        const res = expectStatus(await as(t, role).post("/v1/subscriptions", { url: receiver.url(role) }), 201);
        receiver.secrets[role] = res.secret;
      }
      // The consignee also listens to its event stream, for real (supertest cannot stream).
      const gateway = await t.community.serve();
      const events: { id: string; type: string }[] = [];
      const request = httpRequest(`${gateway.url}/v1/events`, {
        headers: { Authorization: `Bearer ${t.keys.consignee}` },
      });
      await new Promise<void>((resolve) => {
        request.on("response", (res) => {
          expect(res.headers["content-type"]).to.match(/text\/event-stream/);
          let buffer = "";
          res.on("data", (chunk: Buffer) => {
            buffer += chunk.toString();
            const frames = buffer.split("\n\n");
            buffer = frames.pop()!;
            for (const frame of frames) {
              const id = /^id: (.*)$/m.exec(frame)?.[1];
              const type = /^event: (.*)$/m.exec(frame)?.[1];
              if (id && type) events.push({ id, type });
            }
          });
          resolve();
        });
        request.end();
      });
      stream = {
        events,
        request,
        async close() {
          request.destroy();
          gateway.server!.closeAllConnections();
          await new Promise((r) => gateway.server!.close(r));
        },
      };
    });
    after(async () => stream?.close());

    it("when two containers go from discharge through a customs hold to gate-out, then the consignee, the carrier and the terminal hear every step at once", async () => {
      blNumber = await s.releasableBl("WIN");
      [c1, c2] = [box(), box()];
      await discharge(blNumber, c1);
      await discharge(blNumber, c2);
      const order = expectStatus(await s.issueOrder(blNumber, [c1, c2]), 201);
      expectStatus(await s.nominate(order.deliveryOrderId, c1), 200);
      expectStatus(await s.nominate(order.deliveryOrderId, c2), 200);
      expectStatus(await s.customs("holds", blNumber, [c2]), 200);
      await release(blNumber, [c1]);
      await gateOut(c1);
      expectStatus(await s.customs("holds/lift", blNumber, [c2]), 200);
      await release(blNumber, [c2]);
      await gateOut(c2);

      const everyStep = [
        `release.deliveryOrderIssued ${c1}+${c2}`,
        `release.haulierNominated ${c1}`,
        `release.haulierNominated ${c2}`,
        `release.customsHoldPlaced ${c2}`,
        `release.customsReleased ${c1}`,
        `release.gatedOut ${c1}`,
        `release.customsHoldLifted ${c2}`,
        `release.customsReleased ${c2}`,
        `release.gatedOut ${c2}`,
      ].sort();
      await eventually(() => ["consignee", "carrier", "terminal"].every((r) => releaseHeard(r).length >= 9));
      await eventually(() => releaseHeard("haulier").length >= 4);
      for (const role of ["consignee", "carrier", "terminal"]) {
        expect(summary(releaseHeard(role)), role).to.deep.equal(everyStep);
      }
      // The haulier hears what concerns it: its nominations and the gate-outs.
      expect(summary(releaseHeard("haulier"))).to.deep.equal(
        [
          `release.haulierNominated ${c1}`,
          `release.haulierNominated ${c2}`,
          `release.gatedOut ${c1}`,
          `release.gatedOut ${c2}`,
        ].sort(),
      );
      expect(releaseHeard("bank")).to.deep.equal([]);
    });

    it("then each notification is signed, addressed to its organization, about this B/L, with a stable id", async () => {
      for (const role of ["consignee", "carrier", "terminal", "haulier"]) {
        const heard = releaseHeard(role);
        for (const h of heard) {
          expect(h.signatureValid, `${role} ${h.body.type}`).to.equal(true);
          expect(h.eventId).to.equal(h.body.id);
          expect(h.body.orgId).to.equal(t.orgIds[role]);
          expect(h.body.data.blNumber).to.equal(blNumber);
          expect(h.body.id).to.equal(`${h.body.transactionHash}:${h.body.id.split(":")[1]}:${t.orgIds[role]}`);
          expect(h.body.id).to.match(/^0x[0-9a-f]{64}:\d+:/);
        }
        expect(new Set(heard.map((h) => h.body.id)).size, role).to.equal(heard.length);
      }
      // One chain event, one id stem, for everyone who heard it.
      const stems = (role: string) =>
        releaseHeard(role)
          .map((h) => `${h.body.type} ${h.body.id.split(":").slice(0, 2).join(":")}`)
          .sort();
      expect(stems("carrier")).to.deep.equal(stems("consignee"));
      expect(stems("terminal")).to.deep.equal(stems("consignee"));
      const order = releaseHeard("terminal").find((h) => h.body.type === "release.deliveryOrderIssued")!;
      expect(order.body.data.deliveryOrderId).to.be.a("number").and.above(0);
      expect(order.body.data.containers).to.deep.equal([c1, c2]);
    });

    it("then the consignee's event stream carries the same notifications, with the same ids", async () => {
      const webhook = releaseHeard("consignee").map((h) => h.body.id);
      await eventually(() => webhook.every((id) => stream.events.some((e) => e.id === id)));
      const streamed = stream.events.filter((e) => e.type.startsWith("release.") && e.id.endsWith(t.orgIds.consignee));
      expect(streamed.map((e) => e.id).sort()).to.deep.equal([...webhook].sort());
      expect(streamed.map((e) => e.type).sort()).to.deep.equal(
        releaseHeard("consignee")
          .map((h) => h.body.type)
          .sort(),
      );
    });

    // Known gap, not fixed here (api/notifications is outside the release gateway): a customs release, hold or lift
    // names no delivery order, so `deriveRelease` finds none and leaves out the order's release party (and its
    // terminal while the container is not discharged). Looking the order up through the container's record fixes it.
    it("when the containers are released to a forwarder, then the forwarder hears every step too", async () => {
      const res = expectStatus(
        await as(t, "forwarder").post("/v1/subscriptions", { url: receiver.url("forwarder") }),
        201,
      );
      receiver.secrets.forwarder = res.secret;
      const other = await s.releasableBl("WIN");
      const container = box();
      await discharge(other, container);
      const order = expectStatus(await s.issueOrder(other, [container], { releaseParty: t.orgIds.forwarder }), 201);
      expectStatus(await s.nominate(order.deliveryOrderId, container, t.orgIds.haulier, "forwarder"), 200);
      await release(other, [container]);
      await gateOut(container);
      await eventually(() => releaseHeard("forwarder").some((h) => h.body.type === "release.gatedOut"));
      await eventually(() => releaseHeard("consignee").filter((h) => h.body.data.blNumber === other).length >= 4);
      const heard = (role: string) => summary(releaseHeard(role).filter((h) => h.body.data.blNumber === other));
      expect(heard("forwarder")).to.deep.equal(heard("consignee"));
      expect(heard("forwarder")).to.deep.equal(
        [
          `release.deliveryOrderIssued ${container}`,
          `release.haulierNominated ${container}`,
          `release.customsReleased ${container}`,
          `release.gatedOut ${container}`,
        ].sort(),
      );
    });

    it("when the carrier revokes a delivery order, then the consignee and the terminal hear why", async () => {
      const other = await s.releasableBl("WIN");
      const container = box();
      await discharge(other, container);
      const order = expectStatus(await s.issueOrder(other, [container]), 201);
      expectStatus(await s.revoke(order.deliveryOrderId, "Demurrage unpaid"), 200);
      for (const role of ["consignee", "terminal", "carrier"]) {
        await eventually(() => releaseHeard(role).some((h) => h.body.type === "release.deliveryOrderRevoked"));
        const revoked = releaseHeard(role).find((h) => h.body.type === "release.deliveryOrderRevoked")!;
        expect(revoked.body.data).to.include({ reason: "Demurrage unpaid", deliveryOrderId: order.deliveryOrderId });
      }
    });
  });

  describe("release-time figures", function () {
    type Summary = { count: number; meanHours: number | null; medianHours: number | null; p90Hours: number | null };
    type Row = { period: string; groupBy: string; group: string; measures: Record<string, Summary> };

    /** What the figures must count: per period of discharge, the containers discharged, released and gated out. */
    async function expected(period: "day" | "week") {
      const counts = new Map<string, { discharged: number; customs: number; gatedOut: number; ordered: number }>();
      for (const container of discharged) {
        const view = expectStatus(await as(t, "terminal").get(`/v1/containers/${container}`), 200);
        const date = view.dischargedAt as string;
        const key = periodOf(Date.parse(date) / 1000, period);
        const c = counts.get(key) ?? { discharged: 0, customs: 0, gatedOut: 0, ordered: 0 };
        c.discharged += 1;
        if (customsReleased.has(container)) c.customs += 1;
        if (gatedOut.has(container)) c.gatedOut += 1;
        if (view.history.some((h: { step: string }) => h.step === "deliveryOrderIssued")) c.ordered += 1;
        counts.set(key, c);
      }
      return counts;
    }

    const plausible = (s: Summary) => {
      expect(s.count).to.be.above(0);
      for (const v of [s.meanHours, s.medianHours, s.p90Hours])
        expect(v).to.be.a("number").and.at.least(0).and.below(1);
      expect(s.p90Hours!).to.be.at.least(s.medianHours!);
    };

    it("when a container is discharged and nothing more, then it is in its period's row but in no measure", async () => {
      const blNumber = await s.releasableBl("LATE");
      const container = box();
      await discharge(blNumber, container);
      expect(discharged.size).to.be.at.least(6);
      expect(gatedOut.size).to.be.at.least(4);
    });

    for (const period of ["day", "week"] as const) {
      for (const groupBy of ["terminal", "carrier"] as const) {
        it(`when asked per ${period} by ${groupBy}, then the counts are what was done and the durations plausible`, async () => {
          const res = await as(t).get(`/v1/release-times?period=${period}&groupBy=${groupBy}`);
          const body = expectStatus(res, 200) as { period: string; groupBy: string; rows: Row[] };
          expect(body).to.include({ period, groupBy });
          const group = groupBy === "terminal" ? t.orgIds.terminal : t.orgIds.carrier;
          const want = await expected(period);
          expect(body.rows.map((r) => [r.period, r.group])).to.deep.equal(
            [...want.keys()].sort().map((p) => [p, group]),
          );
          for (const row of body.rows) {
            expect(row.period).to.match(period === "day" ? /^\d{4}-\d{2}-\d{2}$/ : /^\d{4}-W\d{2}$/);
            const c = want.get(row.period)!;
            expect(row.measures.dischargeToGateOut.count).to.equal(c.gatedOut);
            expect(row.measures.dischargeToCustomsRelease.count).to.equal(c.customs);
            expect(row.measures.dischargeToDeliveryOrder.count).to.equal(c.ordered);
            for (const measure of Object.values(row.measures)) if (measure.count) plausible(measure);
          }
        });
      }
    }

    it("when asked as CSV, then the same counts come in one line per period, group and measure", async () => {
      const json = expectStatus(await as(t).get("/v1/release-times?period=day&groupBy=carrier"), 200).rows as Row[];
      const res = await as(t).get("/v1/release-times?format=csv&period=day&groupBy=carrier");
      expect(res.status).to.equal(200);
      expect(res.headers["content-type"]).to.match(/^text\/csv/);
      expect(res.headers["content-disposition"]).to.match(/attachment; filename="?release-times-day-carrier\.csv"?$/);
      const [header, ...lines] = res.text.trimEnd().split("\r\n");
      expect(header).to.equal("period,groupBy,group,measure,count,meanHours,medianHours,p90Hours");
      expect(lines).to.have.length(json.length * 3);
      for (const line of lines) {
        const [period, groupBy, group, measure, count, mean, median, p90] = line.split(",");
        const row = json.find((r) => r.period === period && r.group === group)!;
        expect(groupBy).to.equal("carrier");
        expect(group).to.equal(t.orgIds.carrier);
        expect(Number(count)).to.equal(row.measures[measure].count);
        for (const [cell, value] of [
          [mean, row.measures[measure].meanHours],
          [median, row.measures[measure].medianHours],
          [p90, row.measures[measure].p90Hours],
        ] as const) {
          expect(cell).to.equal(value === null ? "" : String(value));
        }
      }
      const gateOuts = lines.filter((l) => l.split(",")[3] === "dischargeToGateOut");
      expect(gateOuts.reduce((n, l) => n + Number(l.split(",")[4]), 0)).to.equal(gatedOut.size);
    });

    it("when another container leaves after the figures were read, then the next figures count it", async () => {
      const gateOuts = async () => {
        const rows = expectStatus(await as(t).get("/v1/release-times?period=week&groupBy=terminal"), 200).rows as Row[];
        return rows.reduce((n, r) => n + r.measures.dischargeToGateOut.count, 0);
      };
      const before = await gateOuts();
      expect(before).to.equal(gatedOut.size);
      const { container } = await s.prepared({ prefix: "MORE" });
      discharged.add(container);
      customsReleased.add(container);
      await gateOut(container);
      expect(await gateOuts()).to.equal(before + 1);
    });

    it("when the query is not understood, then 400 pointing at it", async () => {
      for (const [query, pointer] of [
        ["period=month", "/period"],
        ["groupBy=haulier", "/groupBy"],
        ["format=xml", "/format"],
      ]) {
        const res = await as(t).get(`/v1/release-times?${query}`);
        expect(res.status).to.equal(400);
        expect(res.body.errors.map((e: { pointer: string }) => e.pointer)).to.deep.equal([pointer]);
      }
    });
  });
});
