import { describe, expect, it } from "vitest";
import { sessionVerdict } from "../../functions/core/session-verdict.js";

describe("sessionVerdict", () => {
  it.each([
    ["login_required", null, "login required"],
    ["blocked", 'redirected to a login page (finalUrl matched "passport.jd.com")', null],
    ["blocked", 'login wall (shortText matched "请登录")', null],
    ["no_price", "login stub", null],
    ["no_price", "masked price", null],
    ["error", "token expired", null],
  ])("%s / %s → session_expired", (outcome, reason, described) => {
    expect(sessionVerdict({ outcome, reason })).toEqual({
      health: "unhealthy",
      alert: "session_expired",
      reason: described ?? reason,
    });
  });

  it.each([
    ["blocked", 'verification page (title matched "京东验证")'],
    ["blocked", "risk page (京东验证)"],
    ["blocked", null],
    ["rate_limited", "HTTP 429"],
    ["challenge", null],
    ["error", "Cloudflare challenge"],
  ])("%s / %s → blocked", (outcome, reason) => {
    const verdict = sessionVerdict({ outcome, reason });
    expect(verdict).toMatchObject({ health: "unhealthy", alert: "blocked" });
    if (verdict.health === "unhealthy") expect(verdict.reason).toBe(reason ?? outcome.replaceAll("_", " "));
  });

  it.each([
    ["ok", null],
    ["no_price", null],
    ["no_price", "no price on the page"],
    ["unmatched", "pack size 25片 contradicts GLU-50 (50片)"],
    // The page was read: whatever a title quotes ("登录" in a product name) says nothing.
    ["unmatched", "安可 登录 验证 试纸"],
    ["ok", "login"],
    ["not_found", "HTTP 404"],
    ["gone", "listing removed"],
    ["error", "ECONNRESET"],
  ])("%s / %s → healthy", (outcome, reason) => {
    expect(sessionVerdict({ outcome, reason })).toEqual({ health: "healthy" });
  });
});
