/**
 * The release-time dashboard (public, like GET /v1/release-times): discharge → customs release, → delivery order
 * and → gate-out, per day or week of the port's calendar, by terminal or carrier. One bar chart per measure, drawn
 * by ECharts on canvas, each followed by the same figures as a table (a chart says nothing to a screen reader), and
 * the API's own CSV to download.
 */
import { useEffect, useId, useRef, useState } from "preact/hooks";
import type { operations } from "../../../../client/index.ts";
import { api, data } from "../api.ts";
import type { BarChartOption, Chart } from "../charts.ts";
import { ErrorMessage, Section } from "../components.tsx";
import { i18n, t } from "../i18n.ts";
import { useConsole } from "../state.ts";
import "./Dashboard.css";

type Figures = operations["getReleaseTimes"]["responses"][200]["content"]["application/json"];
type Row = Figures["rows"][number];
type Measure = keyof Row["measures"];
type Period = Figures["period"];
type GroupBy = Figures["groupBy"];
type Statistic = "meanHours" | "medianHours" | "p90Hours";

const MEASURES: Measure[] = ["dischargeToCustomsRelease", "dischargeToDeliveryOrder", "dischargeToGateOut"];
const STATISTICS: Statistic[] = ["medianHours", "meanHours", "p90Hours"];
const PERIODS: Period[] = ["day", "week"];
const GROUPINGS: GroupBy[] = ["terminal", "carrier"];
/** The bars' colours, one per group: the console's own, each distinct and dark enough to read on white. */
/** The axes' and legend's text: the console's muted ink (AA on white), not the library's lighter grey. */
const INK = "#4a4a4a";
const SERIES_COLOURS = ["#0a5a8f", "#b35c00", "#0d6b2c", "#7b3fa0", "#a3121b", "#4a4a4a"];

/** A period as people read it: the day as it is (the port's date), a week as "2026年第48周" or "week 48, 2026". */
function periodLabel(period: string): string {
  const week = /^(\d{4})-W(\d{2})$/.exec(period);
  return week ? t("dashboard.week", { year: week[1], week: Number(week[2]) }) : period;
}

const hours = (value: number | null) =>
  value === null ? "—" : new Intl.NumberFormat(i18n.language, { maximumFractionDigits: 2 }).format(value);

/** Names of the organizations the figures group by, for a signed-in caller (the register is not public). */
function useNames(signedIn: boolean): Map<string, string> {
  const [names, setNames] = useState(new Map<string, string>());
  useEffect(() => {
    if (!signedIn) return setNames(new Map());
    data(api.GET("/v1/organizations")).then(
      (r) => setNames(new Map(r.items.map((o) => [o.orgId, o.name]))),
      () => setNames(new Map()), // the orgIds still say which is which
    );
  }, [signedIn]);
  return names;
}

export function DashboardPage() {
  const { caller, liveTick } = useConsole();
  const ids = { period: useId(), groupBy: useId(), statistic: useId() };
  const [period, setPeriod] = useState<Period>("day");
  const [groupBy, setGroupBy] = useState<GroupBy>("terminal");
  const [statistic, setStatistic] = useState<Statistic>("medianHours");
  const [figures, setFigures] = useState<Figures | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [downloading, setDownloading] = useState(false);
  const names = useNames(caller !== null);

  useEffect(() => {
    let current = true;
    data(api.GET("/v1/release-times", { params: { query: { period, groupBy } } })).then(
      (f) => {
        if (!current) return;
        setFigures(f as Figures);
        setError(null);
      },
      (e) => current && setError(e),
    );
    return () => void (current = false);
  }, [period, groupBy, liveTick]);

  // The figures the charts and tables show are the ones asked for: none while another grouping is on its way.
  const rows = figures && figures.period === period && figures.groupBy === groupBy ? figures.rows : null;

  const download = async () => {
    setDownloading(true);
    setError(null);
    try {
      const query = { period, groupBy, format: "csv" as const };
      const csv = await data(api.GET("/v1/release-times", { params: { query }, parseAs: "text" }));
      const url = URL.createObjectURL(new Blob([csv as string], { type: "text/csv" }));
      const link = document.createElement("a");
      link.href = url;
      link.download = `release-times-${period}-${groupBy}.csv`;
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 0); // after the browser took it
    } catch (e) {
      setError(e);
    } finally {
      setDownloading(false);
    }
  };

  return (
    <>
      <h1>{t("dashboard.title")}</h1>
      <p>{t("dashboard.intro")}</p>
      <form class="dashboard-controls" onSubmit={(e) => e.preventDefault()}>
        <div class="field">
          <label for={ids.period}>{t("dashboard.period")}</label>
          <select
            id={ids.period}
            value={period}
            onChange={(e) => setPeriod((e.currentTarget as HTMLSelectElement).value as Period)}
          >
            {PERIODS.map((p) => (
              <option key={p} value={p}>
                {t(`dashboard.periods.${p}`)}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for={ids.groupBy}>{t("dashboard.groupBy")}</label>
          <select
            id={ids.groupBy}
            value={groupBy}
            onChange={(e) => setGroupBy((e.currentTarget as HTMLSelectElement).value as GroupBy)}
          >
            {GROUPINGS.map((g) => (
              <option key={g} value={g}>
                {t(`dashboard.groups.${g}`)}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for={ids.statistic}>{t("dashboard.statistic")}</label>
          <select
            id={ids.statistic}
            value={statistic}
            onChange={(e) => setStatistic((e.currentTarget as HTMLSelectElement).value as Statistic)}
          >
            {STATISTICS.map((s) => (
              <option key={s} value={s}>
                {t(`dashboard.statistics.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <div class="actions">
          <button type="button" disabled={downloading} onClick={() => void download()}>
            {t("dashboard.download")}
          </button>
        </div>
      </form>
      <ErrorMessage error={error} />
      {rows === null && !error ? <p>{t("common.loading")}</p> : null}
      {rows !== null && rows.length === 0 ? <p>{t("dashboard.empty")}</p> : null}
      {rows !== null && rows.length > 0
        ? MEASURES.map((m) => (
            <MeasureFigures key={m} measure={m} rows={rows} groupBy={groupBy} statistic={statistic} names={names} />
          ))
        : null}
    </>
  );
}

/** One measure: its chart (the statistic chosen, per period, one series per group), then all its figures. */
function MeasureFigures({
  measure,
  rows,
  groupBy,
  statistic,
  names,
}: {
  measure: Measure;
  rows: Row[];
  groupBy: GroupBy;
  statistic: Statistic;
  names: Map<string, string>;
}) {
  const groupName = (orgId: string) => (names.has(orgId) ? `${names.get(orgId)} (${orgId})` : orgId);
  const element = useRef<HTMLDivElement>(null);
  const chart = useRef<Chart | null>(null);
  const title = t(`dashboard.measures.${measure}`);

  useEffect(() => {
    let current = true;
    const periods = [...new Set(rows.map((r) => r.period))];
    const groups = [...new Set(rows.map((r) => r.group))];
    const value = (period: string, group: string) =>
      rows.find((r) => r.period === period && r.group === group)?.measures[measure][statistic] ?? null;
    const option: BarChartOption = {
      animation: false,
      color: SERIES_COLOURS,
      grid: { left: 56, right: 16, top: 48, bottom: 40 },
      legend: { top: 0, type: "scroll", textStyle: { color: INK, fontSize: 13 } },
      // Drawn on the canvas (richText): ECharts' HTML tooltip carries inline style attributes, which the CSP refuses.
      tooltip: {
        trigger: "axis",
        renderMode: "richText",
        valueFormatter: (v) => `${hours(v as number | null)} ${t("dashboard.hoursUnit")}`,
      },
      xAxis: {
        type: "category",
        name: t("dashboard.periodAxis"),
        nameLocation: "middle",
        nameGap: 26,
        data: periods.map(periodLabel),
        axisLabel: { color: INK, fontSize: 13 },
        nameTextStyle: { color: INK },
      },
      yAxis: {
        type: "value",
        name: t("dashboard.hoursAxis", { statistic: t(`dashboard.statistics.${statistic}`) }),
        nameTextStyle: { align: "left", color: INK },
        axisLabel: { color: INK, fontSize: 13 },
      },
      series: groups.map((group) => ({
        type: "bar",
        name: groupName(group),
        data: periods.map((p) => value(p, group)),
        barMaxWidth: 56,
      })),
    };
    // The chart library is loaded with the first chart (its own chunk); the page shows the tables meanwhile.
    void import("../charts.ts").then(({ barChart }) => {
      if (!current || !element.current) return;
      chart.current ??= barChart(element.current);
      chart.current.setOption(option, { notMerge: true });
      // Says what the canvas shows now (language, grouping, rows): a test reads it, the canvas being pixels.
      element.current.dataset.drawn = `${i18n.language}:${groupBy}:${rows.length}`;
    });
    return () => void (current = false);
    // i18n.language: the axes, legend and tooltip are drawn again in the language switched to.
  }, [rows, statistic, groupBy, names, i18n.language]);

  useEffect(() => {
    const resize = () => chart.current?.resize();
    window.addEventListener("resize", resize);
    return () => {
      window.removeEventListener("resize", resize);
      chart.current?.dispose();
      chart.current = null;
    };
  }, []);

  return (
    <Section title={title} id={measure}>
      <div
        ref={element}
        class="chart"
        role="img"
        aria-label={t("dashboard.chartLabel", {
          measure: title,
          statistic: t(`dashboard.statistics.${statistic}`),
          group: t(`dashboard.groups.${groupBy}`),
        })}
      />
      <div class="figures-scroll">
        <table class="figures">
          <caption>{t("dashboard.caption", { measure: title })}</caption>
          <thead>
            <tr>
              <th scope="col">{t("dashboard.periodAxis")}</th>
              <th scope="col">{t(`dashboard.groups.${groupBy}`)}</th>
              <th scope="col">{t("dashboard.count")}</th>
              {STATISTICS.map((s) => (
                <th key={s} scope="col">
                  {t("dashboard.inHours", { statistic: t(`dashboard.statistics.${s}`) })}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={`${r.period}/${r.group}`}>
                <th scope="row">{periodLabel(r.period)}</th>
                <td>{groupName(r.group)}</td>
                <td class="number">{r.measures[measure].count}</td>
                {STATISTICS.map((s) => (
                  <td key={s} class="number">
                    {hours(r.measures[measure][s])}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Section>
  );
}
