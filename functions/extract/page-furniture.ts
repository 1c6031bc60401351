import type { MarkupTree } from "../html/markup-tree.js";
import { firstIndexAbove, firstIndexAtLeast } from "../html/sorted-index.js";
import { availabilityFromText } from "./availability-text.js";

/**
 * The furniture of a product page: the blocks around the listing that describe something else
 * (recommendations, reviews, Q&A, "customers also bought", shop headers, footers, navigation).
 * Prices, promotions, stock and identifiers are read outside it only. A block is furniture by
 * any of several independent signals, so that another shop's class names, language or nesting
 * still give it away:
 *  - landmarks: aside, footer, nav (and header, role=complementary/contentinfo/navigation);
 *  - class/id tokens: recommend, related, similar, review, comment, rate, qa, question, footer,
 *    sidebar, shop-header…;
 *  - section headings: the block a heading such as 看了又看, 猜你喜欢, 商品评价, 问大家,
 *    "Customers also bought" or "Reviews" heads;
 *  - card grids: three or more sibling cards, each with its own price and link;
 *  - sold-out options: one size or colour among its siblings that says 缺货 / "sold out" speaks
 *    for that option, not for the listing.
 * A block that holds the main heading or the main buy button is never furniture: that is the
 * listing's own block.
 */
export interface PageFurniture {
  /** Source ranges [start, end) of furniture blocks as flat pairs, ascending and disjoint. */
  readonly ranges: readonly number[];
  /** Whether a source offset (an element's `<`) lies inside furniture. */
  covers(offset: number): boolean;
}

export const NO_FURNITURE: PageFurniture = { ranges: [], covers: () => false };

/**
 * Headings specific enough to mark a block wherever they stand (short text only). Chinese ones
 * may run on ("相似商品热卖 券后低至¥47"); English ones end at a word edge.
 */
const CJK_HEADING =
  /^(?:看了又看|看过此商品的人还看了|看了该商品的(?:人|用户)还看了|买了该商品的人还买了|购买此商品的人还购买了|猜你喜欢|店铺热销|店铺推荐|掌柜推荐|为你推荐|为您推荐|相关推荐|同类推荐|同类热销|同类商品|相似商品|相关商品|热销榜|热销推荐|热卖推荐|排行榜|人气(?:榜|推荐|单品|商品)|大家都在买|大家都在看|浏览此商品的(?:人|用户)还浏览了|商品评价|累计评价|用户评论|用户评价|买家评价|买家秀|问大家|商品问答|常见问题|店铺信息|进店逛逛|最近浏览|浏览记录)/;
const ENGLISH_HEADING =
  /^(?:customers (?:who (?:bought|viewed) this (?:item|product) )?also (?:bought|viewed|liked)|frequently bought together|you (?:may|might) also (?:like|be interested in)|related (?:products|items)|similar (?:products|items)|recommended (?:for you|products|items)|(?:customer )?reviews|customer questions(?: (?:&|and) answers)?|questions (?:&|and) answers|q\s*&\s*a|recently viewed(?: (?:products|items))?|people also (?:bought|viewed)|more from this (?:shop|store|seller))(?=$|[\s(:\d·|-])/i;

function isSectionHeading(text: string): boolean {
  return CJK_HEADING.test(text) || ENGLISH_HEADING.test(text);
}

const MAX_HEADING_TEXT = 40;

/** Class/id tokens of off-product blocks: whole tokens once camelCase is split with "-". */
const FURNITURE_TOKEN =
  /(?:^|[\s_-])(?:recommend[a-z]*|recs?|reco|related|similar|reviews?|comments?|rates?|qa|faq|questions?|ask|answers?|footer|foot|sidebar|aside|shop-?header|shop-?head|store-?header|header|nav|navbar|navigation|menu|breadcrumbs?|upsell|cross-?sell|sponsored|also-?(?:bought|viewed|like)|recently-?viewed|history|footprint|guess|guess-?(?:you-?)?like|hot-?sale|bestsellers?|ranking|rank|carousel|tuijian|pingjia|cainixihuan|kanlekan|rexiao|mini-?cart)(?=$|[\s_-])/;
/** Tokens that name the listing's own block even when a furniture token sits beside them. */
const OWN_BLOCK_TOKEN =
  /(?:^|[\s_-])(?:product|item|goods|detail|main|summary|buy|buybox|purchase|info)(?=$|[\s_-])/;
/** Class and id values, read without parsing every element's attributes. */
const CLASS_OR_ID = /\s(?:class|id)\s*=\s*(?:"([^"<>]*)"|'([^'<>]*)')/gi;
/** A cheap necessary test for FURNITURE_TOKEN on a whole class value. */
const TOKEN_HINT =
  /rec|related|similar|review|comment|rate|rating|qa|faq|question|ask|answer|foot|sidebar|aside|head|nav|menu|breadcrumb|upsell|cross|sponsored|also|recently|history|footprint|guess|hot|bestseller|rank|carousel|tuijian|pingjia|cainixihuan|kanlekan|rexiao|cart/i;

const LANDMARKS = new Set(["aside", "footer", "nav", "header"]);
/** Never furniture however they look: the page itself. */
const ROOTS = new Set(["html", "body", "main"]);
const HEADING_TAGS = new Set(["h1", "h2", "h3", "h4", "h5", "h6"]);

/** Purchase buttons: the main one marks the listing's own block. */
const BUY_BUTTON =
  /加入购物车|加入購物車|立即购买|立即購買|立即抢购|马上抢|去购买|放入購物車|直接購買|\badd to (?:cart|basket|bag|trolley)\b|\bbuy (?:it )?now\b/gi;
/** A ¥/$ amount or "12元": what a card's price looks like in text. */
const PRICE_TEXT = /[¥￥$€£]\s*\d|\d\s*元/;
/** Class/id words and attributes of a variant choice (a size, a colour, a pack). */
const VARIANT_TOKEN =
  /sku|spec|variant|size|colou?r|option|swatch|attr|choose|choice|prop|style|model|型号|规格/i;
const VARIANT_ATTR =
  /^(?:data-(?:sku|value|variant|option|spec|size|color|colour)(?:-?id)?|aria-checked|aria-selected)$/;
/** A cheap necessary test for an out-of-stock phrase in a short text. */
const STOCK_HINT =
  /无货|無貨|缺货|缺貨|售罄|售完|下架|抢光|搶光|到货通知|到貨通知|库存|庫存|补货|補貨|停售|sold|stock|unavailable|品切れ|품절/i;
const MAX_EVENTS = 5000;
/** Text nodes longer than this are running text, neither a section heading nor a card's price. */
const MAX_SHORT_TEXT = 120;
const MAX_CLIMB = 12;
const MIN_CARDS = 3;
const MAX_CARD_TEXT = 400;

/** Whether an element's class or id says it is off-product (and nothing says it is the product). */
export function isFurnitureClass(classAndId: string): boolean {
  const tokens = classAndId.replace(/([a-z0-9])([A-Z])/g, "$1-$2").toLowerCase();
  return FURNITURE_TOKEN.test(tokens) && !OWN_BLOCK_TOKEN.test(tokens);
}

/** Reads the page's tree once per call; every search is bounded. */
class FurnitureFinder {
  private readonly html: string;
  private readonly marked = new Set<number>();
  private readonly protectedSet = new Set<number>();
  private next: Int32Array | undefined;

  constructor(
    private readonly tree: MarkupTree,
    anchors: readonly number[],
  ) {
    this.html = tree.html;
    for (const anchor of anchors) for (let e = anchor; e >= 0; e = tree.parents[e]!) this.protectedSet.add(e);
  }

  private isProtected(e: number): boolean {
    return this.protectedSet.has(e) || ROOTS.has(this.tree.names[e]!);
  }

  private mark(e: number): void {
    if (!this.isProtected(e)) this.marked.add(e);
  }

  /** Whether no visible text precedes `inner` inside `outer` (the block starts with it). */
  private startsWith(outer: number, inner: number): boolean {
    const t = this.tree;
    const stop = t.starts[inner]!;
    let s = firstIndexAtLeast(t.segStarts, t.openEnds[outer]!);
    for (let n = 0; s < t.segStarts.length && t.segStarts[s]! < stop; s++, n++) {
      if (n > 200) return false;
      if (t.segRaw[s] || t.scriptLike[t.segParents[s]!] !== -1) continue;
      if (/\S/.test(this.html.slice(t.segStarts[s]!, t.segEnds[s]!))) return false;
    }
    return true;
  }

  private hasTextAfter(outer: number, inner: number): boolean {
    const t = this.tree;
    const end = t.ends[outer]!;
    let s = firstIndexAtLeast(t.segStarts, t.ends[inner]!);
    for (let n = 0; s < t.segStarts.length && t.segStarts[s]! < end; s++, n++) {
      if (n > 50) return true;
      if (t.segRaw[s] || t.scriptLike[t.segParents[s]!] !== -1) continue;
      if (/\S/.test(this.html.slice(t.segStarts[s]!, t.segEnds[s]!))) return true;
    }
    return false;
  }

  private nextSiblings(): Int32Array {
    if (this.next) return this.next;
    const prevs = this.tree.prevs;
    const next = new Int32Array(prevs.length).fill(-1);
    for (let e = 0; e < prevs.length; e++) if (prevs[e]! >= 0) next[prevs[e]!] = e;
    this.next = next;
    return next;
  }

  landmarks(): void {
    const t = this.tree;
    for (const name of LANDMARKS) for (const e of t.named(name)) this.mark(e);
    ROLE.lastIndex = 0;
    for (let m = ROLE.exec(this.html), n = 0; m !== null && n < MAX_EVENTS; m = ROLE.exec(this.html), n++) {
      const e = t.startTagAt(m.index + 1);
      if (e >= 0) this.mark(e);
    }
  }

  classTokens(): void {
    const t = this.tree;
    CLASS_OR_ID.lastIndex = 0;
    let coveredUntil = -1;
    for (
      let m = CLASS_OR_ID.exec(this.html), n = 0;
      m !== null && n < 4 * MAX_EVENTS;
      m = CLASS_OR_ID.exec(this.html), n++
    ) {
      // Inside a block this scan already marked (menus in a nav, rows of a review list): nothing to add.
      if (m.index < coveredUntil) continue;
      const value = m[1] ?? m[2] ?? "";
      if (!TOKEN_HINT.test(value) || !isFurnitureClass(value)) continue;
      const e = t.startTagAt(m.index + 1);
      if (e >= 0 && !this.isProtected(e)) {
        this.mark(e);
        coveredUntil = t.ends[e]!;
      }
    }
  }

  /** Short text nodes: section headings mark their sections; prices mark card grids. */
  shortTexts(): void {
    const t = this.tree;
    const headingOwners = new Set<number>();
    const priceOwners: number[] = [];
    const count = t.segStarts.length;
    for (let s = 0; s < count; s++) {
      const from = t.segStarts[s]!;
      const to = t.segEnds[s]!;
      if (to - from > MAX_SHORT_TEXT || t.segRaw[s]) continue;
      // Most text nodes of a page are the indentation between tags: skipped without a string.
      let first = from;
      while (first < to && this.html.charCodeAt(first) <= 32) first++;
      if (first === to) continue;
      const owner = t.segParents[s]!;
      if (owner < 0 || t.scriptLike[owner] !== -1) continue;
      const text = this.html.slice(first, to).trimEnd();
      if (text.length <= MAX_HEADING_TEXT && isSectionHeading(text)) headingOwners.add(owner);
      if (PRICE_TEXT.test(text) && priceOwners.length < MAX_EVENTS) priceOwners.push(owner);
      if (STOCK_HINT.test(text) && availabilityFromText(text) === "OutOfStock") this.markSoldOutOption(owner);
    }
    for (const owner of headingOwners) {
      const text = t.collectText(owner, MAX_HEADING_TEXT).replace(/\s+/g, " ").trim();
      if (text.length > MAX_HEADING_TEXT || !isSectionHeading(text)) continue;
      this.markSection(owner);
    }
    this.cardGrids(priceOwners);
  }

  /** The block a heading heads: climb while the heading is the block's first text. */
  private markSection(heading: number): void {
    const t = this.tree;
    let top = heading;
    for (let depth = 0; depth < MAX_CLIMB; depth++) {
      const parent = t.parents[top]!;
      if (parent < 0 || this.isProtected(parent) || !this.startsWith(parent, heading)) break;
      top = parent;
    }
    if (this.isProtected(top)) return;
    this.mark(top);
    if (this.hasTextAfter(top, heading)) return;
    // A bare heading (<h3>猜你喜欢</h3><ul>…</ul>): its section is what follows, up to the next
    // heading of the same kind or a heading element.
    const next = this.nextSiblings();
    const kind = `${t.names[top]} ${t.attr(top, "class") ?? ""}`;
    for (let sib = next[top]!, n = 0; sib >= 0 && n < 20; sib = next[sib]!, n++) {
      if (this.isProtected(sib) || HEADING_TAGS.has(t.names[sib]!)) break;
      if (`${t.names[sib]} ${t.attr(sib, "class") ?? ""}` === kind) break;
      this.mark(sib);
    }
  }

  /** The option (one of several like siblings) that a sold-out text belongs to, if any. */
  private markSoldOutOption(owner: number): void {
    const t = this.tree;
    const next = this.nextSiblings();
    for (let e = owner, depth = 0; e >= 0 && depth < 4; e = t.parents[e]!, depth++) {
      if (this.isProtected(e)) return;
      let like = 0;
      const name = t.names[e];
      for (let sib = t.prevs[e]!, n = 0; sib >= 0 && n < 30; sib = t.prevs[sib]!, n++)
        if (t.names[sib] === name) like++;
      for (let sib = next[e]!, n = 0; sib >= 0 && n < 30; sib = next[sib]!, n++)
        if (t.names[sib] === name) like++;
      if (like >= 1 && this.inOptionList(e) && t.collectText(e, MAX_SHORT_TEXT).length <= MAX_SHORT_TEXT) {
        this.mark(e);
        return;
      }
    }
  }

  /** Whether the element or its list says it is a choice of variant (sku, size, colour…). */
  private inOptionList(e: number): boolean {
    const t = this.tree;
    for (let node = e, depth = 0; node >= 0 && depth < 3; node = t.parents[node]!, depth++) {
      const attrs = t.attributeMap(node);
      if (VARIANT_TOKEN.test(`${attrs.get("class") ?? ""} ${attrs.get("id") ?? ""}`)) return true;
      for (const name of attrs.keys()) if (VARIANT_ATTR.test(name)) return true;
    }
    return false;
  }

  /** Parents of three or more sibling cards that each hold a price and a link. */
  private cardGrids(priceOwners: readonly number[]): void {
    const t = this.tree;
    const pricedChildren = new Map<number, Set<number>>();
    let lastOwner = -1;
    for (const owner of priceOwners) {
      if (owner === lastOwner) continue;
      lastOwner = owner;
      let child = owner;
      for (let depth = 0; depth < MAX_CLIMB; depth++) {
        const parent = t.parents[child]!;
        if (parent < 0) break;
        let set = pricedChildren.get(parent);
        if (!set) {
          set = new Set();
          pricedChildren.set(parent, set);
        }
        set.add(child);
        child = parent;
      }
    }
    if (![...pricedChildren.values()].some((c) => c.size >= MIN_CARDS)) return;
    const linked = new Set<number>();
    for (const a of t.named("a").slice(0, MAX_EVENTS)) {
      const href = t.attr(a, "href");
      if (!href || href.startsWith("#") || href.startsWith("javascript:")) continue;
      for (let e = a, depth = 0; e >= 0 && depth < MAX_CLIMB; e = t.parents[e]!, depth++) {
        if (linked.has(e)) break;
        linked.add(e);
      }
    }
    for (const [parent, children] of pricedChildren) {
      if (children.size < MIN_CARDS || this.isProtected(parent) || this.marked.has(parent)) continue;
      const byTag = new Map<string, number>();
      for (const c of children) {
        if (!linked.has(c)) continue;
        if (t.collectText(c, MAX_CARD_TEXT).replace(/\s+/g, " ").trim().length > MAX_CARD_TEXT) continue;
        byTag.set(t.names[c]!, (byTag.get(t.names[c]!) ?? 0) + 1);
      }
      if (Math.max(0, ...byTag.values()) >= MIN_CARDS) this.mark(parent);
    }
  }

  result(): PageFurniture {
    const t = this.tree;
    const spans = [...this.marked]
      .map((e) => [t.starts[e]!, t.ends[e]!] as const)
      .sort((a, b) => a[0] - b[0]);
    const ranges: number[] = [];
    for (const [start, end] of spans) {
      const last = ranges.length - 1;
      if (last > 0 && start <= ranges[last]!) ranges[last] = Math.max(ranges[last]!, end);
      else ranges.push(start, end);
    }
    return furnitureOf(ranges);
  }
}

const ROLE = /\srole\s*=\s*["']?(?:complementary|contentinfo|navigation|banner)\b/gi;

/** A furniture value over given ranges (flat [start, end) pairs, ascending, disjoint). */
export function furnitureOf(ranges: readonly number[]): PageFurniture {
  if (ranges.length === 0) return NO_FURNITURE;
  const starts = ranges.filter((_, i) => i % 2 === 0);
  return {
    ranges,
    covers(offset) {
      const i = firstIndexAbove(starts, offset) - 1;
      return i >= 0 && offset < ranges[2 * i + 1]!;
    },
  };
}

/** The first purchase button after `from` (a source offset): the listing's own buy box. */
function mainBuyButton(tree: MarkupTree, from: number): number {
  BUY_BUTTON.lastIndex = Math.max(0, from);
  for (let m = BUY_BUTTON.exec(tree.html), n = 0; m !== null && n < 50; m = BUY_BUTTON.exec(tree.html), n++) {
    const s = firstIndexAbove(tree.segStarts, m.index) - 1;
    if (s < 0 || m.index >= tree.segEnds[s]! || tree.segRaw[s]) continue;
    const owner = tree.segParents[s]!;
    if (owner >= 0 && tree.scriptLike[owner] === -1) return owner;
  }
  return -1;
}

/**
 * The furniture of a page whose main heading (the product's h1) is `heading` (-1 when unknown);
 * `anchors` are further elements of the listing's own block (the title and price elements a site
 * profile names). Throws what the tree throws on a hostile nesting depth.
 */
export function findFurniture(
  tree: MarkupTree,
  heading: number,
  ownElements: readonly number[] = [],
): PageFurniture {
  tree.walkAll();
  const anchors = heading >= 0 ? [heading, ...ownElements] : [...ownElements];
  // The first button after the listing's own title or price; a card's button may come earlier.
  const from = anchors.length > 0 ? Math.min(...anchors.map((e) => tree.starts[e]!)) : 0;
  const button = mainBuyButton(tree, from);
  if (button >= 0) anchors.push(button);
  const finder = new FurnitureFinder(tree, anchors);
  finder.landmarks();
  finder.classTokens();
  finder.shortTexts();
  return finder.result();
}
