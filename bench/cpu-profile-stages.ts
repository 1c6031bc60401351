/**
 * Splits a V8 CPU profile (`node --cpu-prof`) of a whole cycle into the product's stages. Each
 * sample goes to the innermost frame on its stack that belongs to a stage, so time in Node's own
 * code (sockets, streams, zlib bindings) counts for the stage that called it; samples with no
 * stage frame are runtime (module loading, timers) or GC.
 */
import { readFileSync } from "node:fs";

export const STAGES = [
  "fetch",
  "decompress",
  "extract",
  "match",
  "detect",
  "record",
  "orchestrate",
  "load",
  "gc",
  "other",
] as const;
export type Stage = (typeof STAGES)[number];

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** The stage a frame belongs to, or null when it is shared code (Node internals, helpers). */
function stageOf(frame: ProfileNode["callFrame"]): Stage | null {
  const { url, functionName } = frame;
  if (functionName === "(garbage collector)") return "gc";
  if (
    /node:zlib|\/read-body\./.test(url) ||
    /^(zlibOnError|processCallback|Zlib|Gunzip|Inflate|BrotliDecompress)/.test(functionName)
  )
    return "decompress";
  if (
    /\/functions\/(extract|html)\/|\/node_modules\/(cheerio|htmlparser2|parse5|domhandler|css-select|css-what|entities|nth-check|domutils)\//.test(
      url,
    )
  )
    return "extract";
  if (/\/functions\/core\/match\//.test(url)) return "match";
  if (/\/functions\/core\/detect\/|\/functions\/core\/alert-lifecycle/.test(url)) return "detect";
  if (
    /\/functions\/store\/|\/node_modules\/@aws-sdk\/|\/node_modules\/@smithy\/|\/functions\/stages\/record/.test(
      url,
    )
  )
    return "record";
  if (/\/functions\/crawl\/|\/functions\/net\/|\/node_modules\/undici\//.test(url)) return "fetch";
  if (/\/functions\/(stages|local)\//.test(url)) return "orchestrate";
  if (/node:internal\/modules\/|^node:internal\/vm/.test(url) || functionName === "compileFunction")
    return "load";
  return null;
}

/** CPU milliseconds per stage over the whole profile. */
export function stageMilliseconds(file: string): Record<Stage, number> {
  const profile = JSON.parse(readFileSync(file, "utf8")) as CpuProfile;
  const byId = new Map<number, ProfileNode>(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const stageByNode = new Map<number, Stage | "idle">();
  const resolve = (id: number): Stage | "idle" => {
    const known = stageByNode.get(id);
    if (known) return known;
    const node = byId.get(id);
    let stage: Stage | "idle" = "other";
    if (node) {
      const name = node.callFrame.functionName;
      if (name === "(idle)") stage = "idle";
      else {
        const own = stageOf(node.callFrame);
        const up = parent.get(id);
        stage = own ?? (up === undefined ? "other" : resolve(up));
      }
    }
    stageByNode.set(id, stage);
    return stage;
  };
  const totals = Object.fromEntries(STAGES.map((s) => [s, 0])) as Record<Stage, number>;
  profile.samples.forEach((id, i) => {
    const stage = resolve(id);
    if (stage !== "idle") totals[stage] += (profile.timeDeltas[i] ?? 0) / 1000;
  });
  return totals;
}
