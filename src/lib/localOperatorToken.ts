import { importJWK, SignJWT, type JWK } from "jose";
import { LOCAL_OPERATOR, LOCAL_OPERATOR_TOKEN_TTL_SECONDS } from "@/domain/localOperator";

/** A local-operator token signed with the machine's private key (a JWK as JSON, from `npm run dev`). */
export async function mintLocalOperatorToken(privateJwk: string, now = Date.now()): Promise<string> {
  const jwk = JSON.parse(privateJwk) as JWK;
  const key = await importJWK(jwk, LOCAL_OPERATOR.algorithm);
  const issuedAt = Math.floor(now / 1000);
  return await new SignJWT({ name: LOCAL_OPERATOR.name })
    .setProtectedHeader({ alg: LOCAL_OPERATOR.algorithm, kid: jwk.kid, typ: "JWT" })
    .setIssuer(LOCAL_OPERATOR.issuer)
    .setAudience(LOCAL_OPERATOR.audience)
    .setSubject(LOCAL_OPERATOR.subject)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + LOCAL_OPERATOR_TOKEN_TTL_SECONDS)
    .sign(key);
}
