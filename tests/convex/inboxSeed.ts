// Seeding helpers for the inbox, lead and reply tests (convex-test).
import type { Doc, Id } from "../../convex/_generated/dataModel";
import { contactSearchText, conversationLeadFields } from "../../convex/contacts";
import type { MutationCtx } from "../../convex/_generated/server";
import type { TestConvex } from "../../convex/test.harness";

export { addMember } from "../../convex/test.harness";

export type LeadSeed = {
  name?: string;
  phone?: string;
  lastActiveAt?: number;
  lastInboundAt?: number;
  status?: "active" | "ended";
  waiting?: boolean;
  unread?: number;
  preview?: string;
};

let counter = 0;

/** Inserts a lead and one conversation, shaped like the ingestion writes them; for seeding inside t.run. */
export async function insertLead(
  ctx: Pick<MutationCtx, "db">,
  workspaceId: Id<"workspaces">,
  seed: LeadSeed & { name: string; phone: string; lastActiveAt: number; kapsoConversationId: string },
) {
  const { name, phone, lastActiveAt: at } = seed;
  const contactId = await ctx.db.insert("contacts", {
    workspace_id: workspaceId,
    phone,
    name,
    lastActivityAt: at,
    last_inbound_at: seed.lastInboundAt,
    search_text: contactSearchText(name, phone),
    created_at: at,
    updated_at: at,
  });
  const conversationId = await ctx.db.insert("conversations", {
    workspace_id: workspaceId,
    contact_id: contactId,
    kapso_conversation_id: seed.kapsoConversationId,
    status: seed.status ?? "active",
    last_active_at: at,
    last_message_preview: seed.preview ?? `Hello from ${name}`,
    last_message_at: at,
    last_message_direction: seed.waiting ? "inbound" : "outbound",
    waiting_for_reply: seed.waiting ?? false,
    unread_count: seed.unread ?? 0,
    ...conversationLeadFields({ name, phone }),
    created_at: at,
  });
  return { contactId, conversationId };
}

/** A lead with one conversation, shaped like the ingestion writes them. */
export async function seedLead(t: TestConvex, workspaceId: Id<"workspaces">, seed: LeadSeed = {}) {
  counter++;
  const lead = {
    ...seed,
    name: seed.name ?? `Lead ${counter}`,
    phone: seed.phone ?? `62812000${String(counter).padStart(5, "0")}`,
    lastActiveAt: seed.lastActiveAt ?? 1_700_000_000_000 + counter * 1000,
    kapsoConversationId: `conv-${counter}`,
  };
  return await t.run((ctx) => insertLead(ctx, workspaceId, lead));
}

export type MessageSeed = Partial<Omit<Doc<"messages">, "_id" | "_creationTime">> & { timestamp: number };

export async function seedMessage(
  t: TestConvex,
  lead: { contactId: Id<"contacts">; conversationId: Id<"conversations"> },
  workspaceId: Id<"workspaces">,
  seed: MessageSeed,
) {
  return await t.run((ctx) =>
    ctx.db.insert("messages", {
      workspace_id: workspaceId,
      conversation_id: lead.conversationId,
      contact_id: lead.contactId,
      direction: "inbound",
      type: "text",
      content: "hi",
      status: "received",
      ...seed,
    }),
  );
}

/** A conversation's messages, oldest first. */
export function messagesOf(t: TestConvex, conversationId: Id<"conversations">) {
  return t.run((ctx) =>
    ctx.db
      .query("messages")
      .withIndex("by_conversation_timestamp", (q) => q.eq("conversation_id", conversationId))
      .collect(),
  );
}
