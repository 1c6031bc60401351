import type { Renderer } from "../crawl/render/chromium-renderer.js";
import {
  type BrowserNetwork,
  BrowserRequestSchema,
  type BrowserResponse,
  packRenderResult,
} from "./browser-protocol.js";

export interface BrowserFunctionDeps {
  /** The container's renderer for these network settings (rebuilt when they change). */
  rendererFor: (network: BrowserNetwork) => Renderer;
  /** Awaited before the first render (Chromium inflating into /tmp). */
  ready?: () => Promise<unknown>;
}

/**
 * The browser function: one render per invocation, its result handed back to the render worker
 * that asked. Nothing else: no store, no evidence, no keys. A request that does not parse is
 * answered with the first problem's path, never with the values it carried (they may be a
 * customer's session).
 */
export function createBrowserFunction(
  deps: BrowserFunctionDeps,
): (event: unknown) => Promise<BrowserResponse> {
  return async (event) => {
    const parsed = BrowserRequestSchema.safeParse(event);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return {
        ok: false,
        error: `bad request at ${issue?.path.join(".") || "(root)"}: ${issue?.code ?? "?"}`,
      };
    }
    const { url, network, options } = parsed.data;
    try {
      await deps.ready?.();
      const result = await deps.rendererFor(network).render(url, options);
      return packRenderResult(result);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return { ok: false, error: (message.split("\n")[0] ?? message).slice(0, 300) };
    }
  };
}
