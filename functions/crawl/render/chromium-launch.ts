import chromium from "@sparticuz/chromium";
import { type Browser, chromium as playwright } from "playwright-core";
import { prepareChromiumFonts } from "./chromium-fonts.js";
import {
  currentSandboxHost,
  type SandboxHost,
  type SandboxMode,
  sandboxFailureOf,
  sandboxPlan,
} from "./chromium-sandbox.js";

/**
 * Flags of @sparticuz/chromium we drop:
 * - --single-process: closing a browser context then kills the whole browser under Playwright
 *   (microsoft/playwright#1904), and we close a context after every render.
 * - --disable-web-security, --allow-running-insecure-content: crawled pages are hostile; with
 *   the same-origin policy off, a page could read what its scripts fetch from elsewhere.
 * - --disable-site-isolation-trials (and IsolateOrigins, site-per-process in --disable-features):
 *   site isolation keeps a hostile frame's process away from other sites' data; no measured need
 *   to turn it off.
 * - --no-sandbox: Playwright's `chromiumSandbox` decides (launchChromiumWithSandbox).
 */
const DROPPED_FLAGS = new Set([
  "--single-process",
  "--disable-web-security",
  "--allow-running-insecure-content",
  "--disable-site-isolation-trials",
  "--no-sandbox",
]);
const SITE_ISOLATION_FEATURES = new Set(["IsolateOrigins", "site-per-process"]);

/**
 * Flags we add:
 * - --dns-prefetch-disable: speculative DNS lookups would bypass the address guard (they are not
 *   requests).
 * - --disable-gpu-compositing: @sparticuz/chromium emulates a GPU with SwiftShader, and compositing
 *   every frame through it cost a sixth of a render's CPU (496 → 410 ms a page in the render
 *   benchmark, docs/benchmarks.md). Pages are composited in software instead; WebGL stays
 *   available (and reports the same SwiftShader renderer to fingerprinting scripts), and
 *   screenshots look the same.
 * - WEBRTC_FLAGS: WebRTC sends UDP (STUN, ICE checks) and TCP (TURN, ICE-TCP) from the network
 *   stack, never as requests, so neither routing nor the address guard sees it.
 */
const ADDED_FLAGS = ["--dns-prefetch-disable", "--disable-gpu-compositing"];

/** No UDP for WebRTC unless proxied; with BROWSER_NETWORK_OFF_FLAGS nothing is, and TCP fails too. */
export const WEBRTC_FLAGS = ["--force-webrtc-ip-handling-policy=disable_non_proxied_udp"];

/**
 * The browser's own network goes to a proxy that cannot exist (port 0 is never listening), and
 * loopback is not exempt from it. Requests the renderer routes never reach the network stack
 * (Playwright fetches them after the address guard and fulfils them), so only what bypasses
 * routing fails here: WebRTC's TCP, preconnects, and anything a later Chromium adds.
 */
export const BROWSER_NETWORK_OFF_FLAGS = [
  "--proxy-server=http://0.0.0.0:0",
  "--proxy-bypass-list=<-loopback>",
];

export function chromiumArgs(): string[] {
  return [
    ...chromium.args.filter((flag) => !DROPPED_FLAGS.has(flag)).map(withoutSiteIsolationOff),
    ...ADDED_FLAGS,
    ...WEBRTC_FLAGS,
  ];
}

/** chromiumArgs() for a browser whose every page request is routed: its own network is off. */
export function renderChromiumArgs(): string[] {
  return [...chromiumArgs(), ...BROWSER_NETWORK_OFF_FLAGS];
}

function withoutSiteIsolationOff(flag: string): string {
  const prefix = "--disable-features=";
  if (!flag.startsWith(prefix)) return flag;
  const kept = flag
    .slice(prefix.length)
    .split(",")
    .filter((feature) => !SITE_ISOLATION_FEATURES.has(feature));
  return `${prefix}${kept.join(",")}`;
}

export interface LaunchedChromium {
  browser: Browser;
  sandbox: SandboxMode;
}

/** Launches @sparticuz/chromium headless, with the CJK font in place (other `args` for benchmarks). */
export async function launchChromium(args: string[] = chromiumArgs()): Promise<Browser> {
  return (await launchChromiumWithSandbox(args)).browser;
}

let reportedUnsandboxed = false;

/**
 * Launches with Chromium's sandbox where the host allows it; otherwise (root, Lambda, or a launch
 * that failed for want of user namespaces) without, saying why once per process.
 */
export async function launchChromiumWithSandbox(
  args: string[],
  host: SandboxHost = currentSandboxHost(),
): Promise<LaunchedChromium> {
  const fonts = await prepareChromiumFonts();
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) if (value !== undefined) env[key] = value;
  env["FONTCONFIG_PATH"] = fonts.fontconfigPath;
  const launch = (sandboxed: boolean) =>
    playwright.launch({
      executablePath: fonts.executablePath,
      // The sandbox needs the zygote; without the sandbox we keep @sparticuz/chromium's choice.
      args: sandboxed ? args.filter((flag) => flag !== "--no-zygote") : args,
      headless: true,
      chromiumSandbox: sandboxed,
      env,
    });

  const plan = sandboxPlan(host);
  if (!plan.attempt) return { browser: await launch(false), sandbox: unsandboxed(plan.reason) };
  try {
    return { browser: await launch(true), sandbox: { sandboxed: true } };
  } catch (error) {
    const failure = sandboxFailureOf(error);
    if (failure === null) throw error;
    return { browser: await launch(false), sandbox: unsandboxed(`the sandbox did not start: ${failure}`) };
  }
}

function unsandboxed(reason: string): SandboxMode {
  if (!reportedUnsandboxed) {
    reportedUnsandboxed = true;
    process.emitWarning(`Chromium runs without its sandbox: ${reason}`, "PricewardenChromiumSandbox");
  }
  return { sandboxed: false, reason };
}
