import { randomBytes } from "node:crypto";
import { once } from "node:events";
import { Readable } from "node:stream";
import zlib from "node:zlib";
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

/** `bytes` compressed by a stream, a megabyte of input at a time (a bomb is never held whole). */
async function compressStreamed(
  make: () => zlib.Gzip | zlib.BrotliCompress,
  chunk: Buffer,
  times: number,
): Promise<Buffer> {
  const encoder = make();
  const out: Buffer[] = [];
  encoder.on("data", (c: Buffer) => out.push(c));
  const ended = once(encoder, "end");
  for (let i = 0; i < times; i++) if (!encoder.write(chunk)) await once(encoder, "drain");
  encoder.end();
  await ended;
  return Buffer.concat(out);
}

/** The highest RSS and array-buffer memory seen between turns of the event loop while `work` runs. */
async function peakMemoryDuring<T>(
  work: () => Promise<T>,
): Promise<{ result: T; rss: number; arrayBuffers: number }> {
  const start = process.memoryUsage();
  let rss = 0;
  let arrayBuffers = 0;
  let running = true;
  const sample = () => {
    const now = process.memoryUsage();
    rss = Math.max(rss, now.rss - start.rss);
    arrayBuffers = Math.max(arrayBuffers, now.arrayBuffers - start.arrayBuffers);
    if (running) setImmediate(sample);
  };
  sample();
  try {
    return { result: await work(), rss, arrayBuffers };
  } finally {
    running = false;
  }
}

describe("readBody (content codings, body read whole)", () => {
  const codings: Array<[string, string, Buffer]> = [
    ["gzip", "gzip", zlib.gzipSync(page)],
    ["x-gzip", "x-gzip", zlib.gzipSync(page)],
    ["deflate (zlib-wrapped)", "deflate", zlib.deflateSync(page)],
    ["deflate (raw, as some servers send it)", "deflate", zlib.deflateRawSync(page)],
    ["br", "br", zlib.brotliCompressSync(page)],
    ["gzip then br (decoded br first)", "gzip, br", zlib.brotliCompressSync(zlib.gzipSync(page))],
    ["upper case and identity", "GZIP, identity", zlib.gzipSync(page)],
  ];
  it.each(codings)("decodes %s", async (_, header, sent) => {
    const read = await readBody(chunked(parts(sent, 1400)), header, 10_000_000, {
      expectedBytes: sent.length,
    });
    expect(read).toMatchObject({ ok: true, rawBytes: sent.length, truncated: false });
    expect(read.ok && read.bytes.equals(page)).toBe(true);
    // Evidence asks again later: the same bytes, decoded from what was sent.
    expect(read.ok && read.again().equals(page)).toBe(true);
  });

  it("decodes a gzip body whatever its trailer claims about the decoded size", async () => {
    const sent = zlib.gzipSync(page);
    const claiming = (size: number) => {
      const lying = Buffer.from(sent);
      lying.writeUInt32LE(size >>> 0, lying.length - 4);
      return lying;
    };
    // gunzip checks ISIZE itself, so a wrong one is a decode error, never a wrong page or a
    // large allocation; an honest one at any size decodes.
    for (const size of [0, 10, page.length - 1, 2 ** 32 - 1]) {
      const read = await readBody(chunked([claiming(size)]), "gzip", 10_000_000);
      expect(read, `ISIZE ${size}`).toMatchObject({ ok: false, code: "decode_error" });
    }
    const honest = await readBody(chunked([sent]), "gzip", page.length);
    expect(honest.ok && honest.bytes.equals(page)).toBe(true);
    const tiny = await readBody(chunked([zlib.gzipSync(Buffer.from("ok"))]), "gzip", 1000);
    expect(tiny.ok && tiny.bytes.toString()).toBe("ok");
  });

  it("undoes two codings in the reverse of the order they were applied", async () => {
    const gzipThenBr = zlib.brotliCompressSync(zlib.gzipSync(page));
    const wrongOrder = await readBody(chunked([gzipThenBr]), "br, gzip", 10_000_000);
    expect(wrongOrder).toMatchObject({ ok: false, code: "decode_error" });
  });

  it("refuses a body whose decoded size passes the cap by one byte, and keeps one that meets it", async () => {
    const exact = Buffer.alloc(100_000, 0x61);
    for (const header of ["gzip", "br"]) {
      const encode = header === "gzip" ? zlib.gzipSync : zlib.brotliCompressSync;
      const fits = await readBody(chunked([encode(exact)]), header, exact.length);
      expect(fits.ok && fits.bytes.length).toBe(exact.length);
      const over = await readBody(
        chunked([encode(Buffer.concat([exact, Buffer.from("a")]))]),
        header,
        exact.length,
      );
      expect(over).toMatchObject({ ok: false, code: "too_large" });
    }
  });

  it("refuses a compressed body larger than the cap as sent", async () => {
    const noise = zlib.gzipSync(randomBytes(200_000));
    expect(noise.length).toBeGreaterThan(100_000);
    const read = await readBody(chunked(parts(noise, 16_384)), "gzip", 100_000);
    expect(read).toMatchObject({ ok: false, code: "too_large" });
  });

  it.each([
    ["gzip", () => zlib.createGzip()],
    ["br", () => zlib.createBrotliCompress({ params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 5 } })],
  ] as const)("stops a %s bomb at the cap without holding what it would expand to", async (header, make) => {
    // 50 MB of zeros, some tens of kilobytes as sent.
    const bomb = await compressStreamed(make, Buffer.alloc(1024 * 1024), 50);
    expect(bomb.length).toBeLessThan(100_000);
    const { result, rss, arrayBuffers } = await peakMemoryDuring(() =>
      readBody(chunked(parts(bomb, 16_384)), header, 1024 * 1024),
    );
    expect(result).toMatchObject({ ok: false, code: "too_large" });
    // Decoding all of it would hold 50 MB; the cap allows a few.
    expect(arrayBuffers).toBeLessThan(16 * 1024 * 1024);
    expect(rss).toBeLessThan(24 * 1024 * 1024);
  });

  it.each([
    ["gzip, its trailer missing", "gzip", zlib.gzipSync(page).subarray(0, -8)],
    [
      "gzip, cut in half",
      "gzip",
      zlib.gzipSync(page).subarray(0, Math.floor(zlib.gzipSync(page).length / 2)),
    ],
    [
      "deflate, cut in half",
      "deflate",
      zlib.deflateSync(page).subarray(0, Math.floor(zlib.deflateSync(page).length / 2)),
    ],
    [
      "raw deflate, cut in half",
      "deflate",
      zlib.deflateRawSync(page).subarray(0, Math.floor(zlib.deflateRawSync(page).length / 2)),
    ],
  ])("keeps what was decoded of a truncated stream (%s), as browsers do", async (_, header, cut) => {
    const read = await readBody(chunked(parts(cut, 1400)), header, 10_000_000);
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect(read.bytes.length).toBeGreaterThan(page.length / 3);
    expect(read.bytes.equals(page.subarray(0, read.bytes.length))).toBe(true);
    expect(read.rawBytes).toBe(cut.length);
  });

  it.each([
    ["gzip", zlib.gzipSync(page)],
    ["br", zlib.brotliCompressSync(page)],
    ["deflate", zlib.deflateSync(page)],
  ])("answers decode_error for corrupt %s bytes", async (header, good) => {
    const corrupt = Buffer.from(good);
    corrupt.fill(0xff, 10, Math.min(200, corrupt.length - 2));
    expect(await readBody(chunked(parts(corrupt, 1400)), header, 10_000_000)).toMatchObject({
      ok: false,
      code: "decode_error",
    });
    const notCompressed = await readBody(
      chunked([Buffer.from("<html>plain, whatever the header says</html>")]),
      header,
      10_000_000,
    );
    expect(notCompressed).toMatchObject({ ok: false, code: "decode_error" });
  });

  it("refuses a coding it does not know", async () => {
    expect(await readBody(chunked([page]), "gzip, zstd", 10_000_000)).toMatchObject({
      ok: false,
      code: "unsupported_encoding",
    });
  });
});
