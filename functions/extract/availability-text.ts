import type { Availability } from "../core/listing.js";
import { titleAnchor } from "./title-anchor.js";

/** Explicit "cannot buy now" wording, Chinese first, then the languages of cross-border shops. */
const OUT_OF_STOCK =
  /暂时无货|暫時無貨|无货|無貨|缺货|缺貨|已售罄|已售完|售罄|已下架|已抢光|已搶光|到货通知|到貨通知|商品已下柜|该商品已下柜|库存不足|補貨中|补货中|品切れ|在庫切れ|품절|일시품절|\bout of stock\b|\bsold out\b|currently unavailable|temporarily unavailable|no longer available|not in stock|not available for purchase|derzeit nicht verfügbar|nicht vorrätig|ausverkauft|actuellement indisponible|en rupture de stock|rupture de stock|non disponibile\.|esaurito|agotado|sin stock|esgotado|indisponível|нет в наличии|распродан/i;

/** Explicit "can buy now" wording: stock statements and purchase buttons. */
const IN_STOCK =
  /有货|有貨|现货|現貨|库存充足|加入购物车|加入購物車|立即购买|立即購買|立即抢购|马上抢|去购买|在庫あり|カートに入れる|장바구니|바로구매|\bin stock\b|\bavailable now\b|\bavailable to ship\b|\badd to (?:cart|basket|bag|trolley)\b|\bbuy (?:it )?now\b|in den (?:warenkorb|einkaufswagen)|auf lager|sofort lieferbar|ajouter au panier|en stock|aggiungi al carrello|disponibilità immediata|añadir al carrito|agregar al carrito|comprar ahora|adicionar ao carrinho|do košíka|do koszyka|dodaj u košaricu|u košaricu|в корзину|купить|в наличии|放入購物車|直接購買/i;

/** Classifies a short stock text (a stock widget, a button label). Out-of-stock wording wins. */
export function availabilityFromText(text: string): Availability | null {
  if (OUT_OF_STOCK.test(text)) return "OutOfStock";
  if (IN_STOCK.test(text)) return "InStock";
  return null;
}

export function outOfStockIndex(text: string): number {
  return text.search(OUT_OF_STOCK);
}

export function inStockIndex(text: string): number {
  return text.search(IN_STOCK);
}

const STRONG_IN_STOCK =
  /有货|有貨|现货|現貨|库存充足|在庫あり|\bin stock\b|\bavailable now\b|auf lager|sofort lieferbar|disponibilità immediata|\ben stock\b|в наличии/i;
/** Purchase controls in markup (ids, classes, form actions) that survive in any language. */
const PURCHASE_CONTROL =
  /add[-_]?to[-_]?(?:cart|basket|bag|trolley)|addto(?:cart|basket|bag)|add2cart|addcart|buy[-_]?now|\/(?:cart|basket)\/add|(?:cart|basket)\/add|J_LinkBuy|InitCartUrl|加入购物车|加入購物車|放入購物車|立即购买/i;
const WINDOW = 4000;

export function hasPurchaseControl(html: string): boolean {
  return PURCHASE_CONTROL.test(html);
}

/**
 * Stock state from the visible main text of a page (chrome and hidden elements removed), used
 * when no structured source states it. Only the part that follows the product title is read
 * (recommendation blocks further down say "sold out" about other items). An explicit
 * out-of-stock statement there wins over purchase buttons, which templates keep in the markup,
 * unless a stock statement comes first. Failing any statement, a priced page with a purchase
 * control is taken as buyable.
 */
export function availabilityFromPage(
  text: string,
  title: string | null,
  page: { priced: boolean; purchaseControl: boolean },
): Availability | null {
  const start = Math.max(0, titleAnchor(text, title));
  const window = text.slice(start, start + WINDOW);
  const out = outOfStockIndex(window);
  const strongIn = window.search(STRONG_IN_STOCK);
  if (out >= 0 && (strongIn < 0 || out < strongIn)) return "OutOfStock";
  if (strongIn >= 0 || inStockIndex(window) >= 0) return "InStock";
  return page.priced && page.purchaseControl ? "InStock" : null;
}
