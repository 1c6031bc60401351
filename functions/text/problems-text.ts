import type { z } from "zod";
import type { Locale } from "./locale.js";

/**
 * A form or address problem (a zod issue) in the reader's language: what is wrong and what is
 * expected, never the validator's English. English readers keep zod's own message.
 */

type Issue = z.core.$ZodIssue;

const TYPE_ZH: Record<string, string> = {
  string: "文字",
  number: "数字",
  int: "整数",
  boolean: "是或否",
  array: "列表",
  object: "对象",
  date: "日期",
};

function listZh(values: readonly unknown[]): string {
  return values.map((v) => (typeof v === "string" ? `“${v}”` : String(v))).join("、");
}

const hasChinese = (text: string) => /[\u4e00-\u9fff]/.test(text);

function zhMessage(issue: Issue): string {
  switch (issue.code) {
    case "invalid_value":
      return `应为以下之一：${listZh(issue.values)}`;
    case "invalid_type":
      return `格式不对：应为${TYPE_ZH[issue.expected] ?? "有效值"}`;
    case "too_big": {
      const unit = issue.origin === "string" ? " 个字符" : issue.origin === "array" ? " 项" : "";
      return `不能超过 ${String(issue.maximum)}${unit}`;
    }
    case "too_small": {
      if (issue.origin === "string" && Number(issue.minimum) === 1) return "不能为空";
      const unit = issue.origin === "string" ? " 个字符" : issue.origin === "array" ? " 项" : "";
      return `不能少于 ${String(issue.minimum)}${unit}`;
    }
    case "invalid_format":
      return "格式不对";
    case "not_multiple_of":
      return `应为 ${String(issue.divisor)} 的倍数`;
    case "unrecognized_keys":
      return `不认识的参数：${listZh(issue.keys)}`;
    case "invalid_union":
    case "invalid_key":
    case "invalid_element":
      return "取值无效";
    default:
      // Our own refinements: shown when written in Chinese, else a plain "invalid".
      return hasChinese(issue.message) ? issue.message : "取值无效";
  }
}

export function issueMessage(issue: Issue, locale: Locale): string {
  return locale === "zh-CN" ? zhMessage(issue) : issue.message;
}
