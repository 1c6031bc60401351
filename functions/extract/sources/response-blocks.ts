import type { BlockRule } from "../../core/data-source-config.js";

/**
 * Challenge, login and throttle answers that platforms give with JSON, mostly as HTTP 200
 * (../shared/marketplace-facts.md). Checked on every response a profile's source selected, before
 * any field is read; a source's own `blocks` are checked first.
 */
export const COMMON_RESPONSE_BLOCKS: readonly BlockRule[] = [
  {
    header: "x-rp-content",
    outcome: "blocked",
    reason: "JD human check (x-rp-content header, 京东验证)",
  },
  {
    path: "ret",
    pattern: "RGV587_ERROR|FAIL_SYS_USER_VALIDATE|被挤爆",
    outcome: "blocked",
    reason: "Taobao anti-bot gate (RGV587_ERROR / FAIL_SYS_USER_VALIDATE)",
  },
  {
    path: "ret",
    pattern:
      "FAIL_SYS_TOKEN_EMPTY|FAIL_SYS_TOKEN_EXOIRED|FAIL_SYS_TOKEN_EXPIRED|FAIL_SYS_SESSION_EXPIRED|SESSION失效",
    outcome: "login_required",
    reason: "Taobao token or session expired",
  },
  {
    path: "data.url",
    pattern: "/punish|_____tmd_____|x5sec",
    outcome: "blocked",
    reason: "Taobao punish page (slider)",
  },
  {
    // `"data":{"action":"captcharecaptcha",…}`: the mtop gateway asks for a captcha instead.
    path: "data.action",
    pattern: "captcha",
    outcome: "blocked",
    reason: "Taobao captcha (data.action captcha)",
  },
  {
    path: "error_code",
    pattern: "^40001$",
    outcome: "login_required",
    reason: "Pinduoduo: 请登录后再操作 (error_code 40001)",
  },
  {
    path: "error_code",
    pattern: "^54001$",
    outcome: "blocked",
    reason: "Pinduoduo: anti_content token missing or reused (error_code 54001)",
  },
  {
    // "pdos" is JD's flood protection: the price API answers it while a client asks too often.
    path: "error",
    pattern: "pdos_captcha",
    outcome: "rate_limited",
    reason: "JD price API throttled (pdos_captcha)",
  },
  {
    // api.m.jd.com without a valid signature or session (2026): `{"code":"1","echo":"no access"}`.
    path: "echo",
    pattern: "^no access$",
    outcome: "blocked",
    reason: 'JD gateway refused the call ("echo":"no access": signature or session missing)',
  },
  { status: 429, outcome: "rate_limited", reason: "HTTP 429 Too Many Requests" },
  {
    status: 403,
    emptyBody: true,
    outcome: "blocked",
    reason: "HTTP 403 with an empty body (expired signature or too many requests)",
  },
  { status: 401, outcome: "login_required", reason: "HTTP 401" },
  { status: 403, outcome: "blocked", reason: "HTTP 403" },
];
