import type { MutationCtx, QueryCtx } from "../_generated/server";
import type { Doc, Id } from "../_generated/dataModel";
import { canAdvanceStatus, laterStatus } from "../../src/domain/messageStatus";
import type { IngestMessage } from "../../src/domain/kapsoWebhook";
import { keepsMedia } from "../../src/domain/mediaPolicy";
import { internal } from "../_generated/api";
import {
  isDirty,
  set,
  withoutSystemFields,
  type ConversationEntry,
  type MessageEntry,
  type MessageFields,
} from "./unitOfWork";

/** How many pending/unknown dashboard replies per status are compared with an outbound webhook. */
const ADOPT_CANDIDATES = 10;

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
    details: message.details,
    media_url: message.mediaUrl,
    media_mime_type: message.mediaMimeType,
    media_filename: message.mediaFilename,
    caption: message.caption,
    transcript: message.transcript,
    reaction_to: message.reactionTo,
    reaction_emoji: message.reactionEmoji,
    origin: message.origin,
    // The download job keeps a copy; Kapso's link expires.
    media_state: keepsMedia(message.type, message.details?.media?.id, message.mediaUrl) ? "pending" : undefined,
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

/** A workspace's message with this wamid: at most one row (see Messages). */
export async function messageByWamid(ctx: Pick<QueryCtx, "db">, workspaceId: Id<"workspaces">, wamid: string) {
  return await ctx.db
    .query("messages")
    .withIndex("by_workspace_kapso_message_id", (q) => q.eq("workspace_id", workspaceId).eq("kapso_message_id", wamid))
    .first();
}

export type StoredMessage = { entry: MessageEntry; isNew: boolean };

/** Message resolution for one delivery: one row per (workspace, wamid), found by the wamid index only. */
export class Messages {
  private readonly byWamid = new Map<string, MessageEntry>();
  private readonly list: MessageEntry[] = [];
  private readonly adoptedReplies = new Set<Id<"messages">>();

  constructor(
    private readonly ctx: MutationCtx,
    private readonly workspace: Doc<"workspaces">,
    private readonly now: number,
  ) {}

  async find(wamid: string): Promise<MessageEntry | undefined> {
    const cached = this.byWamid.get(wamid);
    if (cached) {
      return cached;
    }
    const doc = await messageByWamid(this.ctx, this.workspace._id, wamid);
    return doc ? this.remember(wamid, { id: doc._id, fields: messageFieldsOf(doc), dirty: {} }) : undefined;
  }

  private remember(wamid: string, entry: MessageEntry): MessageEntry {
    this.byWamid.set(wamid, entry);
    this.list.push(entry);
    return entry;
  }

  /** Moves an existing message's status forward; false when it is a duplicate. */
  advanceStatus(entry: MessageEntry, message: IngestMessage): boolean {
    if (entry.fields.direction === "inbound" || !canAdvanceStatus(entry.fields.status, message.status)) {
      return false;
    }
    set(entry, { status: message.status, ...errorFields(message) });
    return true;
  }

  /** Stores a message not seen before: adopts the dashboard reply it confirms, else a new row. */
  async add(conversation: ConversationEntry, message: IngestMessage): Promise<StoredMessage> {
    const adopted =
      message.direction === "outbound" && !conversation.isNew
        ? await adoptDashboardReply(this.ctx, conversation.id!, message, this.adoptedReplies)
        : null;
    if (adopted) {
      const entry = this.remember(message.wamid, { id: adopted._id, fields: messageFieldsOf(adopted), dirty: {} });
      set(entry, {
        kapso_message_id: message.wamid,
        status: laterStatus(adopted.status, message.status),
        timestamp: message.timestamp,
        ...errorFields(message),
      });
      return { entry, isNew: false };
    }
    const entry = this.remember(message.wamid, {
      fields: newMessageFields(this.workspace._id, message, this.now),
      dirty: {},
      conversation,
    });
    return { entry, isNew: true };
  }

  /** Inserts new rows and patches changed ones; conversations and leads are flushed first. */
  async flush() {
    const db = this.ctx.db;
    for (const message of this.list) {
      if (!message.id) {
        const conversation = message.conversation!;
        message.id = await db.insert("messages", {
          ...message.fields,
          conversation_id: conversation.id!,
          contact_id: conversation.contact.id!,
        });
        if (message.fields.media_state === "pending") {
          // Runs only if this delivery commits; a duplicate or replay finds the row and inserts nothing.
          await this.ctx.scheduler.runAfter(0, internal.mediaJob.download, { messageId: message.id, attempt: 1 });
        }
      } else if (isDirty(message)) {
        await db.patch("messages", message.id, message.dirty);
      }
    }
  }
}
