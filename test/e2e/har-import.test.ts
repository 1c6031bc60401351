import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { unzipSync } from "fflate";
import { afterAll, describe, expect, it } from "vitest";

/**
 * A HAR a channel manager recorded in their own browser, end to end through the CLI: what
 * `extract --har` reads, what `import` records, and the evidence that names the HAR.
 * JD's shapes (pageConfig, pc_detailpage_wareBusiness, pc_search_searchWare) as in
 * ../shared/marketplace-facts.md; the values are this test's own.
 */

const dir = mkdtempSync(join(tmpdir(), "pricewarden-har-"));
afterAll(() => {
  if (!process.env.KEEP) rmSync(dir, { recursive: true, force: true });
});
console.log(dir);

function cli(args: string[]) {
  const run = spawnSync(process.execPath, ["--import", "tsx", "functions/local/cli.ts", ...args], {
    encoding: "utf8",
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

const lastLine = (text: string) => JSON.parse(text.trim().split("\n").at(-1) ?? "null");

const SKU = "100012345678";
const ITEM = `https://item.jd.com/${SKU}.html`;
const itemPage = `<!doctype html><html><head><meta charset="utf-8"><title>安可血糖试纸 50片【行情 报价 价格 评测】-京东</title>
<script charset="gbk">var pageConfig = { compatible: true, product: { skuid: ${SKU}, name: '安可血糖试纸 50片 家用血糖仪试条', shopId: '88001', venderId: 77001,
 cat: [9192, 12632, 12633], specialAttrs: ['isOTCCat-0', 'isPrescriptCat-0', 'is7ToReturn-1'], isSelf: !1, warestatus: 1, imageList: ['jfs/t1/x.jpg'], src: getSrc(), } };</script></head>
<body><div class="sku-name">安可血糖试纸 50片 家用血糖仪试条</div><div class="summary-price"><span class="p-price"><span class="price J-p-${SKU}"></span></span></div>
<div class="aside"><h3>看了又看</h3><span class="p-price">¥19.90</span></div><div class="comment">买过三次，上次¥99.00就买到了</div></body></html>`;

const wareBusiness = {
  price: { p: "149.00", op: "199.00", finalPrice: { price: "129.00", priceContent: "到手价" } },
  preferenceVO: { sharedLabel: [{ text: "满148减20", shortText: "满减" }] },
  colorSizeVO: { stockInfo: { [SKU]: { stockState: 33 } } },
  wareInfoReadMap: { shop_name: "好药师健康专营店", vender_id: "77001", sku_name: "安可血糖试纸 50片" },
  pageConfigVO: { shopId: "88001", isSelf: false },
};
const search = {
  code: "0",
  data: {
    wareList: [
      {
        wareId: "100012345678",
        wareName: "<font class='skcolor_ljg'>安可</font>血糖试纸 50片",
        jdPrice: "149.00",
        shopName: "好药师健康专营店",
        shopId: "88001",
        isAdvertise: false,
      },
      {
        wareId: "200099990000",
        wareName: "<font class='skcolor_ljg'>安可</font>血糖试纸 50片 官方",
        jdPrice: "199.00",
        shopName: "安可京东自营旗舰店",
        shopId: "10001",
        isAdvertise: true,
      },
      {
        wareId: "400011112222",
        wareName: "安可血糖试纸 50片 特价",
        jdPrice: "120.00",
        shopName: "路人甲药店",
        shopId: "66666",
        isAdvertise: true,
      },
      {
        wareId: "300011112222",
        wareName: "某品牌 体温计",
        jdPrice: "39.90",
        shopName: "路人小店",
        shopId: "55555",
        isAdvertise: false,
      },
    ],
  },
};

function entry(url: string, mimeType: string, text: string, status = 200, pageref?: string) {
  return {
    ...(pageref ? { pageref } : {}),
    startedDateTime: "2026-12-06T01:00:00.000Z",
    request: { method: "GET", url, headers: [] },
    response: {
      status,
      // A signed-in browser's HAR carries the account's cookies: evidence must never keep them.
      headers: [
        { name: "Content-Type", value: mimeType },
        { name: "Set-Cookie", value: "thor=SECRET-SESSION-COOKIE; Path=/; HttpOnly" },
      ],
      content: { mimeType, text },
    },
  };
}

const har = {
  log: {
    version: "1.2",
    creator: { name: "test", version: "1" },
    pages: [{ id: "page_1", title: ITEM, startedDateTime: "2026-12-06T01:00:00.000Z" }],
    entries: [
      entry(ITEM, "text/html", itemPage, 200, "page_1"),
      entry(
        `https://api.m.jd.com/?appid=pc-item-soa&functionId=pc_detailpage_wareBusiness&body=${encodeURIComponent(JSON.stringify({ skuId: Number(SKU), area: "2_2830_51800_0" }))}`,
        "application/json",
        JSON.stringify(wareBusiness),
        200,
        "page_1",
      ),
      entry(
        "https://api.m.jd.com/?appid=search-pc-java&functionId=pc_search_searchWare&body=%7B%22keyword%22%3A%22%E5%AE%89%E5%8F%AF%22%7D",
        "application/json",
        JSON.stringify(search),
      ),
      entry(
        "https://mobile.yangkeduo.com/proxy/api/api/oak/integration/render",
        "application/json",
        '{"success":false,"error_code":40001,"error_msg":"请登录后再操作"}',
        403,
      ),
    ],
  },
};

const config = `tenant: har-test
currency: CNY
timezone: Asia/Shanghai
jurisdiction: CN
channels:
  - { id: jd, name: 京东, match: ["jd.com"], profile: jd }
  - { id: pdd, name: 拼多多, match: ["yangkeduo.com"], profile: pdd }
products:
  - sku: GLU-50
    name: 安可血糖试纸 50片
    match: { keywords: [["安可", "血糖试纸"]], packSize: 50 }
    minPrice: 139
    category: device
officialSellers:
  - { channel: jd, name: 安可京东自营旗舰店, id: "10001" }
rules:
  minPrice: { basis: effective }
  authorizedSeller: {}
watch: []
schedule: rate(6 hours)
notify: []
`;

describe("HAR capture and import", () => {
  const harFile = join(dir, "jd.har");
  const configFile = join(dir, "config.yaml");
  writeFileSync(harFile, JSON.stringify(har));
  writeFileSync(configFile, config);

  it("extract --har: the price, to-hand price, shop and ids from the data; search rows with the ad flagged; the login answer as an outcome", () => {
    const run = cli(["extract", "--har", harFile, "--json"]);
    expect(run.code, run.stderr).toBe(0);
    const out = lastLine(run.stdout) as {
      listings: Array<Record<string, unknown>>;
      outcomes: Array<{ url: string; outcome: string; reason: string | null }>;
    };
    const item = out.listings.find((l) => l.url === ITEM && l.source !== undefined && l.finalPrice !== null);
    expect(item).toMatchObject({
      price: "149",
      listPrice: "199",
      finalPrice: "129",
      seller: "好药师健康专营店",
      sellerId: "88001",
      availability: "InStock",
      ad: false,
    });
    expect(String(item?.source)).toContain("jd-ware-business");
    const rows = out.listings.filter((l) => String(l.source).includes("jd-search-api"));
    expect(rows.map((r) => [r.url, r.price, r.seller, r.ad])).toEqual([
      ["https://item.jd.com/100012345678.html", "149", "好药师健康专营店", false],
      ["https://item.jd.com/200099990000.html", "199", "安可京东自营旗舰店", true],
      ["https://item.jd.com/400011112222.html", "120", "路人甲药店", true],
      ["https://item.jd.com/300011112222.html", "39.9", "路人小店", false],
    ]);
    expect(rows[0]?.title).toBe("安可血糖试纸 50片");
    expect(out.outcomes).toContainEqual(
      expect.objectContaining({ outcome: "login_required", url: expect.stringContaining("yangkeduo.com") }),
    );
    expect(out.outcomes.filter((o) => o.outcome === "ok")).toHaveLength(2);
  });

  it("import: alerts from the to-hand price and the unauthorized seller, evidence that names the HAR", () => {
    const dataDir = join(dir, "data");
    const run = cli(["import", harFile, "--config", configFile, "--json", "--data-dir", dataDir]);
    expect(run.code, run.stderr).toBe(0);
    const summary = lastLine(run.stdout) as { har: string; alertsNew: number };
    expect(summary.har).toMatch(/^[0-9a-f]{64}$/);
    const alerts = JSON.parse(
      cli(["alerts", "--json", "--tenant", "har-test", "--data-dir", dataDir]).stdout,
    ) as Array<{ id: string; type: string; url: string; price: string | null; explanation: string }>;
    const onItem = alerts
      .filter((a) => a.url === ITEM)
      .map((a) => a.type)
      .sort();
    expect(onItem).toEqual(["below_min_price", "unauthorized_seller"]);
    const below = alerts.find((a) => a.url === ITEM && a.type === "below_min_price");
    // ¥149 listed, 到手价 ¥129 from the platform's own data: below the ¥139 floor.
    expect(below?.price).toBe("129.00");
    // An unauthorized seller's ad is reported as what it is: a paid placement.
    const adAlert = alerts.find((a) => a.url.includes("400011112222") && a.type === "unauthorized_seller");
    expect(adAlert?.explanation).toContain("paid search placement");
    // The official store's ad row and the unrelated product raise nothing.
    expect(alerts.some((a) => a.url.includes("200099990000") || a.url.includes("300011112222"))).toBe(false);
    // No listing-compliance finding: a search row and captured data are not the product page.
    expect(alerts.some((a) => a.type === "listing_compliance" && a.url !== ITEM)).toBe(false);

    const zip = join(dir, "evidence.zip");
    const exported = cli([
      "evidence",
      "export",
      String(below?.id),
      "--out",
      zip,
      "--data-dir",
      dataDir,
      "--tenant",
      "har-test",
    ]);
    expect(exported.code, exported.stderr).toBe(0);
    const files = unzipSync(readFileSync(zip));
    const captured = files["files/captured-responses.json"];
    expect(captured).toBeDefined();
    const parsed = JSON.parse(new TextDecoder().decode(captured)) as {
      capture: { kind: string; sha256: string; entries: number[] };
      responses: Array<{ url: string }>;
    };
    expect(parsed.capture).toEqual({ kind: "har", sha256: summary.har, entries: [0, 1] });
    expect(parsed.responses[0]?.url).toContain("pc_detailpage_wareBusiness");
    expect(new TextDecoder().decode(captured)).not.toContain("SECRET-SESSION-COOKIE");
  });
});
