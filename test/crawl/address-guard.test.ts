import { describe, expect, it } from "vitest";
import {
  addressRefusal,
  checkHostAddress,
  checkUrlAddress,
  type LookupFn,
} from "../../functions/net/address-guard.js";

const lookup: LookupFn = async (host) => {
  const table: Record<string, Array<{ address: string; family: number }>> = {
    "evil.test": [{ address: "127.0.0.1", family: 4 }],
    "meta.test": [{ address: "169.254.169.254", family: 4 }],
    "v6.test": [{ address: "::1", family: 6 }],
    "mapped.test": [{ address: "::ffff:10.0.0.1", family: 6 }],
    "shop.test": [{ address: "93.184.216.34", family: 4 }],
    // One public and one private answer: the client may pick either, so the host is refused.
    "mixed.test": [
      { address: "93.184.216.34", family: 4 },
      { address: "192.168.1.1", family: 4 },
    ],
  };
  const answer = table[host];
  if (!answer) throw Object.assign(new Error("not found"), { code: "ENOTFOUND" });
  return answer;
};

describe("addressRefusal", () => {
  it.each([
    "127.0.0.1",
    "127.255.0.9",
    "10.0.0.1",
    "172.16.0.1",
    "172.31.255.254",
    "192.168.0.1",
    "169.254.169.254",
    "100.64.0.1",
    "0.0.0.0",
    "255.255.255.255",
    "224.0.0.1",
    "::1",
    "::",
    "fe80::1",
    "fc00::1",
    "fd12:3456::1",
    "::ffff:127.0.0.1",
    "::ffff:169.254.169.254",
    "::ffff:a9fe:a9fe",
    "::127.0.0.1",
    "64:ff9b::10.0.0.1",
    "2002:c0a8:0101::1",
  ])("refuses %s", (address) => {
    expect(addressRefusal(address)).not.toBeNull();
  });

  it.each(["8.8.8.8", "93.184.216.34", "2001:4860:4860::8888", "::ffff:8.8.8.8", "64:ff9b::8.8.8.8"])(
    "allows %s",
    (address) => {
      expect(addressRefusal(address)).toBeNull();
    },
  );
});

describe("checkUrlAddress", () => {
  it.each([
    "http://127.0.0.1/",
    "http://10.0.0.1/",
    "http://169.254.169.254/latest/meta-data/",
    "http://[::1]/",
    "http://[::ffff:127.0.0.1]:8080/",
    "http://2130706433/",
    "http://0x7f.1/",
    "http://0177.0.0.1/",
    "http://localhost./",
    "http://evil.test/",
    "http://meta.test/",
    "http://v6.test/",
    "http://mapped.test/",
    "http://mixed.test/",
    "http://unknown.test/",
    "file:///etc/passwd",
    "ftp://shop.test/",
    "gopher://shop.test/",
    "javascript:alert(1)",
    "not a url",
  ])("refuses %s by default", async (url) => {
    const result = await checkUrlAddress(url, {
      allowPrivate: false,
      lookup: async (host) => (host === "localhost" ? [{ address: "127.0.0.1", family: 4 }] : lookup(host)),
    });
    expect(result.ok).toBe(false);
  });

  it("returns the address to pin for a public host", async () => {
    expect(await checkUrlAddress("https://shop.test/item?id=1", { allowPrivate: false, lookup })).toEqual({
      ok: true,
      address: "93.184.216.34",
    });
  });

  it("says why it refused", async () => {
    const result = await checkUrlAddress("http://meta.test/", { allowPrivate: false, lookup });
    expect(result).toMatchObject({ ok: false });
    expect(!result.ok && result.reason).toMatch(/169\.254\.169\.254.*linkLocal/);
  });

  it("allows private addresses only when told to, and still refuses other schemes", async () => {
    const allow = { allowPrivate: true, lookup };
    expect(await checkUrlAddress("http://127.0.0.1:8080/", allow)).toEqual({
      ok: true,
      address: "127.0.0.1",
    });
    expect(await checkUrlAddress("http://[::1]/", allow)).toEqual({ ok: true, address: "::1" });
    expect(await checkUrlAddress("http://evil.test/", allow)).toEqual({ ok: true, address: "127.0.0.1" });
    expect((await checkUrlAddress("file:///etc/passwd", allow)).ok).toBe(false);
  });
});

describe("checkHostAddress (SMTP hosts and connection-time checks)", () => {
  it("judges bare hosts and bracketed IPv6 literals like URLs", async () => {
    expect(await checkHostAddress("shop.test", { allowPrivate: false, lookup })).toEqual({
      ok: true,
      address: "93.184.216.34",
    });
    for (const host of [
      "127.0.0.1",
      "[::1]",
      "::ffff:127.0.0.1",
      "[::ffff:169.254.169.254]",
      "evil.test",
      "",
    ])
      expect((await checkHostAddress(host, { allowPrivate: false, lookup })).ok, host).toBe(false);
    expect(await checkHostAddress("[::1]", { allowPrivate: true, lookup })).toEqual({
      ok: true,
      address: "::1",
    });
  });

  it("tells a name DNS cannot answer (worth retrying) from a refused address", async () => {
    const unknown = await checkHostAddress("unknown.test", { allowPrivate: false, lookup });
    expect(unknown).toMatchObject({ ok: false, unresolved: true });
    const refused = await checkHostAddress("meta.test", { allowPrivate: false, lookup });
    expect(refused).toMatchObject({ ok: false });
    expect("unresolved" in refused).toBe(false);
  });
});
