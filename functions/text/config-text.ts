import { type ScheduleProblem, scheduleProblemText } from "../core/schedule.js";
import type { Locale } from "./locale.js";

/**
 * The tenant config explained to a person, in both languages: what each key means (the JSON
 * Schema's descriptions, which editors show, and the "expected …" of a validation error) and the
 * validation messages themselves. Paths use `[]` for "any array element" and `*` for "any key".
 */

type Both = readonly [zh: string, en: string];

const SELECTOR: Record<string, Both> = {
  selector: ["CSS 选择器", "CSS selector"],
  attr: ["取该属性的值，而不是元素文字", "read this attribute instead of the element's text"],
  pattern: [
    "正则表达式；取第一个捕获组（或整个匹配）",
    "regular expression; its first capture group (or the whole match) is the value",
  ],
};

const FIELD: Record<string, Both> = {
  path: ["JSON 中的取值路径", "where in the JSON the value is"],
  unit: ["金额单位（元或分）", "unit of the amount (yuan or fen)"],
  map: ["把取到的值映射为标准值", "maps the value read to a standard one"],
  pattern: ["正则表达式；取第一个捕获组", "regular expression; its first capture group is the value"],
};

export const CONFIG_DESCRIPTIONS: Record<string, Both> = {
  tenant: [
    "租户 ID：小写字母、数字和短横线，如 anke-medical",
    "tenant id: lowercase letters, digits and dashes, e.g. anke-medical",
  ],
  currency: ["价格币种（ISO 代码），默认 CNY", "currency of prices (ISO code), default CNY"],
  timezone: [
    "租户时区（IANA 名称），所有时间按它显示，默认 Asia/Shanghai",
    "the tenant's time zone (IANA name); every time is shown in it; default Asia/Shanghai",
  ],
  locale: [
    "界面语言：zh-CN 或 en；不填时中国租户用中文",
    "language people read: zh-CN or en; unset: Chinese for CN tenants",
  ],
  jurisdiction: [
    "适用法律：CN、EU、US 或 OTHER；CN/EU 下对授权经销商的低价只作监测（不得限定转售价格）",
    "governing law: CN, EU, US or OTHER; under CN/EU a distributor's low price is monitoring only (resale price maintenance is unlawful)",
  ],
  channels: ["要监测的销售渠道（电商平台或网站）", "the sales channels (marketplaces or sites) to monitor"],
  "channels[]": ["一个销售渠道", "a sales channel"],
  "channels[].id": [
    "渠道 ID：小写字母、数字和短横线，如 jd",
    "channel id: lowercase letters, digits and dashes, e.g. jd",
  ],
  "channels[].name": ["渠道名称，如 京东", "channel name, e.g. 京东"],
  "channels[].match": [
    "属于该渠道的域名或网址前缀，如 item.jd.com",
    "hostnames or URL prefixes of the channel, e.g. item.jd.com",
  ],
  "channels[].render": [
    "用 Chromium 渲染页面（价格由脚本加载的平台需要）",
    "render pages in Chromium (for platforms whose price is loaded by script)",
  ],
  "channels[].profile": [
    "内置站点规则：jd、tmall、pdd、jd-health、ali-health、generic",
    "built-in site profile: jd, tmall, pdd, jd-health, ali-health, generic",
  ],
  "channels[].extract": [
    "自定义 CSS 提取规则（独立网站用）",
    "own CSS extraction profile (for independent sites)",
  ],
  "channels[].extract.*": [
    "该字段的 CSS 选择器，或 {selector, attr, pattern}",
    "the field's CSS selector, or {selector, attr, pattern}",
  ],
  ...Object.fromEntries(Object.entries(SELECTOR).map(([k, v]) => [`channels[].extract.*.${k}`, v])),
  "channels[].sources": [
    "在内置规则之外增加或替换的数据来源（页面内嵌数据、抓取到的接口响应、搜索结果行）",
    "data sources over the built-in profile's (inline state, captured responses, search rows)",
  ],
  "channels[].sources[]": ["一个数据来源", "a data source"],
  "channels[].sources[].id": [
    "来源 ID；与内置来源同名则替换它",
    "source id; the same id as a built-in source replaces it",
  ],
  "channels[].sources[].from": [
    "数据从哪里来：页面内嵌状态或接口响应",
    "where the data comes from: inline page state or a captured response",
  ],
  "channels[].sources[].name": ["页面内嵌变量名", "name of the inline state variable"],
  "channels[].sources[].url": ["接口响应的网址特征", "what the response's URL contains"],
  "channels[].sources[].kind": ["商品页（item）或搜索结果（search）", "item page or search rows"],
  "channels[].sources[].rows": ["搜索结果行所在的路径", "where the search rows are"],
  "channels[].sources[].idFromUrl": [
    "从网址中取商品 ID 的正则表达式",
    "regular expression taking the item id from a URL",
  ],
  "channels[].sources[].itemUrl": [
    "由商品 ID 拼出商品页网址的模板",
    "template building an item URL from its id",
  ],
  "channels[].sources[].fields": ["各字段的取值方法", "how each field is read"],
  "channels[].sources[].fields.*": ["该字段的取值方法", "how this field is read"],
  ...Object.fromEntries(Object.entries(FIELD).map(([k, v]) => [`channels[].sources[].fields.*.${k}`, v])),
  "channels[].sources[].blocks": [
    "识别被拦截、需登录等响应的规则",
    "rules recognizing blocked or login answers",
  ],
  "channels[].sources[].blocks[]": ["一条拦截识别规则", "one block rule"],
  "channels[].sources[].blocks[].status": ["HTTP 状态码", "HTTP status"],
  "channels[].sources[].blocks[].header": ["响应头特征", "response header to match"],
  "channels[].sources[].blocks[].path": ["JSON 中的路径", "path in the JSON"],
  "channels[].sources[].blocks[].pattern": ["匹配的正则表达式", "regular expression to match"],
  "channels[].sources[].blocks[].emptyBody": ["响应体为空时成立", "matches an empty body"],
  "channels[].sources[].blocks[].outcome": [
    "判定结果：blocked、login_required 等",
    "the outcome: blocked, login_required, …",
  ],
  "channels[].sources[].blocks[].reason": ["写进记录的原因", "the reason recorded"],
  "channels[].session": [
    "使用品牌自有账号的浏览器会话（平台只对已登录的买家显示价格）；需要 render: true",
    "browse with the brand's own signed-in sessions (platforms show prices only to signed-in shoppers); needs render: true",
  ],
  "channels[].session.use": [
    "required：没有会话就不抓；optional：有会话才用",
    "required: never browse signed out; optional: use one when there is one",
  ],
  "channels[].session.requestsPerMinute": [
    "每个会话每分钟最多打开的页面数，默认 6（京东约 11 次/分钟后出现风控页）",
    "page loads per session per minute, default 6 (JD showed a risk page after ~11 a minute)",
  ],
  "channels[].session.jitter": [
    "页面间隔随机浮动的比例（0–0.9），默认 0.3",
    "± this fraction of the interval between page loads (0–0.9), default 0.3",
  ],
  "channels[].session.area": [
    "收货地区（京东地区码如 19_1607_4773_62123，或城市），随每条观测记录",
    "delivery area (JD area code such as 19_1607_4773_62123, or a city), recorded with every observation",
  ],
  products: ["要监测的商品", "the products to monitor"],
  "products[]": ["一个商品（SKU）", "a product (SKU)"],
  "products[].sku": ["SKU 编码，如 GLU-50", "SKU code, e.g. GLU-50"],
  "products[].name": ["商品名称", "product name"],
  "products[].match": ["如何认出这个商品的链接", "how a listing is recognized as this product"],
  "products[].match.keywords": [
    "关键词组：标题包含某一组的全部词即匹配，如 [[安可, 血糖试纸]]",
    "keyword groups: a title containing every word of one group matches, e.g. [[安可, 血糖试纸]]",
  ],
  "products[].match.ids": [
    "能确定商品的编号：GTIN、国械注准/国药准字号、型号",
    "identifiers that pin a listing to this SKU: GTIN, 国械注准/国药准字 numbers, model numbers",
  ],
  "products[].match.packSize": [
    "每盒数量；链接写了别的包装数量时按每盒折算价格",
    "units per pack; a listing stating another pack size is priced per pack",
  ],
  "products[].msrp": ["建议零售价（元）", "recommended retail price (yuan)"],
  "products[].minPrice": [
    "每盒最低价（元，最多两位小数）",
    "minimum price per pack (yuan, at most two decimals)",
  ],
  "products[].maxPrice": [
    "每盒最高价（元，最多两位小数）",
    "maximum price per pack (yuan, at most two decimals)",
  ],
  "products[].category": [
    "监管类别：rx-drug 处方药、otc-drug 非处方药、device 医疗器械、other 其他",
    "regulatory class: rx-drug, otc-drug, device, other",
  ],
  "products[].onlineSaleProhibited": [
    "在药品网络销售禁止清单上：任何网上链接都告警",
    "on the list of drugs that may not be sold online: any online listing is a finding",
  ],
  distributors: ["授权经销商", "authorized distributors"],
  "distributors[]": ["一个授权经销商", "an authorized distributor"],
  "distributors[].id": [
    "经销商 ID：小写字母、数字和短横线",
    "distributor id: lowercase letters, digits and dashes",
  ],
  "distributors[].name": ["经销商名称", "distributor name"],
  "distributors[].regions": [
    "授权销售区域（省份或城市）；区域外发货即窜货",
    "regions it may sell into (provinces or cities); shipping from elsewhere is out of region",
  ],
  "distributors[].sellers": ["经销商在各渠道的店铺", "its shops on each channel"],
  "distributors[].sellers[]": ["一个店铺", "a shop"],
  "distributors[].sellers[].channel": ["店铺所在渠道的 ID", "id of the shop's channel"],
  "distributors[].sellers[].name": ["店铺名称（与页面上一致）", "shop name (as the page shows it)"],
  "distributors[].sellers[].id": [
    "店铺在该渠道的 ID（比名称更可靠）",
    "shop id on the channel (more reliable than the name)",
  ],
  officialSellers: ["品牌官方店铺（旗舰店、自营店）", "the brand's official stores"],
  "officialSellers[]": ["一个官方店铺", "an official store"],
  "officialSellers[].channel": ["店铺所在渠道的 ID", "id of the shop's channel"],
  "officialSellers[].name": ["店铺名称（与页面上一致）", "shop name (as the page shows it)"],
  "officialSellers[].id": ["店铺在该渠道的 ID", "shop id on the channel"],
  rules: [
    "控价与合规规则；只有写出的规则才会运行",
    "price and compliance rules; a rule runs only when its key is present",
  ],
  "rules.*.severity": [
    "该规则告警的级别：high、medium、low",
    "severity of this rule's alerts: high, medium, low",
  ],
  "rules.minPrice": ["最低价规则（破价）", "minimum price rule"],
  "rules.minPrice.basis": [
    "effective：按到手价（扣除优惠券、满减）；listed：按标价",
    "effective: the price after coupons and discounts; listed: the listed price",
  ],
  "rules.minPrice.tolerance": [
    '容差，是一个比例：0.02 或 "2%" 表示低于最低价 2% 以内不告警',
    'tolerance as a fraction: 0.02 or "2%" means up to 2 % below the floor raises nothing',
  ],
  "rules.maxPrice": ["最高价规则", "maximum price rule"],
  "rules.maxPrice.tolerance": ['容差，是一个比例：0.02 或 "2%"', 'tolerance as a fraction: 0.02 or "2%"'],
  "rules.authorizedSeller": ["未授权店铺规则", "unauthorized seller rule"],
  "rules.authorizedSeller.outlierPercent": [
    "未授权店铺比授权店铺价格中位数低这么多（%）时，提示可能是假货并升为高级别",
    "an unauthorized seller this far (%) below the authorized median is a counterfeit signal, raised as high",
  ],
  "rules.listingCompliance": [
    "链接合规规则（处方药、禁售药品等）",
    "listing compliance rule (Rx drugs, drugs banned online)",
  ],
  "rules.region": ["跨区销售（窜货）规则", "out-of-region (cross-territory) rule"],
  "rules.priceDrop": ["价格骤降规则", "price drop rule"],
  "rules.priceDrop.percent": [
    "在时间窗内下降超过这个百分比即告警",
    "a drop of more than this percentage within the window",
  ],
  "rules.priceDrop.window": ["时间窗，如 12h、7d、2w", "window, e.g. 12h, 7d, 2w"],
  "rules.overrides": ["按 SKU×渠道覆盖最低价/最高价", "per SKU × channel price overrides"],
  "rules.overrides[]": ["一条覆盖", "one override"],
  "rules.overrides[].sku": ["SKU 编码", "SKU code"],
  "rules.overrides[].channel": ["渠道 ID", "channel id"],
  "rules.overrides[].minPrice": ["该渠道的每盒最低价（元）", "minimum price per pack on this channel (yuan)"],
  "rules.overrides[].maxPrice": ["该渠道的每盒最高价（元）", "maximum price per pack on this channel (yuan)"],
  watch: [
    "监测入口：商品链接 {url, channel, sku?}，或发现规则 {discover: {...}}",
    "what to check: a product URL {url, channel, sku?} or a discovery {discover: {...}}",
  ],
  "watch[]": [
    "一条监测入口：{url, channel} 或 {discover: {channel, start, links}}",
    "one watch entry: {url, channel} or {discover: {channel, start, links}}",
  ],
  "watch[].url": ["商品页网址", "product page URL"],
  "watch[].channel": ["渠道 ID", "channel id"],
  "watch[].sku": [
    "该链接对应的 SKU（不填则按关键词匹配）",
    "the SKU this page is (unset: matched by keywords)",
  ],
  "watch[].discover": [
    "从列表页或搜索页发现商品链接",
    "discover product links from a listing or search page",
  ],
  "watch[].discover.channel": ["渠道 ID", "channel id"],
  "watch[].discover.start": ["起始列表页或搜索页网址", "URL of the first listing or search page"],
  "watch[].discover.links": [
    "商品链接的 CSS 选择器，如 a.product-link",
    "CSS selector of product links, e.g. a.product-link",
  ],
  "watch[].discover.next": ["下一页链接的 CSS 选择器", "CSS selector of the next-page link"],
  "watch[].discover.maxPages": ["最多翻几页（1–500），默认 5", "at most this many pages (1–500), default 5"],
  "watch[].discover.sku": ["发现的链接都对应这个 SKU", "every link found is this SKU"],
  network: ["抓取的网络设置", "network settings of the crawl"],
  "network.allowPrivateAddresses": [
    "允许访问本机和内网地址（还需运维设置 PRICEWARDEN_ALLOW_PRIVATE_ADDRESSES=1）",
    "allow loopback and private addresses (the operator must also set PRICEWARDEN_ALLOW_PRIVATE_ADDRESSES=1)",
  ],
  "network.perHostConcurrency": ["每个站点同时请求数，默认 2", "concurrent requests per host, default 2"],
  "network.delayMs": [
    "同一站点两次请求的间隔（毫秒），默认 500",
    "delay between requests to one host (ms), default 500",
  ],
  "network.timeoutMs": ["单个请求超时（毫秒），默认 20000", "timeout of one request (ms), default 20000"],
  "network.maxBytes": ["单个页面最大字节数", "largest page read (bytes)"],
  "network.maxRedirects": ["最多跟随几次跳转", "redirects followed at most"],
  "network.retries": ["失败重试次数", "retries of a failed request"],
  "network.respectRobots": ["遵守 robots.txt", "obey robots.txt"],
  "network.userAgent": ["请求时使用的 User-Agent", "User-Agent sent"],
  "network.concurrency": ["总并发请求数", "concurrent requests in all"],
  schedule: [
    "执行计划（EventBridge Scheduler 语法）：rate(6 hours) 或 cron(0 9 * * ? *)，按租户时区",
    "schedule (EventBridge Scheduler syntax): rate(6 hours) or cron(0 9 * * ? *), in the tenant's time zone",
  ],
  coverageAlertBelow: [
    "覆盖率下限（0–1，默认 0.5）：某渠道有价格的页面比例低于它即视为看不到，发出覆盖率告警，run --once 退出码 4",
    "coverage floor (0..1, default 0.5): a channel pricing a smaller share of its pages is blind: a coverage_drop alert, and run --once exits 4",
  ],
  notify: [
    "通知对象：console、webhook、wecom 企业微信、dingtalk 钉钉、feishu 飞书、slack、email",
    "where alerts are sent: console, webhook, wecom, dingtalk, feishu, slack, email",
  ],
  "notify[]": ["一个通知对象，由 type 决定其余字段", "one notify target; its type decides the other keys"],
  "notify[].type": [
    "类型：console、webhook、wecom、dingtalk、feishu、slack、email",
    "type: console, webhook, wecom, dingtalk, feishu, slack, email",
  ],
  "notify[].id": [
    "通知对象 ID（同一地址发多次时区分）",
    "target id (tells apart two targets sending to the same place)",
  ],
  "notify[].minSeverity": [
    "只发送不低于该级别的告警：high、medium、low",
    "send alerts of at least this severity: high, medium, low",
  ],
  "notify[].locale": [
    "该对象收到的消息语言：zh-CN 或 en；不填跟随租户",
    "language of this target's messages: zh-CN or en; unset: the tenant's",
  ],
  "notify[].mode": [
    "each：每条告警一条消息；digest：每轮汇总一条",
    "each: one message per alert; digest: one per cycle",
  ],
  "notify[].digestTop": [
    "汇总中列出名称的告警条数（1–50），其余只计数；默认 10",
    "alerts a digest names (1–50), the rest counted; default 10",
  ],
  "notify[].quietHours": [
    "免打扰时段（租户时区）：期间的消息暂存，结束后发送",
    "quiet hours (tenant's time zone): messages are held and sent when they end",
  ],
  "notify[].quietHours.from": ['开始时间，如 "22:00"', 'start, e.g. "22:00"'],
  "notify[].quietHours.to": ['结束时间，如 "08:00"', 'end, e.g. "08:00"'],
  "notify[].url": [
    "接收地址（http/https）；机器人地址含密钥，可写 env:变量名",
    "where to send (http/https); a robot URL carries its key, so env:NAME works too",
  ],
  "notify[].secret": [
    "签名密钥，写作 env:变量名（钉钉加签、飞书签名校验、Webhook HMAC）",
    "signing secret as env:NAME (DingTalk 加签, Feishu 签名校验, webhook HMAC)",
  ],
  "notify[].to": ["收件人邮箱", "recipient addresses"],
  "notify[].from": ["发件人：邮箱，或 名称 <邮箱>", "sender: an address, or Name <address>"],
  "notify[].smtp": ["SMTP 服务器", "the SMTP server"],
  "notify[].smtp.host": [
    "主机名或 IP（不含协议、路径、端口）",
    "host name or IP address (no scheme, path or port)",
  ],
  "notify[].smtp.port": ["端口，默认 587", "port, default 587"],
  "notify[].smtp.secure": [
    "直接 TLS（465 端口）；否则用 STARTTLS",
    "implicit TLS (port 465); otherwise STARTTLS",
  ],
  "notify[].smtp.user": ["用户名，写作 env:变量名", "user name as env:NAME"],
  "notify[].smtp.password": ["密码，写作 env:变量名", "password as env:NAME"],
  evidence: ["取证设置", "evidence settings"],
  "evidence.screenshot": [
    "取证时截取商品页面（需要 Chromium）：默认 price-and-seller 仅对价格与卖家类告警截图，true 对所有告警截图，false 不截图",
    'screenshot the listing page into the evidence (needs Chromium): "price-and-seller" (default) for price and seller alerts, true for every alert, false for none',
  ],
  dashboardUrl: [
    "看板地址（https://…，不含路径）：通知中的链接指向这里",
    "where the dashboard is reached (https://…, no path): notifications link there",
  ],
  notices: ["维权通知函的发函方", "who signs enforcement notices"],
  "notices.sender": ["权利人全称，如 安可医疗科技有限公司", "the rights holder's legal name"],
  "notices.contact": ["联系方式：邮箱、电话或地址", "where the recipient answers: e-mail, phone or address"],
};

/** The description of the key at a path (`watch[].discover.links`), trying `*` for each segment. */
export function configDescription(path: string, locale: Locale): string | null {
  const both = lookup(path);
  return both ? both[locale === "zh-CN" ? 0 : 1] : null;
}

function lookup(path: string): Both | undefined {
  const exact = CONFIG_DESCRIPTIONS[path];
  if (exact) return exact;
  const parts = path.split(".");
  for (let i = parts.length - 1; i >= 0; i--) {
    const tried = [...parts];
    tried[i] = tried[i]!.endsWith("[]") ? "*[]" : "*";
    const found = CONFIG_DESCRIPTIONS[tried.join(".")];
    if (found) return found;
  }
  return undefined;
}

export type ConfigTextFor = ReturnType<typeof messages>;

/** Validation messages. `expected` is a description from above, already in the reader's language. */
function messages(locale: Locale) {
  const z = locale === "zh-CN";
  const list = (values: readonly unknown[]) =>
    values.map((v) => (typeof v === "string" ? v : JSON.stringify(v))).join(z ? "、" : ", ");
  return {
    missingKey: (key: string, expected: string | null) =>
      z
        ? `缺少键 \`${key}\`${expected ? ` —— 应为：${expected}` : ""}`
        : `missing key \`${key}\`${expected ? ` — expected ${expected}` : ""}`,
    unknownKeys: (keys: readonly string[]) =>
      z
        ? `不认识的键 ${keys.map((k) => `\`${k}\``).join("、")}`
        : `unknown key${keys.length === 1 ? "" : "s"} ${keys.map((k) => `\`${k}\``).join(", ")}`,
    wrongType: (expected: string, got: string, about: string | null) =>
      z
        ? `应为${TYPE_ZH[expected] ?? expected}，实际是${TYPE_ZH[got] ?? got}${about ? `（${about}）` : ""}`
        : `expected ${expected}, got ${got}${about ? ` (${about})` : ""}`,
    tooSmall: (origin: string, bound: string, inclusive: boolean) =>
      origin === "array"
        ? z
          ? `至少需要 ${bound} 项`
          : `needs at least ${bound} item${bound === "1" ? "" : "s"}`
        : origin === "string"
          ? z
            ? "不能为空"
            : "must not be empty"
          : z
            ? `应${inclusive ? "不小于" : "大于"} ${bound}`
            : `expected ${inclusive ? "at least" : "more than"} ${bound}`,
    tooBig: (origin: string, bound: string, inclusive: boolean) =>
      origin === "array"
        ? z
          ? `最多 ${bound} 项`
          : `at most ${bound} items`
        : origin === "string"
          ? z
            ? `最长 ${bound} 个字符`
            : `at most ${bound} characters`
          : z
            ? `应${inclusive ? "不大于" : "小于"} ${bound}`
            : `expected ${inclusive ? "at most" : "less than"} ${bound}`,
    notInteger: z ? "应为整数" : "expected a whole number",
    oneOf: (values: readonly unknown[]) =>
      z ? `应为以下之一：${list(values)}` : `expected one of ${list(values)}`,
    badFormat: (format: string, about: string | null) =>
      z
        ? `格式不对（应为${FORMAT_ZH[format] ?? format}）${about ? `：${about}` : ""}`
        : `${format === "regex" ? "not in the expected form" : `not a valid ${format}`}${about ? `: ${about}` : ""}`,
    noBranch: (labels: readonly string[]) =>
      z ? `应为以下形式之一：${labels.join("、")}` : `expected one of the forms ${labels.join(", ")}`,
    unknownType: (types: readonly string[]) =>
      z ? `type 应为以下之一：${list(types)}` : `type must be one of ${list(types)}`,
    invalid: z ? "不是有效的值" : "not a valid value",
    // Cross-references and consistency (config-references.ts).
    unknownChannel: (value: string, known: readonly string[]) =>
      z
        ? `没有渠道 "${value}"（channels 中有：${list(known)}）`
        : `unknown channel "${value}" (channels: ${list(known)})`,
    unknownSku: (value: string, known: readonly string[]) =>
      z
        ? `没有 SKU "${value}"（products 中有：${list(known)}）`
        : `unknown sku "${value}" (products: ${list(known)})`,
    duplicate: (what: "channel" | "sku" | "distributor", value: string) =>
      z
        ? `重复的${{ channel: "渠道 ID", sku: "SKU", distributor: "经销商 ID" }[what]} "${value}"`
        : `duplicate ${{ channel: "channel id", sku: "sku", distributor: "distributor id" }[what]} "${value}"`,
    duplicateTargetId: (id: string, first: number) =>
      z
        ? `重复的通知对象 ID "${id}"（notify[${first}] 已使用）`
        : `duplicate notify target id "${id}" (also notify[${first}])`,
    sameTarget: (id: string, first: number) =>
      z
        ? `与 notify[${first}] 发往同一地址，两者会共用投递 ID "${id}"：删掉一个，或各自给一个 id`
        : `sends where notify[${first}] sends, so both would share delivery id "${id}": remove one, or give each an id`,
    minAboveMax: z ? "minPrice 高于 maxPrice" : "minPrice is above maxPrice",
    productNeedsMatch: z
      ? "商品需要 keywords 或 ids，或有一条写明其 sku 的监测入口"
      : "a product needs keywords or ids, or a watch entry that names its sku",
    schedule: (problem: ScheduleProblem) => {
      if (!z) return scheduleProblemText(problem);
      switch (problem.kind) {
        case "rate_too_short":
          return `无法按此计划执行：间隔短于 ${problem.minMinutes} 分钟，上一轮来不及跑完，电商平台也会封禁如此频繁的抓取`;
        case "fires_too_often":
          return `无法按此计划执行：触发间隔短于 ${problem.minMinutes} 分钟（${problem.first} 之后紧接 ${problem.second}）`;
        case "unschedulable":
          return `无法按此计划执行：cron 表达式无法排期（${problem.detail}）`;
      }
    },
    envRefused: (name: string) =>
      z
        ? `不允许读取 env:${name}：只能读取以 PRICEWARDEN_ 开头、或由运维在 PRICEWARDEN_ENV_ALLOW 中列出的变量`
        : `env:${name} is not allowed: only variables named PRICEWARDEN_… or listed in PRICEWARDEN_ENV_ALLOW may be read`,
    envUnset: (name: string) =>
      z
        ? `环境变量 ${name} 未设置：发送时会缺少这一项`
        : `environment variable ${name} is not set: sending will lack it`,
    unreadable: (path: string, reason: string) =>
      z ? `无法读取 ${path}：${reason}` : `cannot read ${path}: ${reason}`,
    notYaml: (reason: string) => (z ? `不是有效的 YAML/JSON：${reason}` : reason),
  };
}

const TYPE_ZH: Record<string, string> = {
  string: "文字",
  number: "数字",
  boolean: "true 或 false",
  array: "列表",
  object: "对象（键: 值）",
  null: "空值",
  undefined: "空",
};

const FORMAT_ZH: Record<string, string> = {
  url: "网址",
  email: "邮箱地址",
  regex: "规定格式",
};

/**
 * The schema's own messages (config.ts), in Chinese. English is the key: the schema keeps one
 * readable sentence, and a reader of Chinese gets this one instead.
 */
export const SCHEMA_MESSAGES_ZH: Record<string, string> = {
  "expected lowercase letters, digits and dashes": "应为小写字母、数字和短横线",
  "expected at most two decimals": "最多两位小数",
  "not a valid regular expression": "不是有效的正则表达式",
  "a channel with a session needs render: true": "使用浏览器会话的渠道需要 render: true",
  "expected a duration like 12h, 7d or 2w": "应为时长，如 12h、7d 或 2w",
  "expected env:NAME": "应写作 env:变量名",
  "expected an http:// or https:// URL": "应为 http:// 或 https:// 网址",
  "expected an http(s) URL or env:NAME": "应为 http(s) 网址，或 env:变量名",
  "expected a host name or IP address (no scheme, path or port)":
    "应为主机名或 IP 地址（不含协议、路径或端口）",
  "expected an e-mail address or 'Name <address>'": "应为邮箱地址，或「名称 <邮箱>」",
  'expected a time such as "22:00"': '应为时间，如 "22:00"',
  "give both user and password, or neither": "user 和 password 要么都写，要么都不写",
  "expected EventBridge Scheduler syntax: rate(6 hours) or cron(...)":
    "应为 EventBridge Scheduler 语法：rate(6 hours) 或 cron(...)",
  "expected an IANA time zone such as Asia/Shanghai": "应为 IANA 时区名，如 Asia/Shanghai",
  "expected a three-letter currency code such as CNY": "应为三个大写字母的币种代码，如 CNY",
  'expected a fraction such as 0.02, or a percentage such as "2%"': '应为比例，如 0.02，或百分比，如 "2%"',
  'tolerance is a fraction: 0.02 or "2%" means 2 %, at most 0.5':
    '容差是一个比例：0.02 或 "2%" 表示 2%，最大 0.5',
};

const CATALOGUE: Record<Locale, ConfigTextFor> = { "zh-CN": messages("zh-CN"), en: messages("en") };

export function configText(locale: Locale): ConfigTextFor {
  return CATALOGUE[locale];
}
