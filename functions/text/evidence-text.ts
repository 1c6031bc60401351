import type { Locale } from "./locale.js";

/**
 * The evidence bundle's README and PDF summary in both languages: what a lawyer or a notary
 * reads. File names, hashes, key fingerprints and the OpenSSL commands stay as they are (they
 * must be typed or compared exactly); everything around them is in the reader's language.
 */

export interface ReadmeFacts {
  alertId: string;
  /** The alert type as a reader names it. */
  alertType: string;
  tenant: string;
  captureId: string;
  /** Formatted through the one clock: "2026-03-01 16:00 北京时间". */
  capturedAt: string;
  fingerprint: string;
}

const zhReadme = (f: ReadmeFacts) => `PRICEWARDEN 取证包
==================

告警      ${f.alertId}（${f.alertType}，租户 ${f.tenant}）
取证      编号 ${f.captureId}，取证时间 ${f.capturedAt}
签名      Ed25519 公钥指纹 ${f.fingerprint}

取证包内容

  files/page.html       抓取到的页面 HTML 原文：按原始字符集解码（字符集记录在 manifest.json 中），
                        以 UTF-8 保存
  files/listing.json    从页面读取的各项字段及每项的来源
  files/finding.json    规则的判定结果：说明、观测值、阈值及规则输入
  files/screenshot.png  由 Chromium 截取的整页截图（仅在截图成功时存在；
                        没有截图时 manifest.json 会写明原因）
  manifest.json         取证元数据（网址、HTTP 状态码、时间、工具版本）以及上述每个文件的
                        大小和 SHA-256 值；采用规范化 JSON
  manifest.sig          对 manifest.json 原始字节的 Ed25519 签名
  public-key.pem        用于验证签名的公钥
  export.json           summary.pdf、README.txt 和 manifest.json 的大小及 SHA-256 值，
                        在导出本取证包时写入
  export.sig            对 export.json 原始字节的 Ed25519 签名
  summary.pdf           根据已签名文件生成的可读摘要

如何核验

1. 使用本系统：执行  pricewarden evidence verify 本文件.zip
   该命令在内存中检查每个条目（不解压任何文件）、每个文件的大小和 SHA-256、两份签名，
   并确认取证包中没有其他文件，最后显示公钥指纹。

2. 将该指纹与品牌方公开的指纹（官方网站或经公证的声明）进行比对。签名有效只能证明
   这些文件自持有该密钥者签名以来未被改动；指纹才能把该密钥与品牌方对应起来。

3. 不使用本系统（需 OpenSSL 3 和 coreutils），先解压到一个空文件夹，然后：
     openssl pkey -pubin -in public-key.pem -outform DER | sha256sum
         -> 结果须与上面的指纹一致（去掉 "SHA256" 标记和空格）
     openssl pkeyutl -verify -pubin -inkey public-key.pem -rawin \\
         -in manifest.json -sigfile manifest.sig
         -> 显示 "Signature Verified Successfully"
     sha256sum files/*
         -> 每个值须与 manifest.json 中为该文件列出的值一致
   对 export.json / export.sig 以及 summary.pdf / README.txt 按同样两步核验。
`;

const enReadme = (f: ReadmeFacts) => `PRICEWARDEN EVIDENCE BUNDLE
===========================

Alert     ${f.alertId} (${f.alertType}, tenant ${f.tenant})
Capture   ${f.captureId}, captured ${f.capturedAt}
Signed by Ed25519 key ${f.fingerprint}

WHAT IS IN THIS ARCHIVE

  files/page.html       the page's HTML exactly as fetched, decoded from its original
                        charset (recorded in manifest.json) and stored as UTF-8
  files/listing.json    the fields read from the page, with the source of each
  files/finding.json    the rule's finding: explanation, observed value, threshold, inputs
  files/screenshot.png  full-page screenshot by Chromium (only when one was taken;
                        manifest.json says why when there is none)
  manifest.json         capture metadata (URLs, HTTP status, times, tool version) and the
                        size and SHA-256 of every file above; canonical JSON
  manifest.sig          Ed25519 signature over the exact bytes of manifest.json
  public-key.pem        the public key the signatures verify with
  export.json           size and SHA-256 of summary.pdf and README.txt and of manifest.json,
                        written when this archive was exported
  export.sig            Ed25519 signature over the exact bytes of export.json
  summary.pdf           a readable summary, generated from the signed files

HOW TO VERIFY

1. With pricewarden:   pricewarden evidence verify THIS.zip
   It checks every entry in memory (nothing is unpacked), every size and SHA-256, both
   signatures, and that the archive holds nothing else. It prints the key fingerprint.

2. Compare the fingerprint with the one the brand publishes (on its website or in a
   notarised statement). A valid signature only proves the files are unchanged since
   they were signed by the holder of that key; the fingerprint ties the key to the brand.

3. Without pricewarden (OpenSSL 3 and coreutils), after unpacking into an empty folder:
     openssl pkey -pubin -in public-key.pem -outform DER | sha256sum
         -> must equal the fingerprint above (without the "SHA256" label and spaces)
     openssl pkeyutl -verify -pubin -inkey public-key.pem -rawin \\
         -in manifest.json -sigfile manifest.sig
         -> "Signature Verified Successfully"
     sha256sum files/*
         -> each hash must equal the one listed for that file in manifest.json
   The same two steps apply to export.json / export.sig and summary.pdf / README.txt.
`;

export const README_TEXT: Record<Locale, (f: ReadmeFacts) => string> = { "zh-CN": zhReadme, en: enReadme };

/** The PDF summary's words; values are passed in formatted and are escaped by the template. */
export interface SummaryText {
  htmlLang: string;
  title: (alertId: string) => string;
  heading: (type: string, severity: string) => string;
  tenantLine: (tenant: string, alertId: string, captureId: string) => string;
  monitoringOnly: string;
  finding: string;
  seller: string;
  sellerId: (id: string) => string;
  product: string;
  listingTitle: string;
  observedPrice: string;
  threshold: string;
  listedPrice: string;
  channel: string;
  shipFrom: string;
  capture: string;
  listingUrl: string;
  finalUrl: string;
  httpStatus: string;
  servedAsLabel: string;
  servedAs: (contentType: string | null, charset: string | null, bytes: number) => string;
  checkedAt: string;
  capturedAt: string;
  occurrence: string;
  occurrenceValue: (n: number, openedAt: string) => string;
  tool: string;
  files: string;
  filesHead: [string, string, string];
  signedWith: string;
  generated: (at: string) => string;
  screenshot: string;
  shotTaken: (url: string, at: string, outcome: string) => string;
  shotFailed: (at: string, reason: string) => string;
  shotDisabled: (reason: string) => string;
  shotMissing: string;
  shotAlt: string;
  /** Known recorded reasons for no screenshot, in the reader's words. */
  knownReasons: Record<string, string>;
}

const zhSummary: SummaryText = {
  htmlLang: "zh-CN",
  title: (id) => `取证摘要 ${id}`,
  heading: (type, severity) => `取证摘要：${type}（严重程度：${severity}）`,
  tenantLine: (tenant, alertId, captureId) => `租户 ${tenant} · 告警 ${alertId} · 取证编号 ${captureId}`,
  monitoringOnly: " · 仅作监测记录",
  finding: "判定结果",
  seller: "店铺",
  sellerId: (id) => `（店铺 ID ${id}）`,
  product: "商品（SKU）",
  listingTitle: "商品标题",
  observedPrice: "观测价格",
  threshold: "阈值",
  listedPrice: "标价",
  channel: "渠道",
  shipFrom: "发货地",
  capture: "取证信息",
  listingUrl: "商品链接",
  finalUrl: "最终网址",
  httpStatus: "HTTP 状态码",
  servedAsLabel: "页面类型",
  servedAs: (contentType, charset, bytes) => `${contentType ?? "—"}；字符集 ${charset ?? "—"}；${bytes} 字节`,
  checkedAt: "检查时间",
  capturedAt: "取证时间",
  occurrence: "告警次数",
  occurrenceValue: (n, openedAt) => `第 ${n} 次，告警开启于 ${openedAt}`,
  tool: "取证工具",
  files: "文件及 SHA-256 值",
  filesHead: ["文件", "字节数", "SHA-256"],
  signedWith: "manifest.json 的 Ed25519 签名公钥指纹：",
  generated: (at) =>
    `本摘要于 ${at} 根据已签名文件生成；取证包中的文件及 manifest.json 才是证据本身，核验方法见 README.txt。`,
  screenshot: "页面截图",
  shotTaken: (url, at, outcome) => `${url} 的整页截图，截取于 ${at}（Chromium，页面状态：${outcome}）。`,
  shotFailed: (at, reason) => `没有截图：${at} 截图失败，原因：${reason}`,
  shotDisabled: (reason) => `没有截图：${reason}`,
  shotMissing: "本次导出中缺少截图文件。",
  shotAlt: "页面截图",
  knownReasons: {
    "evidence.screenshot is off in the tenant config": "租户配置中关闭了截图（evidence.screenshot）",
  },
};

const enSummary: SummaryText = {
  htmlLang: "en",
  title: (id) => `Evidence ${id}`,
  heading: (type, severity) => `Evidence summary — ${type} (${severity})`,
  tenantLine: (tenant, alertId, captureId) => `Tenant ${tenant} · alert ${alertId} · capture ${captureId}`,
  monitoringOnly: " · monitoring information only",
  finding: "Finding",
  seller: "Seller",
  sellerId: (id) => ` (id ${id})`,
  product: "Product (SKU)",
  listingTitle: "Listing title",
  observedPrice: "Observed price",
  threshold: "Threshold",
  listedPrice: "Listed price",
  channel: "Channel",
  shipFrom: "Ship-from",
  capture: "Capture",
  listingUrl: "Listing URL",
  finalUrl: "Final URL",
  httpStatus: "HTTP status",
  servedAsLabel: "Served as",
  servedAs: (contentType, charset, bytes) =>
    `${contentType ?? "—"}; charset ${charset ?? "—"}; ${bytes} bytes`,
  checkedAt: "Checked at",
  capturedAt: "Captured at",
  occurrence: "Alert occurrence",
  occurrenceValue: (n, openedAt) => `${n}, opened ${openedAt}`,
  tool: "Tool",
  files: "Files and SHA-256 hashes",
  filesHead: ["file", "bytes", "SHA-256"],
  signedWith: "Manifest signed with Ed25519 key",
  generated: (at) =>
    `This summary was generated ${at} from the signed files; the files and manifest.json in the archive are the evidence, and README.txt explains how to check them.`,
  screenshot: "Screenshot",
  shotTaken: (url, at, outcome) => `Full-page screenshot of ${url} taken ${at} (Chromium, page ${outcome}).`,
  shotFailed: (at, reason) => `No screenshot: the capture at ${at} failed — ${reason}`,
  shotDisabled: (reason) => `No screenshot: ${reason}`,
  shotMissing: "The screenshot file is missing from this export.",
  shotAlt: "screenshot",
  knownReasons: {},
};

export const SUMMARY_TEXT: Record<Locale, SummaryText> = { "zh-CN": zhSummary, en: enSummary };
