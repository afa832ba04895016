/**
 * Cargo release time, as the port's policy asks it to be measured and published: for each container, the time from
 * its discharge from the vessel to its customs release, to its delivery order, and to its gate-out; averaged per
 * day or week of the port's calendar, by terminal or by carrier, as mean, median and 90th percentile.
 */
import { PORT_TIME_ZONE } from "../domain.ts";

export interface ContainerMilestones {
  container: string;
  terminal: string;
  carrier: string;
  /** Unix seconds; absent until it happened. */
  dischargedAt?: number;
  customsReleasedAt?: number;
  deliveryOrderAt?: number;
  gateOutAt?: number;
}

export const MEASURES = ["dischargeToCustomsRelease", "dischargeToDeliveryOrder", "dischargeToGateOut"] as const;
export type Measure = (typeof MEASURES)[number];

export interface Summary {
  count: number;
  meanHours: number | null;
  medianHours: number | null;
  p90Hours: number | null;
}

export interface ReleaseTimeRow {
  period: string;
  groupBy: "terminal" | "carrier";
  group: string;
  measures: Record<Measure, Summary>;
}

/** The port's calendar date of a moment (its day in PORT_TIME_ZONE), as UTC midnight of that date. */
const portDate = new Intl.DateTimeFormat("en-CA", {
  timeZone: PORT_TIME_ZONE,
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
});

/**
 * The period a moment falls in, by the port's calendar (Asia/Shanghai), not UTC: a container discharged at 07:00
 * in Tianjin counts on that day. `2026-11-23` (the port's day) or `2026-W48` (its ISO week).
 */
export function periodOf(unixSeconds: number, period: "day" | "week"): string {
  const day = portDate.format(new Date(unixSeconds * 1000)); // en-CA formats as YYYY-MM-DD
  if (period === "day") return day;
  // ISO 8601 week: the week with the year's first Thursday is week 1.
  const d = new Date(`${day}T00:00:00Z`);
  const dayNumber = d.getUTCDay() || 7;
  d.setUTCDate(d.getUTCDate() + 4 - dayNumber);
  const yearStart = Date.UTC(d.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((d.getTime() - yearStart) / 86_400_000 + 1) / 7);
  return `${d.getUTCFullYear()}-W${String(week).padStart(2, "0")}`;
}

/** Mean, median and p90 (nearest-rank) of durations in seconds, in hours rounded to 0.01. */
export function summarize(seconds: number[]): Summary {
  if (seconds.length === 0) return { count: 0, meanHours: null, medianHours: null, p90Hours: null };
  const sorted = [...seconds].sort((a, b) => a - b);
  const hours = (s: number) => Math.round((s / 3600) * 100) / 100;
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  const p90 = sorted[Math.ceil(0.9 * sorted.length) - 1];
  return {
    count: sorted.length,
    meanHours: hours(sorted.reduce((a, b) => a + b, 0) / sorted.length),
    medianHours: hours(median),
    p90Hours: hours(p90),
  };
}

function duration(m: ContainerMilestones, measure: Measure): number | undefined {
  if (m.dischargedAt === undefined) return undefined;
  const end =
    measure === "dischargeToCustomsRelease"
      ? m.customsReleasedAt
      : measure === "dischargeToDeliveryOrder"
        ? m.deliveryOrderAt
        : m.gateOutAt;
  return end === undefined ? undefined : Math.max(0, end - m.dischargedAt);
}

/**
 * Release-time figures for containers discharged in each period (the period a container counts in is its discharge
 * day or week), grouped by terminal or carrier. Periods and groups are sorted.
 */
export function releaseTimes(
  containers: Iterable<ContainerMilestones>,
  options: { period: "day" | "week"; groupBy: "terminal" | "carrier" },
): ReleaseTimeRow[] {
  const buckets = new Map<string, { period: string; group: string; values: Record<Measure, number[]> }>();
  for (const m of containers) {
    if (m.dischargedAt === undefined) continue;
    const period = periodOf(m.dischargedAt, options.period);
    const group = options.groupBy === "terminal" ? m.terminal : m.carrier;
    const key = `${period}\u0000${group}`;
    let bucket = buckets.get(key);
    if (!bucket) {
      bucket = {
        period,
        group,
        values: { dischargeToCustomsRelease: [], dischargeToDeliveryOrder: [], dischargeToGateOut: [] },
      };
      buckets.set(key, bucket);
    }
    for (const measure of MEASURES) {
      const d = duration(m, measure);
      if (d !== undefined) bucket.values[measure].push(d);
    }
  }
  return [...buckets.values()]
    .sort((a, b) => a.period.localeCompare(b.period) || a.group.localeCompare(b.group))
    .map((b) => ({
      period: b.period,
      groupBy: options.groupBy,
      group: b.group,
      measures: {
        dischargeToCustomsRelease: summarize(b.values.dischargeToCustomsRelease),
        dischargeToDeliveryOrder: summarize(b.values.dischargeToDeliveryOrder),
        dischargeToGateOut: summarize(b.values.dischargeToGateOut),
      },
    }));
}

/** The same rows as CSV (RFC 4180), one line per period, group and measure. */
export function releaseTimesCsv(rows: ReleaseTimeRow[]): string {
  const quote = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const lines = ["period,groupBy,group,measure,count,meanHours,medianHours,p90Hours"];
  for (const row of rows) {
    for (const measure of MEASURES) {
      const s = row.measures[measure];
      lines.push(
        [
          row.period,
          row.groupBy,
          quote(row.group),
          measure,
          s.count,
          s.meanHours ?? "",
          s.medianHours ?? "",
          s.p90Hours ?? "",
        ].join(","),
      );
    }
  }
  return lines.join("\r\n") + "\r\n";
}
