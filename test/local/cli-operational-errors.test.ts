import { spawn, spawnSync } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { problemWithSchedule } from "../../functions/core/schedule.js";

const dir = mkdtempSync(join(tmpdir(), "pricewarden-cli-ops-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const env = { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" };
const demo = readFileSync("examples/demo.yaml", "utf8");

function withSettings(name: string, settings: string): string {
  const file = join(dir, name);
  writeFileSync(file, `${demo.replace(/^schedule:.*$/m, "").replace(/^timezone:.*$/m, "")}\n${settings}\n`);
  return file;
}

function validate(file: string) {
  const run = spawnSync(
    process.execPath,
    ["--import", "tsx", "functions/local/cli.ts", "validate", "--config", file, "--lang", "en"],
    {
      encoding: "utf8",
      env,
    },
  );
  return { code: run.status, stderr: run.stderr };
}

describe("operational errors a person can act on", () => {
  it("validate refuses an unknown time zone and a schedule that could not run, naming the field", () => {
    const zone = validate(withSettings("zone.yaml", "timezone: Asia/Shanghia\nschedule: cron(0 9 * * ? *)"));
    expect(zone.code).toBe(2);
    expect(zone.stderr).toContain("timezone");
    expect(zone.stderr).toContain("IANA time zone");
    const zero = validate(withSettings("zero.yaml", "schedule: rate(0 minutes)"));
    expect(zero.code).toBe(2);
    expect(zero.stderr).toContain("schedule");
    expect(zero.stderr).toContain("every 5 minutes");
    const badCron = validate(withSettings("cron.yaml", "schedule: cron(61 9 * * ? *)"));
    expect(badCron.code).toBe(2);
    expect(badCron.stderr).toContain("cannot be scheduled");
    expect(
      validate(withSettings("fine.yaml", "timezone: Asia/Shanghai\nschedule: cron(0 9 * * ? *)")).code,
    ).toBe(0);
  });

  it("accepts periods from five minutes up and refuses every shorter rate or cron", () => {
    expect(problemWithSchedule("rate(5 minutes)", "Asia/Shanghai")).toBeNull();
    expect(problemWithSchedule("rate(1 hour)", "Asia/Shanghai")).toBeNull();
    expect(problemWithSchedule("rate(4 minutes)", "Asia/Shanghai")).toContain("5 minutes");
    expect(problemWithSchedule("cron(0/5 * * * ? *)", "Asia/Shanghai")).toBeNull();
    expect(problemWithSchedule("cron(0/4 * * * ? *)", "Asia/Shanghai")).toContain("5 minutes");
    expect(problemWithSchedule("cron(0 9 * * ?)", "Asia/Shanghai")).toContain("6 fields");
  });

  it("start on a busy port says so and exits 2 instead of hanging", async () => {
    const busy = createServer();
    busy.listen(0, "127.0.0.1");
    await once(busy, "listening");
    const port = (busy.address() as { port: number }).port;
    try {
      const child = spawn(
        process.execPath,
        [
          "--import",
          "tsx",
          "functions/local/cli.ts",
          "start",
          "--config",
          "examples/demo.yaml",
          "--port",
          String(port),
          "--data-dir",
          join(dir, "data"),
        ],
        { env, stdio: ["ignore", "pipe", "pipe"] },
      );
      let stderr = "";
      child.stderr.on("data", (chunk: Buffer) => {
        stderr += chunk.toString();
      });
      const [code] = (await once(child, "exit")) as [number | null];
      expect(code).toBe(2);
      // A CN tenant's console speaks Chinese.
      expect(stderr).toContain(`端口 ${port} 已被占用`);
      expect(stderr).not.toContain("    at ");
    } finally {
      busy.close();
    }
  }, 120_000);
});
