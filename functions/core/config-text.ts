import { parse as parseYaml } from "yaml";
import type { Locale } from "../text/locale.js";
import { type ConfigResult, validateConfig } from "./config.js";

/**
 * Parses YAML or JSON text (JSON is YAML) and validates it. Kept apart from the schema so that
 * Lambda bundles, which read configs stored as JSON, do not carry a YAML parser.
 */
export function parseConfigText(text: string, opts: { locale?: Locale } = {}): ConfigResult {
  let value: unknown;
  try {
    value = parseYaml(text, { prettyErrors: true, uniqueKeys: true });
  } catch (error) {
    return {
      ok: false,
      issues: [{ path: "(file)", message: error instanceof Error ? error.message : String(error) }],
    };
  }
  return validateConfig(value, opts);
}
