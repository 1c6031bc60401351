import type { Locale } from "./locale.js";

/** The words around downloading an alert's signed evidence bundle from the dashboard. */
export interface EvidenceDownloadText {
  link: string;
  /** Title of the page saying why nothing was exported. */
  notExported: string;
  /** Under the link: what the file is and how anyone checks it. */
  hint: string;
  brandOnly: string;
  notHere: string;
  noEvidence: string;
  doesNotVerify: string;
  /** The file name's words (UTF-8 name; an ASCII one goes along for old clients). */
  fileStem: string;
}

export const EVIDENCE_DOWNLOAD_TEXT: Record<Locale, EvidenceDownloadText> = {
  "zh-CN": {
    link: "下载取证包",
    notExported: "取证包未导出",
    hint: "取证包为 ZIP 文件：含原始页面、截图、提取结果、签名清单与 PDF 摘要，可交律师或平台投诉使用；任何人可用 pricewarden evidence verify 校验其完整性。",
    brandOnly: "取证包仅供品牌方用户下载。",
    notHere: "此部署未开放取证包下载，请使用命令行 pricewarden evidence export。",
    noEvidence: "该告警尚无签名取证，暂无可下载的取证包。",
    doesNotVerify: "存储的取证材料校验未通过（可能被改动或不完整），未予导出。请联系管理员。",
    fileStem: "取证包",
  },
  en: {
    link: "Download evidence",
    notExported: "Evidence not exported",
    hint: "A ZIP with the page as captured, the screenshot, the extracted listing, the signed manifest and a PDF summary, for a lawyer or a platform complaint; anyone can check it with pricewarden evidence verify.",
    brandOnly: "Evidence bundles are for brand users.",
    notHere: "This deployment does not offer evidence downloads; use pricewarden evidence export.",
    noEvidence: "This alert has no signed capture yet, so there is no bundle to download.",
    doesNotVerify:
      "The stored evidence does not verify (altered or incomplete), so nothing was exported. Contact your administrator.",
    fileStem: "evidence",
  },
};
