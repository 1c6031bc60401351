import { describe, expect, it } from "vitest";
import { validateConfig } from "../../functions/core/config.js";
import { parseConfigText } from "../../functions/core/config-text.js";

const minimal = `
tenant: acme
channels: [{ id: jd, name: 京东, match: ["item.jd.com"] }]
products: [{ sku: A-1, name: 试纸, match: { keywords: [["试纸"]] }, minPrice: 10 }]
watch: [{ url: "https://item.jd.com/1.html", channel: jd }]
`;

describe("tenant config", () => {
  it("fills defaults for a minimal config", () => {
    const result = parseConfigText(minimal);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.config.network.allowPrivateAddresses).toBe(false);
    expect(result.config.jurisdiction).toBe("CN");
    expect(result.config.rules.overrides).toEqual([]);
    expect(result.config.notify).toEqual([{ type: "console", minSeverity: "low" }]);
  });

  it("lists every problem with its path", () => {
    const result = parseConfigText(`
tenant: Bad Tenant
channels: [{ id: jd, name: 京东, match: [] }]
products:
  - { sku: A-1, name: x, match: { keywords: [["x"]] }, minPrice: "cheap" }
  - { sku: A-1, name: y, match: { keywords: [["y"]] }, minPrice: 300, maxPrice: 200 }
watch: [{ url: "https://item.jd.com/1.html", channel: tmall, sku: NOPE }]
schedule: "every 6 hours"
`);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const paths = result.issues.map((i) => i.path);
    expect(paths).toEqual(
      expect.arrayContaining(["tenant", "channels[0].match", "products[0].minPrice", "schedule"]),
    );
  });

  it("reports cross-reference problems, naming what the config does have", () => {
    const result = parseConfigText(`
tenant: acme
channels: [{ id: jd, name: 京东, match: ["item.jd.com"] }]
products:
  - { sku: A-1, name: x, match: { keywords: [["x"]] }, minPrice: 300, maxPrice: 200 }
  - { sku: A-1, name: y, match: { keywords: [["y"]] } }
watch: [{ url: "https://item.jd.com/1.html", channel: tmall, sku: NOPE }]
rules: { overrides: [{ sku: A-2, channel: pdd, minPrice: 1 }] }
`);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const messages = result.issues.map((i) => `${i.path}: ${i.message}`);
    expect(messages).toEqual(
      expect.arrayContaining([
        'products[1]: duplicate sku "A-1"',
        "products[0].minPrice: minPrice is above maxPrice",
        'watch[0].channel: unknown channel "tmall" (channels: jd)',
        'watch[0].sku: unknown sku "NOPE" (products: A-1, A-1)',
        'rules.overrides[0].channel: unknown channel "pdd" (channels: jd)',
        'rules.overrides[0].sku: unknown sku "A-2" (products: A-1, A-1)',
      ]),
    );
  });

  it("reports schema errors and cross-references in one pass", () => {
    const result = parseConfigText(`
tenant: acme
channels: [{ id: jd, name: 京东, match: ["item.jd.com"] }]
products: [{ sku: A-1, name: x, match: { keywords: [["x"]] }, minPrice: "cheap" }]
watch:
  - { discover: { channel: jd, start: "https://list.jd.com/1" } }
  - { url: "https://item.jd.com/1.html", channel: tmall }
distributors: [{ id: d1, name: 经销商, sellers: [{ channel: pdd, name: 某店 }] }]
`);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues).toEqual([
      {
        path: "products[0].minPrice",
        message: "expected number, got string (minimum price per pack (yuan, at most two decimals))",
      },
      {
        path: "watch[0] (discover)",
        message: "missing key `links` — expected CSS selector of product links, e.g. a.product-link",
      },
      { path: "distributors[0].sellers[0].channel", message: 'unknown channel "pdd" (channels: jd)' },
      { path: "watch[1].channel", message: 'unknown channel "tmall" (channels: jd)' },
    ]);
  });

  it("says which form of a watch entry was meant, and what it lacks", () => {
    const result = validateConfig({
      tenant: "acme",
      channels: [{ id: "jd", name: "京东", match: ["item.jd.com"] }],
      products: [{ sku: "A-1", name: "x", match: { keywords: [["x"]] } }],
      watch: [
        { url: "https://item.jd.com/1.html" },
        { discover: { start: "https://list.jd.com/1", links: "a" } },
      ],
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map((i) => `${i.path}: ${i.message}`)).toEqual([
      "watch[0] (url): missing key `channel` — expected channel id",
      "watch[1] (discover): missing key `channel` — expected channel id",
    ]);
  });

  it("speaks Chinese to a Chinese reader, the same problems at the same paths", () => {
    const value = {
      tenant: "acme",
      channels: [{ id: "jd", name: "京东", match: ["item.jd.com"] }],
      products: [{ sku: "A-1", name: "x", match: { keywords: [["x"]] }, minPrice: 1.234 }],
      watch: [
        { discover: { channel: "jd", start: "https://list.jd.com/1" } },
        { url: "https://x.cn/1", channel: "tmall" },
      ],
      rules: { minPrice: { tolerance: 3 } },
    };
    const en = validateConfig(value);
    const zh = validateConfig(value, { locale: "zh-CN" });
    if (en.ok || zh.ok) throw new Error("expected problems");
    expect(zh.issues.map((i) => i.path)).toEqual(en.issues.map((i) => i.path));
    expect(zh.issues.map((i) => `${i.path}: ${i.message}`)).toEqual(
      [
        "products[0].minPrice: 最多两位小数",
        '容差是一个比例：0.02 或 "2%" 表示 2%，最大 0.5',
        "watch[0] (discover): 缺少键 `links` —— 应为：商品链接的 CSS 选择器，如 a.product-link",
        'watch[1].channel: 没有渠道 "tmall"（channels 中有：jd）',
      ].map((line, i) => (i === 1 ? `rules.minPrice.tolerance: ${line}` : line)),
    );
  });

  it("says in Chinese why a schedule cannot run, for a rate and a cron alike", () => {
    const base = {
      tenant: "acme",
      channels: [{ id: "jd", name: "京东", match: ["item.jd.com"] }],
      products: [{ sku: "A-1", name: "x", match: { keywords: [["x"]] } }],
    };
    for (const schedule of ["rate(1 minute)", "cron(0/2 * * * ? *)"]) {
      const zh = validateConfig({ ...base, schedule }, { locale: "zh-CN" });
      if (zh.ok) throw new Error(`expected ${schedule} to be refused`);
      const message = zh.issues.find((i) => i.path === "schedule")?.message ?? "";
      expect(message).toMatch(/^无法按此计划执行：.*短于 5 分钟/);
      expect(message).not.toMatch(/\b(more|often|than|minutes|fires)\b/);
    }
  });

  it("takes a tolerance as a fraction or a percentage, and says it is a fraction when it is not", () => {
    const withTolerance = (tolerance: unknown) =>
      parseConfigText(
        `${minimal}rules: { minPrice: { tolerance: ${JSON.stringify(tolerance)} }, maxPrice: {} }\n`,
      );
    const fraction = withTolerance(0.02);
    const percentage = withTolerance("2%");
    const spaced = withTolerance(" 1.5 % ");
    if (!fraction.ok || !percentage.ok || !spaced.ok) throw new Error("expected valid configs");
    expect(fraction.config.rules.minPrice?.tolerance).toBe(0.02);
    expect(percentage.config.rules.minPrice?.tolerance).toBe(0.02);
    expect(spaced.config.rules.minPrice?.tolerance).toBeCloseTo(0.015, 10);
    expect(percentage.config.rules.maxPrice?.tolerance).toBe(0);
    const tooBig = withTolerance(2);
    const words = withTolerance("two percent");
    if (tooBig.ok || words.ok) throw new Error("expected problems");
    expect(tooBig.issues).toEqual([
      {
        path: "rules.minPrice.tolerance",
        message: 'tolerance is a fraction: 0.02 or "2%" means 2 %, at most 0.5',
      },
    ]);
    expect(words.issues).toEqual([
      {
        path: "rules.minPrice.tolerance",
        message: 'expected a fraction such as 0.02, or a percentage such as "2%"',
      },
    ]);
  });

  it("refuses two notify targets that would share one delivery state", () => {
    const result = parseConfigText(`${minimal}
notify:
  - { type: console }
  - { type: webhook, url: "https://hooks.example.com/a" }
  - { type: webhook, url: "https://hooks.example.com/a", minSeverity: high }
  - { type: slack, id: ops, url: "https://hooks.slack.com/services/T/B/x" }
  - { type: wecom, id: ops, url: "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k" }
  - { type: email, to: ["Legal@Example.com"], from: "pw@example.com", smtp: { host: smtp.example.com } }
  - { type: email, to: ["legal@EXAMPLE.com"], from: "pw@example.com", smtp: { host: smtp.example.com } }
  - { type: webhook, id: second, url: "https://hooks.example.com/a" }
`);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map((i) => i.path)).toEqual(["notify[2]", "notify[4]", "notify[6]"]);
    expect(result.issues[0]?.message).toMatch(/sends where notify\[1\] sends/);
    expect(result.issues[1]?.message).toBe('duplicate notify target id "ops" (also notify[3])');
  });

  it("refuses a YAML syntax error and duplicate keys", () => {
    expect(parseConfigText("tenant: [").ok).toBe(false);
    expect(parseConfigText("tenant: a\ntenant: b\n").ok).toBe(false);
  });

  it("refuses more than two decimals in a price and an unknown key", () => {
    const result = parseConfigText(minimal.replace("minPrice: 10", "minPrice: 10.123, colour: red"));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map((i) => i.path)).toEqual(
      expect.arrayContaining(["products[0].minPrice", "products[0]"]),
    );
  });
});
