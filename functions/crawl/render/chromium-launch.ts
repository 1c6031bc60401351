import chromium from "@sparticuz/chromium";
import { type Browser, chromium as playwright } from "playwright-core";
import { prepareChromiumFonts } from "./chromium-fonts.js";

/**
 * Flags of @sparticuz/chromium we drop:
 * - --single-process: closing a browser context then kills the whole browser under Playwright
 *   (microsoft/playwright#1904), and we close a context after every render.
 * - --disable-web-security, --allow-running-insecure-content: crawled pages are hostile; with
 *   the same-origin policy off, a page could read what its scripts fetch from elsewhere.
 */
const DROPPED_FLAGS = new Set([
  "--single-process",
  "--disable-web-security",
  "--allow-running-insecure-content",
]);

/** Speculative DNS lookups would bypass the address guard (they are not requests). */
const ADDED_FLAGS = ["--dns-prefetch-disable"];

export function chromiumArgs(): string[] {
  return [...chromium.args.filter((flag) => !DROPPED_FLAGS.has(flag)), ...ADDED_FLAGS];
}

/** Launches @sparticuz/chromium headless, with the CJK font in place. */
export async function launchChromium(): Promise<Browser> {
  const fonts = await prepareChromiumFonts();
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) if (value !== undefined) env[key] = value;
  env["FONTCONFIG_PATH"] = fonts.fontconfigPath;
  return playwright.launch({
    executablePath: fonts.executablePath,
    args: chromiumArgs(),
    headless: true,
    env,
  });
}
