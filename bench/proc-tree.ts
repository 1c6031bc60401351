/**
 * /proc readings for the walled benchmark: CPU and memory of a process's descendants (Chromium's
 * browser, zygote, GPU/utility and renderer processes), which `process.cpuUsage()` does not see.
 *
 * CPU of a process is utime + stime + cutime + cstime (its reaped children included), so the sum
 * over a tree read at two moments counts a process that ended in between once, through the parent
 * that reaped it.
 */
import { readdirSync, readFileSync } from "node:fs";

const CLOCK_TICKS = 100;

interface Stat {
  pid: number;
  ppid: number;
  /** Own user + system, and reaped children's, in seconds. */
  cpuSeconds: number;
}

function readStat(pid: number): Stat | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const ticks = Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]);
    return { pid, ppid: Number(f[1]), cpuSeconds: ticks / CLOCK_TICKS };
  } catch {
    return null;
  }
}

function cmdline(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ");
  } catch {
    return "";
  }
}

/** Pids under `root` (not `root` itself) whose command line matches `match`. */
export function descendants(root: number, match: RegExp = /./): number[] {
  const parent = new Map<number, number>();
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    const s = readStat(Number(name));
    if (s) parent.set(s.pid, s.ppid);
  }
  const tree = new Set<number>([root]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [pid, ppid] of parent)
      if (!tree.has(pid) && tree.has(ppid)) {
        tree.add(pid);
        grew = true;
      }
  }
  tree.delete(root);
  return [...tree].filter((pid) => match.test(cmdline(pid)));
}

/** CPU seconds (own + reaped children) summed over `pids`. */
export function cpuSecondsOf(pids: readonly number[]): number {
  let total = 0;
  for (const pid of pids) total += readStat(pid)?.cpuSeconds ?? 0;
  return total;
}

/** CPU seconds of the subtree under `root` whose command lines match (root excluded). */
export function treeCpuSeconds(root: number, match?: RegExp): number {
  return cpuSecondsOf(descendants(root, match));
}

function kb(text: string, key: string): number {
  const m = new RegExp(`^${key}:\\s+(\\d+) kB`, "m").exec(text);
  return m ? Number(m[1]) : 0;
}

/** RSS (shared pages once per process) and PSS (shared pages split) summed over `pids`, in MB. */
export function memoryOf(pids: readonly number[]): { rssMb: number; pssMb: number } {
  let rss = 0;
  let pss = 0;
  for (const pid of pids) {
    try {
      const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, "utf8");
      rss += kb(rollup, "Rss");
      pss += kb(rollup, "Pss");
    } catch {
      // Gone meanwhile.
    }
  }
  return { rssMb: rss / 1024, pssMb: pss / 1024 };
}

/** CPU seconds of one process (own + reaped children), e.g. the market's or the store's. */
export function processCpuSeconds(pid: number): number {
  return readStat(pid)?.cpuSeconds ?? 0;
}

export function vmHwmMb(pid: number | "self" = "self"): number {
  try {
    return kb(readFileSync(`/proc/${pid}/status`, "utf8"), "VmHWM") / 1024;
  } catch {
    return 0;
  }
}
