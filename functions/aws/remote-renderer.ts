import { PricewardenError } from "../core/errors.js";
import type { FetchOutcome } from "../core/fetch-outcome.js";
import type { Renderer, RendererOptions } from "../crawl/render/chromium-renderer.js";
import { type BrowserNetwork, browserRequest, unpackRenderResult } from "./browser-protocol.js";
import type { InvokeFunction } from "./lambda-invoker.js";

/**
 * A Renderer whose Chromium runs in the browser function: the render worker keeps the table, the
 * evidence bucket and the signing key, and the browser never shares a process with them.
 * A session's pacing (`beforeNavigate`) is taken here, right before the browser is asked.
 */
export function createRemoteRenderer(
  network: Pick<RendererOptions, keyof BrowserNetwork>,
  invoke: InvokeFunction,
): Renderer {
  let closed = false;
  return {
    async render(url, options = {}) {
      if (closed) throw new PricewardenError("INTERNAL", "renderer is closed");
      const givenUp = (): { outcome: FetchOutcome; refused: [] } => ({
        outcome: { kind: "error", url, code: "aborted", reason: "the render was given up", attempts: 1 },
        refused: [],
      });
      if (options.signal?.aborted) return givenUp();
      if (options.beforeNavigate && !(await options.beforeNavigate()))
        return {
          outcome: {
            kind: "error",
            url,
            code: "cancelled",
            reason: "the render was cancelled before its page was requested",
            attempts: 1,
          },
          refused: [],
        };
      let answer: unknown;
      try {
        answer = await invoke(browserRequest(url, network, options), options.signal);
      } catch (error) {
        if (options.signal?.aborted) return givenUp();
        throw error;
      }
      return unpackRenderResult(answer, network.maxBytes);
    },
    async close() {
      closed = true;
    },
  };
}
