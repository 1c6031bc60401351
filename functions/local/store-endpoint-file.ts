import { chmodSync, existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { z } from "zod";

/** What `pricewarden start` publishes so other commands can use its store: owner-only (0600). */
export interface PublishedStore {
  endpoint: string;
  pid: number;
  /** The store's per-start key, which every request must present. */
  key: string;
}

const publishedStoreSchema = z.object({
  endpoint: z.string().regex(/^http:\/\/127\.0\.0\.1:\d{1,5}$/),
  pid: z.number().int().positive(),
  key: z.string().min(32),
});

export function publishStore(file: string, store: PublishedStore): void {
  writeFileSync(file, JSON.stringify(store), { mode: 0o600 });
  // writeFileSync keeps the mode of a file that already existed.
  chmodSync(file, 0o600);
}

/**
 * The published store when the file names a process that is still alive; a file left by a process
 * that died (kill -9, power loss) is removed instead of trusted.
 */
export function readPublishedStore(file: string): PublishedStore | null {
  if (!existsSync(file)) return null;
  let parsed: PublishedStore;
  try {
    parsed = publishedStoreSchema.parse(JSON.parse(readFileSync(file, "utf8")));
  } catch {
    rmSync(file, { force: true });
    return null;
  }
  if (!processAlive(parsed.pid)) {
    rmSync(file, { force: true });
    return null;
  }
  return parsed;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    // ESRCH: gone. EPERM: another user's process, so not a store this user started.
    return false;
  }
}
