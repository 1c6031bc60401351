/**
 * Query parameters that track a visit, not a product: shares, campaigns, referrers, click ids,
 * and the Taobao/JD/Pinduoduo variants of each. Matched case-insensitively.
 */
export const TRACKING_PARAMS: ReadonlySet<string> = new Set([
  "spm",
  "scm",
  "pvid",
  "from",
  "ref",
  "referer",
  "referrer",
  "_t",
  "cpsparams",
  "clickid",
  "click_id",
  "gclid",
  "gclsrc",
  "dclid",
  "fbclid",
  "msclkid",
  "yclid",
  "igshid",
  "mc_cid",
  "mc_eid",
  "_hsenc",
  "_hsmi",
  "ali_refid",
  "ali_trackid",
  "acm",
  "abbucket",
  "ut_sk",
  "sourcetype",
  "suid",
  "un",
  "sp_tk",
  "tbsocialpopkey",
  "wxsign",
  "pisk",
  "xxc",
  "ns",
  "mi_id",
  "price_tid",
  "pricetid",
  "bxsign",
  "cu",
  "ptag",
  "pps",
  "ad_od",
  "jd_pop",
  "_fd",
  "_wvx",
  "_wv",
  "refer_page_name",
  "refer_page_id",
  "refer_page_sn",
  "page_from",
  "pdduid",
  "_oak_stats",
  "_oc_trace_mark",
  "_oc_refer_ad",
  "share_uin",
  "shareid",
  "sharefrom",
  "vd_source",
  "si",
  "timestamp",
]);

/** Prefixes of tracking parameters (utm_campaign, share_token, _x_share_id, refer_*...). */
export const TRACKING_PREFIXES: readonly string[] = [
  "utm_",
  "share_",
  "_x_",
  "refer_",
  "hmsr",
  "hmpl",
  "hmcu",
  "hmkw",
  "hmci",
];

function isTracking(rawName: string): boolean {
  let name: string;
  try {
    name = decodeURIComponent(rawName.replace(/\+/g, " ")).toLowerCase();
  } catch {
    name = rawName.toLowerCase();
  }
  return TRACKING_PARAMS.has(name) || TRACKING_PREFIXES.some((p) => name.startsWith(p));
}

const upperPercent = (s: string) => s.replace(/%[0-9a-f]{2}/gi, (m) => m.toUpperCase());

/**
 * The URL that identifies a listing, for de-duplication and for the listing id: scheme and host
 * lowercased, default port, trailing host dot and fragment dropped, tracking parameters removed
 * and the rest sorted; product parameters (id, skuId, goods_id, sku_properties...) stay, with
 * their original encoding. A hash route (`#/item?id=1`, `#!`) is part of the address and kept.
 * A string that is not a URL is returned trimmed. Idempotent.
 */
export function canonicalUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return url.trim();
  }
  if (parsed.hostname.endsWith(".")) parsed.hostname = parsed.hostname.replace(/\.+$/, "");
  if (!/^#[/!]/.test(parsed.hash)) parsed.hash = "";
  const pairs = parsed.search
    .replace(/^\?/, "")
    .split("&")
    .filter((pair) => pair !== "" && pair !== "=")
    .filter((pair) => !isTracking(pair.split("=", 1)[0] ?? ""))
    .map(upperPercent);
  // Sort by name, then by the whole pair; stable across repeated runs and input orders.
  pairs.sort((a, b) => {
    const an = a.split("=", 1)[0] ?? "";
    const bn = b.split("=", 1)[0] ?? "";
    if (an !== bn) return an < bn ? -1 : 1;
    return a < b ? -1 : a > b ? 1 : 0;
  });
  parsed.search = pairs.length > 0 ? `?${pairs.join("&")}` : "";
  parsed.pathname = upperPercent(parsed.pathname);
  return parsed.href;
}
