import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDemoSite } from "../../functions/local/demo-site/demo-site.js";
import { runCliInProcess } from "../support/cli-in-process.js";

/**
 * The "done when", with a real `pricewarden start` process: a tenant applied from another
 * terminal against the same data directory is monitored without restarting `start`.
 */
const dir = mkdtempSync(join(tmpdir(), "pricewarden-start-tenants-"));
const dataDir = join(dir, "data");
let site: { url: string; close(): Promise<void> };
let child: ChildProcessWithoutNullStreams | undefined;
let console_ = "";
const waiters: { pattern: RegExp; resolve: () => void; reject: (error: Error) => void }[] = [];

/** Resolves when the console shows `pattern`; fails at once if `start` exits first. */
function consoleShows(pattern: RegExp): Promise<void> {
  if (pattern.test(console_)) return Promise.resolve();
  if (child?.exitCode !== null) return Promise.reject(new Error(`start exited:\n${console_}`));
  return new Promise((resolve, reject) => waiters.push({ pattern, resolve, reject }));
}

function configFile(tenant: string, schedule: string): string {
  const file = join(dir, `${tenant}.json`);
  writeFileSync(
    file,
    JSON.stringify({
      tenant,
      schedule,
      channels: [{ id: "shop", name: "演示店", match: [`${site.url}/`] }],
      products: [
        {
          sku: "GLU-50",
          name: "安可血糖试纸 50片",
          match: { keywords: [["安可", "血糖试纸"]] },
          minPrice: 159,
        },
      ],
      rules: { minPrice: {} },
      watch: [{ url: `${site.url}/jd/item/100006.html`, channel: "shop", sku: "GLU-50" }],
      network: { allowPrivateAddresses: true, delayMs: 0, retries: 0, timeoutMs: 5000 },
      evidence: { screenshot: false },
    }),
  );
  return file;
}

beforeAll(async () => {
  site = await startDemoSite({ port: 0 });
  child = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      "functions/local/cli.ts",
      "start",
      "--config",
      configFile("first-brand", "rate(5 minutes)"),
      "--port",
      "0",
      "--data-dir",
      dataDir,
      "--lang",
      "en",
    ],
    { env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" } },
  );
  const heard = (chunk: Buffer) => {
    console_ += chunk.toString();
    for (const w of waiters.filter((w) => w.pattern.test(console_))) w.resolve();
  };
  child.stdout.on("data", heard);
  child.stderr.on("data", heard);
  child.on("exit", () => {
    for (const w of waiters.splice(0)) w.reject(new Error(`start exited:\n${console_}`));
  });
}, 120_000);

afterAll(async () => {
  if (child && child.exitCode === null) {
    child.kill("SIGINT");
    await once(child, "exit");
  }
  await site?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("pricewarden start with tenants applied while it runs", () => {
  it("picks up a tenant applied from another terminal, without a restart", { timeout: 180_000 }, async () => {
    await consoleShows(/cycle started for first-brand/);
    await consoleShows(/next cycle at .+ \(rate\(5 minutes\)\)/);
    // A single-tenant start says what it always said: no line of the supervisor's own.
    expect(console_).not.toContain("monitoring tenant first-brand");

    const applied = await runCliInProcess([
      "tenant",
      "apply",
      "--config",
      configFile("second-brand", "rate(10 minutes)"),
      "--data-dir",
      dataDir,
      "--lang",
      "en",
    ]);
    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain("the running pricewarden start picks this up");

    await consoleShows(/monitoring tenant second-brand \(config version 000001, rate\(10 minutes\)\)/);
    await consoleShows(/cycle started for second-brand/);
    await consoleShows(/next cycle at .+ \(rate\(10 minutes\)\)/);

    child!.kill("SIGINT");
    const [code] = (await once(child!, "exit")) as [number | null];
    expect(code).toBe(0);
    expect(console_).toContain("stopping");
  });
});
