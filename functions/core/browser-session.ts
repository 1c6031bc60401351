/**
 * A customer-owned browser session for a channel (a signed-in JD/Taobao/PDD account): its
 * Playwright storage state (cookies + local storage) is a secret, stored encrypted and never
 * logged, put in config or in evidence. This is what may be shown of it.
 */
export type SessionHealth = "healthy" | "unhealthy" | "unchecked";

export interface BrowserSessionInfo {
  tenant: string;
  channel: string;
  /** Random, stable; never derived from the account. */
  id: string;
  /** What the person who added it called it ("京东 采购账号 2"). */
  label: string;
  health: SessionHealth;
  /** Why it is unhealthy: "login stub", "masked price", "risk page (京东验证)", "token expired". */
  reason: string | null;
  createdAt: string;
  lastUsedAt: string | null;
  lastCheckedAt: string | null;
  /** The earliest expiry among its cookies that expire (null: none stated). */
  expiresAt: string | null;
  /** Delivery area the session browses from (JD area code such as 19_1607_4773_62123, or a city). */
  area: string | null;
}

/** Playwright's storage state, as `context.storageState()` writes it and browser extensions export it. */
export interface StorageState {
  cookies: Array<{
    name: string;
    value: string;
    domain: string;
    path: string;
    expires: number;
    httpOnly: boolean;
    secure: boolean;
    sameSite: "Strict" | "Lax" | "None";
  }>;
  origins: Array<{ origin: string; localStorage: Array<{ name: string; value: string }> }>;
}
