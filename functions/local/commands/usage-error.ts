/**
 * Something the person gave the CLI cannot be used (an unknown id, a missing flag, an unreadable
 * file): `main()` prints its message as one line and exits 2, never with a stack trace.
 */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

/** A refusal whose lines were already printed (every config problem): `main()` only exits with the code. */
export class ReportedError extends Error {
  override readonly name = "ReportedError";
  constructor(readonly exitCode: number) {
    super(`exit ${exitCode}`);
  }
}
