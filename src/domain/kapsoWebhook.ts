import { z } from "zod";
import { CONVERSATION_EVENTS, HANDLED_EVENTS, IDENTITY_EVENT, LEGACY_V1_ERROR, MESSAGE_EVENTS } from "./kapsoEvents";
import { laterStatus, type MessageStatus } from "./messageStatus";
import { describeZodError } from "./workspace";
import { renderMessage, type MessageDetails } from "./messageContent";

// Kapso phone-number webhooks, payload version v2 (see README "Webhook ingestion").
// Kapso adds fields over time, so every object is loose and only what the
// ingestion relies on is checked.

export const MAX_WEBHOOK_BODY_BYTES = 1024 * 1024;
export const MAX_BATCH_ITEMS = 100;

export { CONVERSATION_EVENTS, HANDLED_EVENTS, IDENTITY_EVENT, LEGACY_V1_ERROR, MESSAGE_EVENTS } from "./kapsoEvents";

/**
 * The event of the app's own test delivery ("Send test delivery"): signed like
 * Kapso's, answered `ignored`, and not taken for a delivery from Kapso.
 */
export const TEST_DELIVERY_EVENT = "my21staff.webhook.test";

export type MessageEvent = (typeof MESSAGE_EVENTS)[number];
export type ConversationEvent = (typeof CONVERSATION_EVENTS)[number];
export type HandledEvent = MessageEvent | ConversationEvent | typeof IDENTITY_EVENT;

export function isMessageEvent(event: string): event is MessageEvent {
  return (MESSAGE_EVENTS as readonly string[]).includes(event);
}
export function isConversationEvent(event: string): event is ConversationEvent {
  return (CONVERSATION_EVENTS as readonly string[]).includes(event);
}
export function isHandledEvent(event: string): event is HandledEvent {
  return (HANDLED_EVENTS as readonly string[]).includes(event);
}

/** The status a message event implies on its own. */
const EVENT_STATUS: Record<MessageEvent, WebhookMessageStatus> = {
  "whatsapp.message.received": "received",
  "whatsapp.message.sent": "sent",
  "whatsapp.message.delivered": "delivered",
  "whatsapp.message.read": "read",
  "whatsapp.message.failed": "failed",
};

export type WebhookMessageStatus = Extract<MessageStatus, "received" | "sent" | "delivered" | "read" | "failed">;
const WEBHOOK_STATUSES = new Set<string>(["received", "sent", "delivered", "read", "failed"]);

// ---------------------------------------------------------------------------
// Schemas

// WhatsApp texts are at most 4,096 characters; the cap keeps every stored row far
// below Convex's 1 MiB document limit whatever a sender puts in a field.
export const MAX_TEXT_LENGTH = 65_536;
const text = z.string().max(MAX_TEXT_LENGTH, `must be at most ${MAX_TEXT_LENGTH} characters`).nullish();
const identifier = (meaning: string) => z.string().min(1, meaning).max(1024, "must be at most 1024 characters");
// WhatsApp sends unix seconds as a string; tolerate a number, and milliseconds.
// The digits are bounded here and the value is range-checked per delivery
// (messageTimestampIssue): a timestamp past Date's range breaks every page that shows it.
const unixTimestamp = z.union([
  z.string().regex(/^\d{1,16}$/, "must be unix seconds or milliseconds"),
  z.number().int("must be unix seconds or milliseconds").nonnegative("must be unix seconds or milliseconds"),
]);

/** WhatsApp Business did not exist before 2009; nothing older is a real message. */
export const EARLIEST_TIMESTAMP_MS = Date.UTC(2009, 0, 1);
/** Clocks drift, but a message from more than a day ahead would pin its conversation on top. */
export const MAX_FUTURE_MS = 24 * 60 * 60 * 1000;

const mediaSchema = z.looseObject({
  id: text,
  caption: text,
  mime_type: text,
  filename: text,
});

const whatsappErrorSchema = z.looseObject({
  code: z.union([z.number(), z.string()]).nullish(),
  title: text,
  message: text,
});

const metaStatusSchema = z.looseObject({
  status: z.string(),
  timestamp: unixTimestamp.nullish(),
  errors: z.array(whatsappErrorSchema).nullish(),
});

const messageKapsoSchema = z.looseObject({
  direction: z.enum(["inbound", "outbound"]).nullish(),
  status: text,
  origin: text,
  content: text,
  contact_name: text,
  transcript: z.looseObject({ text: text }).nullish(),
  media_url: text,
  media_data: z.looseObject({ url: text, filename: text, content_type: text }).nullish(),
  message_type_data: z.looseObject({ caption: text }).nullish(),
  statuses: z.array(metaStatusSchema).nullish(),
});

const messageSchema = z.looseObject({
  id: identifier("must be the wamid"),
  timestamp: unixTimestamp,
  type: z.string().min(1),
  from: text,
  to: text,
  text: z.looseObject({ body: text }).nullish(),
  image: mediaSchema.nullish(),
  video: mediaSchema.nullish(),
  audio: mediaSchema.nullish(),
  document: mediaSchema.nullish(),
  sticker: mediaSchema.nullish(),
  reaction: z.looseObject({ message_id: identifier("must be the wamid reacted to"), emoji: text }).nullish(),
  kapso: messageKapsoSchema.nullish(),
});

const conversationSchema = z.looseObject({
  id: identifier("must be Kapso's conversation id"),
  phone_number: text,
  status: text,
  last_active_at: text,
  phone_number_id: text,
  business_scoped_user_id: text,
  parent_business_scoped_user_id: text,
  username: text,
  kapso: z.looseObject({ contact_name: text }).nullish(),
});

const phoneNumberId = identifier("must be the WhatsApp phone_number_id");

function hasDigits(value: string | null | undefined): value is string {
  return typeof value === "string" && /\d/.test(value);
}

export const messagePayloadSchema = z
  .looseObject({
    message: messageSchema,
    conversation: conversationSchema,
    is_new_conversation: z.boolean().nullish(),
    phone_number_id: phoneNumberId,
  })
  .superRefine((payload, ctx) => {
    const { conversation, message } = payload;
    const phone = conversation.phone_number ?? (message.kapso?.direction === "outbound" ? message.to : message.from);
    if (!hasDigits(phone) && !conversation.business_scoped_user_id) {
      ctx.addIssue({
        code: "custom",
        path: ["conversation", "phone_number"],
        message:
          "a lead needs a phone number (conversation.phone_number, message.from/to) or conversation.business_scoped_user_id",
      });
    }
  });

export const conversationPayloadSchema = z
  .looseObject({ conversation: conversationSchema, phone_number_id: phoneNumberId })
  .superRefine(({ conversation }, ctx) => {
    if (!hasDigits(conversation.phone_number) && !conversation.business_scoped_user_id) {
      ctx.addIssue({
        code: "custom",
        path: ["conversation", "phone_number"],
        message: "a lead needs conversation.phone_number or conversation.business_scoped_user_id",
      });
    }
  });

type MessagePayload = z.infer<typeof messagePayloadSchema>;
type ConversationPayload = z.infer<typeof conversationPayloadSchema>;

function batchSchema<T extends z.ZodType<{ phone_number_id: string }>>(item: T) {
  return z
    .looseObject({
      batch: z.boolean().nullish(),
      type: text,
      data: z
        .array(item)
        .min(1, "a batch holds at least one payload")
        .max(MAX_BATCH_ITEMS, `a batch holds at most ${MAX_BATCH_ITEMS} payloads`),
    })
    .superRefine(({ data }, ctx) => {
      const first = data[0]?.phone_number_id;
      data.forEach((entry, i) => {
        if (entry.phone_number_id !== first) {
          ctx.addIssue({
            code: "custom",
            path: ["data", i, "phone_number_id"],
            message: "differs from data.0.phone_number_id; one delivery belongs to one WhatsApp number",
          });
        }
      });
    });
}

// ---------------------------------------------------------------------------
// Normalised items: what the ingestion mutation stores

export type IngestMessage = {
  wamid: string;
  direction: "inbound" | "outbound";
  type: string;
  /** What a person reads; never empty, never a signed URL (src/domain/messageContent.ts). */
  content: string;
  details?: MessageDetails;
  status: WebhookMessageStatus;
  /** WhatsApp's message.timestamp in ms. */
  timestamp: number;
  mediaUrl?: string;
  mediaMimeType?: string;
  mediaFilename?: string;
  caption?: string;
  transcript?: string;
  reactionTo?: string;
  reactionEmoji?: string;
  origin?: string;
  errorCode?: number;
  errorTitle?: string;
  errorMessage?: string;
};

export type IngestConversation = {
  kapsoId: string;
  /** As Kapso sent it; normalised with the workspace's default country later. */
  phone?: string;
  bsuid?: string;
  parentBsuid?: string;
  username?: string;
  contactName?: string;
  /** Kapso's view of the conversation status, used when the row is created. */
  status?: "active" | "ended";
  lastActiveAt?: number;
};

export type IngestItem = {
  conversation: IngestConversation;
  /** Present for message events. */
  message?: IngestMessage;
  /** Set by conversation events that change the status. */
  setStatus?: "active" | "ended";
};

/** whatsapp.contact.identity_changed: the identity after the change and the ids before it. */
export type IdentityChange = {
  phone?: string;
  bsuid?: string;
  parentBsuid?: string;
  username?: string;
  profileName?: string;
  previousBsuid?: string;
};

export type ParsedDelivery =
  | {
      kind: "items";
      event: MessageEvent | ConversationEvent;
      phoneNumberId: string;
      batch: boolean;
      items: IngestItem[];
    }
  | { kind: "identity"; event: typeof IDENTITY_EVENT; phoneNumberId: string; batch: boolean; changes: IdentityChange[] }
  | { kind: "ignored"; event: string }
  | { kind: "invalid"; httpStatus: 400 | 422; error: string };

/** Keeps only the defined, non-empty values, so Convex never sees `undefined` fields. */
function compact<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && v !== null && v !== "")) as T;
}

function nonEmpty(value: string | null | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

/** Unix seconds (string or number) to ms; values already in ms are kept. */
export function toMillis(timestamp: string | number): number {
  const n = typeof timestamp === "number" ? timestamp : Number(timestamp);
  return n >= 1e12 ? n : n * 1000;
}

/** Why a message timestamp is refused, or undefined when it is plausible at `now`. */
export function timestampProblem(timestamp: string | number, now: number): string | undefined {
  const ms = toMillis(timestamp);
  if (!Number.isSafeInteger(ms) || ms < EARLIEST_TIMESTAMP_MS) {
    return "must be on or after 2009-01-01";
  }
  if (ms > now + MAX_FUTURE_MS) {
    return "must not be more than 24 hours in the future";
  }
  return undefined;
}

function isoToMillis(value: string | null | undefined): number | undefined {
  if (!value) {
    return undefined;
  }
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

function errorCode(code: number | string | null | undefined): number | undefined {
  if (typeof code === "number") {
    return code;
  }
  if (typeof code === "string" && /^\d+$/.test(code)) {
    return Number(code);
  }
  return undefined;
}

const MEDIA_TYPES = ["image", "video", "audio", "document", "sticker"] as const;

type Message = MessagePayload["message"];

function mediaOf(message: Message) {
  const type = message.type as (typeof MEDIA_TYPES)[number];
  return (MEDIA_TYPES as readonly string[]).includes(type) ? (message[type] ?? undefined) : undefined;
}

function messageStatusOf(
  event: MessageEvent,
  message: Message,
  direction: "inbound" | "outbound",
): WebhookMessageStatus {
  if (direction === "inbound") {
    return "received";
  }
  // The event, Kapso's current status and the status history can disagree when
  // deliveries overlap; the furthest one is the truth.
  const candidates = [
    EVENT_STATUS[event],
    message.kapso?.status,
    ...(message.kapso?.statuses ?? []).map((s) => s.status),
  ];
  let status: WebhookMessageStatus = "sent";
  for (const candidate of candidates) {
    if (candidate && WEBHOOK_STATUSES.has(candidate) && candidate !== "received") {
      status = laterStatus(status, candidate as WebhookMessageStatus) as WebhookMessageStatus;
    }
  }
  return status;
}

function lastError(message: Message) {
  const statuses = message.kapso?.statuses ?? [];
  for (let i = statuses.length - 1; i >= 0; i--) {
    const error = statuses[i].errors?.[0];
    if (error) {
      return error;
    }
  }
  return undefined;
}

function toIngestMessage(event: MessageEvent, message: Message): IngestMessage {
  const kapso = message.kapso ?? undefined;
  const direction = kapso?.direction ?? (event === "whatsapp.message.received" ? "inbound" : "outbound");
  const media = mediaOf(message);
  const error = lastError(message);
  const { content, details } = renderMessage(message);
  return compact({
    wamid: message.id,
    direction,
    type: message.type,
    content,
    details,
    status: messageStatusOf(event, message, direction),
    timestamp: toMillis(message.timestamp),
    mediaUrl: nonEmpty(kapso?.media_url) ?? nonEmpty(kapso?.media_data?.url),
    mediaMimeType: nonEmpty(media?.mime_type) ?? nonEmpty(kapso?.media_data?.content_type),
    mediaFilename: nonEmpty(kapso?.media_data?.filename) ?? nonEmpty(media?.filename),
    caption: nonEmpty(media?.caption) ?? nonEmpty(kapso?.message_type_data?.caption),
    transcript: nonEmpty(kapso?.transcript?.text),
    reactionTo: message.reaction?.message_id,
    reactionEmoji: nonEmpty(message.reaction?.emoji),
    origin: nonEmpty(kapso?.origin),
    errorCode: errorCode(error?.code),
    errorTitle: nonEmpty(error?.title),
    errorMessage: nonEmpty(error?.message),
  }) as IngestMessage;
}

function toIngestConversation(
  conversation: MessagePayload["conversation"],
  fallbackPhone?: string | null,
  fallbackName?: string | null,
): IngestConversation {
  const status = conversation.status === "ended" ? "ended" : conversation.status === "active" ? "active" : undefined;
  const phone = hasDigits(conversation.phone_number)
    ? conversation.phone_number
    : hasDigits(fallbackPhone)
      ? fallbackPhone
      : undefined;
  return compact({
    kapsoId: conversation.id,
    phone: phone?.trim(),
    bsuid: nonEmpty(conversation.business_scoped_user_id),
    parentBsuid: nonEmpty(conversation.parent_business_scoped_user_id),
    username: nonEmpty(conversation.username),
    contactName: nonEmpty(conversation.kapso?.contact_name) ?? nonEmpty(fallbackName),
    status,
    lastActiveAt: isoToMillis(conversation.last_active_at),
  }) as IngestConversation;
}

export function messageItem(event: MessageEvent, payload: MessagePayload): IngestItem {
  const message = toIngestMessage(event, payload.message);
  const counterpart = message.direction === "inbound" ? payload.message.from : payload.message.to;
  return {
    conversation: toIngestConversation(payload.conversation, counterpart, payload.message.kapso?.contact_name),
    message,
  };
}

export function conversationItem(event: ConversationEvent, payload: ConversationPayload): IngestItem {
  const setStatus =
    event === "whatsapp.conversation.ended"
      ? "ended"
      : event === "whatsapp.conversation.created"
        ? "active"
        : undefined;
  return compact({ conversation: toIngestConversation(payload.conversation), setStatus }) as IngestItem;
}

export const identityPayloadSchema = z
  .looseObject({
    contact: z.looseObject({
      wa_id: text,
      profile_name: text,
      business_scoped_user_id: text,
      parent_business_scoped_user_id: text,
      username: text,
    }),
    previous: z.looseObject({ business_scoped_user_id: text, parent_business_scoped_user_id: text }).nullish(),
    phone_number_id: phoneNumberId,
  })
  .superRefine(({ contact, previous }, ctx) => {
    if (!hasDigits(contact.wa_id) && !contact.business_scoped_user_id && !previous?.business_scoped_user_id) {
      ctx.addIssue({
        code: "custom",
        path: ["contact"],
        message: "names no lead: needs wa_id or a business_scoped_user_id",
      });
    }
  });

function identityChange(payload: z.infer<typeof identityPayloadSchema>): IdentityChange {
  const { contact, previous } = payload;
  return compact({
    phone: hasDigits(contact.wa_id) ? contact.wa_id.trim() : undefined,
    bsuid: nonEmpty(contact.business_scoped_user_id),
    parentBsuid: nonEmpty(contact.parent_business_scoped_user_id),
    username: nonEmpty(contact.username),
    profileName: nonEmpty(contact.profile_name),
    previousBsuid: nonEmpty(previous?.business_scoped_user_id),
  });
}

// ---------------------------------------------------------------------------
// Delivery parsing

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Finds the WhatsApp phone_number_id without validating anything, so the
 * workspace (and its webhook secret) can be chosen before the signature check.
 */
export function findPhoneNumberId(body: unknown): string | undefined {
  if (!isRecord(body)) {
    return undefined;
  }
  const first = Array.isArray(body.data) && isRecord(body.data[0]) ? body.data[0] : body;
  const candidates = [
    first.phone_number_id,
    isRecord(first.conversation) ? first.conversation.phone_number_id : undefined,
    isRecord(first.whatsapp_config) ? first.whatsapp_config.phone_number_id : undefined,
  ];
  const found = candidates.find((c) => (typeof c === "string" && c.length > 0) || typeof c === "number");
  return found === undefined ? undefined : String(found);
}

/** Legacy v1 payloads nest a `whatsapp_config` object and use `message.message_type`. */
export function isLegacyV1(body: unknown, payloadVersionHeader: string | null): boolean {
  if (payloadVersionHeader?.trim().toLowerCase() === "v1") {
    return true;
  }
  if (!isRecord(body)) {
    return false;
  }
  const first = Array.isArray(body.data) && isRecord(body.data[0]) ? body.data[0] : body;
  if (isRecord(first.whatsapp_config)) {
    return true;
  }
  if (isRecord(first.conversation) && "whatsapp_config_id" in first.conversation) {
    return true;
  }
  return isRecord(first.message) && "message_type" in first.message && !("type" in first.message);
}

/** Decodes the raw body as UTF-8 JSON; undefined when it is not. */
export function decodeJson(
  bytes: Uint8Array,
): { ok: true; text: string; value: unknown } | { ok: false; text: string } {
  let decoded: string;
  try {
    decoded = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return { ok: false, text: new TextDecoder().decode(bytes) };
  }
  try {
    return { ok: true, text: decoded, value: JSON.parse(decoded) };
  } catch {
    return { ok: false, text: decoded };
  }
}

export function isBatchDelivery(body: unknown, batchHeader: string | null): boolean {
  return batchHeader?.trim().toLowerCase() === "true" || (isRecord(body) && body.batch === true);
}

/** The first implausible message timestamp, named by its path, or undefined. */
function timestampIssue(payloads: MessagePayload[], batch: boolean, now: number): string | undefined {
  for (const [i, payload] of payloads.entries()) {
    const problem = timestampProblem(payload.message.timestamp, now);
    if (problem) {
      return `${batch ? `data.${i}.` : ""}message.timestamp: ${problem}`;
    }
  }
  return undefined;
}

type Invalid = Extract<ParsedDelivery, { kind: "invalid" }>;

/** Parses a single payload or a batch envelope of them; the items or a 422 naming the bad fields. */
function parsePayloads<T extends { phone_number_id: string }>(
  schema: z.ZodType<T>,
  body: unknown,
  batch: boolean,
): { ok: true; payloads: T[]; phoneNumberId: string } | { ok: false; invalid: Invalid } {
  const parsed = batch ? batchSchema(schema).safeParse(body) : schema.safeParse(body);
  if (!parsed.success) {
    return { ok: false, invalid: { kind: "invalid", httpStatus: 422, error: describeZodError(parsed.error) } };
  }
  const payloads = batch ? (parsed.data as { data: T[] }).data : [parsed.data as T];
  return { ok: true, payloads, phoneNumberId: payloads[0].phone_number_id };
}

/**
 * Turns a verified, JSON-decoded delivery into ingest items, an `ignored`
 * verdict for events this app does not handle, or an error naming the bad fields.
 */
export function parseKapsoDelivery(input: {
  event: string | null;
  payloadVersion: string | null;
  batchHeader: string | null;
  body: unknown;
  /** Timestamps are checked against this clock. */
  now?: number;
}): ParsedDelivery {
  const { body, payloadVersion } = input;
  const now = input.now ?? Date.now();
  const batch = isBatchDelivery(body, input.batchHeader);
  const event =
    nonEmpty(input.event) ?? (batch && isRecord(body) && typeof body.type === "string" ? body.type : undefined);
  if (!event) {
    return { kind: "invalid", httpStatus: 422, error: "X-Webhook-Event: header is missing" };
  }
  if (!isHandledEvent(event)) {
    return { kind: "ignored", event };
  }
  if (isLegacyV1(body, payloadVersion)) {
    return { kind: "invalid", httpStatus: 422, error: LEGACY_V1_ERROR };
  }

  if (isMessageEvent(event)) {
    const parsed = parsePayloads(messagePayloadSchema, body, batch);
    if (!parsed.ok) {
      return parsed.invalid;
    }
    const issue = timestampIssue(parsed.payloads, batch, now);
    if (issue) {
      return { kind: "invalid", httpStatus: 422, error: issue };
    }
    const items = parsed.payloads.map((p) => messageItem(event, p));
    return { kind: "items", event, phoneNumberId: parsed.phoneNumberId, batch, items };
  }
  if (event === IDENTITY_EVENT) {
    const parsed = parsePayloads(identityPayloadSchema, body, batch);
    if (!parsed.ok) {
      return parsed.invalid;
    }
    return {
      kind: "identity",
      event,
      phoneNumberId: parsed.phoneNumberId,
      batch,
      changes: parsed.payloads.map(identityChange),
    };
  }
  const parsed = parsePayloads(conversationPayloadSchema, body, batch);
  if (!parsed.ok) {
    return parsed.invalid;
  }
  const items = parsed.payloads.map((p) => conversationItem(event, p));
  return { kind: "items", event, phoneNumberId: parsed.phoneNumberId, batch, items };
}

const PREVIEW_LENGTH = 120;

/** The inbox's one-line preview of a message. */
export function messagePreview(message: Pick<IngestMessage, "content" | "type">): string {
  const content = message.content.replace(/\s+/g, " ").trim();
  if (!content) {
    return `[${message.type}]`;
  }
  return content.length > PREVIEW_LENGTH ? `${content.slice(0, PREVIEW_LENGTH - 1)}…` : content;
}
