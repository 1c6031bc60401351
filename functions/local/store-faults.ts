import { storeFaultText } from "../text/store-fault-text.js";

/** Exit codes for a data directory the store cannot write (next to 2 bad input, 3 internal, 4 blind). */
export const EXIT_DISK_FULL = 5;
export const EXIT_READ_ONLY = 6;

export type StoreFaultKind = "disk-full" | "read-only";

/** The data directory cannot take writes; the message says what to do, the exit code says which. */
export class LocalStoreFault extends Error {
  constructor(
    readonly kind: StoreFaultKind,
    readonly dataDir: string,
    cause: unknown,
  ) {
    super(storeFaultText(kind, dataDir, "en"), { cause });
    this.name = "LocalStoreFault";
  }

  get exitCode(): number {
    return this.kind === "disk-full" ? EXIT_DISK_FULL : EXIT_READ_ONLY;
  }
}

const DISK_FULL = /\b(ENOSPC|EDQUOT|EFBIG)\b|no space left|quota exceeded|file too large/i;
const READ_ONLY = /\b(EROFS|EACCES|EPERM)\b|read-only file system|permission denied|operation not permitted/i;

/**
 * The fault behind an error from the file system, LevelDB (whose IO errors carry only a message) or
 * the store's 500 answer to a failed write; null for anything else.
 */
export function storeFaultKindOf(error: unknown): StoreFaultKind | null {
  const text = describeChain(error);
  if (DISK_FULL.test(text)) return "disk-full";
  if (READ_ONLY.test(text)) return "read-only";
  return null;
}

function describeChain(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth++) {
    const e = current as { code?: unknown; message?: unknown; cause?: unknown };
    parts.push(String(e.code ?? ""), String(e.message ?? current));
    current = e.cause;
  }
  return parts.join(" ");
}

/** Rethrows a disk-full or read-only error as a LocalStoreFault; anything else unchanged. */
export function asStoreFault(error: unknown, dataDir: string): unknown {
  if (error instanceof LocalStoreFault) return error;
  const kind = storeFaultKindOf(error);
  return kind ? new LocalStoreFault(kind, dataDir, error) : error;
}

/** A fault the store met: thrown at open, or the store's 500 answer to a write the disk refused. */
export function storeFaultOf(error: unknown): LocalStoreFault | null {
  if (error instanceof LocalStoreFault) return error;
  if (!String((error as { message?: unknown })?.message ?? "").includes(WRITE_FAILED)) return null;
  const kind = storeFaultKindOf(error);
  return kind ? new LocalStoreFault(kind, "", error) : null;
}

/** How the embedded store's 500 answer to a failed disk write begins. */
export const WRITE_FAILED = "pricewarden store: write failed";
