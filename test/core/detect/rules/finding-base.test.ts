import { describe, expect, it } from "vitest";
import { describeListing, findingBase } from "../../../../functions/core/detect/rules/finding-base.js";
import { DISTRIBUTOR, detectInput, listing, price } from "./detect-input-fixture.js";

describe("findingBase", () => {
  it("carries the listing, the seller, the prices and every explanation input", () => {
    const input = detectInput({
      seller: DISTRIBUTOR,
      match: {
        ...detectInput().match,
        confidence: 0.8,
        matchedBy: "keywords",
        evidence: ["安可", "试纸"],
        packs: 2,
      },
      price: price(9950, {
        listedMinor: 21900,
        steps: [
          { label: "coupon 满200减20", deltaMinor: -2000, runningMinor: 19900 },
          { label: "per pack", deltaMinor: -9950, runningMinor: 9950 },
        ],
      }),
    });
    expect(findingBase(input)).toEqual({
      sku: "GLU-50",
      listingId: "L-100",
      url: "https://item.jd.com/100.html",
      channel: "jd",
      seller: "某某大药房",
      sellerId: "s-9",
      distributorId: "dist-sh",
      price: 9950,
      listedPrice: 21900,
      currency: "CNY",
      inputs: {
        match: "keywords (0.80)",
        matchEvidence: ["安可", "试纸"],
        seller: "Authorized distributor dist-sh by seller id.",
        sellerMatchedBy: "id",
        packs: 2,
        priceSteps: ["coupon 满200减20: ¥199.00", "per pack: ¥99.50"],
      },
      monitoringOnly: false,
    });
  });

  it("has null prices and no steps when the page shows no price", () => {
    const base = findingBase(detectInput({ price: null }));
    expect(base.price).toBeNull();
    expect(base.listedPrice).toBeNull();
    expect(base.inputs.priceSteps).toEqual([]);
  });

  it("says when the listing was a paid placement or was not seen on its own page", () => {
    const inputs = findingBase(detectInput({ listing: listing({ ad: true, fromPage: false }) })).inputs;
    expect(inputs.placement).toBe("paid placement (ad) in a search");
    expect(inputs.seenOn).toBe("a search row or captured data, not the product page");
    const organic = findingBase(detectInput({ listing: listing({ ad: false, fromPage: true }) })).inputs;
    expect(organic).not.toHaveProperty("placement");
    expect(organic).not.toHaveProperty("seenOn");
    const unstated = findingBase(detectInput()).inputs;
    expect(unstated).not.toHaveProperty("placement");
    expect(unstated).not.toHaveProperty("seenOn");
  });
  it("shows promotions only the title claims, marked as not applied", () => {
    const claimed = findingBase(detectInput({ listing: listing({ promotionClaims: ["买2送1"] }) })).inputs;
    expect(claimed.titlePromotionClaims).toEqual(["买2送1"]);
    expect(claimed.titlePromotionClaimsApplied).toBe(false);
    const none = findingBase(detectInput({ listing: listing({ promotionClaims: [] }) })).inputs;
    expect(none).not.toHaveProperty("titlePromotionClaims");
    expect(none).not.toHaveProperty("titlePromotionClaimsApplied");
    expect(findingBase(detectInput()).inputs).not.toHaveProperty("titlePromotionClaims");
  });
});

describe("describeListing", () => {
  it("names the product, SKU, seller and channel", () => {
    expect(describeListing(detectInput())).toBe("安可血糖试纸 50片 (GLU-50) sold by 某某大药房 on 京东");
  });

  it("says when the seller is unnamed and when the listing is an ad", () => {
    expect(describeListing(detectInput({ listing: listing({ seller: null, ad: true }) }))).toBe(
      "安可血糖试纸 50片 (GLU-50) sold by an unnamed seller on 京东 (in a paid search placement)",
    );
  });
});
