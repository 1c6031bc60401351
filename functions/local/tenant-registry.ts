import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const FILE = "tenants.json";

/** Tenants that ran in this data directory, so `alerts` and `history` work without a config. */
export function rememberTenant(dataDir: string, tenant: string): void {
  mkdirSync(dataDir, { recursive: true });
  const known = knownTenants(dataDir);
  if (!known.includes(tenant)) writeFileSync(join(dataDir, FILE), JSON.stringify([...known, tenant]));
}

export function knownTenants(dataDir: string): string[] {
  const file = join(dataDir, FILE);
  if (!existsSync(file)) return [];
  try {
    const value: unknown = JSON.parse(readFileSync(file, "utf8"));
    return Array.isArray(value) ? value.filter((t): t is string => typeof t === "string") : [];
  } catch {
    return [];
  }
}
