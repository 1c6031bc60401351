import type { Locale } from "./locale.js";
import { unmatchedReasonText } from "./match-text.js";

/**
 * Why a page was not priced, as the crawler records it (English, stable wording in
 * `functions/crawl` and `functions/stages`), in the reader's language. Wording this table does not
 * know is shown as recorded, so a new reason is never hidden.
 */
const ZH: Array<[RegExp, (m: RegExpExecArray) => string]> = [
  [/^HTTP (\d{3}) after (\d+) attempt\(s\)$/, (m) => `HTTP ${m[1]}，已尝试 ${m[2]} 次`],
  [/^HTTP (\d{3}) without a usable Location$/, (m) => `HTTP ${m[1]} 跳转缺少有效地址`],
  [/^HTTP 404$|^not-found page$/, () => "页面不存在（404）"],
  [/^HTTP 410$|^listing removed$/, () => "商品已下架"],
  [/^HTTP 429$/, () => "请求过于频繁，被限流（429）"],
  [/^HTTP (\d{3})$/, (m) => `服务器返回 HTTP ${m[1]}`],
  [/^Cloudflare challenge$/, () => "Cloudflare 人机验证"],
  [/^access denied page$/, () => "访问被拒绝页面"],
  [/^anti-bot interstitial$/, () => "反爬虫过渡页"],
  [/^anti-bot punish page$|^redirected to an anti-bot punish page$/, () => "反爬虫拦截页"],
  [/^captcha widget$/, () => "验证码"],
  [/^slider captcha widget \((.+)\)$/, (m) => `滑块验证码（${m[1]}）`],
  [/^slider verification page$/, () => "滑块验证页面"],
  [/^verification page$|^redirected to a verification page$/, () => "安全验证页面"],
  [/^redirected to JD's risk page \((.+)\)$/, (m) => `被跳转到京东风控页（${m[1]}）`],
  [/^login page$|^login wall$|^redirected to a login page$/, () => "需要登录才能查看"],
  [/^judged on its own item page in this run$/, () => "本轮已在其商品页单独判断"],
  [/^refused$/, () => "已拒绝"],
  [/^not a valid URL$/, () => "不是有效的网址"],
  [
    /^the channel needs Chromium and this worker has none$/,
    () => "该渠道需要浏览器渲染，但此处没有 Chromium",
  ],
  [/^the render was given up$/, () => "渲染超时，已放弃"],
  [/^the stored session cannot be read/, () => "已保存的登录会话无法读取（已删除或由其他密钥加密）"],
  [/^address guard: (.+)$/, (m) => `地址防护拒绝访问：${m[1]}`],
  [/^body exceeds (\d+) bytes$/, (m) => `页面超过 ${m[1]} 字节上限`],
  [/^content-length (\d+) exceeds (\d+) bytes$/, (m) => `页面声明大小 ${m[1]} 字节，超过 ${m[2]} 字节上限`],
  [/^cannot decode (.+) body$/, (m) => `无法解压页面（${m[1]}）`],
  [/^content-encoding (.+) is not supported$/, (m) => `不支持的压缩方式 ${m[1]}`],
  [/^content-type (.+) is not a page$/, (m) => `内容类型 ${m[1]} 不是网页`],
  [/^disallowed by robots\.txt line (\d+)$/, (m) => `robots.txt 第 ${m[1]} 行禁止抓取`],
  [
    /^robots\.txt (.+): treated as disallow-all \(RFC 9309\)$/,
    (m) => `robots.txt ${m[1]}：按全部禁止处理（RFC 9309）`,
  ],
  [/^more than (\d+) redirects$/, (m) => `跳转超过 ${m[1]} 次`],
  [/^no complete response within (\d+) ms$/, (m) => `${m[1]} 毫秒内未收到完整响应`],
  [/^redirect loop back to (.+)$/, (m) => `循环跳转回 ${m[1]}`],
  [/^scheme (.+) is not fetched$/, (m) => `不抓取 ${m[1]} 协议的地址`],
  [/^unparseable Location/, () => "跳转地址无法解析"],
  [/^(.+) \(session (.+)\)$/, (m) => `${outcomeReasonText(m[1] ?? "", "zh-CN")}（会话 ${m[2]}）`],
  [/^(.+) \(imported HAR (\w+)\)$/, (m) => `${outcomeReasonText(m[1] ?? "", "zh-CN")}（导入的 HAR ${m[2]}）`],
];

export function outcomeReasonText(reason: string, locale: Locale): string {
  if (locale === "en") return reason;
  for (const [re, render] of ZH) {
    const m = re.exec(reason);
    if (m) return render(m);
  }
  // Extraction and matching reasons (the page shows no price, pack size differs, …).
  return unmatchedReasonText(reason, locale);
}
