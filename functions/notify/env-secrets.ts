import type { ConfigIssue, TenantConfig } from "../core/config.js";
import { ENV_ALLOW_VARIABLE, envRefIssues, envRefRefusal, parseEnvAllowList } from "../core/env-ref-rule.js";

/**
 * Reads `env:NAME` refs from this process's environment under the operator's allow-list
 * (core/env-ref-rule.ts). The one resolver both runtimes use (local runner, notify Lambda).
 */
export function envRefRefusalHere(ref: string, env: NodeJS.ProcessEnv = process.env): string | null {
  return envRefRefusal(ref, parseEnvAllowList(env[ENV_ALLOW_VARIABLE]));
}

/** `env:NAME` → the variable's value; undefined when unset or not allowed (its value is never read then). */
export function resolveEnvSecret(ref: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (!ref.startsWith("env:") || envRefRefusalHere(ref, env) !== null) return undefined;
  return env[ref.slice(4)];
}

/** The config's `env:` refs this process would refuse, by path (for loading a config locally). */
export function envRefIssuesHere(config: TenantConfig, env: NodeJS.ProcessEnv = process.env): ConfigIssue[] {
  return envRefIssues(config, parseEnvAllowList(env[ENV_ALLOW_VARIABLE]));
}
