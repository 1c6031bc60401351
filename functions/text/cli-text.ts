import type { AlertSeverity, AlertStatus, AlertType } from "../core/alert.js";
import { formatInstant } from "./clock.js";
import { ALERT_TYPE_LABELS, SEVERITY_LABELS, STATUS_LABELS, STOCK_LABELS } from "./labels-text.js";
import type { Locale } from "./locale.js";

/**
 * What the `pricewarden` CLI says to a person, in both languages side by side: help, tables,
 * confirmations, refusals and the `start` console. Machine output (`--json`) never comes from here.
 * Times are shown in the tenant's zone with its label (text/clock.ts).
 */

interface Deliveries {
  delivered: number;
  retrying: number;
  failed: number;
}
interface CycleSummary {
  pages: number;
  listings: number;
  alertsNew: number;
  alertsOpen: number;
  errors: number;
  seconds: number;
  coverage?: number | null | undefined;
}
interface Observation {
  at: string;
  listedPrice: string | null;
  perPackPrice: string | null;
  availability: string | null;
  reason: string;
}
type Verb = "acknowledge" | "resolve" | "dismiss" | "reopen" | "snooze";
type Zone = { timeZone: string };

const pct = (coverage: number | null | undefined) =>
  coverage === null || coverage === undefined ? "-" : `${Math.round(coverage * 100)}%`;
const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? "" : "s"}`;
const yuan = (amount: string | null) => (amount === null ? "-" : `¥${Number(amount).toFixed(2)}`);

function texts(locale: Locale) {
  const types = ALERT_TYPE_LABELS[locale] as Record<string, string>;
  const statuses = STATUS_LABELS[locale] as Record<string, string>;
  const severities = SEVERITY_LABELS[locale] as Record<string, string>;
  const stock = STOCK_LABELS[locale] as Record<string, string>;
  const at = (value: string | Date | null, zone: Zone) =>
    formatInstant(value, { timeZone: zone.timeZone, locale });
  return {
    alertType: (type: AlertType | string) => types[type] ?? type,
    status: (status: AlertStatus | string) => statuses[status] ?? status,
    severity: (severity: AlertSeverity | string) => severities[severity] ?? severity,
    stock: (value: string | null) => (value === null ? "-" : (stock[value] ?? value)),
    at,
  };
}

const zh = (x: ReturnType<typeof texts>) => ({
  locale: "zh-CN" as Locale,
  alertType: x.alertType,
  status: x.status,
  severity: x.severity,
  /** The alert's explanation in this language when the view carries one, else as recorded. */
  explanation: (a: { explanation: string; text?: { explanation: string } }) =>
    a.text?.explanation ?? a.explanation,
  sellerKind: (kind: string | null): string =>
    kind === "official" ? "官方店铺" : kind === "distributor" ? "授权经销商" : "身份未知",
  unknownChannel: (id: string, ids: readonly string[]) => `没有渠道 ${id}；配置中的渠道为：${ids.join("、")}`,
  internalError: (message: string) => `内部错误：${message}（加 --debug 查看调用栈）`,
  help: {
    program: "医药与医疗器械品牌的电商控价与渠道监测",
    lang: "界面语言：zh-CN 或 en（默认跟随租户配置，其次 PRICEWARDEN_LANG，再次中文）",
    debug: "出错时打印调用栈",
    help: "显示帮助",
    helpCommand: "显示某个命令的帮助",
    afterError: "（加 --help 查看用法）",
    dataDir: "本地数据目录",
    config: "租户配置文件（YAML 或 JSON）",
    configForTenant: "租户配置文件（用于确定租户）",
    tenant: "租户 ID",
    json: "以 JSON 输出",
    jsonArray: "以 JSON 数组输出",
    jsonSummary: "最后一行以 JSON 输出本轮汇总",
    jsonImport: "最后一行以 JSON 输出导入汇总",
    validate: "校验租户配置（YAML 或 JSON），一次列出全部问题",
    run: "执行监测轮次（不加 --once 时按配置中的计划循环执行）",
    once: "只执行一轮后退出",
    runExitCodes:
      "--once 的退出码：0 正常；2 输入有误；3 内部错误；4 已执行但看不到（有渠道覆盖率低于 coverageAlertBelow，或什么都没抓到）。",
    alerts: "查看告警，或处理一条告警：alerts ack|resolve|dismiss|reopen|snooze 告警ID --by 姓名",
    status: "按状态筛选：open（待处理与已确认）、all 或某个具体状态",
    alertType: "只看这一类告警（如 below_min_price）",
    alertId: "告警 ID（可只写开头几位，只要唯一）",
    by: "操作人",
    note: "备注（原因、处理情况）",
    until: "暂缓到何时：2026-12-10、2026-12-10 09:00（租户时区）或带时区的时间",
    verb: {
      acknowledge: "确认告警：已看到，正在处理",
      resolve: "标记为已解决：问题已处理；之后若再次发现会重新打开",
      dismiss: "忽略：不是问题；同一店铺同一价格不再提醒",
      reopen: "重新打开告警",
      snooze: "暂缓处理到指定时间，到时自动恢复为待处理",
    } satisfies Record<Verb, string>,
    extract: "从保存的网页或 HAR 抓包中提取商品信息，并说明每个字段取自哪里",
    htmlFile: "HTML 文件",
    harFile: "浏览器开发者工具导出的 HAR 文件",
    pageUrl: "该网页的地址",
    extractChannel: "按该渠道的站点规则读取（需 --config）",
    extractConfig: "租户配置（其渠道决定如何读取每个页面）",
    import: "把 HAR 抓包中的商品作为观测记录：执行规则、生成告警、发送通知、留存证据",
    check: "上架前预检：退出码 0 合规，1 不合规",
    sku: "商品 SKU",
    channel: "渠道 ID",
    price: "计划售价，如 159、¥149、149元、￥1,299.00",
    seller: "店铺名称",
    sellerId: "店铺在该渠道的 ID",
    shipFrom: "发货地",
    title: "商品标题（会从中读取 50片*3盒 这样的包装数量）",
    promotion: "促销文案，如 满199减20",
    review: "提到品牌但未匹配到商品的链接：不告警，等待人工复核",
    notice: "根据告警起草维权通知函：退出码 0 已起草，1 不适用（附原因）",
    noticeConfig: "租户配置（通知函的发函方、商品与店铺）",
    history: "某个 SKU 各链接的价格历史",
    onlyChannel: "只看这个渠道",
    evidence: "导出告警的签名证据包、校验证据包，或列出已公布的签名公钥：evidence export|verify|keys",
    evidenceExport: "把告警的证据（文件、清单、签名、PDF 摘要）写入 zip",
    zipOut: "要写入的 zip 文件",
    capture: "指定某次取证（默认最新一次）",
    awsTable: "从 AWS 读取：DynamoDB 表名（同时需要 --bucket、--kms-key、--tenant）",
    awsBucket: "配合 --table：S3 证据桶",
    awsKmsKey: "配合 --table：签署取证的 KMS 密钥（ID、ARN 或别名）",
    awsRegion: "配合 --table：AWS 区域",
    awsDynamoEndpoint: "配合 --table：用本地 DynamoDB 代替 AWS 的",
    evidenceVerify:
      "在内存中校验导出的证据包：退出码 0 有效且由已公布的密钥签署，1 无效，2 无法读取，4 签名有效但签署者未知",
    evidenceZip: "证据 zip 文件",
    fingerprint: "品牌方公布的密钥指纹；若由其他密钥签署则判为失败",
    kmsKeyTrust: "信任已公布的 KMS 证据密钥（AWS），而不是数据目录中的密钥",
    kmsKeyPublished: "列出 KMS 证据密钥（AWS），而不是数据目录中的密钥",
    regionWithKms: "配合 --kms-key：AWS 区域",
    evidenceKeys: "列出租户公布的证据签名密钥（指纹）",
    demoSite: "在 127.0.0.1 上运行演示商城",
    port: "端口",
    start: "运行本地全套服务：数据库、定时监测；未给配置时同时运行演示商城",
    startConfig: "租户配置（默认：自带的演示配置）",
    dashboardPort: "看板与 API 的端口",
  },
  commander: {
    titles: {
      "Usage:": "用法：",
      "Options:": "选项：",
      "Commands:": "命令：",
      "Arguments:": "参数：",
      "Global Options:": "全局选项：",
    } as Record<string, string>,
    extra: {
      choices: "可选",
      default: "默认",
      env: "环境变量",
      preset: "预设",
      separator: "：",
      comma: "；",
    },
    errors: [
      [/^error: required option '(.+)' not specified/, "错误：缺少必填选项 $1"],
      [/^error: missing required argument '(.+)'/, "错误：缺少参数 $1"],
      [/^error: unknown option '(.+?)'(?:\n\(Did you mean (.+)\?\))?/, "错误：没有选项 $1"],
      [/^error: unknown command '(.+?)'(?:\n\(Did you mean (.+)\?\))?/, "错误：没有命令 $1"],
      [
        /^error: too many arguments(?: for '(.+)')?\. Expected (\d+) arguments? but got (\d+)\./,
        "错误：参数太多，应为 $2 个，实际 $3 个",
      ],
      [
        /^error: option '(.+)' argument '(.+)' is invalid\. Allowed choices are (.+)\./,
        "错误：选项 $1 的值 $2 无效，可选：$3",
      ],
      [/^error: option '(.+)' argument missing/, "错误：选项 $1 缺少值"],
    ] as ReadonlyArray<readonly [RegExp, string]>,
  },
  session: {
    group: "品牌自有电商账号的浏览器会话：session import|list|check|remove|login",
    import: "把 Playwright 的登录状态 JSON（context.storageState()）存为某渠道的会话",
    stateFile: "从已登录的浏览器导出的登录状态 JSON",
    channelOfAccount: "账号所属渠道",
    label: "会话名称（如 京东 采购账号 2）",
    area: "浏览时的收货地区（京东地区码或城市）",
    list: "列出已存的会话（从不显示 Cookie）",
    onlyChannel: "只看这个渠道的",
    check: "用该渠道的每个会话渲染一个页面，记录其健康状况",
    channelToCheck: "要检查其会话的渠道",
    checkUrl: "用于检查的页面（默认：该渠道第一个监测链接）",
    remove: "删除一个已存的会话",
    sessionId: "会话 ID（见 session list）",
    itsChannel: "它所属的渠道",
    login: "打开一个可见的 Chromium 手动登录，然后保存会话（需要显示器）",
    channelToSignIn: "要登录的渠道",
    loginUrl: "要打开的页面（默认：该渠道的登录页）",
    table: "AWS 部署的表（堆栈输出 TableName），代替 --data-dir；需要 --kms-key",
    kmsKey: "配合 --table：会话 KMS 密钥（堆栈输出 SessionKeyArn，或 alias/pricewarden-sessions-ENV）",
    region: "配合 --table：AWS 区域",
    dynamodbEndpoint: "配合 --table：用本地 DynamoDB 代替 AWS 的",
    noCookieForChannel: (total: number, channel: string, hosts: readonly string[]) =>
      `pricewarden：提醒：${total} 个 Cookie 中没有一个会发往 ${channel} 的域名（${hosts.join("、")}）；渠道选对了吗？`,
    imported: (
      id: string,
      channel: string,
      label: string,
      cookies: number,
      forChannel: number,
      origins: number,
      expires: string | null,
      zone: Zone,
    ) =>
      `会话 ${id} 已导入到渠道 ${channel}（${label}）：${cookies} 个 Cookie（其中 ${forChannel} 个属于 ${channel}），${origins} 个来源的本地存储；最早的 Cookie 过期时间 ${expires ? zhTexts.at(expires, zone) : "未注明"}`,
    deleteFile: (file: string) => `pricewarden：${file} 里仍是明文的登录状态：请删除它。`,
    stored: (
      id: string,
      channel: string,
      label: string,
      cookies: number,
      expires: string | null,
      zone: Zone,
    ) =>
      `会话 ${id} 已保存到渠道 ${channel}（${label}）：${cookies} 个 Cookie；最早的 Cookie 过期时间 ${expires ? zhTexts.at(expires, zone) : "未注明"}`,
    noWatchedUrl: (channel: string) => `渠道 ${channel} 没有可用于检查的监测链接：请用 --url 指定`,
    noSessions: (channel: string) =>
      `渠道 ${channel} 没有会话：pricewarden session import --channel ${channel} 文件`,
    health: (health: string) =>
      ({ healthy: "正常", session_expired: "会话失效", blocked: "被拦截", unknown: "未知" })[health] ??
      health,
    noSession: (id: string, channel: string) => `渠道 ${channel} 上没有会话 ${id}（见 session list）`,
    removed: (id: string, channel: string) => `会话 ${id} 已从渠道 ${channel} 删除`,
    badUrl: (url: string) => `--url ${url} 不是 http(s) 地址`,
    unknownChannel: (id: string, ids: readonly string[]) =>
      `没有渠道 ${id}；配置中的渠道为：${ids.join("、")}`,
    awsOnly: "--kms-key 和 --dynamodb-endpoint 只能与 --table（AWS 上的会话）一起使用",
    awsNeedsKey:
      "AWS 上的会话（--table）还需要 --kms-key（堆栈输出 SessionKeyArn，或 alias/pricewarden-sessions-ENV）",
    noSessionsTable: "没有会话。",
    columns: ["ID", "渠道", "名称", "状况", "原因", "最近使用", "过期", "地区"],
    signInFallback: "请在有浏览器的电脑上登录、导出登录状态，再用 `pricewarden session import` 导入",
    noDisplay: "没有可显示浏览器的屏幕（未设置 DISPLAY）",
    couldNotOpen: (url: string, reason: string) => `pricewarden：无法打开 ${url}（${reason}）；请手动打开`,
    pressEnter: "请在浏览器窗口中登录，然后在这里按回车（Ctrl-C 放弃）。",
    closedEarly: "按回车之前浏览器已关闭（或输入已结束）；未保存任何内容",
    noCookies: "浏览器里没有 Cookie：没有人登录；未保存任何内容",
    tooLarge: (file: string, size: number, max: number) =>
      `${file} 有 ${size} 字节；登录状态文件远小于此（最多 ${max}）`,
    unreadable: (file: string, reason: string) => `无法读取 ${file}：${reason}`,
    notJson: (file: string) =>
      `${file} 不是 JSON；Playwright 的登录状态是 context.storageState({ path }) 写出的 JSON`,
    notState: (file: string) => `pricewarden：${file} 不是 Playwright 登录状态：`,
  },
  config: {
    invalid: (path: string, n: number) => `${path}：配置有误（共 ${n} 处问题）`,
    warning: (path: string, message: string) => `提醒：${path}：${message}`,
    valid: (path: string, tenant: string, channels: number, products: number, watch: number) =>
      `${path}：配置有效 —— 租户 ${tenant}，${channels} 个渠道，${products} 个商品，${watch} 条监测入口`,
  },
  tenant: {
    none: (dir: string) => `${dir} 中还没有租户运行过；请加 --config 或 --tenant`,
    several: (dir: string, known: readonly string[]) =>
      `${dir} 中有多个租户（${known.join("、")}）；请加 --tenant`,
    help: {
      group: "租户管理，无需重启或重新部署即可生效：tenant apply|list|pause|resume",
      apply: "校验租户配置并登记（有改动时存为新的配置版本），按其计划开始监测",
      list: "列出已登记的租户：状态、配置版本、计划与下一轮时间",
      pause: "暂停租户的定时监测（数据与配置都保留）",
      resume: "恢复租户的定时监测",
      tenantId: "租户 ID",
      table: "在 AWS 上操作：DynamoDB 表名（同时更新该租户在 EventBridge Scheduler 中的计划）",
      region: "配合 --table：AWS 区域",
    },
    applied: (tenant: string, version: string, published: boolean) =>
      published
        ? `租户 ${tenant} 已登记配置版本 ${version}`
        : `租户 ${tenant} 的配置没有改动，仍为配置版本 ${version}`,
    newerStands: (tenant: string, version: string) =>
      `租户 ${tenant} 已有更新的配置版本 ${version}（另一次登记在此之后完成），以它为准`,
    pausedStays: (tenant: string) =>
      `租户 ${tenant} 处于暂停状态，登记新配置不会恢复监测；需要时执行 pricewarden tenant resume ${tenant}`,
    next: (next: Date, schedule: string, zone: Zone) =>
      `下一轮：${zhTexts.at(next, zone)}（计划 ${schedule}）`,
    runningStart: "正在运行的 pricewarden start 会在几秒内自动生效，无需重启",
    noStart: "下次运行 pricewarden start 时生效",
    awsSynced: "EventBridge Scheduler 中的计划已同步",
    paused: (tenant: string, changed: boolean) =>
      changed ? `租户 ${tenant} 已暂停监测` : `租户 ${tenant} 本来就处于暂停状态，未做改动`,
    resumed: (tenant: string, changed: boolean) =>
      changed ? `租户 ${tenant} 已恢复监测` : `租户 ${tenant} 本来就在监测中，未做改动`,
    unknown: (tenant: string, known: readonly string[]) =>
      known.length > 0
        ? `没有已登记的租户 ${tenant}；已登记的租户：${known.join("、")}`
        : `没有已登记的租户 ${tenant}；请先用 pricewarden tenant apply --config 配置文件 登记`,
    empty: "还没有已登记的租户；用 pricewarden tenant apply --config 配置文件 登记",
    head: { tenant: "租户", state: "状态", version: "配置版本", schedule: "计划", next: "下一轮" },
    state: (state: string) => (state === "active" ? "监测中" : state === "paused" ? "已暂停" : state),
    awsNeedsEnv: (names: readonly string[]) =>
      `在 AWS 上操作（--table）还需要环境变量 ${names.join("、")}：取自部署输出 TenantSchedulerEnvironment`,
    notWithTable: "--data-dir 不能与 --table（在 AWS 上操作）一起使用",
    regionOnlyWithTable: "--region 只能与 --table（在 AWS 上操作）一起使用",
    conflict: (tenant: string) => `租户 ${tenant} 正被他人同时修改，请稍后重试`,
    supervisor: {
      started: (tenant: string, version: string, schedule: string) =>
        `开始监测租户 ${tenant}（配置版本 ${version}，计划 ${schedule}）`,
      stoppedPaused: (tenant: string) => `租户 ${tenant} 已暂停，停止监测`,
      stoppedChanged: (tenant: string, version: string) =>
        `租户 ${tenant} 的配置或计划已变更，停止按配置版本 ${version} 监测，改用新配置`,
      stoppedUnregistered: (tenant: string) => `租户 ${tenant} 已不在登记中，停止监测`,
      configMissing: (tenant: string, version: string) =>
        `找不到租户 ${tenant} 的配置版本 ${version}，暂不监测；请重新执行 pricewarden tenant apply`,
      configUnreadable: (tenant: string, message: string) =>
        `读取租户 ${tenant} 的配置失败（会自动重试）：${message}`,
      registryUnreadable: (message: string) => `读取租户登记失败（会自动重试）：${message}`,
      startPaused: (tenant: string) =>
        `租户 ${tenant} 处于暂停状态，不会监测；需要时执行 pricewarden tenant resume ${tenant}`,
    },
  },
  input: {
    unreadable: (file: string, reason: string) => `无法读取 ${file}：${reason}`,
    tooLarge: (file: string, max: number) => `${file} 超过 ${max} 字节`,
    badPort: (text: string) => `端口无效：${text}（应为 0–65535 的整数）`,
  },
  alertId: {
    notAnId: (given: string) => `不是告警 ID：${given}（应为至少 4 位十六进制字符，可只写开头几位）`,
    unknown: (given: string, tenant: string) =>
      `租户 ${tenant} 下没有告警 ${given}（用 pricewarden alerts --status all 查看全部）`,
    ambiguous: (given: string, candidates: readonly string[], total: number) =>
      `告警 ID ${given} 不唯一，有 ${total} 条告警以它开头：${candidates.join("、")}${total > candidates.length ? " 等" : ""}；请多写几位`,
  },
  alerts: {
    badType: (type: string, options: readonly string[]) =>
      `没有告警类型 ${type}；可选：${options.join("、")}`,
    badUntil: (text: string) =>
      `--until ${text} 不是可识别的时间；例如 2026-12-10 或 2026-12-10 09:00（租户时区）`,
    invalid: (id: string, status: string, verb: Verb, problem: string, valid: readonly string[]) =>
      problem === "until_not_after_now"
        ? `告警 ${id}：暂缓时间必须晚于现在`
        : `告警 ${id} 当前为「${zhTexts.status(status)}」，不能${VERB_ZH[verb]}；现在可以：${valid.map((v) => VERB_ZH[v as Verb] ?? v).join("、") || "无"}`,
    unchanged: (id: string, status: string) => `告警 ${id} 已经是「${zhTexts.status(status)}」，未做改动`,
    changed: (id: string, status: string, by: string, snoozedUntil: string | null, zone: Zone) =>
      `告警 ${id} 已改为「${zhTexts.status(status)}」（操作人：${by}）${snoozedUntil ? `，暂缓至 ${zhTexts.at(snoozedUntil, zone)}` : ""}`,
  },
  run: {
    deliveries: (d: Deliveries) => `通知：已送达 ${d.delivered}，重试中 ${d.retrying}，失败 ${d.failed}`,
    summary: (s: CycleSummary) =>
      `${s.pages} 个页面，${s.listings} 条商品链接，新增告警 ${s.alertsNew} 条，待处理 ${s.alertsOpen} 条，出错 ${s.errors} 个，覆盖率 ${pct(s.coverage)}，用时 ${s.seconds.toFixed(1)} 秒`,
  },
  extract: {
    nothingGiven: "请给出一个 HTML 文件，或用 --har 指定 HAR 文件",
    channelNeedsConfig: "--channel 需要同时给出 --config",
  },
  importHar: {
    unmatched: (config: string, url: string) => `未记录：${config} 中没有渠道匹配 ${url}`,
    summary: (pages: number, listings: number, alertsNew: number, har: string) =>
      `${pages} 个页面，${listings} 条商品链接，新增告警 ${alertsNew} 条，来自 HAR ${har}…`,
  },
  check: {
    badPrice: (text: string, kind: string, currency: string) =>
      kind === "other_currency"
        ? `--price ${text} 的币种不是租户的 ${currency}`
        : `--price ${text} 读不出价格；可写 159、158.50、¥149、149元、￥1,299.00`,
    unknownSku: (sku: string, skus: readonly string[]) =>
      `没有商品 ${sku}；配置中的 SKU 为：${skus.join("、")}`,
    compliant: "合规",
    notCompliant: "不合规",
    price: (explanation: string) => `价格：${explanation}`,
    monitoringOnly: "品牌方仅作为监测信息记录，对店铺不提任何要求。",
  },
  review: { nothing: "没有待复核的链接" },
  notice: {
    draft: (recipient: string, subject: string, text: string) =>
      `收件方：${recipient}\n主题：${subject}\n\n${text}`,
    none: (id: string, reason: string) => `pricewarden：告警 ${id} 不适用维权通知函：${reason}`,
  },
  history: {
    none: (sku: string) => `没有 ${sku} 的链接记录`,
    observation: (o: Observation, timeZone: string) =>
      `${zhTexts.at(o.at, { timeZone })}  标价 ${yuan(o.listedPrice)}  每盒 ${yuan(o.perPackPrice)}  ${zhTexts.stock(o.availability)}  ${o.reason}`,
  },
  evidence: {
    noKeys: (dir: string) => `${dir} 中没有证据签名密钥：这里从未取证`,
    keyStatus: (status: string): string =>
      status === "current" ? "当前使用" : status === "retired" ? "已停用" : status,
    badFingerprint: (fp: string) => `--fingerprint ${fp} 不是 SHA-256 指纹`,
    badCaptureId: (id: string) => `--capture ${id} 不是取证 ID`,
    kmsKeyName: (id: string) => `KMS 密钥 ${id}`,
    localKeyName: "本数据目录的密钥",
    noSigningKey: (file: string, dir: string) => `${dir} 中没有 ${file}：这里从未取证`,
    verify: {
      failed: (file: string) => `${file}：校验未通过`,
      embeddedKey: (fp: string) => `包内密钥：${fp}`,
      verified: (file: string) => `${file}：校验通过`,
      signerUnknown: (file: string) => `${file}：签名有效，但签署者未知`,
      alert: (id: string, type: string, tenant: string) =>
        `  告警      ${id}（${zhTexts.alertType(type)}），租户 ${tenant}`,
      capture: (id: string, at: string) =>
        `  取证      ${id}，时间 ${zhTexts.at(at, { timeZone: "Asia/Shanghai" })}`,
      page: (url: string, status: number) => `  页面      ${url}（HTTP ${status}）`,
      screenshot: (reason: string | null) => `  截图      ${reason === null ? "已截取" : `无 —— ${reason}`}`,
      entries: (n: number) => `  文件      共 ${n} 个，大小与 SHA-256 一致；两个签名均有效`,
      signedBy: (fp: string) => `  签署密钥  Ed25519 ${fp}`,
      matchesExpected: "  该密钥与给定的指纹一致",
      published: "  该密钥是租户公布的密钥之一（pricewarden evidence keys）",
      notPublished: (noneFound: boolean) =>
        `  ✗ 该密钥不是租户公布的密钥${noneFound ? "（未找到任何已公布的密钥）" : ""}：任何人都可以用自己的密钥签署证据包。请与品牌方公布的指纹核对，或用 --fingerprint 指定。`,
    },
    export: {
      noEvidence: (id: string) => `告警 ${id} 没有取证记录`,
      noCapture: (id: string, capture: string, available: readonly string[]) =>
        `告警 ${id} 没有取证 ${capture}；可用的取证：${available.join("、")}`,
      keyMismatch: (captureFp: string, keyName: string, signerFp: string) =>
        `pricewarden：该取证由 ${captureFp} 签署，但${keyName}是 ${signerFp}；拒绝导出`,
      corrupt: (capture: string, id: string) => `pricewarden：告警 ${id} 的已存证据 ${capture} 校验不通过：`,
      wrote: (file: string, bytes: number, id: string, capture: string, capturedAt: string) =>
        `已写入 ${file}（${bytes} 字节）：告警 ${id}，取证 ${capture}，取证时间 ${zhTexts.at(capturedAt, { timeZone: "Asia/Shanghai" })}`,
      signedBy: (fp: string) => `签署密钥：Ed25519 ${fp}`,
      awsOnly: (flags: readonly string[]) => `${flags.join("、")} 只能与 --table（从 AWS 导出）一起使用`,
      awsNeeds: (flags: readonly string[]) => `从 AWS 导出（--table）还需要 ${flags.join("、")}`,
      notWithTable: "--data-dir 和 --config 不能与 --table（从 AWS 导出）一起使用",
      badEndpoint: (url: string) => `--dynamodb-endpoint ${url} 不是 http(s) 地址`,
    },
  },
  start: {
    demoSiteOnly: (url: string) => `演示商城运行在 ${url}（Ctrl-C 停止）`,
    demoSite: (url: string, config: string) => `演示商城运行在 ${url}；用 ${config} 监测它`,
    walledSite: (url: string) =>
      `需登录的演示商城（仿京东）运行在 ${url}；可在 ${url}/login 手动登录（密码 demo）`,
    demoSession: (id: string, channel: string) =>
      `渠道 ${channel} 的浏览器会话 ${id}（演示账号已自动登录；导入你自己的：pricewarden session import --channel ${channel} 文件）`,
    portInUse: (port: string) =>
      `端口 ${port} 已被占用（是否已有一个 pricewarden start 在运行？）：请先停止它，或用 --port 换一个空闲端口`,
    portPrivileged: (port: string) => `端口 ${port} 需要管理员权限：请用 --port 指定 1023 以上的端口`,
    dashboard: (url: string) => `看板与 API：${url}（仅本机访问，无需登录）`,
    dataIn: (abs: string, dir: string) =>
      `数据保存在 ${abs}；查看告警：npx pricewarden alerts --data-dir ${dir}`,
    stopping: "[pricewarden] 正在停止…",
  },
  table: {
    noAlerts: "没有告警。",
    monitoringOnly: "[仅监测]",
    state: (status: string, occurrences: number) => `${status}，出现 ${occurrences} 次`,
    id: (id: string) => `ID ${id}`,
  },
  coverage: {
    head: {
      channel: "渠道",
      targets: "目标",
      priced: "有价",
      blocked: "被拦截",
      login: "需登录",
      rateLimited: "被限流",
      noPrice: "无价格",
      errors: "出错",
      gone: "已下架",
      coverage: "覆盖率",
      topReason: "主要原因",
    },
    noChannels: "没有渠道。",
    example: (url: string) => `例如 ${url}`,
    blindChannel: (id: string, diagnosis: string) => `渠道 ${id}：看不到 —— ${diagnosis}`,
    blindRun: (pages: number) => `本轮：看不到 —— 什么都没抓到（尝试了 ${pages} 个页面）`,
  },
  loop: {
    started: (tenant: string) => `租户 ${tenant} 的监测轮次开始`,
    done: (s: CycleSummary, d: Deliveries) =>
      `本轮完成，用时 ${s.seconds.toFixed(1)} 秒：${s.pages} 个页面，${s.listings} 条商品链接，新增告警 ${s.alertsNew} 条，待处理 ${s.alertsOpen} 条，出错 ${s.errors} 个；通知已送达 ${d.delivered}，重试中 ${d.retrying}，失败 ${d.failed}`,
    failed: (ms: number, message: string) => `本轮在 ${ms} 毫秒后失败：${message}`,
    deliveryFailed: (message: string) => `通知发送失败：${message}`,
    next: (next: Date, schedule: string, zone: Zone) =>
      `下一轮：${zhTexts.at(next, zone)}（计划 ${schedule}）`,
    sessionUnhealthy: (label: string, channel: string, reason: string) =>
      `渠道 ${channel} 的会话「${label}」异常：${reason}`,
  },
});

const VERB_ZH: Record<Verb, string> = {
  acknowledge: "确认",
  resolve: "标记为已解决",
  dismiss: "忽略",
  reopen: "重新打开",
  snooze: "暂缓",
};

const VERB_EN: Record<Verb, string> = {
  acknowledge: "acknowledged",
  resolve: "resolved",
  dismiss: "dismissed",
  reopen: "reopened",
  snooze: "snoozed",
};

const zhTexts = texts("zh-CN");
const enTexts = texts("en");

const en = (x: ReturnType<typeof texts>): ReturnType<typeof zh> => ({
  locale: "en",
  alertType: x.alertType,
  status: x.status,
  severity: x.severity,
  explanation: (a: { explanation: string; text?: { explanation: string } }) =>
    a.text?.explanation ?? a.explanation,
  sellerKind: (kind: string | null) =>
    kind === "official"
      ? "official store"
      : kind === "distributor"
        ? "authorized distributor"
        : "unknown seller",
  unknownChannel: (id: string, ids: readonly string[]) =>
    `no channel ${id}; the config's channels are ${ids.join(", ")}`,
  internalError: (message: string) => `internal error: ${message} (run with --debug for the stack)`,
  help: {
    program: "Brand protection and price monitoring for e-commerce and pharmacy listings",
    lang: "language: zh-CN or en (default: the tenant's, then PRICEWARDEN_LANG, then Chinese)",
    debug: "print the stack trace of an internal error",
    help: "display help for command",
    helpCommand: "display help for command",
    afterError: "(add --help for usage)",
    dataDir: "local data directory",
    config: "tenant config (YAML or JSON)",
    configForTenant: "tenant config (to pick the tenant)",
    tenant: "tenant id",
    json: "print JSON",
    jsonArray: "print a JSON array",
    jsonSummary: "print the run summary as JSON on the last line",
    jsonImport: "print the import summary as JSON on the last line",
    validate: "validate a tenant config (YAML or JSON), listing every problem at once",
    run: "run monitoring cycles (on the config's schedule unless --once)",
    once: "run one cycle and exit",
    runExitCodes:
      "Exit codes with --once: 0 ok, 2 bad input, 3 internal error, 4 ran but could not see (a channel below coverageAlertBelow, or nothing fetched).",
    alerts: "list alerts, or act on one: alerts ack|resolve|dismiss|reopen|snooze ID --by NAME",
    status: "open (open and acknowledged), all, or one status",
    alertType: "only this alert type (e.g. below_min_price)",
    alertId: "alert id (a unique prefix is enough)",
    by: "who",
    note: "why (what was done)",
    until: "until when: 2026-12-10, 2026-12-10 09:00 (tenant's time zone) or a time with its offset",
    verb: {
      acknowledge: "acknowledge: seen, being worked on",
      resolve: "resolve: fixed; reopens if the violation is seen again",
      dismiss: "dismiss: not a problem; stays closed for this listing at this price",
      reopen: "reopen the alert",
      snooze: "snooze until a time, then it is open again",
    },
    extract: "extract listings from a saved HTML page or a HAR capture, showing which source gave each field",
    htmlFile: "HTML file",
    harFile: "a HAR (HTTP Archive) file saved from the browser's developer tools",
    pageUrl: "the page's URL",
    extractChannel: "use this channel's profile and sources (needs --config)",
    extractConfig: "tenant config (its channels decide how each page is read)",
    import: "record the listings of a HAR capture as observations: rules, alerts, notifications, evidence",
    check: "pre-check a planned listing: exit 0 compliant, 1 not",
    sku: "product SKU",
    channel: "channel id",
    price: "planned selling price, e.g. 159, ¥149, 149元, ￥1,299.00",
    seller: "shop name",
    sellerId: "shop id on the channel",
    shipFrom: "ship-from region",
    title: "listing title (pack counts such as 50片*3盒 are read from it)",
    promotion: "promotion texts, e.g. 满199减20",
    review: "unmatched listings that mention the brand: never alerted, waiting for a person",
    notice: "draft the enforcement notice an alert supports: exit 0 drafted, 1 none (with the reason)",
    noticeConfig: "tenant config (the notice's sender, products and sellers)",
    history: "price history of a SKU's listings",
    onlyChannel: "only this channel",
    evidence:
      "export an alert's signed evidence bundle, verify one, or list the published keys: evidence export|verify|keys",
    evidenceExport: "write an alert's evidence (files, manifest, signatures, PDF summary) to a zip",
    zipOut: "zip file to write",
    capture: "a specific capture (default: the newest)",
    awsTable: "read from AWS: the DynamoDB table (then --bucket, --kms-key, --tenant)",
    awsBucket: "with --table: the S3 evidence bucket",
    awsKmsKey: "with --table: the KMS key (id, ARN or alias) that signed the captures",
    awsRegion: "with --table: the AWS region",
    awsDynamoEndpoint: "with --table: a local DynamoDB instead of AWS's",
    evidenceVerify:
      "verify an exported evidence zip in memory: exit 0 valid and signed by a published key, 1 not valid, 2 unreadable, 4 signature valid but signer unknown",
    evidenceZip: "evidence zip",
    fingerprint: "the key fingerprint the brand publishes; fail if signed by another key",
    kmsKeyTrust: "trust the published KMS evidence key (AWS) instead of the data directory's keys",
    kmsKeyPublished: "the KMS evidence key (AWS) instead of the data directory's keys",
    regionWithKms: "with --kms-key: the AWS region",
    evidenceKeys: "list the evidence signing keys the tenant publishes (their fingerprints)",
    demoSite: "serve the demo marketplace on 127.0.0.1",
    port: "port",
    start: "run the local stack: store, scheduler, and the demo marketplace when no config is given",
    startConfig: "tenant config (default: the bundled demo)",
    dashboardPort: "dashboard/API port",
  },
  commander: {
    titles: {},
    extra: {
      choices: "choices",
      default: "default",
      env: "env",
      preset: "preset",
      separator: ": ",
      comma: ", ",
    },
    errors: [],
  },
  session: {
    group: "browser sessions of your own marketplace accounts: session import|list|check|remove|login",
    import: "store a Playwright storage-state JSON (context.storageState()) as a session of a channel",
    stateFile: "storage-state JSON exported from a signed-in browser",
    channelOfAccount: "channel the account belongs to",
    label: "what to call it (e.g. 京东 采购账号 2)",
    area: "delivery area it browses from (JD area code or a city)",
    list: "list stored sessions (never their cookies)",
    onlyChannel: "only this channel's",
    check: "render one page of the channel with each of its sessions and record their health",
    channelToCheck: "channel whose sessions to check",
    checkUrl: "the page to check with (default: the channel's first watched URL)",
    remove: "delete a stored session",
    sessionId: "session id (from session list)",
    itsChannel: "its channel",
    login: "open a visible Chromium to sign in by hand, then store the session (needs a display)",
    channelToSignIn: "channel to sign in to",
    loginUrl: "page to open (default: the channel's sign-in page)",
    table: "an AWS deployment's table (stack output TableName) instead of --data-dir; needs --kms-key",
    kmsKey:
      "with --table: the sessions KMS key (stack output SessionKeyArn, or alias/pricewarden-sessions-ENV)",
    region: "with --table: the AWS region",
    dynamodbEndpoint: "with --table: a local DynamoDB instead of AWS's",
    noCookieForChannel: (total: number, channel: string, hosts: readonly string[]) =>
      `pricewarden: warning: no cookie (of ${total}) is sent to ${channel}'s hosts (${hosts.join(", ")}); is this the right channel?`,
    imported: (
      id: string,
      channel: string,
      label: string,
      cookies: number,
      forChannel: number,
      origins: number,
      expires: string | null,
      zone: Zone,
    ) =>
      `session ${id} imported for ${channel} (${label}): ${count(cookies, "cookie")} (${forChannel} for ${channel}), local storage of ${count(origins, "origin")}; earliest cookie expiry ${expires ? enTexts.at(expires, zone) : "none stated"}`,
    deleteFile: (file: string) =>
      `pricewarden: ${file} still holds the signed-in session in the clear: delete it.`,
    stored: (
      id: string,
      channel: string,
      label: string,
      cookies: number,
      expires: string | null,
      zone: Zone,
    ) =>
      `session ${id} stored for ${channel} (${label}): ${count(cookies, "cookie")}; earliest cookie expiry ${expires ? enTexts.at(expires, zone) : "none stated"}`,
    noWatchedUrl: (channel: string) => `channel ${channel} has no watched URL to check with: give --url`,
    noSessions: (channel: string) =>
      `No sessions for ${channel}: pricewarden session import --channel ${channel} FILE`,
    health: (health: string) => health,
    noSession: (id: string, channel: string) => `no session ${id} on channel ${channel} (see session list)`,
    removed: (id: string, channel: string) => `session ${id} removed from ${channel}`,
    badUrl: (url: string) => `--url ${url} is not an http(s) URL`,
    unknownChannel: (id: string, ids: readonly string[]) =>
      `unknown channel ${id}; the config's channels are ${ids.join(", ")}`,
    awsOnly: "--kms-key and --dynamodb-endpoint only apply with --table (sessions on AWS)",
    awsNeedsKey:
      "sessions on AWS (--table) also need --kms-key (stack output SessionKeyArn, or alias/pricewarden-sessions-ENV)",
    noSessionsTable: "No sessions.",
    columns: ["ID", "CHANNEL", "LABEL", "HEALTH", "REASON", "LAST USED", "EXPIRES", "AREA"],
    signInFallback:
      "sign in on a computer with a browser, save its storage state, and use `pricewarden session import` instead",
    noDisplay: "there is no display to show a browser on (DISPLAY is not set)",
    couldNotOpen: (url: string, reason: string) =>
      `pricewarden: could not open ${url} (${reason}); navigate by hand`,
    pressEnter: "Sign in in the browser window, then press Enter here (Ctrl-C to give up).",
    closedEarly: "the browser was closed (or input ended) before Enter was pressed; nothing was stored",
    noCookies: "the browser holds no cookies: nobody signed in; nothing was stored",
    tooLarge: (file: string, size: number, max: number) =>
      `${file} is ${size} bytes; a storage state is far smaller (at most ${max})`,
    unreadable: (file: string, reason: string) => `cannot read ${file}: ${reason}`,
    notJson: (file: string) =>
      `${file} is not JSON; a Playwright storage state is the JSON that context.storageState({ path }) writes`,
    notState: (file: string) => `pricewarden: ${file} is not a Playwright storage state:`,
  },
  config: {
    invalid: (path: string, n: number) =>
      `${path}: invalid configuration (${n} problem${n === 1 ? "" : "s"})`,
    warning: (path: string, message: string) => `warning: ${path}: ${message}`,
    valid: (path: string, tenant: string, channels: number, products: number, watch: number) =>
      `${path}: valid — tenant ${tenant}, ${channels} channels, ${products} products, ${watch} watch entries`,
  },
  tenant: {
    none: (dir: string) => `no tenant has run in ${dir}; pass --config or --tenant`,
    several: (dir: string, known: readonly string[]) =>
      `several tenants in ${dir} (${known.join(", ")}); pass --tenant`,
    help: {
      group: "manage tenants, effective without a restart or redeploy: tenant apply|list|pause|resume",
      apply:
        "validate a tenant config and register it (a new config version when it changed), monitored on its schedule",
      list: "list registered tenants: state, config version, schedule and next run",
      pause: "pause a tenant's scheduled monitoring (its data and config stay)",
      resume: "resume a tenant's scheduled monitoring",
      tenantId: "tenant id",
      table: "on AWS: the DynamoDB table (the tenant's EventBridge Scheduler schedules are updated too)",
      region: "with --table: the AWS region",
    },
    applied: (tenant: string, version: string, published: boolean) =>
      published
        ? `tenant ${tenant} registered with config version ${version}`
        : `tenant ${tenant}: config unchanged, still config version ${version}`,
    newerStands: (tenant: string, version: string) =>
      `tenant ${tenant} already has a newer config version ${version} (another apply finished after this one); it stands`,
    pausedStays: (tenant: string) =>
      `tenant ${tenant} is paused; applying a config does not resume it: pricewarden tenant resume ${tenant}`,
    next: (next: Date, schedule: string, zone: Zone) => `next run ${enTexts.at(next, zone)} (${schedule})`,
    runningStart: "the running pricewarden start picks this up within seconds, no restart needed",
    noStart: "takes effect when pricewarden start next runs",
    awsSynced: "EventBridge Scheduler schedules synced",
    paused: (tenant: string, changed: boolean) =>
      changed ? `tenant ${tenant} paused` : `tenant ${tenant} was already paused; nothing changed`,
    resumed: (tenant: string, changed: boolean) =>
      changed ? `tenant ${tenant} resumed` : `tenant ${tenant} was already active; nothing changed`,
    unknown: (tenant: string, known: readonly string[]) =>
      known.length > 0
        ? `no registered tenant ${tenant}; registered: ${known.join(", ")}`
        : `no registered tenant ${tenant}; register it first: pricewarden tenant apply --config FILE`,
    empty: "no registered tenants; register one: pricewarden tenant apply --config FILE",
    head: {
      tenant: "tenant",
      state: "state",
      version: "config version",
      schedule: "schedule",
      next: "next run",
    },
    state: (state: string) => state,
    awsNeedsEnv: (names: readonly string[]) =>
      `on AWS (--table) also set ${names.join(", ")}: from the stack output TenantSchedulerEnvironment`,
    notWithTable: "--data-dir does not apply with --table (on AWS)",
    regionOnlyWithTable: "--region only applies with --table (on AWS)",
    conflict: (tenant: string) =>
      `tenant ${tenant} is being changed by someone else at the same time; try again`,
    supervisor: {
      started: (tenant: string, version: string, schedule: string) =>
        `monitoring tenant ${tenant} (config version ${version}, ${schedule})`,
      stoppedPaused: (tenant: string) => `tenant ${tenant} paused: monitoring stopped`,
      stoppedChanged: (tenant: string, version: string) =>
        `tenant ${tenant}: config or schedule changed; stopped monitoring with config version ${version}, switching to the new one`,
      stoppedUnregistered: (tenant: string) => `tenant ${tenant} is no longer registered: monitoring stopped`,
      configMissing: (tenant: string, version: string) =>
        `config version ${version} of tenant ${tenant} is missing; not monitoring it: run pricewarden tenant apply again`,
      configUnreadable: (tenant: string, message: string) =>
        `could not read the config of tenant ${tenant} (retrying): ${message}`,
      registryUnreadable: (message: string) => `could not read the tenant registry (retrying): ${message}`,
      startPaused: (tenant: string) =>
        `tenant ${tenant} is paused and is not monitored: pricewarden tenant resume ${tenant}`,
    },
  },
  input: {
    unreadable: (file: string, reason: string) => `cannot read ${file}: ${reason}`,
    tooLarge: (file: string, max: number) => `${file} is larger than ${max} bytes`,
    badPort: (text: string) => `bad port ${text} (expected an integer 0–65535)`,
  },
  alertId: {
    notAnId: (given: string) =>
      `not an alert id: ${given} (expected at least 4 hex digits; a unique prefix is enough)`,
    unknown: (given: string, tenant: string) =>
      `no alert ${given} for tenant ${tenant} (see pricewarden alerts --status all)`,
    ambiguous: (given: string, candidates: readonly string[], total: number) =>
      `alert id ${given} is ambiguous: ${total} alerts start with it (${candidates.join(", ")}${total > candidates.length ? ", …" : ""}); give more digits`,
  },
  alerts: {
    badType: (type: string, options: readonly string[]) =>
      `no alert type ${type}; one of ${options.join(", ")}`,
    badUntil: (text: string) =>
      `--until ${text} is not a time; e.g. 2026-12-10 or 2026-12-10 09:00 (tenant's time zone)`,
    invalid: (id: string, status: string, verb: Verb, problem: string, valid: readonly string[]) =>
      problem === "until_not_after_now"
        ? `alert ${id}: the snooze must end after now`
        : `alert ${id} is ${x.status(status).toLowerCase()}: it cannot be ${VERB_EN[verb]} now; valid now: ${valid.join(", ") || "none"}`,
    unchanged: (id: string, status: string) =>
      `alert ${id} is already ${x.status(status).toLowerCase()}; nothing changed`,
    changed: (id: string, status: string, by: string, snoozedUntil: string | null, zone: Zone) =>
      `${id}: ${x.status(status).toLowerCase()} by ${by}${snoozedUntil ? ` until ${enTexts.at(snoozedUntil, zone)}` : ""}`,
  },
  run: {
    deliveries: (d: Deliveries) =>
      `notifications: delivered ${d.delivered}, retrying ${d.retrying}, failed ${d.failed}`,
    summary: (s: CycleSummary) =>
      `${s.pages} pages, ${s.listings} listings, ${s.alertsNew} new alerts, ${s.alertsOpen} open, ${s.errors} errors, coverage ${pct(s.coverage)} in ${s.seconds.toFixed(1)} s`,
  },
  extract: {
    nothingGiven: "give an HTML file, or --har FILE",
    channelNeedsConfig: "--channel needs --config",
  },
  importHar: {
    unmatched: (config: string, url: string) => `not recorded: no channel of ${config} matches ${url}`,
    summary: (pages: number, listings: number, alertsNew: number, har: string) =>
      `${pages} pages, ${listings} listings, ${alertsNew} new alerts from HAR ${har}…`,
  },
  check: {
    badPrice: (text: string, kind: string, currency: string) =>
      kind === "other_currency"
        ? `--price ${text} is not in the tenant's currency ${currency}`
        : `--price ${text}: no price in it; write 159, 158.50, ¥149, 149元 or ￥1,299.00`,
    unknownSku: (sku: string, skus: readonly string[]) =>
      `unknown sku ${sku}; the config's SKUs are ${skus.join(", ")}`,
    compliant: "compliant",
    notCompliant: "NOT compliant",
    price: (explanation: string) => `price: ${explanation}`,
    monitoringOnly:
      "recorded by the brand as monitoring information only; nothing is required of the seller.",
  },
  review: { nothing: "nothing to review" },
  notice: {
    draft: (recipient: string, subject: string, text: string) =>
      `To: ${recipient}\nSubject: ${subject}\n\n${text}`,
    none: (id: string, reason: string) => `pricewarden: no notice for alert ${id}: ${reason}`,
  },
  history: {
    none: (sku: string) => `no listings of ${sku} recorded`,
    observation: (o: Observation, timeZone: string) =>
      `${enTexts.at(o.at, { timeZone })}  listed ${yuan(o.listedPrice)}  per pack ${yuan(o.perPackPrice)}  ${enTexts.stock(o.availability)}  ${o.reason}`,
  },
  evidence: {
    noKeys: (dir: string) => `no evidence keys in ${dir}: nothing was captured there`,
    keyStatus: (status: string) => status,
    badFingerprint: (fp: string) => `--fingerprint ${fp} is not a SHA-256 fingerprint`,
    badCaptureId: (id: string) => `not a capture id: ${id}`,
    kmsKeyName: (id: string) => `the KMS key ${id}`,
    localKeyName: "this data directory's key",
    noSigningKey: (file: string, dir: string) => `no ${file} in ${dir}: nothing was captured there`,
    verify: {
      failed: (file: string) => `${file}: verification FAILED`,
      embeddedKey: (fp: string) => `embedded key: ${fp}`,
      verified: (file: string) => `${file}: verified`,
      signerUnknown: (file: string) => `${file}: signature valid, signer unknown`,
      alert: (id: string, type: string, tenant: string) => `  alert      ${id} (${type}), tenant ${tenant}`,
      capture: (id: string, at: string) =>
        `  capture    ${id} at ${enTexts.at(at, { timeZone: "Asia/Shanghai" })}`,
      page: (url: string, status: number) => `  page       ${url} (HTTP ${status})`,
      screenshot: (reason: string | null) =>
        `  screenshot ${reason === null ? "captured" : `none — ${reason}`}`,
      entries: (n: number) => `  entries    ${n} files, sizes and SHA-256 match; both signatures valid`,
      signedBy: (fp: string) => `  signed by  Ed25519 key ${fp}`,
      matchesExpected: "  the key matches the expected fingerprint",
      published: "  the key is one the tenant published (pricewarden evidence keys)",
      notPublished: (noneFound: boolean) =>
        `  ✗ this key is not one the tenant published${noneFound ? " (no published keys found)" : ""}: anyone can sign a bundle with a key of their own. Compare the fingerprint with the one the brand publishes, or pass it as --fingerprint.`,
    },
    export: {
      noEvidence: (id: string) => `alert ${id} has no evidence captured`,
      noCapture: (id: string, capture: string, available: readonly string[]) =>
        `alert ${id} has no capture ${capture}; captures: ${available.join(", ")}`,
      keyMismatch: (captureFp: string, keyName: string, signerFp: string) =>
        `pricewarden: the capture was signed by ${captureFp}, but ${keyName} is ${signerFp}; refusing to export`,
      corrupt: (capture: string, id: string) =>
        `pricewarden: stored evidence ${capture} of alert ${id} does not verify:`,
      wrote: (file: string, bytes: number, id: string, capture: string, capturedAt: string) =>
        `wrote ${file} (${bytes} bytes): alert ${id}, capture ${capture} of ${enTexts.at(capturedAt, { timeZone: "Asia/Shanghai" })}`,
      signedBy: (fp: string) => `signed by Ed25519 key ${fp}`,
      awsOnly: (flags: readonly string[]) =>
        `${flags.join(", ")} only apply with --table (an export from AWS)`,
      awsNeeds: (flags: readonly string[]) => `an export from AWS (--table) also needs ${flags.join(", ")}`,
      notWithTable: "--data-dir and --config do not apply with --table (an export from AWS)",
      badEndpoint: (url: string) => `--dynamodb-endpoint ${url} is not an http(s) URL`,
    },
  },
  start: {
    demoSiteOnly: (url: string) => `demo marketplace on ${url} (Ctrl-C to stop)`,
    demoSite: (url: string, config: string) => `demo marketplace on ${url}; monitoring it with ${config}`,
    walledSite: (url: string) =>
      `login-walled demo marketplace (JD-like) on ${url}; sign in by hand at ${url}/login (password demo)`,
    demoSession: (id: string, channel: string) =>
      `browser session ${id} for channel ${channel} (the demo signed in by itself; yours: pricewarden session import --channel ${channel} FILE)`,
    portInUse: (port: string) =>
      `port ${port} is in use (another pricewarden start?): stop it, or pass --port with a free port`,
    portPrivileged: (port: string) => `port ${port} needs privileges: pass --port above 1023`,
    dashboard: (url: string) => `dashboard and API on ${url} (local only, no login)`,
    dataIn: (abs: string, dir: string) => `data in ${abs}; alerts: npx pricewarden alerts --data-dir ${dir}`,
    stopping: "[pricewarden] stopping…",
  },
  table: {
    noAlerts: "No alerts.",
    monitoringOnly: "[monitoring only]",
    state: (status: string, occurrences: number) => `${status.toLowerCase()}, seen ${occurrences}×`,
    id: (id: string) => `id ${id}`,
  },
  coverage: {
    head: {
      channel: "channel",
      targets: "targets",
      priced: "priced",
      blocked: "blocked",
      login: "login",
      rateLimited: "rate-limited",
      noPrice: "no price",
      errors: "errors",
      gone: "gone",
      coverage: "coverage",
      topReason: "top reason",
    },
    noChannels: "No channels.",
    example: (url: string) => `e.g. ${url}`,
    blindChannel: (id: string, diagnosis: string) => `channel ${id}: could not see — ${diagnosis}`,
    blindRun: (pages: number) => `run: could not see — nothing could be fetched (${pages} pages tried)`,
  },
  loop: {
    started: (tenant: string) => `cycle started for ${tenant}`,
    done: (s: CycleSummary, d: Deliveries) =>
      `cycle done in ${s.seconds.toFixed(1)} s: ${s.pages} pages, ${s.listings} listings, ${s.alertsNew} new alerts, ${s.alertsOpen} open, ${s.errors} errors; notifications delivered ${d.delivered}, retrying ${d.retrying}, failed ${d.failed}`,
    failed: (ms: number, message: string) => `cycle failed after ${ms} ms: ${message}`,
    deliveryFailed: (message: string) => `delivery failed: ${message}`,
    next: (next: Date, schedule: string, zone: Zone) =>
      `next cycle at ${enTexts.at(next, zone)} (${schedule})`,
    sessionUnhealthy: (label: string, channel: string, reason: string) =>
      `session "${label}" of ${channel} is unhealthy: ${reason}`,
  },
});

export type CliText = ReturnType<typeof zh>;

const CATALOGUE: Record<Locale, CliText> = { "zh-CN": zh(zhTexts), en: en(enTexts) };

export function cliText(locale: Locale): CliText {
  return CATALOGUE[locale];
}
