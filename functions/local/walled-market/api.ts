import { findItem, priceIn, type WalledItem } from "./catalog.js";
import { riskHeader } from "./pages/risk-page.js";
import type { PageRateLimiter } from "./rate-limit.js";
import type { WalledRequestKind } from "./request-log.js";
import { searchPage, wareRow } from "./search.js";
import { normalizeArea, type SessionRecord } from "./sessions.js";
import type { NonceBook } from "./token.js";

/**
 * `/api?appid=…&functionId=…&body=…&t=…&h5st=…`, api.m.jd.com's shape. Answers, in order:
 * signed out → 403, empty body; session on the risk page → 200, empty body, `x-rp-content`;
 * h5st missing, wrong, reused or not issued to this session → 403, empty body; otherwise JSON.
 */

export const WARE_FUNCTION = "pc_detailpage_wareBusiness";
export const WARE_APPID = "pc-item-soa";
export const SEARCH_FUNCTION = "pc_search_searchWare";
export const SEARCH_APPID = "search-pc-java";

export interface ApiReply {
  status: number;
  headers: Record<string, string>;
  body: string;
  kind: WalledRequestKind;
}

export interface ApiContext {
  session: SessionRecord | null;
  /** The session's area cookie (normalized), used when the body names none. */
  cookieArea: string;
  nonces: NonceBook;
  limiter: PageRateLimiter;
  origin: string;
}

const JSON_TYPE = "application/json;charset=UTF-8";

const empty403 = (): ApiReply => ({ status: 403, headers: {}, body: "", kind: "api" });
const json = (value: unknown): ApiReply => ({
  status: 200,
  headers: { "content-type": JSON_TYPE },
  body: JSON.stringify(value),
  kind: "api",
});

/** The wareBusiness answer for an item in a delivery area. */
export function wareBusiness(item: WalledItem, area: string): Record<string, unknown> {
  const price = priceIn(item, area);
  const self = item.seller.role === "official";
  return {
    price: {
      id: item.skuId,
      p: price.p,
      op: price.op,
      ...(price.final ? { finalPrice: { price: price.final.price, priceContent: price.final.content } } : {}),
    },
    preferenceVO: {
      sharedLabel: item.labels.map((text) => ({ text, shortText: text })),
      againSharedLabel: [],
    },
    colorSizeVO: { stockInfo: { [item.skuId]: { stockState: item.stockState } } },
    stockInfo: {
      stockState: item.stockState,
      stockDesc: item.stockState === 33 ? "<strong>有货</strong>" : "<strong>无货</strong>",
      area,
    },
    wareInfoReadMap: {
      sku_id: item.skuId,
      sku_name: item.name,
      shop_name: item.seller.name,
      vender_id: item.seller.venderId,
      is_self: self ? "1" : "0",
    },
    pageConfigVO: { shopId: item.seller.shopId, isSelf: self },
  };
}

function parseBody(raw: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(raw);
    return typeof value === "object" && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

export function answerApi(url: URL, ctx: ApiContext): ApiReply {
  const q = url.searchParams;
  const appid = q.get("appid") ?? "";
  const functionId = q.get("functionId") ?? "";
  const rawBody = q.get("body") ?? "";
  if (!ctx.session) return empty403();
  if (ctx.limiter.blocked(ctx.session.id))
    return {
      status: 200,
      headers: { "content-type": JSON_TYPE, "x-rp-content": riskHeader(ctx.origin) },
      body: "",
      kind: "risk",
    };
  const check = ctx.nonces.redeem(ctx.session.id, {
    h5st: q.get("h5st"),
    appid,
    functionId,
    body: rawBody,
    t: q.get("t"),
  });
  if (!check.ok) return empty403();

  const body = parseBody(rawBody);
  if (!body) return json({ code: "3", echo: "body error" });
  const area = normalizeArea(typeof body["area"] === "string" ? body["area"] : null) ?? ctx.cookieArea;

  if (functionId === WARE_FUNCTION && appid === WARE_APPID) {
    const item = findItem(String(body["skuId"] ?? ""));
    if (!item) return json({ code: "0", echo: "sku not found", price: null });
    return json(wareBusiness(item, area));
  }
  if (functionId === SEARCH_FUNCTION && appid === SEARCH_APPID) {
    const keyword = typeof body["keyword"] === "string" ? body["keyword"] : "";
    const page = Number(body["page"] ?? 1);
    const result = searchPage(keyword, page);
    return json({
      code: "0",
      data: {
        wareList: result.rows.map((row) => wareRow(row, keyword, area, ctx.origin)),
        pageCount: result.pageCount,
        page: result.page,
        resultCount: result.total,
      },
    });
  }
  return json({ code: "1", echo: "functionId not found" });
}
