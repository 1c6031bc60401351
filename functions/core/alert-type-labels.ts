import type { AlertType } from "./alert.js";

/** What a Chinese channel manager calls each alert type: notifications and the dashboard use these. */
export const ALERT_TYPE_ZH: Record<AlertType, string> = {
  below_min_price: "低于最低价",
  above_max_price: "高于最高价",
  unauthorized_seller: "未授权销售",
  out_of_region: "跨区销售",
  price_drop: "价格骤降",
  listing_compliance: "合规问题",
  extraction_failed: "信息提取失败",
  blocked: "抓取受阻",
  coverage_drop: "监测覆盖率下降",
  session_expired: "登录会话失效",
};
