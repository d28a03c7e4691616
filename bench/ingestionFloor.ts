// Bench-only Convex module: the minimal floor the ingestion benchmark compares
// against. It is NOT under convex/, so it is never deployed, bundled or
// code-generated; bench/ingestion.bench.test.ts mounts it into convex-test's
// module map as "benchFloor" and routes POST /bench/floor to `floorWebhook`.
//
// The floor does only the lookups and writes any correct ingestion needs, with
// no validation, rendering or identity rules: one HTTP action, one mutation that
// reads the workspace (its secret), checks the HMAC, looks up the idempotency key,
// each wamid, the conversation and its lead, then writes the ledger row, the new
// rows, the inbox fields (conversation preview, lead activity) and the hour's
// delivery counter once each.
import { makeFunctionReference } from "convex/server";
import { v } from "convex/values";
import { httpAction, internalMutation } from "../convex/_generated/server";
import type { Id } from "../convex/_generated/dataModel";
import { env } from "../convex/env";
import { countDelivery } from "../convex/model/deliveryCounters";
import { verifyWebhookSignature } from "../src/domain/webhookSignature";
import type { DeliveryCounter } from "../src/domain/deliveryHealth";

type Payload = {
  phone_number_id: string;
  conversation: { id: string; phone_number: string };
  message: { id: string; timestamp: string; type: string; text?: { body: string }; kapso?: { status?: string } };
};

type Answer = { httpStatus: number; status: string };

const floorDeliveryRef = makeFunctionReference<
  "mutation",
  { body: ArrayBuffer; signature: string; key: string },
  Answer
>("benchFloor:floorDelivery");

function payloadsOf(body: { data?: Payload[] } & Payload): Payload[] {
  return Array.isArray(body.data) ? body.data : [body];
}

export const floorDelivery = internalMutation({
  args: { body: v.bytes(), signature: v.string(), key: v.string() },
  returns: v.object({ httpStatus: v.number(), status: v.string() }),
  handler: async (ctx, { body, signature, key }) => {
    const bytes = new Uint8Array(body);
    const text = new TextDecoder().decode(bytes);
    const json = JSON.parse(text);
    const payloads = payloadsOf(json);
    const phoneNumberId = payloads[0]?.phone_number_id;
    const workspace = await ctx.db
      .query("workspaces")
      .withIndex("by_kapso_phone_number_id", (q) => q.eq("kapso_phone_number_id", phoneNumberId))
      .first();
    const secret = workspace?.kapso_webhook_secret ?? env.kapsoWebhookSecret();
    // The health counters: one counter document per delivery, as any ingestion with them needs.
    const count = (counter: DeliveryCounter) =>
      countDelivery(ctx, {
        workspaceId: workspace?._id,
        phoneNumberId,
        idempotencyKey: key,
        counters: [counter],
        now: Date.now(),
        fromKapso: counter !== "refused",
      });
    if (!(await verifyWebhookSignature(secret, bytes, signature))) {
      if (workspace) {
        await count("refused");
      }
      return { httpStatus: 401, status: "unauthorized" };
    }
    const seen = await ctx.db
      .query("webhookEvents")
      .withIndex("by_phone_number_id_idempotency_key", (q) =>
        q.eq("phone_number_id", phoneNumberId).eq("idempotency_key", key),
      )
      .first();
    if (seen) {
      await count("duplicate");
      return { httpStatus: 200, status: "duplicate" };
    }
    const now = Date.now();
    const ledger = {
      idempotency_key: key,
      event: "whatsapp.message.received",
      received_at: now,
      phone_number_id: phoneNumberId,
    };
    if (payloads.some((p) => typeof p.message?.id !== "string")) {
      await ctx.db.insert("webhookEvents", { ...ledger, status: "invalid", raw_body: text });
      await count("invalid");
      return { httpStatus: 422, status: "invalid" };
    }
    if (!workspace) {
      await ctx.db.insert("webhookEvents", { ...ledger, status: "unmatched", raw_body: text });
      await count("unmatched");
      return { httpStatus: 200, status: "unmatched" };
    }
    const fresh: Payload[] = [];
    for (const payload of payloads) {
      const { message } = payload;
      const stored = await ctx.db
        .query("messages")
        .withIndex("by_workspace_kapso_message_id", (q) =>
          q.eq("workspace_id", workspace._id).eq("kapso_message_id", message.id),
        )
        .first();
      if (!stored) {
        fresh.push(payload);
      } else if (message.kapso?.status === "delivered" || message.kapso?.status === "read") {
        await ctx.db.patch("messages", stored._id, { status: message.kapso.status });
      }
    }
    if (fresh.length > 0) {
      const conversation = fresh[0].conversation;
      const rows = fresh.map(({ message }) => ({
        wamid: message.id,
        type: message.type,
        content: message.text?.body ?? `[${message.type}]`,
        timestamp: Number(message.timestamp) * 1000,
      }));
      const newest = rows.reduce((a, b) => (b.timestamp >= a.timestamp ? b : a));
      const inbox = { last_message_preview: newest.content, last_active_at: newest.timestamp };
      const existing = await ctx.db
        .query("conversations")
        .withIndex("by_workspace_kapso_conversation_id", (q) =>
          q.eq("workspace_id", workspace._id).eq("kapso_conversation_id", conversation.id),
        )
        .first();
      let conversationId: Id<"conversations">;
      let contactId: Id<"contacts">;
      if (existing) {
        conversationId = existing._id;
        contactId = existing.contact_id;
        const lead = await ctx.db.get("contacts", contactId);
        await ctx.db.patch("conversations", conversationId, inbox);
        if (lead) {
          await ctx.db.patch("contacts", contactId, { lastActivityAt: newest.timestamp });
        }
      } else {
        contactId = await ctx.db.insert("contacts", {
          workspace_id: workspace._id,
          phone: conversation.phone_number.replace(/\D/g, ""),
          name: "Unknown",
          lastActivityAt: newest.timestamp,
          created_at: now,
          updated_at: now,
        });
        conversationId = await ctx.db.insert("conversations", {
          workspace_id: workspace._id,
          contact_id: contactId,
          kapso_conversation_id: conversation.id,
          status: "active",
          ...inbox,
        });
      }
      for (const row of rows) {
        await ctx.db.insert("messages", {
          workspace_id: workspace._id,
          conversation_id: conversationId,
          contact_id: contactId,
          kapso_message_id: row.wamid,
          direction: "inbound",
          type: row.type,
          content: row.content,
          status: "received",
          timestamp: row.timestamp,
        });
      }
    }
    await ctx.db.insert("webhookEvents", { ...ledger, status: "processed", workspace_id: workspace._id });
    await count("processed");
    return { httpStatus: 200, status: "processed" };
  },
});

/** Reads the body and hands it to the one floor mutation. */
export const floorWebhook = httpAction(async (ctx, request) => {
  const answer = await ctx.runMutation(floorDeliveryRef, {
    body: await request.arrayBuffer(),
    signature: request.headers.get("x-webhook-signature") ?? "",
    key: request.headers.get("x-idempotency-key") ?? "",
  });
  return new Response(JSON.stringify({ status: answer.status }), { status: answer.httpStatus });
});
