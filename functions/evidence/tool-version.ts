import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

let cached: string | undefined;

/**
 * The running pricewarden version for manifests: from the package's own package.json (source
 * or dist), else PRICEWARDEN_VERSION (Lambda bundles carry no package.json), else "unknown".
 */
export function toolVersion(): string {
  cached ??= readVersion();
  return cached;
}

function readVersion(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const path = join(dir, "package.json");
    if (existsSync(path)) {
      try {
        const pkg = JSON.parse(readFileSync(path, "utf8")) as { name?: unknown; version?: unknown };
        if (pkg.name === "pricewarden" && typeof pkg.version === "string") return pkg.version;
      } catch {
        // keep walking up
      }
    }
    dir = dirname(dir);
  }
  return process.env["PRICEWARDEN_VERSION"] ?? "unknown";
}
