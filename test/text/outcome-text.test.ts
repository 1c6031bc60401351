import { describe, expect, it } from "vitest";
import { outcomeReasonText } from "../../functions/text/outcome-text.js";

describe("why a page was not priced, in Chinese", () => {
  it.each([
    ["the page shows no price", "页面未显示价格"],
    ["HTTP 403", "服务器返回 HTTP 403"],
    ["HTTP 503 after 3 attempt(s)", "HTTP 503，已尝试 3 次"],
    ["login wall (session 53ca0603)", "需要登录才能查看（会话 53ca0603）"],
    ["slider captcha widget (JD JDJRV)", "滑块验证码（JD JDJRV）"],
    ["no complete response within 30000 ms", "30000 毫秒内未收到完整响应"],
    ["disallowed by robots.txt line 4", "robots.txt 第 4 行禁止抓取"],
    ["listing removed (imported HAR 0123456789ab)", "商品已下架（导入的 HAR 0123456789ab）"],
  ])("%s → %s", (reason, zh) => {
    expect(outcomeReasonText(reason, "zh-CN")).toBe(zh);
    expect(outcomeReasonText(reason, "en")).toBe(reason);
  });

  it("shows a reason it does not know as recorded, never hides it", () => {
    expect(outcomeReasonText("something new happened", "zh-CN")).toBe("something new happened");
  });
});
