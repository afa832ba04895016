import { expect } from "chai";
import {
  periodOf,
  releaseTimes,
  releaseTimesCsv,
  summarize,
  type ContainerMilestones,
} from "../../api/release/releaseTimes.ts";

const H = 3600;
const MON = Date.UTC(2026, 10, 23, 8) / 1000; // Monday 2026-11-23 08:00 UTC, ISO week 48

function container(
  n: number,
  terminal: string,
  carrier: string,
  hours: { customs?: number; order?: number; out?: number },
  at = MON,
) {
  return {
    container: `CSQU30543${String(n).padStart(2, "0")}`,
    terminal,
    carrier,
    dischargedAt: at,
    customsReleasedAt: hours.customs === undefined ? undefined : at + hours.customs * H,
    deliveryOrderAt: hours.order === undefined ? undefined : at + hours.order * H,
    gateOutAt: hours.out === undefined ? undefined : at + hours.out * H,
  } satisfies ContainerMilestones;
}

describe("release-time figures", () => {
  describe("summarize", () => {
    it("when durations are known, then mean, median and p90 (nearest rank) are exact, in hours", () => {
      const s = summarize([1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((h) => h * H));
      expect(s).to.deep.equal({ count: 10, meanHours: 5.5, medianHours: 5.5, p90Hours: 9 });
    });
    it("when there is an odd count, then the median is the middle value", () => {
      expect(summarize([10 * H, 1 * H, 4 * H]).medianHours).to.equal(4);
    });
    it("when nothing was measured, then the figures are null, not zero", () => {
      expect(summarize([])).to.deep.equal({ count: 0, meanHours: null, medianHours: null, p90Hours: null });
    });
  });

  describe("periods", () => {
    it("then a day is the port's date (Asia/Shanghai) and a week its ISO week", () => {
      expect(periodOf(MON, "day")).to.equal("2026-11-23");
      expect(periodOf(MON, "week")).to.equal("2026-W48");
      expect(periodOf(Date.UTC(2026, 0, 1) / 1000, "week")).to.equal("2026-W01"); // a Thursday
      expect(periodOf(Date.UTC(2027, 0, 1) / 1000, "week")).to.equal("2026-W53"); // a Friday: the last week of 2026
    });
    it("when a container is discharged after 16:00 UTC, then it counts on the port's next day (and week)", () => {
      const sundayNight = Date.UTC(2026, 10, 22, 16, 30) / 1000; // Sunday 16:30 UTC, Monday 00:30 in Tianjin
      expect(periodOf(sundayNight, "day")).to.equal("2026-11-23");
      expect(periodOf(sundayNight, "week")).to.equal("2026-W48");
      expect(periodOf(sundayNight - 3600, "day")).to.equal("2026-11-22"); // 23:30 on Sunday in Tianjin
      expect(periodOf(sundayNight - 3600, "week")).to.equal("2026-W47");
    });
  });

  describe("releaseTimes", () => {
    const containers = [
      container(1, "TPCT", "COSCO", { customs: 2, order: 4, out: 10 }),
      container(2, "TPCT", "COSCO", { customs: 6, order: 8, out: 30 }),
      container(3, "TPCT", "EVERGREEN", { customs: 1 }), // not yet out
      container(4, "FICT", "COSCO", { customs: 3, order: 5, out: 12 }),
      container(5, "TPCT", "COSCO", { customs: 2, order: 3, out: 5 }, MON + 24 * H), // Tuesday
    ];

    it("when grouped by terminal per day, then each measure counts only the containers that reached it", () => {
      const rows = releaseTimes(containers, { period: "day", groupBy: "terminal" });
      expect(rows.map((r) => [r.period, r.group])).to.deep.equal([
        ["2026-11-23", "FICT"],
        ["2026-11-23", "TPCT"],
        ["2026-11-24", "TPCT"],
      ]);
      const tpctMonday = rows[1].measures;
      expect(tpctMonday.dischargeToCustomsRelease).to.deep.equal({
        count: 3,
        meanHours: 3,
        medianHours: 2,
        p90Hours: 6,
      });
      expect(tpctMonday.dischargeToDeliveryOrder).to.deep.equal({
        count: 2,
        meanHours: 6,
        medianHours: 6,
        p90Hours: 8,
      });
      expect(tpctMonday.dischargeToGateOut).to.deep.equal({ count: 2, meanHours: 20, medianHours: 20, p90Hours: 30 });
    });

    it("when grouped by carrier per week, then the week holds every container discharged in it", () => {
      const rows = releaseTimes(containers, { period: "week", groupBy: "carrier" });
      expect(rows.map((r) => [r.period, r.group, r.measures.dischargeToGateOut.count])).to.deep.equal([
        ["2026-W48", "COSCO", 4],
        ["2026-W48", "EVERGREEN", 0],
      ]);
      expect(rows[0].measures.dischargeToGateOut).to.deep.equal({
        count: 4,
        meanHours: 14.25,
        medianHours: 11,
        p90Hours: 30,
      });
    });

    it("when a container was never discharged, then it is left out", () => {
      const rows = releaseTimes([{ container: "X", terminal: "T", carrier: "C", gateOutAt: MON }], {
        period: "day",
        groupBy: "terminal",
      });
      expect(rows).to.deep.equal([]);
    });

    it("when served as CSV, then there is a header and one line per period, group and measure, with empty cells for none", () => {
      const csv = releaseTimesCsv(releaseTimes([containers[2]], { period: "day", groupBy: "carrier" }));
      expect(csv.split("\r\n")).to.deep.equal([
        "period,groupBy,group,measure,count,meanHours,medianHours,p90Hours",
        "2026-11-23,carrier,EVERGREEN,dischargeToCustomsRelease,1,1,1,1",
        "2026-11-23,carrier,EVERGREEN,dischargeToDeliveryOrder,0,,,",
        "2026-11-23,carrier,EVERGREEN,dischargeToGateOut,0,,,",
        "",
      ]);
    });
  });
});
