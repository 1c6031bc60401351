import type { MiddlewareHandler } from "hono";
import { DASHBOARD_CSS_HASH } from "./dashboard-style.js";

/**
 * No script at all (the dashboard is plain HTML forms), only our hashed stylesheet, no framing,
 * forms post only back here. Crawled text that slipped past escaping still could not run.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  `style-src '${DASHBOARD_CSS_HASH}'`,
  "img-src 'self' data:",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join("; ");

export const securityHeaders: MiddlewareHandler = async (c, next) => {
  await next();
  c.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
  c.header("X-Content-Type-Options", "nosniff");
  c.header("X-Frame-Options", "DENY");
  c.header("Referrer-Policy", "no-referrer");
  c.header("Cross-Origin-Opener-Policy", "same-origin");
  c.header("Cross-Origin-Resource-Policy", "same-origin");
  // Alerts and prices are tenant data: never kept by shared caches.
  c.header("Cache-Control", "no-store");
};
