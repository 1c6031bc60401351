import { readFileSync } from "node:fs";
import type { TenantConfig } from "../../functions/core/config.js";
import { parseConfigText } from "../../functions/core/config-text.js";

/** examples/demo.yaml pointed at a demo site running on another host:port. */
export function demoConfig(siteUrl: string, edit?: (text: string) => string): TenantConfig {
  const host = new URL(siteUrl).host;
  let text = readFileSync("examples/demo.yaml", "utf8").replaceAll("127.0.0.1:8790", host);
  if (edit) text = edit(text);
  const result = parseConfigText(text);
  if (!result.ok) throw new Error(`demo config invalid: ${JSON.stringify(result.issues)}`);
  return result.config;
}

export function demoConfigText(siteUrl: string): string {
  return readFileSync("examples/demo.yaml", "utf8").replaceAll("127.0.0.1:8790", new URL(siteUrl).host);
}
