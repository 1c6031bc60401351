import { vi } from "vitest";
import { main } from "../../functions/local/cli.js";

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** `pricewarden ARGS…` in this process: its exit code and what it wrote to stdout and stderr. */
export async function runCliInProcess(args: readonly string[]): Promise<CliRun> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  process.exitCode = undefined;
  vi.spyOn(process.stdout, "write").mockImplementation((chunk) => {
    stdout.push(String(chunk));
    return true;
  });
  vi.spyOn(process.stderr, "write").mockImplementation((chunk) => {
    stderr.push(String(chunk));
    return true;
  });
  try {
    const code = await main(["node", "pricewarden", ...args]);
    return { code, stdout: stdout.join(""), stderr: stderr.join("") };
  } finally {
    vi.restoreAllMocks();
    process.exitCode = undefined;
  }
}
