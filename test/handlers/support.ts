import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { SQSEvent, SQSRecord } from "aws-lambda";
import { type TenantConfig, validateConfig } from "../../functions/core/config.js";
import type { EmbeddedDynamo } from "../../functions/local/embedded-dynamodb.js";

export const CRAWL_QUEUE_URL = "https://sqs.us-east-1.amazonaws.com/111111111111/crawl";
export const RENDER_QUEUE_URL = "https://sqs.us-east-1.amazonaws.com/111111111111/render";

/** What the CDK stack sets, pointed at dynalite; read by the handler module at import. */
export function setHandlerEnvironment(db: EmbeddedDynamo): void {
  Object.assign(process.env, {
    TABLE_NAME: db.tableName,
    DYNAMODB_ENDPOINT: db.endpoint,
    AWS_REGION: "us-east-1",
    AWS_ACCESS_KEY_ID: "local",
    AWS_SECRET_ACCESS_KEY: "local",
    CRAWL_QUEUE_URL,
    RENDER_QUEUE_URL,
    POWERTOOLS_LOG_LEVEL: "SILENT",
    POWERTOOLS_METRICS_DISABLED: "true",
  });
}

export interface LocalServer {
  origin: string;
  requests: Array<{ method: string; url: string; headers: IncomingMessage["headers"]; body: string }>;
  close(): Promise<void>;
}

/** A tiny site on 127.0.0.1 (port 0): `routes` maps a path to HTML; everything else is 404. */
export async function startLocalServer(
  routes: (origin: string) => Record<string, string>,
  status = 200,
): Promise<LocalServer> {
  const requests: LocalServer["requests"] = [];
  let origin = "";
  const server: Server = createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => {
      body += chunk;
    });
    req.on("end", () => {
      requests.push({ method: req.method ?? "GET", url: req.url ?? "/", headers: req.headers, body });
      const page = routes(origin)[req.url ?? "/"];
      if (req.method === "POST") {
        res.writeHead(status, { "content-type": "text/plain" }).end("ok");
      } else if (page === undefined) {
        res.writeHead(404, { "content-type": "text/plain" }).end("not found");
      } else {
        res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(page);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export function productPage(opts: { title: string; price: string; seller: string }): string {
  const ld = {
    "@context": "https://schema.org",
    "@type": "Product",
    name: opts.title,
    offers: {
      "@type": "Offer",
      price: opts.price,
      priceCurrency: "CNY",
      availability: "https://schema.org/InStock",
      seller: { "@type": "Organization", name: opts.seller },
    },
  };
  return `<!doctype html><html><head><meta charset="utf-8"><title>${opts.title}</title>
<script type="application/ld+json">${JSON.stringify(ld)}</script></head>
<body><h1>${opts.title}</h1><div class="price">¥${opts.price}</div></body></html>`;
}

export function testConfig(
  tenant: string,
  origin: string,
  extra: Partial<Record<string, unknown>> = {},
): TenantConfig {
  const result = validateConfig({
    tenant,
    channels: [{ id: "shop", name: "Test shop", match: [`${origin}/`] }],
    products: [
      {
        sku: "GLU-50",
        name: "安可血糖试纸 50片",
        match: { keywords: [["安可", "血糖试纸"]], packSize: 50 },
        msrp: 199,
        minPrice: 159,
      },
    ],
    officialSellers: [{ channel: "shop", name: "安可官方旗舰店" }],
    rules: { minPrice: {}, authorizedSeller: {} },
    watch: [{ url: `${origin}/item/1.html`, channel: "shop", sku: "GLU-50" }],
    network: { allowPrivateAddresses: true, delayMs: 0, retries: 0, timeoutMs: 5000 },
    ...extra,
  });
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.config;
}

export function sqsEvent(records: Array<{ messageId: string; body: string }>): SQSEvent {
  return {
    Records: records.map(
      (r): SQSRecord => ({
        messageId: r.messageId,
        receiptHandle: `rh-${r.messageId}`,
        body: r.body,
        attributes: {
          ApproximateReceiveCount: "1",
          SentTimestamp: "1767225600000",
          SenderId: "AIDAEXAMPLE",
          ApproximateFirstReceiveTimestamp: "1767225600000",
        },
        messageAttributes: {},
        md5OfBody: "0",
        eventSource: "aws:sqs",
        eventSourceARN: "arn:aws:sqs:us-east-1:111111111111:crawl",
        awsRegion: "us-east-1",
      }),
    ),
  };
}
