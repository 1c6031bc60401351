/**
 * Chinese regulatory numbers a listing must show: drug approvals (国药准字H20000001), device
 * registrations (国械注准/国械注进/国械注许 + 11 digits), class-I device filings (苏械备20190012号),
 * old-style device numbers and health-food approvals (国食健字G20100001, 国食健注, 食健备).
 */
const PATTERNS: readonly RegExp[] = [
  /国药准字\s?[HZSJBTF]\s?\d{8}/g,
  /国械注[准进许]\s?\d{11}/g,
  /[\u4e00-\u9fa5]{1,4}械备\s?\d{8}号?/g,
  /[\u4e00-\u9fa5]{0,3}食?药监?械[（(][准进许][)）]字\s?\d{4}\s?第\s?\d{7}号/g,
  /国食健[字注]\s?[GJ]\s?\d{8}/g,
  /食健备\s?[GJ]\s?\d{10,14}/g,
  /卫食健字[（(]\d{4}[)）]第\d{4}号/g,
];
/**
 * What every match of the pattern at the same index contains. Patterns that start with a
 * character class try every Chinese character as a start; the literal rules most pages out
 * with one fast search.
 */
const REQUIRED: readonly RegExp[] = [/国药准字/, /国械注/, /械备/, /械[（(]/, /国食健/, /食健备/, /卫食健字/];

const MAX_IDS = 20;

export function findApprovalNumbers(text: string): string[] {
  const found = new Set<string>();
  for (const [i, pattern] of PATTERNS.entries()) {
    if (!REQUIRED[i]!.test(text)) continue;
    for (const m of text.matchAll(pattern)) {
      found.add(m[0].replace(/\s+/g, ""));
      if (found.size >= MAX_IDS) return [...found];
    }
  }
  return [...found];
}
