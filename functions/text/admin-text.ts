import type { Locale } from "./locale.js";

/** What the tenant administration API (`/admin/tenants`) says to a platform administrator. */
export interface AdminText {
  unauthorized: string;
  notAdmin: string;
  invalidTenant: string;
  invalidConfig: string;
  tenantMismatch: (inUrl: string, inConfig: string) => string;
  tooLarge: (maxBytes: number) => string;
  unknownTenant: (tenant: string) => string;
  conflict: string;
  schedulesFailed: string;
  invalidUser: string;
  unknownDistributor: (known: readonly string[]) => string;
  userExists: (email: string) => string;
}

const kib = (bytes: number) => Math.round(bytes / 1024);

export const ADMIN_TEXT: Record<Locale, AdminText> = {
  "zh-CN": {
    unauthorized: "未登录或登录凭证无效。",
    notAdmin: "仅平台管理员（pricewarden-admin 组成员）可管理品牌租户。",
    invalidTenant: "租户标识格式不正确：只能使用小写字母、数字和连字符，且须以字母或数字开头。",
    invalidConfig: "配置未通过校验，未作任何变更。请按下列问题修改后重新提交。",
    tenantMismatch: (inUrl, inConfig) =>
      `地址中的租户（${inUrl}）与配置文件中的 tenant（${inConfig}）不一致，未作任何变更。`,
    tooLarge: (maxBytes) => `配置文件过大，上限为 ${kib(maxBytes)} KB。`,
    unknownTenant: (tenant) => `尚未登记租户 ${tenant}，请先提交其配置。`,
    conflict: "该租户正被他人同时修改，请刷新后重试。",
    schedulesFailed: "租户登记已保存，但运行计划未能同步到调度服务。请稍后重新提交同一操作，系统会自动补齐。",
    invalidUser:
      "用户信息不完整或格式不正确：需提供 email、role（brand 为品牌方，distributor 为经销商）；经销商用户还需 distributor。",
    unknownDistributor: (known) =>
      known.length > 0
        ? `该经销商不在租户当前配置中。可选：${known.join("、")}。`
        : "该租户当前配置中没有任何经销商，请先在配置中添加。",
    userExists: (email) => `${email} 已有账号，未作改动。如需调整其所属租户或角色，请由 AWS 运维人员处理。`,
  },
  en: {
    unauthorized: "Not signed in, or the credentials are not valid.",
    notAdmin: "Only platform administrators (members of pricewarden-admin) can manage tenants.",
    invalidTenant:
      "The tenant id is malformed: lowercase letters, digits and dashes, starting with a letter or digit.",
    invalidConfig:
      "The config did not validate; nothing was changed. Fix the problems below and send it again.",
    tenantMismatch: (inUrl, inConfig) =>
      `The tenant in the address (${inUrl}) differs from the config's tenant (${inConfig}); nothing was changed.`,
    tooLarge: (maxBytes) => `The config is too large; the limit is ${kib(maxBytes)} KB.`,
    unknownTenant: (tenant) => `No tenant ${tenant} is registered; apply its config first.`,
    conflict: "Someone else is changing this tenant at the same time; read it again and retry.",
    schedulesFailed:
      "The tenant's record is saved, but its schedules could not be updated. Send the same request again to bring them in line.",
    invalidUser:
      "The user is incomplete or malformed: give email and role (brand or distributor), and distributor for a distributor's user.",
    unknownDistributor: (known) =>
      known.length > 0
        ? `That distributor is not in the tenant's current config. Known: ${known.join(", ")}.`
        : "The tenant's current config has no distributors; add them to the config first.",
    userExists: (email) =>
      `${email} already has an account; nothing was changed. Moving a user to another tenant or role is an AWS operator's task.`,
  },
};
