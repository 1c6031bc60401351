import { accessSync, constants, readFileSync, statSync } from "node:fs";
import { delimiter, join } from "node:path";
import { createInterface } from "node:readline";
import { type Command, CommanderError, Option } from "commander";
import type { BrowserSessionInfo, StorageState } from "../core/browser-session.js";
import type { Channel, TenantConfig } from "../core/config.js";
import { PricewardenError } from "../core/errors.js";
import type { SessionRepository } from "../store/session-repository.js";
import { type CliText, cliText } from "../text/cli-text.js";
import { formatInstant } from "../text/clock.js";
import { clean } from "./alert-table.js";
import { alignedColumns } from "./aligned-columns.js";

export interface SessionCommandIo {
  out(text: string): void;
  err(text: string): void;
  /** Loads and validates a tenant config (refuses it with its problems when invalid). */
  loadConfig(path: string): TenantConfig | Promise<TenantConfig>;
  dataDirOption(): Option;
  /** The words it prints (English when not given). */
  t?: CliText;
}

/** Times are shown in the tenant's zone; the config's when it was read. */
const zoneOf = (config: TenantConfig) => ({ timeZone: config.timezone });

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
 * Nothing here prints a cookie or storage value. The store, Chromium and the session checks load
 * inside each action, so `pricewarden --help` does not pay for them.
 */
export function registerSessionCommands(program: Command, io: SessionCommandIo): Command {
  const t = textOf(io);
  const h = t.session;
  const tableOption = () => new Option("--table <name>", h.table);
  const kmsKeyOption = () => new Option("--kms-key <id>", h.kmsKey);
  const regionOption = () => new Option("--region <region>", h.region).env("AWS_REGION");
  const dynamodbEndpointOption = () => new Option("--dynamodb-endpoint <url>", h.dynamodbEndpoint);
  const session = program.command("session").description(h.group);

  session
    .command("import")
    .description(h.import)
    .argument("<file>", h.stateFile)
    .requiredOption("--channel <id>", h.channelOfAccount)
    .option("--label <text>", h.label)
    .option("--area <area>", h.area)
    .requiredOption("--config <file>", t.help.config)
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
        const config = await io.loadConfig(opts.config);
        const channel = channelOf(io, config, opts.channel);
        const state = await readStorageStateFile(io, file);
        const { cookieAppliesTo } = await import("../sessions/storage-state.js");
        const hosts = channelHosts(channel);
        const forChannel = state.cookies.filter((c) =>
          hosts.some((h) => cookieAppliesTo(c.domain, h)),
        ).length;
        if (forChannel === 0) io.err(h.noCookieForChannel(state.cookies.length, channel.id, hosts));
        const info = await storing(io, () =>
          withSessions(io, opts, (sessions) =>
            sessions.put(config.tenant, channel.id, state, labelAndArea(opts)),
          ),
        );
        io.out(
          h.imported(
            info.id,
            channel.id,
            clean(info.label),
            state.cookies.length,
            forChannel,
            state.origins.length,
            info.expiresAt,
            zoneOf(config),
          ),
        );
        io.err(h.deleteFile(file));
      },
    );

  session
    .command("list")
    .description(h.list)
    .requiredOption("--config <file>", t.help.config)
    .option("--channel <id>", h.onlyChannel)
    .option("--json", t.help.jsonArray)
    .addOption(io.dataDirOption())
    .addOption(tableOption())
    .addOption(kmsKeyOption())
    .addOption(regionOption())
    .addOption(dynamodbEndpointOption())
    .action(
      async (
        opts: { config: string; channel?: string; json?: boolean; dataDir: string } & AwsSessionFlags,
      ) => {
        const config = await io.loadConfig(opts.config);
        const channel = opts.channel === undefined ? undefined : channelOf(io, config, opts.channel).id;
        const sessions = await withSessions(io, opts, (repository) =>
          repository.list(config.tenant, channel),
        );
        io.out(
          opts.json ? JSON.stringify(sessions, null, 2) : formatSessionTable(sessions, t, zoneOf(config)),
        );
      },
    );

  session
    .command("check")
    .description(h.check)
    .requiredOption("--channel <id>", h.channelToCheck)
    .requiredOption("--config <file>", t.help.config)
    .option("--url <url>", h.checkUrl)
    .option("--json", t.help.json)
    .addOption(io.dataDirOption())
    .action(
      async (opts: { channel: string; config: string; url?: string; json?: boolean; dataDir: string }) => {
        const config = await io.loadConfig(opts.config);
        const channel = channelOf(io, config, opts.channel);
        const [
          { checkSessions, checkUrlFor },
          { createRenderer },
          { sessionVerdict },
          { recordSessionAlert, resolveSessionAlerts },
          { withLocalStore },
        ] = await Promise.all([
          import("../sessions/session-check.js"),
          import("../crawl/render/chromium-renderer.js"),
          import("../core/session-verdict.js"),
          import("../stages/record-session.js"),
          import("./local-store.js"),
        ]);
        const url = opts.url ?? checkUrlFor(channel, config.watch);
        if (!url) fail(io, h.noWatchedUrl(channel.id));
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
          else if (results.length === 0) io.out(h.noSessions(channel.id));
          else
            for (const r of results)
              io.out(
                `${r.session.id}  ${clean(r.session.label, 40)}  ${h.health(r.health)}  ${r.outcome}${r.reason ? ` — ${clean(r.reason, 160)}` : ""}`,
              );
        } finally {
          await renderer.close();
        }
      },
    );

  session
    .command("remove")
    .description(h.remove)
    .argument("<id>", h.sessionId)
    .requiredOption("--channel <id>", h.itsChannel)
    .requiredOption("--config <file>", t.help.config)
    .addOption(io.dataDirOption())
    .addOption(tableOption())
    .addOption(kmsKeyOption())
    .addOption(regionOption())
    .addOption(dynamodbEndpointOption())
    .action(
      async (id: string, opts: { channel: string; config: string; dataDir: string } & AwsSessionFlags) => {
        const config = await io.loadConfig(opts.config);
        const channel = channelOf(io, config, opts.channel);
        const removed = await withSessions(io, opts, (repository) =>
          repository.remove(config.tenant, channel.id, id),
        );
        if (!removed) fail(io, h.noSession(clean(id, 80), channel.id));
        io.out(h.removed(id, channel.id));
      },
    );

  session
    .command("login")
    .description(h.login)
    .requiredOption("--channel <id>", h.channelToSignIn)
    .requiredOption("--config <file>", t.help.config)
    .option("--url <url>", h.loginUrl)
    .option("--label <text>", h.label)
    .option("--area <area>", h.area)
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
        const config = await io.loadConfig(opts.config);
        const channel = channelOf(io, config, opts.channel);
        const url = opts.url ?? loginPageOf(channel);
        if (!/^https?:\/\//i.test(url)) fail(io, h.badUrl(clean(url, 80)));
        const state = await signInByHand(io, url);
        const { withLocalStore } = await import("./local-store.js");
        const info = await storing(io, () =>
          withLocalStore(opts.dataDir, (store) =>
            store.sessions.put(config.tenant, channel.id, state, labelAndArea(opts)),
          ),
        );
        io.out(
          h.stored(
            info.id,
            channel.id,
            clean(info.label),
            state.cookies.length,
            info.expiresAt,
            zoneOf(config),
          ),
        );
      },
    );

  return session;
}

/** The session table `session list` prints: shown fields only. */
export function formatSessionTable(
  sessions: readonly BrowserSessionInfo[],
  t: CliText = cliText("en"),
  zone: { timeZone: string } = { timeZone: "UTC" },
): string {
  if (sessions.length === 0) return t.session.noSessionsTable;
  const when = (iso: string | null) =>
    iso ? formatInstant(iso, { ...zone, locale: t === cliText("en") ? "en" : "zh-CN" }) : "-";
  const rows = [
    [...t.session.columns],
    ...sessions.map((s) => [
      s.id,
      s.channel,
      clean(s.label, 30),
      t.session.health(s.health),
      clean(s.reason, 40),
      when(s.lastUsedAt),
      when(s.expiresAt),
      clean(s.area, 30),
    ]),
  ];
  return alignedColumns(rows);
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
  const h = textOf(io).session;
  const browserPath = findHeadedChromium();
  const fallback = h.signInFallback;
  if ("problem" in browserPath) fail(io, `${browserPath.problem}; ${fallback}`);
  if (process.platform === "linux" && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY)
    fail(io, `${h.noDisplay}; ${fallback}`);
  const { chromium } = await import("playwright-core");
  const browser = await chromium.launch({ executablePath: browserPath.path, headless: false });
  try {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(url).catch((error: unknown) => {
      io.err(h.couldNotOpen(clean(url, 200), (error as Error).message.split("\n")[0] ?? ""));
    });
    io.out(h.pressEnter);
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
    if (!pressed || !browser.isConnected()) fail(io, h.closedEarly);
    const state = await context.storageState();
    if (state.cookies.length === 0) fail(io, h.noCookies);
    return state;
  } finally {
    await browser.close().catch(() => undefined);
  }
}

async function readStorageStateFile(io: SessionCommandIo, file: string): Promise<StorageState> {
  const h = textOf(io).session;
  const { checkStorageState } = await import("../sessions/storage-state.js");
  let text: string;
  try {
    const size = statSync(file).size;
    if (size > MAX_STATE_FILE_BYTES) fail(io, h.tooLarge(file, size, MAX_STATE_FILE_BYTES));
    text = readFileSync(file, "utf8");
  } catch (error) {
    if (error instanceof CommanderError) throw error;
    fail(io, h.unreadable(file, (error as NodeJS.ErrnoException).code ?? (error as Error).message));
  }
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch {
    // JSON.parse's message quotes the text around the error: it could be a cookie value.
    fail(io, h.notJson(file));
  }
  const checked = checkStorageState(value);
  if (!checked.ok) {
    io.err(h.notState(file));
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
      textOf(io).session.unknownChannel(
        clean(id, 40),
        config.channels.map((c) => c.id),
      ),
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

/** `--table` (with `--kms-key`) points a session command at an AWS deployment instead of the data directory. */
interface AwsSessionFlags {
  table?: string;
  kmsKey?: string;
  region?: string;
  dynamodbEndpoint?: string;
}

/** Runs `work` with the sessions of the data directory, or of the AWS deployment `--table` names. */
async function withSessions<T>(
  io: SessionCommandIo,
  opts: AwsSessionFlags & { dataDir: string },
  work: (sessions: SessionRepository) => Promise<T>,
): Promise<T> {
  if (opts.table === undefined) {
    const awsOnly = (["kmsKey", "dynamodbEndpoint"] as const).filter((name) => opts[name] !== undefined);
    if (awsOnly.length > 0) fail(io, textOf(io).session.awsOnly);
    const { withLocalStore } = await import("./local-store.js");
    return withLocalStore(opts.dataDir, (store) => work(store.sessions));
  }
  if (!opts.kmsKey) fail(io, textOf(io).session.awsNeedsKey);
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

function textOf(io: SessionCommandIo): CliText {
  return io.t ?? cliText("en");
}
