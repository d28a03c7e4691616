/// <reference types="vite/client" />
// Signed Kapso webhook deliveries for convex-test (t.fetch) tests and the ingestion benchmark.
// The fixtures are exact copies of Kapso v2 bodies (tests/fixtures/kapso/README.md).
import receivedText from "../fixtures/kapso/message-received-text.json?raw";
import receivedImage from "../fixtures/kapso/message-received-image.json?raw";
import sentText from "../fixtures/kapso/message-sent-text.json?raw";
import delivered from "../fixtures/kapso/message-delivered.json?raw";
import read from "../fixtures/kapso/message-read.json?raw";
import failed from "../fixtures/kapso/message-failed.json?raw";
import batchReceived from "../fixtures/kapso/batch-message-received.json?raw";
import conversationEnded from "../fixtures/kapso/conversation-ended.json?raw";
import { signWebhookBody } from "../../src/domain/webhookSignature";

export const fixtures = {
  receivedText: { body: receivedText, event: "whatsapp.message.received" },
  receivedImage: { body: receivedImage, event: "whatsapp.message.received" },
  sentText: { body: sentText, event: "whatsapp.message.sent" },
  delivered: { body: delivered, event: "whatsapp.message.delivered" },
  read: { body: read, event: "whatsapp.message.read" },
  failed: { body: failed, event: "whatsapp.message.failed" },
  batchReceived: { body: batchReceived, event: "whatsapp.message.received", batch: true },
  conversationEnded: { body: conversationEnded, event: "whatsapp.conversation.ended" },
} as const;

export type FixtureName = keyof typeof fixtures;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests edit payloads freely
export type Payload = Record<string, any>;

export const TEST_SECRET = "test-deployment-secret";

/** A fixture's body parsed, for tests that change a field before sending. */
export function fixtureJson(name: FixtureName): Payload {
  return JSON.parse(fixtures[name].body);
}

export type Delivery = {
  body: string | Uint8Array;
  event?: string | null;
  /** Defaults to a fresh unique key. null sends none. */
  key?: string | null;
  /** Secret to sign with; defaults to TEST_SECRET. */
  secret?: string;
  /** Overrides the computed signature header; null sends none. */
  signature?: string | null;
  batch?: boolean;
  headers?: Record<string, string>;
};

let keyCounter = 0;

export function uniqueKey(prefix = "key"): string {
  keyCounter += 1;
  return `${prefix}-${keyCounter}-${Math.random().toString(36).slice(2, 8)}`;
}

/** The Request init Kapso would send for this delivery. */
export async function deliveryInit(delivery: Delivery): Promise<RequestInit> {
  const headers: Record<string, string> = { "Content-Type": "application/json", "X-Webhook-Payload-Version": "v2" };
  if (delivery.event !== null) {
    headers["X-Webhook-Event"] = delivery.event ?? "whatsapp.message.received";
  }
  const key = delivery.key === undefined ? uniqueKey() : delivery.key;
  if (key !== null) {
    headers["X-Idempotency-Key"] = key;
  }
  const signature =
    delivery.signature === undefined
      ? await signWebhookBody(delivery.secret ?? TEST_SECRET, delivery.body)
      : delivery.signature;
  if (signature !== null) {
    headers["X-Webhook-Signature"] = signature;
  }
  if (delivery.batch) {
    headers["X-Webhook-Batch"] = "true";
  }
  const body = typeof delivery.body === "string" ? delivery.body : new Uint8Array(delivery.body);
  return { method: "POST", headers: { ...headers, ...delivery.headers }, body };
}

type Fetcher = { fetch: (path: string, init?: RequestInit) => Promise<Response> };

/** Posts a signed delivery to /webhook/kapso and returns the status code and JSON body. */
export async function deliver(t: Fetcher, delivery: Delivery): Promise<{ status: number; json: Payload }> {
  const response = await t.fetch("/webhook/kapso", await deliveryInit(delivery));
  return { status: response.status, json: await response.json() };
}

/** Posts one of the fixtures unchanged. */
export async function deliverFixture(t: Fetcher, name: FixtureName, delivery: Omit<Delivery, "body" | "event"> = {}) {
  const fixture = fixtures[name];
  return deliver(t, { body: fixture.body, event: fixture.event, batch: "batch" in fixture, ...delivery });
}

/** An inbound text message payload (v2) with the given fields changed. */
export function inboundText(options: {
  wamid: string;
  text?: string;
  timestamp?: number;
  conversationId?: string;
  phone?: string | null;
  from?: string | null;
  bsuid?: string;
  contactName?: string | null;
  phoneNumberId?: string;
}): Payload {
  const payload = fixtureJson("receivedText");
  payload.message.id = options.wamid;
  if (options.text !== undefined) {
    payload.message.text.body = options.text;
    payload.message.kapso.content = options.text;
  }
  if (options.timestamp !== undefined) {
    payload.message.timestamp = String(options.timestamp);
  }
  if (options.conversationId) {
    payload.conversation.id = options.conversationId;
  }
  if (options.phone !== undefined) {
    if (options.phone === null) {
      delete payload.conversation.phone_number;
    } else {
      payload.conversation.phone_number = options.phone;
    }
  }
  if (options.from !== undefined) {
    if (options.from === null) {
      delete payload.message.from;
    } else {
      payload.message.from = options.from;
    }
  }
  if (options.bsuid) {
    payload.conversation.business_scoped_user_id = options.bsuid;
  }
  if (options.contactName !== undefined) {
    if (options.contactName === null) {
      delete payload.conversation.kapso;
    } else {
      payload.conversation.kapso.contact_name = options.contactName;
    }
  }
  if (options.phoneNumberId) {
    payload.phone_number_id = options.phoneNumberId;
    payload.conversation.phone_number_id = options.phoneNumberId;
  }
  return payload;
}
