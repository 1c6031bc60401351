import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spreadsheetText } from "../../functions/api/spreadsheet-cell.js";
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
    const res = await fetch(`${stack.server.url}/api/export/alerts.csv?status=all`, {
      headers: bearer(brandA),
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
    const seller = header?.indexOf("seller") ?? -1;
    expect(seller).toBeGreaterThan(-1);
    const sellers = rows.map((r) => r[seller] ?? "");
    for (const name of FORMULA_NAMES) expect(sellers).toContain(`'${name}`);
    for (const row of rows) for (const cell of row) expect(cell).not.toMatch(DANGEROUS);
  });

  it("XLSX: read back with exceljs, no formulas and no formula-looking strings", async () => {
    const res = await fetch(`${stack.server.url}/api/export/alerts.xlsx?status=all`, {
      headers: bearer(brandA),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe(
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await res.arrayBuffer());
    const sheet = workbook.getWorksheet("Alerts");
    if (!sheet) throw new Error("no Alerts sheet");
    const headers = (sheet.getRow(1).values as unknown[]).slice(1);
    const sellerCol = headers.indexOf("seller") + 1;
    const priceCol = headers.indexOf("price") + 1;
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
