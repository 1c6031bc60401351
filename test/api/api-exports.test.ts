import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ExportContext } from "../../functions/api/alert-export-columns.js";
import { csvHeaderLine, csvRowWriter } from "../../functions/api/alerts-csv.js";
import { alertsWorkbookStream } from "../../functions/api/alerts-xlsx.js";
import { spreadsheetText } from "../../functions/api/spreadsheet-cell.js";
import { type AlertView, toAlertView } from "../../functions/core/alert-view.js";
import type { Observation } from "../../functions/store/listing-repository.js";
import { alertOf } from "../notify/alert-fixture.js";
import { type ApiTestStack, bearer, brandA, FORMULA_NAMES, startApiTestStack } from "./api-test-stack.js";

let stack: ApiTestStack;

beforeAll(async () => {
  stack = await startApiTestStack();
});
afterAll(async () => {
  await stack?.close();
});

/** Minimal RFC 4180 reader for our always-quoted output. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      row.push(field);
      field = "";
    } else if (ch === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else if (ch !== "\r") field += ch;
  }
  return rows;
}

const DANGEROUS = /^[=+\-@\t\r]/;

describe("spreadsheetText", () => {
  it("prefixes formula starts, bounds length and drops control characters", () => {
    expect(spreadsheetText("=1+1")).toBe("'=1+1");
    expect(spreadsheetText("  @x")).toBe("'  @x");
    expect(spreadsheetText("\t=1")).toBe("'\t=1");
    expect(spreadsheetText("安可 旗舰店")).toBe("安可 旗舰店");
    expect(spreadsheetText("a\u0000b\u202eevil")).toBe("a b evil");
    expect(spreadsheetText("x".repeat(5000), 100)).toHaveLength(100);
  });
});

describe("exports", () => {
  it("CSV: every hostile seller name is neutralized; nothing starts a formula", async () => {
    // A Chinese reader (the tenant's default; the client's own Accept-Language would win).
    const res = await fetch(`${stack.server.url}/api/export/alerts.csv?status=all`, {
      headers: { ...bearer(brandA), "accept-language": "zh-CN" },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/csv/);
    expect(res.headers.get("content-disposition")).toMatch(
      /attachment; filename="pricewarden-alerts-brand-a\.csv"/,
    );
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes);
    const [header, ...rows] = parseCsv(text.slice(1));
    const seller = header?.indexOf("店铺") ?? -1;
    expect(seller).toBeGreaterThan(-1);
    const sellers = rows.map((r) => r[seller] ?? "");
    for (const name of FORMULA_NAMES) expect(sellers).toContain(`'${name}`);
    for (const row of rows) for (const cell of row) expect(cell).not.toMatch(DANGEROUS);
  });

  it("XLSX: read back with exceljs, no formulas and no formula-looking strings", async () => {
    const res = await fetch(`${stack.server.url}/api/export/alerts.xlsx?status=all`, {
      headers: { ...bearer(brandA), "accept-language": "zh-CN" },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe(
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await res.arrayBuffer());
    // The alerts sheet comes first (告警 in the reader's language).
    const sheet = workbook.worksheets[0];
    if (!sheet) throw new Error("no alerts sheet");
    const headers = (sheet.getRow(1).values as unknown[]).slice(1);
    const sellerCol = headers.indexOf("店铺") + 1;
    const priceCol = headers.indexOf("到手价") + 1;
    const sellers: string[] = [];
    sheet.eachRow((row, n) => {
      row.eachCell((cell) => {
        expect(cell.type).not.toBe(ExcelJS.ValueType.Formula);
        expect(cell.formula).toBeFalsy();
        if (typeof cell.value === "string") expect(cell.value).not.toMatch(DANGEROUS);
      });
      if (n > 1) {
        sellers.push(String(row.getCell(sellerCol).value));
        expect(row.getCell(priceCol).value).toBe(99);
      }
    });
    // XML normalizes a stored CR to LF on read; the leading quote is what matters.
    for (const name of FORMULA_NAMES) expect(sellers).toContain(`'${name.replaceAll("\r", "\n")}`);
  });

  it("a bad export query is a 400 with the problems", async () => {
    const res = await fetch(`${stack.server.url}/api/export/alerts.xlsx?status=nope`, {
      headers: bearer(brandA),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { problems: Array<{ path: string }> }).problems[0]?.path).toBe("status");
  });
});

/** The workbook a manager forwards: built from alert pages as the export route streams them. */
describe("alerts.xlsx for a manager (writeAlertsWorkbook)", () => {
  const ctx: ExportContext = {
    locale: "zh-CN",
    timeZone: "Asia/Shanghai",
    channels: [{ id: "jd", name: "京东" }],
    dashboardUrl: "https://pricewarden.brand.example",
  };
  const alerts: AlertView[] = [
    toAlertView(
      alertOf({
        id: "aaaaaaaaaaaaaaaaaaaaaaaa",
        // 23:30 UTC on 1 March is 07:30 on 2 March in Beijing.
        firstSeen: "2026-03-01T23:30:00.000Z",
        lastSeen: "2026-03-02T04:05:00.000Z",
        occurrences: 3,
      }),
    ),
    toAlertView(
      alertOf({
        id: "bbbbbbbbbbbbbbbbbbbbbbbb",
        type: "unauthorized_seller",
        severity: "medium",
        status: "acknowledged",
        threshold: null,
        seller: FORMULA_NAMES[0],
        sellerId: "shop-evil",
        url: "javascript:alert(1)",
        listingId: "L2",
      }),
    ),
  ];
  const observations: Observation[] = [
    {
      at: "2026-03-01T16:00:00.000Z",
      listingId: "L1",
      channel: "jd",
      sku: "GLU-50",
      seller: "某某医疗专营店",
      listedPrice: 12900,
      effectivePrice: 9900,
      perPackPrice: 9900,
      currency: "CNY",
      availability: "InStock",
      reason: "change",
    },
  ];

  async function workbookOf(context: ExportContext): Promise<ExcelJS.Workbook> {
    const stream = alertsWorkbookStream(
      {
        alerts: (async function* () {
          yield alerts;
        })(),
        history: async (listing) => (listing.url === alerts[0]?.url ? observations : []),
      },
      context,
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await new Response(stream).arrayBuffer());
    return workbook;
  }

  function headersOf(sheet: ExcelJS.Worksheet): string[] {
    return (sheet.getRow(1).values as unknown[]).slice(1).map(String);
  }

  function columnOf(sheet: ExcelJS.Worksheet, header: string): number {
    const index = headersOf(sheet).indexOf(header);
    expect(index, header).toBeGreaterThan(-1);
    return index + 1;
  }

  it("three sheets, Chinese headers, the zone named, names instead of codes, the id last", async () => {
    const workbook = await workbookOf(ctx);
    expect(workbook.worksheets.map((w) => w.name)).toEqual(["告警", "店铺", "价格历史"]);
    const sheet = workbook.getWorksheet("告警");
    if (!sheet) throw new Error("no 告警 sheet");
    const headers = headersOf(sheet);
    expect(headers[0]).toBe("级别");
    expect(headers.at(-1)).toBe("告警编号");
    expect(headers).toContain("首次发现（北京时间）");
    expect(headers).toContain("最近发现（北京时间）");
    for (const header of headers) expect(header).not.toMatch(/[a-z]_[a-z]|^[a-z]+$/);
    const row = sheet.getRow(2);
    expect(row.getCell(columnOf(sheet, "级别")).value).toBe("高");
    expect(row.getCell(columnOf(sheet, "类型")).value).toBe("低于最低价");
    expect(row.getCell(columnOf(sheet, "状态")).value).toBe("待处理");
    expect(row.getCell(columnOf(sheet, "渠道")).value).toBe("京东");
    expect(row.getCell(columnOf(sheet, "仅监测")).value).toBe("否");
    expect(row.getCell(columnOf(sheet, "说明")).value).toBe("到手价 ¥99.00 低于最低价 ¥159.00，属于破价");
    expect(row.getCell(columnOf(sheet, "到手价")).value).toBe(99);
    expect(row.getCell(columnOf(sheet, "到手价")).numFmt).toBe("#,##0.00");
    expect(sheet.getRow(3).getCell(columnOf(sheet, "状态")).value).toBe("已确认");
    // Sensible widths: the explanation is wide, the severity narrow.
    expect(sheet.getColumn(columnOf(sheet, "说明")).width).toBeGreaterThan(40);
    expect(sheet.getColumn(1).width).toBeLessThan(12);

    const english = (await workbookOf({ ...ctx, locale: "en" })).getWorksheet("Alerts");
    if (!english) throw new Error("no Alerts sheet");
    expect(headersOf(english)).toContain("First seen (UTC+8)");
    expect(english.getRow(2).getCell(1).value).toBe("High");
  });

  it("times are real Excel dates on the tenant's wall clock, with a date format", async () => {
    const sheet = (await workbookOf(ctx)).getWorksheet("告警");
    if (!sheet) throw new Error("no 告警 sheet");
    const first = sheet.getRow(2).getCell(columnOf(sheet, "首次发现（北京时间）"));
    expect(first.type).toBe(ExcelJS.ValueType.Date);
    // Excel has no zones: the cell holds Beijing's wall clock (read back as its UTC fields).
    expect((first.value as Date).toISOString()).toBe("2026-03-02T07:30:00.000Z");
    expect(first.numFmt).toBe("yyyy-mm-dd hh:mm");
    const last = sheet.getRow(2).getCell(columnOf(sheet, "最近发现（北京时间）"));
    expect((last.value as Date).toISOString()).toBe("2026-03-02T12:05:00.000Z");
  });

  it("links the listing and the alert page; a javascript: address is never a link", async () => {
    const sheet = (await workbookOf(ctx)).getWorksheet("告警");
    if (!sheet) throw new Error("no 告警 sheet");
    const listing = sheet.getRow(2).getCell(columnOf(sheet, "商品链接"));
    expect(listing.type).toBe(ExcelJS.ValueType.Hyperlink);
    expect(listing.value).toEqual({ text: "打开商品页", hyperlink: "https://item.jd.com/100012345678.html" });
    const page = sheet.getRow(2).getCell(columnOf(sheet, "告警详情"));
    expect(page.value).toEqual({
      text: "查看告警",
      hyperlink: "https://pricewarden.brand.example/alerts/aaaaaaaaaaaaaaaaaaaaaaaa",
    });
    const hostile = sheet.getRow(3).getCell(columnOf(sheet, "商品链接"));
    expect(hostile.type).not.toBe(ExcelJS.ValueType.Hyperlink);
    expect(JSON.stringify(hostile.value ?? null)).not.toContain("javascript");
  });

  it("every sheet has an autofilter over its rows and a frozen header row", async () => {
    const workbook = await workbookOf(ctx);
    const expected: Record<string, number> = { 告警: 3, 店铺: 3, 价格历史: 2 };
    for (const sheet of workbook.worksheets) {
      expect(sheet.views[0], sheet.name).toMatchObject({ state: "frozen", ySplit: 1 });
      const last = String.fromCharCode(64 + headersOf(sheet).length);
      expect(sheet.autoFilter, sheet.name).toBe(`A1:${last}${expected[sheet.name]}`);
    }
  });

  it("the sellers and history sheets: per shop totals and each observation with its date", async () => {
    const workbook = await workbookOf(ctx);
    const sellers = workbook.getWorksheet("店铺");
    if (!sellers) throw new Error("no 店铺 sheet");
    expect(headersOf(sellers)).toEqual([
      "渠道",
      "店铺",
      "店铺编号",
      "经销商",
      "未关闭告警",
      "告警总数",
      "问题类型",
      "最低到手价",
      "最高级别",
      "首次发现（北京时间）",
      "最近发现（北京时间）",
    ]);
    const names = [2, 3].map((n) => sellers.getRow(n).getCell(2).value);
    expect(names).toContain("某某医疗专营店");
    expect(names).toContain(`'${FORMULA_NAMES[0]}`);
    const history = workbook.getWorksheet("价格历史");
    if (!history) throw new Error("no 价格历史 sheet");
    const row = history.getRow(2);
    expect((row.getCell(1).value as Date).toISOString()).toBe("2026-03-02T00:00:00.000Z");
    expect(row.getCell(1).numFmt).toBe("yyyy-mm-dd hh:mm");
    expect(row.getCell(5).value).toBe(99);
    expect(row.getCell(7).value).toBe("有货");
    expect(row.getCell(8).value).toBe("价格或库存变化");
    expect(row.getCell(9).type).toBe(ExcelJS.ValueType.Hyperlink);
  });

  it("formula starts stay neutralized in every sheet; nothing is a formula", async () => {
    const workbook = await workbookOf(ctx);
    for (const sheet of workbook.worksheets)
      sheet.eachRow((row) =>
        row.eachCell((cell) => {
          expect(cell.type).not.toBe(ExcelJS.ValueType.Formula);
          if (typeof cell.value === "string") expect(cell.value).not.toMatch(DANGEROUS);
        }),
      );
    const sheet = workbook.getWorksheet("告警");
    expect(sheet?.getRow(3).getCell(7).value).toBe(`'${FORMULA_NAMES[0]}`);
  });

  it("CSV: headers in the reader's language, times with their zone", () => {
    const header = csvHeaderLine(ctx);
    expect(header.startsWith('"级别","状态","类型"')).toBe(true);
    expect(header).toContain('"首次发现（北京时间）"');
    const line = csvRowWriter(ctx)(alerts[0] as AlertView);
    expect(line).toContain('"2026-03-02 07:30 北京时间"');
    expect(line).toContain('"京东"');
    expect(line).toContain('"https://pricewarden.brand.example/alerts/aaaaaaaaaaaaaaaaaaaaaaaa"');
    expect(csvHeaderLine({ ...ctx, locale: "en" })).toContain('"First seen (UTC+8)"');
  });
});
