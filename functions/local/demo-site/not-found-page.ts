/** The 404 answer for any path the demo marketplace does not serve. */
export function renderNotFoundPage(path: string): string {
  const safe = path.replace(/[^\w\-./]/g, "");
  return `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>404 页面不存在</title></head><body><h1>页面不存在</h1><p>您访问的页面不存在：${safe}</p><p><a href="/">返回首页</a></p></body></html>`;
}
