import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const dir = mkdtempSync(join(tmpdir(), "pricewarden-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function cli(args: string[]) {
  const run = spawnSync(process.execPath, ["--import", "tsx", "functions/local/cli.ts", ...args], {
    encoding: "utf8",
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

// Each case starts one to three CLI processes (tsx, the AWS SDK, dynalite): on a loaded two-core
// machine one start has taken over a minute, so the cases get minutes, not vitest's default.
describe("pricewarden CLI", { timeout: 600_000 }, () => {
  it("validate: exit 0 for the demo config, exit 2 listing every problem by path", () => {
    expect(cli(["validate", "--config", "examples/demo.yaml"]).code).toBe(0);
    const bad = join(dir, "bad.yaml");
    writeFileSync(
      bad,
      "tenant: acme\nchannels: []\nproducts:\n  - { sku: A, name: x, minPrice: cheap }\nwatch: []\nschedule: soon\n",
    );
    const result = cli(["validate", "--config", bad]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("products[0].minPrice");
    expect(result.stderr).toContain("channels:");
    expect(result.stderr).toContain("schedule:");
  });

  it("check: exit 1 for a stranger below the floor, 0 for the official price, 2 for an unknown sku", () => {
    const base = ["check", "--config", "examples/demo.yaml", "--sku", "GLU-50", "--channel", "jd"];
    const stranger = cli([...base, "--price", "139", "--seller", "路人甲小店", "--json"]);
    expect(stranger.code).toBe(1);
    const verdict = JSON.parse(stranger.stdout) as { compliant: boolean; findings: Array<{ type: string }> };
    expect(verdict.compliant).toBe(false);
    expect(verdict.findings.map((f) => f.type).sort()).toEqual(["below_min_price", "unauthorized_seller"]);
    expect(cli([...base, "--price", "199", "--seller", "安可京东自营旗舰店"]).code).toBe(0);
    expect(
      cli(["check", "--config", "examples/demo.yaml", "--sku", "NOPE", "--channel", "jd", "--price", "1"])
        .code,
    ).toBe(2);
  });

  it("check: an authorized distributor below the floor under CN law gets information, not a demand", () => {
    const result = cli([
      "check",
      "--config",
      "examples/demo.yaml",
      "--sku",
      "GLU-50",
      "--channel",
      "jd",
      "--price",
      "139",
      "--seller",
      "康恒医疗器械专营店",
      "--seller-id",
      "10001",
      "--lang",
      "en",
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("monitoring information only");
    expect(result.stdout).toContain("nothing is required of the seller");
    // No reference price is communicated to the distributor.
    expect(result.stdout).not.toContain("159");
  });

  it("check: a coupon that takes the effective price under the floor counts", () => {
    const result = cli([
      "check",
      "--config",
      "examples/demo.yaml",
      "--sku",
      "GLU-50",
      "--channel",
      "jd",
      "--price",
      "179",
      "--seller",
      "路人甲小店",
      "--promotion",
      "满170减30",
      "--json",
    ]);
    expect(result.code).toBe(1);
    const verdict = JSON.parse(result.stdout) as {
      price: string;
      findings: Array<{ type: string; explanation: string }>;
    };
    expect(verdict.price).toContain("满170减30");
    expect(verdict.findings.find((f) => f.type === "below_min_price")?.explanation).toContain("¥149.00");
  });

  it("notice: exit 2 for something that is not an alert id, or an alert the data directory lacks", () => {
    const bad = cli([
      "notice",
      "not-an-id",
      "--config",
      "examples/demo.yaml",
      "--data-dir",
      join(dir, "empty"),
      "--lang",
      "en",
    ]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("not an alert id");
    const missing = cli([
      "notice",
      "abcdef0123456789abcdef01",
      "--config",
      "examples/demo.yaml",
      "--data-dir",
      join(dir, "empty"),
      "--lang",
      "en",
    ]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("no alert abcdef0123456789abcdef01 for tenant demo-medtech");
  });

  it("extract: explains which source gave each field", () => {
    const page = join(dir, "page.html");
    writeFileSync(
      page,
      `<html><head><script type="application/ld+json">{"@context":"https://schema.org","@type":"Product","name":"安可血糖试纸 50片","offers":{"@type":"Offer","price":"159.00","priceCurrency":"CNY","availability":"https://schema.org/OutOfStock"}}</script></head><body><h1>安可血糖试纸 50片</h1></body></html>`,
    );
    const result = cli(["extract", page, "--url", "https://shop.example/p/1", "--json"]);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(report).toMatchObject({ price: "159.00", currency: "CNY", availability: "OutOfStock" });
    expect(report.sources).toMatchObject({ price: "json-ld", availability: "json-ld" });
  });
});
