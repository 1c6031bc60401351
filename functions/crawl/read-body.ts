import { pipeline, Readable, type Transform } from "node:stream";
import { promisify } from "node:util";
import zlib from "node:zlib";

/** Destroys a body nobody will read; undici reports that as an error, which is expected here. */
export function discardBody(body: Readable): void {
  body.on("error", () => {});
  body.destroy();
}

export type BodyRead =
  | {
      ok: true;
      bytes: Buffer;
      rawBytes: number;
      truncated: boolean;
      /**
       * The same decoded bytes again, later, holding only the bytes as sent (for a compressed body
       * a fifth of the decoded size): what a page keeps for its evidence while it waits.
       */
      again: () => Buffer;
    }
  | { ok: false; code: "too_large" | "decode_error" | "unsupported_encoding"; reason: string };

/** Content codings in the order they were applied; identity dropped. */
export function parseContentEncoding(header: string | undefined): string[] {
  if (!header) return [];
  return header
    .split(",")
    .map((c) => c.trim().toLowerCase())
    .filter((c) => c !== "" && c !== "identity");
}

// Truncated streams are common on the web; browsers keep what was decoded, so do we.
const gzipOptions = { flush: zlib.constants.Z_SYNC_FLUSH, finishFlush: zlib.constants.Z_SYNC_FLUSH };
const brotliOptions = {
  flush: zlib.constants.BROTLI_OPERATION_FLUSH,
  finishFlush: zlib.constants.BROTLI_OPERATION_FLUSH,
};

/** "deflate" is meant to be zlib-wrapped, but servers send raw DEFLATE too; the header tells. */
function isZlibHeader(chunk: Uint8Array | undefined): boolean {
  if (!chunk || chunk.length < 2) return true;
  const cmf = chunk[0]!;
  const flg = chunk[1]!;
  return (cmf & 0x0f) === 8 && ((cmf << 8) | flg) % 31 === 0;
}

function decoderFor(coding: string, firstChunk: Uint8Array | undefined): Transform | null {
  switch (coding) {
    case "gzip":
    case "x-gzip":
      return zlib.createGunzip(gzipOptions);
    case "deflate":
      return isZlibHeader(firstChunk) ? zlib.createInflate(gzipOptions) : zlib.createInflateRaw(gzipOptions);
    case "br":
      return zlib.createBrotliDecompress(brotliOptions);
    default:
      return null;
  }
}

/**
 * One content coding undone in one call on libuv's thread pool: no stream machinery per chunk
 * (which cost more than the inflating itself, bench/cycle.ts), and `maxOutputLength` stops a
 * decompression bomb as it grows past the cap, before it is held.
 */
function decodeWhole(coding: string, bytes: Buffer, maxBytes: number): Promise<Buffer> {
  return wholeDecoder(coding, bytes, maxBytes).async();
}

const gunzip = promisify(zlib.gunzip);
const inflate = promisify(zlib.inflate);
const inflateRaw = promisify(zlib.inflateRaw);
const brotliDecompress = promisify(zlib.brotliDecompress);

/** The one-shot zlib call that undoes `coding` on `bytes`, capped at `maxBytes`: either way. */
function wholeDecoder(
  coding: string,
  bytes: Buffer,
  maxBytes: number,
): { async: () => Promise<Buffer>; sync: () => Buffer } {
  const cap = { maxOutputLength: Math.max(1, maxBytes) };
  switch (coding) {
    case "gzip":
    case "x-gzip": {
      const options = { ...gzipOptions, ...cap, chunkSize: gzipOutputChunk(bytes, maxBytes) };
      return { async: () => gunzip(bytes, options), sync: () => zlib.gunzipSync(bytes, options) };
    }
    case "deflate": {
      const options = { ...gzipOptions, ...cap };
      return isZlibHeader(bytes)
        ? { async: () => inflate(bytes, options), sync: () => zlib.inflateSync(bytes, options) }
        : { async: () => inflateRaw(bytes, options), sync: () => zlib.inflateRawSync(bytes, options) };
    }
    default: {
      const options = { ...brotliOptions, ...cap };
      return {
        async: () => brotliDecompress(bytes, options),
        sync: () => zlib.brotliDecompressSync(bytes, options),
      };
    }
  }
}

/**
 * An output chunk the size the gzip trailer declares (ISIZE, the input's length mod 2^32), so the
 * page comes out in one buffer instead of a dozen 16 KB ones joined at the end: half the garbage
 * a page leaves outside the heap. The trailer is the sender's word, so it is believed only up to
 * TRUSTED_LENGTH (a lie costs more chunks or one larger buffer, never more than the cap allows).
 */
function gzipOutputChunk(bytes: Buffer, maxBytes: number): number {
  const declared = bytes.length >= 18 ? bytes.readUInt32LE(bytes.length - 4) : 0;
  const wanted = Math.min(declared + 1, TRUSTED_LENGTH, Math.max(1, maxBytes) + 1);
  return Math.max(zlib.constants.Z_DEFAULT_CHUNK, wanted);
}

/**
 * A whole body read first (at most `maxBytes` as sent), then decoded. Used when nothing short of the
 * whole body is wanted; a body past either cap is too large, undecodable bytes a decode error.
 */
async function readThenDecode(
  body: Readable,
  codings: string[],
  maxBytes: number,
  expectedBytes: number | undefined,
): Promise<BodyRead> {
  const raw = await readIdentity(body, maxBytes, false, expectedBytes);
  if (!raw.ok) return raw;
  const sent = raw.bytes;
  let bytes = sent;
  try {
    for (const coding of [...codings].reverse()) bytes = await decodeWhole(coding, bytes, maxBytes);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE")
      return { ok: false, code: "too_large", reason: `body exceeds ${maxBytes} bytes` };
    return { ok: false, code: "decode_error", reason: `cannot decode ${codings.join(", ")} body` };
  }
  return {
    ok: true,
    bytes,
    rawBytes: raw.rawBytes,
    truncated: false,
    again: decodedAgain(sent, codings, maxBytes),
  };
}

/** Decodes bytes that decoded once already (same input, same caps), synchronously. */
function decodedAgain(sent: Buffer, codings: readonly string[], maxBytes: number): () => Buffer {
  return () => {
    let bytes = sent;
    for (const coding of [...codings].reverse()) bytes = decodeWholeSync(coding, bytes, maxBytes);
    return bytes;
  };
}

function decodeWholeSync(coding: string, bytes: Buffer, maxBytes: number): Buffer {
  return wholeDecoder(coding, bytes, maxBytes).sync();
}

/**
 * Bytes copied out of each chunk as it comes. A chunk from undici is a view on the socket's read
 * buffer; holding the chunks until the body ends keeps those buffers alive across garbage
 * collections (they get promoted and wait for a major one), which made up much of a crawler's
 * resident memory. With a declared length the buffer is allocated once, exactly.
 */
const INITIAL_BYTES = 64 * 1024;
const TRUSTED_LENGTH = 1024 * 1024;

class BodyBuffer {
  private buffer: Buffer | null = null;
  length = 0;

  constructor(
    private readonly expectedBytes: number | undefined,
    private readonly maxBytes: number,
  ) {}

  add(chunk: Uint8Array): void {
    const needed = this.length + chunk.byteLength;
    if (this.buffer === null || needed > this.buffer.length) {
      // A declared length is believed only up to TRUSTED_LENGTH: a server that declares 10 MB and
      // sends a trickle must not make every request allocate 10 MB up front.
      const first = Math.min(this.expectedBytes ?? INITIAL_BYTES, TRUSTED_LENGTH);
      const size =
        this.buffer === null
          ? Math.max(needed, first)
          : Math.max(needed, Math.min(this.buffer.length * 2, this.maxBytes));
      const grown = Buffer.allocUnsafe(size);
      if (this.buffer !== null) this.buffer.copy(grown, 0, 0, this.length);
      this.buffer = grown;
    }
    this.buffer.set(chunk, this.length);
    this.length = needed;
  }

  /** The bytes, in a buffer of their own size when growing left much unused. */
  bytes(): Buffer {
    if (this.buffer === null) return Buffer.alloc(0);
    if (this.length >= this.buffer.length * 0.75) return this.buffer.subarray(0, this.length);
    return Buffer.from(this.buffer.subarray(0, this.length));
  }
}

/**
 * A body without content coding: no stream pipeline, each chunk copied as it comes. Same limits
 * as the decoding path: a chunk that takes the total past `maxBytes` is not kept (with
 * `truncate`, what came before it is returned).
 */
async function readIdentity(
  body: Readable,
  maxBytes: number,
  truncate: boolean,
  expectedBytes: number | undefined,
): Promise<BodyRead> {
  const collected = new BodyBuffer(
    expectedBytes !== undefined && expectedBytes <= maxBytes ? expectedBytes : undefined,
    maxBytes,
  );
  let rawBytes = 0;
  let overflow = false;
  try {
    for await (const chunk of body as AsyncIterable<Buffer>) {
      rawBytes += chunk.byteLength;
      if (rawBytes > maxBytes) {
        overflow = true;
        break;
      }
      collected.add(chunk);
    }
  } finally {
    if (!body.readableEnded) discardBody(body);
  }
  if (overflow && !truncate)
    return { ok: false, code: "too_large", reason: `body exceeds ${maxBytes} bytes` };
  const bytes = collected.bytes();
  return { ok: true, bytes, rawBytes, truncated: overflow, again: () => bytes };
}

/**
 * Reads a response body through its content decoders, holding at most `maxBytes` of raw and of
 * decoded data. Past the cap it stops reading and destroys the body (closing the connection), so
 * a 50 MB response or a decompression bomb is never buffered. With `truncate` the bytes read so
 * far are returned instead of an error (for peeking at error pages). Network errors and aborts
 * propagate to the caller; decoder errors become `decode_error`.
 */
export async function readBody(
  body: Readable,
  contentEncoding: string | undefined,
  maxBytes: number,
  opts: { truncate?: boolean; expectedBytes?: number } = {},
): Promise<BodyRead> {
  const codings = parseContentEncoding(contentEncoding);
  const unknown = codings.find((c) => decoderFor(c, undefined) === null);
  if (unknown !== undefined) {
    discardBody(body);
    return {
      ok: false,
      code: "unsupported_encoding",
      reason: `content-encoding ${unknown} is not supported`,
    };
  }

  if (codings.length === 0) return readIdentity(body, maxBytes, opts.truncate === true, opts.expectedBytes);
  if (!opts.truncate) return readThenDecode(body, codings, maxBytes, opts.expectedBytes);

  const iterator = body[Symbol.asyncIterator]() as AsyncIterator<Uint8Array>;
  const first = await iterator.next();
  let rawBytes = 0;
  let rawOverflow = false;
  const raw = async function* () {
    let next = first;
    while (!next.done) {
      rawBytes += next.value.byteLength;
      if (rawBytes > maxBytes) {
        rawOverflow = true;
        return;
      }
      yield next.value;
      next = await iterator.next();
    }
  };

  const decoders = [...codings].reverse().map((c, i) => decoderFor(c, i === 0 ? first.value : undefined)!);
  let decodeError: Error | undefined;
  for (const d of decoders) d.once("error", (e: Error) => (decodeError ??= e));
  const source = Readable.from(raw(), { objectMode: false });
  const output: Readable =
    decoders.length === 0
      ? source
      : (pipeline(source, ...(decoders as [Transform, ...Transform[]]), () => {}) as unknown as Readable);

  const chunks: Buffer[] = [];
  let held = 0;
  let overflow = false;
  try {
    for await (const chunk of output as AsyncIterable<Buffer>) {
      if (held + chunk.byteLength > maxBytes) {
        if (opts.truncate) chunks.push(chunk.subarray(0, maxBytes - held));
        held = maxBytes;
        overflow = true;
        break;
      }
      chunks.push(chunk);
      held += chunk.byteLength;
    }
  } catch (error) {
    discardBody(body);
    if (decodeError)
      return { ok: false, code: "decode_error", reason: `cannot decode ${codings.join(", ")} body` };
    throw error;
  } finally {
    if (!body.readableEnded) discardBody(body);
    output.on("error", () => {});
    output.destroy();
  }
  if ((overflow || rawOverflow) && !opts.truncate)
    return { ok: false, code: "too_large", reason: `body exceeds ${maxBytes} bytes` };
  const bytes = Buffer.concat(chunks);
  return { ok: true, bytes, rawBytes, truncated: overflow || rawOverflow, again: () => bytes };
}
