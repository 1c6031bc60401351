import { crc32 } from "node:zlib";
import { Inflate } from "fflate";

/** Bounds on what an archive may make us allocate. */
export interface ZipLimits {
  maxArchiveBytes: number;
  maxEntries: number;
  /** Sum of all entries' uncompressed sizes. */
  maxTotalBytes: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxArchiveBytes: 256 * 1024 * 1024,
  maxEntries: 64,
  maxTotalBytes: 512 * 1024 * 1024,
};

export type ZipRead = { ok: true; entries: Map<string, Uint8Array> } | { ok: false; reason: string };

const EOCD_SIG = 0x06054b50;
const ZIP64_LOCATOR_SIG = 0x07064b50;
const CENTRAL_SIG = 0x02014b50;
const LOCAL_SIG = 0x04034b50;
const EOCD_SIZE = 22;
const CENTRAL_SIZE = 46;
const LOCAL_SIZE = 30;
/** Compressed bytes fed to the inflater at a time: deflate expands at most ~1032×, so one push stays small. */
const INFLATE_CHUNK = 4096;

/** Host systems (APPNOTE 4.4.2) whose attribute bits we know how to read. */
const HOST_DOS = 0;
const HOST_UNIX = 3;
const HOST_NTFS = 10;
const HOST_OSX = 19;

class Refused extends Error {}

/**
 * Reads a ZIP archive entirely in memory, refusing anything a careless unzip would turn into
 * harm: absolute paths, `..`, backslashes, drive letters, control characters, directories,
 * symlinks and other special files, set-id bits, encryption, ZIP64, duplicate names, overlapping
 * entries, too many entries, and more uncompressed bytes than the limits allow (checked against
 * the declared sizes first, then enforced while inflating, so a lying header cannot get further).
 * Nothing is ever written to disk.
 */
export function readZipSafely(zip: Uint8Array, limits: ZipLimits = DEFAULT_ZIP_LIMITS): ZipRead {
  try {
    return { ok: true, entries: read(zip, limits) };
  } catch (error) {
    if (error instanceof Refused) return { ok: false, reason: error.message };
    throw error;
  }
}

function read(zip: Uint8Array, limits: ZipLimits): Map<string, Uint8Array> {
  if (zip.length > limits.maxArchiveBytes)
    throw new Refused(`archive is ${zip.length} bytes, over the ${limits.maxArchiveBytes} byte limit`);
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const u16 = (at: number) => view.getUint16(at, true);
  const u32 = (at: number) => view.getUint32(at, true);

  const eocd = findEndOfCentralDirectory(zip, view);
  if (eocd >= 20 && u32(eocd - 20) === ZIP64_LOCATOR_SIG)
    throw new Refused("ZIP64 archives are not accepted");
  if (u16(eocd + 4) !== 0 || u16(eocd + 6) !== 0) throw new Refused("multi-disk archives are not accepted");
  const count = u16(eocd + 10);
  const cdSize = u32(eocd + 12);
  const cdOffset = u32(eocd + 16);
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff)
    throw new Refused("ZIP64 archives are not accepted");
  if (u16(eocd + 8) !== count) throw new Refused("central directory entry counts disagree");
  if (count > limits.maxEntries)
    throw new Refused(`archive has ${count} entries, over the limit of ${limits.maxEntries}`);
  if (cdOffset + cdSize > eocd) throw new Refused("central directory overlaps the end record");

  interface Entry {
    name: string;
    method: number;
    flags: number;
    crc: number;
    compressedSize: number;
    size: number;
    dataStart: number;
    headerStart: number;
  }
  const entries: Entry[] = [];
  const seen = new Set<string>();
  let declaredTotal = 0;
  let at = cdOffset;
  for (let i = 0; i < count; i++) {
    if (at + CENTRAL_SIZE > cdOffset + cdSize || u32(at) !== CENTRAL_SIG)
      throw new Refused(`central directory entry ${i + 1} is malformed`);
    const madeBy = u16(at + 4);
    const flags = u16(at + 8);
    const method = u16(at + 10);
    const crc = u32(at + 16);
    const compressedSize = u32(at + 20);
    const size = u32(at + 24);
    const nameLen = u16(at + 28);
    const extraLen = u16(at + 30);
    const commentLen = u16(at + 32);
    const disk = u16(at + 34);
    const external = u32(at + 38);
    const headerStart = u32(at + 42);
    const nameEnd = at + CENTRAL_SIZE + nameLen;
    if (nameEnd + extraLen + commentLen > cdOffset + cdSize)
      throw new Refused(`central directory entry ${i + 1} runs past the directory`);
    const nameBytes = zip.subarray(at + CENTRAL_SIZE, nameEnd);
    const name = decodeName(nameBytes, (flags & 0x0800) !== 0, i + 1);
    checkName(name);
    const label = JSON.stringify(name);
    if (disk !== 0) throw new Refused(`entry ${label} is on another disk`);
    if ((flags & 0x0001) !== 0 || (flags & 0x0040) !== 0 || (flags & 0x2000) !== 0)
      throw new Refused(`entry ${label} is encrypted`);
    if (method !== 0 && method !== 8)
      throw new Refused(`entry ${label} uses compression method ${method} (only stored and deflate)`);
    checkAttributes(label, madeBy >> 8, external);
    if (size === 0xffffffff || compressedSize === 0xffffffff)
      throw new Refused(`entry ${label} needs ZIP64, which is not accepted`);
    const key = name.normalize("NFC").toLowerCase();
    if (seen.has(key)) throw new Refused(`duplicate entry ${label}`);
    seen.add(key);
    declaredTotal += size;
    if (declaredTotal > limits.maxTotalBytes)
      throw new Refused(
        `entries declare more than ${limits.maxTotalBytes} uncompressed bytes (zip bomb?); refused at ${label}`,
      );

    if (headerStart + LOCAL_SIZE > cdOffset || u32(headerStart) !== LOCAL_SIG)
      throw new Refused(`entry ${label} has no local header where the directory says`);
    const localNameLen = u16(headerStart + 26);
    const localExtraLen = u16(headerStart + 28);
    const localName = zip.subarray(headerStart + LOCAL_SIZE, headerStart + LOCAL_SIZE + localNameLen);
    if (!Buffer.from(localName).equals(Buffer.from(nameBytes)))
      throw new Refused(`entry ${label} has a different name in its local header`);
    if (u16(headerStart + 8) !== method)
      throw new Refused(`entry ${label} has a different compression method in its local header`);
    const dataStart = headerStart + LOCAL_SIZE + localNameLen + localExtraLen;
    if (dataStart + compressedSize > cdOffset)
      throw new Refused(`entry ${label} runs into the central directory`);
    entries.push({ name, method, flags, crc, compressedSize, size, dataStart, headerStart });
    at = nameEnd + extraLen + commentLen;
  }
  if (at !== cdOffset + cdSize) throw new Refused("central directory size does not match its entries");

  // Entries that share bytes are how the densest zip bombs multiply one payload.
  const ranges = [...entries].sort((a, b) => a.headerStart - b.headerStart);
  for (let i = 1; i < ranges.length; i++) {
    const prev = ranges[i - 1]!;
    const cur = ranges[i]!;
    if (cur.headerStart < prev.dataStart + prev.compressedSize)
      throw new Refused(`entries ${JSON.stringify(prev.name)} and ${JSON.stringify(cur.name)} overlap`);
  }

  const out = new Map<string, Uint8Array>();
  let produced = 0;
  for (const entry of entries) {
    const label = JSON.stringify(entry.name);
    const raw = zip.subarray(entry.dataStart, entry.dataStart + entry.compressedSize);
    let data: Uint8Array;
    if (entry.method === 0) {
      if (entry.compressedSize !== entry.size)
        throw new Refused(`stored entry ${label} has inconsistent sizes`);
      data = raw;
    } else {
      data = inflateBounded(raw, entry.size, label);
    }
    produced += data.length;
    if (produced > limits.maxTotalBytes)
      throw new Refused(`entries inflate past ${limits.maxTotalBytes} bytes (zip bomb?)`);
    if (crc32(data) >>> 0 !== entry.crc) throw new Refused(`entry ${label} fails its CRC-32 check (corrupt)`);
    out.set(entry.name, data);
  }
  return out;
}

function findEndOfCentralDirectory(zip: Uint8Array, view: DataView): number {
  const lowest = Math.max(0, zip.length - EOCD_SIZE - 0xffff);
  for (let at = zip.length - EOCD_SIZE; at >= lowest; at--) {
    if (
      view.getUint32(at, true) === EOCD_SIG &&
      at + EOCD_SIZE + view.getUint16(at + 20, true) === zip.length
    )
      return at;
  }
  throw new Refused("not a ZIP archive (no end of central directory record)");
}

function decodeName(bytes: Uint8Array, utf8: boolean, index: number): string {
  if (!utf8) {
    for (const b of bytes)
      if (b >= 0x80) throw new Refused(`entry ${index} has a non-ASCII name without the UTF-8 flag`);
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new Refused(`entry ${index} has a name that is not valid UTF-8`);
  }
}

function checkName(name: string): void {
  const label = JSON.stringify(name);
  if (name.length === 0) throw new Refused("entry with an empty name");
  if (name.length > 255) throw new Refused(`entry name longer than 255 characters: ${label.slice(0, 80)}…`);
  if (/[\u0000-\u001f\u007f]/.test(name)) throw new Refused(`entry name with control characters: ${label}`);
  if (name.includes("\\")) throw new Refused(`entry name with a backslash: ${label}`);
  if (name.startsWith("/")) throw new Refused(`entry with an absolute path: ${label}`);
  if (/^[A-Za-z]:/.test(name)) throw new Refused(`entry with a drive letter: ${label}`);
  if (name.endsWith("/")) throw new Refused(`directory entry ${label} (only files are expected)`);
  for (const segment of name.split("/")) {
    if (segment === "..") throw new Refused(`entry path escapes the archive (..): ${label}`);
    if (segment === "." || segment === "")
      throw new Refused(`entry path with an empty or . segment: ${label}`);
  }
}

function checkAttributes(label: string, host: number, external: number): void {
  if (host !== HOST_DOS && host !== HOST_UNIX && host !== HOST_NTFS && host !== HOST_OSX)
    throw new Refused(`entry ${label} was made on host system ${host}, whose attributes are not understood`);
  // MS-DOS attribute byte: 0x08 volume label, 0x10 directory.
  if ((external & 0x18) !== 0) throw new Refused(`entry ${label} is marked as a directory or volume label`);
  if (host === HOST_UNIX || host === HOST_OSX) {
    const mode = external >>> 16;
    const type = mode & 0o170000;
    if (type === 0o120000) throw new Refused(`entry ${label} is a symbolic link`);
    if (type !== 0 && type !== 0o100000)
      throw new Refused(`entry ${label} is not a regular file (mode ${mode.toString(8)})`);
    if ((mode & 0o7000) !== 0) throw new Refused(`entry ${label} has setuid/setgid/sticky bits`);
  }
}

function inflateBounded(raw: Uint8Array, declared: number, label: string): Uint8Array {
  const out = new Uint8Array(declared);
  let length = 0;
  let overflow = false;
  const inflater = new Inflate((chunk) => {
    if (overflow) return;
    if (length + chunk.length > declared) {
      overflow = true;
      return;
    }
    out.set(chunk, length);
    length += chunk.length;
  });
  try {
    for (let at = 0; at < raw.length && !overflow; at += INFLATE_CHUNK) {
      const end = Math.min(raw.length, at + INFLATE_CHUNK);
      inflater.push(raw.subarray(at, end), end === raw.length);
    }
    if (raw.length === 0) inflater.push(new Uint8Array(0), true);
  } catch (error) {
    throw new Refused(`entry ${label} has corrupt deflate data (${(error as Error).message})`);
  }
  if (overflow)
    throw new Refused(`entry ${label} inflates past its declared size of ${declared} bytes (zip bomb?)`);
  if (length !== declared)
    throw new Refused(`entry ${label} inflates to ${length} bytes, not the declared ${declared}`);
  return out;
}
