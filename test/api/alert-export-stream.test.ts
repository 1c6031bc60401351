import { describe, expect, it } from "vitest";
import { DEFAULT_EXPORT_CONTEXT } from "../../functions/api/alert-export-columns.js";
import { alertsCsvStream } from "../../functions/api/alert-export-stream.js";
import type { AlertView } from "../../functions/core/alert-view.js";

async function* pages(...sizes: number[]): AsyncGenerator<AlertView[]> {
  for (const size of sizes) yield new Array<AlertView>(size);
}

describe("streamed CSV export", () => {
  it("ends after walk pages with no rows instead of waiting for a chunk that never comes", async () => {
    // A walk that ends on a page boundary yields an empty last page; so can a filtered page.
    const bytes = Buffer.from(
      await new Response(alertsCsvStream(pages(0, 0, 0), DEFAULT_EXPORT_CONTEXT)).arrayBuffer(),
    );
    // The BOM Excel needs, then the header line and nothing else.
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.toString("utf8").trimEnd().split("\r\n")).toHaveLength(1);
  });
});
