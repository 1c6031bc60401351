import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { awsSessionRepository } from "../../functions/aws/aws-sessions.js";
import { lazyKmsSessionCipher } from "../../functions/aws/render-sessions.js";
import type { StorageState } from "../../functions/core/browser-session.js";
import { type EmbeddedDynamo, startEmbeddedDynamo } from "../../functions/local/embedded-dynamodb.js";
import { createDocumentClient } from "../../functions/store/dynamo-client.js";
import { SessionRepository } from "../../functions/store/session-repository.js";
import { SESSION_ENCRYPTION_CONTEXT_KEYS } from "../../lib/constructs/session-key.js";
import { fakeKms } from "./fake-kms.js";

const KEY = "arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const SECRET = "SECRET-cookie-value-0123456789";
const STATE: StorageState = {
  cookies: [
    {
      name: "thor",
      value: SECRET,
      domain: ".jd.com",
      path: "/",
      expires: -1,
      httpOnly: true,
      secure: true,
      sameSite: "Lax",
    },
  ],
  origins: [],
};

let db: EmbeddedDynamo;
let kms: ReturnType<typeof fakeKms>;

beforeAll(async () => {
  kms = fakeKms(KEY);
  db = await startEmbeddedDynamo({ dataDir: null });
});
afterAll(async () => {
  kms.mock.restore();
  await db.close();
});

describe("awsSessionRepository (session import … --table T --kms-key K)", () => {
  it("seals an imported session with a KMS data key under its context; the render function's cipher opens it", async () => {
    const aws = awsSessionRepository({
      table: db.tableName,
      kmsKey: "alias/pricewarden-sessions-dev",
      dynamodbEndpoint: db.endpoint,
    });
    let id: string;
    try {
      const info = await aws.repository.put("acme", "jd", STATE, { label: "京东 采购账号 2" });
      id = info.id;
      expect(info).toMatchObject({
        tenant: "acme",
        channel: "jd",
        health: "unchecked",
        label: "京东 采购账号 2",
      });
      expect((await aws.repository.list("acme")).map((s) => s.id)).toEqual([id]);
    } finally {
      aws.close();
    }
    // Asked for with the alias given; the stored key id is the key's ARN (what Decrypt names).
    expect(kms.generated).toEqual([
      { keyId: "alias/pricewarden-sessions-dev", context: { tenant: "acme", channel: "jd", session: id } },
    ]);
    // The context the key policy and the render role's condition require: exactly these keys.
    expect(Object.keys(kms.generated[0]!.context ?? {}).sort()).toEqual(
      [...SESSION_ENCRYPTION_CONTEXT_KEYS].sort(),
    );

    const doc = createDocumentClient({ endpoint: db.endpoint });
    try {
      const item = await doc.send(
        new GetCommand({ TableName: db.tableName, Key: { pk: "T#acme", sk: `SESSION#jd#${id}` } }),
      );
      expect(item.Item?.sealedState).toMatchObject({ format: "gzip-json/1", keyId: KEY });
      expect(JSON.stringify(item.Item)).not.toContain(SECRET);

      const render = new SessionRepository(doc, db.tableName, lazyKmsSessionCipher("us-east-1", KEY));
      expect(await render.load("acme", "jd", id)).toEqual(STATE);
      expect(kms.decrypted.at(-1)).toEqual({
        keyId: KEY,
        context: { tenant: "acme", channel: "jd", session: id },
      });
    } finally {
      doc.destroy();
    }
  });

  it("refuses an empty table or key", () => {
    expect(() => awsSessionRepository({ table: "", kmsKey: KEY })).toThrow(/--table/);
    expect(() => awsSessionRepository({ table: "t", kmsKey: " " })).toThrow(/--kms-key/);
  });

  it("the render function's cipher without SESSION_KEY_ID refuses, naming the setting", async () => {
    const cipher = lazyKmsSessionCipher("us-east-1", undefined);
    await expect(cipher.decrypt({ ciphertext: "AA==", keyId: KEY }, "acme/jd/abc")).rejects.toMatchObject({
      code: "CONFIG_INVALID",
      message: expect.stringContaining("SESSION_KEY_ID"),
    });
  });
});
