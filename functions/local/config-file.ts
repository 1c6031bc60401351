import { readFileSync } from "node:fs";
import type { ConfigResult } from "../core/config.js";
import { parseConfigText } from "../core/config-text.js";
import { envRefIssuesHere } from "../notify/env-secrets.js";

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
  const parsed = parseConfigText(rewrite ? rewrite(text) : text);
  if (!parsed.ok) return parsed;
  // This process sends the notifications: an env: ref it would refuse is a config problem now.
  const refused = envRefIssuesHere(parsed.config);
  return refused.length === 0 ? parsed : { ok: false, issues: refused };
}
