/**
 * Bundles a handler exactly as PricewardenFunction does (same esbuild settings) and reports its
 * size and cold import time. Run: `node --import tsx bench/bundle-size.ts [handler]` (default crawl).
 * Targets: < 1.5 MB minified, < 300 ms import. Prints numbers only; never a test.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build, type Metafile } from "esbuild";
import { HANDLER_BUNDLING } from "../lib/constructs/bundling-defaults.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const name = process.argv[2] ?? "crawl";
const entry = join(root, "functions", "handlers", `${name}.ts`);
// Inside the repository so externals (@aws-sdk/*) resolve from node_modules, as on Lambda.
const outDir = join(root, "bench", "out", `bundle-${name}`);
rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });

interface Variant {
  label: string;
  bundleSdk: boolean;
}
// The deployed variant externalizes the SDK (the runtime's copy); the second shows the trade-off.
const variants: Variant[] = [
  { label: "as deployed (@aws-sdk external)", bundleSdk: false },
  { label: "alternative (@aws-sdk bundled)", bundleSdk: true },
];
const kb = (n: number) => `${(n / 1024).toFixed(0)} KB`;
// Cold import in a fresh process each time, with the variables the stack sets.
const env = {
  ...process.env,
  TABLE_NAME: "bench",
  CRAWL_QUEUE_URL: "https://sqs.us-east-1.amazonaws.com/111111111111/crawl",
  RENDER_QUEUE_URL: "https://sqs.us-east-1.amazonaws.com/111111111111/render",
  BROWSER_FUNCTION_NAME: "pricewarden-bench-browser",
  AWS_REGION: "us-east-1",
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
  POWERTOOLS_LOG_LEVEL: "SILENT",
};
console.log(`handler  functions/handlers/${name}.ts   node ${process.version} (Lambda runs Node.js 24)`);
console.log("targets  bundle < 1536 KB, cold import < 300 ms");
for (const variant of variants) {
  const outfile = join(outDir, variant.bundleSdk ? "sdk-bundled" : "deployed", "index.mjs");
  const result = await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: "node",
    target: HANDLER_BUNDLING.target,
    format: HANDLER_BUNDLING.format,
    mainFields: [...HANDLER_BUNDLING.mainFields],
    minify: HANDLER_BUNDLING.minify,
    sourcemap: HANDLER_BUNDLING.sourceMap,
    sourcesContent: HANDLER_BUNDLING.sourcesContent,
    external: [
      ...(variant.bundleSdk ? [] : HANDLER_BUNDLING.externalModules),
      ...(name === "browser" ? ["playwright-core"] : []),
    ],
    banner: { js: HANDLER_BUNDLING.banner },
    metafile: true,
    logLevel: "error",
  });
  const code = readFileSync(outfile);
  const script = `const t=performance.now();await import(${JSON.stringify(outfile)});process.stdout.write(String(performance.now()-t));`;
  const samples: number[] = [];
  for (let i = 0; i < 7; i++) {
    const run = spawnSync(process.execPath, ["--input-type=module", "-e", script], { env, encoding: "utf8" });
    if (run.status !== 0) throw new Error(`import failed: ${run.stderr}`);
    samples.push(Number(run.stdout));
  }
  samples.sort((a, b) => a - b);
  const median = samples[Math.floor(samples.length / 2)] ?? Number.NaN;
  console.log(`\n${variant.label}`);
  console.log(`  bundle      ${kb(code.length)} minified, ${kb(gzipSync(code).length)} gzip`);
  console.log(
    `  cold import median ${median.toFixed(0)} ms (min ${samples[0]?.toFixed(0)} ms, ${samples.length} fresh processes)`,
  );
  console.log("  largest packages:");
  for (const [pkg, bytes] of largestInputs(result.metafile).slice(0, 8))
    console.log(`    ${pkg.padEnd(40)} ${kb(bytes)}`);
}

function largestInputs(metafile: Metafile): Array<[string, number]> {
  const totals = new Map<string, number>();
  for (const output of Object.values(metafile.outputs)) {
    for (const [file, input] of Object.entries(output.inputs)) {
      // Nested copies (a/node_modules/b) are listed as such: duplicates are worth seeing.
      const parts = [...file.matchAll(/node_modules\/((?:@[^/]+\/)?[^/]+)/g)].map((m) => m[1]);
      const pkg = parts.length > 0 ? parts.join(" > ") : "(pricewarden)";
      totals.set(pkg, (totals.get(pkg) ?? 0) + input.bytesInOutput);
    }
  }
  return [...totals].sort((a, b) => b[1] - a[1]);
}
