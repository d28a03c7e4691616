// This machine's keys for local backends, made by `npm run dev` on first use and kept
// in a git-ignored file readable by this user only:
// - the local operator's ES256 key pair: the dashboard's server signs the local
//   operator's tokens with the private key; local backends trust the public one
//   (LOCAL_OPERATOR_JWKS);
// - KAPSO_SECRETS_KEY, which seals workspace secrets in local backends' data.
import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { calculateJwkThumbprint, exportJWK, generateKeyPair } from "jose";
import { ROOT } from "./processes.mjs";

export const LOCAL_KEYS_PATH = path.join(ROOT, ".local-keys.json");

/**
 * A fresh set of keys.
 * @returns {Promise<{ privateJwk: string, jwks: string, kapsoSecretsKey: string }>}
 */
export async function createLocalKeys() {
  const { privateKey, publicKey } = await generateKeyPair("ES256", { extractable: true });
  const publicJwk = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(publicJwk);
  const signing = { ...(await exportJWK(privateKey)), kid, alg: "ES256", use: "sig" };
  return {
    privateJwk: JSON.stringify(signing),
    jwks: JSON.stringify({ keys: [{ ...publicJwk, kid, alg: "ES256", use: "sig" }] }),
    kapsoSecretsKey: randomBytes(32).toString("base64"),
  };
}

/**
 * The keys in `file`, creating the file the first time.
 * @returns {Promise<{ privateJwk: string, jwks: string, kapsoSecretsKey: string }>}
 */
export async function loadOrCreateLocalKeys(file = LOCAL_KEYS_PATH) {
  if (existsSync(file)) {
    return JSON.parse(readFileSync(file, "utf8"));
  }
  const keys = await createLocalKeys();
  writeFileSync(file, JSON.stringify(keys, null, 2), { mode: 0o600 });
  chmodSync(file, 0o600);
  return keys;
}
