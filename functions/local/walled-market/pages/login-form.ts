import { escapeHtml } from "../../../core/escape-html.js";
import { AREA_NAMES, DEFAULT_AREA } from "../catalog.js";

/**
 * /login, for a person signing in by hand: any user name, password `demo`, a delivery area. The
 * form posts back here; success sets the `pw_sid` and `ipLoc-djd` cookies and returns to
 * `ReturnUrl`.
 */
export function renderLoginForm(options: {
  returnUrl: string;
  error: string | null;
  signedInAs: string | null;
}): string {
  const areas = Object.entries(AREA_NAMES)
    .map(
      ([code, name]) =>
        `<option value="${escapeHtml(code)}"${code === DEFAULT_AREA ? " selected" : ""}>${escapeHtml(name)}</option>`,
    )
    .join("");
  const notice = options.error
    ? `<div class="msg-error">${escapeHtml(options.error)}</div>`
    : options.signedInAs
      ? `<div class="msg-info">已登录：${escapeHtml(options.signedInAs)}（<a href="/logout">退出</a>）</div>`
      : "";
  return `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>京东-欢迎登录</title>
<style>body{font:14px/1.6 'PingFang SC','Microsoft YaHei',sans-serif;background:#e93854;margin:0}.form{width:340px;margin:80px auto;padding:24px;background:#fff;border-radius:4px}.form h1{font-size:20px;margin:0 0 16px;color:#e4393c}.form label{display:block;margin:10px 0 4px;color:#666}.form input,.form select{width:100%;box-sizing:border-box;height:36px;padding:0 8px;border:1px solid #bdbdbd}.form button{margin-top:18px;width:100%;height:38px;border:0;background:#e4393c;color:#fff;font-size:18px}.msg-error{padding:6px 10px;border:1px solid #ffdcb3;background:#fff6d2;color:#e4393c}.msg-info{padding:6px 10px;background:#f0f9eb;color:#529b2e}.hint{margin-top:12px;color:#999;font-size:12px}</style>
</head><body><form class="form" id="formlogin" method="post" action="/login"><h1>京东 · 账户登录</h1>${notice}
<input type="hidden" name="ReturnUrl" value="${escapeHtml(options.returnUrl)}">
<label for="loginname">用户名</label><input id="loginname" name="username" autocomplete="username" required maxlength="40">
<label for="nloginpwd">密码</label><input id="nloginpwd" name="password" type="password" autocomplete="current-password" required>
<label for="area">配送至</label><select id="area" name="area">${areas}</select>
<button type="submit" id="loginsubmit">登 录</button>
<p class="hint">演示站点：任意用户名，密码 demo。</p></form></body></html>`;
}
