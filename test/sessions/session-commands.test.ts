import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Command, CommanderError, Option } from "commander";
import { afterAll, describe, expect, it } from "vitest";
import type { BrowserSessionInfo, StorageState } from "../../functions/core/browser-session.js";
import { loadConfigFile } from "../../functions/local/config-file.js";
import { findHeadedChromium, registerSessionCommands } from "../../functions/local/session-commands.js";

/*
 * The commands as the CLI runs them, through a Commander program of their own (the lead wires
 * registerSessionCommands into cli.ts's program with the same io). Each command opens the data
 * directory's embedded store and closes it, as `pricewarden session …` does.
 */
const dir = mkdtempSync(join(tmpdir(), "pricewarden-sessions-cli-"));
const dataDir = join(dir, "data");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const COOKIE_SECRET = "thor-3F9A-never-print-me";
const STORAGE_SECRET = "ls-token-never-print-me";
const CONFIG = join(dir, "tenant.yaml");
writeFileSync(
  CONFIG,
  `tenant: acme
channels:
  - { id: jd, name: 京东, match: ["item.jd.com", "https://mall.jd.com/"], profile: jd }
  - { id: jd-health, name: 京东健康, match: ["https://www.jdhealth.example/"] }
  - { id: tmall, name: 天猫, match: ["detail.tmall.com"] }
products:
  - { sku: GLU-50, name: 安可血糖试纸 50片, match: { keywords: [["安可", "血糖试纸"]] } }
`,
);

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const program = new Command("pricewarden").exitOverride().configureOutput({
    writeOut: (t) => {
      out += t;
    },
    writeErr: (t) => {
      err += t;
    },
  });
  registerSessionCommands(program, {
    out: (text) => {
      out += `${text}\n`;
    },
    err: (text) => {
      err += `${text}\n`;
    },
    loadConfig: (path) => {
      const result = loadConfigFile(path);
      if (!result.ok) throw new Error(`bad config ${path}`);
      return result.config;
    },
    dataDirOption: () => new Option("--data-dir <dir>", "local data directory").default(dataDir),
  });
  try {
    await program.parseAsync(["node", "pricewarden", ...args]);
    return { code: 0, out, err };
  } catch (error) {
    if (error instanceof CommanderError) return { code: error.exitCode, out, err };
    throw error;
  }
}

function stateFile(name: string, content: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === "string" ? content : JSON.stringify(content));
  return path;
}

const signedInState: StorageState = {
  cookies: [
    {
      name: "thor",
      value: COOKIE_SECRET,
      domain: ".jd.com",
      path: "/",
      expires: Date.parse("2030-01-01T00:00:00Z") / 1000,
      httpOnly: true,
      secure: false,
      sameSite: "Lax",
    },
  ],
  origins: [{ origin: "https://item.jd.com", localStorage: [{ name: "token", value: STORAGE_SECRET }] }],
};

function expectNoSecret(...texts: string[]): void {
  for (const text of texts) {
    expect(text).not.toContain(COOKIE_SECRET);
    expect(text).not.toContain(STORAGE_SECRET);
  }
}

describe("pricewarden session", () => {
  let imported = "";

  it("import: stores a storage state for a channel, prints its id and counts, never a value", async () => {
    const file = stateFile("state.json", signedInState);
    const result = await cli([
      "session",
      "import",
      "--channel",
      "jd",
      file,
      "--label",
      "京东 采购账号 2",
      "--area",
      "19_1607_4773_62123",
      "--config",
      CONFIG,
    ]);
    expect(result.code).toBe(0);
    const match =
      /session ([0-9a-f]{16}) imported for jd \(京东 采购账号 2\): 1 cookie \(1 for jd\), local storage of 1 origin;/.exec(
        result.out,
      );
    expect(match).not.toBeNull();
    imported = match![1]!;
    // Shown in the tenant's zone (Asia/Shanghai) with its label.
    expect(result.out).toContain("earliest cookie expiry 2030-01-01 08:00 UTC+8");
    expect(result.err).toContain("still holds the signed-in session in the clear");
    expectNoSecret(result.out, result.err);
    expect(statSync(join(dataDir, "session-key")).mode & 0o777).toBe(0o600);
  });

  it("list: id, channel, label, health, reason, last used, expires, area — as a table and as JSON", async () => {
    const table = await cli(["session", "list", "--config", CONFIG]);
    expect(table.code).toBe(0);
    const [header, row] = table.out.trim().split("\n");
    expect(header).toMatch(/^ID\s+CHANNEL\s+LABEL\s+HEALTH\s+REASON\s+LAST USED\s+EXPIRES\s+AREA$/);
    expect(row).toMatch(
      new RegExp(
        `^${imported}\\s+jd\\s+京东 采购账号 2\\s+unchecked\\s+-\\s+-\\s+2030-01-01 08:00 UTC\\+8\\s+19_1607_4773_62123$`,
      ),
    );

    const json = await cli(["session", "list", "--config", CONFIG, "--json"]);
    const sessions = JSON.parse(json.out) as BrowserSessionInfo[];
    expect(sessions).toEqual([
      {
        tenant: "acme",
        channel: "jd",
        id: imported,
        label: "京东 采购账号 2",
        health: "unchecked",
        reason: null,
        createdAt: expect.any(String),
        lastUsedAt: null,
        lastCheckedAt: null,
        expiresAt: "2030-01-01T00:00:00.000Z",
        area: "19_1607_4773_62123",
      },
    ]);
    expectNoSecret(table.out, json.out, json.err);
    expect((await cli(["session", "list", "--config", CONFIG, "--channel", "tmall"])).out.trim()).toBe(
      "No sessions.",
    );
  });

  it("import refuses what is not a storage state, saying why and never quoting it", async () => {
    const notJson = await cli([
      "session",
      "import",
      "--channel",
      "jd",
      stateFile("a.txt", `thor=${COOKIE_SECRET}; x`),
      "--config",
      CONFIG,
    ]);
    expect(notJson.code).toBe(2);
    expect(notJson.err).toMatch(/a\.txt is not JSON; a Playwright storage state is/);

    const list = await cli([
      "session",
      "import",
      "--channel",
      "jd",
      stateFile("b.json", [{ name: "thor", value: COOKIE_SECRET, expirationDate: 1 }]),
      "--config",
      CONFIG,
    ]);
    expect(list.code).toBe(2);
    expect(list.err).toMatch(/this is a list \(a cookie-editor export\?\), not a Playwright storage state/);

    const har = await cli([
      "session",
      "import",
      "--channel",
      "jd",
      stateFile("c.har", { log: { entries: [] } }),
      "--config",
      CONFIG,
    ]);
    expect(har.err).toMatch(/HAR capture/);

    const shape = await cli([
      "session",
      "import",
      "--channel",
      "jd",
      stateFile("d.json", {
        cookies: [{ ...signedInState.cookies[0], sameSite: COOKIE_SECRET, secure: "yes" }],
        origins: [],
      }),
      "--config",
      CONFIG,
    ]);
    expect(shape.code).toBe(2);
    expect(shape.err).toContain("cookies[0].secure: expected boolean");
    expect(shape.err).toContain('cookies[0].sameSite: expected one of "Strict", "Lax", "None"');

    const empty = await cli([
      "session",
      "import",
      "--channel",
      "jd",
      stateFile("e.json", { cookies: [], origins: [] }),
      "--config",
      CONFIG,
    ]);
    expect(empty.err).toMatch(/no cookies: was it saved before signing in/);

    const missing = await cli([
      "session",
      "import",
      "--channel",
      "jd",
      join(dir, "nope.json"),
      "--config",
      CONFIG,
    ]);
    expect(missing.err).toMatch(/cannot read .*nope\.json: ENOENT/);

    expectNoSecret(notJson.err, list.err, shape.err, shape.out);
    expect(JSON.parse((await cli(["session", "list", "--config", CONFIG, "--json"])).out)).toHaveLength(1);
  });

  it("warns when no cookie would reach the channel's hosts", async () => {
    const elsewhere = {
      ...signedInState,
      cookies: [{ ...signedInState.cookies[0]!, domain: ".taobao.com" }],
    };
    const result = await cli([
      "session",
      "import",
      "--channel",
      "jd",
      stateFile("f.json", elsewhere),
      "--config",
      CONFIG,
    ]);
    expect(result.code).toBe(0);
    expect(result.err).toMatch(
      /no cookie \(of 1\) is sent to jd's hosts \(item\.jd\.com, mall\.jd\.com\); is this the right channel\?/,
    );
    const id = /session ([0-9a-f]{16})/.exec(result.out)![1]!;
    expect((await cli(["session", "remove", id, "--channel", "jd", "--config", CONFIG])).code).toBe(0);
  });

  it("an unknown channel is an error listing the known ones", async () => {
    const file = stateFile("g.json", signedInState);
    for (const args of [
      ["session", "import", "--channel", "taobao", file, "--config", CONFIG],
      ["session", "list", "--channel", "taobao", "--config", CONFIG],
      ["session", "remove", imported, "--channel", "taobao", "--config", CONFIG],
      ["session", "login", "--channel", "taobao", "--config", CONFIG],
    ]) {
      const result = await cli(args);
      expect(result.code).toBe(2);
      expect(result.err).toContain("unknown channel taobao; the config's channels are jd, jd-health, tmall");
    }
  });

  it("remove deletes a session; removing it again, or on another channel, is an error", async () => {
    expect(
      (await cli(["session", "remove", imported, "--channel", "tmall", "--config", CONFIG])).err,
    ).toContain(`no session ${imported} on channel tmall`);
    const removed = await cli(["session", "remove", imported, "--channel", "jd", "--config", CONFIG]);
    expect(removed).toMatchObject({ code: 0, out: `session ${imported} removed from jd\n` });
    const again = await cli(["session", "remove", imported, "--channel", "jd", "--config", CONFIG]);
    expect(again.code).toBe(2);
    expect((await cli(["session", "list", "--config", CONFIG])).out.trim()).toBe("No sessions.");
  });

  it("login without a headed Chromium says to use session import instead", async () => {
    const saved = process.env.PRICEWARDEN_CHROMIUM;
    process.env.PRICEWARDEN_CHROMIUM = join(dir, "no-such-chrome");
    try {
      const result = await cli(["session", "login", "--channel", "jd", "--config", CONFIG]);
      expect(result.code).toBe(2);
      expect(result.err).toMatch(
        /no-such-chrome is not an executable file; .*use `pricewarden session import` instead/,
      );
    } finally {
      if (saved === undefined) delete process.env.PRICEWARDEN_CHROMIUM;
      else process.env.PRICEWARDEN_CHROMIUM = saved;
    }
  });
});

describe("findHeadedChromium", () => {
  it("prefers PRICEWARDEN_CHROMIUM, then chromium or Chrome where installed or on PATH", () => {
    const has = (paths: string[]) => (path: string) => paths.includes(path);
    expect(
      findHeadedChromium(
        { PRICEWARDEN_CHROMIUM: "/opt/c/chrome" },
        has(["/opt/c/chrome", "/usr/bin/chromium"]),
      ),
    ).toEqual({
      path: "/opt/c/chrome",
    });
    expect(findHeadedChromium({}, has(["/usr/bin/chromium"]))).toEqual({ path: "/usr/bin/chromium" });
    expect(findHeadedChromium({ PATH: "/x/bin:/y/bin" }, has(["/y/bin/google-chrome"]))).toEqual({
      path: "/y/bin/google-chrome",
    });
    expect(findHeadedChromium({ PATH: "/x/bin" }, has([]))).toMatchObject({
      problem: expect.stringMatching(/PRICEWARDEN_CHROMIUM/),
    });
  });
});
