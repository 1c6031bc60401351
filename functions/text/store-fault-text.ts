import type { StoreFaultKind } from "../local/store-faults.js";
import type { Locale } from "./locale.js";

/**
 * Why the data directory cannot take writes, and what to do, in the reader's language. An empty
 * `dataDir`: a write refused later, when the directory is no longer at hand.
 */
export function storeFaultText(kind: StoreFaultKind, dataDir: string, locale: Locale): string {
  if (locale === "en") {
    const dir = dataDir || "the data directory";
    return kind === "disk-full"
      ? `the disk holding ${dir} is full: free some space and run again (nothing was lost)`
      : `${dir} is read-only or not writable by this user: pricewarden keeps its database there and must write to it`;
  }
  const dir = dataDir || "数据目录";
  return kind === "disk-full"
    ? `${dir} 所在的磁盘已满：请腾出空间后再运行（数据没有丢失）`
    : `${dir} 是只读的，或当前用户无权写入：pricewarden 的数据库保存在这里，必须能写入`;
}
