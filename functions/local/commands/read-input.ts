import { readFileSync, statSync } from "node:fs";
import type { CliText } from "../../text/cli-text.js";
import { UsageError } from "./usage-error.js";

const MAX_INPUT_BYTES = 512 * 1024 * 1024;

/** A file a person named (an HTML page, a HAR): read whole, bounded, refused with a reason. */
export function readInput(file: string, t: CliText): string {
  let size: number;
  try {
    size = statSync(file).size;
  } catch (error) {
    throw new UsageError(
      t.input.unreadable(file, (error as NodeJS.ErrnoException).code ?? (error as Error).message),
    );
  }
  if (size > MAX_INPUT_BYTES) throw new UsageError(t.input.tooLarge(file, MAX_INPUT_BYTES));
  try {
    return readFileSync(file, "utf8");
  } catch (error) {
    throw new UsageError(
      t.input.unreadable(file, (error as NodeJS.ErrnoException).code ?? (error as Error).message),
    );
  }
}
