import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { plannedPrice } from "../../functions/core/price/planned-price.js";
import { wallClockInput } from "../../functions/core/wall-clock-input.js";
import { readConfigFile } from "../../functions/local/config-file.js";
import { cliText } from "../../functions/text/cli-text.js";
import { type CliRun, runCliInProcess } from "../support/cli-in-process.js";

const dir = mkdtempSync(join(tmpdir(), "pricewarden-cli-config-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** Several kinds of problem at once: a wrong type, a discover entry without links, unknown references. */
const BROKEN = `
tenant: acme
channels: [{ id: jd, name: 京东, match: ["item.jd.com"] }]
products: [{ sku: A-1, name: 试纸, match: { keywords: [["试纸"]] }, minPrice: 便宜 }]
watch:
  - { discover: { channel: jd, start: "https://list.jd.com/1" } }
  - { url: "https://item.jd.com/1.html", channel: tmall, sku: NOPE }
officialSellers: [{ channel: pdd, name: 官方旗舰店 }]
rules: { minPrice: { tolerance: "2%" } }
`;

const WITH_SECRET = `
tenant: acme
channels: [{ id: jd, name: 京东, match: ["item.jd.com"] }]
products: [{ sku: A-1, name: 试纸, match: { keywords: [["试纸"]] }, minPrice: 10 }]
watch: [{ url: "https://item.jd.com/1.html", channel: jd }]
notify:
  - { type: wecom, url: "env:PRICEWARDEN_TEST_WECOM_URL" }
  - { type: dingtalk, url: "https://oapi.dingtalk.com/robot/send?access_token=t", secret: "env:PRICEWARDEN_TEST_DING_SECRET" }
`;

function cli(...args: string[]): Promise<CliRun> {
  return runCliInProcess(args);
}

describe("validate", { timeout: 300_000 }, () => {
  it("lists every problem at once — schema and cross-references — naming the key and the form (a real process)", () => {
    const run = spawnSync(
      process.execPath,
      ["--import", "tsx", "functions/local/cli.ts", "validate", "--config", file("broken.yaml", BROKEN)],
      { encoding: "utf8", env: { ...process.env, PRICEWARDEN_LANG: "" } },
    );
    expect(run.status, run.stderr).toBe(2);
    const lines = run.stderr.trim().split("\n");
    expect(lines[0]).toContain("配置有误（共 5 处问题）");
    expect(lines.slice(1)).toEqual([
      "  products[0].minPrice: 应为数字，实际是文字（每盒最低价（元，最多两位小数））",
      "  watch[0] (discover): 缺少键 `links` —— 应为：商品链接的 CSS 选择器，如 a.product-link",
      '  officialSellers[0].channel: 没有渠道 "pdd"（channels 中有：jd）',
      '  watch[1].channel: 没有渠道 "tmall"（channels 中有：jd）',
      '  watch[1].sku: 没有 SKU "NOPE"（products 中有：A-1）',
    ]);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it("--lang en says the same in English", async () => {
    const run = await cli("validate", "--config", file("broken-en.yaml", BROKEN), "--lang", "en");
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("invalid configuration (5 problems)");
    expect(run.stderr).toContain(
      "watch[0] (discover): missing key `links` — expected CSS selector of product links",
    );
    expect(run.stderr).toContain('watch[1].sku: unknown sku "NOPE" (products: A-1)');
  });

  it("warns about env: variables that are unset, and still passes", async () => {
    const path = file("secret.yaml", WITH_SECRET);
    const before = { ...process.env };
    delete process.env.PRICEWARDEN_TEST_WECOM_URL;
    process.env.PRICEWARDEN_TEST_DING_SECRET = "SECabc";
    try {
      const run = await cli("validate", "--config", path);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stderr.trim().split("\n")).toEqual([
        "提醒：notify[0].url：环境变量 PRICEWARDEN_TEST_WECOM_URL 未设置：发送时会缺少这一项",
      ]);
      expect(run.stdout).toContain("配置有效");
    } finally {
      process.env = before;
    }
    const loaded = readConfigFile(path, { locale: "en", env: {} });
    expect(loaded.ok && loaded.warnings).toEqual([
      {
        path: "notify[0].url",
        message: "environment variable PRICEWARDEN_TEST_WECOM_URL is not set: sending will lack it",
      },
      {
        path: "notify[1].secret",
        message: "environment variable PRICEWARDEN_TEST_DING_SECRET is not set: sending will lack it",
      },
    ]);
    const allSet = readConfigFile(path, {
      env: {
        PRICEWARDEN_TEST_WECOM_URL: "https://qyapi.weixin.qq.com/x",
        PRICEWARDEN_TEST_DING_SECRET: "SEC",
      },
    });
    expect(allSet.ok && allSet.warnings).toEqual([]);
  });

  it("a refused env: variable is still an error, in the tenant's language", () => {
    const path = file(
      "refused.yaml",
      WITH_SECRET.replace("PRICEWARDEN_TEST_WECOM_URL", "AWS_SECRET_ACCESS_KEY"),
    );
    const loaded = readConfigFile(path, { env: {} });
    expect(loaded.ok).toBe(false);
    if (loaded.ok) return;
    expect(loaded.issues).toEqual([
      {
        path: "notify[0].url",
        message:
          "不允许读取 env:AWS_SECRET_ACCESS_KEY：只能读取以 PRICEWARDEN_ 开头、或由运维在 PRICEWARDEN_ENV_ALLOW 中列出的变量",
      },
    ]);
  });
});

describe("check --price", { timeout: 300_000 }, () => {
  const base = [
    "check",
    "--config",
    "examples/demo.yaml",
    "--sku",
    "GLU-50",
    "--channel",
    "jd",
    "--seller",
    "路人甲小店",
  ];

  it("reads ¥149, 149元 and ￥1,299.00 as parsePrice does", async () => {
    for (const price of ["¥149", "149元", "149"]) {
      const run = await cli(...base, "--price", price, "--json");
      expect(run.code, `${price}: ${run.stderr}`).toBe(1);
      const verdict = JSON.parse(run.stdout) as { findings: Array<{ type: string }> };
      expect(verdict.findings.map((f) => f.type)).toContain("below_min_price");
    }
    const high = await cli(...base, "--price", "￥1,299.00", "--json");
    const verdict = JSON.parse(high.stdout) as { findings: Array<{ type: string }> };
    expect(verdict.findings.map((f) => f.type)).not.toContain("below_min_price");
  });

  it("refuses what is not a price, or a price in another currency, with exit 2 and one line", async () => {
    for (const price of ["便宜", "-5", "149.555", "$20"]) {
      const run = await cli(...base, "--price", price);
      expect(run.code, price).toBe(2);
      expect(run.stderr.trim().split("\n"), price).toHaveLength(1);
      expect(run.stderr).toContain(`--price ${price}`);
    }
  });

  it("reads a person's price with '.' as the decimal point", () => {
    expect(plannedPrice("￥1,299.00", "CNY")).toEqual({ kind: "ok", amount: "1299" });
    expect(plannedPrice("券后¥129", "CNY")).toEqual({ kind: "ok", amount: "129" });
    expect(plannedPrice("158.50", "CNY")).toEqual({ kind: "ok", amount: "158.5" });
    expect(plannedPrice("149.555", "CNY")).toEqual({ kind: "unreadable" });
    expect(plannedPrice("$20", "CNY")).toEqual({ kind: "other_currency", currency: "USD" });
  });
});

describe("the start console's schedule line", () => {
  it("names the next cycle in the tenant's zone with its label, never as UTC's …Z", () => {
    const next = new Date("2026-12-06T21:57:00.000Z");
    const zone = { timeZone: "Asia/Shanghai" };
    expect(cliText("zh-CN").loop.next(next, "rate(6 hours)", zone)).toBe(
      "下一轮：2026-12-07 05:57 北京时间（计划 rate(6 hours)）",
    );
    expect(cliText("en").loop.next(next, "rate(6 hours)", zone)).toBe(
      "next cycle at 2026-12-07 05:57 UTC+8 (rate(6 hours))",
    );
  });
});

describe("a time a person types", () => {
  it("is read in the tenant's zone unless it names its own offset", () => {
    expect(wallClockInput("2026-12-10", "Asia/Shanghai")?.toISOString()).toBe("2026-12-09T16:00:00.000Z");
    expect(wallClockInput("2026-12-10 09:30", "Asia/Shanghai")?.toISOString()).toBe(
      "2026-12-10T01:30:00.000Z",
    );
    expect(wallClockInput("2026-07-01 12:00", "Europe/Berlin")?.toISOString()).toBe(
      "2026-07-01T10:00:00.000Z",
    );
    expect(wallClockInput("2026-12-10T09:00:00Z", "Asia/Shanghai")?.toISOString()).toBe(
      "2026-12-10T09:00:00.000Z",
    );
    expect(wallClockInput("2026-02-30", "Asia/Shanghai")).toBeNull();
    expect(wallClockInput("next week", "Asia/Shanghai")).toBeNull();
  });
});

/**
 * What a Chinese channel manager reads: no English sentence. Allowed are codes and names a person
 * types or copies (flags, keys, ids, SKUs, URLs, file paths, product names such as JSON or CSS).
 */
function englishLeft(text: string): string[] {
  const stripped = text
    .replace(/https?:\/\/\S+/g, " ")
    .replace(/`[^`]*`/g, " ")
    .replace(/--[a-z][a-z-]*( <[a-z-]+>)?/g, " ")
    .replace(/<[^>]+>|\[[a-z ]+\]/g, " ")
    .replace(/"[^"]*"/g, " ")
    .replace(/[\w./-]*\.(ya?ml|json|zip|har|html)\b/g, " ")
    .replace(/\b[\w.]+\[\d*\][\w.[\]]*/g, " ")
    .replace(/\b(?:[a-z]+[A-Z]\w*|[A-Z][A-Z0-9_-]+\w*|[a-z0-9]+(?:[-_][a-z0-9]+)+)\b/g, " ");
  // Three Latin words in a row are a sentence fragment.
  return stripped.match(/[A-Za-z]{2,}(?:[\s,.:;()]+[A-Za-z]{2,}){2,}/g) ?? [];
}

describe("a CN tenant reads Chinese", { timeout: 300_000 }, () => {
  it("help, validation, refusals and confirmations contain no English sentence", async () => {
    const demo = readFileSync("examples/demo.yaml", "utf8");
    const outputs = [
      await cli("--help"),
      await cli("alerts", "--help"),
      await cli("validate", "--config", "examples/demo.yaml"),
      await cli("validate", "--config", file("zh-broken.yaml", BROKEN)),
      await cli("validate", "--config", file("zh-secret.yaml", WITH_SECRET)),
      await cli("validate", "--config", join(dir, "missing.yaml")),
      await cli("alerts", "ack", "deadbeef", "--data-dir", join(dir, "none")),
      await cli("alerts", "ack", "deadbeef", "--by", "x", "--data-dir", join(dir, "none")),
      await cli("alerts", "--data-dir", join(dir, "none")),
      await cli(
        "check",
        "--config",
        "examples/demo.yaml",
        "--sku",
        "NOPE",
        "--channel",
        "jd",
        "--price",
        "1",
      ),
      await cli(
        "check",
        "--config",
        "examples/demo.yaml",
        "--sku",
        "GLU-50",
        "--channel",
        "jd",
        "--price",
        "便宜",
      ),
    ];
    expect(demo).toContain("tenant:");
    for (const run of outputs) {
      const text = `${run.stdout}\n${run.stderr}`;
      expect(text, text).toMatch(/\p{Script=Han}/u);
      expect(englishLeft(text), text).toEqual([]);
    }
  });

  it("the same output in English is caught by the same check (the check can fail)", async () => {
    const run = await cli("validate", "--config", file("en-broken.yaml", BROKEN), "--lang", "en");
    expect(englishLeft(run.stderr).length).toBeGreaterThan(0);
  });
});
