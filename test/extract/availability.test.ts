import { describe, expect, it } from "vitest";
import { availabilityFromText } from "../../functions/extract/availability-text.js";
import { extractListing } from "../../functions/extract/extract-listing.js";
import { toExtractionReport } from "../../functions/extract/extraction-report.js";

const URL_GENERIC = "https://shop.example.com/p/1";
const TITLE = "Garni 570 Easy II weather station";
const jsonLd = (offer: Record<string, unknown>) =>
  `<script type="application/ld+json">${JSON.stringify({
    "@context": "https://schema.org",
    "@type": "Product",
    name: TITLE,
    offers: { "@type": "Offer", priceCurrency: "EUR", ...offer },
  })}</script>`;
const page = (head: string, body: string) =>
  `<!doctype html><html><head><title>${TITLE} | Shop</title>${head}</head><body>${body}</body></html>`;

describe("an offer at a price with no sign of unavailability", () => {
  it("is in stock, from text, with a reason the extraction report prints", () => {
    const html = page(jsonLd({ price: "54.50" }), `<h1>${TITLE}</h1><p>Great station.</p>`);
    const listing = extractListing(html, URL_GENERIC);
    expect(listing).toMatchObject({ price: "54.50", availability: "InStock" });
    expect(listing.sources.availability).toBe("text");
    expect(toExtractionReport(listing).reasons).toEqual({
      availability: "offered at a price with no sign of being unavailable",
    });
  });

  it("applies to a price read from the page text too", () => {
    const html = page("", `<h1>${TITLE}</h1><p>Preis: 20 €</p>`);
    expect(extractListing(html, URL_GENERIC)).toMatchObject({ price: "20", availability: "InStock" });
  });

  it("stays unknown without a price", () => {
    const html = page(jsonLd({}), `<h1>${TITLE}</h1><p>Great station.</p>`);
    expect(extractListing(html, URL_GENERIC).availability).toBeNull();
    expect(toExtractionReport(extractListing(html, URL_GENERIC)).reasons).toBeUndefined();
  });

  it("stays out of stock when the page says so", () => {
    const html = page(jsonLd({ price: "54.50" }), `<h1>${TITLE}</h1><p>Sold out</p>`);
    const listing = extractListing(html, URL_GENERIC);
    expect(listing.availability).toBe("OutOfStock");
    expect(toExtractionReport(listing).reasons?.availability).toContain("Sold out");
    const structured = page(
      jsonLd({ price: "54.50", availability: "https://schema.org/OutOfStock" }),
      `<h1>${TITLE}</h1>`,
    );
    expect(extractListing(structured, URL_GENERIC).availability).toBe("OutOfStock");
  });

  it("stays unknown when structured data states a value that maps to neither state", () => {
    const html = page(
      "",
      `<div itemscope itemtype="https://schema.org/Product"><h1 itemprop="name">${TITLE}</h1>
        <div itemprop="offers" itemscope itemtype="http://schema.org/Offer"><meta itemprop="price" content="$15">
        <h4>Status</h4><span itemprop="availability"> NOT SOLD </span></div></div>`,
    );
    expect(extractListing(html, URL_GENERIC)).toMatchObject({ price: "15", availability: null });
  });

  it("keeps a channel page whose price element says there is no price unknown", () => {
    const html = page("", `<h1 class="t">${TITLE}</h1><span class="p">暂无报价</span><p>Preis: 20 €</p>`);
    expect(extractListing(html, URL_GENERIC, { title: ".t", price: ".p" })).toMatchObject({
      price: null,
      availability: null,
    });
  });
});

describe("explicit unavailability in many languages", () => {
  const phrases = [
    "Out of stock",
    "Sold out",
    "This item is currently unavailable",
    "暂时无货",
    "已售罄",
    "缺貨",
    "品切れ",
    "在庫切れ",
    "품절",
    "Derzeit nicht verfügbar",
    "Ausverkauft",
    "Épuisé",
    "En rupture de stock",
    "Agotado",
    "Esaurito",
    "Esgotado",
    "Uitverkocht",
    "Niet op voorraad",
    "Produkt niedostępny",
    "Vyprodáno",
    "Není skladem",
    "Momentálne nie je možné produkt kúpiť",
    "Нет в наличии",
    "Немає в наявності",
  ];

  it("is read next to the product", () => {
    for (const phrase of phrases) {
      const html = page("", `<h1>${TITLE}</h1><p>${phrase}</p><span class="price">54,50 €</span>`);
      expect(extractListing(html, URL_GENERIC).availability, phrase).toBe("OutOfStock");
      expect(availabilityFromText(phrase), phrase).toBe("OutOfStock");
    }
  });

  it("is ignored in footers, recommendation lists and dialogs", () => {
    for (const phrase of phrases) {
      for (const block of [
        `<footer><p>${phrase}</p></footer>`,
        `<div class="recommendations"><div class="item">Other lamp <b>${phrase}</b></div></div>`,
        `<div class="modal fade" id="notify"><h2>${phrase}</h2></div>`,
      ]) {
        const html = page("", `<h1>${TITLE}</h1><span class="price">54,50 €</span>${block}`);
        expect(extractListing(html, URL_GENERIC).availability, `${phrase} in ${block}`).toBe("InStock");
      }
    }
  });

  it("needs whole words, and not bare 'unavailable' or 'отсутствует'", () => {
    for (const text of [
      "Chat is unavailable",
      "антипригарное покрытие: отсутствует",
      "outsold outdoors",
      "Click & Collect not available for this item",
    ]) {
      expect(availabilityFromText(text), text).toBeNull();
    }
  });
});

describe("the buy box over structured InStock", () => {
  const inStock = jsonLd({ price: "54.50", availability: "https://schema.org/InStock" });

  it("believes an unavailability statement right after the title", () => {
    const html = page(
      inStock,
      `<h1>${TITLE}</h1><ul class="availability-box"><li><strong>Momentálne nie je možné produkt kúpiť, ale je možné ho rezervovať</strong></li></ul>
       <p>Cena: <strong>54,50 €</strong></p><a class="btn">Do košíka</a>`,
    );
    const listing = extractListing(html, URL_GENERIC);
    expect(listing.availability).toBe("OutOfStock");
    expect(listing.sources.availability).toBe("text");
    expect(toExtractionReport(listing).reasons?.availability).toMatch(/nie je možné produkt kúpiť.*json-ld/);
  });

  it("keeps InStock when the statement is elsewhere, hidden, or after purchase wording", () => {
    const far = `<div class="description">${"Lorem ipsum dolor sit amet. ".repeat(40)}</div><p>Sold out</p>`;
    for (const body of [
      `<h1>${TITLE}</h1><p>54,50 €</p>${far}`,
      `<h1>${TITLE}</h1><p>54,50 €</p><div class="related-products"><p>Another station — Sold out</p></div>`,
      `<h1>${TITLE}</h1><p>54,50 €</p><div class="modal" role="dialog"><h2>Produto indisponível</h2></div>`,
      `<h1>${TITLE}</h1><p>54,50 €</p><p style="display:none">Currently unavailable</p>`,
      `<h1>${TITLE}</h1><p>In stock</p><p>Size XL: sold out</p>`,
      `<h1>${TITLE}</h1><button>Add to cart</button><p>Colour red sold out</p>`,
      `<p>Sold out</p><div>${TITLE}</div>`,
    ]) {
      const listing = extractListing(page(inStock, body), URL_GENERIC);
      expect(listing.availability, body).toBe("InStock");
      expect(listing.sources.availability, body).toBe("json-ld");
    }
  });

  it("does not override the channel's own stock widget", () => {
    const html = page(
      "",
      `<div class="sku-name">${TITLE}</div><span class="stock">有货</span><p>已售罄 2 件赠品</p><span class="price">¥54.50</span>`,
    );
    const listing = extractListing(html, URL_GENERIC, {
      title: ".sku-name",
      price: ".price",
      stock: ".stock",
    });
    expect(listing).toMatchObject({ availability: "InStock", sources: { availability: "css-profile" } });
  });
});
