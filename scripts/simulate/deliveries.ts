// Kapso v2 webhook deliveries for `npm run simulate` and the browser tests: the bodies
// Kapso posts for messages, statuses, batches and conversation events, with its headers
// and signature. Shapes follow Kapso's v2 payloads (see ../../README.md "Running it").
import { signWebhookBody } from "../../src/domain/webhookSignature";

export type Delivery = {
  label: string;
  event: string;
  body: Record<string, unknown>;
  idempotencyKey: string;
  /** Set for a batch envelope: X-Webhook-Batch and X-Batch-Size. */
  batchSize?: number;
};

export type Lead = { name: string; phone: string };

/** The conversation one simulated lead has with one workspace's number. */
export type ConversationContext = {
  phoneNumberId: string;
  conversationId: string;
  lead: Lead;
  /** Prefix that makes message ids and idempotency keys unique per run. */
  runId: string;
};

type Status = "sent" | "delivered" | "read" | "failed";
type StatusUpdate = { status: Status; at: number; errors?: { code: number; title: string; message: string }[] };

const seconds = (ms: number) => String(Math.floor(ms / 1000));
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");

function conversation(ctx: ConversationContext, at: number, status: "active" | "ended" = "active") {
  return {
    id: ctx.conversationId,
    phone_number: `+${ctx.lead.phone}`,
    status,
    last_active_at: iso(at),
    created_at: iso(at),
    updated_at: iso(at),
    metadata: {},
    phone_number_id: ctx.phoneNumberId,
    kapso: { contact_name: ctx.lead.name },
  };
}

function envelope(ctx: ConversationContext, message: Record<string, unknown>, at: number, isNew = false) {
  return {
    message,
    conversation: conversation(ctx, at),
    is_new_conversation: isNew,
    phone_number_id: ctx.phoneNumberId,
  };
}

/** An inbound text message (`whatsapp.message.received`). */
export function inboundText(ctx: ConversationContext, id: string, at: number, text: string, isNew = false) {
  return envelope(
    ctx,
    {
      id,
      from: ctx.lead.phone,
      timestamp: seconds(at),
      type: "text",
      text: { body: text },
      kapso: {
        direction: "inbound",
        status: "received",
        processing_status: "pending",
        origin: "cloud_api",
        has_media: false,
        content: text,
      },
    },
    at,
    isNew,
  );
}

/** An inbound photo with a caption; Kapso hosts the media and sends its URL. */
export function inboundImage(ctx: ConversationContext, id: string, at: number, caption: string) {
  const url = `https://api.kapso.ai/media/${id}.jpg`;
  return envelope(
    ctx,
    {
      id,
      from: ctx.lead.phone,
      timestamp: seconds(at),
      type: "image",
      image: { id: `media-${id}`, mime_type: "image/jpeg", caption },
      kapso: {
        direction: "inbound",
        status: "received",
        origin: "cloud_api",
        has_media: true,
        content: `${caption} [image attached]`,
        media_url: url,
        media_data: { url, filename: "photo.jpg", content_type: "image/jpeg", byte_size: 182_044 },
      },
    },
    at,
  );
}

/** An outbound message as its status events carry it: current status plus the history so far. */
export function outboundStatus(
  ctx: ConversationContext,
  id: string,
  sentAt: number,
  text: string,
  history: StatusUpdate[],
) {
  const current = history[history.length - 1];
  return envelope(
    ctx,
    {
      id,
      to: ctx.lead.phone,
      timestamp: seconds(sentAt),
      type: "text",
      text: { body: text },
      kapso: {
        direction: "outbound",
        status: current.status,
        origin: "cloud_api",
        has_media: false,
        content: text,
        statuses: history.map((h) => ({
          id,
          status: h.status,
          timestamp: seconds(h.at),
          recipient_id: ctx.lead.phone,
          ...(h.errors ? { errors: h.errors } : {}),
        })),
      },
    },
    current.at,
  );
}

/** Several inbound messages in one buffered delivery. */
export function batchOf(ctx: ConversationContext, items: Record<string, unknown>[], firstSequence = 1) {
  return {
    type: "whatsapp.message.received",
    batch: true,
    data: items,
    batch_info: {
      size: items.length,
      window_ms: 5000,
      first_sequence: firstSequence,
      last_sequence: firstSequence + items.length - 1,
      conversation_id: ctx.conversationId,
    },
  };
}

export function conversationEnded(ctx: ConversationContext, at: number) {
  return { conversation: conversation(ctx, at, "ended"), phone_number_id: ctx.phoneNumberId };
}

/**
 * The full demo: an inbound text, a photo, a reply through sent/delivered/read, a reply
 * that fails, a batch, the first delivery again (a duplicate), and the conversation ending.
 * Timestamps run forward from `now` minus a minute, a few seconds apart.
 */
export function buildScenario(ctx: ConversationContext, now: number): Delivery[] {
  let step = 0;
  const t = () => now - 60_000 + 4000 * step++;
  const id = (n: string) => `wamid.SIM${ctx.runId}${n}`;
  const key = (n: string) => `sim-${ctx.runId}-${n}`;
  const reply = "Halo Kak, stok masih ada. Mau dikirim ke mana?";
  const late = "Maaf, pesanan Kakak sudah kami proses.";
  const [tText, tImage, tReply, tDelivered, tRead, tFailed, tBatch, tEnd] = [t(), t(), t(), t(), t(), t(), t(), t()];
  const sent: StatusUpdate = { status: "sent", at: tReply };
  const first: Delivery = {
    label: "inbound text",
    event: "whatsapp.message.received",
    body: inboundText(ctx, id("001"), tText, "Halo, masih ada stok paket premium?", true),
    idempotencyKey: key("001"),
  };
  return [
    first,
    {
      label: "media message",
      event: "whatsapp.message.received",
      body: inboundImage(ctx, id("002"), tImage, "Ini bukti transfer"),
      idempotencyKey: key("002"),
    },
    {
      label: "reply sent",
      event: "whatsapp.message.sent",
      body: outboundStatus(ctx, id("003"), tReply, reply, [sent]),
      idempotencyKey: key("003-sent"),
    },
    {
      label: "reply delivered",
      event: "whatsapp.message.delivered",
      body: outboundStatus(ctx, id("003"), tReply, reply, [sent, { status: "delivered", at: tDelivered }]),
      idempotencyKey: key("003-delivered"),
    },
    {
      label: "reply read",
      event: "whatsapp.message.read",
      body: outboundStatus(ctx, id("003"), tReply, reply, [
        sent,
        { status: "delivered", at: tDelivered },
        { status: "read", at: tRead },
      ]),
      idempotencyKey: key("003-read"),
    },
    {
      label: "failed status",
      event: "whatsapp.message.failed",
      body: outboundStatus(ctx, id("004"), tFailed, late, [
        {
          status: "failed",
          at: tFailed,
          errors: [
            {
              code: 131047,
              title: "Re-engagement message",
              message: "More than 24 hours have passed since the recipient last replied.",
            },
          ],
        },
      ]),
      idempotencyKey: key("004-failed"),
    },
    {
      label: "batch of 3",
      event: "whatsapp.message.received",
      body: batchOf(ctx, [
        inboundText(ctx, id("005"), tBatch, "Saya mau pesan 2"),
        inboundText(ctx, id("006"), tBatch + 1000, "Alamat: Jl. Merdeka 10, Bandung"),
        inboundText(ctx, id("007"), tBatch + 2000, "Bayar transfer ya"),
      ]),
      idempotencyKey: key("batch"),
      batchSize: 3,
    },
    { ...first, label: "duplicate delivery (inbound text again)" },
    {
      label: "conversation ended",
      event: "whatsapp.conversation.ended",
      body: conversationEnded(ctx, tEnd),
      idempotencyKey: key("ended"),
    },
  ];
}

/** The exact body bytes and headers Kapso would send for a delivery. */
export async function signDelivery(
  delivery: Delivery,
  secret: string,
): Promise<{ body: string; headers: Record<string, string> }> {
  const body = JSON.stringify(delivery.body);
  const headers: Record<string, string> = {
    "Content-Type": "application/json",
    "X-Webhook-Event": delivery.event,
    "X-Webhook-Signature": await signWebhookBody(secret, body),
    "X-Idempotency-Key": delivery.idempotencyKey,
    "X-Webhook-Payload-Version": "v2",
  };
  if (delivery.batchSize !== undefined) {
    headers["X-Webhook-Batch"] = "true";
    headers["X-Batch-Size"] = String(delivery.batchSize);
  }
  return { body, headers };
}

/** Posts one signed delivery and returns the endpoint's answer. */
export async function sendDelivery(
  url: string,
  secret: string,
  delivery: Delivery,
): Promise<{ status: number; text: string }> {
  const { body, headers } = await signDelivery(delivery, secret);
  const response = await fetch(url, { method: "POST", headers, body, signal: AbortSignal.timeout(15_000) });
  return { status: response.status, text: await response.text() };
}
