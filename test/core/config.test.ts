import { describe, expect, it } from "vitest";
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

  it("reports cross-reference problems once the shape is right", () => {
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
        'watch[0].channel: unknown channel "tmall"',
        'watch[0].sku: unknown sku "NOPE"',
        'rules.overrides[0].channel: unknown channel "pdd"',
        'rules.overrides[0].sku: unknown sku "A-2"',
      ]),
    );
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
