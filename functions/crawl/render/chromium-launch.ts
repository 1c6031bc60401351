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

/**
 * Flags we add:
 * - --dns-prefetch-disable: speculative DNS lookups would bypass the address guard (they are not
 *   requests).
 * - --disable-gpu-compositing: @sparticuz/chromium emulates a GPU with SwiftShader, and compositing
 *   every frame through it cost a sixth of a render's CPU (496 → 410 ms a page in the render
 *   benchmark, docs/benchmarks.md). Pages are composited in software instead; WebGL stays
 *   available (and reports the same SwiftShader renderer to fingerprinting scripts), and
 *   screenshots look the same.
 */
const ADDED_FLAGS = ["--dns-prefetch-disable", "--disable-gpu-compositing"];

export function chromiumArgs(): string[] {
  return [...chromium.args.filter((flag) => !DROPPED_FLAGS.has(flag)), ...ADDED_FLAGS];
}

/** Launches @sparticuz/chromium headless, with the CJK font in place (other `args` for benchmarks). */
export async function launchChromium(args: string[] = chromiumArgs()): Promise<Browser> {
  const fonts = await prepareChromiumFonts();
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) if (value !== undefined) env[key] = value;
  env["FONTCONFIG_PATH"] = fonts.fontconfigPath;
  return playwright.launch({
    executablePath: fonts.executablePath,
    args,
    headless: true,
    env,
  });
}
