import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The real-world fixtures live outside the repository (../shared/fixtures/real) and are never
 * copied in. PRICEWARDEN_REAL_FIXTURES overrides the location; otherwise the repository's
 * ancestors are searched for shared/fixtures/real.
 */
function locate(): string | null {
  const fromEnv = process.env.PRICEWARDEN_REAL_FIXTURES;
  if (fromEnv) return existsSync(fromEnv) ? fromEnv : null;
  let dir = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
  for (let i = 0; i < 4; i++) {
    const candidate = join(dir, "..", "shared", "fixtures", "real");
    if (existsSync(candidate)) return candidate;
    dir = resolve(dir, "..");
  }
  return null;
}

export const realFixturesDir = locate();
