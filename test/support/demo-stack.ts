import { readFileSync } from "node:fs";
import { parse as parseYaml, stringify as stringifyYaml } from "yaml";
import type { TenantConfig } from "../../functions/core/config.js";
import { parseConfigText } from "../../functions/core/config-text.js";

/** examples/demo.yaml pointed at a demo site running on another host:port. */
export function demoConfig(siteUrl: string, edit?: (text: string) => string): TenantConfig {
  const host = new URL(siteUrl).host;
  let text = readFileSync("examples/demo.yaml", "utf8").replaceAll("127.0.0.1:8790", host);
  if (edit) text = edit(text);
  const result = parseConfigText(text);
  if (!result.ok) throw new Error(`demo config invalid: ${JSON.stringify(result.issues)}`);
  return withoutSessionChannels(result.config);
}

/**
 * The demo without its login-walled channel (which needs Chromium, the walled market and a
 * session): what the static-marketplace tests run. test/e2e/walled-demo.test.ts runs the rest.
 */
export function withoutSessionChannels(config: TenantConfig): TenantConfig {
  const walled = new Set(config.channels.filter((c) => c.session).map((c) => c.id));
  return {
    ...config,
    channels: config.channels.filter((c) => !walled.has(c.id)),
    watch: config.watch.filter((w) => !walled.has("discover" in w ? w.discover.channel : w.channel)),
    officialSellers: config.officialSellers.filter((s) => !walled.has(s.channel)),
    distributors: config.distributors.map((d) => ({
      ...d,
      sellers: d.sellers.filter((s) => !walled.has(s.channel)),
    })),
  };
}

/** The demo config's text without its login-walled channel (see withoutSessionChannels). */
export function demoConfigText(siteUrl: string): string {
  const text = readFileSync("examples/demo.yaml", "utf8").replaceAll("127.0.0.1:8790", new URL(siteUrl).host);
  const doc = parseYaml(text) as {
    channels: Array<{ id: string; session?: unknown }>;
    watch: Array<{ channel?: string; discover?: { channel: string } }>;
    officialSellers: Array<{ channel: string }>;
    distributors: Array<{ sellers: Array<{ channel: string }> }>;
  };
  const walled = new Set(doc.channels.filter((c) => c.session).map((c) => c.id));
  doc.channels = doc.channels.filter((c) => !walled.has(c.id));
  doc.watch = doc.watch.filter((w) => !walled.has(w.discover?.channel ?? w.channel ?? ""));
  doc.officialSellers = doc.officialSellers.filter((s) => !walled.has(s.channel));
  for (const d of doc.distributors) d.sellers = d.sellers.filter((s) => !walled.has(s.channel));
  return stringifyYaml(doc);
}
