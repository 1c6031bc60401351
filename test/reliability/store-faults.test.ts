import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { EXIT_DISK_FULL, EXIT_READ_ONLY } from "../../functions/local/store-faults.js";

/**
 * Issue 14, item 10 (store parts): a full disk or a read-only data directory crashed the process
 * with an uncaught error inside dynalite. Each case runs in a private mount namespace (unshare) on
 * a small tmpfs, so the disk really is full or read-only and nothing on the machine is touched.
 */

const canUnshare = spawnSync("unshare", ["-rm", "true"]).status === 0;
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const node = `${JSON.stringify(process.execPath)} --import tsx`;
const cli = `${node} functions/local/cli.ts`;
const createStore = `${node} test/reliability/kill-worker.ts startup`;

/** Runs `script` as root of a new user and mount namespace, with $D a 2 MB tmpfs. */
function inNamespace(script: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const dir = mkdtempSync(join(tmpdir(), "pricewarden-fault-"));
  dirs.push(dir);
  const child = spawn(
    "unshare",
    ["-rm", "sh", "-c", `set -e; D=${dir}; mount -t tmpfs -o size=2m tmpfs $D; ${script}`],
    {
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => {
    stdout += d.toString();
  });
  child.stderr.on("data", (d: Buffer) => {
    stderr += d.toString();
  });
  return new Promise((resolve) => child.on("close", (code) => resolve({ code, stdout, stderr })));
}

describe.skipIf(!canUnshare)("a data directory the store cannot write", () => {
  it("disk full at start: a clear message and exit code 5, no stack trace", async () => {
    const run = await inNamespace(
      `${createStore} $D/data >/dev/null; head -c 4000000 /dev/zero > $D/fill || true; set +e; ${cli} alerts --tenant acme --data-dir $D/data; echo "exit=$?"`,
    );
    expect(run.stdout, run.stderr).toContain(`exit=${EXIT_DISK_FULL}`);
    expect(run.stderr).toContain("所在的磁盘已满：请腾出空间后再运行");
    expect(run.stderr).not.toMatch(/\n\s+at /);
  }, 180_000);

  it("read-only data directory: a clear message and exit code 6, no stack trace", async () => {
    const run = await inNamespace(
      `${createStore} $D/data >/dev/null; mount -o remount,ro $D; set +e; ${cli} alerts --tenant acme --data-dir $D/data; echo "exit=$?"`,
    );
    expect(run.stdout, run.stderr).toContain(`exit=${EXIT_READ_ONLY}`);
    expect(run.stderr).toContain("是只读的，或当前用户无权写入");
    expect(run.stderr).not.toMatch(/\n\s+at /);
  }, 180_000);

  it("read-only data directory for `run`: exit code 6 whether the tenant list or the store (on its own thread) meets it first", async () => {
    const runOnce = (dir: string) =>
      `${cli} run --once --config examples/demo.yaml --data-dir ${dir}; echo "exit=$?"`;
    // $D/known already lists the demo tenant, so the first write is the store's, in its thread.
    const run = await inNamespace(
      `${createStore} $D/new >/dev/null; ${createStore} $D/known >/dev/null; echo '["demo-medtech"]' > $D/known/tenants.json; mount -o remount,ro $D; set +e; ${runOnce("$D/new")}; ${runOnce("$D/known")}`,
    );
    expect(run.stdout.match(/exit=\d+/g), run.stderr).toEqual([
      `exit=${EXIT_READ_ONLY}`,
      `exit=${EXIT_READ_ONLY}`,
    ]);
    expect(run.stderr.match(/是只读的，或当前用户无权写入/g)).toHaveLength(2);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  }, 180_000);

  it("disk fills while the store runs: the write is refused as an error, the process and its reads carry on", async () => {
    const run = await inNamespace(`${node} test/reliability/store-fault-worker.ts $D/data $D/fill`);
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout.trim().split("\n").at(-1)!) as {
      fault: string | null;
      message: string;
      stillReads: boolean;
    };
    expect(report.fault, report.message).toBe("disk-full");
    expect(report.message).toContain("No space left on device");
    expect(report.stillReads).toBe(true);
  }, 180_000);
});
