import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { classifyPage, SCAN_BYTES } from "../../functions/crawl/classify-page.js";

const page = (title: string, body: string) =>
  `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head><body>${body}</body></html>`;
const at = (body: string, finalUrl = "https://item.jd.com/100012345.html") =>
  classifyPage({ status: 200, url: "https://item.jd.com/100012345.html", finalUrl, body });

/** A realistic product page: header greeting, login pop-up with 验证码, lots of content. */
const productPage = page(
  "【安可】安可血糖试纸 50片【行情 报价 价格 评测】-京东",
  `<div id="ttbar-login">你好，请登录 免费注册</div>
   <div class="login-popup" style="display:none">手机号 获取验证码</div>
   <script>var loginUrl = "https://passport.jd.com/new/login.aspx"; var nc = "nc_token";</script>
   <div class="sku-name">安可血糖试纸 50片</div><span class="price">￥199.00</span>
   ${"<p>商品介绍 规格与包装 售后保障 商品评价</p>".repeat(200)}`,
);

describe("classifyPage", () => {
  it("lets a real product page through", () => {
    expect(at(productPage)).toEqual({ kind: "ok" });
  });

  it.each([
    ["Alibaba slider", page("淘宝网", '<div id="nc_1_wrapper"><span id="nc_1_n1z"></span></div>'), "slider"],
    ["punish page", page("", '<script src="https://g.alicdn.com/_____tmd_____/punish"></script>'), "slider"],
    ["x5sec", page("", '<form action="/x?x5secdata=abc"><input name="x5sec"></form>'), "slider"],
    ["slider words", page("京东", "<p>请拖动滑块完成验证</p>"), "slider"],
    [
      "geetest",
      page("验证", '<script src="https://static.geetest.com/static/tools/gt.js"></script>'),
      "captcha",
    ],
    ["captcha title", page("安全验证", "<p>为了您的账号安全</p>"), "captcha"],
    ["JD human check title", page("京东验证", "<div></div>"), "captcha"],
    ["JD human check words", page("京东", "<p>请完成验证后继续访问</p>"), "captcha"],
    ["verify you are human", page("shop", "<p>Please verify you are human to continue.</p>"), "captcha"],
    ["verification code page", page("拼多多", "<p>请输入验证码</p>"), "captcha"],
    [
      "Cloudflare",
      page("Just a moment...", "<p>Checking your browser before accessing.</p>"),
      "interstitial",
    ],
    [
      "Cloudflare challenge script",
      page("shop", '<script src="/cdn-cgi/challenge-platform/h/g/orchestrate/jsch/v1"></script>'),
      "interstitial",
    ],
    [
      "access denied",
      page("Access Denied", "<p>You don't have permission to access this server.</p>"),
      "forbidden",
    ],
    ["login title", page("京东-欢迎登录", "<form></form>"), "login"],
    ["login wall", page("京东", "<p>请登录后查看商品详情</p>"), "login"],
  ])("%s → blocked (%s)", (_, body, signal) => {
    expect(at(body)).toMatchObject({ kind: "blocked", signal });
  });

  it.each([
    "https://login.taobao.com/member/login.jhtml?redirectURL=x",
    "https://passport.jd.com/new/login.aspx?ReturnUrl=x",
    "https://mobile.yangkeduo.com/login.html?from=goods",
  ])("a redirect to %s is a login wall", (finalUrl) => {
    expect(at("", finalUrl)).toMatchObject({ kind: "blocked", signal: "login" });
  });

  it("a redirect to a punish URL is a slider", () => {
    expect(at("", "https://detail.tmall.com/_____tmd_____/punish?x5secdata=1")).toMatchObject({
      kind: "blocked",
      signal: "slider",
    });
  });

  it.each(["商品已下架", "该商品已下柜，欢迎挑选其他商品！", "宝贝已下架"])(
    "%s → gone, even on a large page",
    (notice) => {
      expect(
        at(
          productPage.replace(
            '<div class="sku-name">',
            `<div class="notice">${notice}</div><div class="sku-name">`,
          ),
        ),
      ).toMatchObject({
        kind: "gone",
      });
    },
  );

  it("a not-found page → not_found", () => {
    expect(at(page("页面不存在", "<p>抱歉，您访问的页面不存在</p>"))).toMatchObject({ kind: "not_found" });
  });

  it("falls back on the status", () => {
    const base = { url: "https://x.test/", finalUrl: "https://x.test/", body: "" };
    expect(classifyPage({ ...base, status: 404 }).kind).toBe("not_found");
    expect(classifyPage({ ...base, status: 410 }).kind).toBe("gone");
    expect(classifyPage({ ...base, status: 403 })).toMatchObject({ kind: "blocked", signal: "forbidden" });
  });

  it("scans only the first 64 KB", () => {
    const late = `${productPage}${" ".repeat(SCAN_BYTES)}<div id="nc_1_wrapper"></div>`;
    expect(at(late)).toEqual({ kind: "ok" });
  });

  it("block signals win over removed-listing notices", () => {
    expect(at(page("安全验证", "商品已下架"))).toMatchObject({ kind: "blocked" });
  });

  it("JD's 2026 walls: the risk-page bounce and the suspended slider", () => {
    // A logged-out PC item page is redirected to pc-frequent-pro.pf.jd.com with reason=403.
    expect(
      at(
        page("京东", "<div></div>"),
        "https://pc-frequent-pro.pf.jd.com/?returnurl=https%3A%2F%2Fitem.jd.com%2F100012345.html&reason=403",
      ),
    ).toMatchObject({ kind: "blocked", signal: "forbidden" });
    expect(
      at(page("京东", '<div class="JDJRV-suspend-slide"><div class="JDJRV-bigimg"></div></div>')),
    ).toMatchObject({ kind: "blocked", signal: "slider" });
    // The product page itself mentions neither.
    expect(at(productPage)).toEqual({ kind: "ok" });
  });

  it("never throws, whatever the body", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 2000 }), fc.integer({ min: 100, max: 599 }), (body, status) => {
        const verdict = classifyPage({ status, url: "https://x.test/", finalUrl: "https://x.test/", body });
        expect(["ok", "blocked", "gone", "not_found"]).toContain(verdict.kind);
      }),
    );
  });
});
