import { DEMO_PRODUCTS, type DemoProductListing } from "./catalog.js";
import { seededRandom } from "./seeded-random.js";

/** The spec-table facts a product page prints: the brand's from the catalog, others' made up. */
export interface ProductFacts {
  readonly brand: string;
  readonly name: string;
  readonly model: string;
  readonly approval: string;
  readonly gtin: string;
  readonly maker: string;
  readonly spec: string;
  readonly rx: boolean;
}

export function productFacts(listing: DemoProductListing): ProductFacts {
  if (listing.sku !== null) {
    const p = DEMO_PRODUCTS[listing.sku];
    return { ...p, rx: p.category === "rx-drug" };
  }
  const rng = seededRandom(`facts:${listing.site}:${listing.id}`);
  const brand = listing.title.split(/[ 血电盐]/)[0] ?? listing.title;
  const drug = listing.title.includes("片") && !listing.title.includes("试纸");
  const serial = String(rng.int(1000, 9999));
  return {
    brand,
    name: listing.title.slice(brand.length).trim().split(" ")[0] ?? listing.title,
    model: `${brand === "瑞康" ? "RK" : "H"}-${rng.int(1, 9)}`,
    approval: drug ? `国药准字H2019${serial}` : `国械注准2021${rng.int(2, 3)}07${serial}`,
    gtin: "",
    maker: `${brand}医疗科技有限公司`,
    spec: "见包装",
    rx: drug,
  };
}
