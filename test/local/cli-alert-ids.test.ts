import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Finding } from "../../functions/core/alert.js";
import { matchAlertId, normalizeIdPrefix, shortId } from "../../functions/core/alert-id-prefix.js";
import { openLocalStore } from "../../functions/local/local-store.js";
import { rememberTenant } from "../../functions/local/tenant-registry.js";
import { type CliRun, runCliInProcess } from "../support/cli-in-process.js";

const TENANT = "ids-test";
// Two ids share "abcd"; the third is alone.
const FIRST = `abcd1111${"0".repeat(16)}`;
const SECOND = `abcd2222${"0".repeat(16)}`;
const THIRD = `ef01${"9".repeat(20)}`;
const dir = mkdtempSync(join(tmpdir(), "pricewarden-cli-ids-"));
const dataDir = join(dir, "data");

function finding(listingId: string): Finding {
  return {
    type: "unauthorized_seller",
    severity: "medium",
    sku: "GLU-50",
    listingId,
    url: `https://item.example/${listingId}`,
    channel: "jd",
    seller: "某店",
    sellerId: null,
    distributorId: null,
    price: 12900,
    listedPrice: 12900,
    threshold: null,
    currency: "CNY",
    explanation: "未授权店铺在售",
    inputs: {},
    monitoringOnly: false,
  };
}

beforeAll(async () => {
  rememberTenant(dataDir, TENANT);
  const store = await openLocalStore(dataDir);
  try {
    for (const [i, id] of [FIRST, SECOND, THIRD].entries())
      await store.alerts.record(finding(`L${i}`), {
        tenant: TENANT,
        alertId: id,
        runId: "r1",
        now: "2026-12-06T21:57:00.000Z",
        targets: [],
      });
  } finally {
    await store.close();
  }
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** `pricewarden …` in this process: exit code, stdout, stderr. */
function cli(...args: string[]): Promise<CliRun> {
  return runCliInProcess([...args, "--data-dir", dataDir]);
}

async function statusOf(id: string): Promise<string> {
  const listed = await cli("alerts", "--status", "all", "--json");
  const alerts = JSON.parse(listed.stdout) as Array<{ id: string; status: string }>;
  return alerts.find((a) => a.id === id)?.status ?? "missing";
}

describe("alert ids on the command line", { timeout: 300_000 }, () => {
  it("an unknown id exits 2 with one line and no stack trace (a real process)", () => {
    const run = spawnSync(
      process.execPath,
      [
        "--import",
        "tsx",
        "functions/local/cli.ts",
        "alerts",
        "ack",
        "deadbeef",
        "--by",
        "x",
        "--data-dir",
        dataDir,
      ],
      { encoding: "utf8", env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" } },
    );
    expect(run.status, run.stderr).toBe(2);
    const lines = run.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain("deadbeef");
    expect(lines[0]).toContain(TENANT);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(run.stdout).toBe("");
  });

  it("a unique prefix names the alert, also with the ellipsis the console prints", async () => {
    const acked = await cli("alerts", "ack", "abcd1", "--by", "张三", "--note", "已联系店铺");
    expect(acked.code, acked.stderr).toBe(0);
    expect(acked.stdout).toContain(FIRST);
    expect(acked.stdout).toContain("已确认");
    expect(await statusOf(FIRST)).toBe("acknowledged");
    expect(await statusOf(SECOND)).toBe("open");

    const dismissed = await cli("alerts", "dismiss", "ef01…", "--by", "李四", "--lang", "en");
    expect(dismissed.code, dismissed.stderr).toBe(0);
    expect(dismissed.stdout).toBe(`${THIRD}: dismissed by 李四\n`);
    expect(await statusOf(THIRD)).toBe("dismissed");
  });

  it("an ambiguous prefix exits 2 naming the candidates and changes nothing", async () => {
    const run = await cli("alerts", "resolve", "abcd", "--by", "x");
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split("\n")).toHaveLength(1);
    expect(run.stderr).toContain(FIRST);
    expect(run.stderr).toContain(SECOND);
    expect(run.stderr).not.toContain(THIRD);
    expect(await statusOf(SECOND)).toBe("open");
  });

  it("an action the alert's state does not allow is refused with the valid ones, in one line", async () => {
    const run = await cli("alerts", "ack", THIRD.slice(0, 8), "--by", "x", "--lang", "en");
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("is dismissed: it cannot be acknowledged now; valid now: reopen");
    expect(run.stderr.trim().split("\n")).toHaveLength(1);
  });

  it("the console's table shows short ids that the commands accept", async () => {
    const table = await cli("alerts", "--status", "open");
    expect(table.code).toBe(0);
    expect(table.stdout).toContain(`ID ${SECOND.slice(0, 8)}`);
    expect(table.stdout).not.toContain(SECOND);
  });
});

describe("matching an id prefix", () => {
  it("reads hex of 4 to 64 digits, dropping a copied ellipsis, and nothing else", () => {
    expect(normalizeIdPrefix("555D9723…")).toBe("555d9723");
    expect(normalizeIdPrefix("555d9723...")).toBe("555d9723");
    expect(normalizeIdPrefix("abc")).toBeNull();
    expect(normalizeIdPrefix("not-an-id")).toBeNull();
    expect(normalizeIdPrefix("a".repeat(65))).toBeNull();
  });

  it("tells one, none and ambiguous apart; an exact id wins over a longer one it prefixes", () => {
    expect(matchAlertId("abcd1", [FIRST, SECOND])).toEqual({ kind: "one", id: FIRST });
    expect(matchAlertId("ffff", [FIRST, SECOND])).toEqual({ kind: "none" });
    expect(matchAlertId("abcd", [SECOND, FIRST])).toEqual({
      kind: "ambiguous",
      candidates: [FIRST, SECOND],
      total: 2,
    });
    expect(matchAlertId("abcd", ["abcd", FIRST])).toEqual({ kind: "one", id: "abcd" });
    const many = Array.from({ length: 9 }, (_, i) => `abcd${i}`);
    expect(matchAlertId("abcd", many)).toMatchObject({ kind: "ambiguous", total: 9 });
    expect((matchAlertId("abcd", many) as { candidates: string[] }).candidates).toHaveLength(5);
  });

  it("a short id is eight digits unless another shown id shares them", () => {
    expect(shortId(FIRST, [FIRST, THIRD])).toBe("abcd1111");
    expect(shortId(`${"a".repeat(10)}1`, [`${"a".repeat(10)}1`, `${"a".repeat(10)}2`])).toBe(
      `${"a".repeat(10)}1`,
    );
  });
});
