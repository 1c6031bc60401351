import type { Renderer, RendererOptions } from "./chromium-renderer.js";

/**
 * A renderer whose Chromium (and playwright-core, some 14 MB of code) loads on the first render.
 * Most cycles render nothing, and a crawler that loaded them anyway paid for it in memory.
 */
export function lazyRenderer(options: RendererOptions): Renderer {
  let started: Promise<Renderer> | undefined;
  const start = () =>
    (started ??= import("./chromium-renderer.js").then(({ createRenderer }) => createRenderer(options)));
  return {
    render: async (url, renderOptions) => (await start()).render(url, renderOptions),
    close: async () => {
      if (started) await (await started).close();
    },
  };
}
