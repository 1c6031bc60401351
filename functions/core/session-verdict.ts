/**
 * What a page seen through a customer-owned session says about the session. A login wall, a
 * login stub in place of the page, a masked price or an expired token means the session no longer
 * signs in (`session_expired`: a person signs in again); a risk page, challenge or rate limit
 * means the platform is pushing back on the account (`blocked`: rest it). Everything else —
 * a priced page, a listing that matched no SKU, a page without a price for no such reason, a
 * missing page, a network error — says nothing against the session.
 */
export type SessionVerdict =
  | { health: "healthy" }
  | { health: "unhealthy"; alert: "session_expired" | "blocked"; reason: string };

/** The page was there and read: the session worked, whatever its reason text quotes from the page. */
const READ_OUTCOMES = new Set(["ok", "unmatched"]);
const EXPIRED_OUTCOMES = new Set(["login_required", "session_expired", "login"]);
const BLOCKED_OUTCOMES = new Set(["blocked", "rate_limited", "challenge", "risk_page", "captcha"]);

const EXPIRED_REASON =
  /log[ -]?in|sign[ -]?in|masked price|price masked|token expired|expired token|session expired|未登录|登录|请登录/i;
const BLOCKED_REASON =
  /risk page|risk control|challenge|captcha|verification|slider|punish|rate[ _-]?limit|too many requests|access denied|风控|验证|滑块|频繁/i;

export function sessionVerdict(outcome: { outcome: string; reason: string | null }): SessionVerdict {
  const kind = outcome.outcome.toLowerCase();
  if (READ_OUTCOMES.has(kind)) return { health: "healthy" };
  const reason = outcome.reason ?? "";
  // A login signal wins even on a "blocked" outcome: the page classifier reports a login wall as
  // blocked, but for a signed-in session it means the sign-in lapsed.
  if (EXPIRED_OUTCOMES.has(kind) || EXPIRED_REASON.test(reason))
    return { health: "unhealthy", alert: "session_expired", reason: describe(kind, outcome.reason) };
  if (BLOCKED_OUTCOMES.has(kind) || BLOCKED_REASON.test(reason))
    return { health: "unhealthy", alert: "blocked", reason: describe(kind, outcome.reason) };
  return { health: "healthy" };
}

function describe(kind: string, reason: string | null): string {
  const text = reason?.trim();
  return text ? text.slice(0, 200) : kind.replaceAll("_", " ");
}
