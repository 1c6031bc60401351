import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { readBody } from "../../functions/crawl/read-body.js";

function chunked(parts: Uint8Array[]): Readable {
  return Readable.from(parts, { objectMode: false });
}

const page = Buffer.from(`<html><body>${"<p>血糖试纸 ¥129.00</p>".repeat(4000)}</body></html>`);
const parts = (bytes: Buffer, size: number): Buffer[] => {
  const out: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) out.push(bytes.subarray(i, i + size));
  return out;
};

describe("readBody (identity)", () => {
  it.each([
    ["declared length", page.length],
    ["no declared length", undefined],
    ["a declared length that is too small", 1000],
    ["a declared length that is too large", page.length * 3],
  ])("keeps every byte in order with %s", async (_, expectedBytes) => {
    const read = await readBody(chunked(parts(page, 7919)), undefined, 10_000_000, {
      ...(expectedBytes !== undefined ? { expectedBytes } : {}),
    });
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect(read.bytes.equals(page)).toBe(true);
    expect(read.rawBytes).toBe(page.length);
    // The result owns its memory: nothing of a larger allocation is kept alive for it.
    expect(read.bytes.buffer.byteLength).toBeLessThan(page.length * 1.34);
  });

  it("copies out of the chunks, so a chunk's buffer is not held by the page", async () => {
    const socketBuffer = Buffer.from(page);
    const read = await readBody(chunked([socketBuffer.subarray(0, 1000)]), undefined, 10_000_000);
    expect(read.ok && read.bytes.buffer).not.toBe(socketBuffer.buffer);
  });

  it("refuses a body past the cap, or truncates it when asked", async () => {
    const refused = await readBody(chunked(parts(page, 4096)), undefined, 50_000);
    expect(refused).toMatchObject({ ok: false, code: "too_large" });
    const truncated = await readBody(chunked(parts(page, 4096)), undefined, 50_000, { truncate: true });
    expect(truncated.ok && truncated.truncated).toBe(true);
    expect(truncated.ok && page.subarray(0, truncated.bytes.length).equals(truncated.bytes)).toBe(true);
    expect(truncated.ok && truncated.bytes.length).toBeLessThanOrEqual(50_000);
  });

  it("reads an empty body", async () => {
    const read = await readBody(chunked([]), undefined, 1000);
    expect(read.ok && read.bytes.length).toBe(0);
  });
});
