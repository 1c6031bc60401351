import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { safeHref } from "../../functions/api/safe-href.js";
import type { ListingRepository } from "../../functions/store/listing-repository.js";
import {
  type ApiTestStack,
  bearer,
  brandA,
  distA,
  HOSTILE_NAME,
  startApiTestStack,
  TENANT_A,
} from "./api-test-stack.js";

let stack: ApiTestStack;

beforeAll(async () => {
  stack = await startApiTestStack();
});
afterAll(async () => {
  await stack?.close();
});

const get = (path: string, headers: Record<string, string> = bearer(brandA)) =>
  fetch(`${stack.server.url}${path}`, { headers, redirect: "manual" });

describe("dashboard", () => {
  it("escapes hostile seller names on every page", async () => {
    for (const path of ["/alerts", "/sellers", "/history?sku=GLU-50"]) {
      const res = await get(path);
      expect(res.status).toBe(200);
      const page = await res.text();
      expect(page).not.toContain("<img src=x");
      expect(page).not.toContain("<script>");
      expect(page).toContain(
        "&lt;img src=x onerror=alert(1)&gt;&quot;&gt;&lt;script&gt;alert(2)&lt;/script&gt;",
      );
    }
    expect(HOSTILE_NAME).toContain("<script>");
  });

  it("links only http(s) listing URLs, with rel noopener noreferrer nofollow", async () => {
    const page = await (await get("/alerts")).text();
    expect(page).not.toMatch(/href="javascript:/i);
    expect(page).toContain("javascript:alert(document.cookie)");
    const links = [...page.matchAll(/<a href="(https?:[^"]+)"([^>]*)>open listing<\/a>/g)];
    expect(links.length).toBeGreaterThan(0);
    for (const link of links) expect(link[2]).toContain('rel="noopener noreferrer nofollow"');
    expect(safeHref("javascript:alert(1)")).toBeNull();
    expect(safeHref("data:text/html,x")).toBeNull();
    expect(safeHref("https://item.jd.com/1.html")).toBe("https://item.jd.com/1.html");
  });

  it("groups open alerts by severity and shows explanation, badge, price vs threshold and actions", async () => {
    const page = await (await get("/alerts")).text();
    const high = page.indexOf('<span class="badge high">High</span>');
    const medium = page.indexOf('<span class="badge medium">Medium</span>');
    expect(high).toBeGreaterThan(-1);
    expect(medium).toBeGreaterThan(high);
    expect(page).toContain("monitoring only");
    expect(page).toContain("¥99.00");
    expect(page).toContain("threshold ¥159.00");
    expect(page).toContain('name="verb" value="acknowledge"');
    expect(page).toContain("上海康恒医药");
  });

  it("links downloads of exactly the alerts shown, filters included", async () => {
    const page = await (await get("/alerts?sku=GLU-50&channel=jd")).text();
    const link = /<a href="(\/export\/alerts\.csv[^"]*)">CSV<\/a>/.exec(page)?.[1]?.replaceAll("&amp;", "&");
    expect(link).toBe("/export/alerts.csv?status=active&sku=GLU-50&channel=jd");
    expect(page).toContain('href="/export/alerts.xlsx?status=active&amp;sku=GLU-50&amp;channel=jd"');
    const csv = await (await get(link ?? "")).text();
    const api = await (await get("/api/export/alerts.csv?status=active&sku=GLU-50&channel=jd")).text();
    expect(csv).toBe(api);
    expect(csv.split("\n").length).toBeGreaterThan(2);
  });

  it("sets a strict CSP with no script source, nosniff and no framing, on pages, JSON and errors", async () => {
    for (const res of [
      await get("/alerts"),
      await get("/api/alerts"),
      await get("/nope"),
      await get("/alerts", {}),
    ]) {
      const csp = res.headers.get("content-security-policy") ?? "";
      expect(csp).toContain("default-src 'none'");
      expect(csp).not.toContain("script-src");
      expect(csp).not.toContain("unsafe-inline");
      expect(csp).toMatch(/style-src 'sha256-[A-Za-z0-9+/=]+'/);
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      expect(res.headers.get("x-frame-options")).toBe("DENY");
    }
  });

  it("the inline stylesheet matches the hash in the CSP", async () => {
    const { createHash } = await import("node:crypto");
    const res = await get("/sellers");
    const css = /<style>([\s\S]*?)<\/style>/.exec(await res.text())?.[1] ?? "";
    const hash = createHash("sha256").update(css).digest("base64");
    expect(res.headers.get("content-security-policy")).toContain(`'sha256-${hash}'`);
  });

  it("shows sellers with their authorization and a price history with a sparkline", async () => {
    const sellers = await (await get("/sellers")).text();
    expect(sellers).toContain("unauthorized");
    expect(sellers).toContain("authorized</span> 上海康恒医药");
    const history = await (await get("/history?sku=GLU-50")).text();
    expect(history).toContain("<svg");

    const picker = await (await get("/history")).text();
    expect(picker).toContain('href="/history?sku=BPM-01"');
  });

  it("a bad query renders a 400 page listing the problems, escaped", async () => {
    const res = await get(`/alerts?type=${encodeURIComponent("<b>x</b>")}&zzz=1`);
    expect(res.status).toBe(400);
    const page = await res.text();
    expect(page).toContain("Not an alert type.");
    expect(page).toContain("Unknown parameter “zzz”.");
    expect(page).not.toContain("<b>x</b>");
  });

  it("form posts change status from the same origin, and are refused cross-site", async () => {
    const id = stack.seeded.alerts["a:dist-a"];
    const crossSite = await fetch(`${stack.server.url}/alerts/${id}/status`, {
      method: "POST",
      headers: {
        ...bearer(brandA),
        "content-type": "application/x-www-form-urlencoded",
        origin: "https://evil.example",
        "sec-fetch-site": "cross-site",
      },
      body: "verb=dismiss",
      redirect: "manual",
    });
    expect(crossSite.status).toBe(403);
    const sameOrigin = await fetch(`${stack.server.url}/alerts/${id}/status`, {
      method: "POST",
      headers: {
        ...bearer(brandA),
        "content-type": "application/x-www-form-urlencoded",
        origin: stack.server.url,
      },
      body: "verb=resolve&note=",
      redirect: "manual",
    });
    expect(sameOrigin.status).toBe(303);
    expect(sameOrigin.headers.get("location")).toBe(`/alerts/${id}?done=resolve`);
    const alert = (await (await get(`/api/alerts/${id}`)).json()) as {
      alert: { status: string; history: Array<{ by: string }> };
    };
    expect(alert.alert.status).toBe("resolved");
    expect(alert.alert.history.at(-1)?.by).toBe(brandA.name);
  });

  it("the JSON status route refuses non-JSON bodies (no CSRF via text/plain)", async () => {
    const res = await fetch(`${stack.server.url}/api/alerts/${stack.seeded.alerts["a:hostile"]}/status`, {
      method: "POST",
      headers: { ...bearer(brandA), "content-type": "text/plain", origin: stack.server.url },
      body: JSON.stringify({ status: "dismissed" }),
    });
    expect(res.status).toBe(415);
  });
});

describe("the review page", () => {
  it("lists unmatched brand mentions for brand users, escaped, and refuses distributors", async () => {
    const listings = stack.deps.listings as ListingRepository;
    const [sample] = await listings.listBySku(TENANT_A, "GLU-50");
    if (!sample) throw new Error("the stack seeds listings");
    await listings.putState(TENANT_A, {
      ...sample,
      listingId: "review00000000000001",
      url: "https://item.jd.example/review-1.html",
      sku: null,
      title: `安可 同款 ${HOSTILE_NAME}`,
      outcome: "unmatched",
      outcomeReason: "no product matched with enough confidence (best 0.55)",
      matchConfidence: 0.55,
      mentionsBrand: true,
    });
    const page = await (await get("/review")).text();
    expect(page).toContain("no product matched with enough confidence (best 0.55)");
    expect(page).toContain("&lt;script&gt;alert(2)&lt;/script&gt;");
    expect(page).not.toContain("<script>alert(2)");
    expect(page).toContain('href="/review"');
    const asDistributor = await get("/review", bearer(distA));
    expect(asDistributor.status).toBe(403);
    expect(await (await get("/alerts", bearer(distA))).text()).not.toContain('href="/review"');
  });
});

describe("the alert page", () => {
  it("shows one alert in full to its brand, with inputs, history and evidence, escaped", async () => {
    const id = stack.seeded.alerts["a:dist-a"];
    // Resolved by the form-post test above: reopened first, since a resolved alert cannot be acknowledged.
    await fetch(`${stack.server.url}/api/alerts/${id}/status`, {
      method: "POST",
      headers: { ...bearer(brandA), "content-type": "application/json" },
      body: JSON.stringify({ verb: "reopen" }),
    });
    const changed = await fetch(`${stack.server.url}/api/alerts/${id}/status`, {
      method: "POST",
      headers: { ...bearer(brandA), "content-type": "application/json" },
      body: JSON.stringify({ status: "acknowledged", note: "asked the distributor <b>internal</b>" }),
    });
    expect(changed.status).toBe(200);
    const page = await (await get(`/alerts/${id}`)).text();
    expect(page).toContain("Rule inputs");
    expect(page).toContain("Acknowledged");
    expect(page).toContain("asked the distributor &lt;b&gt;internal&lt;/b&gt;");
    expect(page).toContain("No signed capture of this alert.");
    const hostile = await (await get(`/alerts/${stack.seeded.alerts["a:hostile"]}`)).text();
    expect(hostile).not.toContain("<script>alert(2)");
    const list = await (await get("/alerts")).text();
    expect(list).toContain(`<a href="/alerts/${stack.seeded.alerts["a:hostile"]}">`);
  });

  it("shows a distributor its own alert without the brand's notes, evidence or actions, and no one else's", async () => {
    const own = await get(`/alerts/${stack.seeded.alerts["a:dist-a"]}`, bearer(distA));
    expect(own.status).toBe(200);
    const page = await own.text();
    expect(page).not.toContain("internal");
    expect(page).not.toContain("<h2>Evidence</h2>");
    expect(page).not.toContain('name="verb"');
    const other = await get(`/alerts/${stack.seeded.alerts["a:dist-b"]}`, bearer(distA));
    expect(other.status).toBe(404);
  });
});

describe("the dashboard's language", () => {
  it("follows a Chinese browser, and the user's own choice over it", async () => {
    const zh = { ...bearer(brandA), "accept-language": "zh-CN,zh;q=0.9,en;q=0.8" };
    const page = await (await get("/alerts", zh)).text();
    expect(page).toContain('<html lang="zh-CN">');
    expect(page).toContain(">告警</a>");
    expect(page).toContain("未授权销售");
    expect(page).toContain("<th>价格 / 阈值</th>");
    expect(page).toContain(">确认</button>");
    expect(await (await get("/sellers", zh)).text()).toContain("<th>授权</th>");
    expect(await (await get("/check", zh)).text()).toContain("促销信息（每行一条）");
    expect(await (await get(`/alerts/${stack.seeded.alerts["a:hostile"]}`, zh)).text()).toContain(
      "<h2>规则输入</h2>",
    );
    expect(await (await get("/history", zh)).text()).toContain("请选择商品：");

    const chosen = await get("/lang/en", zh);
    expect(chosen.status).toBe(303);
    const cookie = chosen.headers.getSetCookie().find((c) => c.startsWith("pricewarden-lang=en"));
    expect(cookie).toMatch(/SameSite=Lax/);
    const english = await (await get("/alerts", { ...zh, cookie: "pricewarden-lang=en" })).text();
    expect(english).toContain('<html lang="en">');
    expect(english).toContain(">Alerts</a>");
    expect(english).toContain('href="/lang/zh"');
    expect((await get("/lang/fr")).status).toBe(404);
  });
});
