import { describe, expect, it } from "vitest";
import { findingBase } from "../../../../functions/core/detect/rules/finding-base.js";
import { listingCompliance, RX_NOTICE } from "../../../../functions/core/detect/rules/listing-compliance.js";
import type { ExtractedListing } from "../../../../functions/core/listing.js";
import { detectInput, listing, OFFICIAL, product, tenantConfig } from "./detect-input-fixture.js";

function check(
  category: string,
  page: Partial<ExtractedListing> = {},
  productOverrides = {},
  rules: object = { listingCompliance: {} },
) {
  const config = tenantConfig({ products: [product({ category, ...productOverrides })], rules });
  return listingCompliance(detectInput({ config, listing: listing(page) }));
}

const RX_PROBLEM = `the prescription-drug page lacks the notice "${RX_NOTICE}"`;
const DEVICE_PROBLEM =
  "the medical-device page shows no registration certificate or filing number (国械注准/械备)";
const PROHIBITED_PROBLEM =
  "the product is on the list of drugs that may not be sold online (药品网络销售禁止清单)";

describe("listingCompliance", () => {
  it("asks a prescription-drug page for the prescription notice", () => {
    const config = tenantConfig({
      products: [product({ category: "rx-drug" })],
      rules: { listingCompliance: {} },
    });
    const input = detectInput({ config, listing: listing({ pageText: "安可片 处方药" }) });
    expect(listingCompliance(input)).toEqual([
      {
        ...findingBase(input),
        type: "listing_compliance",
        severity: "high",
        threshold: null,
        explanation: `Listing compliance: 安可血糖试纸 50片 (GLU-50) sold by 某某大药房 on 京东: ${RX_PROBLEM}.`,
        facts: expect.objectContaining({
          rule: { rule: "listing_compliance", category: "rx-drug", problems: ["rx_notice_missing"] },
        }),
        inputs: { ...findingBase(input).inputs, category: "rx-drug", problems: [RX_PROBLEM] },
      },
    ]);
  });

  it("finds the notice in the page text, the title or the identifiers, whatever its width or spacing", () => {
    expect(check("rx-drug", { pageText: `说明书 ${RX_NOTICE}。` })).toEqual([]);
    expect(check("rx-drug", { title: `安可片 ${RX_NOTICE}`, pageText: "" })).toEqual([]);
    expect(check("rx-drug", { identifiers: [RX_NOTICE], pageText: "" })).toEqual([]);
    // Traditional characters fold to simplified: the notice is there.
    expect(check("rx-drug", { pageText: "處方藥須憑處方在藥師指導下購買和使用" })).toEqual([]);
  });

  it("asks a device page for a registration certificate or filing number", () => {
    expect(check("device", { identifiers: [], pageText: "安可血糖仪" })[0]?.inputs.problems).toEqual([
      DEVICE_PROBLEM,
    ]);
    for (const number of [
      "国械注准20193220123",
      "国械注进 20172400001",
      "国械注许20163401234",
      "苏械注准20152400567",
      "浙械注进2016",
      "沪械备20200012号",
      " 械备2019",
    ]) {
      expect(check("device", { identifiers: [], pageText: `注册证 ${number}` }), number).toEqual([]);
    }
  });

  it("does not take a partial or malformed number for a registration", () => {
    for (const text of ["国械注准 201", "国械注册20193220123", "械注2019", "国械注准号"]) {
      expect(check("device", { identifiers: [], pageText: text }), text).toHaveLength(1);
    }
  });

  it("judges a page without a title on its identifiers and text", () => {
    expect(check("device", { title: null, identifiers: ["国械注准20193220123"], pageText: "" })).toEqual([]);
    expect(check("rx-drug", { title: null, pageText: RX_NOTICE })).toEqual([]);
    expect(check("rx-drug", { title: null, pageText: "" })).toHaveLength(1);
  });

  it("never glues separate identifiers into one registration number", () => {
    expect(check("device", { identifiers: ["国械注准201", "9"], pageText: "" })).toHaveLength(1);
    expect(check("device", { identifiers: ["货号 A1", "国械注准20193220123"], pageText: "" })).toEqual([]);
  });

  it("flags a product on the online-sale prohibited list whatever the page shows", () => {
    const findings = check("rx-drug", { pageText: RX_NOTICE }, { onlineSaleProhibited: true });
    expect(findings[0]?.inputs.problems).toEqual([PROHIBITED_PROBLEM]);
  });

  it("lists every problem in one finding", () => {
    const [finding] = check("rx-drug", { pageText: "" }, { onlineSaleProhibited: true });
    expect(finding?.inputs.problems).toEqual([PROHIBITED_PROBLEM, RX_PROBLEM]);
    expect(finding?.explanation).toBe(
      `Listing compliance: 安可血糖试纸 50片 (GLU-50) sold by 某某大药房 on 京东: ${PROHIBITED_PROBLEM}; ${RX_PROBLEM}.`,
    );
  });

  it("judges page content only on the product page itself", () => {
    expect(check("rx-drug", { pageText: "", fromPage: false })).toEqual([]);
    expect(check("device", { identifiers: [], pageText: "", fromPage: false })).toEqual([]);
    expect(check("rx-drug", { pageText: "", fromPage: true })).toHaveLength(1);
    const prohibited = check("otc-drug", { fromPage: false }, { onlineSaleProhibited: true });
    expect(prohibited[0]?.inputs.problems).toEqual([PROHIBITED_PROBLEM]);
  });

  it("asks nothing of OTC drugs and other products", () => {
    expect(check("otc-drug", { pageText: "" })).toEqual([]);
    expect(check("other", { pageText: "" })).toEqual([]);
  });

  it("binds the official store too, at the configured severity", () => {
    const config = tenantConfig({
      products: [product({ category: "rx-drug" })],
      rules: { listingCompliance: { severity: "medium" } },
    });
    const findings = listingCompliance(
      detectInput({ config, seller: OFFICIAL, listing: listing({ pageText: "" }) }),
    );
    expect(findings.map((f) => f.severity)).toEqual(["medium"]);
  });

  it("does nothing without the rule", () => {
    expect(check("rx-drug", { pageText: "" }, { onlineSaleProhibited: true }, {})).toEqual([]);
  });
});
