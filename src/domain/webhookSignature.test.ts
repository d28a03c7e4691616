import { createHmac } from "node:crypto";
import { describe, expect, test } from "vitest";
import { parseSignatureHeader, signWebhookBody, verifyWebhookSignature } from "./webhookSignature";

const body = '{"message":{"id":"wamid.1"}}';

describe("signWebhookBody", () => {
  test("is the hex HMAC-SHA256 of the body", async () => {
    const expected = createHmac("sha256", "s3cret").update(body).digest("hex");
    expect(await signWebhookBody("s3cret", body)).toBe(expected);
    expect(await signWebhookBody("s3cret", new TextEncoder().encode(body))).toBe(expected);
  });

  test("refuses an empty secret", async () => {
    await expect(signWebhookBody("", body)).rejects.toThrow(/secret/);
  });
});

describe("verifyWebhookSignature", () => {
  test("accepts the right signature, with or without sha256=, any case", async () => {
    const hex = await signWebhookBody("s3cret", body);
    expect(await verifyWebhookSignature("s3cret", body, hex)).toBe(true);
    expect(await verifyWebhookSignature("s3cret", body, `sha256=${hex}`)).toBe(true);
    expect(await verifyWebhookSignature("s3cret", body, hex.toUpperCase())).toBe(true);
  });

  test("rejects another secret, another body, a malformed or missing header", async () => {
    const hex = await signWebhookBody("s3cret", body);
    expect(await verifyWebhookSignature("other", body, hex)).toBe(false);
    expect(await verifyWebhookSignature("s3cret", body + " ", hex)).toBe(false);
    expect(await verifyWebhookSignature("s3cret", body, hex.slice(1))).toBe(false);
    expect(await verifyWebhookSignature("s3cret", body, "sha1=" + hex)).toBe(false);
    expect(await verifyWebhookSignature("s3cret", body, null)).toBe(false);
    expect(await verifyWebhookSignature("s3cret", body, "")).toBe(false);
  });

  test("an empty or missing secret never verifies (not configured)", async () => {
    const hex = await signWebhookBody("s3cret", body);
    expect(await verifyWebhookSignature("", body, hex)).toBe(false);
    expect(await verifyWebhookSignature(undefined, body, hex)).toBe(false);
  });
});

test("parseSignatureHeader strips the prefix and lowercases", () => {
  expect(parseSignatureHeader(" sha256=" + "AB".repeat(32) + " ")).toBe("ab".repeat(32));
  expect(parseSignatureHeader("xyz")).toBeNull();
});
