import { describe, expect, test } from "vitest";
import { translate } from "@convex/model/i18n";
import { issueRef } from "@/i18n/issues";
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
    drift.forEach((pattern, i) => expect(translate("en", found[i])).toMatch(pattern));
  });

  test.each([
    {
      change: { url: "https://old.example/hook" },
      ref: { key: "webhookSetup.drift.url", values: { actual: "https://old.example/hook", url: URL } },
      id: `Webhook ini mengirim ke https://old.example/hook, bukan ke deployment ini (${URL}).`,
    },
    {
      change: { active: false },
      ref: { key: "webhookSetup.drift.paused" },
      id: "Webhook ini dijeda (tidak aktif): Kapso tidak mengirim apa pun.",
    },
    {
      change: { payload_version: "v1" },
      ref: { key: "webhookSetup.drift.version", values: { version: "v1" } },
      id: "Webhook ini mengirim payload versi v1: aplikasi ini membaca v2.",
    },
    {
      change: { events: HANDLED_EVENTS.filter((e) => e !== "whatsapp.message.read") },
      ref: { key: "webhookSetup.drift.events", values: { events: "whatsapp.message.read" } },
      id: "Webhook ini tidak mengirim whatsapp.message.read.",
    },
  ])("in Indonesian: $id", ({ change, ref, id }) => {
    const [found] = webhookDrift({ ...right, ...change }, URL);
    expect(found).toEqual(ref);
    expect(translate("id", found)).toBe(id);
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
  {
    input: { enabled: true, windowSeconds: 0, maxSize: 10 },
    key: "validation.deliveries.windowRange",
    en: "Buffer window must be 1 to 60 seconds",
    id: "Waktu tampung harus 1 sampai 60 detik",
  },
  {
    input: { enabled: true, windowSeconds: 61, maxSize: 10 },
    key: "validation.deliveries.windowRange",
    en: "Buffer window must be 1 to 60 seconds",
    id: "Waktu tampung harus 1 sampai 60 detik",
  },
  {
    input: { enabled: true, windowSeconds: 5, maxSize: 101 },
    key: "validation.deliveries.sizeRange",
    en: "Batch size must be 1 to 100 messages",
    id: "Ukuran batch harus 1 sampai 100 pesan",
  },
  {
    input: { enabled: true, windowSeconds: 2.5, maxSize: 10 },
    key: "validation.deliveries.windowWhole",
    en: "Buffer window must be whole seconds",
    id: "Waktu tampung harus berupa detik bulat",
  },
  {
    input: { enabled: true, windowSeconds: 5, maxSize: Number.NaN },
    key: "validation.deliveries.sizeNumber",
    en: "Batch size must be a number",
    id: "Ukuran batch harus berupa angka",
  },
])("buffering $input: $key", ({ input, key, en, id }) => {
  const parsed = bufferingSchema.safeParse(input);
  expect(parsed.success).toBe(false);
  const ref = issueRef(parsed.error!.issues[0]);
  expect(ref.key).toBe(key);
  expect([translate("en", ref), translate("id", ref)]).toEqual([en, id]);
});

test("buffering within Kapso's limits parses", () => {
  expect(bufferingSchema.safeParse({ enabled: true, windowSeconds: 60, maxSize: 100 }).success).toBe(true);
});

test("a generated secret is new each time and is a valid webhook secret", () => {
  const a = generateWebhookSecret();
  expect(a).not.toBe(generateWebhookSecret());
  expect(webhookSecretSchema.safeParse(a).success).toBe(true);
  expect(a).toMatch(/^whsec_[0-9a-f]{64}$/);
});
