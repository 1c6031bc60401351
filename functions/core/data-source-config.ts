import * as z from "zod";

/**
 * Where a marketplace keeps what the pipeline reads, besides the page's markup: state its own
 * script declares (inline), JSON its script fetches while the page renders (response), and rows
 * of a search or listing page (html-rows). Profiles are data, so a user can follow a site's
 * change in config without a release (a channel's `sources` replace a built-in source with the
 * same id and add the others).
 */

const regex = z
  .string()
  .min(1)
  .max(500)
  .refine((p) => {
    try {
      new RegExp(p);
      return true;
    } catch {
      return false;
    }
  }, "not a valid regular expression");

/**
 * A field path (`price.p`, `sku2info.*.price.priceText`, `apiStack.0.value.@json.price`,
 * `detail.@entries`), or for html-rows a CSS selector (`.p-price i`, `a@href`,
 * `.p-name em@text:not(.p-tag)` for the text without a label element inside it).
 */
const path = z.string().min(1).max(300);
const paths = z.union([path, z.array(path).min(1).max(10)]);

export const FieldReadSchema = z.union([
  paths,
  z
    .object({
      path: paths,
      /** Prices: `fen` when the source counts in minor units (Pinduoduo). */
      unit: z.enum(["yuan", "fen"]).optional(),
      /** Value map: JD stockState `{"33": "InStock", "34": "OutOfStock"}`; for an array, the first element the map knows. */
      map: z.record(z.string(), z.string()).optional(),
      /** A regular expression over the value; its first group (or the whole match) is kept. */
      pattern: regex.optional(),
    })
    .strict(),
]);
export type FieldRead = z.infer<typeof FieldReadSchema>;

export const DATA_FIELDS = [
  "itemId",
  "url",
  "title",
  "price",
  "listPrice",
  "finalPrice",
  "currency",
  "seller",
  "sellerId",
  "availability",
  "ad",
  "drugClass",
  "promotions",
] as const;
export type DataField = (typeof DATA_FIELDS)[number];

const FieldsSchema = z
  .object(
    Object.fromEntries(DATA_FIELDS.map((f) => [f, FieldReadSchema.optional()])) as {
      [K in DataField]: z.ZodOptional<typeof FieldReadSchema>;
    },
  )
  .strict();

export const BlockRuleSchema = z
  .object({
    /** HTTP status the rule needs (e.g. 403). */
    status: z.number().int().min(100).max(599).optional(),
    /** A response header that must be present (JD's `x-rp-content`). */
    header: z.string().min(1).max(100).optional(),
    /** A field path whose values (joined) the pattern is tested on; without it, the body. */
    path: path.optional(),
    pattern: regex.optional(),
    /** The body is empty (JD's API answers an expired signature with an empty 403). */
    emptyBody: z.boolean().optional(),
    outcome: z.enum(["blocked", "login_required", "rate_limited"]),
    reason: z.string().min(1).max(200),
  })
  .strict();
export type BlockRule = z.infer<typeof BlockRuleSchema>;

export const DataSourceSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "expected lowercase letters, digits and dashes"),
    from: z.enum(["inline", "response", "html-rows"]),
    /**
     * inline: the state's name as the page writes it (`pageConfig`, `window.rawData`, `TShop.Setup`,
     * `#__NEXT_DATA__`), or `{key}` for state a script builds without naming it: the first object
     * literal in a script with that key among its own members (`{loaderData}`).
     */
    name: z.string().min(1).max(100).optional(),
    /** response: pattern of the request URL; inline / html-rows: of the page URL (any page when absent). */
    url: regex.optional(),
    /** item: one listing; search: one listing per row. */
    kind: z.enum(["item", "search"]).default("item"),
    /** search: path to the rows (`data.wareList`), or for html-rows the row selector (`li.gl-item`). */
    rows: path.optional(),
    /** A pattern over the page or request URL (URL-decoded) whose first group is the item id. */
    idFromUrl: regex.optional(),
    /** The listing's URL from its item id: `https://item.jd.com/{itemId}.html`. */
    itemUrl: z.string().min(1).max(300).optional(),
    fields: FieldsSchema,
    /** Responses of this source that are a challenge or a login wall rather than data. */
    blocks: z.array(BlockRuleSchema).max(50).optional(),
  })
  .strict()
  .superRefine((s, ctx) => {
    if (s.from === "inline" && !s.name)
      ctx.addIssue({ code: "custom", message: "inline sources need a name" });
    if (s.from === "response" && !s.url)
      ctx.addIssue({ code: "custom", message: "response sources need a url pattern" });
    if (s.kind === "search" && !s.rows) ctx.addIssue({ code: "custom", message: "search sources need rows" });
    if (s.from === "html-rows" && s.kind !== "search")
      ctx.addIssue({ code: "custom", message: "html-rows sources are searches (kind: search)" });
  });
export type DataSource = z.output<typeof DataSourceSchema>;
export type DataSourceInput = z.input<typeof DataSourceSchema>;
