import { describe, expect, it } from "vitest";
import { findingBase } from "../../../../functions/core/detect/rules/finding-base.js";
import { detectInput, listing } from "./detect-input-fixture.js";

describe("a promotion only the title claims", () => {
  it("is shown in a finding's inputs, marked as not applied", () => {
    const input = detectInput({ listing: listing({ promotionClaims: ["买2送1"] }) });
    expect(findingBase(input).inputs).toMatchObject({
      titlePromotionClaims: ["买2送1"],
      titlePromotionClaimsApplied: false,
    });
  });

  it("adds nothing to the inputs of a listing without one", () => {
    expect(findingBase(detectInput()).inputs).not.toHaveProperty("titlePromotionClaims");
  });
});
