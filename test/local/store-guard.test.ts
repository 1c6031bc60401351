import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { afterEach, describe, expect, it } from "vitest";
import { type EmbeddedDynamo, startEmbeddedDynamo } from "../../functions/local/embedded-dynamodb.js";
import { openLocalStore } from "../../functions/local/local-store.js";
import { createDocumentClient, STORE_KEY_HEADER } from "../../functions/store/dynamo-client.js";

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const clean of cleanups.splice(0).reverse()) await clean();
});

async function started(dataDir: string | null = null): Promise<EmbeddedDynamo> {
  const db = await startEmbeddedDynamo({ dataDir });
  cleanups.push(() => db.close());
  return db;
}

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "pricewarden-guard-"));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A raw request, so the test controls Host and Origin the way a browser or a rebound name would. */
function raw(
  endpoint: string,
  opts: { method?: string; headers?: Record<string, string>; body?: string },
): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  const url = new URL(endpoint);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: url.hostname, port: url.port, method: opts.method ?? "POST", path: "/", headers: opts.headers },
      (res) => {
        let body = "";
        res.on("data", (chunk: Buffer) => {
          body += chunk.toString();
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on("error", reject);
    req.end(opts.body);
  });
}

const scanHeaders = (host: string) => ({
  host,
  "content-type": "application/x-amz-json-1.0",
  "x-amz-target": "DynamoDB_20120810.Scan",
  authorization:
    "AWS4-HMAC-SHA256 Credential=local/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=00",
  "x-amz-date": "20260101T000000Z",
});

describe("the embedded store speaks only to the product", () => {
  it("answers the product's client and refuses a request without the per-start key", async () => {
    const db = await started();
    const doc = createDocumentClient({ endpoint: db.endpoint });
    cleanups.push(() => doc.destroy());
    await doc.send(new PutCommand({ TableName: db.tableName, Item: { pk: "a", sk: "b", v: 1 } }));
    const got = await doc.send(new GetCommand({ TableName: db.tableName, Key: { pk: "a", sk: "b" } }));
    expect(got.Item?.v).toBe(1);

    const host = new URL(db.endpoint).host;
    const body = JSON.stringify({ TableName: db.tableName });
    const keyless = await raw(db.endpoint, { headers: scanHeaders(host), body });
    expect(keyless.status).toBe(403);
    expect(keyless.body).not.toContain('"pk"');
    const wrongKey = await raw(db.endpoint, {
      headers: { ...scanHeaders(host), [STORE_KEY_HEADER]: "x".repeat(db.storeKey.length) },
      body,
    });
    expect(wrongKey.status).toBe(403);
    // The same request with the key is answered: the refusals above are the guard, not the shape.
    const keyed = await raw(db.endpoint, {
      headers: { ...scanHeaders(host), [STORE_KEY_HEADER]: db.storeKey },
      body,
    });
    expect(keyed.status).toBe(200);
    expect(keyed.body).toContain('"pk"');
  });

  it("refuses any Origin, grants no preflight, and sends no CORS header", async () => {
    const db = await started();
    const host = new URL(db.endpoint).host;
    const preflight = await raw(db.endpoint, {
      method: "OPTIONS",
      headers: {
        host,
        origin: "http://evil.example",
        "access-control-request-method": "POST",
        "access-control-request-headers": "content-type,x-amz-target",
      },
    });
    expect(preflight.status).toBe(403);
    expect(preflight.headers["access-control-allow-origin"]).toBeUndefined();
    expect(preflight.headers["access-control-allow-methods"]).toBeUndefined();
    // Even a caller that somehow holds the key is refused when it comes from a page.
    const fromPage = await raw(db.endpoint, {
      headers: { ...scanHeaders(host), origin: "http://evil.example", [STORE_KEY_HEADER]: db.storeKey },
      body: JSON.stringify({ TableName: db.tableName }),
    });
    expect(fromPage.status).toBe(403);
    expect(fromPage.headers["access-control-allow-origin"]).toBeUndefined();
  });

  it("refuses a rebound DNS name (wrong Host) even with the key", async () => {
    const db = await started();
    const port = new URL(db.endpoint).port;
    const body = JSON.stringify({ TableName: db.tableName });
    const headers = (host: string) => ({ ...scanHeaders(host), [STORE_KEY_HEADER]: db.storeKey });
    expect((await raw(db.endpoint, { headers: headers(`rebind.evil.example:${port}`), body })).status).toBe(
      403,
    );
    expect((await raw(db.endpoint, { headers: headers(`127.0.0.1:${Number(port) + 1}`), body })).status).toBe(
      403,
    );
    expect((await raw(db.endpoint, { headers: headers(`localhost:${port}`), body })).status).toBe(200);
  });

  it("keeps the database owner-only: directory 0700, files 0600, endpoint file 0600", async () => {
    const dataDir = tempDir();
    const store = await openLocalStore(dataDir, { publish: true });
    cleanups.push(() => store.close());
    const databaseDir = join(dataDir, "dynamodb");
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    expect(statSync(databaseDir).mode & 0o777).toBe(0o700);
    expect(statSync(join(dataDir, "endpoint.json")).mode & 0o777).toBe(0o600);
    await store.close();
    cleanups.pop();
    // Files written by the first start (LevelDB creates them 0644) are owner-only after the next.
    const again = await openLocalStore(dataDir);
    cleanups.push(() => again.close());
    const files = readdirSync(databaseDir).map((name) => statSync(join(databaseDir, name)));
    expect(files.length).toBeGreaterThan(2);
    for (const file of files) if (file.isFile()) expect(file.mode & 0o777).toBe(0o600);
  });

  it("does not trust an endpoint file left by a process that is gone", async () => {
    const dataDir = tempDir();
    // A live store of another data directory, published here under the pid of a dead process.
    const other = await started();
    const { spawnSync } = await import("node:child_process");
    const deadPid = spawnSync(process.execPath, ["-e", "0"]).pid;
    writeFileSync(
      join(dataDir, "endpoint.json"),
      JSON.stringify({ endpoint: other.endpoint, pid: deadPid, key: other.storeKey }),
    );
    const store = await openLocalStore(dataDir);
    cleanups.push(() => store.close());
    expect(store.owner).toBe(true);
    expect(readdirSync(dataDir)).not.toContain("endpoint.json");
  });
});
