// Workspace secrets at rest (the Kapso webhook secret and API key): sealed with
// AES-256-GCM under the deployment's KAPSO_SECRETS_KEY, so a database export or the
// dashboard's data view shows `enc:v1:<keyId>:<base64url>` instead of the secret.
// Without the key, values are stored as given (plain text) and read back as such;
// values stored before the key was set are plain too and get resealed
// (workspaceSecrets.reseal). A value names the key that sealed it, so after a
// rotation KAPSO_SECRETS_KEY_PREVIOUS still opens the old ones.
import { env } from "../env";

const PREFIX = "enc:v1:";
const KEY_BYTES = 32;
const IV_BYTES = 12;
const encoder = new TextEncoder();

type SealingKey = { id: string; aes: CryptoKey; iv: CryptoKey };

// Derivation runs once per key value and isolate; variables can change at any time, so the cache is keyed by value.
const derived = new Map<string, Promise<SealingKey>>();

function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

function toBase64Url(bytes: Uint8Array): string {
  let binary = "";
  for (const b of bytes) {
    binary += String.fromCharCode(b);
  }
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function hkdf(info: string) {
  return { name: "HKDF", hash: "SHA-256", salt: new Uint8Array(0), info: encoder.encode(info) };
}

async function deriveSealingKey(base64: string, variable: string): Promise<SealingKey> {
  let raw: Uint8Array<ArrayBuffer>;
  try {
    raw = fromBase64(base64.trim());
  } catch {
    raw = new Uint8Array(0);
  }
  if (raw.length !== KEY_BYTES) {
    throw new Error(`${variable} must be ${KEY_BYTES} random bytes in base64 (e.g. \`openssl rand -base64 32\`).`);
  }
  const master = await crypto.subtle.importKey("raw", raw, "HKDF", false, ["deriveKey", "deriveBits"]);
  const [aes, iv, idBits] = await Promise.all([
    crypto.subtle.deriveKey(hkdf("workspace secrets: aes-gcm"), master, { name: "AES-GCM", length: 256 }, false, [
      "encrypt",
      "decrypt",
    ]),
    crypto.subtle.deriveKey(
      hkdf("workspace secrets: iv"),
      master,
      { name: "HMAC", hash: "SHA-256", length: 256 },
      false,
      ["sign"],
    ),
    crypto.subtle.deriveBits(hkdf("workspace secrets: key id"), master, 48),
  ]);
  return { id: toBase64Url(new Uint8Array(idBits)), aes, iv };
}

function sealingKey(base64: string | undefined, variable: string): Promise<SealingKey> | undefined {
  if (base64 === undefined) {
    return undefined;
  }
  let key = derived.get(base64);
  if (!key) {
    key = deriveSealingKey(base64, variable);
    derived.set(base64, key);
    key.catch(() => derived.delete(base64));
  }
  return key;
}

const currentKey = () => sealingKey(env.kapsoSecretsKey(), "KAPSO_SECRETS_KEY");
const previousKey = () => sealingKey(env.kapsoSecretsKeyPrevious(), "KAPSO_SECRETS_KEY_PREVIOUS");

/** Whether this deployment seals secrets (KAPSO_SECRETS_KEY is set). */
export function secretsSealingEnabled(): boolean {
  return env.kapsoSecretsKey() !== undefined;
}

/** The value to store for a secret: sealed under KAPSO_SECRETS_KEY, or the secret itself without one. */
export async function sealSecret(plain: string): Promise<string> {
  if (plain.startsWith(PREFIX)) {
    throw new Error(`A secret must not start with "${PREFIX}".`);
  }
  const key = await currentKey();
  if (!key) {
    return plain;
  }
  const bytes = encoder.encode(plain);
  // The IV mixes fresh randomness with the secret itself, so even a repeated
  // random draw never reuses an IV for a different secret under one key.
  const nonce = crypto.getRandomValues(new Uint8Array(16));
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key.iv, new Uint8Array([...nonce, ...bytes])));
  const iv = mac.slice(0, IV_BYTES);
  const sealed = new Uint8Array(await crypto.subtle.encrypt({ name: "AES-GCM", iv }, key.aes, bytes));
  return `${PREFIX}${key.id}:${toBase64Url(new Uint8Array([...iv, ...sealed]))}`;
}

/** The secret a stored value holds: opens sealed values with the key that sealed them; plain text as is. */
export async function openSecret(stored: string): Promise<string> {
  if (!stored.startsWith(PREFIX)) {
    return stored;
  }
  const [keyId, payload] = stored.slice(PREFIX.length).split(":");
  const candidates = await Promise.all([currentKey(), previousKey()]);
  const key = candidates.find((k) => k?.id === keyId);
  if (!key) {
    throw new Error(
      `A workspace secret is sealed with key ${keyId}, which is neither KAPSO_SECRETS_KEY nor KAPSO_SECRETS_KEY_PREVIOUS on this deployment.`,
    );
  }
  const bytes = fromBase64(payload ?? "");
  try {
    const plain = await crypto.subtle.decrypt(
      { name: "AES-GCM", iv: bytes.slice(0, IV_BYTES) },
      key.aes,
      bytes.slice(IV_BYTES),
    );
    return new TextDecoder().decode(plain);
  } catch {
    throw new Error(`A workspace secret sealed with key ${keyId} could not be opened: it was changed or truncated.`);
  }
}

/** True when a stored value should be sealed again: plain text while a key is set, or sealed with another key. */
export async function needsReseal(stored: string): Promise<boolean> {
  const key = await currentKey();
  if (!key) {
    return false;
  }
  return !stored.startsWith(`${PREFIX}${key.id}:`);
}
