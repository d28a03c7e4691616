// Bench-only Convex module: the "floor" the ingestion benchmark compares against.
// It is NOT under convex/, so it is never deployed, bundled or code-generated;
// bench/ingestion.bench.test.ts mounts it into convex-test's module map as
// "benchFloor" and swaps in the router below (production routes + /bench/floor).
import { httpRouter, makeFunctionReference } from "convex/server";
import { v } from "convex/values";
import { httpAction, internalMutation } from "../convex/_generated/server";
import type { Id } from "../convex/_generated/dataModel";
import productionHttp from "../convex/http";

type FloorArgs = {
  workspaceId: Id<"workspaces">;
  phone: string;
  conversationId: string;
  messages: Array<{ wamid: string; content: string; timestamp: number }>;
};

export const floorRef = makeFunctionReference<"mutation", FloorArgs, null>("benchFloor:insertRows");

/** Inserts the contact, conversation and message rows a delivery produces, with no checks at all. */
export const insertRows = internalMutation({
  args: {
    workspaceId: v.id("workspaces"),
    phone: v.string(),
    conversationId: v.string(),
    messages: v.array(v.object({ wamid: v.string(), content: v.string(), timestamp: v.number() })),
  },
  returns: v.null(),
  handler: async (ctx, { workspaceId, phone, conversationId, messages }) => {
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
    return null;
  },
});

type Payload = {
  conversation: { id: string; phone_number: string };
  message: { id: string; timestamp: string; text: { body: string } };
};

/** Reads the body and calls one mutation: the least any ingestion could do. */
const floor = httpAction(async (ctx, request) => {
  const body = JSON.parse(await request.text());
  const payloads: Payload[] = Array.isArray(body.data) ? body.data : [body];
  const first = payloads[0];
  await ctx.runMutation(floorRef, {
    workspaceId: request.headers.get("x-bench-workspace") as Id<"workspaces">,
    phone: first.conversation.phone_number,
    conversationId: first.conversation.id,
    messages: payloads.map((p) => ({
      wamid: p.message.id,
      content: p.message.text.body,
      timestamp: Number(p.message.timestamp) * 1000,
    })),
  });
  return new Response(JSON.stringify({ status: "ok" }), { status: 200, headers: { "Content-Type": "application/json" } });
});

const http = httpRouter();
for (const [path, method, handler] of productionHttp.getRoutes()) http.route({ path, method, handler });
http.route({ path: "/bench/floor", method: "POST", handler: floor });

export default http;
