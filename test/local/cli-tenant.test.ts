import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCliInProcess } from "../support/cli-in-process.js";

const dir = mkdtempSync(join(tmpdir(), "pricewarden-cli-tenant-"));
const dataDir = join(dir, "data");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function configFile(tenant: string, extra: Record<string, unknown> = {}): string {
  const file = join(dir, `${tenant}.json`);
  writeFileSync(
    file,
    JSON.stringify({
      tenant,
      schedule: "cron(0 9 * * ? *)",
      timezone: "Asia/Shanghai",
      channels: [{ id: "shop", name: "演示店", match: ["https://shop.example/"] }],
      products: [
        { sku: "GLU-50", name: "安可血糖试纸 50片", match: { keywords: [["安可"]] }, minPrice: 159 },
      ],
      rules: { minPrice: {} },
      ...extra,
    }),
  );
  return file;
}

const tenant = (...args: string[]) => runCliInProcess(["tenant", ...args, "--data-dir", dataDir]);

describe("pricewarden tenant", { timeout: 120_000 }, () => {
  it("refuses an invalid config exactly as validate does: exit 2, every problem by path, nothing stored", async () => {
    const bad = configFile("bad-one", { schedule: "every day", channels: [] });
    const validate = await runCliInProcess(["validate", "--config", bad]);
    const apply = await tenant("apply", "--config", bad);
    expect(apply.code).toBe(2);
    expect(validate.code).toBe(2);
    expect(apply.stderr).toBe(validate.stderr);
    expect(apply.stderr).toContain("schedule");
    expect(apply.stderr).toContain("channels");
    expect(apply.stdout).toBe("");
    const list = await tenant("list", "--json");
    expect(JSON.parse(list.stdout)).toEqual([]);
  });

  it("registers tenants, pauses one, and lists them in Chinese and in English", async () => {
    const acme = await tenant("apply", "--config", configFile("acme"), "--by", "王经理");
    expect(acme.code).toBe(0);
    expect(acme.stdout).toContain("租户 acme 已登记配置版本 000001");
    expect(acme.stdout).toMatch(/下一轮：\d{4}-\d\d-\d\d 09:00 北京时间（计划 cron\(0 9 \* \* \? \*\)）/);
    expect(acme.stdout).toContain("下次运行 pricewarden start 时生效");
    const again = await tenant("apply", "--config", configFile("acme"));
    expect(again.stdout).toContain("租户 acme 的配置没有改动，仍为配置版本 000001");

    await tenant("apply", "--config", configFile("beta", { timezone: "Europe/Berlin", locale: "en" }));
    const paused = await tenant("pause", "beta", "--by", "legal");
    expect(paused.code).toBe(0);
    expect(paused.stdout).toContain("租户 beta 已暂停监测");
    expect((await tenant("pause", "beta")).stdout).toContain("租户 beta 本来就处于暂停状态，未做改动");

    const zh = await tenant("list", "--lang", "zh-CN");
    expect(zh.code).toBe(0);
    const zhRows = zh.stdout.trimEnd().split("\n");
    expect(zhRows[0]).toMatch(/^租户\s+状态\s+配置版本\s+计划\s+下一轮$/);
    expect(zhRows[1]).toMatch(
      /^acme\s+监测中\s+000001\s+cron\(0 9 \* \* \? \*\)\s+\d{4}-\d\d-\d\d 09:00 北京时间$/,
    );
    expect(zhRows[2]).toMatch(/^beta\s+已暂停\s+000001\s+cron\(0 9 \* \* \? \*\)\s+-$/);

    await tenant("resume", "beta");
    const en = await tenant("list", "--lang", "en");
    const enRows = en.stdout.trimEnd().split("\n");
    expect(enRows[0]).toMatch(/^tenant\s+state\s+config version\s+schedule\s+next run$/);
    // Each tenant's next run on its own clock.
    expect(enRows[1]).toMatch(
      /^acme\s+active\s+000001\s+cron\(0 9 \* \* \? \*\)\s+\d{4}-\d\d-\d\d 09:00 UTC\+8$/,
    );
    expect(enRows[2]).toMatch(
      /^beta\s+active\s+000001\s+cron\(0 9 \* \* \? \*\)\s+\d{4}-\d\d-\d\d 09:00 UTC\+[12]$/,
    );

    const json = JSON.parse((await tenant("list", "--json")).stdout) as Array<Record<string, string>>;
    expect(json.map((r) => [r.tenant, r.state, r.updatedBy])).toEqual([
      ["acme", "active", "王经理"],
      ["beta", "active", expect.any(String)],
    ]);
  });

  it("an unknown tenant is one line and exit 2, naming the registered ones", async () => {
    const run = await tenant("resume", "nobody", "--lang", "en");
    expect(run.code).toBe(2);
    expect(run.stderr.trim()).toBe("pricewarden: no registered tenant nobody; registered: acme, beta");
  });

  it("AWS flags: --region needs --table, and --table needs the scheduler settings", async () => {
    const region = await tenant("list", "--region", "cn-north-1", "--lang", "en");
    expect(region.code).toBe(2);
    expect(region.stderr).toContain("--region only applies with --table");
    const saved = process.env.TENANT_SCHEDULE_GROUP;
    delete process.env.TENANT_SCHEDULE_GROUP;
    try {
      const table = await runCliInProcess(["tenant", "list", "--table", "pricewarden", "--lang", "en"]);
      expect(table.code).toBe(2);
      expect(table.stderr).toContain("TENANT_SCHEDULE_GROUP");
    } finally {
      if (saved !== undefined) process.env.TENANT_SCHEDULE_GROUP = saved;
    }
  });
});
