import type { Locale } from "./locale.js";

/** The local dashboard's brand chooser (one machine monitoring several brands). */
export interface TenantChoiceText {
  /** The label before the list of brands. */
  label: string;
  submit: string;
  /** After a brand whose monitoring is paused: it can still be viewed. */
  paused: string;
  /** The chosen brand is not (or no longer) registered on this machine. */
  notRegistered: string;
  /** The form was not a form post. */
  notAForm: string;
}

export const TENANT_CHOICE_TEXT: Record<Locale, TenantChoiceText> = {
  "zh-CN": {
    label: "当前品牌",
    submit: "切换品牌",
    paused: "（监测已暂停）",
    notRegistered: "所选品牌未在本机登记，或已被移除。请从列表中重新选择。",
    notAForm: "请通过页面顶部的品牌切换表单提交。",
  },
  en: {
    label: "Brand",
    submit: "Switch brand",
    paused: " (monitoring paused)",
    notRegistered:
      "The brand chosen is not registered on this machine, or no longer is. Choose one from the list.",
    notAForm: "Use the brand switch at the top of the page.",
  },
};
