// Kapso signs each delivery with a hex HMAC-SHA256 of the exact raw body bytes
// (header X-Webhook-Signature, sometimes prefixed "sha256="). Web Crypto only,
// so this runs in Convex's default runtime, Node and the browser alike.

const encoder = new TextEncoder();

function toBytes(body: string | Uint8Array): Uint8Array<ArrayBuffer> {
  if (typeof body === "string") {
    return encoder.encode(body);
  }
  // Copy into a fresh ArrayBuffer-backed view: Web Crypto rejects SharedArrayBuffer views.
  return new Uint8Array(body);
}

function toHex(bytes: ArrayBuffer): string {
  return Array.from(new Uint8Array(bytes), (b) => b.toString(16).padStart(2, "0")).join("");
}

/** True when a secret is usable: Web Crypto refuses zero-length HMAC keys, so empty means "not configured". */
export function isSecretConfigured(secret: string | undefined | null): secret is string {
  return typeof secret === "string" && secret.length > 0;
}

// Importing a key is an async Web Crypto round trip of its own; a deployment has
// one or a few secrets, so keep the imported keys (bounded, per isolate).
const MAX_CACHED_KEYS = 32;
const keys = new Map<string, Promise<CryptoKey>>();

function hmacKey(secret: string): Promise<CryptoKey> {
  let key = keys.get(secret);
  if (!key) {
    if (keys.size >= MAX_CACHED_KEYS) {
      keys.clear();
    }
    key = crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
    keys.set(secret, key);
    // A failed import must not stick.
    key.catch(() => keys.delete(secret));
  }
  return key;
}

/** Hex HMAC-SHA256 of `body` with `secret`. Throws if the secret is empty. */
export async function signWebhookBody(secret: string, body: string | Uint8Array): Promise<string> {
  if (!isSecretConfigured(secret)) {
    throw new Error("signWebhookBody: secret must not be empty");
  }
  return toHex(await crypto.subtle.sign("HMAC", await hmacKey(secret), toBytes(body)));
}

/** Strips an optional "sha256=" prefix; returns lowercase hex or null when it is not 64 hex digits. */
export function parseSignatureHeader(header: string | null | undefined): string | null {
  if (!header) {
    return null;
  }
  const value = header
    .trim()
    .replace(/^sha256=/i, "")
    .toLowerCase();
  return /^[0-9a-f]{64}$/.test(value) ? value : null;
}

/** Compares two equal-length strings without an early exit. */
function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) {
    return false;
  }
  let diff = 0;
  for (let i = 0; i < a.length; i++) {
    diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  }
  return diff === 0;
}

/**
 * Verifies X-Webhook-Signature over the exact body bytes. False when the secret is
 * not configured, the header is missing or malformed, or the digest differs.
 */
export async function verifyWebhookSignature(
  secret: string | undefined | null,
  body: string | Uint8Array,
  header: string | null | undefined,
): Promise<boolean> {
  if (!isSecretConfigured(secret)) {
    return false;
  }
  const given = parseSignatureHeader(header);
  if (!given) {
    return false;
  }
  const expected = await signWebhookBody(secret, body);
  return constantTimeEqual(expected, given);
}
