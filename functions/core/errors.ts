/** Errors for bugs and infrastructure only; expected outcomes are tagged unions, never thrown. */
export type ErrorCode =
  | "CONFIG_INVALID"
  | "CONFIG_UNREADABLE"
  | "STORE_UNAVAILABLE"
  | "STORE_CONFLICT"
  | "ITEM_INVALID"
  | "NOT_FOUND"
  | "BAD_INPUT"
  /** A tenant that was never registered (`pricewarden tenant apply`, the admin API). */
  | "TENANT_UNKNOWN"
  /** A check its caller gave up on (a worker out of time): nothing more of it is recorded. */
  | "ABANDONED"
  | "INTERNAL";

export class PricewardenError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "PricewardenError";
    this.code = code;
  }
}
