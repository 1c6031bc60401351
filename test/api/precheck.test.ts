import { describe, expect, it } from "vitest";
import type { Caller } from "../../functions/api/caller.js";
import { MONITORING_ONLY_NOTE } from "../../functions/stages/precheck.js";
import { bearer, brandA, distA, HOSTILE_NAME, useBrandToolsServer } from "./api-test-stack.js";

const brandTools = useBrandToolsServer();

const check = (caller: Caller, body: unknown, contentType = "application/json") =>
  fetch(`${brandTools.url()}/api/check`, {
    method: "POST",
    headers: { ...bearer(caller), "content-type": contentType },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });

describe("pre-check over the API", () => {
  it("lets a distributor check its own shop, and never shows it the brand's reference price", async () => {
    const res = await check(distA, { sku: "GLU-50", channel: "jd", price: "99" });
    expect(res.status).toBe(200);
    const text = await res.text();
    const body = JSON.parse(text);
    expect(body).toMatchObject({ compliant: true, seller: "康恒医疗器械专营店" });
    expect(body.findings).toEqual([
      expect.objectContaining({
        type: "below_min_price",
        monitoringOnly: true,
        explanation: MONITORING_ONLY_NOTE,
      }),
    ]);
    expect(text).not.toContain("159");
  });

  it("refuses a distributor naming a seller, or a channel where it has no shop", async () => {
    const named = await check(distA, { sku: "GLU-50", channel: "jd", price: "99", seller: "华润大药房" });
    expect(named.status).toBe(400);
    expect((await named.json()).message).toMatch(/checks its own shop/);
    const elsewhere = await check(distA, { sku: "GLU-50", channel: "pdd", price: "199" });
    expect(elsewhere.status).toBe(400);
    expect((await elsewhere.json()).message).toMatch(/no shop of yours is registered on channel pdd/);
  });

  it("judges any seller for a brand user, with the full explanation", async () => {
    const res = await check(brandA, { sku: "GLU-50", channel: "jd", price: "99", seller: "某某医疗专营店" });
    const body = await res.json();
    expect(body.compliant).toBe(false);
    const types = body.findings.map((f: { type: string }) => f.type).sort();
    expect(types).toEqual(["below_min_price", "unauthorized_seller"]);
    expect(body.findings.find((f: { type: string }) => f.type === "below_min_price").explanation).toContain(
      "¥159.00",
    );
  });

  it("answers bad input with every problem, and only JSON", async () => {
    const bad = await check(brandA, { sku: "", channel: "jd", price: "12.345", extra: 1 });
    expect(bad.status).toBe(400);
    const paths = (await bad.json()).problems.map((p: { path: string }) => p.path).sort();
    expect(paths).toEqual(expect.arrayContaining(["price", "sku"]));
    expect((await check(brandA, "<sku>GLU-50</sku>", "application/xml")).status).toBe(415);
    const unknown = await check(brandA, { sku: "NOPE", channel: "jd", price: "1" });
    expect((await unknown.json()).message).toBe("unknown sku NOPE");
  });
});

describe("pre-check in the dashboard", () => {
  const post = (caller: Caller, form: Record<string, string>) =>
    fetch(`${brandTools.url()}/check`, {
      method: "POST",
      headers: { ...bearer(caller), origin: brandTools.url() },
      body: new URLSearchParams(form),
    });

  it("offers a distributor only its own shops' channels and no seller field", async () => {
    const brandForm = await (await fetch(`${brandTools.url()}/check`, { headers: bearer(brandA) })).text();
    expect(brandForm).toContain('name="seller"');
    expect(brandForm).toContain('value="pdd"');
    const distForm = await (await fetch(`${brandTools.url()}/check`, { headers: bearer(distA) })).text();
    expect(distForm).not.toContain('name="seller"');
    expect(distForm).toContain('value="jd"');
    expect(distForm).not.toContain('value="pdd"');
  });

  it("shows the answer and echoes what was typed, escaped", async () => {
    const res = await post(brandA, {
      sku: "GLU-50",
      channel: "jd",
      price: "99",
      seller: HOSTILE_NAME,
      title: HOSTILE_NAME,
      promotions: "满99减10\r\n\r\n领券立减5元",
    });
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toContain("Not compliant");
    expect(page).toContain("unauthorized_seller");
    expect(page).not.toContain("<script>alert(2)");
    expect(page).toContain("&lt;script&gt;alert(2)&lt;/script&gt;");
    expect(page).toContain("满99减10");
  });

  it("lists form problems, and refuses a post from another site", async () => {
    const res = await post(brandA, { sku: "GLU-50", channel: "jd", price: "cheap" });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("<code>price</code>");
    const crossSite = await fetch(`${brandTools.url()}/check`, {
      method: "POST",
      headers: { ...bearer(brandA), origin: "https://evil.example" },
      body: new URLSearchParams({ sku: "GLU-50", channel: "jd", price: "99" }),
    });
    expect(crossSite.status).toBe(403);
  });
});
