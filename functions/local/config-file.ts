import { readFileSync } from "node:fs";
import type { ConfigResult } from "../core/config.js";
import { parseConfigText } from "../core/config-text.js";

/** Reads and validates a YAML/JSON config file; an unreadable file is a config problem too. */
export function loadConfigFile(path: string, rewrite?: (text: string) => string): ConfigResult {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    return {
      ok: false,
      issues: [{ path: "(file)", message: `cannot read ${path}: ${(error as Error).message}` }],
    };
  }
  return parseConfigText(rewrite ? rewrite(text) : text);
}
