import { ALERT_TYPE_LABELS } from "../text/labels-text.js";

/** What a Chinese channel manager calls each alert type (kept for callers of the old name). */
export const ALERT_TYPE_ZH = ALERT_TYPE_LABELS["zh-CN"];
