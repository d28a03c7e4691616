// The dashboard's token route, called as Next.js calls it, and the token it mints checked as Convex checks a customJwt provider's.
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createLocalJWKSet, jwtVerify, type JSONWebKeySet } from "jose";
import { createLocalKeys, type LocalKeys } from "../../scripts/lib/localKeys.mjs";
import { LOCAL_OPERATOR, LOCAL_OPERATOR_TOKEN_PATH, LOCAL_OPERATOR_TOKEN_TTL_SECONDS } from "@/domain/localOperator";
import { POST } from "@/app/api/local-operator/token/route";

let keys: LocalKeys;
beforeAll(async () => {
  keys = await createLocalKeys();
});
afterEach(() => vi.unstubAllEnvs());

function request(headers: Record<string, string>) {
  return new Request(`http://localhost:3000${LOCAL_OPERATOR_TOKEN_PATH}`, { method: "POST", headers });
}
const sameOrigin = { host: "localhost:3000", origin: "http://localhost:3000", "sec-fetch-site": "same-origin" };

describe("POST /api/local-operator/token", () => {
  it("mints a short-lived token the machine's public key verifies, with the claims Convex checks", async () => {
    vi.stubEnv("LOCAL_OPERATOR_PRIVATE_JWK", keys.privateJwk);
    const response = await POST(request(sameOrigin));
    expect([response.status, response.headers.get("cache-control")]).toEqual([200, "no-store"]);
    const { token } = (await response.json()) as { token: string };
    const { payload, protectedHeader } = await jwtVerify(
      token,
      createLocalJWKSet(JSON.parse(keys.jwks) as JSONWebKeySet),
      {
        issuer: LOCAL_OPERATOR.issuer,
        audience: LOCAL_OPERATOR.audience,
        algorithms: ["ES256"],
      },
    );
    expect(protectedHeader).toMatchObject({
      alg: "ES256",
      typ: "JWT",
      kid: (JSON.parse(keys.jwks) as JSONWebKeySet).keys[0].kid,
    });
    expect(payload).toMatchObject({ sub: LOCAL_OPERATOR.subject, name: LOCAL_OPERATOR.name });
    expect(payload.exp! - payload.iat!).toBe(LOCAL_OPERATOR_TOKEN_TTL_SECONDS);
  });

  it("refuses other origins, other hosts and a server without the key, with no token in the answer", async () => {
    vi.stubEnv("LOCAL_OPERATOR_PRIVATE_JWK", keys.privateJwk);
    for (const headers of [
      { ...sameOrigin, origin: "http://evil.example", "sec-fetch-site": "cross-site" },
      {
        host: "127.0.0.1.attacker.example:3000",
        origin: "http://127.0.0.1.attacker.example:3000",
        "sec-fetch-site": "same-origin",
      },
      { host: "localhost:3000" },
    ]) {
      const response = await POST(request(headers));
      expect([JSON.stringify(headers), response.status]).toEqual([JSON.stringify(headers), 403]);
      expect(await response.json()).toEqual({ error: expect.any(String) });
    }
    vi.stubEnv("LOCAL_OPERATOR_PRIVATE_JWK", "");
    expect((await POST(request(sameOrigin))).status).toBe(403);
  });
});
