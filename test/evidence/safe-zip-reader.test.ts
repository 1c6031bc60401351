import { zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { verifyEvidenceArchive } from "../../functions/evidence/evidence-verify.js";
import { DEFAULT_ZIP_LIMITS, readZipSafely } from "../../functions/evidence/safe-zip-reader.js";

const text = (s: string) => Buffer.from(s, "utf8");

/** fflate writes names as given, so hostile names can be built directly. */
function zipOf(files: Record<string, Uint8Array>, attrs?: { os: number; attrs: number }): Uint8Array {
  return zipSync(Object.fromEntries(Object.entries(files).map(([k, v]) => [k, [v, { level: 6, ...attrs }]])));
}

function refusal(zip: Uint8Array, limits = DEFAULT_ZIP_LIMITS): string {
  const read = readZipSafely(zip, limits);
  if (read.ok) throw new Error("archive was accepted");
  return read.reason;
}

/** Offsets of every central-directory and local header, for patching declared sizes. */
function headers(zip: Uint8Array): { central: number[]; local: number[] } {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const central: number[] = [];
  const local: number[] = [];
  for (let i = 0; i + 4 <= zip.length; i++) {
    const sig = view.getUint32(i, true);
    if (sig === 0x02014b50) central.push(i);
    if (sig === 0x04034b50) local.push(i);
  }
  return { central, local };
}

function withDeclaredSize(zip: Uint8Array, size: number): Uint8Array {
  const out = new Uint8Array(zip);
  const view = new DataView(out.buffer);
  const { central, local } = headers(out);
  for (const at of central) view.setUint32(at + 24, size, true);
  for (const at of local) view.setUint32(at + 22, size, true);
  return out;
}

describe("reading an archive safely, in memory", () => {
  it("reads an ordinary archive", () => {
    const read = readZipSafely(zipOf({ "a.txt": text("hello"), "files/b.json": text("{}") }));
    expect(read.ok).toBe(true);
    if (read.ok) expect(Buffer.from(read.entries.get("files/b.json")!).toString()).toBe("{}");
  });

  it.each([
    ["../evil", /escapes the archive \(\.\.\): "\.\.\/evil"/],
    ["files/../../evil", /escapes the archive/],
    ["/etc/passwd", /absolute path: "\/etc\/passwd"/],
    ["..\\evil", /backslash/],
    ["C:/Windows/evil", /drive letter/],
    ["files//x", /empty or \. segment/],
    ["./x", /empty or \. segment/],
    ["dir/", /directory entry/],
    ["bad\u0007name", /control characters/],
  ])("refuses the entry name %j", (name, reason) => {
    expect(refusal(zipOf({ "ok.txt": text("x"), [name]: text("evil") }))).toMatch(reason);
  });

  it("refuses symbolic links, special files and set-id bits", () => {
    expect(refusal(zipOf({ link: text("/etc/passwd") }, { os: 3, attrs: 0o120777 << 16 }))).toMatch(
      /"link" is a symbolic link/,
    );
    expect(refusal(zipOf({ fifo: text("") }, { os: 3, attrs: 0o010644 << 16 }))).toMatch(
      /not a regular file/,
    );
    expect(refusal(zipOf({ suid: text("x") }, { os: 3, attrs: (0o104755 << 16) >>> 0 }))).toMatch(/setuid/);
    expect(refusal(zipOf({ d: text("") }, { os: 0, attrs: 0x10 }))).toMatch(/directory/);
    expect(readZipSafely(zipOf({ f: text("x") }, { os: 3, attrs: 0o100644 << 16 })).ok).toBe(true);
  });

  it("refuses too many entries", () => {
    const many: Record<string, Uint8Array> = {};
    for (let i = 0; i < DEFAULT_ZIP_LIMITS.maxEntries + 1; i++) many[`f${i}.txt`] = text("x");
    expect(refusal(zipOf(many))).toMatch(/has 65 entries, over the limit of 64/);
  });

  it("refuses a zip bomb by its declared size before inflating anything", () => {
    const bomb = withDeclaredSize(zipOf({ "bomb.bin": new Uint8Array(1024) }), 0xfffffff0);
    expect(refusal(bomb)).toMatch(/declare more than \d+ uncompressed bytes \(zip bomb\?\)/);
  });

  it("stops inflating an entry that lies about its size", () => {
    // 8 MiB of zeros deflate to a few KiB; the header claims 1000 bytes.
    const liar = withDeclaredSize(zipOf({ "bomb.bin": new Uint8Array(8 * 1024 * 1024) }), 1000);
    expect(refusal(liar)).toMatch(/"bomb\.bin" inflates past its declared size of 1000 bytes \(zip bomb\?\)/);
  });

  it("refuses more uncompressed bytes than the limit", () => {
    const limits = { ...DEFAULT_ZIP_LIMITS, maxTotalBytes: 1024 * 1024 };
    const big = zipOf({ a: new Uint8Array(700 * 1024), b: new Uint8Array(700 * 1024) });
    expect(refusal(big, limits)).toMatch(/zip bomb/);
  });

  it("refuses duplicate names, including ones that differ only in case", () => {
    const zip = zipOf({ "files/page.html": text("a"), "files/PAGE.html": text("b") });
    expect(refusal(zip)).toMatch(/duplicate entry "files\/PAGE\.html"/);
    // Two entries with the very same name (fflate would merge them, so patch the second name).
    const twin = new Uint8Array(zipOf({ "a.txt": text("1"), "b.txt": text("2") }));
    const { central, local } = headers(twin);
    for (const at of [central[1]! + 46, local[1]! + 30]) twin[at] = "a".charCodeAt(0);
    expect(refusal(twin)).toMatch(/duplicate entry "a\.txt"/);
  });

  it("refuses what is not a zip, and a corrupted entry", () => {
    expect(refusal(text("PK but not really"))).toMatch(/not a ZIP archive/);
    const zip = zipOf({ "a.txt": text("hello hello hello hello") });
    const corrupt = new Uint8Array(zip);
    corrupt[40] = (corrupt[40] ?? 0) ^ 0xff;
    expect(refusal(corrupt)).toMatch(/"a\.txt" (has corrupt deflate data|inflates to|fails its CRC-32)/);
  });

  it("is what verify runs first: a hostile archive is refused with the reason", () => {
    const report = verifyEvidenceArchive(zipOf({ "manifest.json": text("{}"), "../evil": text("x") }));
    expect(report.ok).toBe(false);
    if (!report.ok)
      expect(report.problems).toEqual([
        'unsafe or malformed archive: entry path escapes the archive (..): "../evil"',
      ]);
  });
});
