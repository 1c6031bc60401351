import { createHash } from "node:crypto";

/** The dashboard's only styling, inline so it works offline; allowed by hash, not 'unsafe-inline'. */
export const DASHBOARD_CSS = `
:root{color-scheme:light;--b:#d0d7de;--m:#57606a}
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 system-ui,-apple-system,"PingFang SC","Microsoft YaHei","Noto Sans SC",sans-serif;color:#1f2328;background:#f6f8fa}
header{display:flex;gap:1.5rem;align-items:center;padding:.6rem 1.2rem;background:#1f2328;color:#fff}
header a{color:#fff;text-decoration:none}header a.on{text-decoration:underline}
header .who{margin-left:auto;color:#d0d7de;font-size:12px}
main{padding:1rem 1.2rem;max-width:1400px}
h1{font-size:20px;margin:.2rem 0 1rem}h2{font-size:16px;margin:1.4rem 0 .5rem}
table{border-collapse:collapse;width:100%;background:#fff;border:1px solid var(--b)}
th,td{border-bottom:1px solid var(--b);padding:.4rem .5rem;text-align:left;vertical-align:top}
th{background:#f0f3f6;font-weight:600;font-size:12px}
td.num{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}
.muted{color:var(--m);font-size:12px}
.badge{display:inline-block;padding:0 .4rem;border-radius:3px;font-size:11px;font-weight:600;border:1px solid var(--b)}
.high{background:#ffebe9;color:#82071e}.medium{background:#fff8c5;color:#7d4e00}.low{background:#ddf4ff;color:#0a3069}
.ok{background:#dafbe1;color:#116329}.bad{background:#ffebe9;color:#82071e}.info{background:#eaeef2;color:#424a53}
form{display:inline}button{font:inherit;font-size:12px;margin:0 .2rem .2rem 0;padding:.1rem .5rem;cursor:pointer}
.empty{padding:1rem;background:#fff;border:1px solid var(--b)}
.problems{background:#ffebe9;border:1px solid #ff8182;padding:.6rem 1rem}
svg.spark{vertical-align:middle}
form.check{display:grid;gap:.5rem;max-width:36rem;margin-top:1rem;padding:1rem;background:#fff;border:1px solid var(--b)}
form.check label{display:grid;gap:.2rem;font-size:12px}
form.check input,form.check select,form.check textarea{font:inherit;padding:.3rem}
div.ok{border:1px solid #4ac26b;padding:.6rem 1rem}
pre.notice{white-space:pre-wrap;background:#fff;border:1px solid var(--b);padding:1rem;max-width:60rem}
`;

export const DASHBOARD_CSS_HASH = `sha256-${createHash("sha256").update(DASHBOARD_CSS).digest("base64")}`;
