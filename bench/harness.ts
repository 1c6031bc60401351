/**
 * Shared by the runner children: argument parsing, the measurement window (wall time, CPU of
 * this process and of its reaped children, peak RSS) and the correctness check against the
 * marketplace's truth. Each runner is its own process so CPU and memory are its own.
 */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { catalog, type ExtractedFields, type StockState, wrongFields } from "./catalog.js";

export interface RunnerArgs {
  origin: string;
  products: number;
  concurrency: number;
  out: string;
  /** Runner-specific flags, raw. */
  flags: Map<string, string>;
}

export function parseRunnerArgs(argv: string[] = process.argv.slice(2)): RunnerArgs {
  const flags = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const key = argv[i];
    if (key?.startsWith("--")) {
      const next = argv[i + 1];
      if (next !== undefined && !next.startsWith("--")) {
        flags.set(key.slice(2), next);
        i++;
      } else flags.set(key.slice(2), "true");
    }
  }
  const origin = flags.get("origin");
  const out = flags.get("out");
  if (!origin || !out)
    throw new Error("usage: --origin http://127.0.0.1:PORT --out FILE [--products N] [--concurrency N]");
  return {
    origin,
    out,
    products: Number(flags.get("products") ?? 3000),
    concurrency: Number(flags.get("concurrency") ?? 32),
    flags,
  };
}

/** Runs `worker` over `items` with at most `concurrency` in flight. */
export async function pool<T>(
  items: readonly T[],
  concurrency: number,
  worker: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await worker(item);
    }
  });
  await Promise.all(lanes);
}

const CLOCK_TICKS = 100;

/** CPU seconds of reaped child processes (a browser and its helpers, once closed). */
export function childrenCpuSeconds(): number {
  const stat = readFileSync("/proc/self/stat", "utf8");
  // Fields after the command name (which may contain spaces) start at field 3.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const cutime = Number(fields[13]);
  const cstime = Number(fields[14]);
  return (cutime + cstime) / CLOCK_TICKS;
}

function statusKb(pid: number | "self", key: string): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const m = new RegExp(`^${key}:\\s+(\\d+) kB`, "m").exec(status);
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/** Sum of VmRSS of this process and all its descendants (shared pages counted once per process). */
function treeRssKb(): number {
  const parents = new Map<number, number>();
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      parents.set(Number(name), Number(fields[1]));
    } catch {
      // Gone meanwhile.
    }
  }
  const tree = new Set<number>([process.pid]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [pid, ppid] of parents)
      if (!tree.has(pid) && tree.has(ppid)) {
        tree.add(pid);
        grew = true;
      }
  }
  let total = 0;
  for (const pid of tree) total += statusKb(pid, "VmRSS");
  return total;
}

export interface Window {
  /** RSS when the window opened (runtime, loader and libraries). */
  baselineRssMb: number;
  seconds: number;
  cpuSeconds: number;
  childCpuSeconds: number;
  /** VmHWM of this process: its peak resident set over its whole life. */
  peakRssMb: number;
  /** Largest 50 ms RSS sample of this process during the window. */
  sampledPeakRssMb: number;
  /** Largest sum of RSS over this process and its children (sampled every 250 ms), when asked for. */
  treePeakRssMb?: number;
}

export interface MeasureOptions {
  tree?: boolean;
  /** Runs after the work and inside the window, e.g. closing a browser so its CPU is counted. */
  finish?: () => Promise<void>;
}

/** Measures `work`: wall time, CPU (process.cpuUsage and reaped children) and peak RSS. */
export async function measure<T>(
  work: () => Promise<T>,
  options: MeasureOptions = {},
): Promise<{ value: T; window: Window }> {
  const baseline = process.memoryUsage().rss;
  let sampled = baseline;
  const sampler = setInterval(() => {
    sampled = Math.max(sampled, process.memoryUsage().rss);
  }, 50);
  let treePeak = 0;
  const treeSampler = options.tree
    ? setInterval(() => {
        treePeak = Math.max(treePeak, treeRssKb());
      }, 250)
    : undefined;
  const children0 = childrenCpuSeconds();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const value = await work();
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  await options.finish?.();
  clearInterval(sampler);
  if (treeSampler) clearInterval(treeSampler);
  sampled = Math.max(sampled, process.memoryUsage().rss);
  const childCpuSeconds = childrenCpuSeconds() - children0;
  return {
    value,
    window: {
      baselineRssMb: baseline / 1024 / 1024,
      seconds,
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
      childCpuSeconds,
      peakRssMb: statusKb("self", "VmHWM") / 1024,
      sampledPeakRssMb: sampled / 1024 / 1024,
      ...(options.tree ? { treePeakRssMb: treePeak / 1024 } : {}),
    },
  };
}

export interface RunnerResult {
  runner: string;
  description: string;
  concurrency: number;
  /** Product pages expected (the site's catalogue size for the run). */
  expected: number;
  /** Product pages fetched and extracted. */
  pages: number;
  listingPages: number;
  seconds: number;
  pagesPerSec: number;
  /** CPU of the crawler's own process (user + system) during the crawl. */
  cpuSeconds: number;
  cpuSecondsPer1kPages: number;
  cpuMsPerPage: number;
  /** CPU of reaped child processes (the browser), render runners only. */
  childCpuSeconds: number;
  totalCpuSecondsPer1kPages: number;
  peakRssMb: number;
  sampledPeakRssMb: number;
  baselineRssMb: number;
  treePeakRssMb?: number;
  /** Load average of the machine when the runner finished (other work shares the 2 cores). */
  loadAverage: number;
  correct: number;
  correctPct: number;
  wrongByField: Record<string, number>;
  examples: Array<{ path: string; wrong: string[]; got: ExtractedFields }>;
}

/** Compares what a runner extracted (keyed by product path) with the site's truth. */
export function score(
  results: Map<string, ExtractedFields>,
  products: number,
  only?: (path: string) => boolean,
): Pick<RunnerResult, "correct" | "correctPct" | "wrongByField" | "examples" | "expected"> {
  const truth = catalog(products).filter((p) => (only ? only(p.path) : true));
  let correct = 0;
  const wrongByField: Record<string, number> = {};
  const examples: RunnerResult["examples"] = [];
  for (const p of truth) {
    const got = results.get(p.path) ?? { title: null, price: null, availability: null, seller: null };
    const wrong = results.has(p.path) ? wrongFields(p, got) : ["missing"];
    if (wrong.length === 0) correct++;
    else {
      for (const f of wrong) wrongByField[f] = (wrongByField[f] ?? 0) + 1;
      if (examples.length < 5) examples.push({ path: p.path, wrong, got });
    }
  }
  return {
    expected: truth.length,
    correct,
    correctPct: truth.length === 0 ? 0 : (100 * correct) / truth.length,
    wrongByField,
    examples,
  };
}

export function report(
  args: RunnerArgs,
  runner: string,
  description: string,
  window: Window,
  counts: { pages: number; listingPages: number },
  scored: ReturnType<typeof score>,
): RunnerResult {
  const result: RunnerResult = {
    runner,
    description,
    concurrency: args.concurrency,
    ...counts,
    seconds: window.seconds,
    pagesPerSec: counts.pages / window.seconds,
    cpuSeconds: window.cpuSeconds,
    cpuSecondsPer1kPages: (1000 * window.cpuSeconds) / Math.max(1, counts.pages),
    cpuMsPerPage: (1000 * window.cpuSeconds) / Math.max(1, counts.pages),
    childCpuSeconds: window.childCpuSeconds,
    totalCpuSecondsPer1kPages:
      (1000 * (window.cpuSeconds + window.childCpuSeconds)) / Math.max(1, counts.pages),
    peakRssMb: window.peakRssMb,
    sampledPeakRssMb: window.sampledPeakRssMb,
    baselineRssMb: window.baselineRssMb,
    loadAverage: loadavg()[0] ?? 0,
    ...(window.treePeakRssMb !== undefined ? { treePeakRssMb: window.treePeakRssMb } : {}),
    ...scored,
  };
  writeFileSync(args.out, `${JSON.stringify(result, null, 2)}\n`);
  return result;
}

function copy(text: string | null): string | null {
  // A regex match or slice can keep the whole page alive; results must not inflate memory.
  return text === null ? null : (JSON.parse(JSON.stringify(text)) as string);
}

/** The four compared fields, as fresh strings that share nothing with the page. */
export function detached(fields: ExtractedFields): ExtractedFields {
  return {
    title: copy(fields.title),
    price: copy(fields.price),
    availability: fields.availability,
    seller: copy(fields.seller),
  };
}

/** Out-of-stock wording of the marketplace's stock widget (for the non-Pricewarden runners). */
export function stockFromText(text: string): StockState {
  return /无货|已售罄|缺货/.test(text) ? "OutOfStock" : "InStock";
}

export function availabilityFromSchema(value: unknown): StockState | null {
  if (typeof value !== "string") return null;
  if (/OutOfStock|SoldOut|Discontinued/i.test(value)) return "OutOfStock";
  if (/InStock|LimitedAvailability|OnlineOnly/i.test(value)) return "InStock";
  return null;
}
