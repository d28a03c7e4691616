import { messageRef, type MessageRef } from "../i18n/messageRef";

// What a salesperson reads for each WhatsApp message type, and the structured
// fields a UI needs. Kapso's v2 `message` follows Meta's Cloud API message object;
// `message.kapso.content` is optional and, for media, embeds a signed expiring URL,
// so it is never used as text for media.

/** Mirrors `messageDetails` in convex/schema.ts. */
export type MessageDetails = {
  media?: { id?: string; mime_type?: string; filename?: string; size?: number; voice?: boolean; animated?: boolean };
  location?: { latitude: number; longitude: number; name?: string; address?: string; url?: string };
  contacts?: Array<{ name: string; phones: string[]; emails: string[]; organization?: string }>;
  /** The lead's answer to buttons, lists, flows and template quick replies. */
  reply?: { kind: string; id?: string; title?: string; description?: string; payload?: string; response_json?: string };
  order?: {
    catalog_id?: string;
    text?: string;
    items: Array<{ product_retailer_id: string; quantity: number; item_price: number; currency: string }>;
    item_count: number;
    total?: number;
    currency?: string;
  };
  template?: { name: string; language?: string; parameters: string[]; parameter_names?: string[] };
  system?: { kind?: string; body?: string; wa_id?: string };
  /** The wamid this message replies to (context.id). */
  reply_to?: string;
  /** Click-to-WhatsApp ad the conversation came from. */
  referral?: {
    source_url?: string;
    source_id?: string;
    source_type?: string;
    headline?: string;
    body?: string;
    media_type?: string;
    ctwa_clid?: string;
  };
  /** The type's own object as JSON, for types this app does not understand. */
  raw?: string;
};

export type RenderedMessage = { content: string; details?: MessageDetails };

type Obj = Record<string, unknown>;

// Caps keep a row far below Convex's 1 MiB document limit whatever a sender puts in.
const MAX_ITEMS = 50;
const MAX_RAW = 8_192;
export const EMPTY_MESSAGE = "[empty message]";

function isObj(value: unknown): value is Obj {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
function obj(value: unknown): Obj {
  return isObj(value) ? value : {};
}
function str(value: unknown): string | undefined {
  if (typeof value === "number" && Number.isFinite(value)) {
    return String(value);
  }
  if (typeof value !== "string") {
    return undefined;
  }
  const trimmed = value.trim();
  return trimmed ? trimmed : undefined;
}
function num(value: unknown): number | undefined {
  const n = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
  return typeof n === "number" && Number.isFinite(n) ? n : undefined;
}
function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value.slice(0, MAX_ITEMS) : [];
}
/** Drops undefined values so Convex never sees them; undefined when nothing is left. */
function compact<T extends Obj>(value: T): T | undefined {
  const entries = Object.entries(value).filter(([, v]) => v !== undefined);
  return entries.length ? (Object.fromEntries(entries) as T) : undefined;
}

/** True for `https:` URLs only: payload URLs become links only then. */
export function isHttpsUrl(value: string | null | undefined): value is string {
  if (!value) {
    return false;
  }
  try {
    return new URL(value).protocol === "https:";
  } catch {
    return false;
  }
}

/**
 * Formats an amount in `locale` (an Intl tag: the reader's language on the page), by default the way the lead's
 * market writes it (Rp 150.000, $7.99). Rupiah never shows decimals.
 */
export function formatMoney(amount: number, currency: string, locale?: string): string {
  try {
    const tag = locale ?? (currency === "IDR" ? "id-ID" : "en-US");
    const digits = currency === "IDR" ? 0 : undefined;
    return new Intl.NumberFormat(tag, { style: "currency", currency, maximumFractionDigits: digits })
      .format(amount)
      .replace(/\u00a0/g, " ");
  } catch {
    return `${currency} ${amount}`;
  }
}

const MEDIA_LABELS: Record<string, string> = {
  image: "📷 Photo",
  video: "🎥 Video",
  audio: "🎵 Audio",
  document: "📄 Document",
  sticker: "💟 Sticker",
};

function media(message: Obj, type: string): RenderedMessage {
  const own = obj(message[type]);
  const kapso = obj(message.kapso);
  const data = obj(kapso.media_data);
  const caption = str(own.caption) ?? str(obj(kapso.message_type_data).caption);
  const filename = str(own.filename) ?? str(data.filename);
  const voice = type === "audio" && (own.voice === true || /voice|opus/i.test(str(own.mime_type) ?? ""));
  const transcript = str(obj(kapso.transcript).text);
  const details: MessageDetails = {
    media: compact({
      id: str(own.id),
      mime_type: str(own.mime_type) ?? str(data.content_type),
      filename,
      size: num(data.byte_size),
      voice: voice || undefined,
      animated: own.animated === true || undefined,
    }),
  };
  let content: string;
  if (caption) {
    content = caption;
  } else if (type === "audio") {
    content = transcript ? `🎤 ${transcript}` : voice ? "🎤 Voice note" : MEDIA_LABELS.audio;
  } else if (type === "document" && filename) {
    content = `📄 ${filename}`;
  } else {
    content = MEDIA_LABELS[type];
  }
  return { content, details };
}

function location(message: Obj): RenderedMessage {
  const loc = obj(message.location);
  const latitude = num(loc.latitude);
  const longitude = num(loc.longitude);
  const place = [str(loc.name), str(loc.address)].filter(Boolean).join(", ");
  const coordinates = latitude !== undefined && longitude !== undefined ? `(${latitude}, ${longitude})` : "";
  const content = ["📍", place || "Location", coordinates].filter(Boolean).join(" ");
  const details: MessageDetails | undefined =
    latitude !== undefined && longitude !== undefined
      ? {
          location: compact({
            latitude,
            longitude,
            name: str(loc.name),
            address: str(loc.address),
            url: str(loc.url),
          })!,
        }
      : undefined;
  return { content, details };
}

function contacts(message: Obj): RenderedMessage {
  const cards = list(message.contacts).map((raw) => {
    const card = obj(raw);
    const name = obj(card.name);
    const fullName =
      str(name.formatted_name) ?? ([str(name.first_name), str(name.last_name)].filter(Boolean).join(" ") || "Contact");
    return compact({
      name: fullName,
      phones: list(card.phones).flatMap((p) => str(obj(p).phone) ?? str(obj(p).wa_id) ?? []),
      emails: list(card.emails).flatMap((e) => str(obj(e).email) ?? []),
      organization: str(obj(card.org).company),
    })!;
  });
  if (cards.length === 0) {
    return { content: "👤 Contact card" };
  }
  const content = cards.map((c) => ["👤", c.name, c.phones[0]].filter(Boolean).join(" ")).join("\n");
  return { content, details: { contacts: cards } };
}

function interactive(message: Obj): RenderedMessage {
  const inter = obj(message.interactive);
  const kind = str(inter.type) ?? "interactive";
  const answer = obj(inter[kind]);
  if (kind === "nfm_reply") {
    const title = str(answer.body) ?? str(answer.name);
    return {
      content: title ? `📝 Form sent: ${title}` : "📝 Form sent",
      details: { reply: compact({ kind, title, response_json: str(answer.response_json)?.slice(0, MAX_RAW) })! },
    };
  }
  const title = str(answer.title);
  return {
    content: title ?? `[interactive: ${kind}]`,
    details: { reply: compact({ kind, id: str(answer.id), title, description: str(answer.description) })! },
  };
}

function button(message: Obj): RenderedMessage {
  const b = obj(message.button);
  const title = str(b.text) ?? str(b.payload);
  return {
    content: title ?? "[button]",
    details: { reply: compact({ kind: "button", title, payload: str(b.payload) })! },
  };
}

function reaction(message: Obj): RenderedMessage {
  const emoji = str(obj(message.reaction).emoji);
  return { content: emoji ? `Reacted ${emoji}` : "Removed a reaction" };
}

function order(message: Obj): RenderedMessage {
  const o = obj(message.order);
  const items = list(o.product_items).flatMap((raw) => {
    const item = obj(raw);
    const id = str(item.product_retailer_id);
    const quantity = num(item.quantity) ?? 1;
    const price = num(item.item_price);
    const currency = str(item.currency);
    return id && price !== undefined && currency
      ? [{ product_retailer_id: id, quantity, item_price: price, currency }]
      : [];
  });
  const currencies = new Set(items.map((i) => i.currency));
  const currency = currencies.size === 1 ? items[0].currency : undefined;
  const total = currency ? items.reduce((sum, i) => sum + i.quantity * i.item_price, 0) : undefined;
  const count = items.reduce((sum, i) => sum + i.quantity, 0);
  const summary = [
    `${count} ${count === 1 ? "item" : "items"}`,
    total !== undefined && currency ? formatMoney(total, currency) : undefined,
  ];
  return {
    content: `🛒 Order: ${summary.filter(Boolean).join(", ")}`,
    details: {
      order: compact({ catalog_id: str(o.catalog_id), text: str(o.text), items, item_count: count, total, currency })!,
    },
  };
}

function template(message: Obj): RenderedMessage {
  const tpl = obj(message.template);
  const name = str(tpl.name) ?? "template";
  const parameters = list(tpl.components).flatMap((c) =>
    list(obj(c).parameters).flatMap((p) => str(obj(p).text) ?? []),
  );
  const content = parameters.length ? `Template "${name}": ${parameters.join(", ")}` : `Template "${name}"`;
  return { content, details: { template: compact({ name, language: str(obj(tpl.language).code), parameters })! } };
}

function system(message: Obj): RenderedMessage {
  const s = obj(message.system);
  const body = str(s.body);
  return {
    content: body ?? `[system: ${str(s.type) ?? "update"}]`,
    details: { system: compact({ kind: str(s.type), body, wa_id: str(s.wa_id) ?? str(s.customer) }) },
  };
}

function unsupported(message: Obj, type: string): RenderedMessage {
  const inner = type === "unsupported" ? str(obj(message.unsupported).type) : undefined;
  const raw = message[type];
  const json = raw === undefined ? undefined : JSON.stringify(raw);
  return {
    content: `[unsupported: ${inner ?? type}]`,
    details: json ? { raw: json.slice(0, MAX_RAW) } : undefined,
  };
}

function text(message: Obj): RenderedMessage {
  return { content: str(obj(message.text).body) ?? str(obj(message.kapso).content) ?? EMPTY_MESSAGE };
}

function byType(message: Obj, type: string): RenderedMessage {
  switch (type) {
    case "text":
      return text(message);
    case "image":
    case "video":
    case "audio":
    case "document":
    case "sticker":
      return media(message, type);
    case "location":
      return location(message);
    case "contacts":
      return contacts(message);
    case "interactive":
      return interactive(message);
    case "button":
      return button(message);
    case "reaction":
      return reaction(message);
    case "order":
      return order(message);
    case "template":
      return template(message);
    case "system":
      return system(message);
    default:
      return unsupported(message, type);
  }
}

function referral(message: Obj): MessageDetails["referral"] {
  const r = message.referral;
  if (!isObj(r)) {
    return undefined;
  }
  return compact({
    source_url: str(r.source_url),
    source_id: str(r.source_id),
    source_type: str(r.source_type),
    headline: str(r.headline),
    body: str(r.body),
    media_type: str(r.media_type),
    ctwa_clid: str(r.ctwa_clid),
  });
}

/**
 * The content string and structured details for a Meta-style message object of
 * any type, known or not. Never empty, never a signed URL.
 */
export function renderMessage(message: Obj): RenderedMessage {
  const type = str(message.type) ?? "unknown";
  const rendered = byType(message, type);
  const details = compact({
    ...rendered.details,
    reply_to: str(obj(message.context).id),
    referral: referral(message),
  });
  const content = rendered.content.trim() || EMPTY_MESSAGE;
  return details ? { content, details } : { content };
}

// The content above is stored (and becomes the conversation's preview) in English. These read back the labels it
// writes for messages without text of their own, so a page can say them in its reader's language.
const LABELS: Array<[RegExp, (m: RegExpMatchArray) => MessageRef]> = [
  [/^📷 Photo$/, () => messageRef("message.label.image")],
  [/^📄 Document$/, () => messageRef("message.label.document")],
  [/^💟 Sticker$/, () => messageRef("message.label.sticker")],
  [/^🎤 Voice note$/, () => messageRef("message.label.voiceNote")],
  [/^📍 Location$/, () => messageRef("message.label.location")],
  [/^📍 Location (\(.+\))$/, (m) => messageRef("message.label.locationAt", { coordinates: m[1] })],
  [/^👤 Contact card$/, () => messageRef("message.label.contactCard")],
  [/^📝 Form sent$/, () => messageRef("message.label.formSent")],
  [/^📝 Form sent: (.+)$/s, (m) => messageRef("message.label.formSentTitle", { title: m[1] })],
  [/^Reacted (.+)$/, (m) => messageRef("message.label.reacted", { emoji: m[1] })],
  [/^Removed a reaction$/, () => messageRef("message.reactionRemoved")],
  [/^🛒 Order: (\d+) items?$/, (m) => messageRef("message.label.order", { count: Number(m[1]) })],
  [
    /^🛒 Order: (\d+) items?, (.+)$/,
    (m) => messageRef("message.label.orderTotal", { count: Number(m[1]), total: m[2] }),
  ],
  [/^Template "(.+?)"$/, (m) => messageRef("message.label.template", { name: m[1] })],
  [
    /^Template "(.+?)": (.+)$/s,
    (m) => messageRef("message.label.templateParameters", { name: m[1], parameters: m[2] }),
  ],
  [/^\[empty message\]$/, () => messageRef("message.label.empty")],
];

/**
 * A stored content or preview that is one of renderMessage's labels ("📷 Photo", "🛒 Order: 2 items, Rp 150.000"),
 * as a MessageRef; null for what the sender wrote, which is shown as it is.
 */
export function contentRef(content: string): MessageRef | null {
  for (const [pattern, ref] of LABELS) {
    const match = content.match(pattern);
    if (match) {
      return ref(match);
    }
  }
  return null;
}
