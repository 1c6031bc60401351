import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { startDemoSite } from "../../functions/local/demo-site/demo-site.js";
import { DEMO_TRUTH } from "../../functions/local/demo-site/truth.js";
import { startCountingProxy } from "../support/counting-proxy.js";
import { demoConfigText } from "../support/demo-stack.js";
import { startWebhookReceiver } from "../support/webhook-receiver.js";

const SECRET = "s3cret-for-tests";
const expectedAlerts = DEMO_TRUTH.reduce((n, t) => n + t.expected.length, 0);
const cleanups: Array<() => Promise<void> | void> = [];

afterEach(async () => {
  for (const clean of cleanups.splice(0).reverse()) await clean();
});

function runCli(args: string[]): {
  child: ChildProcess;
  done: Promise<{ code: number | null; stdout: string; stderr: string }>;
} {
  const child = spawn(process.execPath, ["--import", "tsx", "functions/local/cli.ts", ...args], {
    env: {
      ...process.env,
      PRICEWARDEN_HOOK_SECRET: SECRET,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (d: Buffer) => {
    stdout += d.toString();
  });
  child.stderr?.on("data", (d: Buffer) => {
    stderr += d.toString();
  });
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on("close", (code) => resolve({ code, stdout, stderr })),
  );
  return { child, done };
}

async function setup(opts: { killAtPage?: number; killAtWebhookCall?: number }) {
  const site = await startDemoSite({ port: 0 });
  cleanups.push(() => site.close());
  let victim: ChildProcess | undefined;
  const proxy = await startCountingProxy(site.url, (n) => {
    if (n === opts.killAtPage) victim?.kill("SIGKILL");
  });
  cleanups.push(() => proxy.close());
  const receiver = await startWebhookReceiver({
    secret: SECRET,
    failFirst: 2,
    beforeAnswer: (call) => {
      if (call !== opts.killAtWebhookCall) return "answer";
      victim?.kill("SIGKILL");
      return "hang";
    },
  });
  cleanups.push(() => receiver.close());
  const dir = mkdtempSync(join(tmpdir(), "pricewarden-crash-"));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const config = parseYaml(demoConfigText(proxy.url)) as Record<string, unknown>;
  config.notify = [
    {
      type: "webhook",
      id: "ops-hook",
      url: receiver.url,
      secret: "env:PRICEWARDEN_HOOK_SECRET",
      minSeverity: "low",
    },
  ];
  const configFile = join(dir, "config.json");
  writeFileSync(configFile, JSON.stringify(config));
  const args = ["run", "--config", configFile, "--once", "--json", "--data-dir", join(dir, "data")];
  return {
    receiver,
    args,
    startVictim: () => {
      const run = runCli(args);
      victim = run.child;
      return run.done;
    },
  };
}

async function alertsIn(
  args: string[],
): Promise<Array<{ id: string; deliveries: Record<string, { state: string }> }>> {
  const dataDir = args[args.indexOf("--data-dir") + 1]!;
  const configFile = args[args.indexOf("--config") + 1]!;
  const { code, stdout, stderr } = await runCli([
    "alerts",
    "--status",
    "all",
    "--json",
    "--config",
    configFile,
    "--data-dir",
    dataDir,
  ]).done;
  expect(code, stderr).toBe(0);
  return JSON.parse(stdout);
}

async function expectExactlyOnce(ctx: Awaited<ReturnType<typeof setup>>) {
  const rerun = await runCli(ctx.args).done;
  expect(rerun.code, rerun.stderr).toBe(0);
  const alerts = await alertsIn(ctx.args);
  expect(alerts).toHaveLength(expectedAlerts);
  expect(new Set(alerts.map((a) => a.id)).size).toBe(expectedAlerts);
  for (const alert of alerts) expect(alert.deliveries["ops-hook"]?.state).toBe("delivered");
  const accepted = ctx.receiver.accepted();
  expect(accepted).toHaveLength(expectedAlerts);
  expect(new Set(accepted).size).toBe(expectedAlerts);
  expect(ctx.receiver.calls.every((c) => c.signatureValid)).toBe(true);
}

describe("SIGKILL in the middle of a cycle", () => {
  it("during the crawl: the re-run leaves no duplicate alert and delivers every webhook once", async () => {
    const ctx = await setup({ killAtPage: 12 });
    const killed = await ctx.startVictim();
    expect(killed.code).toBeNull();
    await expectExactlyOnce(ctx);
  }, 180_000);

  it("during webhook delivery: the unacknowledged delivery is sent again, nothing twice", async () => {
    const ctx = await setup({ killAtWebhookCall: 5 });
    const killed = await ctx.startVictim();
    expect(killed.code).toBeNull();
    expect(ctx.receiver.accepted().length).toBeLessThan(expectedAlerts);
    await expectExactlyOnce(ctx);
  }, 180_000);
});
