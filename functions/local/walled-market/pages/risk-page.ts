/**
 * JD's risk control answer (../shared/marketplace-facts.md): HTTP 200 with a 京东验证 page in
 * place of the item or search page; for the API, an empty 200 whose `x-rp-content` header holds
 * base64 JSON `{"code":"605",…}`. Nothing here can be solved: the session recovers by waiting.
 */

export const RISK_PAGE = `<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>京东验证</title>
<style>body{margin:0;font:14px/1.6 'PingFang SC','Microsoft YaHei',sans-serif;color:#333;background:#f7f7f7}.box{width:360px;margin:120px auto;padding:28px;background:#fff;border-radius:8px;box-shadow:0 2px 12px rgba(0,0,0,.08);text-align:center}.box h1{font-size:18px;margin:0 0 8px}.tip{color:#999;font-size:12px}.verify-btn{display:block;margin:20px auto 0;width:100%;height:40px;border:0;border-radius:4px;background:#e4393c;color:#fff;font-size:15px}</style>
</head><body><div class="box" id="risk-box"><h1>京东验证</h1><p>当前访问环境存在风险，验证后继续访问</p><p class="tip">验证通过后将自动返回原页面</p><button class="verify-btn" type="button" onclick="this.textContent='请稍后再试'">开始验证</button></div></body></html>
`;

/** The `x-rp-content` header value of an API call refused by risk control. */
export function riskHeader(origin: string): string {
  const payload = {
    code: "605",
    message: "验证后继续访问",
    disposal: {
      type: "verify",
      title: "京东验证",
      url: `${origin}/risk_handler?returnurl=${encodeURIComponent(`${origin}/`)}&evtype=2`,
    },
  };
  return Buffer.from(JSON.stringify(payload), "utf8").toString("base64");
}
