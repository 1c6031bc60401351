/**
 * Wall time of the CLI's cheap commands, from process start to exit: `--help`, `validate` of the
 * demo config, and `alerts` on an empty data directory (refused before any store starts). The
 * sources are compiled first (as `npm run build` does, into bench/out/cli-startup) so tsx is not
 * measured; each command is spawned N times and the median reported. Target: < 300 ms each.
 * `--before REV` also builds that commit's CLI (read with `git archive`, no checkout) and
 * measures it alongside, interleaved so both see the same load.
 * Run: `node --import tsx bench/cli-startup.ts [--runs 15] [--before HEAD]`. Prints numbers only;
 * never a test.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const flag = (name: string) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const runs = Number(flag("--runs") ?? 15);
const beforeRev = flag("--before");

/** Compiles `functions/` of a source tree into `outDir`; the entry point it wrote. */
function build(sourceRoot: string, outDir: string): string {
  rmSync(outDir, { recursive: true, force: true });
  // Emits even when another file has a type error: the benchmark measures start-up, not types.
  spawnSync(
    process.execPath,
    [
      join(root, "node_modules", "typescript", "bin", "tsc"),
      "-p",
      join(sourceRoot, "tsconfig.build.json"),
      "--outDir",
      outDir,
      "--declaration",
      "false",
      "--sourceMap",
      "false",
    ],
    { stdio: "ignore" },
  );
  const entry = join(outDir, "functions", "local", "cli.js");
  if (!existsSync(entry)) throw new Error(`the build did not write ${entry}`);
  return entry;
}

const built = build(root, join(root, "bench", "out", "cli-startup"));
let before: string | null = null;
if (beforeRev) {
  // Inside the repository, so the old build resolves node_modules and package.json as the new one.
  const tree = join(root, "bench", "out", "cli-startup-before-src");
  rmSync(tree, { recursive: true, force: true });
  mkdirSync(tree, { recursive: true });
  const archive = spawnSync(
    "git",
    ["archive", beforeRev, "functions", "tsconfig.json", "tsconfig.build.json", "package.json"],
    {
      cwd: root,
      maxBuffer: 1 << 30,
    },
  );
  if (archive.status !== 0) throw new Error(`git archive ${beforeRev} failed: ${archive.stderr}`);
  spawnSync("tar", ["-x", "-C", tree], { input: archive.stdout });
  before = build(tree, join(tree, "dist"));
}

const emptyDir = mkdtempSync(join(tmpdir(), "pricewarden-cli-startup-"));
const commands: Array<{ label: string; args: string[]; exit: number }> = [
  { label: "--help", args: ["--help"], exit: 0 },
  {
    label: "validate examples/demo.yaml",
    args: ["validate", "--config", join(root, "examples", "demo.yaml")],
    exit: 0,
  },
  { label: "alerts --data-dir <empty dir>", args: ["alerts", "--data-dir", emptyDir], exit: 2 },
];
const env = { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" };

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function measure(entry: string, args: string[], exit: number, count = runs): number[] {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = process.hrtime.bigint();
    const run = spawnSync(process.execPath, [entry, ...args], { env, cwd: root, encoding: "utf8" });
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
    if (run.status !== exit) throw new Error(`${args.join(" ")} exited ${run.status}: ${run.stderr}`);
  }
  return times;
}

const bare = measure("-e", ["0"], 0);
console.log(`node -e 0 (the floor)                 median ${median(bare).toFixed(0)} ms over ${runs} runs`);
for (const c of commands) {
  const now: number[] = [];
  const then: number[] = [];
  // Interleaved, so a burst of load on the machine falls on both alike.
  for (let i = 0; i < runs; i++) {
    now.push(...measure(built, c.args, c.exit, 1));
    if (before) then.push(...measure(before, c.args, c.exit, 1));
  }
  const line = `${c.label.padEnd(38)} median ${median(now).toFixed(0)} ms (min ${Math.min(...now).toFixed(0)}, max ${Math.max(...now).toFixed(0)})`;
  console.log(
    before
      ? `${line} | ${beforeRev}: median ${median(then).toFixed(0)} ms (min ${Math.min(...then).toFixed(0)})`
      : line,
  );
}
rmSync(emptyDir, { recursive: true, force: true });
