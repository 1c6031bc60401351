import { createHash, generateKeyPairSync, randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, type JWK, SignJWT } from "jose";

export interface FakeCognito {
  /** `http://127.0.0.1:PORT/pool`: the tokens' issuer; its JWKS is at `/pool/.well-known/jwks.json`. */
  issuer: string;
  /** `http://127.0.0.1:PORT`: the hosted UI (`/oauth2/authorize`, `/oauth2/token`, `/logout`). */
  domain: string;
  clientId: string;
  /** Who "signs in" at the next authorize request (the hosted UI's login form is not simulated). */
  user: Record<string, unknown>;
  /** An ID token for `claims`, signed with the pool's key unless `otherKey`. */
  idToken(
    claims: Record<string, unknown>,
    opts?: { otherKey?: boolean; expiresIn?: number; audience?: string },
  ): Promise<string>;
  tokenRequests: URLSearchParams[];
  close(): Promise<void>;
}

/**
 * A stand-in for a Cognito user pool's hosted UI on 127.0.0.1: authorization codes bound to the
 * PKCE challenge and redirect URI they were issued for, a token endpoint that checks both, and a
 * JWKS with a real RSA key. Cognito itself has no local equivalent.
 */
export async function startFakeCognito(): Promise<FakeCognito> {
  const key = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const other = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const jwk: JWK = { ...(await exportJWK(key.publicKey)), kid: "pool-key-1", alg: "RS256", use: "sig" };
  const codes = new Map<string, { challenge: string; redirectUri: string; user: Record<string, unknown> }>();
  const tokenRequests: URLSearchParams[] = [];
  let origin = "";

  const fake: FakeCognito = {
    issuer: "",
    domain: "",
    clientId: "web-client-123",
    user: {},
    tokenRequests,
    async idToken(claims, opts = {}) {
      const now = Math.floor(Date.now() / 1000);
      return new SignJWT({ token_use: "id", ...claims })
        .setProtectedHeader({ alg: "RS256", kid: "pool-key-1" })
        .setIssuer(fake.issuer)
        .setAudience(opts.audience ?? fake.clientId)
        .setSubject("user-sub-1")
        .setIssuedAt(now)
        .setExpirationTime(now + (opts.expiresIn ?? 3600))
        .sign(opts.otherKey ? other.privateKey : key.privateKey);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", origin);
    if (req.method === "GET" && url.pathname === "/pool/.well-known/jwks.json") {
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ keys: [jwk] }));
      return;
    }
    if (req.method === "GET" && url.pathname === "/oauth2/authorize") {
      const q = url.searchParams;
      if (q.get("client_id") !== fake.clientId || q.get("code_challenge_method") !== "S256") {
        res.writeHead(400).end("bad authorize request");
        return;
      }
      const code = randomBytes(12).toString("hex");
      codes.set(code, {
        challenge: q.get("code_challenge") ?? "",
        redirectUri: q.get("redirect_uri") ?? "",
        user: fake.user,
      });
      const back = new URL(q.get("redirect_uri") ?? "");
      back.searchParams.set("code", code);
      back.searchParams.set("state", q.get("state") ?? "");
      res.writeHead(302, { location: back.toString() }).end();
      return;
    }
    if (req.method === "POST" && url.pathname === "/oauth2/token") {
      let body = "";
      req.setEncoding("utf8");
      req.on("data", (chunk: string) => {
        body += chunk;
      });
      req.on("end", async () => {
        const form = new URLSearchParams(body);
        tokenRequests.push(form);
        const grant = codes.get(form.get("code") ?? "");
        codes.delete(form.get("code") ?? "");
        const challenge = createHash("sha256")
          .update(form.get("code_verifier") ?? "")
          .digest("base64url");
        if (
          !grant ||
          form.get("grant_type") !== "authorization_code" ||
          form.get("client_id") !== fake.clientId ||
          form.get("redirect_uri") !== grant.redirectUri ||
          challenge !== grant.challenge
        ) {
          res.writeHead(400, { "content-type": "application/json" }).end('{"error":"invalid_grant"}');
          return;
        }
        const idToken = await fake.idToken(grant.user);
        res.writeHead(200, { "content-type": "application/json" }).end(
          JSON.stringify({
            id_token: idToken,
            access_token: "opaque",
            token_type: "Bearer",
            expires_in: 3600,
          }),
        );
      });
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.issuer = `${origin}/pool`;
  fake.domain = origin;
  return fake;
}
