import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { asStoreFault } from "./store-faults.js";

const FILE = "tenants.json";

/** Tenants that ran in this data directory, so `alerts` and `history` work without a config. */
export function rememberTenant(dataDir: string, tenant: string): void {
  try {
    mkdirSync(dataDir, { recursive: true });
    const known = knownTenants(dataDir);
    if (!known.includes(tenant)) writeFileSync(join(dataDir, FILE), JSON.stringify([...known, tenant]));
  } catch (error) {
    // A full or read-only data directory is the operator's to fix, said as the store says it.
    throw asStoreFault(error, dataDir);
  }
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
