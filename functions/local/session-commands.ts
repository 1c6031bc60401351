import { accessSync, constants, readFileSync, statSync } from "node:fs";
import { delimiter, join } from "node:path";
import { createInterface } from "node:readline";
import { type Command, CommanderError, Option } from "commander";
import type { BrowserSessionInfo, StorageState } from "../core/browser-session.js";
import type { Channel, TenantConfig } from "../core/config.js";
import { PricewardenError } from "../core/errors.js";
import { sessionVerdict } from "../core/session-verdict.js";
import { createRenderer } from "../crawl/render/chromium-renderer.js";
import { checkSessions, checkUrlFor } from "../sessions/session-check.js";
import { checkStorageState, cookieAppliesTo } from "../sessions/storage-state.js";
import { recordSessionAlert, resolveSessionAlerts } from "../stages/record-session.js";
import type { SessionRepository } from "../store/session-repository.js";
import { clean } from "./alert-table.js";
import { withLocalStore } from "./local-store.js";

export interface SessionCommandIo {
  out(text: string): void;
  err(text: string): void;
  /** Loads and validates a tenant config (exits with its problems when invalid). */
  loadConfig(path: string): TenantConfig;
  dataDirOption(): Option;
}

/** Exit code for bad input (the CLI's contract); `main()` maps a CommanderError to it. */
const EXIT_BAD_INPUT = 2;
const MAX_STATE_FILE_BYTES = 16 * 1024 * 1024;

/** Sign-in pages of the built-in site profiles; other channels open their first `match` entry. */
const LOGIN_PAGES: Record<string, string> = {
  jd: "https://passport.jd.com/new/login.aspx",
  "jd-health": "https://passport.jd.com/new/login.aspx",
  tmall: "https://login.taobao.com/",
  "ali-health": "https://login.taobao.com/",
  pdd: "https://mobile.yangkeduo.com/login.html",
};

/**
 * `pricewarden session import|list|remove|login`: customer-owned browser sessions (a signed-in
 * marketplace account's cookies and local storage), stored sealed in the data directory's store.
 * Nothing here prints a cookie or storage value.
 */
export function registerSessionCommands(program: Command, io: SessionCommandIo): Command {
  const session = program
    .command("session")
    .description("browser sessions of your own marketplace accounts: session import|list|check|remove|login");

  session
    .command("import")
    .description("store a Playwright storage-state JSON (context.storageState()) as a session of a channel")
    .argument("<file>", "storage-state JSON exported from a signed-in browser")
    .requiredOption("--channel <id>", "channel the account belongs to")
    .option("--label <text>", "what to call it (e.g. 京东 采购账号 2)")
    .option("--area <area>", "delivery area it browses from (JD area code or a city)")
    .requiredOption("--config <file>", "tenant config")
    .addOption(io.dataDirOption())
    .addOption(tableOption())
    .addOption(kmsKeyOption())
    .addOption(regionOption())
    .addOption(dynamodbEndpointOption())
    .action(
      async (
        file: string,
        opts: {
          channel: string;
          label?: string;
          area?: string;
          config: string;
          dataDir: string;
        } & AwsSessionFlags,
      ) => {
        const config = io.loadConfig(opts.config);
        const channel = channelOf(io, config, opts.channel);
        const state = readStorageStateFile(io, file);
        const hosts = channelHosts(channel);
        const forChannel = state.cookies.filter((c) =>
          hosts.some((h) => cookieAppliesTo(c.domain, h)),
        ).length;
        if (forChannel === 0)
          io.err(
            `pricewarden: warning: no cookie (of ${state.cookies.length}) is sent to ${channel.id}'s hosts (${hosts.join(", ")}); is this the right channel?`,
          );
        const info = await storing(io, () =>
          withSessions(io, opts, (sessions) =>
            sessions.put(config.tenant, channel.id, state, labelAndArea(opts)),
          ),
        );
        io.out(
          `session ${info.id} imported for ${channel.id} (${clean(info.label)}): ${count(state.cookies.length, "cookie")} (${forChannel} for ${channel.id}), local storage of ${count(state.origins.length, "origin")}; earliest cookie expiry ${info.expiresAt ?? "none stated"}`,
        );
        io.err(`pricewarden: ${file} still holds the signed-in session in the clear: delete it.`);
      },
    );

  session
    .command("list")
    .description("list stored sessions (never their cookies)")
    .requiredOption("--config <file>", "tenant config")
    .option("--channel <id>", "only this channel's")
    .option("--json", "print a JSON array")
    .addOption(io.dataDirOption())
    .addOption(tableOption())
    .addOption(kmsKeyOption())
    .addOption(regionOption())
    .addOption(dynamodbEndpointOption())
    .action(
      async (
        opts: { config: string; channel?: string; json?: boolean; dataDir: string } & AwsSessionFlags,
      ) => {
        const config = io.loadConfig(opts.config);
        const channel = opts.channel === undefined ? undefined : channelOf(io, config, opts.channel).id;
        const sessions = await withSessions(io, opts, (repository) =>
          repository.list(config.tenant, channel),
        );
        io.out(opts.json ? JSON.stringify(sessions, null, 2) : formatSessionTable(sessions));
      },
    );

  session
    .command("check")
    .description("render one page of the channel with each of its sessions and record their health")
    .requiredOption("--channel <id>", "channel whose sessions to check")
    .requiredOption("--config <file>", "tenant config")
    .option("--url <url>", "the page to check with (default: the channel's first watched URL)")
    .option("--json", "print JSON")
    .addOption(io.dataDirOption())
    .action(
      async (opts: { channel: string; config: string; url?: string; json?: boolean; dataDir: string }) => {
        const config = io.loadConfig(opts.config);
        const channel = channelOf(io, config, opts.channel);
        const url = opts.url ?? checkUrlFor(channel, config.watch);
        if (!url) fail(io, `channel ${channel.id} has no watched URL to check with: give --url`);
        const renderer = createRenderer({
          allowPrivateAddresses: config.network.allowPrivateAddresses,
          timeoutMs: config.network.timeoutMs,
          maxBytes: config.network.maxBytes,
          userAgent: config.network.userAgent,
        });
        try {
          const results = await withLocalStore(opts.dataDir, async (store) => {
            const checked = await checkSessions({
              tenant: config.tenant,
              channel,
              url,
              renderer,
              sessions: store.sessions,
            });
            const runId = `session-check#${new Date().toISOString()}`;
            for (const r of checked) {
              const verdict = sessionVerdict({ outcome: r.outcome, reason: r.reason });
              if (verdict.health === "healthy")
                await resolveSessionAlerts(
                  { config, alerts: store.alerts },
                  channel.id,
                  r.session.id,
                  runId,
                  new Date(),
                );
              else if (r.changed)
                await recordSessionAlert(
                  { config, alerts: store.alerts },
                  { session: r.session, channel, alert: verdict.alert, reason: verdict.reason },
                  runId,
                  new Date(),
                );
            }
            return checked;
          });
          if (opts.json)
            io.out(
              JSON.stringify(
                results.map((r) => ({
                  id: r.session.id,
                  label: r.session.label,
                  url: r.url,
                  outcome: r.outcome,
                  reason: r.reason,
                  health: r.health,
                })),
              ),
            );
          else if (results.length === 0)
            io.out(`No sessions for ${channel.id}: pricewarden session import --channel ${channel.id} FILE`);
          else
            for (const r of results)
              io.out(
                `${r.session.id}  ${clean(r.session.label, 40)}  ${r.health}  ${r.outcome}${r.reason ? ` — ${clean(r.reason, 160)}` : ""}`,
              );
        } finally {
          await renderer.close();
        }
      },
    );

  session
    .command("remove")
    .description("delete a stored session")
    .argument("<id>", "session id (from session list)")
    .requiredOption("--channel <id>", "its channel")
    .requiredOption("--config <file>", "tenant config")
    .addOption(io.dataDirOption())
    .addOption(tableOption())
    .addOption(kmsKeyOption())
    .addOption(regionOption())
    .addOption(dynamodbEndpointOption())
    .action(
      async (id: string, opts: { channel: string; config: string; dataDir: string } & AwsSessionFlags) => {
        const config = io.loadConfig(opts.config);
        const channel = channelOf(io, config, opts.channel);
        const removed = await withSessions(io, opts, (repository) =>
          repository.remove(config.tenant, channel.id, id),
        );
        if (!removed) fail(io, `no session ${clean(id, 80)} on channel ${channel.id} (see session list)`);
        io.out(`session ${id} removed from ${channel.id}`);
      },
    );

  session
    .command("login")
    .description("open a visible Chromium to sign in by hand, then store the session (needs a display)")
    .requiredOption("--channel <id>", "channel to sign in to")
    .requiredOption("--config <file>", "tenant config")
    .option("--url <url>", "page to open (default: the channel's sign-in page)")
    .option("--label <text>", "what to call it")
    .option("--area <area>", "delivery area it browses from")
    .addOption(io.dataDirOption())
    .action(
      async (opts: {
        channel: string;
        config: string;
        url?: string;
        label?: string;
        area?: string;
        dataDir: string;
      }) => {
        const config = io.loadConfig(opts.config);
        const channel = channelOf(io, config, opts.channel);
        const url = opts.url ?? loginPageOf(channel);
        if (!/^https?:\/\//i.test(url)) fail(io, `--url ${clean(url, 80)} is not an http(s) URL`);
        const state = await signInByHand(io, url);
        const info = await storing(io, () =>
          withLocalStore(opts.dataDir, (store) =>
            store.sessions.put(config.tenant, channel.id, state, labelAndArea(opts)),
          ),
        );
        io.out(
          `session ${info.id} stored for ${channel.id} (${clean(info.label)}): ${count(state.cookies.length, "cookie")}; earliest cookie expiry ${info.expiresAt ?? "none stated"}`,
        );
      },
    );

  return session;
}

/** The session table `session list` prints: shown fields only. */
export function formatSessionTable(sessions: readonly BrowserSessionInfo[]): string {
  if (sessions.length === 0) return "No sessions.";
  const rows = [
    ["ID", "CHANNEL", "LABEL", "HEALTH", "REASON", "LAST USED", "EXPIRES", "AREA"],
    ...sessions.map((s) => [
      s.id,
      s.channel,
      clean(s.label, 30),
      s.health,
      clean(s.reason, 40),
      minute(s.lastUsedAt),
      minute(s.expiresAt),
      clean(s.area, 30),
    ]),
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => width(r[i]!))));
  return rows
    .map((r) =>
      r
        .map((cell, i) => cell + " ".repeat(widths[i]! - width(cell)))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}

/**
 * A headed Chromium for a person: `PRICEWARDEN_CHROMIUM`, else chromium or Google Chrome where
 * they are usually installed or on PATH. (@sparticuz/chromium is headless-only.)
 */
export function findHeadedChromium(
  env: NodeJS.ProcessEnv = process.env,
  isExecutable: (path: string) => boolean = executable,
): { path: string } | { problem: string } {
  const chosen = env.PRICEWARDEN_CHROMIUM;
  if (chosen !== undefined && chosen !== "")
    return isExecutable(chosen)
      ? { path: chosen }
      : { problem: `PRICEWARDEN_CHROMIUM=${clean(chosen, 200)} is not an executable file` };
  const names = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"];
  const candidates = [
    ...names.map((n) => `/usr/bin/${n}`),
    ...(env.PATH ?? "")
      .split(delimiter)
      .filter((dir) => dir !== "")
      .flatMap((dir) => names.map((n) => join(dir, n))),
    "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
    "/Applications/Chromium.app/Contents/MacOS/Chromium",
  ];
  const found = candidates.find(isExecutable);
  return found
    ? { path: found }
    : {
        problem: "no Chromium or Google Chrome with a window was found (set PRICEWARDEN_CHROMIUM to one)",
      };
}

async function signInByHand(io: SessionCommandIo, url: string): Promise<StorageState> {
  const browserPath = findHeadedChromium();
  const fallback =
    "sign in on a computer with a browser, save its storage state, and use `pricewarden session import` instead";
  if ("problem" in browserPath) fail(io, `${browserPath.problem}; ${fallback}`);
  if (process.platform === "linux" && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY)
    fail(io, `there is no display to show a browser on (DISPLAY is not set); ${fallback}`);
  const { chromium } = await import("playwright-core");
  const browser = await chromium.launch({ executablePath: browserPath.path, headless: false });
  try {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(url).catch((error: unknown) => {
      io.err(
        `pricewarden: could not open ${clean(url, 200)} (${(error as Error).message.split("\n")[0]}); navigate by hand`,
      );
    });
    io.out("Sign in in the browser window, then press Enter here (Ctrl-C to give up).");
    const input = createInterface({ input: process.stdin });
    let pressed: boolean;
    try {
      pressed = await Promise.race([
        new Promise<boolean>((resolve) => {
          input.once("line", () => resolve(true));
          input.once("close", () => resolve(false));
        }),
        new Promise<false>((resolve) => browser.once("disconnected", () => resolve(false))),
      ]);
    } finally {
      input.close();
    }
    if (!pressed || !browser.isConnected())
      fail(io, "the browser was closed (or input ended) before Enter was pressed; nothing was stored");
    const state = await context.storageState();
    if (state.cookies.length === 0)
      fail(io, "the browser holds no cookies: nobody signed in; nothing was stored");
    return state;
  } finally {
    await browser.close().catch(() => undefined);
  }
}

function readStorageStateFile(io: SessionCommandIo, file: string): StorageState {
  let text: string;
  try {
    const size = statSync(file).size;
    if (size > MAX_STATE_FILE_BYTES)
      fail(io, `${file} is ${size} bytes; a storage state is far smaller (at most ${MAX_STATE_FILE_BYTES})`);
    text = readFileSync(file, "utf8");
  } catch (error) {
    if (error instanceof CommanderError) throw error;
    fail(io, `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch {
    // JSON.parse's message quotes the text around the error: it could be a cookie value.
    fail(
      io,
      `${file} is not JSON; a Playwright storage state is the JSON that context.storageState({ path }) writes`,
    );
  }
  const checked = checkStorageState(value);
  if (!checked.ok) {
    io.err(`pricewarden: ${file} is not a Playwright storage state:`);
    for (const problem of checked.problems) io.err(`  ${problem}`);
    throw new CommanderError(EXIT_BAD_INPUT, "pricewarden.session.input", "not a storage state");
  }
  return checked.state;
}

function channelOf(io: SessionCommandIo, config: TenantConfig, id: string): Channel {
  const channel = config.channels.find((c) => c.id === id);
  if (!channel)
    fail(
      io,
      `unknown channel ${clean(id, 40)}; the config's channels are ${config.channels.map((c) => c.id).join(", ")}`,
    );
  return channel;
}

/** The hostnames a channel's `match` entries name ("item.jd.com", "https://mall.jd.com/…"). */
function channelHosts(channel: Channel): string[] {
  const hosts = channel.match.map((entry) => {
    try {
      return new URL(entry.includes("://") ? entry : `https://${entry}`).hostname;
    } catch {
      return entry;
    }
  });
  return [...new Set(hosts)];
}

function loginPageOf(channel: Channel): string {
  const builtIn = channel.profile === undefined ? undefined : LOGIN_PAGES[channel.profile];
  if (builtIn) return builtIn;
  const first = channel.match[0]!;
  return first.includes("://") ? first : `https://${first}`;
}

function labelAndArea(opts: { label?: string; area?: string }): { label?: string; area?: string } {
  return {
    ...(opts.label !== undefined ? { label: opts.label } : {}),
    ...(opts.area !== undefined ? { area: opts.area } : {}),
  };
}

/** Store work whose refusals (too large, key file open to others) are the person's to fix. */
async function storing<T>(io: SessionCommandIo, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (
      error instanceof PricewardenError &&
      (error.code === "BAD_INPUT" || error.code === "CONFIG_INVALID" || error.code === "NOT_FOUND")
    )
      fail(io, error.message);
    throw error;
  }
}

function fail(io: SessionCommandIo, message: string): never {
  io.err(`pricewarden: ${message}`);
  throw new CommanderError(EXIT_BAD_INPUT, "pricewarden.session.input", message);
}

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

function minute(iso: string | null): string {
  return iso ? `${iso.slice(0, 16).replace("T", " ")}Z` : "-";
}

/** Terminal columns: CJK characters take two. */
function width(text: string): number {
  let n = 0;
  for (const ch of text)
    n +=
      /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(
        ch,
      )
        ? 2
        : 1;
  return n;
}

/** `--table` (with `--kms-key`) points a session command at an AWS deployment instead of the data directory. */
interface AwsSessionFlags {
  table?: string;
  kmsKey?: string;
  region?: string;
  dynamodbEndpoint?: string;
}

const tableOption = () =>
  new Option(
    "--table <name>",
    "an AWS deployment's table (stack output TableName) instead of --data-dir; needs --kms-key",
  );
const kmsKeyOption = () =>
  new Option(
    "--kms-key <id>",
    "with --table: the sessions KMS key (stack output SessionKeyArn, or alias/pricewarden-sessions-ENV)",
  );
const regionOption = () => new Option("--region <region>", "with --table: the AWS region").env("AWS_REGION");
const dynamodbEndpointOption = () =>
  new Option("--dynamodb-endpoint <url>", "with --table: a local DynamoDB instead of AWS's");

/** Runs `work` with the sessions of the data directory, or of the AWS deployment `--table` names. */
async function withSessions<T>(
  io: SessionCommandIo,
  opts: AwsSessionFlags & { dataDir: string },
  work: (sessions: SessionRepository) => Promise<T>,
): Promise<T> {
  if (opts.table === undefined) {
    const awsOnly = (["kmsKey", "dynamodbEndpoint"] as const).filter((name) => opts[name] !== undefined);
    if (awsOnly.length > 0)
      fail(io, "--kms-key and --dynamodb-endpoint only apply with --table (sessions on AWS)");
    return withLocalStore(opts.dataDir, (store) => work(store.sessions));
  }
  if (!opts.kmsKey)
    fail(
      io,
      "sessions on AWS (--table) also need --kms-key (stack output SessionKeyArn, or alias/pricewarden-sessions-ENV)",
    );
  // The KMS SDK loads only for sessions on AWS, not with every local command.
  const { awsSessionRepository } = await import("../aws/aws-sessions.js");
  const aws = awsSessionRepository({
    table: opts.table,
    kmsKey: opts.kmsKey,
    ...(opts.region ? { region: opts.region } : {}),
    ...(opts.dynamodbEndpoint ? { dynamodbEndpoint: opts.dynamodbEndpoint } : {}),
  });
  try {
    return await work(aws.repository);
  } finally {
    aws.close();
  }
}
