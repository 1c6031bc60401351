import type { CliText } from "../../text/cli-text.js";
import { UsageError } from "./usage-error.js";

/** Resolves at the first Ctrl-C or SIGTERM: the long-running commands stop their work then. */
export function untilSignal(): Promise<void> {
  return new Promise((resolveSignal) => {
    const done = () => {
      process.off("SIGINT", done);
      process.off("SIGTERM", done);
      resolveSignal();
    };
    process.on("SIGINT", done);
    process.on("SIGTERM", done);
  });
}

export function portNumber(text: string, t: CliText): number {
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(t.input.badPort(text));
  return port;
}
