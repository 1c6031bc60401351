import { renderChartSvg } from "./chart-svg.js";

const WIDTH = 560;
const ROW = 30;
const MAX_BARS = 12;
const LABEL_CHARS = 24;

/**
 * Counts as horizontal bars, largest on top, drawn on the server to SVG (chart-svg.ts). Labels
 * are the tenant's channel names or our type names, still bounded and escaped by ECharts.
 */
export function countBarChart(
  title: string,
  counts: readonly { label: string; count: number }[],
  color = "#0969da",
): Promise<string> {
  const shown = counts.slice(0, MAX_BARS);
  const labels = shown.map((c) =>
    c.label.length > LABEL_CHARS ? `${c.label.slice(0, LABEL_CHARS - 1)}…` : c.label,
  );
  const height = 48 + Math.max(1, shown.length) * ROW;
  // Room for the longest label, estimated generously: ECharts measures text on the server
  // without the reader's font, and a label wider than it thought is cut at the left edge.
  const labelWidth = Math.min(200, Math.max(...labels.map(textWidth), 24));
  return renderChartSvg(
    {
      title: {
        text: title,
        left: 8,
        top: 6,
        textStyle: { fontSize: 13, fontWeight: "bold", color: "#1f2328" },
      },
      grid: { left: labelWidth + 16, right: 40, top: 36, bottom: 28, outerBoundsMode: "none" },
      xAxis: { type: "value", minInterval: 1, splitNumber: 4 },
      // Largest on top: a category axis draws its first entry at the bottom.
      yAxis: { type: "category", data: [...labels].reverse(), axisTick: { show: false } },
      series: [
        {
          type: "bar",
          data: shown.map((c) => c.count).reverse(),
          barMaxWidth: 18,
          itemStyle: { color },
          label: { show: true, position: "right", color: "#1f2328" },
          emphasis: { disabled: true },
        },
      ],
    },
    { width: WIDTH, height },
  );
}

/** Width at 12px: a CJK character is square, Latin letters about 7px in the fonts we list. */
function textWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += /[\u2e80-\u9fff\uff00-\uffef]/.test(ch) ? 12 : 7;
  return width;
}
