import { describe, expect, it } from "vitest";
import type { Caller } from "../../functions/api/caller.js";
import type { Finding } from "../../functions/core/alert.js";
import { alertIdOf } from "../../functions/core/alert-identity.js";
import { bearer, brandA, distA, FIXED_NOW, TENANT_A, useBrandToolsServer } from "./api-test-stack.js";

/**
 * The alert workflow through the real local server (embedded store, HTTP, the dashboard's form
 * posts): verbs that say what they mean, a confirmation after each action, only valid verbs
 * offered, the list's tabs, filters and title, and notices offered only where one is possible.
 */

const tools = useBrandToolsServer();
const ZH = { "accept-language": "zh-CN,zh;q=0.9" };

const get = (path: string, caller: Caller = brandA, headers: Record<string, string> = {}) =>
  fetch(`${tools.url()}${path}`, { headers: { ...bearer(caller), ...headers }, redirect: "manual" });

/** A dashboard form post from the dashboard's own origin. */
const post = (path: string, form: Record<string, string>, headers: Record<string, string> = {}) =>
  fetch(`${tools.url()}${path}`, {
    method: "POST",
    headers: {
      ...bearer(brandA),
      "content-type": "application/x-www-form-urlencoded",
      origin: tools.url(),
      ...headers,
    },
    body: new URLSearchParams(form).toString(),
    redirect: "manual",
  });

const apiAct = (id: string, body: Record<string, string>) =>
  fetch(`${tools.url()}/api/alerts/${id}/status`, {
    method: "POST",
    headers: { ...bearer(brandA), "content-type": "application/json" },
    body: JSON.stringify(body),
  });

const alertJson = async (id: string) =>
  (await (await get(`/api/alerts/${id}`)).json()) as {
    alert: { status: string; history: Array<{ status: string; verb?: string; note?: string; by: string }> };
    validVerbs: string[];
  };

/** The verbs the page offers: one form per verb, each a hidden `verb` field. */
const offeredVerbs = (page: string) => [...page.matchAll(/name="verb" value="([a-z]+)"/g)].map((m) => m[1]);

function finding(type: Finding["type"], listingId: string, overrides: Partial<Finding> = {}): Finding {
  return {
    type,
    severity: "high",
    sku: "GLU-50",
    listingId,
    url: `https://item.jd.example/${listingId}.html`,
    channel: "jd",
    seller: "路人药房",
    sellerId: null,
    distributorId: null,
    price: 9900,
    listedPrice: 9900,
    threshold: 15900,
    currency: "CNY",
    explanation: "test finding",
    inputs: {},
    monitoringOnly: false,
    ...overrides,
  };
}

/** Records a finding as a cycle at `now` would, returning the alert's id. */
async function record(f: Finding, runId: string, now: string): Promise<string> {
  const alertId = alertIdOf(TENANT_A, f.type, f.listingId, f.sku);
  await tools.stack().deps.alerts.record(f, { tenant: TENANT_A, alertId, runId, now, targets: [] });
  return alertId;
}

describe("acting on an alert in the dashboard", () => {
  it("confirms each action on the page it returns to, and a repeated action adds no history row", async () => {
    const id = await record(finding("unauthorized_seller", "wf-ack"), "wf-1", "2026-02-20T00:00:00.000Z");
    const first = await post(`/alerts/${id}/status`, {
      verb: "acknowledge",
      note: "已联系平台",
      back: "alert",
    });
    expect(first.status).toBe(303);
    expect(first.headers.get("location")).toBe(`/alerts/${id}?done=acknowledge`);
    const shown = await (await get(first.headers.get("location")!, brandA, ZH)).text();
    expect(shown).toContain('<div class="ok flash" role="status"><p>已确认</p></div>');
    expect(shown).toContain("已联系平台");

    const again = await post(`/alerts/${id}/status`, { verb: "acknowledge", back: "list" });
    expect(again.status).toBe(303);
    expect(again.headers.get("location")).toBe("/alerts?done=same");
    expect(await (await get("/alerts?done=same")).text()).toContain(
      "Nothing changed: the alert already had that status.",
    );
    const { alert } = await alertJson(id);
    expect(alert.history.filter((h) => h.status === "acknowledged")).toHaveLength(1);
    expect(alert.history.at(-1)).toMatchObject({ verb: "acknowledge", note: "已联系平台", by: brandA.name });
  });

  it("returns a quick action from a filtered list to that same list, and nowhere else", async () => {
    const id = await record(
      finding("unauthorized_seller", "wf-back", { sku: "BPM-01" }),
      "wf-1",
      "2026-02-20T00:00:00.000Z",
    );
    const list = await (await get("/alerts?status=open&sku=BPM-01&sort=newest")).text();
    const form = new RegExp(
      `action="/alerts/${id}/status"><input type="hidden" name="verb" value="acknowledge"><input type="hidden" name="back" value="list"><input type="hidden" name="list" value="([^"]+)">`,
    ).exec(list);
    expect(form?.[1]?.replaceAll("&amp;", "&")).toBe("status=open&sku=BPM-01&sort=newest");
    const res = await post(`/alerts/${id}/status`, {
      verb: "acknowledge",
      back: "list",
      list: "status=open&sku=BPM-01&sort=newest",
    });
    expect(res.headers.get("location")).toBe("/alerts?status=open&sku=BPM-01&sort=newest&done=acknowledge");
    const back = await (await get(res.headers.get("location")!, brandA, ZH)).text();
    expect(back).toContain("已确认");
    expect(back).not.toContain(`href="/alerts/${id}"`);
    // A list query that is not one cannot steer the redirect off the alert list.
    for (const list of ["//evil.example/x", "a?b#c", "x\r\nLocation: /"]) {
      const refused = await post(`/alerts/${id}/status`, { verb: "resolve", back: "list", list });
      expect(refused.status).toBe(400);
    }
  });

  it("offers only the verbs valid now, each explained, with a note field; an invalid one is a 409", async () => {
    const id = await record(finding("unauthorized_seller", "wf-verbs"), "wf-1", "2026-02-20T00:00:00.000Z");
    const open = await (await get(`/alerts/${id}`)).text();
    expect(offeredVerbs(open)).toEqual(["acknowledge", "resolve", "dismiss", "snooze"]);
    expect(open.match(/<input name="note"/g)).toHaveLength(4);
    expect(open).toContain("it reopens by itself if the violation is seen again");
    expect(open).toContain("Not a problem: no more alerts for this listing at this price");

    expect((await apiAct(id, { verb: "resolve", note: "shop delisted" })).status).toBe(200);
    const resolved = await (await get(`/alerts/${id}`)).text();
    expect(offeredVerbs(resolved)).toEqual(["reopen", "dismiss"]);
    expect((await alertJson(id)).validVerbs).toEqual(["reopen", "dismiss"]);

    const refused = await apiAct(id, { verb: "acknowledge" });
    expect(refused.status).toBe(409);
    expect(await refused.json()).toMatchObject({
      error: "conflict",
      problem: "not_valid_now",
      status: "resolved",
      validVerbs: ["reopen", "dismiss"],
    });
    const page = await post(`/alerts/${id}/status`, { verb: "snooze", until: "2026-03-05" }, ZH);
    expect(page.status).toBe(409);
    expect(await page.text()).toContain("该告警当前状态下不能执行此操作");
    expect((await alertJson(id)).alert.status).toBe("resolved");
  });

  it("says on the alert page when and why a resolved alert reopened", async () => {
    const listing = "wf-reopen";
    const id = await record(finding("unauthorized_seller", listing), "wf-1", "2026-02-20T00:00:00.000Z");
    expect((await apiAct(id, { verb: "resolve" })).status).toBe(200);
    // The next cycle, after the resolution (FIXED_NOW), still finds the shop selling, at ¥95.00.
    await record(
      finding("unauthorized_seller", listing, { price: 9500 }),
      "wf-2",
      "2026-03-02T00:00:00.000Z",
    );
    const zh = await (await get(`/alerts/${id}`, brandA, ZH)).text();
    expect(zh).toContain(
      '<div class="info reopened" role="note"><p>于 2026-03-02 08:00 北京时间 重新打开：标记解决后再次发现该违规（¥95.00）</p></div>',
    );
    const en = await (await get(`/alerts/${id}`)).text();
    expect(en).toContain("the violation was seen again after it was resolved (¥95.00)");
    expect(offeredVerbs(en)).toEqual(["acknowledge", "resolve", "dismiss", "snooze"]);
  });

  it("snoozes until a day: out of the list to act on, in the snoozed tab, counted there", async () => {
    const id = await record(finding("unauthorized_seller", "wf-snooze"), "wf-1", "2026-02-20T00:00:00.000Z");
    const before = await (await get("/api/alerts/counts")).json();
    const res = await post(`/alerts/${id}/status`, {
      verb: "snooze",
      until: "2026-03-10",
      note: "等平台回复",
    });
    expect(res.headers.get("location")).toBe(`/alerts/${id}?done=snooze`);
    const page = await (await get(`/alerts/${id}`, brandA, ZH)).text();
    expect(page).toContain("暂缓至 2026-03-10 00:00 北京时间");
    expect(offeredVerbs(page)).toEqual(["reopen", "resolve", "dismiss", "snooze"]);
    const active = await (await get("/alerts")).text();
    expect(active).not.toContain(`href="/alerts/${id}"`);
    const snoozed = await (await get("/alerts?status=snoozed", brandA, ZH)).text();
    expect(snoozed).toContain(`href="/alerts/${id}"`);
    expect(snoozed).toContain("<title>暂缓的告警");
    const after = await (await get("/api/alerts/counts")).json();
    expect(after.counts.snoozed).toBe(before.counts.snoozed + 1);
    expect(after.counts.active).toBe(before.counts.active - 1);
    // A day that has begun cannot end a snooze.
    const past = await post(`/alerts/${id}/status`, { verb: "snooze", until: "2026-03-01" });
    expect(past.status).toBe(400);
  });
});

describe("the alert list", () => {
  it("shows counts per status as tabs, and its title follows the status tab", async () => {
    const counts = (await (await get("/api/alerts/counts")).json()).counts as Record<
      "open" | "acknowledged" | "snoozed" | "resolved" | "dismissed" | "active" | "all",
      number
    >;
    expect(counts.all).toBe(
      counts.open + counts.acknowledged + counts.snoozed + counts.resolved + counts.dismissed,
    );
    const all = await (await get("/alerts?status=all", brandA, ZH)).text();
    expect(all).toContain("<title>全部告警");
    expect(all).toContain(
      `<a class="tab current" aria-current="page" href="/alerts?status=all">全部 <span class="count">${counts.all}</span></a>`,
    );
    expect(all).toContain(`待处理 <span class="count">${counts.active}</span>`);
    const rows = new Set([...all.matchAll(/href="\/alerts\/([0-9a-f]{24})"/g)].map((m) => m[1]));
    expect(rows.size).toBe(counts.all);
    expect(await (await get("/alerts?status=resolved")).text()).toContain("<title>Resolved alerts");
  });

  it("filters by severity, type, channel, seller and distributor together, keeping them in the tabs", async () => {
    const page = await (
      await get(
        `/alerts?status=all&type=out_of_region&distributor=dist-a&seller=${encodeURIComponent("康恒")}`,
      )
    ).text();
    const ids = new Set([...page.matchAll(/href="\/alerts\/([0-9a-f]{24})"/g)].map((m) => m[1]));
    expect(ids).toEqual(new Set([tools.stack().seeded.alerts["a:dist-a"]]));
    expect(page).toContain(
      `href="/alerts?type=out_of_region&amp;seller=%E5%BA%B7%E6%81%92&amp;distributor=dist-a&amp;status=open"`,
    );
    const none = await (await get("/alerts?status=all&severity=low")).text();
    expect(none).toContain("No alerts match.");
  });

  it("explains bad filters in the reader's language", async () => {
    const res = await get("/alerts?severity=urgent&from=2026-02-30&to=2026-01-01&zzz=1", brandA, ZH);
    expect(res.status).toBe(400);
    const page = await res.text();
    expect(page).toContain("筛选条件有误：");
    expect(page).toContain("严重程度应为 高、中 或 低。");
    expect(page).toContain("开始日期格式应为 2026-12-01。");
    expect(page).toContain("不认识的参数「zzz」。");
    expect(page).not.toContain("Invalid option");
    const reversed = await (await get("/api/alerts?from=2026-02-02&to=2026-02-01", brandA, ZH)).json();
    expect(reversed).toEqual({
      error: "bad_request",
      problems: [{ path: "from", message: "开始日期不能晚于结束日期。" }],
    });
  });
});

describe("notices offered only where one is possible", () => {
  it("links a refused notice to the alert of the same listing that can carry one, in the reader's words", async () => {
    // A shop the brand does not supply, below the floor: its price is no ground for a notice,
    // its being unauthorized is.
    const listing = "wf-notice";
    const price = await record(
      finding("below_min_price", listing, { severity: "medium" }),
      "wf-1",
      "2026-02-20T00:00:00.000Z",
    );
    const unauthorized = await record(
      finding("unauthorized_seller", listing),
      "wf-1",
      "2026-02-20T00:00:00.000Z",
    );

    const list = await (await get("/alerts?status=all", brandA, ZH)).text();
    expect(list).toContain(`<a href="/alerts/${unauthorized}/notice">起草通知函</a>`);
    expect(list).not.toContain(`href="/alerts/${price}/notice"`);
    expect(offeredNotice(await (await get(`/alerts/${price}`)).text(), price)).toBe(false);
    expect(offeredNotice(await (await get(`/alerts/${unauthorized}`)).text(), unauthorized)).toBe(true);

    const refused = await (await get(`/alerts/${price}/notice`, brandA, ZH)).text();
    expect(refused).toContain("该店铺不是品牌的供货对象，价格本身不能作为发函理由");
    expect(refused).toContain(`<a href="/alerts/${unauthorized}/notice">起草通知函: 未授权销售</a>`);
    expect(refused).not.toContain("price_not_ground");
    expect(refused).not.toContain("unauthorized_seller");
    const json = await (await get(`/api/alerts/${price}/notice`)).json();
    expect(json).toMatchObject({
      notice: null,
      refusal: "price_not_ground",
      alternatives: [{ id: unauthorized, type: "unauthorized_seller" }],
    });
  });

  it("a monitoring-only alert explains the resale-price guardrail and offers no draft", async () => {
    const id = tools.stack().seeded.alerts["a:dist-a-rpm"]!;
    const page = await (await get(`/alerts/${id}/notice`, brandA, ZH)).text();
    expect(page).toContain("该店铺是授权经销商。依据中国《反垄断法》第十八条");
    expect(page).toContain("同一商品链接下暂无可以起草通知函的告警。");
    expect(page).not.toContain('<pre class="notice">');
  });
});

describe("a distributor", () => {
  it("sees no actions and no notices on its own alert", async () => {
    const page = await (await get(`/alerts/${tools.stack().seeded.alerts["a:dist-a"]}`, distA)).text();
    expect(offeredVerbs(page)).toEqual([]);
    expect(page).not.toContain("/notice");
    expect(FIXED_NOW.toISOString()).toBe("2026-03-01T08:00:00.000Z");
  });
});

function offeredNotice(page: string, id: string): boolean {
  return page.includes(`href="/alerts/${id}/notice"`);
}
