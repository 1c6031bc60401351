import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import dynalite from "dynalite";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "../../functions/crawl/render/chromium-launch.js";
import { type EmbeddedDynamo, startEmbeddedDynamo } from "../../functions/local/embedded-dynamodb.js";
import { createDocumentClient } from "../../functions/store/dynamo-client.js";

/**
 * Issue 14, item 1: a page on another origin read every alert from the embedded store and
 * dismissed a HIGH alert. The same page runs against an unguarded dynalite first, so a pass
 * below means the guard stopped a working attack, not that the attack was broken.
 */

const ALERT = { pk: "T#acme", sk: "ALERT#high-1", status: "open", severity: "HIGH", gsi1pk: "T#acme#S#open" };

/** What the attacker's page runs: read everything (CORS fetch), then dismiss the alert. */
async function attack(endpoint: string): Promise<{ read: string | null; dismissAnswered: boolean }> {
  const headers = {
    "content-type": "application/x-amz-json-1.0",
    authorization:
      "AWS4-HMAC-SHA256 Credential=x/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0",
    "x-amz-date": "20260101T000000Z",
  };
  let read: string | null = null;
  try {
    const scan = await fetch(endpoint, {
      method: "POST",
      headers: { ...headers, "x-amz-target": "DynamoDB_20120810.Scan" },
      body: JSON.stringify({ TableName: "pricewarden" }),
    });
    read = await scan.text();
  } catch {
    read = null;
  }
  let dismissAnswered = false;
  try {
    await fetch(endpoint, {
      method: "POST",
      headers: { ...headers, "x-amz-target": "DynamoDB_20120810.UpdateItem" },
      body: JSON.stringify({
        TableName: "pricewarden",
        Key: { pk: { S: "T#acme" }, sk: { S: "ALERT#high-1" } },
        UpdateExpression: "SET #s = :d, gsi1pk = :k",
        ExpressionAttributeNames: { "#s": "status" },
        ExpressionAttributeValues: { ":d": { S: "dismissed" }, ":k": { S: "T#acme#S#dismissed" } },
      }),
    });
    dismissAnswered = true;
  } catch {
    dismissAnswered = false;
  }
  // A no-cors "simple" request needs no preflight; the page cannot read it, but it could still write.
  await fetch(endpoint, {
    method: "POST",
    mode: "no-cors",
    headers: { "content-type": "text/plain" },
    body: JSON.stringify({
      TableName: "pricewarden",
      Key: { pk: { S: "T#acme" }, sk: { S: "ALERT#high-1" } },
    }),
  }).catch(() => undefined);
  return { read, dismissAnswered };
}

let browser: Browser;
let page: Server;
let pageOrigin: string;

beforeAll(async () => {
  browser = await launchChromium();
  page = createServer((_req, res) => {
    res.writeHead(200, { "content-type": "text/html" });
    res.end("<!doctype html><title>cheap pharmacy deals</title>");
  });
  await new Promise<void>((resolve) => page.listen(0, "127.0.0.1", resolve));
  // localhost, not 127.0.0.1: another origin than the store's, as any web page is.
  pageOrigin = `http://localhost:${(page.address() as AddressInfo).port}`;
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((resolve) => page?.close(() => resolve()));
});

async function runAttackFromPage(endpoint: string) {
  const context = await browser.newContext();
  try {
    const tab = await context.newPage();
    await tab.goto(pageOrigin);
    return await tab.evaluate(attack, endpoint);
  } finally {
    await context.close();
  }
}

async function seedAlert(endpoint: string, tableName: string) {
  const doc = createDocumentClient({ endpoint });
  await doc.send(new PutCommand({ TableName: tableName, Item: ALERT }));
  return doc;
}

describe("a web page on another origin against the local store", () => {
  it("(control) reads and dismisses through a bare dynalite: the attack works where nothing guards", async () => {
    const bare = dynalite({ createTableMs: 0 });
    await new Promise<void>((resolve) => bare.listen(0, "127.0.0.1", resolve));
    const endpoint = `http://127.0.0.1:${(bare.address() as AddressInfo).port}`;
    try {
      const doc = createDocumentClient({ endpoint });
      const { CreateTableCommand } = await import("@aws-sdk/client-dynamodb");
      await doc.send(
        new CreateTableCommand({
          TableName: "pricewarden",
          BillingMode: "PAY_PER_REQUEST",
          AttributeDefinitions: [
            { AttributeName: "pk", AttributeType: "S" },
            { AttributeName: "sk", AttributeType: "S" },
          ],
          KeySchema: [
            { AttributeName: "pk", KeyType: "HASH" },
            { AttributeName: "sk", KeyType: "RANGE" },
          ],
        }),
      );
      await seedAlert(endpoint, "pricewarden");
      const result = await runAttackFromPage(endpoint);
      expect(result.read).toContain("ALERT#high-1");
      const after = await doc.send(
        new GetCommand({ TableName: "pricewarden", Key: { pk: ALERT.pk, sk: ALERT.sk } }),
      );
      expect(after.Item?.status).toBe("dismissed");
      doc.destroy();
    } finally {
      await new Promise<void>((resolve) => bare.close(() => resolve()));
    }
  }, 120_000);

  it("reads nothing and changes nothing in the embedded store", async () => {
    const db: EmbeddedDynamo = await startEmbeddedDynamo({ dataDir: null });
    try {
      const doc = await seedAlert(db.endpoint, db.tableName);
      const result = await runAttackFromPage(db.endpoint);
      expect(result.read).toBeNull();
      expect(result.dismissAnswered).toBe(false);
      const after = await doc.send(
        new GetCommand({ TableName: db.tableName, Key: { pk: ALERT.pk, sk: ALERT.sk } }),
      );
      expect(after.Item).toEqual(ALERT);
      doc.destroy();
    } finally {
      await db.close();
    }
  }, 120_000);
});
