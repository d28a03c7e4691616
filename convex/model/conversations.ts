import type { MutationCtx } from "../_generated/server";
import type { Doc } from "../_generated/dataModel";
import { conversationLeadFields } from "../contacts";
import type { IngestItem } from "../../src/domain/kapsoWebhook";
import { isDirty, set, withoutSystemFields, type ConversationEntry } from "./unitOfWork";
import type { Leads } from "./leads";

/** Conversation resolution for one delivery: by Kapso's conversation id, with its lead. */
export class Conversations {
  private readonly byKapsoId = new Map<string, ConversationEntry>();
  private readonly list: ConversationEntry[] = [];

  constructor(
    private readonly ctx: MutationCtx,
    private readonly workspace: Doc<"workspaces">,
    private readonly now: number,
    private readonly leads: Leads,
  ) {}

  private async stored(kapsoId: string) {
    return await this.ctx.db
      .query("conversations")
      .withIndex("by_workspace_kapso_conversation_id", (q) =>
        q.eq("workspace_id", this.workspace._id).eq("kapso_conversation_id", kapsoId),
      )
      .first();
  }

  async forItem(item: IngestItem): Promise<ConversationEntry> {
    return (await this.existingForItem(item)) ?? (await this.entryFor(item, null));
  }

  /** The item's conversation if it is stored (or already in this delivery); never creates one. */
  async existingForItem(item: IngestItem): Promise<ConversationEntry | null> {
    const cached = this.byKapsoId.get(item.conversation.kapsoId);
    if (cached) {
      return cached;
    }
    const doc = await this.stored(item.conversation.kapsoId);
    return doc ? await this.entryFor(item, doc) : null;
  }

  private async entryFor(item: IngestItem, doc: Doc<"conversations"> | null): Promise<ConversationEntry> {
    const kapsoId = item.conversation.kapsoId;
    const activity = item.message?.timestamp ?? item.conversation.lastActiveAt ?? this.now;
    let entry: ConversationEntry;
    if (doc) {
      const stored = await this.leads.byId(doc.contact_id);
      const contact = stored ?? (await this.leads.forConversation(item.conversation, activity));
      const { contact_id, ...fields } = withoutSystemFields(doc);
      void contact_id;
      entry = { id: doc._id, fields, dirty: {}, contact, isNew: false, repointContact: !stored };
    } else {
      const contact = await this.leads.forConversation(item.conversation, activity);
      entry = {
        fields: {
          workspace_id: this.workspace._id,
          kapso_conversation_id: kapsoId,
          status: item.setStatus ?? item.conversation.status ?? "active",
          last_active_at: activity,
          unread_count: 0,
          created_at: this.now,
        },
        dirty: {},
        contact,
        isNew: true,
      };
    }
    this.list.push(entry);
    this.byKapsoId.set(kapsoId, entry);
    return entry;
  }

  /** The conversations this delivery touched. */
  touched(): readonly ConversationEntry[] {
    return this.list;
  }

  /** Inserts new conversations and patches changed ones; leads are flushed first. */
  async flush() {
    const db = this.ctx.db;
    for (const conversation of this.list) {
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
  }
}
