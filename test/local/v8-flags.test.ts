import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CRAWLER_V8_FLAGS } from "../../functions/crawl/v8-flags.js";

// The crawler's V8 flags are written in three places that cannot import them: the CLI's
// shebang, the npm start script, and (through the constant) the Lambdas' NODE_OPTIONS.

describe("crawler V8 flags", () => {
  it("the CLI's shebang passes exactly CRAWLER_V8_FLAGS to node", () => {
    const shebang = readFileSync("bin/pricewarden.js", "utf8").split("\n")[0];
    expect(shebang).toBe(`#!/usr/bin/env -S node ${CRAWLER_V8_FLAGS.join(" ")}`);
  });

  it("npm start runs the CLI with them", () => {
    const pkg = JSON.parse(readFileSync("package.json", "utf8")) as { scripts: Record<string, string> };
    expect(pkg.scripts.start).toContain(`node ${CRAWLER_V8_FLAGS.join(" ")} bin/pricewarden.js start`);
  });

  it.runIf(existsSync("dist/functions/local/cli.js"))("the CLI runs through its shebang", () => {
    // `env -S` splits the shebang's arguments; a platform without it would fail here.
    const run = spawnSync("bin/pricewarden.js", ["--help"], { encoding: "utf8" });
    expect(run.status, run.stderr).toBe(0);
    // Chinese unless PRICEWARDEN_LANG or --lang says otherwise; an older build says "Usage:".
    expect(run.stdout).toMatch(/^(Usage:|用法：) pricewarden/);
  });
});
