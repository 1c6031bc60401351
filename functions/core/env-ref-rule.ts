import type { ConfigIssue, TenantConfig } from "./config.js";

/**
 * Which environment variables a config's `env:NAME` may read. The config names the variable, the
 * operator decides which ones exist for it: names starting with `PRICEWARDEN_`, plus those the
 * operator lists in `PRICEWARDEN_ENV_ALLOW` (comma-separated). Anything else — the platform's
 * own `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`, a database password — is never read.
 */
export const ENV_REF_PREFIX = "PRICEWARDEN_";
export const ENV_ALLOW_VARIABLE = "PRICEWARDEN_ENV_ALLOW";

/** The rule in words, for the error that names a refused variable. */
export const ENV_REF_RULE = `only variables named ${ENV_REF_PREFIX}… or listed in ${ENV_ALLOW_VARIABLE} may be read`;

/** `NAME1, NAME2` → the names; blanks dropped. */
export function parseEnvAllowList(text: string | undefined): Set<string> {
  return new Set(
    (text ?? "")
      .split(",")
      .map((name) => name.trim())
      .filter((name) => name !== ""),
  );
}

export function envNameAllowed(name: string, allowList: ReadonlySet<string>): boolean {
  return (name.startsWith(ENV_REF_PREFIX) && name.length > ENV_REF_PREFIX.length) || allowList.has(name);
}

/** Why an `env:NAME` ref may not be read (naming the variable and the rule), or null when it may. */
export function envRefRefusal(ref: string, allowList: ReadonlySet<string>): string | null {
  if (!ref.startsWith("env:")) return null;
  const name = ref.slice(4);
  return envNameAllowed(name, allowList) ? null : `env:${name} is not allowed: ${ENV_REF_RULE}`;
}

/**
 * Every `env:NAME` in a config's notify targets that the allow-list refuses, by path
 * (`notify[2].smtp.password`), so a config that would read a forbidden variable is refused when
 * it is loaded, before anything runs. (Sending checks again: that is the real control.)
 */
export function envRefIssues(config: TenantConfig, allowList: ReadonlySet<string>): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  config.notify.forEach((target, i) => {
    const refs: Array<[string, string | undefined]> = [];
    if (target.type === "email") {
      refs.push(["smtp.user", target.smtp.user], ["smtp.password", target.smtp.password]);
    } else if (target.type !== "console") {
      refs.push(["url", target.url]);
      if ("secret" in target) refs.push(["secret", target.secret]);
    }
    for (const [field, ref] of refs) {
      const refusal = ref === undefined ? null : envRefRefusal(ref, allowList);
      if (refusal !== null) issues.push({ path: `notify[${i}].${field}`, message: refusal });
    }
  });
  return issues;
}
