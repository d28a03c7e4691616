import { describe, expect, test } from "vitest";
import { HANDLED_EVENTS } from "./kapsoWebhook";
import type { KapsoWebhook } from "./kapsoPlatform";
import {
  bufferingSchema,
  desiredWebhook,
  generateWebhookSecret,
  ourWebhook,
  webhookDrift,
  webhookEndpoint,
} from "./kapsoWebhookSetup";
import { webhookSecretSchema } from "./workspace";

const URL = "https://happy-otter-123.convex.site/webhook/kapso";
const right: KapsoWebhook = {
  id: "w1",
  url: URL,
  kind: "kapso",
  events: [...HANDLED_EVENTS],
  active: true,
  payload_version: "v2",
};

test("the endpoint is the deployment's /webhook/kapso", () => {
  expect(webhookEndpoint("https://happy-otter-123.convex.site/")).toBe(URL);
});

describe("webhookDrift", () => {
  test.each([
    { name: "as needed", change: {}, drift: [] },
    { name: "a trailing slash is the same URL", change: { url: `${URL}/` }, drift: [] },
    { name: "another URL", change: { url: "https://old.example/hook" }, drift: [/^It sends to https:\/\/old/] },
    { name: "paused", change: { active: false }, drift: [/paused/] },
    { name: "kind meta", change: { kind: "meta" }, drift: [/kind is "meta"/] },
    { name: "payload v1", change: { payload_version: "v1" }, drift: [/payload version v1/] },
    {
      name: "events missing",
      change: { events: ["whatsapp.message.received"] },
      drift: [/^It does not send whatsapp\.message\.sent, .*whatsapp\.conversation\.inactive, /],
    },
    { name: "version and kind not stated (older webhooks)", change: { kind: null, payload_version: null }, drift: [] },
  ])("$name", ({ change, drift }) => {
    const found = webhookDrift({ ...right, ...change }, URL);
    expect(found).toHaveLength(drift.length);
    drift.forEach((pattern, i) => expect(found[i]).toMatch(pattern));
  });
});

test("ourWebhook picks the one pointing at this deployment", () => {
  const other = { ...right, id: "w0", url: "https://elsewhere.example" };
  expect(ourWebhook([other, right], URL)?.id).toBe("w1");
  expect(ourWebhook([other], URL)).toBeUndefined();
});

test("desiredWebhook: every handled event, v2, kind kapso, active; buffering only for inbound messages", () => {
  expect(desiredWebhook(URL, "s", { enabled: false })).toEqual({
    url: URL,
    kind: "kapso",
    payload_version: "v2",
    events: [...HANDLED_EVENTS],
    active: true,
    secret_key: "s",
    buffer_enabled: false,
  });
  expect(desiredWebhook(URL, "s", { enabled: true, windowSeconds: 5, maxSize: 50 })).toMatchObject({
    buffer_enabled: true,
    buffer_window_seconds: 5,
    max_buffer_size: 50,
    buffer_events: ["whatsapp.message.received"],
  });
});

test.each([
  { input: { enabled: true, windowSeconds: 0, maxSize: 10 }, error: "Buffer window must be 1 to 60 seconds" },
  { input: { enabled: true, windowSeconds: 61, maxSize: 10 }, error: "Buffer window must be 1 to 60 seconds" },
  { input: { enabled: true, windowSeconds: 5, maxSize: 101 }, error: "Batch size must be 1 to 100 messages" },
  { input: { enabled: true, windowSeconds: 2.5, maxSize: 10 }, error: "Buffer window must be whole seconds" },
  { input: { enabled: true, windowSeconds: 60, maxSize: 100 }, error: null },
])("buffering $input", ({ input, error }) => {
  const parsed = bufferingSchema.safeParse(input);
  expect(parsed.success ? null : parsed.error.issues[0].message).toBe(error);
});

test("a generated secret is new each time and is a valid webhook secret", () => {
  const a = generateWebhookSecret();
  expect(a).not.toBe(generateWebhookSecret());
  expect(webhookSecretSchema.safeParse(a).success).toBe(true);
  expect(a).toMatch(/^whsec_[0-9a-f]{64}$/);
});
