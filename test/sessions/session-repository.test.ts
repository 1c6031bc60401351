import { randomBytes } from "node:crypto";
import { GetCommand, PutCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StorageState } from "../../functions/core/browser-session.js";
import { type EmbeddedDynamo, startEmbeddedDynamo } from "../../functions/local/embedded-dynamodb.js";
import { sessionCipherWithKey } from "../../functions/sessions/local-session-cipher.js";
import { createDocumentClient } from "../../functions/store/dynamo-client.js";
import { SessionRepository } from "../../functions/store/session-repository.js";

const COOKIE_SECRET = "pt-key-AAAA-secret-cookie-value-7f3a";
const STORAGE_SECRET = "local-storage-token-9b1c";
const NOW = new Date("2026-03-01T08:00:00.000Z");
const at = (seconds: number) => NOW.getTime() / 1000 + seconds;

function storageState(patch: Partial<StorageState> = {}): StorageState {
  return {
    cookies: [
      {
        name: "pt_key",
        value: COOKIE_SECRET,
        domain: ".jd.com",
        path: "/",
        expires: at(30 * 86_400),
        httpOnly: true,
        secure: true,
        sameSite: "None",
      },
      {
        name: "__jda",
        value: "tracking",
        domain: ".jd.com",
        path: "/",
        expires: at(7 * 86_400),
        httpOnly: false,
        secure: false,
        sameSite: "Lax",
      },
      // Lasts for the browser session only, and one already past: neither is an expiry.
      {
        name: "s",
        value: "x",
        domain: "item.jd.com",
        path: "/",
        expires: -1,
        httpOnly: false,
        secure: true,
        sameSite: "Lax",
      },
      {
        name: "old",
        value: "y",
        domain: ".jd.com",
        path: "/",
        expires: at(-60),
        httpOnly: false,
        secure: true,
        sameSite: "Lax",
      },
    ],
    origins: [{ origin: "https://item.jd.com", localStorage: [{ name: "token", value: STORAGE_SECRET }] }],
    ...patch,
  };
}

let db: EmbeddedDynamo;
let doc: ReturnType<typeof createDocumentClient>;
let repo: SessionRepository;
let counter = 0;

beforeAll(async () => {
  db = await startEmbeddedDynamo({ dataDir: null });
  doc = createDocumentClient({ endpoint: db.endpoint });
  repo = new SessionRepository(doc, db.tableName, sessionCipherWithKey(randomBytes(32)), {
    now: () => NOW,
    newId: () => `s${String(++counter).padStart(4, "0")}`,
  });
});
afterAll(async () => {
  doc.destroy();
  await db.close();
});

describe("SessionRepository", () => {
  it("puts a session under the tenant's partition and loads its state back", async () => {
    const info = await repo.put("acme", "jd", storageState(), {
      label: "京东 采购账号 2",
      area: "19_1607_4773_62123",
    });
    expect(info).toEqual({
      tenant: "acme",
      channel: "jd",
      id: info.id,
      label: "京东 采购账号 2",
      health: "unchecked",
      reason: null,
      createdAt: NOW.toISOString(),
      lastUsedAt: null,
      lastCheckedAt: null,
      // The earliest cookie that states an expiry and has not passed: __jda, in 7 days.
      expiresAt: "2026-03-08T08:00:00.000Z",
      area: "19_1607_4773_62123",
    });
    expect(await repo.load("acme", "jd", info.id)).toEqual(storageState());
    expect(await repo.get("acme", "jd", info.id)).toEqual(info);
    // Another tenant or channel does not see it.
    expect(await repo.load("other", "jd", info.id)).toBeNull();
    expect(await repo.load("acme", "tmall", info.id)).toBeNull();
    expect(await repo.list("other")).toEqual([]);
  });

  it("never has the state in list output, nor in the raw item in plaintext", async () => {
    const info = await repo.put("raw", "jd", storageState());
    const listed = await repo.list("raw");
    expect(listed).toEqual([info]);
    const text = JSON.stringify(listed);
    expect(text).not.toContain(COOKIE_SECRET);
    expect(text).not.toContain("sealedState");
    expect(text).not.toContain("ciphertext");

    const raw = await doc.send(
      new GetCommand({ TableName: db.tableName, Key: { pk: "T#raw", sk: `SESSION#jd#${info.id}` } }),
    );
    const item = raw.Item!;
    expect(item.sealedState).toMatchObject({
      format: "gzip-json/1",
      keyId: expect.stringMatching(/^local:/),
    });
    const rawText = JSON.stringify(item);
    for (const secret of [COOKIE_SECRET, STORAGE_SECRET, "pt_key", ".jd.com"])
      expect(rawText).not.toContain(secret);
    const sealedBytes = Buffer.from((item.sealedState as { ciphertext: string }).ciphertext, "base64");
    expect(sealedBytes.includes(Buffer.from(COOKIE_SECRET))).toBe(false);
    // The table's TTL attribute is left alone: a lapsed cookie must not delete the session.
    expect(item.expiresAt).toBeUndefined();
    expect(item.cookiesExpireAt).toBe("2026-03-08T08:00:00.000Z");
  });

  it("lists by channel (jd is not a prefix of jd-health), oldest first within a channel", async () => {
    const a = await repo.put("multi", "jd", storageState(), { label: "a" });
    const b = await repo.put("multi", "jd-health", storageState(), { label: "b" });
    const c = await repo.put("multi", "jd", storageState(), { label: "c" });
    expect((await repo.list("multi")).map((s) => s.id)).toEqual([a.id, c.id, b.id]);
    expect((await repo.list("multi", "jd")).map((s) => s.id)).toEqual([a.id, c.id]);
    expect((await repo.list("multi", "jd-health")).map((s) => s.id)).toEqual([b.id]);
    // Other items in the tenant's partition are not sessions.
    await doc.send(
      new PutCommand({ TableName: db.tableName, Item: { pk: "T#multi", sk: "RUN#2026", x: 1 } }),
    );
    expect(await repo.list("multi")).toHaveLength(3);
  });

  it("refuses what is not a storage state, or too large a one, and stores nothing", async () => {
    const bad = { cookies: [{ name: "a", value: COOKIE_SECRET }], origins: [] } as unknown as StorageState;
    const error = await repo.put("refuse", "jd", bad).catch((e: Error) => e);
    expect(error).toMatchObject({ code: "BAD_INPUT", message: expect.stringContaining("cookies[0].domain") });
    expect((error as Error).message).not.toContain(COOKIE_SECRET);
    await expect(repo.put("refuse", "jd", storageState({ cookies: [] }))).rejects.toThrow(/no cookies/);
    await expect(repo.put("refuse", "JD#x", storageState())).rejects.toMatchObject({ code: "BAD_INPUT" });
    const huge = storageState({
      origins: [
        {
          origin: "https://item.jd.com",
          localStorage: [{ name: "blob", value: randomBytes(300 * 1024).toString("base64") }],
        },
      ],
    });
    await expect(repo.put("refuse", "jd", huge)).rejects.toThrow(/too large to store/);
    expect(await repo.list("refuse")).toEqual([]);
  });

  it("mark: true only when health changes, once among concurrent marks; stale checks change nothing", async () => {
    const { id } = await repo.put("mark", "jd", storageState());
    const results = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        repo.mark("mark", "jd", id, {
          health: "unhealthy",
          reason: `login stub ${i}`,
          at: "2026-03-01T09:00:00.000Z",
        }),
      ),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
    let info = await repo.get("mark", "jd", id);
    expect(info).toMatchObject({ health: "unhealthy", lastCheckedAt: "2026-03-01T09:00:00.000Z" });
    expect(info!.reason).toMatch(/^login stub \d$/);

    // Still unhealthy, for another reason: recorded, but not a change.
    expect(
      await repo.mark("mark", "jd", id, {
        health: "unhealthy",
        reason: "masked price",
        at: "2026-03-01T09:05:00.000Z",
      }),
    ).toBe(false);
    expect(await repo.get("mark", "jd", id)).toMatchObject({ reason: "masked price" });

    // A check older than the last one recorded does not overwrite it.
    expect(
      await repo.mark("mark", "jd", id, { health: "healthy", reason: null, at: "2026-03-01T08:30:00.000Z" }),
    ).toBe(false);
    expect(await repo.get("mark", "jd", id)).toMatchObject({ health: "unhealthy", reason: "masked price" });

    expect(
      await repo.mark("mark", "jd", id, {
        health: "healthy",
        reason: "ignored",
        at: "2026-03-01T10:00:00.000Z",
      }),
    ).toBe(true);
    info = await repo.get("mark", "jd", id);
    expect(info).toMatchObject({
      health: "healthy",
      reason: null,
      lastCheckedAt: "2026-03-01T10:00:00.000Z",
    });

    expect(
      await repo.mark("mark", "jd", "nosuch", {
        health: "unhealthy",
        reason: "x",
        at: "2026-03-01T11:00:00.000Z",
      }),
    ).toBe(false);
    expect(await repo.get("mark", "jd", "nosuch")).toBeNull();
  });

  it("touch moves lastUsedAt forward only, and never creates a session", async () => {
    const { id } = await repo.put("touch", "jd", storageState());
    await repo.touch("touch", "jd", id, "2026-03-01T09:00:00.000Z");
    await repo.touch("touch", "jd", id, "2026-03-01T08:59:00.000Z");
    expect((await repo.get("touch", "jd", id))!.lastUsedAt).toBe("2026-03-01T09:00:00.000Z");
    await repo.touch("touch", "jd", "nosuch", "2026-03-01T09:00:00.000Z");
    expect(await repo.list("touch")).toHaveLength(1);
  });

  it("remove deletes the session and its state; false when there was none", async () => {
    const { id } = await repo.put("remove", "jd", storageState());
    expect(await repo.remove("remove", "jd", id)).toBe(true);
    expect(await repo.remove("remove", "jd", id)).toBe(false);
    expect(await repo.load("remove", "jd", id)).toBeNull();
    const left = await doc.send(
      new QueryCommand({
        TableName: db.tableName,
        KeyConditionExpression: "pk = :pk",
        ExpressionAttributeValues: { ":pk": "T#remove" },
      }),
    );
    expect(left.Items).toEqual([]);
  });

  it("a sealed state moved to another session's key does not open", async () => {
    const { id } = await repo.put("moved", "jd", storageState());
    const other = await repo.put("moved", "jd", storageState({ origins: [] }));
    const raw = await doc.send(
      new GetCommand({ TableName: db.tableName, Key: { pk: "T#moved", sk: `SESSION#jd#${id}` } }),
    );
    await doc.send(
      new PutCommand({
        TableName: db.tableName,
        Item: { ...raw.Item!, sk: `SESSION#jd#${other.id}`, id: other.id },
      }),
    );
    await expect(repo.load("moved", "jd", other.id)).rejects.toThrow(/sealed for another session/);
  });
});
