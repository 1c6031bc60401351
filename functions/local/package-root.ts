import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The installed package's root, whether running from source (tsx) or from dist/. */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const manifest = join(dir, "package.json");
    if (existsSync(manifest)) {
      try {
        if ((JSON.parse(readFileSync(manifest, "utf8")) as { name?: string }).name === "pricewarden")
          return dir;
      } catch {
        // keep walking up
      }
    }
    dir = dirname(dir);
  }
  throw new Error("cannot find the pricewarden package root");
}

export function demoConfigPath(): string {
  return join(packageRoot(), "examples", "demo.yaml");
}
