import { mkdtemp, readdir, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sha256Hex } from "../../functions/evidence/sha256.js";
import { blobKey, LocalBlobStore } from "../../functions/store/blob-store.js";

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "pricewarden-blobs-"));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe("LocalBlobStore", () => {
  const body = Buffer.from("evidence");
  const opts = { contentType: "text/plain", sha256: sha256Hex(body) };

  it("stores each key once, 0600, and never overwrites", async () => {
    const store = new LocalBlobStore(root);
    const key = blobKey("tenant-a", "abc123", "0123456789abcdef", "page.html");
    await store.put(key, body, opts);
    expect(Buffer.from((await store.get(key))!).toString()).toBe("evidence");
    expect((await stat(join(root, "tenant-a", "abc123", "0123456789abcdef", "page.html"))).mode & 0o777).toBe(
      0o600,
    );
    await expect(store.put(key, Buffer.from("other"), opts)).rejects.toThrow(/never overwritten/);
    expect(Buffer.from((await store.get(key))!).toString()).toBe("evidence");
    // No partial files left behind.
    expect(await readdir(join(root, "tenant-a", "abc123", "0123456789abcdef"))).toEqual(["page.html"]);
    expect(await store.get(blobKey("tenant-a", "nothing"))).toBeNull();
  });

  it("refuses any key that is not built from plain generated segments", async () => {
    const store = new LocalBlobStore(root);
    for (const key of ["../escape", "a/../../b", "/etc/passwd", "a//b", "a\\b", "店铺/x", ".hidden"])
      await expect(store.put(key, body, opts)).rejects.toThrow(/unsafe blob key/);
    expect(() => blobKey("t", "<script>")).toThrow(/unsafe blob key/);
  });
});
