import { describe, expect, it } from "vitest";
import { dashboardLang, LANG_COOKIE } from "../../functions/api/dashboard-text.js";
import { timeText } from "../../functions/api/display-format.js";

const request = (headers: Record<string, string>) => new Request("http://127.0.0.1/", { headers });
const cnTenant = { jurisdiction: "CN", currency: "CNY" };
const usTenant = { jurisdiction: "US", currency: "USD" };

describe("the dashboard's language", () => {
  it("is the tenant's default when the user chose none and the browser states none", () => {
    expect(dashboardLang(request({}), cnTenant)).toBe("zh");
    expect(dashboardLang(request({ "accept-language": "*" }), cnTenant)).toBe("zh");
    expect(dashboardLang(request({ "accept-language": "fr-FR" }), usTenant)).toBe("en");
  });

  it("follows the browser over the jurisdiction's default, but not over the tenant's own setting", () => {
    expect(dashboardLang(request({ "accept-language": "en-GB,en;q=0.9" }), cnTenant)).toBe("en");
    expect(dashboardLang(request({ "accept-language": "zh-CN" }), usTenant)).toBe("zh");
    expect(dashboardLang(request({ "accept-language": "en-US" }), { ...cnTenant, locale: "zh-CN" })).toBe(
      "zh",
    );
    expect(dashboardLang(request({ "accept-language": "zh-CN" }), { ...usTenant, locale: "en" })).toBe("en");
  });

  it("is the user's own choice above all", () => {
    const cookie = (lang: string) => ({ cookie: `other=1; ${LANG_COOKIE}=${lang}` });
    expect(dashboardLang(request(cookie("en")), { ...cnTenant, locale: "zh-CN" })).toBe("en");
    expect(dashboardLang(request({ ...cookie("zh"), "accept-language": "en" }), usTenant)).toBe("zh");
  });
});

describe("one clock on the dashboard", () => {
  it("shows every time in the tenant's zone with the zone named, in the page's language", () => {
    // 21:57 UTC on the 6th is 05:57 on the 7th in Beijing.
    expect(timeText("2026-12-06T21:57:00.000Z", "Asia/Shanghai", "zh-CN")).toBe("2026-12-07 05:57 北京时间");
    expect(timeText("2026-12-06T21:57:00.000Z", "Asia/Shanghai", "en")).toBe("2026-12-07 05:57 UTC+8");
    expect(timeText("2026-12-06T21:57:00.000Z", "Europe/Berlin", "zh-CN")).toBe("2026-12-06 22:57 UTC+1");
    expect(timeText(null, "Asia/Shanghai", "zh-CN")).toBe("–");
    // A zone a hand-edited config got wrong: UTC, named, rather than a crash.
    expect(timeText("2026-12-06T21:57:00.000Z", "Mars/Olympus", "en")).toBe("2026-12-06 21:57 UTC");
  });
});
