import { describe, expect, it } from "vitest";
import { bearer, brandA, distA, HOSTILE_NAME, useBrandToolsServer } from "./api-test-stack.js";

const brandTools = useBrandToolsServer();

const get = (path: string, caller = brandA) =>
  fetch(`${brandTools.url()}${path}`, { headers: bearer(caller) });

describe("notice drafts", () => {
  it("are drafted for an unauthorized seller, signed by the configured sender", async () => {
    const id = brandTools.stack().seeded.alerts["a:js-url"];
    const res = await get(`/api/alerts/${id}/notice`);
    expect(res.status).toBe(200);
    const { notice } = await res.json();
    expect(notice.recipient).toBe("platform");
    expect(notice.subject).toContain("未授权店铺");
    expect(notice.text).toContain("某某旗舰店");
    expect(notice.text).toContain("安可医疗科技有限公司\nlegal@brand-a.example");
  });

  it("are refused, with the reason, for a monitoring-only price finding", async () => {
    const res = await get(`/api/alerts/${brandTools.stack().seeded.alerts["a:dist-a-rpm"]}/notice`);
    expect(await res.json()).toEqual({
      notice: null,
      refusal: "resale_price",
      reason: expect.stringMatching(/^The shop is an authorized distributor\. Under Chinese law/),
      alternatives: [],
    });
  });

  it("are for brand users only", async () => {
    const res = await get(`/api/alerts/${brandTools.stack().seeded.alerts["a:dist-a"]}/notice`, distA);
    expect(res.status).toBe(403);
    const page = await get(`/alerts/${brandTools.stack().seeded.alerts["a:dist-a"]}/notice`, distA);
    expect(page.status).toBe(403);
  });

  it("show in the dashboard escaped, linked from the alert, never for monitoring-only ones", async () => {
    const alerts = await (await get("/alerts?status=all")).text();
    expect(alerts).toContain(`href="/alerts/${brandTools.stack().seeded.alerts["a:hostile"]}/notice"`);
    expect(alerts).not.toContain(`href="/alerts/${brandTools.stack().seeded.alerts["a:dist-a-rpm"]}/notice"`);
    const page = await (await get(`/alerts/${brandTools.stack().seeded.alerts["a:hostile"]}/notice`)).text();
    expect(page).toContain('<pre class="notice">');
    expect(page).not.toContain("<script>alert(2)");
    expect(HOSTILE_NAME).toContain("<script>");
    expect(page).toContain("&lt;script&gt;alert(2)&lt;/script&gt;");
    expect((await get("/alerts/ffffffffffffffffffffffff/notice")).status).toBe(404);
  });
});
