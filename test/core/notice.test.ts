import { describe, expect, it } from "vitest";
import type { AlertType } from "../../functions/core/alert.js";
import { type TenantConfig, validateConfig } from "../../functions/core/config.js";
import { draftNotice } from "../../functions/core/notice.js";
import { alertOf, HOSTILE_SELLER } from "../notify/alert-fixture.js";

function config(jurisdiction: "CN" | "US", notices = true): TenantConfig {
  const result = validateConfig({
    tenant: "acme",
    jurisdiction,
    channels: [{ id: "jd", name: "京东", match: ["item.jd.com"] }],
    products: [
      {
        sku: "GLU-50",
        name: "安可血糖试纸 50片",
        category: "device",
        match: { keywords: [["安可", "血糖试纸"]] },
        minPrice: 159,
      },
    ],
    distributors: [
      { id: "dist-sh", name: "上海康恒医药", sellers: [{ channel: "jd", name: "康恒医疗器械专营店" }] },
    ],
    officialSellers: [{ channel: "jd", name: "安可官方旗舰店" }],
    watch: [{ url: "https://item.jd.com/1.html", channel: "jd" }],
    ...(notices ? { notices: { sender: "安可医疗科技有限公司", contact: "legal@anke.example" } } : {}),
  });
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.config;
}

const NOW = new Date("2026-03-02T00:00:00.000Z");
const evidence = {
  captureId: "0123456789abcdef",
  capturedAt: "2026-03-01T08:00:00.000Z",
  manifestSha256: "a".repeat(64),
  keyFingerprint: `sha256:${"b".repeat(64)}`,
};

describe("enforcement notices", () => {
  it("draft for an unauthorized seller: facts, evidence, qualification request, and never a price", () => {
    const draft = draftNotice(
      alertOf({ type: "unauthorized_seller", threshold: null }),
      config("CN"),
      evidence,
      NOW,
    );
    expect(draft.kind).toBe("draft");
    if (draft.kind !== "draft") return;
    expect(draft.recipient).toBe("platform");
    expect(draft.text).toContain("某某医疗专营店");
    expect(draft.text).toContain("https://item.jd.com/100012345678.html");
    expect(draft.text).toContain(`清单 SHA-256 ${"a".repeat(64)}`);
    expect(draft.text).toContain("医疗器械/药品经营资质");
    expect(draft.text).toContain("安可医疗科技有限公司\nlegal@anke.example\n2026年3月2日");
    // Times in the tenant's zone, named: 08:00 UTC is 16:00 in Beijing.
    expect(draft.text).toContain("证据：2026-03-01 16:00 北京时间 取证");
    expect(draft.text).toContain("发现时间：2026-01-01 08:00 北京时间 – 2026-01-01 08:00 北京时间");
    expect(draft.text).not.toMatch(/¥|99\.00|159/);
    // A CN tenant's letter is Chinese: no English sentence in it.
    expect(draft.text).not.toMatch(/\b(the|shop|notice|Evidence|Product)\b/);
  });

  it("refuse a resale-price notice to an authorized distributor where the law forbids enforcing one", () => {
    const monitoring = alertOf({
      distributorId: "dist-sh",
      seller: "康恒医疗器械专营店",
      monitoringOnly: true,
    });
    const draft = draftNotice(monitoring, config("CN"), evidence, NOW);
    expect(draft).toEqual({
      kind: "not_drafted",
      code: "resale_price",
      reason: expect.stringMatching(/^仅作监测：依照我国《反垄断法》/),
    });
    expect(draftNotice(monitoring, config("CN"), evidence, NOW, { locale: "en" })).toMatchObject({
      reason: expect.stringMatching(/^monitoring only: under the CN rules/),
    });
  });

  it("draft a pricing-policy notice to an authorized distributor under US rules", () => {
    const map = alertOf({ distributorId: "dist-sh", seller: "康恒医疗器械专营店" });
    const draft = draftNotice(map, config("US"), null, NOW, { locale: "en" });
    expect(draft.kind).toBe("draft");
    if (draft.kind !== "draft") return;
    expect(draft.recipient).toBe("seller");
    expect(draft.text).toContain("below the minimum advertised price of ¥159.00");
    expect(draft.text).toContain("Evidence: our system keeps a record of the page");
  });

  it("never rest a notice to a seller the brand does not supply, or its own store, on a price", () => {
    const stranger = draftNotice(alertOf(), config("US"), evidence, NOW, { locale: "en" });
    expect(stranger).toMatchObject({
      kind: "not_drafted",
      reason: expect.stringMatching(/not supplied by the brand/),
    });
    const own = draftNotice(alertOf({ seller: "安可官方旗舰店" }), config("US"), evidence, NOW, {
      locale: "en",
    });
    expect(own).toMatchObject({ kind: "not_drafted", reason: expect.stringMatching(/official store/) });
  });

  it("draft nothing for crawl, territory or trend alerts, or without a sender in the config", () => {
    for (const type of ["blocked", "extraction_failed", "out_of_region", "price_drop"] satisfies AlertType[])
      expect(draftNotice(alertOf({ type }), config("US"), evidence, NOW).kind).toBe("not_drafted");
    expect(
      draftNotice(alertOf({ type: "unauthorized_seller" }), config("CN", false), evidence, NOW, {
        locale: "en",
      }),
    ).toEqual({
      kind: "not_drafted",
      code: "not_configured",
      reason: "set notices.sender and notices.contact in the config to draft notices",
    });
  });

  it("list a listing's compliance problems, and keep strangers' control and bidi characters out", () => {
    const draft = draftNotice(
      alertOf({
        type: "listing_compliance",
        seller: HOSTILE_SELLER,
        inputs: { problems: ["the prescription-drug page lacks the notice \u202e处方药须凭处方"] },
      }),
      config("CN"),
      evidence,
      NOW,
    );
    expect(draft.kind).toBe("draft");
    if (draft.kind !== "draft") return;
    expect(draft.text).toContain("问题：the prescription-drug page lacks the notice");
    expect(draft.text).not.toMatch(/[\u202a-\u202e\u2066-\u2069]/);
    expect(draft.text).not.toContain("\n# 标题");
  });

  it("dates the notice by the tenant's calendar: drafted at 05:57 Beijing time, it bears that day", () => {
    const at0557 = new Date("2026-12-06T21:57:00.000Z");
    const alert = alertOf({ type: "unauthorized_seller", threshold: null });
    const zh = draftNotice(alert, config("CN"), evidence, at0557);
    const en = draftNotice(alert, config("CN"), evidence, at0557, { locale: "en" });
    if (zh.kind !== "draft" || en.kind !== "draft") throw new Error("expected drafts");
    expect(zh.text.endsWith("legal@anke.example\n2026年12月7日")).toBe(true);
    expect(en.text.endsWith("legal@anke.example\n7 December 2026")).toBe(true);
    expect(en.text).toContain("Evidence: captured 2026-03-01 16:00 UTC+8");
  });

  it("states a listing's compliance problems from the finding's facts in the letter's language", () => {
    const facts = {
      listing: {
        product: "安可血糖试纸 50片",
        sku: "GLU-50",
        seller: "某某医疗专营店",
        sellerId: null,
        channelName: "京东",
        ad: false,
        matchedBy: "keywords",
        confidence: 0.9,
        matchEvidence: [],
        sellerKind: "unknown",
        sellerMatchedBy: "none",
        distributorId: null,
        fromSearch: false,
        titlePromotionClaims: [],
      },
      price: null,
      rule: { rule: "listing_compliance", category: "device", problems: ["device_number_missing"] },
    } as const;
    const alert = alertOf({ type: "listing_compliance", facts: structuredClone(facts) as never });
    const zh = draftNotice(alert, config("CN"), null, NOW);
    const en = draftNotice(alert, config("CN"), null, NOW, { locale: "en" });
    if (zh.kind !== "draft" || en.kind !== "draft") throw new Error("expected drafts");
    expect(zh.text).toContain("问题：医疗器械页面未展示注册证号或备案号（国械注准/械备）");
    expect(en.text).toContain("Problems: the medical-device page shows no registration certificate");
  });
});
