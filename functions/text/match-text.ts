import type { Locale } from "./locale.js";

/**
 * How a listing was (or was not) tied to a product, in the reader's language. Matching records
 * its evidence and reasons in fixed English forms (logs, the CLI); a reader of Chinese gets each
 * known form in Chinese, and stranger-written parts stay quoted as written.
 */

const q = (text: string) => `「${text}」`;

/** What pack-size reading set aside, named as a reader of Chinese would. */
const IGNORED_ZH: Record<string, string> = {
  "promotion wording": "促销用语",
  "model number": "型号",
  duration: "时长",
  range: "范围",
};

const WHERE_ZH: Record<string, string> = {
  "the listing's identifiers": "商品标识字段",
  "the title": "标题",
  "the page text": "页面正文",
};

/** One piece of match evidence. */
export function matchEvidenceText(evidence: string, locale: Locale): string {
  if (locale === "en") return evidence;
  const patterns: Array<[RegExp, (m: RegExpExecArray) => string]> = [
    [
      /^identifier (.+) in (the listing's identifiers|the title|the page text)$/,
      (m) => `${WHERE_ZH[m[2] ?? ""] ?? ""}中有标识 ${m[1]}`,
    ],
    [/^keywords (.+) in the title$/, (m) => `标题含关键词 ${(m[1] ?? "").split(" + ").join(" + ")}`],
    [/^(\d+) units per pack as configured$/, (m) => `每盒 ${m[1]} 件，与配置一致`],
    [
      /^(?:note: )?the listing states (\d+) units per pack, (.+) has (\d+)$/,
      (m) => `注意：商品页写明每盒 ${m[1]} 件，而 ${m[2]} 为每盒 ${m[3]} 件`,
    ],
    [/^sku (.+) named by the watch entry$/, (m) => `监测配置指定 SKU ${m[1]}`],
    [/^packs (\d+) from total "(.*)"$/, (m) => `按总量${q(m[2] ?? "")}计为 ${m[1]} 盒`],
    [/^packs (\d+) from "(.*)"$/, (m) => `按${q(m[2] ?? "")}计为 ${m[1]} 盒`],
    [/^(\d+) units per pack from total "(.*)"$/, (m) => `按总量${q(m[2] ?? "")}计每盒 ${m[1]} 件`],
    [/^(\d+) units per pack from "(.*)"$/, (m) => `按${q(m[2] ?? "")}计每盒 ${m[1]} 件`],
    [/^(\d+) units per pack from the listing's pack-size field$/, (m) => `按商品页规格字段计每盒 ${m[1]} 件`],
    [/^(\d+) units per pack \((\d+) in total\)$/, (m) => `每盒 ${m[1]} 件（共 ${m[2]} 件）`],
    [/^conflicting pack counts (.+); used (\d+)$/, (m) => `盒数说法不一（${m[1]}），按 ${m[2]} 盒计`],
    [
      /^ignored (promotion wording|model number|duration|range): (.+)$/,
      (m) => `已忽略${IGNORED_ZH[m[1] ?? ""] ?? ""}：${m[2]}`,
    ],
    [
      /^ignored "(.*)": a bare multiplier above (\d+) is ambiguous$/,
      (m) => `已忽略${q(m[1] ?? "")}：单独的乘数大于 ${m[2]}，含义不明`,
    ],
    [
      /^ignored "(.*)": a multiplier after a size, a pack count or a figure$/,
      (m) => `已忽略${q(m[1] ?? "")}：该乘数跟在规格、盒数或数字之后`,
    ],
    [/^conflicting unit counts (.+); used (\d+)$/, (m) => `件数说法不一（${m[1]}），按 ${m[2]} 件计`],
  ];
  for (const [re, render] of patterns) {
    const m = re.exec(evidence);
    if (m) return render(m);
  }
  return evidence;
}

/** Why a listing that mentions the brand was not tied to a product (the review list). */
export function unmatchedReasonText(reason: string | null, locale: Locale): string {
  if (reason === null) return "–";
  if (locale === "en") return reason;
  const patterns: Array<[RegExp, (m: RegExpExecArray) => string]> = [
    [
      /^no configured keywords or identifiers found in the listing$/,
      () => "商品页中没有任何已配置的关键词或标识",
    ],
    [/^ambiguous: (.+) match equally \(([\d.]+)\)$/, (m) => `无法区分：${m[1]} 匹配程度相同（${m[2]}）`],
    [/^pack size differs: (.+)$/, (m) => `规格不符：${matchEvidenceText(m[1] ?? "", locale)}`],
    [
      /^best candidate (.+) is below the match threshold \(([\d.]+) < ([\d.]+)\)$/,
      (m) => `最接近的商品 ${m[1]} 匹配度不足（${m[2]}，需达到 ${m[3]}）`,
    ],
    [
      /^the watch entry names sku (.+), which is not configured$/,
      (m) => `监测配置指定的 SKU ${m[1]} 未在商品中配置`,
    ],
    [/^the page shows no price$/, () => "页面未显示价格"],
    [/^price in (.+), expected (.+)$/, (m) => `价格币种为 ${m[1]}，应为 ${m[2]}`],
  ];
  for (const [re, render] of patterns) {
    const m = re.exec(reason);
    if (m) return render(m);
  }
  return reason;
}
