import type { MutationCtx } from "../_generated/server";
import type { Doc } from "../_generated/dataModel";
import { activityChanges, replyOutcomeChanges } from "../../src/domain/activity";
import { messagePreview, type IdentityChange, type IngestItem } from "../../src/domain/kapsoWebhook";
import { set } from "./unitOfWork";
import { Leads } from "./leads";
import { Conversations } from "./conversations";
import { Messages } from "./messages";

export type IngestCounts = { created: number; updated: number; unchanged: number };

/**
 * Applies a delivery's items to a workspace in one unit of work; the caller
 * records the ledger row in the same transaction.
 */
export async function ingestItems(
  ctx: MutationCtx,
  workspace: Doc<"workspaces">,
  items: IngestItem[],
  now: number,
): Promise<IngestCounts> {
  const counts: IngestCounts = { created: 0, updated: 0, unchanged: 0 };
  const leads = new Leads(ctx, workspace, now);
  const conversations = new Conversations(ctx, workspace, now, leads);
  const messages = new Messages(ctx, workspace, now);

  for (const item of items) {
    const message = item.message;
    const existing = message ? await messages.find(message.wamid) : undefined;
    if (message && existing) {
      // Known wamid, whatever the key, timestamp or conversation id: only its status may move.
      const advanced = messages.advanceStatus(existing, message);
      counts[advanced ? "updated" : "unchanged"] += 1;
      if (advanced && message.status === "failed" && existing.fields.direction === "outbound") {
        // WhatsApp could not deliver our newest reply: the lead waits for us again.
        const conversation = await conversations.existingForItem(item);
        const changes = conversation && replyOutcomeChanges(conversation.fields, existing.fields.timestamp, "failed");
        if (conversation && changes) {
          set(conversation, changes);
        }
      }
      continue;
    }
    const conversation = await conversations.forItem(item);
    await leads.fill(conversation.contact, item.conversation);
    if (item.setStatus === "ended") {
      set(conversation, { status: "ended" });
    }
    if (!message) {
      continue;
    }
    const stored = await messages.add(conversation, message);
    counts[stored.isNew ? "created" : "updated"] += 1;
    const changes = activityChanges(conversation.contact.fields, conversation.fields, {
      direction: message.direction,
      timestamp: message.timestamp,
      preview: messagePreview(message),
      isNew: stored.isNew,
    });
    set(conversation.contact, changes.lead);
    set(conversation, changes.conversation);
  }
  for (const conversation of conversations.touched()) {
    // An ended conversation waits for no one, whatever arrived with or after the end.
    const { status, waiting_for_reply, unread_count } = conversation.fields;
    if (status === "ended" && (waiting_for_reply || unread_count)) {
      set(conversation, { waiting_for_reply: false, unread_count: 0 });
    }
  }

  // Dependency order: leads, then the conversations that point at them, then messages.
  const changedLeads = await leads.flush();
  await conversations.flush();
  await messages.flush();
  await leads.syncConversations(changedLeads);
  return counts;
}

/** Applies whatsapp.contact.identity_changed to the leads it names. */
export async function applyIdentityChanges(
  ctx: MutationCtx,
  workspace: Doc<"workspaces">,
  changes: IdentityChange[],
  now: number,
): Promise<IngestCounts> {
  const counts: IngestCounts = { created: 0, updated: 0, unchanged: 0 };
  const leads = new Leads(ctx, workspace, now);
  for (const change of changes) {
    counts[(await leads.applyIdentityChange(change)) ? "updated" : "unchanged"] += 1;
  }
  await leads.syncConversations(await leads.flush());
  return counts;
}
