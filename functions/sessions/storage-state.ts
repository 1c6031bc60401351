import * as z from "zod";
import type { StorageState } from "../core/browser-session.js";

const MAX_COOKIES = 3000;
const MAX_ORIGINS = 500;
const MAX_ENTRIES_PER_ORIGIN = 5000;

/**
 * Playwright's storage state (`context.storageState()`), checked field by field. Fields other
 * tools add are dropped; no message built from an issue ever quotes a value (values are secrets).
 */
export const StorageStateSchema = z.object({
  cookies: z
    .array(
      z.object({
        name: z.string(),
        value: z.string(),
        domain: z.string().min(1),
        path: z.string(),
        /** Unix seconds; -1 for a cookie that ends with the browser session. */
        expires: z.number(),
        httpOnly: z.boolean(),
        secure: z.boolean(),
        sameSite: z.enum(["Strict", "Lax", "None"]),
      }),
    )
    .max(MAX_COOKIES),
  origins: z
    .array(
      z.object({
        origin: z.string().min(1),
        localStorage: z.array(z.object({ name: z.string(), value: z.string() })).max(MAX_ENTRIES_PER_ORIGIN),
      }),
    )
    .max(MAX_ORIGINS),
});

export type StorageStateCheck = { ok: true; state: StorageState } | { ok: false; problems: string[] };

/**
 * Whether `value` is a Playwright storage state. Problems name where (`cookies[3].sameSite`) and
 * what was expected, never the value found there; a cookie list (a cookie-editor extension's
 * export) and a HAR file get a message of their own.
 */
export function checkStorageState(value: unknown): StorageStateCheck {
  if (Array.isArray(value))
    return {
      ok: false,
      problems: [
        "this is a list (a cookie-editor export?), not a Playwright storage state: an object with `cookies` and `origins` as `context.storageState()` writes it",
      ],
    };
  if (value && typeof value === "object" && "log" in value && !("cookies" in value))
    return {
      ok: false,
      problems: [
        "this is a HAR capture, not a Playwright storage state (HAR files go to `pricewarden import`)",
      ],
    };
  const parsed = StorageStateSchema.safeParse(value);
  if (!parsed.success)
    return {
      ok: false,
      problems: parsed.error.issues
        .slice(0, 10)
        .map(
          (issue) =>
            `${issue.path.length > 0 ? issuePath(issue.path) : "(top level)"}: ${safeMessage(issue)}`,
        ),
    };
  if (parsed.data.cookies.length === 0)
    return {
      ok: false,
      problems: ["it holds no cookies: was it saved before signing in?"],
    };
  return { ok: true, state: parsed.data };
}

function issuePath(path: readonly PropertyKey[]): string {
  return path
    .map((part, i) => (typeof part === "number" ? `[${part}]` : `${i === 0 ? "" : "."}${String(part)}`))
    .join("");
}

/** Zod's message for structural issues only; anything that could echo input becomes generic. */
function safeMessage(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case "invalid_type":
      return `expected ${issue.expected}`;
    case "invalid_value":
      return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`;
    case "too_big":
      return `too many (at most ${String(issue.maximum)})`;
    case "too_small":
      return "must not be empty";
    default:
      return "invalid";
  }
}

/**
 * The earliest expiry among cookies that state one and have not already passed (a browser has
 * dropped those), as an ISO time; null when every cookie lasts only for the browser session.
 */
export function storageStateExpiry(state: StorageState, now: Date): string | null {
  const nowSeconds = now.getTime() / 1000;
  let earliest: number | null = null;
  for (const cookie of state.cookies) {
    const at = cookie.expires;
    // -1 (session cookie), nonsense, and times beyond what a Date holds are not expiries.
    if (!Number.isFinite(at) || at <= 0 || at > 8.64e12 || at <= nowSeconds) continue;
    if (earliest === null || at < earliest) earliest = at;
  }
  return earliest === null ? null : new Date(Math.floor(earliest * 1000)).toISOString();
}

/** Whether a cookie for `domain` (".jd.com", "item.jd.com") is sent to `host`. */
export function cookieAppliesTo(domain: string, host: string): boolean {
  const d = domain.replace(/^\./, "").toLowerCase();
  const h = host.toLowerCase();
  return d.length > 0 && (h === d || h.endsWith(`.${d}`));
}
