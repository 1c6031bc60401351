import { readFileSync } from "node:fs";
import { parse as parseYaml } from "yaml";
import { type ConfigIssue, type ConfigResult, type TenantConfig, validateConfig } from "../core/config.js";
import { configEnvRefs } from "../core/config-env-refs.js";
import { parseConfigText } from "../core/config-text.js";
import { ENV_ALLOW_VARIABLE, envNameAllowed, parseEnvAllowList } from "../core/env-ref-rule.js";
import { envRefIssuesHere } from "../notify/env-secrets.js";
import { configText } from "../text/config-text.js";
import { isLocale, type Locale, tenantLocale } from "../text/locale.js";

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

export type ConfigFileResult =
  | { ok: true; config: TenantConfig; warnings: ConfigIssue[] }
  | { ok: false; issues: ConfigIssue[]; locale: Locale };

/**
 * The CLI's reading of a config file: every problem at once in the tenant's language (its
 * `locale`, else Chinese for a CN tenant; `opts.locale` overrides), and as warnings the `env:`
 * variables this process would read but that are unset.
 */
export function readConfigFile(
  path: string,
  opts: { rewrite?: (text: string) => string; locale?: Locale; env?: NodeJS.ProcessEnv } = {},
): ConfigFileResult {
  const env = opts.env ?? process.env;
  const fallback = opts.locale ?? (isLocale(env.PRICEWARDEN_LANG) ? env.PRICEWARDEN_LANG : "zh-CN");
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    return {
      ok: false,
      locale: fallback,
      issues: [{ path: "(file)", message: configText(fallback).unreadable(path, reason) }],
    };
  }
  let value: unknown;
  try {
    value = parseYaml(opts.rewrite ? opts.rewrite(text) : text, { prettyErrors: true, uniqueKeys: true });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      locale: fallback,
      issues: [{ path: "(file)", message: configText(fallback).notYaml(message) }],
    };
  }
  const locale = opts.locale ?? rawTenantLocale(value) ?? fallback;
  const t = configText(locale);
  const result = validateConfig(value, { locale });
  if (!result.ok) return { ok: false, locale, issues: result.issues };
  const allowList = parseEnvAllowList(env[ENV_ALLOW_VARIABLE]);
  const refs = configEnvRefs(result.config);
  // This process sends the notifications: an env: ref it would refuse is a config problem now.
  const refused = refs.filter((r) => !envNameAllowed(r.name, allowList));
  if (refused.length > 0)
    return {
      ok: false,
      locale,
      issues: refused.map((r) => ({ path: r.path, message: t.envRefused(r.name) })),
    };
  const warnings = refs
    .filter((r) => (env[r.name] ?? "") === "")
    .map((r) => ({ path: r.path, message: t.envUnset(r.name) }));
  return { ok: true, config: result.config, warnings };
}

/** The language a config's reader expects, read from the raw value before it is valid. */
function rawTenantLocale(value: unknown): Locale | null {
  if (typeof value !== "object" || value === null) return null;
  const v = value as Record<string, unknown>;
  return tenantLocale({
    locale: isLocale(v.locale) ? v.locale : undefined,
    // The schema's defaults: CN and CNY.
    jurisdiction: typeof v.jurisdiction === "string" ? v.jurisdiction : "CN",
    currency: typeof v.currency === "string" ? v.currency : "CNY",
  });
}
