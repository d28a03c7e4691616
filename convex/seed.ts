import { v } from "convex/values";
import { internalMutation, type MutationCtx } from "./_generated/server";
import type { Id } from "./_generated/dataModel";
import { contactSearchText, conversationLeadFields } from "./contacts";
import { scheduleReplayIfUnmatched } from "./webhookDeliveries";
import { openSecret, sealSecret } from "./model/secrets";
import { lastCompleteLocalDay, localDateAt, localDayBounds } from "../src/domain/localDay";

// The demo workspace `npm run dev` seeds so a fresh dashboard is not empty. The phone
// number id matches `npm run simulate`'s deliveries.
export const DEMO_PHONE_NUMBER_ID = "957104384162113";
const DEMO_TIMEZONE = "Asia/Jakarta";
const MINUTE = 60_000;

type DemoMessage = {
  at: number;
  direction: "inbound" | "outbound";
  content: string;
  status: "received" | "delivered" | "read";
};
type DemoLead = { name: string; phone: string; ended?: boolean; messages: DemoMessage[] };

function newWebhookSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(24));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

function demoLeads(now: number): DemoLead[] {
  // Yesterday's conversations (local time) feed the daily summary; one lead wrote today.
  const yesterday = localDayBounds(lastCompleteLocalDay(now, DEMO_TIMEZONE), DEMO_TIMEZONE).start;
  const today = Math.max(localDayBounds(localDateAt(now, DEMO_TIMEZONE), DEMO_TIMEZONE).start, now - 10 * MINUTE);
  const at = (hour: number, minute = 0) => yesterday + hour * 60 * MINUTE + minute * MINUTE;
  return [
    {
      name: "Budi Santoso",
      phone: "628139250849",
      messages: [
        { at: at(10), direction: "inbound", content: "Halo, masih ada stok paket premium?", status: "received" },
        { at: at(10, 4), direction: "outbound", content: "Masih ada, Kak Budi. Mau dikirim ke mana?", status: "read" },
        {
          at: today,
          direction: "inbound",
          content: "Saya mau pesan 2, alamat Jl. Merdeka 10, Bandung",
          status: "received",
        },
      ],
    },
    {
      name: "Siti Rahma",
      phone: "6281234567890",
      messages: [
        { at: at(14), direction: "inbound", content: "Berapa ongkir ke Surabaya?", status: "received" },
        { at: at(14, 3), direction: "outbound", content: "Ongkir ke Surabaya Rp25.000, Kak.", status: "delivered" },
      ],
    },
    {
      name: "Andi Wijaya",
      phone: "6285712345678",
      ended: true,
      messages: [
        { at: at(16, 30), direction: "inbound", content: "Terima kasih, barang sudah sampai", status: "received" },
        {
          at: at(16, 35),
          direction: "outbound",
          content: "Sama-sama, Kak Andi! Ditunggu order berikutnya.",
          status: "read",
        },
      ],
    },
  ];
}

async function insertLead(ctx: MutationCtx, workspaceId: Id<"workspaces">, lead: DemoLead, index: number, now: number) {
  const last = lead.messages[lead.messages.length - 1];
  const lastInbound = lead.messages.filter((m) => m.direction === "inbound").pop();
  const contactId = await ctx.db.insert("contacts", {
    workspace_id: workspaceId,
    phone: lead.phone,
    name: lead.name,
    lastActivityAt: last.at,
    last_inbound_at: lastInbound?.at,
    search_text: contactSearchText(lead.name, lead.phone),
    created_at: lead.messages[0].at,
    updated_at: now,
  });
  const conversationId = await ctx.db.insert("conversations", {
    workspace_id: workspaceId,
    contact_id: contactId,
    kapso_conversation_id: `demo-conversation-${index + 1}`,
    status: lead.ended ? "ended" : "active",
    last_active_at: last.at,
    last_message_preview: last.content,
    last_message_at: last.at,
    last_message_direction: last.direction,
    waiting_for_reply: last.direction === "inbound",
    unread_count: last.direction === "inbound" ? 1 : 0,
    ...conversationLeadFields(lead),
    created_at: lead.messages[0].at,
  });
  for (const [i, m] of lead.messages.entries()) {
    await ctx.db.insert("messages", {
      workspace_id: workspaceId,
      conversation_id: conversationId,
      contact_id: contactId,
      kapso_message_id: `wamid.DEMO${index + 1}${String(i).padStart(3, "0")}`,
      direction: m.direction,
      type: "text",
      content: m.content,
      status: m.status,
      timestamp: m.at,
      origin: "cloud_api",
      created_at: m.at,
    });
  }
}

/**
 * Creates the "Demo Store" workspace with a webhook secret and three leads, once.
 * Run again, it changes nothing and returns the same workspace and secret.
 */
export const demo = internalMutation({
  args: {
    // The secret a new Demo Store gets (else a generated one). The browser tests give it the deployment's
    // KAPSO_WEBHOOK_SECRET, so a delivery for a number no workspace has yet can be replayed into it later.
    webhookSecret: v.optional(v.string()),
  },
  returns: v.object({
    workspaceId: v.id("workspaces"),
    phoneNumberId: v.string(),
    webhookSecret: v.string(),
    created: v.boolean(),
  }),
  handler: async (ctx, args) => {
    const existing = await ctx.db
      .query("workspaces")
      .withIndex("by_kapso_phone_number_id", (q) => q.eq("kapso_phone_number_id", DEMO_PHONE_NUMBER_ID))
      .first();
    if (existing) {
      const stored = existing.kapso_webhook_secret;
      const webhookSecret = stored ? await openSecret(stored) : newWebhookSecret();
      if (!stored) {
        await ctx.db.patch("workspaces", existing._id, { kapso_webhook_secret: await sealSecret(webhookSecret) });
      }
      return { workspaceId: existing._id, phoneNumberId: DEMO_PHONE_NUMBER_ID, webhookSecret, created: false };
    }
    const now = Date.now();
    const webhookSecret = args.webhookSecret ?? newWebhookSecret();
    const workspaceId = await ctx.db.insert("workspaces", {
      name: "Demo Store",
      kapso_phone_number_id: DEMO_PHONE_NUMBER_ID,
      default_country: "ID",
      timezone: DEMO_TIMEZONE,
      kapso_webhook_secret: await sealSecret(webhookSecret),
      created_at: now,
    });
    for (const [index, lead] of demoLeads(now).entries()) {
      await insertLead(ctx, workspaceId, lead, index, now);
    }
    await scheduleReplayIfUnmatched(ctx, workspaceId, DEMO_PHONE_NUMBER_ID);
    return { workspaceId, phoneNumberId: DEMO_PHONE_NUMBER_ID, webhookSecret, created: true };
  },
});
