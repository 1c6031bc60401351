import { createHash } from "node:crypto";

/**
 * The dashboard's only styling, inline so it works offline; allowed by hash, not 'unsafe-inline'.
 *
 * Phones (WeCom's in-app browser is ~390 px wide): the navigation becomes a strip on its own
 * line that scrolls sideways (its right edge fades, so a cut-off item reads as "more"); tables
 * scroll inside themselves, or become cards (`class="cards"`, or cells with `data-label`, whose
 * label is then shown above the value); key-value tables (no thead) stack; long URLs and hashes
 * break; every button, field and link a finger aims at is at least 44 px tall. Nothing may make
 * the page wider than the screen (test/browser/ checks it in Chromium at 390 and 1366 px).
 */
export const DASHBOARD_CSS = `
:root{color-scheme:light;--b:#d0d7de;--m:#57606a}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;font:14px/1.45 system-ui,-apple-system,"PingFang SC","Microsoft YaHei","Noto Sans SC",sans-serif;color:#1f2328;background:#f6f8fa;overflow-wrap:break-word}
header{display:flex;flex-wrap:wrap;align-items:center;gap:0 1.2rem;padding:0 1.2rem;background:#1f2328;color:#fff}
header a{color:#fff;text-decoration:none}
header .brand{padding:.6rem 0;white-space:nowrap}
header nav{display:flex;gap:1.2rem;min-width:0}
header nav a,header .tools a{display:inline-flex;align-items:center;min-height:44px;white-space:nowrap}
header nav a.on{text-decoration:underline;text-underline-offset:4px}
header .who{margin-left:auto;min-width:0;color:#d0d7de;font-size:12px;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
header .tools{display:flex;gap:1rem}
main{padding:1rem 1.2rem;max-width:1400px}
h1{font-size:20px;margin:.2rem 0 1rem}h2{font-size:16px;margin:1.4rem 0 .5rem}
a{color:#0969da}
img,svg,video,canvas{max-width:100%}
svg:not(.spark){height:auto}
table{border-collapse:collapse;width:100%;background:#fff;border:1px solid var(--b)}
th,td{border-bottom:1px solid var(--b);padding:.4rem .5rem;text-align:left;vertical-align:top}
td a[rel~=nofollow],code{overflow-wrap:anywhere}
th{background:#f0f3f6;font-weight:600;font-size:12px}
td.num{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}
.muted{color:var(--m);font-size:12px}
.badge{display:inline-block;padding:0 .4rem;border-radius:3px;font-size:11px;font-weight:600;border:1px solid var(--b);white-space:nowrap}
.high{background:#ffebe9;color:#82071e}.medium{background:#fff8c5;color:#7d4e00}.low{background:#ddf4ff;color:#0a3069}
.ok{background:#dafbe1;color:#116329}.bad{background:#ffebe9;color:#82071e}.info{background:#eaeef2;color:#424a53}
form{display:inline}button{font:inherit;font-size:12px;margin:0 .2rem .2rem 0;padding:.1rem .5rem;cursor:pointer}
.empty{padding:1rem;background:#fff;border:1px solid var(--b)}
.problems{background:#ffebe9;border:1px solid #ff8182;padding:.6rem 1rem}
form.check{display:grid;gap:.5rem;max-width:36rem;margin-top:1rem;padding:1rem;background:#fff;border:1px solid var(--b)}
form.check label{display:grid;gap:.2rem;font-size:12px}
form.check input,form.check select,form.check textarea{font:inherit;padding:.3rem;max-width:100%;min-width:0}
div.ok{border:1px solid #4ac26b;padding:.6rem 1rem}
pre{white-space:pre-wrap;overflow-wrap:anywhere}
pre.notice{background:#fff;border:1px solid var(--b);padding:1rem;max-width:60rem}
.scroll{overflow-x:auto;max-width:100%}
nav.tabs{display:flex;gap:.25rem;margin:0 0 .75rem;overflow-x:auto;white-space:nowrap;border-bottom:1px solid var(--b)}
a.tab{display:inline-flex;align-items:center;gap:.3rem;padding:.45rem .75rem;text-decoration:none;border-bottom:2px solid transparent}
a.tab.current{border-color:#0969da;color:#1f2328;font-weight:600}
.tab .count{color:var(--m);font-size:12px;font-weight:400}
form.filters{display:flex;flex-wrap:wrap;align-items:end;gap:.5rem .75rem;margin:0 0 1rem;padding:.75rem;background:#fff;border:1px solid var(--b)}
form.filters label{display:grid;gap:.2rem;font-size:12px;color:var(--m)}
form.filters :is(input,select){font:inherit;padding:.25rem;min-width:0;max-width:100%;color:#1f2328}
form.filters button{margin:0}
div.flash{margin:0 0 1rem}
:is(div.ok,.problems,div.info)>:first-child{margin-top:0}:is(div.ok,.problems,div.info)>:last-child{margin-bottom:0}
div.reopened{padding:.6rem 1rem;border:1px solid var(--b);margin:0 0 1rem}
div.actions{display:grid;align-items:start;grid-template-columns:repeat(auto-fit,minmax(min(100%,18rem),1fr));gap:.75rem}
form.action{display:grid;gap:.4rem;align-content:start;padding:.75rem;background:#fff;border:1px solid var(--b);border-radius:6px}
form.action p{margin:0}
form.action label{display:grid;gap:.2rem;font-size:12px}
form.action input{font:inherit;padding:.3rem;min-width:0}
form.action button{justify-self:start;margin:0}
.kpis{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(100%,13rem),1fr));gap:.75rem;margin:0 0 1rem}
.kpi{display:flex;flex-direction:column;gap:.1rem;padding:.75rem 1rem;background:#fff;color:inherit;border:1px solid var(--b);border-radius:6px}
.kpi strong{font-size:28px;line-height:1.2;font-variant-numeric:tabular-nums}
.kpi.bad{background:#fff;border-left:4px solid #cf222e}.kpi.bad strong{color:#cf222e}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(100%,26rem),1fr));gap:.75rem;margin:0 0 1rem}
figure.chart{margin:0 0 1rem;padding:.5rem;background:#fff;border:1px solid var(--b);border-radius:6px;overflow-x:auto}
.charts figure.chart{margin:0}
figure.chart svg{display:block;width:100%;max-width:max-content;height:auto;margin:0 auto}
@media (max-width:720px){
header{padding:0 .75rem;gap:0 .75rem}
header .tools{order:1;margin-left:auto}
header .who{order:2;flex:1 0 100%;margin:0 0 .3rem}
header nav{order:3;flex:1 0 100%;gap:0;padding-right:2rem;overflow-x:auto;overscroll-behavior-x:contain;scrollbar-width:none;border-top:1px solid #424a53;-webkit-mask-image:linear-gradient(to right,#000 calc(100% - 2rem),transparent);mask-image:linear-gradient(to right,#000 calc(100% - 2rem),transparent)}
header nav a{padding:0 .75rem}
header nav a:first-child{padding-left:0}
main{padding:.75rem}
h1{font-size:18px}
table{display:block;overflow-x:auto;max-width:100%}
table:not(:has(thead)),table:has(td[data-label]),table.cards{overflow:visible}
table:has(thead):not(.cards,:has(td[data-label])) :is(th,td){min-width:5em}
table:has(thead):not(.cards,:has(td[data-label])) :is(th,td):first-child{min-width:9em}
table:not(:has(thead)) :is(tbody,tr,th,td){display:block}
table:not(:has(thead)) tr{border-bottom:1px solid var(--b)}
table:not(:has(thead)) :is(th,td){border:0;padding:.3rem .6rem}
table:not(:has(thead)) th{background:none;padding-bottom:0;color:var(--m)}
table:is(.cards,:has(td[data-label])){border:0;background:none}
table:is(.cards,:has(td[data-label])) thead{display:none}
table:is(.cards,:has(td[data-label])) tbody{display:block}
table:is(.cards,:has(td[data-label])) tr{display:grid;grid-template-columns:repeat(2,minmax(0,1fr));margin:0 0 .75rem;background:#fff;border:1px solid var(--b);border-radius:6px}
table:is(.cards,:has(td[data-label])) td{display:block;min-width:0;border:0;border-top:1px solid #eaeef2;text-align:left;white-space:normal}
table:is(.cards,:has(td[data-label])) :is(td:first-child,td:last-child){grid-column:1/-1}
table:is(.cards,:has(td[data-label])) td:first-child{border-top:0}
table:is(.cards,:has(td[data-label])) td a{display:inline-flex;align-items:center;min-height:44px}
table:is(.cards,:has(td[data-label])) td:last-child:not(:first-child) br{display:none}
table:is(.cards,:has(td[data-label])) td:last-child:not(:first-child) a{margin-right:.75rem}
td[data-label]::before{content:attr(data-label);display:block;color:var(--m);font-size:11px;font-weight:600}
button,input,select,textarea{min-height:44px;font-size:16px}
button{padding:.4rem .9rem;margin:0 .4rem .4rem 0}
input[type=checkbox],input[type=radio]{min-height:0;width:22px;height:22px}
form.check{padding:.75rem}
form.filters{display:grid;grid-template-columns:1fr 1fr;padding:.6rem}
form.filters :is(label,.muted){min-width:0}
form.filters :is(input,select){width:100%}
form.filters .muted{grid-column:1/-1}
form.filters a{display:inline-flex;align-items:center;min-height:44px}
a.tab{min-height:44px}
.kpis{grid-template-columns:repeat(2,minmax(0,1fr));gap:.5rem}
.kpi{padding:.6rem .75rem}
.kpi strong{font-size:24px}
/* A chart keeps its drawn size and scrolls inside its frame: scaled to a phone its labels would be 5 px. */
figure.chart svg{width:auto;max-width:none}
.pager a,a.action{display:inline-flex;align-items:center;min-height:44px;padding:0 .5rem}
}
`;

export const DASHBOARD_CSS_HASH = `sha256-${createHash("sha256").update(DASHBOARD_CSS).digest("base64")}`;
