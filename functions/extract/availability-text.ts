import type { Availability } from "../core/listing.js";
import { titleAnchor, titleAnchors } from "./title-anchor.js";

/**
 * Explicit "cannot buy this now" wording: Chinese first, then the languages of cross-border
 * shops. Only statements about the item as a whole: a bare "unavailable" or "отсутствует" also
 * describes chat, delivery options and spec rows ("антипригарное покрытие: отсутствует").
 */
const CJK_OUT_OF_STOCK = [
  // zh-CN, zh-TW
  "暂时无货|暫時無貨|无货|無貨|缺货|缺貨|已售罄|售罄|已售完|暂时售完|暫時售完|已下架|已抢光|已搶光|到货通知|到貨通知|商品已下柜|该商品已下柜|库存不足|庫存不足|暂无库存|暫無庫存|无库存|無庫存|補貨中|补货中|已停售|停止销售|停止銷售",
  // ja, ko
  "品切れ|在庫切れ|売り切れ|在庫なし|販売終了|품절|일시품절|재고 ?없음|판매 ?종료",
];
/** Whole words only: "épuisé" must not match inside another word, in any script. */
const WORD_OUT_OF_STOCK = [
  // en
  "out of stock|sold out|currently unavailable|temporarily unavailable|no longer available|not in stock|not available for purchase|this item is (?:currently )?unavailable",
  // de
  "(?:derzeit|zurzeit|momentan|aktuell) nicht (?:verfügbar|lieferbar|erhältlich|vorrätig)|nicht (?:mehr )?(?:lieferbar|vorrätig)|nicht mehr verfügbar|ausverkauft",
  // fr
  "(?:actuellement|momentanément|temporairement) indisponible|(?:produit|article) indisponible|(?:en )?rupture de stock|épuisée?s?",
  // es
  "agotad[oa]s?|sin stock|sin existencias|fuera de stock|(?:producto|artículo|actualmente|temporalmente) no disponible",
  // it
  "non disponibile\\.|(?:attualmente|temporaneamente|prodotto|articolo) non disponibile|esaurit[oa]",
  // pt
  "esgotad[oa]|indisponível|sem estoque|sem stock|fora de estoque",
  // nl
  "uitverkocht|niet (?:meer )?op voorraad|niet (?:meer )?leverbaar|tijdelijk niet beschikbaar",
  // pl
  "(?:produkt |towar |chwilowo |obecnie )?niedostępny|brak (?:w magazynie|towaru|produktu)|wyprzedan[ya]",
  // cs, sk
  "vyprodáno|není skladem|nelze (?:za)?koupit|vypredané|nie je (?:na )?skladom|nie je možné (?:\\S+ ){0,2}(?:kúpiť|zakúpiť|objednať)|(?:momentálně|dočasně|momentálne|dočasne) nedostupn[éáý]",
  // ru, uk
  "нет в наличии|нет на складе|распродан[оа]?|товар закончился|снят с продажи|временно отсутствует|немає в наявності",
];
// Word edges are checked in code (see outOfStockAt): a leading lookbehind would stop the engine
// from skipping ahead to candidate first letters, and this runs over whole pages.
const OUT_OF_STOCK = new RegExp(`${CJK_OUT_OF_STOCK.join("|")}|(${WORD_OUT_OF_STOCK.join("|")})`, "gi");
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

/** The first explicit out-of-stock phrase in `text` (a word phrase only as whole words), or null. */
function outOfStockAt(text: string): { index: number; phrase: string } | null {
  OUT_OF_STOCK.lastIndex = 0;
  for (let m = OUT_OF_STOCK.exec(text); m !== null; m = OUT_OF_STOCK.exec(text)) {
    const end = m.index + m[0].length;
    const whole =
      m[1] === undefined ||
      (!LETTER_OR_DIGIT.test(text.charAt(m.index - 1)) && !LETTER_OR_DIGIT.test(text.charAt(end)));
    if (whole) return { index: m.index, phrase: m[0] };
    OUT_OF_STOCK.lastIndex = m.index + 1;
  }
  return null;
}

/** Explicit "can buy now" wording: stock statements and purchase buttons. */
const IN_STOCK =
  /有货|有貨|现货|現貨|库存充足|加入购物车|加入購物車|立即购买|立即購買|立即抢购|马上抢|去购买|在庫あり|カートに入れる|장바구니|바로구매|\bin stock\b|\bavailable now\b|\bavailable to ship\b|\badd to (?:cart|basket|bag|trolley)\b|\bbuy (?:it )?now\b|in den (?:warenkorb|einkaufswagen)|auf lager|sofort lieferbar|ajouter au panier|en stock|aggiungi al carrello|disponibilità immediata|añadir al carrito|agregar al carrito|comprar ahora|adicionar ao carrinho|do košíka|do koszyka|dodaj u košaricu|u košaricu|в корзину|купить|в наличии|放入購物車|直接購買/i;

const STRONG_IN_STOCK =
  /有货|有貨|现货|現貨|库存充足|在庫あり|\bin stock\b|\bavailable now\b|auf lager|sofort lieferbar|disponibilità immediata|\ben stock\b|в наличии/i;

/** Whether a phrase states stock (有货, in stock) rather than only offering a purchase button. */
export function statesStock(phrase: string): boolean {
  return STRONG_IN_STOCK.test(phrase);
}

/** Classifies a short stock text (a stock widget, a button label). Out-of-stock wording wins. */
export function availabilityFromText(text: string): Availability | null {
  if (outOfStockAt(text)) return "OutOfStock";
  if (IN_STOCK.test(text)) return "InStock";
  return null;
}

/** A stock statement found in page text, with the words that made it. */
export interface StockStatement {
  state: Availability;
  phrase: string;
}

/** Characters after the title read for stock statements: the product block, not the page. */
const PRODUCT_WINDOW = 4000;
/** Characters after the title that make up the buy box (title, rating, stock line, price, button). */
const BUY_BOX = 600;

function inStatement(window: string, at: number, re: RegExp): StockStatement {
  return { state: "InStock", phrase: re.exec(window.slice(at))?.[0]?.trim() ?? "" };
}

/**
 * Stock state from the visible main text of a page (chrome, hidden, review, recommendation and
 * dialog blocks removed), used when no structured source states it. Only the part that follows
 * the product title is read (recommendation blocks further down say "sold out" about other
 * items). An explicit out-of-stock statement there wins over purchase buttons, which templates
 * keep in the markup, unless a stock statement comes first.
 */
export function stockStatement(text: string, title: string | null): StockStatement | null {
  const start = Math.max(0, titleAnchor(text, title));
  const window = text.slice(start, start + PRODUCT_WINDOW);
  const out = outOfStockAt(window);
  const strongIn = window.search(STRONG_IN_STOCK);
  if (out && (strongIn < 0 || out.index < strongIn)) return { state: "OutOfStock", phrase: out.phrase };
  if (strongIn >= 0) return inStatement(window, strongIn, STRONG_IN_STOCK);
  const anyIn = window.search(IN_STOCK);
  return anyIn >= 0 ? inStatement(window, anyIn, IN_STOCK) : null;
}

function buyBoxAt(text: string, start: number, reach: number): StockStatement | null {
  const window = text.slice(start, start + reach);
  const out = outOfStockAt(window);
  if (!out) return null;
  const inStock = window.search(IN_STOCK);
  return inStock >= 0 && inStock < out.index ? null : { state: "OutOfStock", phrase: out.phrase };
}

/**
 * An explicit out-of-stock statement in the buy box: within a few hundred characters after the
 * product title, before any stock or purchase wording. Null when the title cannot be found in
 * the text, since then the buy box cannot be told from the rest of the page.
 */
export function buyBoxUnavailability(text: string, title: string | null): StockStatement | null {
  const start = titleAnchor(text, title);
  return start < 0 ? null : buyBoxAt(text, start, BUY_BOX);
}

/**
 * A cheap necessary test for `buyBoxUnavailability` on the unfiltered page text (which still
 * holds chrome, reviews and recommendation lists, so the title may occur earlier and the buy box
 * may sit further on): whether any of the title's first occurrences is followed by such a
 * statement within a wider reach. Saves the main-text pass on pages that cannot qualify.
 */
export function mayShowBuyBoxUnavailability(text: string, title: string | null): boolean {
  return titleAnchors(text, title, 3).some((start) => buyBoxAt(text, start, BUY_BOX * 3) !== null);
}
