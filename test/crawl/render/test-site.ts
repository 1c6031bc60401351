import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** Pages that behave like the shops the renderer meets, served on 127.0.0.1. */
export interface TestSite {
  base: string;
  /** Paths requested so far, in order. */
  hits: string[];
  /** Resolves when the next request for `path` arrives. */
  requested(path: string): Promise<void>;
  close(): Promise<void>;
}

const html = (body: string, title = "商品详情") =>
  `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${title}</title></head><body>${body}</body></html>`;

export async function startTestSite(): Promise<TestSite> {
  const hits: string[] = [];
  const waiting: Array<{ path: string; resolve: () => void }> = [];
  const hanging = new Set<import("node:http").ServerResponse>();
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    hits.push(url.pathname);
    for (const w of waiting.filter((w) => w.path === url.pathname)) {
      waiting.splice(waiting.indexOf(w), 1);
      w.resolve();
    }
    const send = (body: string, status = 200, type = "text/html; charset=utf-8") => {
      res.writeHead(status, { "content-type": type });
      res.end(body);
    };
    switch (url.pathname) {
      case "/js-price":
        // The price exists only after scripts run: one part after load, one from an XHR.
        return send(
          html(`<h1 class="sku-name">安可血糖试纸 50片</h1><div class="p-price"><span class="price"></span></div>
<div class="stock"></div>
<script>
window.addEventListener("load", () => setTimeout(() => {
  document.querySelector(".price").textContent = "¥" + (15900 / 100).toFixed(2);
}, 50));
fetch("/api/stock").then((r) => r.json()).then((j) => { document.querySelector(".stock").textContent = j.stock; });
</script>`),
        );
      case "/api/stock":
        return send(JSON.stringify({ stock: "有货" }), 200, "application/json");
      case "/captcha":
        return send(html(`<div id="nc_1_wrapper">请按住滑块，拖动到最右边</div>`, "安全验证"));
      case "/hang":
        // Headers never come; the renderer must give up on its own.
        hanging.add(res);
        return;
      case "/busy":
        return send(html(`<p>loading</p><script>while (true) {}</script>`));
      case "/private-refs":
        return send(
          html(`<p class="price">¥159.00</p>
<img src="http://169.254.169.254/latest/meta-data/logo.png">
<img src="/to-metadata.png">`),
        );
      case "/to-metadata.png":
        res.writeHead(302, { location: "http://169.254.169.254/latest/meta-data/iam" });
        return res.end();
      case "/main-to-metadata":
        res.writeHead(302, { location: "http://169.254.169.254/latest/meta-data/" });
        return res.end();
      case "/schemes":
        // A hostile page tries to leave the web for local files, Chromium's own pages and data: URLs.
        return send(
          html(`<p class="price">¥159.00</p>
<iframe src="file:///etc/passwd"></iframe><iframe src="chrome://version"></iframe>
<script>
window.addEventListener("load", () => {
  location.href = "file:///etc/passwd";
  location.href = "data:text/html,<p id=" + "pwned>x</p>";
  window.open("chrome://version");
});
</script>`),
        );
      case "/hop-1":
        res.writeHead(301, { location: "/hop-2" });
        return res.end();
      case "/hop-2":
        res.writeHead(302, { location: "/js-price" });
        return res.end();
      case "/huge":
        return send(html(`<p>${"药".repeat(200_000)}</p>`));
      case "/missing":
        return send(html("<p>页面不存在</p>", "404"), 404);
      case "/cjk": {
        const text = url.searchParams.get("text") ?? "";
        return send(
          html(`<p id="text" style="font-size:48px;margin:16px">${text.replace(/[<&>]/g, "")}</p>`),
        );
      }
      default:
        return send(html("<p>nothing here</p>"), 404);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    hits,
    requested: (path) => new Promise((resolve) => waiting.push({ path, resolve })),
    close: async () => {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
