import { randomBytes } from "node:crypto";
import { link, mkdir, open, readFile, unlink } from "node:fs/promises";
import { dirname, join, relative, resolve, sep } from "node:path";
import { PricewardenError } from "../core/errors.js";

/**
 * Write-once storage for evidence files. Keys are `/`-joined segments that the caller generated
 * (tenant, alert id, capture id, fixed file names): never text from a crawled page.
 */
export interface BlobStore {
  /** Stores a new object; refuses (BAD_INPUT) to overwrite an existing key. */
  put(key: string, body: Uint8Array, opts: { contentType: string; sha256: string }): Promise<void>;
  /** The object's bytes, or null when there is no such key. */
  get(key: string): Promise<Uint8Array | null>;
}

const SEGMENT = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** Builds a blob key, refusing any segment that is not a plain generated name. */
export function blobKey(...segments: string[]): string {
  if (segments.length === 0) throw new PricewardenError("BAD_INPUT", "empty blob key");
  for (const segment of segments) {
    if (!SEGMENT.test(segment) || segment.includes(".."))
      throw new PricewardenError("BAD_INPUT", `unsafe blob key segment ${JSON.stringify(segment)}`);
  }
  return segments.join("/");
}

/** Checks a complete key the way blobKey builds it. */
export function assertBlobKey(key: string): string {
  return blobKey(...key.split("/"));
}

/**
 * Files under a root directory, one per key. Objects are created exclusively (like S3 with
 * Object Lock, nothing is ever replaced); a half-written file is never visible under its key
 * because it is written aside and hard-linked into place.
 */
export class LocalBlobStore implements BlobStore {
  private readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
  }

  private pathOf(key: string): string {
    const path = join(this.root, ...assertBlobKey(key).split("/"));
    const rel = relative(this.root, path);
    if (rel.startsWith("..") || rel.includes(`..${sep}`) || resolve(path) !== path)
      throw new PricewardenError("BAD_INPUT", `blob key ${key} leaves the store`);
    return path;
  }

  async put(key: string, body: Uint8Array, _opts: { contentType: string; sha256: string }): Promise<void> {
    const path = this.pathOf(key);
    await mkdir(dirname(path), { recursive: true, mode: 0o700 });
    const tmp = `${path}.${randomBytes(6).toString("hex")}.partial`;
    const handle = await open(tmp, "wx", 0o600);
    try {
      await handle.writeFile(body);
      await handle.sync();
    } finally {
      await handle.close();
    }
    try {
      await link(tmp, path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "EEXIST")
        throw new PricewardenError("BAD_INPUT", `blob ${key} already exists; evidence is never overwritten`);
      throw new PricewardenError("INTERNAL", `cannot store blob ${key}`, { cause: error });
    } finally {
      await unlink(tmp).catch(() => undefined);
    }
  }

  async get(key: string): Promise<Uint8Array | null> {
    try {
      return await readFile(this.pathOf(key));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw new PricewardenError("INTERNAL", `cannot read blob ${key}`, { cause: error });
    }
  }
}
