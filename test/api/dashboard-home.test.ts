import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { brandHome, HOME_READ_PER_PARTITION } from "../../functions/api/dashboard-home-page.js";
import { alertIdOf } from "../../functions/core/alert-identity.js";
import { createDocumentClient } from "../../functions/store/dynamo-client.js";
import { RunRepository } from "../../functions/store/run-repository.js";
import {
  type ApiTestStack,
  bearer,
  brandA,
  brandB,
  distA,
  HOSTILE_NAME,
  startApiTestStack,
  TENANT_A,
} from "./api-test-stack.js";

let stack: ApiTestStack;

// FIXED_NOW is Sunday 2026-03-01 16:00 in Shanghai: this week began Monday 2026-02-23.
beforeAll(async () => {
  stack = await startApiTestStack();
  const { alerts } = stack.deps;
  // Two findings on one seller this week, on two channels.
  for (const [listingId, channel, type] of [
    ["home-1", "jd", "below_min_price"],
    ["home-2", "pdd", "unauthorized_seller"],
  ] as const) {
    await alerts.record(
      {
        type,
        severity: "high",
        sku: "GLU-50",
        listingId,
        url: `https://item.jd.example/${listingId}.html`,
        channel,
        seller: "益康健康馆",
        sellerId: null,
        distributorId: null,
        price: 13633,
        listedPrice: 42900,
        threshold: 15741,
        currency: "CNY",
        explanation: "below the floor",
        inputs: {},
        monitoringOnly: false,
      },
      {
        tenant: TENANT_A,
        alertId: alertIdOf(TENANT_A, type, listingId, "GLU-50"),
        runId: "run-2",
        now: "2026-02-27T02:00:00.000Z",
        targets: [],
      },
    );
  }
  // One seeded alert (open since 2026-02-01 00:00) resolved by a clean check 36 hours later.
  await alerts.markClean(TENANT_A, stack.seeded.alerts["a:js-url"]!, {
    runId: "run-2",
    now: "2026-02-02T12:00:00.000Z",
    resolveAfter: 1,
  });
  const doc = createDocumentClient({ endpoint: stack.db.endpoint });
  await new RunRepository(doc, stack.db.tableName).save({
    runId: "run-2",
    tenant: TENANT_A,
    startedAt: "2026-02-28T00:00:00.000Z",
    finishedAt: "2026-02-28T00:02:00.000Z",
    pages: 14,
    listings: 9,
    alertsNew: 2,
    alertsOpen: 13,
    errors: 0,
    seconds: 120,
    pagesPerSecond: 0.12,
    outcomes: { ok: 8, login_required: 4 },
    sites: [],
    coverage: 0.57,
    blind: true,
    channels: {
      jd: coverage(10, 8, false),
      pdd: coverage(4, 0, true),
    },
  });
  doc.destroy();
});
afterAll(async () => {
  await stack?.close();
});

function coverage(targets: number, priced: number, blind: boolean) {
  return {
    targets,
    fetched: priced,
    priced,
    blocked: 0,
    login_required: targets - priced,
    rate_limited: 0,
    no_price: 0,
    errors: 0,
    gone: 0,
    listings: priced,
    coverage: priced / targets,
    blind,
    topReasons: [],
    diagnosis: blind ? "login page" : null,
  };
}

const get = (path: string, headers: Record<string, string>, language = "en") =>
  fetch(`${stack.server.url}${path}`, {
    headers: { ...headers, "accept-language": language },
    redirect: "manual",
  });

/** The value under a KPI card's label. */
function kpi(page: string, label: string): string | undefined {
  return new RegExp(`<span class="muted">${label}</span><strong>([^<]*)</strong>`).exec(page)?.[1];
}

describe("dashboard home", () => {
  it("shows a brand user the numbers a channel manager reports", async () => {
    const res = await get("/", bearer(brandA));
    expect(res.status).toBe(200);
    const page = await res.text();
    // 12 seeded alerts for brand-a, one of them resolved, and two new this week.
    expect(kpi(page, "Open alerts")).toBe("13");
    expect(kpi(page, "New this week")).toBe("2");
    expect(page).toContain("since Monday 2026-02-23");
    expect(kpi(page, "Time to resolve \\(median\\)")).toBe("1 d 12 h");
    expect(page).toContain("mean 1 d 12 h; 1 resolved in the last 30 days");
    expect(kpi(page, "Coverage of the last run")).toBe("57%");
  });

  it("draws open alerts by type and by channel as inline SVG, within the CSP", async () => {
    const page = await (await get("/", bearer(brandA))).text();
    const figures = [...page.matchAll(/<figure class="chart"><svg[\s\S]*?<\/svg><\/figure>/g)].map(
      (m) => m[0],
    );
    expect(figures).toHaveLength(2);
    expect(figures[0]).toContain(">Open alerts by type</text>");
    expect(figures[0]).toContain(">Unauthorized seller</text>");
    expect(figures[0]).toContain(">Out of region</text>");
    expect(figures[1]).toContain(">Open alerts by channel</text>");
    expect(figures[1]).toContain(">京东</text>");
    expect(figures[1]).toContain(">拼多多</text>");
    // Bar labels carry the counts: 9 unauthorized-seller alerts are open (one of 10 resolved).
    expect(figures[0]).toMatch(/>9<\/text>/);
    for (const f of figures) expect(f).not.toMatch(/<script|<style|\sstyle=/);
  });

  it("ranks offending sellers and links each to its filtered alert list, names escaped", async () => {
    const page = await (await get("/", bearer(brandA))).text();
    const rows = [
      ...page.matchAll(
        /<tr><td><a href="(\/alerts\?seller=[^"]*)">([^<]*)<\/a><\/td><td>([^<]*)<\/td><td class="num">(\d+)<\/td>/g,
      ),
    ];
    expect(rows[0]?.slice(1)).toEqual([
      `/alerts?seller=${encodeURIComponent("益康健康馆")}`,
      "益康健康馆",
      "京东、拼多多",
      "2",
    ]);
    expect(page).not.toContain("<img src=x");
    expect(page).not.toContain("<script>");
    expect(page).toContain("&lt;img src=x onerror=alert(1)&gt;");
    const hostile = rows.find((r) => r[2]?.startsWith("&lt;img"));
    expect(new URLSearchParams(hostile?.[1]?.replaceAll("&amp;", "&").split("?")[1]).get("seller")).toBe(
      HOSTILE_NAME,
    );
    expect(rows.length).toBeLessThanOrEqual(10);
    // The link opens that seller's alerts.
    const list = await get(rows[0]?.[1] ?? "", bearer(brandA));
    expect(list.status).toBe(200);
    const listed = await list.text();
    expect(listed).toContain("益康健康馆");
    expect(listed).not.toContain("某某旗舰店");
  });

  it("lists coverage per channel of the last run, the blind channel first", async () => {
    const page = await (await get("/", bearer(brandA))).text();
    const table = page.slice(page.indexOf("Coverage per channel (last run)"));
    const rows = [
      ...table.matchAll(
        /<tr><td>([^<]+)<\/td><td class="num">(\d+)<\/td><td class="num">(\d+)<\/td><td class="num">([^<]+)<\/td><td><span class="badge (\w+)">/g,
      ),
    ];
    expect(rows.map((r) => r.slice(1))).toEqual([
      ["拼多多", "4", "0", "0%", "bad"],
      ["京东", "10", "8", "80%", "ok"],
    ]);
  });

  it("is in Chinese for a Chinese reader", async () => {
    const page = await (await get("/", bearer(brandA), "zh-CN")).text();
    expect(kpi(page, "待处理告警")).toBe("13");
    expect(kpi(page, "本周新增告警")).toBe("2");
    expect(kpi(page, "处理时长（中位数）")).toBe("1 天 12 小时");
    expect(page).toContain(">待处理告警（按类型）</text>");
    expect(page).toContain(">未授权销售</text>");
    expect(page).toContain("违规店铺排行");
    expect(page).toContain("巡检完成于 2026-02-28 08:02 北京时间");
  });

  it("sends a distributor to its own alert list, with no brand figures", async () => {
    const res = await get("/", bearer(distA));
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/alerts");
    const body = await res.text();
    expect(body).not.toMatch(/益康健康馆|Open alerts|<svg/);
  });

  it("shows another tenant only its own numbers", async () => {
    const page = await (await get("/", bearer(brandB))).text();
    expect(kpi(page, "Open alerts")).toBe("2");
    expect(page).not.toContain("益康健康馆");
    expect(page).not.toContain("onerror");
    expect(page).toContain("No run yet");
  });
});

describe("dashboard home with very many alerts", () => {
  it("reads a bounded number of the newest alerts and says the numbers are sampled", async () => {
    const tenant = "many-alerts";
    const { alerts } = stack.deps;
    const ids = Array.from({ length: HOME_READ_PER_PARTITION + 1 }, (_, i) => `many-${i}`);
    for (let i = 0; i < ids.length; i += 25)
      await Promise.all(
        ids.slice(i, i + 25).map((listingId) =>
          alerts.record(
            {
              type: "unauthorized_seller",
              severity: "high",
              sku: "GLU-50",
              listingId,
              url: `https://item.jd.example/${listingId}.html`,
              channel: "jd",
              seller: `店铺 ${listingId}`,
              sellerId: null,
              distributorId: null,
              price: 9900,
              listedPrice: 9900,
              threshold: null,
              currency: "CNY",
              explanation: "unauthorized",
              inputs: {},
              monitoringOnly: false,
            },
            {
              tenant,
              alertId: alertIdOf(tenant, "unauthorized_seller", listingId, "GLU-50"),
              runId: "run-many",
              now: "2026-02-27T02:00:00.000Z",
              targets: [],
            },
          ),
        ),
      );
    const home = await brandHome(
      stack.deps,
      { tenant, role: "brand", name: "ops@many.example" },
      null,
      "zh-CN",
    );
    const text = String(home.body);
    expect(text).toContain(`最近的 ${HOME_READ_PER_PARTITION} 条告警统计`);
    // The open-alerts card counts what was read: the newest 500, not all 501.
    expect(text).toContain(`待处理告警</span><strong>${HOME_READ_PER_PARTITION}</strong>`);
  }, 300_000);
});
