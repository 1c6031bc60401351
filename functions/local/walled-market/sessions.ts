import { randomBytes } from "node:crypto";
import type { StorageState } from "../../core/browser-session.js";
import { DEFAULT_AREA } from "./catalog.js";

/**
 * Signed-in shoppers: the `pw_sid` cookie names a session, `ipLoc-djd` the delivery area (JD's
 * cookie, dashes: `19-1607-4773-62123`; the API's `body.area` uses underscores). A session can be
 * given an expiry or be expired on demand; an expired or unknown session is a signed-out visitor.
 */

export const SESSION_COOKIE = "pw_sid";
export const AREA_COOKIE = "ipLoc-djd";

/** Playwright's storage state (`browser.newContext({ storageState })`), as the product stores it. */
export type WalledStorageState = StorageState;

export interface SessionRecord {
  readonly id: string;
  readonly createdAt: number;
  /** Clock time after which the session is signed out, or null. */
  readonly expiresAt: number | null;
  /** Delivery area chosen at sign-in, JD area code with underscores. */
  readonly area: string;
  readonly username: string;
  expired: boolean;
}

export interface CreateSessionOptions {
  /** The session is signed out this long after creation (by the market's clock). */
  expiresInMs?: number;
  /** JD area code, `19_1607_4773_62123` (dashes accepted). */
  area?: string;
  username?: string;
}

const AREA_CODE = /^\d{1,6}([_-]\d{1,8}){1,4}$/;

/** `19-1607-4773-62123` or `19_1607_4773_62123` → `19_1607_4773_62123`; anything else → null. */
export function normalizeArea(raw: string | null | undefined): string | null {
  if (!raw) return null;
  const value = raw.trim();
  return AREA_CODE.test(value) ? value.replace(/-/g, "_") : null;
}

export function parseCookies(header: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of (header ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    if (!out.has(name)) {
      const raw = part.slice(eq + 1).trim();
      try {
        out.set(name, decodeURIComponent(raw));
      } catch {
        out.set(name, raw);
      }
    }
  }
  return out;
}

export class SessionStore {
  private readonly sessions = new Map<string, SessionRecord>();

  constructor(private readonly now: () => number) {}

  create(options: CreateSessionOptions = {}): SessionRecord {
    const area = normalizeArea(options.area) ?? DEFAULT_AREA;
    if (options.area !== undefined && normalizeArea(options.area) === null)
      throw new Error(`walled market: not a JD area code: ${options.area}`);
    const createdAt = this.now();
    const record: SessionRecord = {
      id: randomBytes(16).toString("hex"),
      createdAt,
      expiresAt: options.expiresInMs === undefined ? null : createdAt + options.expiresInMs,
      area,
      username: options.username ?? "demo",
      expired: false,
    };
    this.sessions.set(record.id, record);
    return record;
  }

  /** The session a cookie names, when it is signed in now. */
  active(id: string | undefined): SessionRecord | null {
    if (!id) return null;
    const record = this.sessions.get(id);
    if (!record || record.expired) return null;
    if (record.expiresAt !== null && this.now() >= record.expiresAt) return null;
    return record;
  }

  expire(id: string): boolean {
    const record = this.sessions.get(id);
    if (!record) return false;
    record.expired = true;
    return true;
  }

  storageState(record: SessionRecord): WalledStorageState {
    const expires = record.expiresAt === null ? -1 : Math.floor(record.expiresAt / 1000);
    return {
      cookies: [
        {
          name: SESSION_COOKIE,
          value: record.id,
          domain: "127.0.0.1",
          path: "/",
          expires,
          httpOnly: true,
          secure: false,
          sameSite: "Lax",
        },
        {
          name: AREA_COOKIE,
          value: record.area.replace(/_/g, "-"),
          domain: "127.0.0.1",
          path: "/",
          expires,
          httpOnly: false,
          secure: false,
          sameSite: "Lax",
        },
      ],
      origins: [],
    };
  }
}
