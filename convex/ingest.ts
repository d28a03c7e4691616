import { v, type Infer } from "convex/values";
import { internalAction, internalMutation, internalQuery, type MutationCtx, type QueryCtx } from "./_generated/server";
import { internal } from "./_generated/api";
import type { Doc, Id } from "./_generated/dataModel";
import { messageDirection, webhookEventStatus } from "./schema";
import { contactSearchText, conversationLeadFields, syncLeadConversations } from "./contacts";
import { phoneKey } from "../src/domain/phone";
import { canAdvanceStatus, laterStatus } from "../src/domain/messageStatus";
import { decodeJson, messagePreview, parseKapsoDelivery } from "../src/domain/kapsoWebhook";
import { openSecret } from "./model/secrets";

// Everything one Kapso delivery changes happens in ONE mutation: the ledger row
// (webhookEvents) and the contact, conversation and message writes commit
// together or not at all, so a retry after any failure starts clean.

const webhookMessageStatus = v.union(
  v.literal("received"),
  v.literal("sent"),
  v.literal("delivered"),
  v.literal("read"),
  v.literal("failed"),
);

// Mirrors `IngestItem` in src/domain/kapsoWebhook.ts (the HTTP action passes those).
const ingestMessage = v.object({
  wamid: v.string(),
  direction: messageDirection,
  type: v.string(),
  content: v.string(),
  status: webhookMessageStatus,
  timestamp: v.number(),
  mediaUrl: v.optional(v.string()),
  mediaMimeType: v.optional(v.string()),
  mediaFilename: v.optional(v.string()),
  caption: v.optional(v.string()),
  transcript: v.optional(v.string()),
  reactionTo: v.optional(v.string()),
  reactionEmoji: v.optional(v.string()),
  origin: v.optional(v.string()),
  errorCode: v.optional(v.number()),
  errorTitle: v.optional(v.string()),
  errorMessage: v.optional(v.string()),
});

const conversationStatus = v.union(v.literal("active"), v.literal("ended"));

export const ingestItem = v.object({
  conversation: v.object({
    kapsoId: v.string(),
    phone: v.optional(v.string()),
    bsuid: v.optional(v.string()),
    contactName: v.optional(v.string()),
    status: v.optional(conversationStatus),
    lastActiveAt: v.optional(v.number()),
  }),
  message: v.optional(ingestMessage),
  setStatus: v.optional(conversationStatus),
});

type IngestItem = Infer<typeof ingestItem>;
type IngestMessage = Infer<typeof ingestMessage>;

export const deliveryOutcome = v.union(
  v.object({ kind: v.literal("items"), items: v.array(ingestItem) }),
  v.object({ kind: v.literal("ignored") }),
  v.object({ kind: v.literal("invalid"), error: v.string() }),
);

const ingestCounts = v.object({ created: v.number(), updated: v.number(), unchanged: v.number() });
type IngestCounts = Infer<typeof ingestCounts>;

export const deliveryResult = v.object({
  status: webhookEventStatus,
  eventId: v.id("webhookEvents"),
  counts: v.optional(ingestCounts),
});

/** A new lead without a name from Kapso is called this until Kapso or a person names it. */
export const UNKNOWN_NAME = "Unknown";

/** Messages read at most when looking up a delivery's inbound wamids in one conversation. */
const SPAN_LIMIT = 250;

/** How many pending/unknown dashboard replies per status are compared with an outbound webhook. */
const ADOPT_CANDIDATES = 10;

// ---------------------------------------------------------------------------
// Unit of work: every document a delivery touches is read at most once, changed
// in memory, and written once at the end (a batch of 100 messages in one
// conversation patches that conversation once, not 100 times).

type ContactFields = Omit<Doc<"contacts">, "_id" | "_creationTime">;
type ConversationFields = Omit<Doc<"conversations">, "_id" | "_creationTime" | "contact_id">;
type MessageFields = Omit<Doc<"messages">, "_id" | "_creationTime" | "conversation_id" | "contact_id">;

type Entry<Table extends "contacts" | "conversations" | "messages", Fields> = {
  id?: Id<Table>;
  fields: Fields;
  /** Fields to patch on an existing document. */
  dirty: Partial<Fields>;
};

type ContactEntry = Entry<"contacts", ContactFields>;
type ConversationEntry = Entry<"conversations", ConversationFields> & {
  contact: ContactEntry;
  isNew: boolean;
  /** The stored lead is gone: point the conversation at the lead the payload names. */
  repointContact?: boolean;
};
/** `conversation` is set for messages this delivery inserts; status updates never need it. */
type MessageEntry = Entry<"messages", MessageFields> & { conversation?: ConversationEntry };

function set<F>(entry: { fields: F; dirty: Partial<F> }, changes: Partial<F>) {
  for (const [key, value] of Object.entries(changes) as Array<[keyof F, F[keyof F]]>) {
    if (entry.fields[key] === value) continue;
    entry.fields[key] = value;
    entry.dirty[key] = value;
  }
}

function withoutSystemFields<T extends { _id: unknown; _creationTime: number }>(doc: T) {
  const { _id, _creationTime, ...fields } = doc;
  void _id;
  void _creationTime;
  return fields;
}

class DeliveryWork {
  readonly counts: IngestCounts = { created: 0, updated: 0, unchanged: 0 };
  private readonly contacts = new Map<string, ContactEntry>();
  private readonly conversations = new Map<string, ConversationEntry>();
  private readonly messages = new Map<string, MessageEntry>();
  /** Every entry in creation order, so inserts see the ids of what they reference. */
  private readonly contactList: ContactEntry[] = [];
  private readonly conversationList: ConversationEntry[] = [];
  private readonly messageList: MessageEntry[] = [];
  private readonly adoptedReplies = new Set<Id<"messages">>();

  /** Per Kapso conversation: the time span of this delivery's inbound messages. */
  private readonly inboundSpans = new Map<string, { from: number; to: number }>();
  /** Conversations whose inbound span is loaded; `true` when it overflowed the bound. */
  private readonly spansLoaded = new Map<Id<"conversations">, boolean>();

  constructor(
    private readonly ctx: MutationCtx,
    private readonly workspace: Doc<"workspaces">,
    private readonly now: number,
    items: IngestItem[],
  ) {
    for (const { conversation, message } of items) {
      if (message?.direction !== "inbound") continue;
      const span = this.inboundSpans.get(conversation.kapsoId);
      this.inboundSpans.set(conversation.kapsoId, {
        from: Math.min(span?.from ?? message.timestamp, message.timestamp),
        to: Math.max(span?.to ?? message.timestamp, message.timestamp),
      });
    }
  }

  async apply(item: IngestItem) {
    const message = item.message;
    let conversation: ConversationEntry | undefined;
    if (message) {
      let existing: MessageEntry | undefined;
      if (message.direction === "inbound") {
        conversation = await this.conversationFor(item);
        existing = await this.findInbound(conversation, message);
      } else {
        existing = await this.findMessage(message.wamid);
      }
      if (existing) {
        this.applyStatus(existing, message);
        return;
      }
    }
    conversation ??= await this.conversationFor(item);
    await this.fillContact(conversation.contact, item.conversation);
    if (item.setStatus === "ended") set(conversation, { status: "ended" });
    if (message) await this.addMessage(conversation, message);
  }

  // --- messages -------------------------------------------------------------

  private async findMessage(wamid: string): Promise<MessageEntry | undefined> {
    const cached = this.messages.get(wamid);
    if (cached) return cached;
    const doc = await this.ctx.db
      .query("messages")
      .withIndex("by_workspace_kapso_message_id", (q) =>
        q.eq("workspace_id", this.workspace._id).eq("kapso_message_id", wamid),
      )
      .first();
    if (!doc) return undefined;
    // Status updates never touch the conversation or contact, so they stay unloaded.
    return this.rememberMessage(wamid, { id: doc._id, fields: messageFieldsOf(doc), dirty: {} });
  }

  /**
   * An inbound wamid belongs to one Kapso conversation and keeps its WhatsApp
   * timestamp, so it is looked up in the conversation's messages within the
   * delivery's time span: ONE index range per conversation and delivery instead
   * of one lookup per message (a batch of 100 reads its own few seconds once).
   * A new conversation has no messages yet, and a message newer than the lead's
   * newest inbound one cannot be stored yet (the usual case); a span too full to
   * read falls back to the wamid index.
   */
  private async findInbound(conversation: ConversationEntry, message: IngestMessage): Promise<MessageEntry | undefined> {
    const wamid = message.wamid;
    const known = this.messages.get(wamid);
    if (known || conversation.isNew) return known;
    const newestInbound = conversation.contact.fields.last_inbound_at;
    if (newestInbound !== undefined && message.timestamp > newestInbound) return undefined;
    const conversationId = conversation.id!;
    if (!this.spansLoaded.has(conversationId)) {
      const span = this.inboundSpans.get(conversation.fields.kapso_conversation_id)!;
      const docs = await this.ctx.db
        .query("messages")
        .withIndex("by_conversation_timestamp", (q) =>
          q.eq("conversation_id", conversationId).gte("timestamp", span.from).lte("timestamp", span.to),
        )
        .take(SPAN_LIMIT);
      for (const doc of docs) {
        if (doc.kapso_message_id && !this.messages.has(doc.kapso_message_id)) {
          this.rememberMessage(doc.kapso_message_id, { id: doc._id, fields: messageFieldsOf(doc), dirty: {} });
        }
      }
      this.spansLoaded.set(conversationId, docs.length === SPAN_LIMIT);
    }
    const found = this.messages.get(wamid);
    if (found || !this.spansLoaded.get(conversationId)) return found;
    return await this.findMessage(wamid);
  }

  private rememberMessage(wamid: string, entry: MessageEntry): MessageEntry {
    this.messages.set(wamid, entry);
    this.messageList.push(entry);
    return entry;
  }

  /** Moves an existing message's status forward; anything else is a duplicate. */
  private applyStatus(entry: MessageEntry, message: IngestMessage) {
    const current = entry.fields.status;
    if (entry.fields.direction === "inbound" || !canAdvanceStatus(current, message.status)) {
      this.counts.unchanged += 1;
      return;
    }
    set(entry, { status: message.status, ...errorFields(message) });
    this.counts.updated += 1;
  }

  private async addMessage(conversation: ConversationEntry, message: IngestMessage) {
    const adopted =
      message.direction === "outbound" && !conversation.isNew
        ? await adoptDashboardReply(this.ctx, conversation.id!, message, this.adoptedReplies)
        : null;
    if (adopted) {
      const entry = this.rememberMessage(message.wamid, { id: adopted._id, fields: messageFieldsOf(adopted), dirty: {} });
      set(entry, {
        kapso_message_id: message.wamid,
        status: laterStatus(adopted.status, message.status),
        timestamp: message.timestamp,
        ...errorFields(message),
      });
      this.counts.updated += 1;
    } else {
      this.rememberMessage(message.wamid, {
        fields: newMessageFields(this.workspace._id, message, this.now),
        dirty: {},
        conversation,
      });
      this.counts.created += 1;
    }
    this.recordActivity(conversation, message, { isNewMessage: !adopted });
  }

  /** Denormalised inbox and activity fields; none of them ever moves backwards. */
  private recordActivity(conversation: ConversationEntry, message: IngestMessage, { isNewMessage }: { isNewMessage: boolean }) {
    const contact = conversation.contact;
    const inbound = message.direction === "inbound";
    set(contact, {
      lastActivityAt: Math.max(contact.fields.lastActivityAt, message.timestamp),
      ...(inbound ? { last_inbound_at: Math.max(contact.fields.last_inbound_at ?? 0, message.timestamp) } : {}),
    });
    set(conversation, { last_active_at: Math.max(conversation.fields.last_active_at, message.timestamp) });
    const newest = conversation.fields.last_message_at;
    if (newest === undefined || message.timestamp >= newest) {
      set(conversation, {
        last_message_preview: messagePreview(message),
        last_message_at: message.timestamp,
        last_message_direction: message.direction,
        waiting_for_reply: inbound,
      });
    }
    // Every new inbound message is unread, even one that arrives late.
    if (inbound && isNewMessage) set(conversation, { unread_count: (conversation.fields.unread_count ?? 0) + 1 });
  }

  // --- conversations and contacts --------------------------------------------

  private async conversationFor(item: IngestItem): Promise<ConversationEntry> {
    const kapsoId = item.conversation.kapsoId;
    const cached = this.conversations.get(kapsoId);
    if (cached) return cached;
    const doc = await this.ctx.db
      .query("conversations")
      .withIndex("by_workspace_kapso_conversation_id", (q) =>
        q.eq("workspace_id", this.workspace._id).eq("kapso_conversation_id", kapsoId),
      )
      .first();
    let entry: ConversationEntry;
    if (doc) {
      const stored = await this.contactById(doc.contact_id);
      const contact = stored ?? (await this.contactFor(item));
      const { contact_id, ...fields } = withoutSystemFields(doc);
      void contact_id;
      entry = { id: doc._id, fields, dirty: {}, contact, isNew: false, repointContact: !stored };
      this.conversationList.push(entry);
    } else {
      const contact = await this.contactFor(item);
      entry = {
        fields: {
          workspace_id: this.workspace._id,
          kapso_conversation_id: kapsoId,
          status: item.setStatus ?? item.conversation.status ?? "active",
          last_active_at: item.message?.timestamp ?? item.conversation.lastActiveAt ?? this.now,
          unread_count: 0,
          created_at: this.now,
        },
        dirty: {},
        contact,
        isNew: true,
      };
      this.conversationList.push(entry);
    }
    this.conversations.set(kapsoId, entry);
    return entry;
  }

  private async contactById(id: Id<"contacts">): Promise<ContactEntry | undefined> {
    const cached = this.contacts.get(`id:${id}`);
    if (cached) return cached;
    const doc = await this.ctx.db.get("contacts", id);
    return doc ? this.remember(doc) : undefined;
  }

  private remember(doc: Doc<"contacts">): ContactEntry {
    const cached = this.contacts.get(`id:${doc._id}`);
    if (cached) return cached;
    const entry: ContactEntry = { id: doc._id, fields: withoutSystemFields(doc), dirty: {} };
    this.contacts.set(`id:${doc._id}`, entry);
    if (doc.phone) this.contacts.set(`phone:${doc.phone}`, entry);
    if (doc.business_scoped_user_id) this.contacts.set(`bsuid:${doc.business_scoped_user_id}`, entry);
    this.contactList.push(entry);
    return entry;
  }

  /** One lead per normalised phone; without a phone, per business-scoped user id. */
  private async contactFor(item: IngestItem): Promise<ContactEntry> {
    const phone = phoneKey(item.conversation.phone, this.workspace.default_country) ?? undefined;
    const bsuid = item.conversation.bsuid;
    const byPhone = phone ? await this.lookupContact("phone", phone) : undefined;
    if (byPhone) return byPhone;
    const byBsuid = bsuid ? await this.lookupContact("bsuid", bsuid) : undefined;
    if (byBsuid) return byBsuid;

    const name = item.conversation.contactName ?? UNKNOWN_NAME;
    const activity = item.message?.timestamp ?? item.conversation.lastActiveAt ?? this.now;
    const entry: ContactEntry = {
      fields: {
        workspace_id: this.workspace._id,
        ...(phone ? { phone } : {}),
        ...(bsuid ? { business_scoped_user_id: bsuid } : {}),
        name,
        lastActivityAt: activity,
        search_text: contactSearchText(name, phone),
        created_at: this.now,
        updated_at: this.now,
      },
      dirty: {},
    };
    if (phone) this.contacts.set(`phone:${phone}`, entry);
    if (bsuid) this.contacts.set(`bsuid:${bsuid}`, entry);
    this.contactList.push(entry);
    return entry;
  }

  private async lookupContact(kind: "phone" | "bsuid", value: string): Promise<ContactEntry | undefined> {
    const cached = this.contacts.get(`${kind}:${value}`);
    if (cached) return cached;
    const workspaceId = this.workspace._id;
    const doc =
      kind === "phone"
        ? await this.ctx.db
            .query("contacts")
            .withIndex("by_workspace_phone", (q) => q.eq("workspace_id", workspaceId).eq("phone", value))
            .first()
        : await this.ctx.db
            .query("contacts")
            .withIndex("by_workspace_bsuid", (q) => q.eq("workspace_id", workspaceId).eq("business_scoped_user_id", value))
            .first();
    return doc ? this.remember(doc) : undefined;
  }

  /** Kapso's name fills an empty or "Unknown" name; a person's edit is never overwritten. */
  private async fillContact(contact: ContactEntry, conversation: IngestItem["conversation"]) {
    const fields = contact.fields;
    const name = conversation.contactName;
    if (name && fields.name_edited_at === undefined && (fields.name.trim() === "" || fields.name === UNKNOWN_NAME)) {
      set(contact, { name });
    }
    // A lead known by its business-scoped id gets the phone once Kapso sends one,
    // unless another lead has that phone already (one lead per phone).
    const phone = fields.phone ? null : phoneKey(conversation.phone, this.workspace.default_country);
    if (phone && !(await this.lookupContact("phone", phone))) {
      set(contact, { phone });
      this.contacts.set(`phone:${phone}`, contact);
    }
    if (!fields.business_scoped_user_id && conversation.bsuid) set(contact, { business_scoped_user_id: conversation.bsuid });
    set(contact, { search_text: contactSearchText(contact.fields.name, contact.fields.phone) });
  }

  // --- write-back -------------------------------------------------------------

  /** Inserts in dependency order (contacts, conversations, messages); patches only what changed. */
  async flush() {
    const db = this.ctx.db;
    // Stored leads whose name or phone this delivery changed: their other conversations follow.
    const changedLeads = this.contactList.filter((c) => c.id && ("name" in c.dirty || "phone" in c.dirty));
    for (const contact of this.contactList) {
      if (!contact.id) contact.id = await db.insert("contacts", contact.fields);
      else if (isDirty(contact)) await db.patch("contacts", contact.id, { ...contact.dirty, updated_at: this.now });
    }
    for (const conversation of this.conversationList) {
      // Set here, once the delivery's last item has had its say on the lead's name.
      set(conversation, conversationLeadFields(conversation.contact.fields));
      const contactId = conversation.contact.id!;
      if (!conversation.id) {
        conversation.id = await db.insert("conversations", { ...conversation.fields, contact_id: contactId });
      } else if (isDirty(conversation) || conversation.repointContact) {
        const repoint = conversation.repointContact ? { contact_id: contactId } : {};
        await db.patch("conversations", conversation.id, { ...conversation.dirty, ...repoint });
      }
    }
    for (const message of this.messageList) {
      if (!message.id) {
        const conversation = message.conversation!;
        message.id = await db.insert("messages", {
          ...message.fields,
          conversation_id: conversation.id!,
          contact_id: conversation.contact.id!,
        });
      } else if (isDirty(message)) {
        await db.patch("messages", message.id, message.dirty);
      }
    }
    for (const lead of changedLeads) {
      await syncLeadConversations(this.ctx, { _id: lead.id!, name: lead.fields.name, phone: lead.fields.phone });
    }
  }
}

function isDirty(entry: { dirty: object }) {
  return Object.keys(entry.dirty).length > 0;
}

function messageFieldsOf(doc: Doc<"messages">): MessageFields {
  const { conversation_id, contact_id, ...fields } = withoutSystemFields(doc);
  void conversation_id;
  void contact_id;
  return fields;
}

function errorFields(message: IngestMessage) {
  // A failure keeps WhatsApp's error; any later status clears a stale one.
  return message.status === "failed"
    ? { error_code: message.errorCode, error_title: message.errorTitle, error_message: message.errorMessage }
    : { error_code: undefined, error_title: undefined, error_message: undefined };
}

function newMessageFields(workspaceId: Id<"workspaces">, message: IngestMessage, now: number): MessageFields {
  const optional = {
    media_url: message.mediaUrl,
    media_mime_type: message.mediaMimeType,
    media_filename: message.mediaFilename,
    caption: message.caption,
    transcript: message.transcript,
    reaction_to: message.reactionTo,
    reaction_emoji: message.reactionEmoji,
    origin: message.origin,
    ...(message.status === "failed" ? errorFields(message) : {}),
  };
  return {
    workspace_id: workspaceId,
    kapso_message_id: message.wamid,
    direction: message.direction,
    type: message.type,
    content: message.content,
    status: message.status,
    timestamp: message.timestamp,
    created_at: now,
    ...Object.fromEntries(Object.entries(optional).filter(([, value]) => value !== undefined)),
  };
}

/**
 * A reply typed in the dashboard is stored at once as `pending` (no wamid yet) and
 * may end `unknown`. When Kapso's webhook reports an outbound message we have no
 * row for, it is most likely that reply: adopt the oldest pending/unknown reply in
 * the same conversation with identical text instead of storing a second row.
 */
export async function adoptDashboardReply(
  ctx: Pick<MutationCtx, "db">,
  conversationId: Id<"conversations">,
  message: Pick<IngestMessage, "content">,
  /** Replies adopted earlier in the same delivery; the adopted one is added. */
  alreadyAdopted: Set<Id<"messages">> = new Set(),
): Promise<Doc<"messages"> | null> {
  const content = message.content.trim();
  for (const status of ["pending", "unknown"] as const) {
    const candidates = await ctx.db
      .query("messages")
      .withIndex("by_conversation_status", (q) => q.eq("conversation_id", conversationId).eq("status", status))
      .take(ADOPT_CANDIDATES);
    const match = candidates.find(
      (m) =>
        m.direction === "outbound" &&
        m.kapso_message_id === undefined &&
        !alreadyAdopted.has(m._id) &&
        m.content.trim() === content,
    );
    if (match) {
      alreadyAdopted.add(match._id);
      return match;
    }
  }
  return null;
}

async function workspaceByPhoneNumberId(ctx: Pick<QueryCtx, "db">, phoneNumberId: string) {
  return await ctx.db
    .query("workspaces")
    .withIndex("by_kapso_phone_number_id", (q) => q.eq("kapso_phone_number_id", phoneNumberId))
    .first();
}

/** Applies a delivery's items to a workspace; the caller records the ledger row in the same transaction. */
export async function ingestItems(
  ctx: MutationCtx,
  workspace: Doc<"workspaces">,
  items: IngestItem[],
  now: number,
): Promise<IngestCounts> {
  const work = new DeliveryWork(ctx, workspace, now, items);
  for (const item of items) await work.apply(item);
  await work.flush();
  return work.counts;
}

// ---------------------------------------------------------------------------
// Registered functions

/** For the HTTP action: the workspace a phone_number_id belongs to and its own webhook secret, if any. */
export const webhookTarget = internalQuery({
  args: { phoneNumberId: v.string() },
  returns: v.union(v.null(), v.object({ workspaceId: v.id("workspaces"), webhookSecret: v.optional(v.string()) })),
  handler: async (ctx, { phoneNumberId }) => {
    const workspace = await workspaceByPhoneNumberId(ctx, phoneNumberId);
    if (!workspace) return null;
    return workspace.kapso_webhook_secret
      ? { workspaceId: workspace._id, webhookSecret: await openSecret(workspace.kapso_webhook_secret) }
      : { workspaceId: workspace._id };
  },
});

async function findDelivery(ctx: Pick<QueryCtx, "db">, idempotencyKey: string) {
  return await ctx.db
    .query("webhookEvents")
    .withIndex("by_idempotency_key", (q) => q.eq("idempotency_key", idempotencyKey))
    .first();
}

/** The workspace the action resolved, re-checked inside the transaction. */
async function deliveryWorkspace(
  ctx: Pick<QueryCtx, "db">,
  workspaceId: Id<"workspaces"> | undefined,
  phoneNumberId: string | undefined,
) {
  if (!phoneNumberId) return null;
  const resolved = workspaceId ? await ctx.db.get("workspaces", workspaceId) : null;
  if (resolved?.kapso_phone_number_id === phoneNumberId) return resolved;
  return await workspaceByPhoneNumberId(ctx, phoneNumberId);
}

type DeliveryResult = Infer<typeof deliveryResult>;

/**
 * One verified delivery: the ledger row and all data writes, atomically. A
 * repeated idempotency key writes nothing, whatever the body. `rawBody` /
 * `rawBodyStorageId` are passed only when the delivery may have to be kept
 * (invalid, unmatched).
 */
export const processDelivery = internalMutation({
  args: {
    idempotencyKey: v.string(),
    event: v.string(),
    phoneNumberId: v.optional(v.string()),
    /** The workspace the HTTP action found for phoneNumberId, if any. */
    workspaceId: v.optional(v.id("workspaces")),
    batch: v.optional(v.boolean()),
    outcome: deliveryOutcome,
    rawBody: v.optional(v.string()),
    rawBodyStorageId: v.optional(v.id("_storage")),
  },
  returns: deliveryResult,
  handler: async (ctx, args): Promise<DeliveryResult> => {
    const repeated = await findDelivery(ctx, args.idempotencyKey);
    if (repeated) {
      if (args.rawBodyStorageId) await ctx.storage.delete(args.rawBodyStorageId);
      return { status: "duplicate", eventId: repeated._id };
    }
    const { outcome } = args;
    const now = Date.now();
    const workspace = outcome.kind === "invalid" ? null : await deliveryWorkspace(ctx, args.workspaceId, args.phoneNumberId);

    const ledger = {
      idempotency_key: args.idempotencyKey,
      event: args.event,
      received_at: now,
      ...(args.phoneNumberId ? { phone_number_id: args.phoneNumberId } : {}),
      ...(workspace ? { workspace_id: workspace._id } : {}),
    };
    const raw = {
      ...(args.rawBody !== undefined ? { raw_body: args.rawBody } : {}),
      ...(args.rawBodyStorageId ? { raw_body_storage_id: args.rawBodyStorageId } : {}),
      ...(args.batch ? { batch: true } : {}),
    };
    if (outcome.kind === "invalid") {
      const eventId = await ctx.db.insert("webhookEvents", { ...ledger, ...raw, status: "invalid", error: outcome.error });
      return { status: "invalid", eventId };
    }
    if (outcome.kind === "ignored") {
      if (args.rawBodyStorageId) await ctx.storage.delete(args.rawBodyStorageId);
      const eventId = await ctx.db.insert("webhookEvents", { ...ledger, status: "ignored" });
      return { status: "ignored", eventId };
    }
    if (!workspace) {
      if (args.rawBody === undefined && !args.rawBodyStorageId) {
        // Only possible if the workspace vanished between the action's lookup and
        // now; failing makes Kapso retry with the body kept.
        throw new Error("unmatched delivery without its raw body");
      }
      const eventId = await ctx.db.insert("webhookEvents", {
        ...ledger,
        ...raw,
        status: "unmatched",
        item_count: outcome.items.length,
      });
      return { status: "unmatched", eventId };
    }

    if (args.rawBodyStorageId) await ctx.storage.delete(args.rawBodyStorageId);
    const counts = await ingestItems(ctx, workspace, outcome.items, now);
    const eventId = await ctx.db.insert("webhookEvents", {
      ...ledger,
      status: "processed",
      item_count: outcome.items.length,
    });
    return { status: "processed", eventId, counts };
  },
});

// ---------------------------------------------------------------------------
// Replay of unmatched deliveries

const REPLAY_PAGE = 10;
const REPLAY_PAGES_PER_RUN = 10;

const unmatchedDelivery = v.object({
  _id: v.id("webhookEvents"),
  event: v.string(),
  batch: v.optional(v.boolean()),
  raw_body: v.optional(v.string()),
  raw_body_storage_id: v.optional(v.id("_storage")),
});

/** The oldest unmatched deliveries addressed to the workspace's WhatsApp number. */
export const unmatchedDeliveries = internalQuery({
  args: { workspaceId: v.id("workspaces"), limit: v.number() },
  returns: v.array(unmatchedDelivery),
  handler: async (ctx, { workspaceId, limit }) => {
    const workspace = await ctx.db.get("workspaces", workspaceId);
    if (!workspace) throw new Error(`workspaceId: no workspace ${workspaceId}`);
    const rows = await ctx.db
      .query("webhookEvents")
      .withIndex("by_status_phone_number_id", (q) =>
        q.eq("status", "unmatched").eq("phone_number_id", workspace.kapso_phone_number_id),
      )
      .take(Math.min(Math.max(1, limit), REPLAY_PAGE));
    return rows.map((r) => ({
      _id: r._id,
      event: r.event,
      batch: r.batch,
      raw_body: r.raw_body,
      raw_body_storage_id: r.raw_body_storage_id,
    }));
  },
});

/** Processes one unmatched delivery for its (now existing) workspace, exactly like a live one. */
export const replayDelivery = internalMutation({
  args: { eventId: v.id("webhookEvents"), workspaceId: v.id("workspaces"), outcome: deliveryOutcome },
  returns: v.union(v.null(), deliveryResult),
  handler: async (ctx, { eventId, workspaceId, outcome }) => {
    const event = await ctx.db.get("webhookEvents", eventId);
    const workspace = await ctx.db.get("workspaces", workspaceId);
    if (!event || event.status !== "unmatched" || !workspace) return null; // replayed already
    if (event.phone_number_id !== workspace.kapso_phone_number_id) {
      throw new Error(`eventId: delivery ${eventId} is not addressed to workspace ${workspaceId}`);
    }
    const now = Date.now();
    if (outcome.kind !== "items") {
      const error = outcome.kind === "invalid" ? outcome.error : "event is not handled";
      await ctx.db.patch("webhookEvents", eventId, {
        status: outcome.kind,
        error,
        workspace_id: workspaceId,
        replayed_at: now,
      });
      return { status: outcome.kind, eventId };
    }
    const counts = await ingestItems(ctx, workspace, outcome.items, now);
    if (event.raw_body_storage_id) await ctx.storage.delete(event.raw_body_storage_id);
    await ctx.db.patch("webhookEvents", eventId, {
      status: "processed",
      workspace_id: workspaceId,
      replayed_at: now,
      item_count: outcome.items.length,
      raw_body: undefined,
      raw_body_storage_id: undefined,
    });
    return { status: "processed" as const, eventId, counts };
  },
});

/**
 * Called when a workspace gets its phone_number_id (created, or the number
 * changed): schedules the replay if deliveries for that number wait unmatched.
 * One indexed read, so the common case schedules nothing.
 */
export async function scheduleReplayIfUnmatched(
  ctx: Pick<MutationCtx, "db" | "scheduler">,
  workspaceId: Id<"workspaces">,
  phoneNumberId: string,
) {
  const waiting = await ctx.db
    .query("webhookEvents")
    .withIndex("by_status_phone_number_id", (q) => q.eq("status", "unmatched").eq("phone_number_id", phoneNumberId))
    .first();
  if (waiting) await ctx.scheduler.runAfter(0, internal.ingest.replayUnmatched, { workspaceId });
}

/**
 * Replays the deliveries that arrived for this workspace's phone_number_id before
 * the workspace existed. Bounded per run; schedules itself while more remain.
 */
export const replayUnmatched = internalAction({
  args: { workspaceId: v.id("workspaces") },
  returns: v.object({ replayed: v.number(), more: v.boolean() }),
  handler: async (ctx, { workspaceId }) => {
    let replayed = 0;
    for (let page = 0; page < REPLAY_PAGES_PER_RUN; page++) {
      const rows = await ctx.runQuery(internal.ingest.unmatchedDeliveries, { workspaceId, limit: REPLAY_PAGE });
      if (rows.length === 0) return { replayed, more: false };
      for (const row of rows) {
        const outcome = await replayOutcome(ctx, row);
        const result = await ctx.runMutation(internal.ingest.replayDelivery, { eventId: row._id, workspaceId, outcome });
        if (result) replayed += 1;
      }
    }
    await ctx.scheduler.runAfter(0, internal.ingest.replayUnmatched, { workspaceId });
    return { replayed, more: true };
  },
});

async function replayOutcome(
  ctx: { storage: { get(id: Id<"_storage">): Promise<Blob | null> } },
  row: Infer<typeof unmatchedDelivery>,
): Promise<Infer<typeof deliveryOutcome>> {
  let bytes: Uint8Array | undefined;
  if (row.raw_body !== undefined) bytes = new TextEncoder().encode(row.raw_body);
  else if (row.raw_body_storage_id) {
    const blob = await ctx.storage.get(row.raw_body_storage_id);
    if (blob) bytes = new Uint8Array(await blob.arrayBuffer());
  }
  if (!bytes) return { kind: "invalid", error: "raw body: missing, cannot replay" };
  const decoded = decodeJson(bytes);
  if (!decoded.ok) return { kind: "invalid", error: "body: not valid JSON" };
  const parsed = parseKapsoDelivery({
    event: row.event,
    payloadVersion: null,
    batchHeader: row.batch ? "true" : null,
    body: decoded.value,
  });
  if (parsed.kind === "items") return { kind: "items", items: parsed.items };
  if (parsed.kind === "ignored") return { kind: "ignored" };
  return { kind: "invalid", error: parsed.error };
}
