import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { TenantConfig } from "../../../functions/core/config.js";
import {
  normalizeShopName,
  parseShopName,
  resolveSeller,
  sameShopName,
} from "../../../functions/core/match/seller-identity.js";

type Sellers = Pick<TenantConfig, "distributors" | "officialSellers">;

const config: Sellers = {
  officialSellers: [
    { channel: "jd", name: "安可京东自营旗舰店" },
    { channel: "tmall", name: "安可官方旗舰店" },
  ],
  distributors: [
    {
      id: "dist-sh",
      name: "上海康恒医药",
      regions: ["上海"],
      sellers: [
        { channel: "jd", name: "康恒医疗器械专营店", id: "10001" },
        { channel: "tmall", name: "康恒医疗器械专营店" },
      ],
    },
    {
      id: "dist-bj",
      name: "北京华润",
      regions: ["北京"],
      sellers: [{ channel: "pdd", name: "华润大药房" }],
    },
  ],
};

describe("normalizeShopName", () => {
  it("strips store types and legal forms but keeps business words", () => {
    expect(normalizeShopName("康恒医疗器械专营店")).toBe("康恒医疗器械");
    expect(normalizeShopName("康恒大药房")).toBe("康恒大药房");
    expect(normalizeShopName("安可官方旗舰店")).toBe("安可");
    expect(normalizeShopName("安可京东自营旗舰店")).toBe("安可京东自营");
    expect(normalizeShopName("上海康恒医药有限公司")).toBe("上海康恒医药");
    expect(normalizeShopName("康恒醫療器械專營店 ")).toBe("康恒医疗器械");
  });

  it("records the store type it removed", () => {
    expect(parseShopName("安可官方旗舰店")).toEqual({
      full: "安可官方旗舰店",
      core: "安可",
      storeType: "旗舰店",
      legalForm: null,
    });
  });

  it("answers a name it has seen from memory, read-only, and keeps answering past its bound", () => {
    const first = parseShopName("康恒醫療器械專營店");
    expect(parseShopName("康恒醫療器械專營店")).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    for (let i = 0; i < 10_050; i++) parseShopName(`店铺${i}专营店`);
    expect(parseShopName("康恒醫療器械專營店")).toEqual(first);
    expect(parseShopName("店铺10049专营店").core).toBe("店铺10049");
  });
});

describe("sameShopName", () => {
  it("matches variants of one name", () => {
    expect(sameShopName("康恒医疗器械专营店", "康恒醫療器械專營店")).toBe(true);
    expect(sameShopName("康恒医疗器械专营店", "康恒医疗器械")).toBe(true);
    expect(sameShopName("安可官方旗舰店", "安可旗舰店")).toBe(true);
    expect(sameShopName("上海康恒医药有限公司", "上海康恒医药有限责任公司")).toBe(true);
  });

  it("never matches a different business or a different store type", () => {
    expect(sameShopName("康恒医疗器械专营店", "康恒大药房")).toBe(false);
    expect(sameShopName("康恒专营店", "康恒专卖店")).toBe(false);
    expect(sameShopName("安可旗舰店", "安可专营店")).toBe(false);
    expect(sameShopName("康恒医疗器械专营店", "康恒医疗器械专营店二店")).toBe(false);
    expect(sameShopName("康恒医疗器械专营店", "新康恒医疗器械专营店")).toBe(false);
  });

  it("does not match names whose core is too short or empty", () => {
    expect(sameShopName("旗舰店", "专营店")).toBe(false);
    expect(sameShopName("A旗舰店", "A")).toBe(false);
    expect(sameShopName("", "")).toBe(false);
  });
});

describe("resolveSeller", () => {
  it("matches by seller id first", () => {
    const r = resolveSeller(config, "jd", { name: "whatever the page says", id: " 10001 " });
    expect(r).toMatchObject({ kind: "distributor", distributorId: "dist-sh", matchedBy: "id" });
    expect(r.authorizedChannels).toEqual(["jd"]);
  });

  it("matches by normalized name when there is no id", () => {
    const r = resolveSeller(config, "tmall", { name: "康恒醫療器械專營店" });
    expect(r).toMatchObject({ kind: "distributor", distributorId: "dist-sh", matchedBy: "name" });
    expect(r.authorizedChannels).toEqual(["jd", "tmall"]);
  });

  it("says when only the core of the name matched, so a reviewer can add the seller id", () => {
    expect(resolveSeller(config, "tmall", { name: "康恒医疗器械" }).note).toContain("ignoring");
    expect(resolveSeller(config, "tmall", { name: "康恒医疗器械专营店" }).note).not.toContain("ignoring");
  });

  it("recognizes the official store", () => {
    expect(resolveSeller(config, "jd", { name: "安可京东自营旗舰店" })).toMatchObject({
      kind: "official",
      matchedBy: "name",
      authorizedChannels: ["jd"],
    });
    expect(resolveSeller(config, "tmall", { name: "安可旗舰店" }).kind).toBe("official");
  });

  it("refuses a look-alike whose seller id differs from the configured one", () => {
    const r = resolveSeller(config, "jd", { name: "康恒医疗器械专营店", id: "99999" });
    expect(r).toMatchObject({ kind: "unknown", matchedBy: "none" });
    expect(r.note).toContain("99999");
    expect(r.note).toContain("dist-sh");
  });

  it("authorizes per channel and says where the name is authorized", () => {
    const r = resolveSeller(config, "pdd", { name: "康恒医疗器械专营店" });
    expect(r.kind).toBe("unknown");
    expect(r.distributorId).toBeUndefined();
    expect(r.elsewhere).toEqual({ kind: "distributor", distributorId: "dist-sh", channels: ["jd", "tmall"] });
    expect(r.authorizedChannels).toEqual(["jd", "tmall"]);
    expect(r.note).toContain("not authorized on pdd");
  });

  it("does not treat the same seller id on another channel as the same shop", () => {
    const r = resolveSeller(config, "pdd", { name: "某某药店", id: "10001" });
    expect(r).toMatchObject({ kind: "unknown", matchedBy: "none", authorizedChannels: [] });
    expect(r.elsewhere).toBeUndefined();
  });

  it("never authorizes a shop that only contains an authorized name", () => {
    expect(resolveSeller(config, "pdd", { name: "华润大药房旗舰店" }).kind).toBe("distributor");
    expect(resolveSeller(config, "pdd", { name: "华润大药房加盟店" }).kind).toBe("unknown");
    expect(resolveSeller(config, "pdd", { name: "华润" }).kind).toBe("unknown");
    expect(resolveSeller(config, "pdd", { name: "" }).kind).toBe("unknown");
    expect(resolveSeller(config, "pdd", {}).note).toContain("an unnamed seller");
  });

  it("is invariant under full/half width and whitespace changes of the name", () => {
    const pieces = [
      "康恒",
      "医疗器械",
      "专营店",
      "大药房",
      "华润",
      "安可",
      "旗舰店",
      "A",
      "b",
      "1",
      "Plus",
      "官方",
    ];
    const configured = config.distributors
      .flatMap((d) => d.sellers.map((s) => s.name))
      .concat(config.officialSellers.map((s) => s.name));
    const name = fc.oneof(
      fc.constantFrom(...configured),
      fc.array(fc.constantFrom(...pieces), { minLength: 1, maxLength: 5 }).map((a) => a.join("")),
    );
    const toFullWidth = (s: string) =>
      [...s]
        .map((c) => {
          const code = c.codePointAt(0) ?? 0;
          return code >= 0x21 && code <= 0x7e ? String.fromCodePoint(code + 0xfee0) : c;
        })
        .join("");
    const respace = (s: string, spots: number[]) =>
      [...s].map((c, i) => (spots.includes(i) ? ` ${c}\u3000` : c)).join("");
    fc.assert(
      fc.property(
        name,
        fc.constantFrom("jd", "tmall", "pdd"),
        fc.boolean(),
        fc.array(fc.nat(12), { maxLength: 4 }),
        (n, channel, wide, spots) => {
          const variant = respace(wide ? toFullWidth(n) : n, spots);
          const { note: _a, ...plain } = resolveSeller(config, channel, { name: n });
          const { note: _b, ...varied } = resolveSeller(config, channel, { name: variant });
          expect(varied).toEqual(plain);
        },
      ),
      { numRuns: 300 },
    );
  });
});
