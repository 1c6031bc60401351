import { describe, expect, it } from "vitest";
import { findingBase } from "../../../../functions/core/detect/rules/finding-base.js";
import { outOfRegion } from "../../../../functions/core/detect/rules/out-of-region.js";
import {
  DISTRIBUTOR,
  detectInput,
  listing,
  OFFICIAL,
  STRANGER,
  tenantConfig,
} from "./detect-input-fixture.js";

const shippingFrom = (shipFrom: string | null) =>
  detectInput({ seller: DISTRIBUTOR, listing: listing({ shipFrom }) });

describe("outOfRegion", () => {
  it("flags an authorized distributor shipping from outside all its regions", () => {
    const input = shippingFrom("广东广州");
    expect(outOfRegion(input)).toEqual({
      // The structured facts are checked in explanation-facts.test.ts.
      facts: expect.any(Object),
      ...findingBase(input),
      type: "out_of_region",
      severity: "medium",
      threshold: null,
      explanation:
        'Out of region: 安可血糖试纸 50片 (GLU-50) sold by 某某大药房 on 京东 ships from "广东广州", ' +
        "outside distributor dist-sh's regions (上海, 江苏).",
      inputs: { ...findingBase(input).inputs, shipFrom: "广东广州", regions: ["上海", "江苏"] },
    });
  });

  it("accepts a ship-from that contains any one of the regions", () => {
    expect(outOfRegion(shippingFrom("上海市浦东新区"))).toBeNull();
    expect(outOfRegion(shippingFrom("江苏南京"))).toBeNull();
  });

  it("uses the configured severity", () => {
    const cfg = tenantConfig({ rules: { region: { severity: "high" } } });
    expect(outOfRegion({ ...shippingFrom("广东"), config: cfg })?.severity).toBe("high");
  });

  it("says nothing when the ship-from is unknown", () => {
    expect(outOfRegion(shippingFrom(null))).toBeNull();
    expect(outOfRegion(shippingFrom(""))).toBeNull();
  });

  it("applies to authorized distributors only", () => {
    expect(outOfRegion({ ...shippingFrom("广东"), seller: OFFICIAL })).toBeNull();
    expect(outOfRegion({ ...shippingFrom("广东"), seller: STRANGER })).toBeNull();
  });

  it("does not judge a stranger's regions even when it carries a distributor id", () => {
    // A distributor's shop on a channel it is not authorized for is a stranger there.
    const stranger = { ...STRANGER, distributorId: "dist-sh" };
    expect(outOfRegion({ ...shippingFrom("广东"), seller: stranger })).toBeNull();
  });

  it("says nothing for a distributor without regions or one missing from the config", () => {
    const noRegions = tenantConfig({ distributors: [{ id: "dist-sh", name: "上海康达医药" }] });
    expect(outOfRegion({ ...shippingFrom("广东"), config: noRegions })).toBeNull();
    const unknown = { ...DISTRIBUTOR, distributorId: "dist-bj" };
    expect(outOfRegion({ ...shippingFrom("广东"), seller: unknown })).toBeNull();
  });

  it("finds the seller's own distributor among several", () => {
    const cfg = tenantConfig({
      distributors: [
        { id: "dist-gd", name: "广东医药", regions: ["广东"] },
        { id: "dist-sh", name: "上海康达医药", regions: ["上海"] },
      ],
    });
    expect(outOfRegion({ ...shippingFrom("广东广州"), config: cfg })?.inputs.regions).toEqual(["上海"]);
  });

  it("does nothing without the rule or without a price", () => {
    expect(outOfRegion({ ...shippingFrom("广东"), config: tenantConfig({ rules: {} }) })).toBeNull();
    expect(outOfRegion({ ...shippingFrom("广东"), price: null })).toBeNull();
  });
});
