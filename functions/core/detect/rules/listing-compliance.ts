import type { Finding } from "../../alert.js";
import { normalizeText } from "../../match/normalize-text.js";
import type { DetectInput } from "../detect-input.js";
import type { ComplianceProblem } from "../explanation-facts.js";
import { describeListing, explanationFacts, findingBase } from "./finding-base.js";

/** The notice every prescription-drug page must carry (药品网络销售监督管理办法, Art. 9). */
export const RX_NOTICE = "处方药须凭处方在药师指导下购买和使用";
/** Device registration certificates and filing numbers: 国械注准/国械注进/国械注许, 械备 / X械备. */
const DEVICE_NUMBER = /(国械注[准进许]|[\u4e00-\u9fa5]?械(注[准进]|备))\s*\d{4}/;

/** Regulatory checks of drug and device listings; they bind every seller, official ones too. */
export function listingCompliance(input: DetectInput): Finding[] {
  const rule = input.config.rules.listingCompliance;
  if (!rule) return [];
  const { product } = input.match;
  const problems: string[] = [];
  const codes: ComplianceProblem[] = [];
  const text = `${input.listing.title ?? ""} ${input.listing.identifiers.join(" ")} ${input.listing.pageText}`;
  if (product.onlineSaleProhibited) {
    problems.push("the product is on the list of drugs that may not be sold online (药品网络销售禁止清单)");
    codes.push("online_sale_prohibited");
  }
  // A search row or a data-only capture is not the product page: what the page displays is unknown.
  const pageSeen = input.listing.fromPage !== false;
  if (pageSeen && product.category === "rx-drug" && !normalizeText(text).includes(normalizeText(RX_NOTICE))) {
    problems.push(`the prescription-drug page lacks the notice "${RX_NOTICE}"`);
    codes.push("rx_notice_missing");
  }
  if (pageSeen && product.category === "device" && !DEVICE_NUMBER.test(text)) {
    problems.push(
      "the medical-device page shows no registration certificate or filing number (国械注准/械备)",
    );
    codes.push("device_number_missing");
  }
  if (problems.length === 0) return [];
  return [
    {
      ...findingBase(input),
      type: "listing_compliance",
      severity: rule.severity ?? "high",
      threshold: null,
      explanation: `Listing compliance: ${describeListing(input)}: ${problems.join("; ")}.`,
      facts: explanationFacts(input, {
        rule: "listing_compliance",
        category: product.category,
        problems: codes,
      }),
      inputs: { ...findingBase(input).inputs, category: product.category, problems },
    },
  ];
}
