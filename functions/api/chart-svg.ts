import type { EChartsCoreOption } from "echarts/core";

type Init = typeof import("./echarts-parts.js")["init"];

let loaded: Promise<Init> | undefined;

/**
 * ECharts is loaded on the first chart, not with the API: JSON calls and pages without a chart
 * (and the API function's cold start) do not pay for it.
 */
function echartsInit(): Promise<Init> {
  loaded ??= import("./echarts-parts.js").then((parts) => parts.init);
  return loaded;
}

/**
 * Fonts a reader's machine has for Chinese (macOS, Windows, the Noto font our Chromium carries),
 * single-quoted so the list sits inside an SVG attribute as it is.
 */
export const CHART_FONT_FAMILY =
  "'PingFang SC','Microsoft YaHei','Noto Sans SC','Noto Sans CJK SC','Source Han Sans SC',sans-serif";

/**
 * Renders an ECharts option on the server to an SVG string the dashboard's CSP accepts as it is:
 * no script, no `<style>` element, no `style` attribute. ECharts escapes every text it draws
 * (series names come from crawled pages); what this adds is only the CSP rewrite below.
 */
export async function renderChartSvg(
  option: EChartsCoreOption,
  size: { width: number; height: number },
): Promise<string> {
  const init = await echartsInit();
  const chart = init(null, null, { renderer: "svg", ssr: true, width: size.width, height: size.height });
  try {
    chart.setOption({ animation: false, textStyle: { fontFamily: CHART_FONT_FAMILY }, ...option });
    return cspSafeSvg(chart.renderToSVGString());
  } finally {
    chart.dispose();
  }
}

/** The font properties zrender writes into `style`, as presentation attributes. */
const FONT_PROPERTIES = new Set(["font-size", "font-family", "font-weight", "font-style"]);

/**
 * A strict `style-src` drops `style="…"` attributes and unhashed `<style>` elements: the hover
 * rules go (a static picture has no hover), and each text's font moves into presentation
 * attributes, which CSP does not govern. The shorthand `font: normal normal 12px sans-serif` is
 * split into its parts. Text content cannot match: ECharts escapes `<` and `"` in it.
 */
export function cspSafeSvg(svg: string): string {
  return svg
    .replace(/<style[^>]*>[\s\S]*?<\/style>/g, "")
    .replace(/ style="([^"]*)"/g, (_, declarations: string) => fontAttributes(declarations));
}

function fontAttributes(declarations: string): string {
  const attributes: string[] = [];
  for (const declaration of declarations.split(";")) {
    const colon = declaration.indexOf(":");
    if (colon < 0) continue;
    const name = declaration.slice(0, colon).trim();
    const value = declaration.slice(colon + 1).trim();
    if (name === "font") attributes.push(...shorthandFont(value));
    else if (FONT_PROPERTIES.has(name) && value !== "") attributes.push(`${name}="${value}"`);
  }
  return attributes.length > 0 ? ` ${attributes.join(" ")}` : "";
}

/** `[style] [weight] size family`, the order zrender writes the shorthand in. */
function shorthandFont(value: string): string[] {
  const m =
    /^(?:(normal|italic|oblique)\s+)?(?:(normal|bold|bolder|lighter|\d{3})\s+)?(\d+(?:\.\d+)?px)\s+(.+)$/.exec(
      value,
    );
  if (!m) return [];
  const [, style, weight, size, family] = m;
  return [
    `font-size="${size}"`,
    `font-family="${family === "sans-serif" ? CHART_FONT_FAMILY : family}"`,
    ...(style && style !== "normal" ? [`font-style="${style}"`] : []),
    ...(weight && weight !== "normal" ? [`font-weight="${weight}"`] : []),
  ];
}
