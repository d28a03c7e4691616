// Bench-only Convex module: the floors the ingestion benchmark compares against.
// It is NOT under convex/, so it is never deployed, bundled or code-generated;
// bench/ingestion.bench.test.ts mounts it into convex-test's module map as
// "benchFloor" and swaps in the router below (production routes + the floors).
//
// - /bench/floor: the floor. Reads the body and calls ONE mutation that
//   inserts the contact, conversation and message rows, with no checks at all.
// - /bench/floor-checked: the same plus only the steps the issue makes mandatory
//   for every delivery (the workspace/secret lookup, the HMAC check, the
//   idempotency-key lookup and the ledger row), and nothing else: no Zod, no
//   lead or conversation lookups. It shows what any correct ingestion costs here.
import { httpRouter, makeFunctionReference } from "convex/server";
import { v } from "convex/values";
import { httpAction, internalMutation, type MutationCtx } from "../convex/_generated/server";
import { internal } from "../convex/_generated/api";
import type { Id } from "../convex/_generated/dataModel";
import productionHttp from "../convex/http";
import { env } from "../convex/env";
import { verifyWebhookSignature } from "../src/domain/webhookSignature";

const floorRows = {
  workspaceId: v.id("workspaces"),
  phone: v.string(),
  conversationId: v.string(),
  messages: v.array(v.object({ wamid: v.string(), content: v.string(), timestamp: v.number() })),
};

type FloorRows = {
  workspaceId: Id<"workspaces">;
  phone: string;
  conversationId: string;
  messages: Array<{ wamid: string; content: string; timestamp: number }>;
};

const insertRowsRef = makeFunctionReference<"mutation", FloorRows, null>("benchFloor:insertRows");
const insertRowsOnceRef = makeFunctionReference<"mutation", FloorRows & { idempotencyKey: string }, null>(
  "benchFloor:insertRowsOnce",
);

async function insertDeliveryRows(ctx: MutationCtx, { workspaceId, phone, conversationId, messages }: FloorRows) {
  const now = Date.now();
  const last = messages[messages.length - 1].timestamp;
  const contactId = await ctx.db.insert("contacts", {
    workspace_id: workspaceId,
    phone,
    name: "Unknown",
    lastActivityAt: last,
    created_at: now,
    updated_at: now,
  });
  const conversation = await ctx.db.insert("conversations", {
    workspace_id: workspaceId,
    contact_id: contactId,
    kapso_conversation_id: conversationId,
    status: "active",
    last_active_at: last,
  });
  for (const m of messages) {
    await ctx.db.insert("messages", {
      workspace_id: workspaceId,
      conversation_id: conversation,
      contact_id: contactId,
      kapso_message_id: m.wamid,
      direction: "inbound",
      type: "text",
      content: m.content,
      status: "received",
      timestamp: m.timestamp,
    });
  }
}

/** Inserts the contact, conversation and message rows a delivery produces, with no checks at all. */
export const insertRows = internalMutation({
  args: floorRows,
  returns: v.null(),
  handler: async (ctx, rows) => {
    await insertDeliveryRows(ctx, rows);
    return null;
  },
});

/** The same rows, once per idempotency key, with the ledger row the issue requires. */
export const insertRowsOnce = internalMutation({
  args: { ...floorRows, idempotencyKey: v.string() },
  returns: v.null(),
  handler: async (ctx, { idempotencyKey, ...rows }) => {
    const seen = await ctx.db
      .query("webhookEvents")
      .withIndex("by_idempotency_key", (q) => q.eq("idempotency_key", idempotencyKey))
      .first();
    if (seen) return null;
    await insertDeliveryRows(ctx, rows);
    await ctx.db.insert("webhookEvents", {
      idempotency_key: idempotencyKey,
      event: "whatsapp.message.received",
      status: "processed",
      received_at: Date.now(),
      workspace_id: rows.workspaceId,
    });
    return null;
  },
});

type Payload = {
  phone_number_id: string;
  conversation: { id: string; phone_number: string };
  message: { id: string; timestamp: string; text: { body: string } };
};

/** The payloads of a single or batch body, trusted blindly (bench input only). */
function payloadsOf(body: { data?: Payload[] } & Payload): Payload[] {
  return Array.isArray(body.data) ? body.data : [body];
}

function rowsOf(workspaceId: Id<"workspaces">, payloads: Payload[]): FloorRows {
  const first = payloads[0];
  return {
    workspaceId,
    phone: first.conversation.phone_number,
    conversationId: first.conversation.id,
    messages: payloads.map((p) => ({
      wamid: p.message.id,
      content: p.message.text.body,
      timestamp: Number(p.message.timestamp) * 1000,
    })),
  };
}

const ok = () => new Response(JSON.stringify({ status: "ok" }), { status: 200, headers: { "Content-Type": "application/json" } });

/** Reads the body and calls one mutation: the least any ingestion could do. */
const floor = httpAction(async (ctx, request) => {
  const payloads = payloadsOf(JSON.parse(await request.text()));
  const workspaceId = request.headers.get("x-bench-workspace") as Id<"workspaces">;
  await ctx.runMutation(insertRowsRef, rowsOf(workspaceId, payloads));
  return ok();
});

/** The floor plus the per-delivery steps the issue makes mandatory, through the production query and HMAC check. */
const floorChecked = httpAction(async (ctx, request) => {
  const bytes = new Uint8Array(await request.arrayBuffer());
  const payloads = payloadsOf(JSON.parse(new TextDecoder().decode(bytes)));
  const target = await ctx.runQuery(internal.ingest.webhookTarget, { phoneNumberId: payloads[0].phone_number_id });
  const secret = target?.webhookSecret ?? env.kapsoWebhookSecret();
  if (!target || !(await verifyWebhookSignature(secret, bytes, request.headers.get("x-webhook-signature")))) {
    return new Response(JSON.stringify({ status: "unauthorized" }), { status: 401 });
  }
  await ctx.runMutation(insertRowsOnceRef, {
    ...rowsOf(target.workspaceId, payloads),
    idempotencyKey: request.headers.get("x-idempotency-key") ?? "",
  });
  return ok();
});

const http = httpRouter();
for (const [path, method, handler] of productionHttp.getRoutes()) http.route({ path, method, handler });
http.route({ path: "/bench/floor", method: "POST", handler: floor });
http.route({ path: "/bench/floor-checked", method: "POST", handler: floorChecked });

export default http;
