/**
 * ECharts, as little of it as the console draws: bar charts with a grid, a legend and a tooltip, on canvas. Imported
 * from "echarts/core" piece by piece so the bundle carries only these, and loaded by the pages that chart (a chunk
 * of its own, from this node like every other file).
 */
import { BarChart, type BarSeriesOption } from "echarts/charts";
import {
  GridComponent,
  LegendComponent,
  TooltipComponent,
  type GridComponentOption,
  type LegendComponentOption,
  type TooltipComponentOption,
} from "echarts/components";
import { init, use, type ComposeOption, type ECharts } from "echarts/core";
import { CanvasRenderer } from "echarts/renderers";

use([BarChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export type BarChartOption = ComposeOption<
  BarSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption
>;
export type Chart = ECharts;

/** A chart drawn on a canvas in `element`. */
export const barChart = (element: HTMLElement): Chart => init(element, null, { renderer: "canvas" });
