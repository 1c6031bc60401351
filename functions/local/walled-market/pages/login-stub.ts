/**
 * What a signed-out visitor gets for any item or search URL, real or not: the same ~5 KB login
 * page, byte for byte (JD redirects to passport.jd.com; this market answers in place, HTTP 200).
 * Nothing in it depends on the URL: the return address is read by its script from `location`.
 */

const STYLE = [
  "*{margin:0;padding:0}",
  "body{font:12px/1.5 'Microsoft YaHei',arial,'Hiragino Sans GB','PingFang SC',sans-serif;color:#666;background:#fff}",
  "a{color:#666;text-decoration:none}a:hover{color:#e4393c}",
  ".w{width:990px;margin:0 auto}",
  "#logo-2014{position:relative;height:60px;padding:15px 0 5px}",
  "#logo-2014 .logo{display:inline-block;width:170px;height:60px;font-size:30px;font-weight:700;color:#e4393c}",
  "#logo-2014 .q-link{position:absolute;right:0;top:40px;color:#999}",
  ".login-banner{height:475px;background:#e93854}",
  ".login-banner .w{position:relative;height:475px}",
  ".login-banner .promo{position:absolute;left:0;top:120px;font-size:40px;color:#fff;letter-spacing:6px}",
  ".login-form{position:absolute;right:0;top:35px;width:346px;background:#fff;box-shadow:0 0 8px rgba(0,0,0,.15)}",
  ".login-tab{display:flex;height:54px;border-bottom:1px solid #f4f4f4}",
  ".login-tab a{flex:1;text-align:center;line-height:54px;font-size:18px}",
  ".login-tab a.checked{color:#e4393c;font-weight:700}",
  ".login-box{padding:20px 20px 10px}",
  ".msg-wrap{min-height:31px;height:auto!important;margin-bottom:5px}",
  ".msg-warn{position:relative;padding:3px 10px 3px 25px;border:1px solid #ffdcb3;color:#e4393c;background:#fff6d2;line-height:18px}",
  ".item{position:relative;margin-bottom:20px;height:38px;border:1px solid #bdbdbd}",
  ".item label{float:left;width:38px;height:38px;border-right:1px solid #bdbdbd;background:#f3f3f3}",
  ".item input{width:240px;height:18px;padding:10px 0 10px 10px;border:0;font-size:14px;outline:0}",
  ".safe{height:18px;margin-bottom:12px}.safe .forget-pw{float:right}",
  ".login-btn{display:block;width:100%;height:34px;line-height:34px;background:#e4393c;color:#fff;font-size:20px;text-align:center;border:0;cursor:pointer}",
  ".coagent{padding:12px 20px;border-top:1px solid #f4f4f4;background:#fcfcfc}",
  ".coagent ul{display:flex;list-style:none}.coagent li{margin-right:18px}",
  ".qrcode-login{padding:30px 0;text-align:center}.qrcode-img{display:inline-block;width:160px;height:160px;background:#f3f3f3}",
  "#footer-2014{padding:30px 0;text-align:center;color:#999}",
  "#footer-2014 .links a{margin:0 10px}",
  "#footer-2014 .copyright{margin-top:10px}",
].join("\n");

const LINKS = [
  "关于我们",
  "联系我们",
  "人才招聘",
  "商家入驻",
  "广告服务",
  "手机京东",
  "友情链接",
  "销售联盟",
  "京东社区",
  "京东公益",
  "English Site",
];

/** The stub, built once: identical bytes for every URL. */
export const LOGIN_STUB = `<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta http-equiv="X-UA-Compatible" content="IE=edge"><title>京东-欢迎登录</title>
<meta name="robots" content="noindex,nofollow">
<style>
${STYLE}
</style></head>
<body>
<div class="w"><div id="logo-2014"><a href="/" class="logo">京东</a><b class="logo-title">欢迎登录</b><a class="q-link" href="/help/login" target="_blank">登录页面，调查问卷</a></div></div>
<div id="content"><div class="login-banner"><div class="w"><div class="promo">正品低价 · 品质保障</div>
<div class="login-form">
<div class="login-tab"><a href="javascript:void(0)" class="checked" id="tab-pwd">账户登录</a><a href="javascript:void(0)" id="tab-qr">扫码登录</a></div>
<div class="login-box">
<div class="msg-wrap"><div class="msg-warn"><b></b>请登录后查看商品详情与价格</div></div>
<form id="formlogin" method="post" action="/login" onsubmit="return true;">
<input type="hidden" name="ReturnUrl" id="ReturnUrl" value="/">
<div class="item item-fore1"><label for="loginname" class="login-label name-label"></label><input id="loginname" type="text" class="itxt" name="username" tabindex="1" autocomplete="off" placeholder="邮箱/用户名/登录手机"></div>
<div class="item item-fore2"><label class="login-label pwd-label" for="nloginpwd"></label><input type="password" id="nloginpwd" name="password" class="itxt itxt-error" tabindex="2" autocomplete="off" placeholder="密码"></div>
<div class="safe"><span class="forget-pw"><a href="/help/password" class="" target="_blank">忘记密码</a></span></div>
<div class="login-btn-wrap"><button type="submit" class="login-btn" id="loginsubmit" tabindex="6">登&nbsp;&nbsp;&nbsp;&nbsp;录</button></div>
</form>
</div>
<div class="coagent"><ul><li><a href="javascript:void(0)">QQ</a></li><li><a href="javascript:void(0)">微信</a></li><li class="extra-r"><a href="/reg" class="regist-link" target="_blank">立即注册</a></li></ul></div>
</div></div></div></div>
<div class="w"><div id="footer-2014"><div class="links">${LINKS.map((l) => `<a href="/help/${encodeURIComponent(l)}" target="_blank">${l}</a>`).join("|")}</div><div class="copyright">Copyright&copy;2004-2025&nbsp;&nbsp;京东JD.com&nbsp;版权所有</div></div></div>
<script>(function(){var r=document.getElementById('ReturnUrl');if(r){var p=location.pathname+location.search;if(p.indexOf('/login')!==0)r.value=p;}})();</script>
</body></html>
`;
