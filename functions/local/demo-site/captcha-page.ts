import { scriptBundle } from "./filler.js";
import { seededRandom } from "./seeded-random.js";

/**
 * What a marketplace answers a crawler it distrusts: HTTP 200, a slider captcha, no listing. The
 * verification SDK is inlined, so the page weighs like a real one and only its title and widget
 * give it away.
 */
export function renderCaptchaPage(path: string): string {
  const rng = seededRandom(`captcha:${path}`);
  return `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>京东验证 - 安全验证</title><meta name="robots" content="noindex"><style>body{margin:0;font:14px/1.5 'PingFang SC','Noto Sans SC',sans-serif;background:#f2f2f2}.verify-wrap{width:360px;margin:120px auto;background:#fff;padding:24px;border-radius:4px}.JDJRV-slide-bg{height:40px;background:#e8e8e8;position:relative}.JDJRV-slide-btn{width:40px;height:40px;background:#fff;position:absolute;left:0;top:0;box-shadow:0 0 3px #999}</style></head><body><div class="verify-wrap" id="JDJRV-wrap-loginsubmit"><h2 class="verify-title">安全验证</h2><p class="verify-tip">为保障您的账户安全，请完成下方验证后继续访问</p><div class="JDJRV-img-panel"><div class="JDJRV-bigimg"><img alt="" src="/static/img/captcha-bg.svg" width="312" height="156"></div><div class="JDJRV-smallimg"><img alt="" src="/static/img/captcha-piece.svg" width="40" height="40"></div></div><div class="JDJRV-slide-bg"><div class="JDJRV-slide-inner JDJRV-slide-btn"></div><div class="JDJRV-slide-center">向右滑动完成拼图</div></div><p class="verify-foot">遇到问题？<a href="/jd/help/verify">反馈</a></p></div><script>window.__risk={scene:"item",ts:${rng.int(1_700_000_000, 1_760_000_000)}000,eid:"${rng.int(1e9, 9e9).toString(36).toUpperCase()}"};</script>${scriptBundle(rng, 34)}</body></html>`;
}
