import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiTestStack, bearer, brandA, startApiTestStack } from "./api-test-stack.js";

let stack: ApiTestStack;

beforeAll(async () => {
  stack = await startApiTestStack();
});
afterAll(async () => {
  await stack?.close();
});

type Problems = { error: string; problems: Array<{ path: string; message: string }> };

async function problems(path: string, init: RequestInit = {}): Promise<{ status: number; body: Problems }> {
  const res = await fetch(`${stack.server.url}${path}`, {
    ...init,
    headers: { ...bearer(brandA), ...(init.headers as Record<string, string> | undefined) },
  });
  return { status: res.status, body: (await res.json()) as Problems };
}

describe("input validation", () => {
  it("lists every problem of a bad alert query", async () => {
    const { status, body } = await problems("/api/alerts?status=closed&type=fraud&channel=JD!&color=red");
    expect(status).toBe(400);
    expect(body.error).toBe("bad_request");
    expect(body.problems.map((p) => p.path).sort()).toEqual(["channel", "color", "status", "type"]);
    expect(body.problems.find((p) => p.path === "color")?.message).toBe("Unknown parameter “color”.");
  });

  it("treats empty filters as absent", async () => {
    const res = await fetch(`${stack.server.url}/api/alerts?status=&type=&sku=&channel=`, {
      headers: bearer(brandA),
    });
    expect(res.status).toBe(200);
  });

  it("validates history and runs queries", async () => {
    expect((await problems("/api/history?since=yesterday")).body.problems[0]?.path).toBe("since");
    expect((await problems("/api/runs?limit=1000")).body.problems[0]?.path).toBe("limit");
    expect((await problems(`/api/listings?sku=${"x".repeat(65)}`)).body.problems[0]?.path).toBe("sku");
  });

  it("validates the status body", async () => {
    const id = stack.seeded.alerts["a:hostile"];
    const post = (body: string) =>
      problems(`/api/alerts/${id}/status`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body,
      });
    const reopen = await post(JSON.stringify({ status: "open" }));
    expect(reopen.status).toBe(400);
    expect(reopen.body.problems[0]?.path).toBe("status");
    const long = await post(
      JSON.stringify({ status: "dismissed", note: "x".repeat(501), by: "someone else" }),
    );
    expect(long.body.problems.map((p) => p.path).sort()).toEqual(["(root)", "note"]);
    const broken = await post("{not json");
    expect(broken.status).toBe(400);
    expect(broken.body.problems[0]?.path).toBe("(body)");
  });

  it("unknown and malformed ids are 404", async () => {
    expect((await problems(`/api/alerts/${"f".repeat(24)}`)).status).toBe(404);
    expect((await problems("/api/alerts/..%2F..%2Fetc")).status).toBe(404);
    expect((await problems("/api/nothing-here")).status).toBe(404);
  });
});
