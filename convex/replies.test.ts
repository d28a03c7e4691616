import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ConvexError } from "convex/values";
import { api, internal } from "./_generated/api";
import { translate } from "./model/i18n";
import type { MessageKey, MessageValues } from "../src/i18n/messageRef";
import type { Id } from "./_generated/dataModel";
import { asUser, createOutsiderWorkspace, createWorkspace, newTest, type TestConvex } from "./test.harness";
import { PENDING_TIMEOUT_MS } from "./replies";
import { REPLY_WINDOW_MS } from "../src/domain/replyWindow";
import { addMember, messagesOf, seedLead } from "../tests/convex/inboxSeed";
import { fakeKapsoPerFile } from "../tests/node/kapsoServer";
import { TEST_SECRET, deliverFixture } from "../tests/convex/kapsoDeliveries";

const HOUR = 60 * 60 * 1000;

const kapso = fakeKapsoPerFile();
// Scheduled functions run only when a test drives the timers, so a send in one
// test never reaches Kapso in the background of another.
beforeEach(() => {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllEnvs();
});

async function setup({ lastInboundAgo = HOUR }: { lastInboundAgo?: number | null } = {}) {
  const t = newTest();
  const workspaceId = await createWorkspace(t);
  for (const role of ["admin", "operator", "staff"] as const) {
    await addMember(t, workspaceId, `user_${role}`, role);
  }
  const lead = await seedLead(t, workspaceId, {
    name: "Budi",
    phone: "628139250849",
    waiting: true,
    lastInboundAt: lastInboundAgo === null ? undefined : Date.now() - lastInboundAgo,
  });
  return { t, workspaceId, lead };
}

/** Sends as staff, then runs only the send action (not the 5-minute expiry). */
async function sendAndRunAction(
  t: TestConvex,
  workspaceId: Id<"workspaces">,
  conversationId: Id<"conversations">,
  text: string,
) {
  const messageId = await asUser(t, "user_staff").mutation(api.replies.send, { workspaceId, conversationId, text });
  vi.advanceTimersByTime(1);
  await t.finishInProgressScheduledFunctions();
  return messageId;
}

function useKapso() {
  vi.stubEnv("KAPSO_API_KEY", "test-key");
  vi.stubEnv("KAPSO_API_BASE_URL", `${kapso.url}/`);
}

describe("replies.send: access and validation", () => {
  it("refuses anonymous callers, non-members and other workspaces' conversations, writing nothing", async () => {
    const { t, workspaceId, lead } = await setup();
    const other = await createOutsiderWorkspace(t, "444444444");
    const args = { workspaceId, conversationId: lead.conversationId, text: "Halo" };
    await expect(t.mutation(api.replies.send, args)).rejects.toThrow(/Sign in/);
    await expect(asUser(t, "user_outsider").mutation(api.replies.send, args)).rejects.toThrow(/not a member/);
    await expect(
      asUser(t, "user_outsider").mutation(api.replies.send, { ...args, workspaceId: other }),
    ).rejects.toThrow(/Conversation not found/);
    expect(await messagesOf(t, lead.conversationId)).toHaveLength(0);
  });

  it("lets every role send", async () => {
    const { t, workspaceId, lead } = await setup();
    for (const role of ["staff", "operator", "admin"]) {
      await asUser(t, `user_${role}`).mutation(api.replies.send, {
        workspaceId,
        conversationId: lead.conversationId,
        text: `from ${role}`,
      });
    }
    const rows = await messagesOf(t, lead.conversationId);
    expect(rows.map((m) => [m.content, m.sent_by, m.status])).toEqual([
      ["from staff", "user_staff", "pending"],
      ["from operator", "user_operator", "pending"],
      ["from admin", "user_admin", "pending"],
    ]);
  });

  it("rejects empty and over-long text naming the field", async () => {
    const { t, workspaceId, lead } = await setup();
    const staff = asUser(t, "user_staff");
    await expect(
      staff.mutation(api.replies.send, { workspaceId, conversationId: lead.conversationId, text: "  \n " }),
    ).rejects.toThrow(/text: Write a message first/);
    await expect(
      staff.mutation(api.replies.send, { workspaceId, conversationId: lead.conversationId, text: "x".repeat(4097) }),
    ).rejects.toThrow(/text: A WhatsApp text is at most 4096/);
    expect(await messagesOf(t, lead.conversationId)).toHaveLength(0);
  });

  it("refuses free text outside the 24-hour window, with an explanation", async () => {
    const { t, workspaceId, lead } = await setup({ lastInboundAgo: REPLY_WINDOW_MS + 60_000 });
    const send = () =>
      asUser(t, "user_staff").mutation(api.replies.send, {
        workspaceId,
        conversationId: lead.conversationId,
        text: "Halo",
      });
    await expect(send()).rejects.toThrow(/more than 24 hours old.*template/);
    const never = await seedLead(t, workspaceId, { name: "Silent" });
    await expect(
      asUser(t, "user_staff").mutation(api.replies.send, {
        workspaceId,
        conversationId: never.conversationId,
        text: "Halo",
      }),
    ).rejects.toThrow(/has not written to you yet/);
    expect(await messagesOf(t, lead.conversationId)).toHaveLength(0);
    // Just inside the window, it goes through.
    await t.run((ctx) =>
      ctx.db.patch("contacts", lead.contactId, { last_inbound_at: Date.now() - REPLY_WINDOW_MS + 60_000 }),
    );
    await send();
    expect(await messagesOf(t, lead.conversationId)).toHaveLength(1);
  });

  it("shows the reply at once as pending and updates the inbox row", async () => {
    const { t, workspaceId, lead } = await setup();
    await asUser(t, "user_staff").mutation(api.replies.send, {
      workspaceId,
      conversationId: lead.conversationId,
      text: " Halo Kak Budi\nstok ada ",
    });
    const [row] = await messagesOf(t, lead.conversationId);
    expect(row).toMatchObject({
      direction: "outbound",
      status: "pending",
      content: "Halo Kak Budi\nstok ada",
      type: "text",
    });
    expect(row.kapso_message_id).toBeUndefined();
    const conversation = await t.run((ctx) => ctx.db.get("conversations", lead.conversationId));
    expect(conversation).toMatchObject({
      last_message_direction: "outbound",
      waiting_for_reply: false,
      last_message_preview: "Halo Kak Budi stok ada",
    });
  });

  it("never moves the conversation's activity back behind a message WhatsApp stamped later", async () => {
    const { t, workspaceId, lead } = await setup();
    // An inbound message whose WhatsApp timestamp is ahead of the server's clock.
    const ahead = Date.now() + 10 * 60 * 1000;
    await t.run((ctx) =>
      ctx.db.patch("conversations", lead.conversationId, {
        last_active_at: ahead,
        last_message_at: ahead,
        last_message_preview: "Masih ada stok?",
        last_message_direction: "inbound",
        waiting_for_reply: true,
      }),
    );
    await asUser(t, "user_staff").mutation(api.replies.send, {
      workspaceId,
      conversationId: lead.conversationId,
      text: "Ada, Kak",
    });
    const conversation = await t.run((ctx) => ctx.db.get("conversations", lead.conversationId));
    expect(conversation).toMatchObject({
      last_active_at: ahead,
      last_message_at: ahead,
      last_message_preview: "Masih ada stok?",
      last_message_direction: "inbound",
      waiting_for_reply: true,
    });
    // The reply itself is stored and shown in the conversation all the same.
    expect((await messagesOf(t, lead.conversationId)).map((m) => m.content)).toEqual(["Ada, Kak"]);
  });
});

describe("replies: sending through Kapso (loopback server)", () => {
  it("records the wamid and sent status after Kapso accepts, sending exactly once", async () => {
    useKapso();
    const { t, workspaceId, lead } = await setup();
    kapso.script({ status: 200, body: { messaging_product: "whatsapp", messages: [{ id: "wamid.OUT1" }] } });
    const messageId = await sendAndRunAction(t, workspaceId, lead.conversationId, "Halo Kak Budi");
    expect(kapso.requests).toHaveLength(1);
    expect(kapso.requests[0].url).toBe("/meta/whatsapp/v23.0/957104384162113/messages");
    expect(kapso.requests[0].headers["x-api-key"]).toBe("test-key");
    expect(JSON.parse(kapso.requests[0].body)).toMatchObject({ to: "628139250849", text: { body: "Halo Kak Budi" } });
    const row = await t.run((ctx) => ctx.db.get("messages", messageId));
    expect(row).toMatchObject({ status: "sent", kapso_message_id: "wamid.OUT1" });
  });

  it("marks the reply unknown after a 5xx, without a second attempt", async () => {
    useKapso();
    const { t, workspaceId, lead } = await setup();
    kapso.script(
      { status: 502, body: "<html>Bad gateway</html>" },
      { status: 200, body: { messages: [{ id: "wamid.NO" }] } },
    );
    const messageId = await sendAndRunAction(t, workspaceId, lead.conversationId, "Halo");
    expect(kapso.requests).toHaveLength(1);
    const row = await t.run((ctx) => ctx.db.get("messages", messageId));
    expect(row?.status).toBe("unknown");
    expect(row?.error_message).toMatch(/Unknown, check Kapso/);
  });

  it("marks the reply unknown after a dropped connection", async () => {
    useKapso();
    const { t, workspaceId, lead } = await setup();
    kapso.script({ drop: true }, { status: 200, body: { messages: [{ id: "wamid.NO" }] } });
    const messageId = await sendAndRunAction(t, workspaceId, lead.conversationId, "Halo");
    expect(kapso.requests).toHaveLength(1);
    const row = await t.run((ctx) => ctx.db.get("messages", messageId));
    expect(row).toMatchObject({ status: "unknown" });
    expect(row?.error_message).toMatch(/connection to Kapso was lost/);
  });

  it("marks the reply failed with WhatsApp's error when Kapso refuses it", async () => {
    useKapso();
    const { t, workspaceId, lead } = await setup();
    kapso.script({
      status: 400,
      body: { error: { message: "(#131047) Re-engagement message", type: "OAuthException", code: 131047 } },
    });
    const messageId = await sendAndRunAction(t, workspaceId, lead.conversationId, "Halo");
    const row = await t.run((ctx) => ctx.db.get("messages", messageId));
    expect(row).toMatchObject({ status: "failed", error_code: 131047 });
    expect(row?.error_message).toMatch(/Re-engagement/);
  });

  it("fails clearly when KAPSO_API_KEY is not configured, calling nobody", async () => {
    vi.stubEnv("KAPSO_API_KEY", "");
    vi.stubEnv("KAPSO_API_BASE_URL", kapso.url);
    const { t, workspaceId, lead } = await setup();
    kapso.script({ status: 200, body: { messages: [{ id: "wamid.NO" }] } });
    const messageId = await sendAndRunAction(t, workspaceId, lead.conversationId, "Halo");
    expect(kapso.requests).toHaveLength(0);
    const row = await t.run((ctx) => ctx.db.get("messages", messageId));
    expect(row?.status).toBe("failed");
    expect(row?.error_message).toMatch(/not set up for this workspace/);
  });

  it("turns a reply nobody settled into unknown after the pending timeout", async () => {
    const { t, workspaceId, lead } = await setup();
    const messageId = await asUser(t, "user_staff").mutation(api.replies.send, {
      workspaceId,
      conversationId: lead.conversationId,
      text: "Halo",
    });
    // The send action is not run here (as if it crashed); only the expiry fires.
    await t.run(async (ctx) => {
      const jobs = await ctx.db.system.query("_scheduled_functions").collect();
      for (const job of jobs) {
        if (job.name.includes("kapsoSend")) {
          await ctx.scheduler.cancel(job._id);
        }
      }
    });
    vi.advanceTimersByTime(PENDING_TIMEOUT_MS + 1);
    await t.finishInProgressScheduledFunctions();
    const row = await t.run((ctx) => ctx.db.get("messages", messageId));
    expect(row?.status).toBe("unknown");
    expect(row?.error_message).toMatch(/No answer from Kapso within 5 minutes/);
  });
});

describe("replies: reconciliation with Kapso's sent webhook (one row, never two)", () => {
  async function pendingReply() {
    const { t, workspaceId, lead } = await setup();
    const messageId = await asUser(t, "user_staff").mutation(api.replies.send, {
      workspaceId,
      conversationId: lead.conversationId,
      text: "Halo Kak Budi",
    });
    return { t, workspaceId, lead, messageId };
  }

  it("action result first, then the webhook's status finds the same row by wamid", async () => {
    const { t, workspaceId, lead, messageId } = await pendingReply();
    await t.mutation(internal.replies.recordResult, { messageId, result: { kind: "sent", wamid: "wamid.A" } });
    const byWamid = await t.run((ctx) =>
      ctx.db
        .query("messages")
        .withIndex("by_workspace_kapso_message_id", (q) =>
          q.eq("workspace_id", workspaceId).eq("kapso_message_id", "wamid.A"),
        )
        .collect(),
    );
    expect(byWamid.map((m) => m._id)).toEqual([messageId]);
    expect(await messagesOf(t, lead.conversationId)).toHaveLength(1);
  });

  it("webhook first (it adopted the pending row), then the action result: one row, status not downgraded", async () => {
    const { t, lead, messageId } = await pendingReply();
    // What the ingestion does with a sent webhook whose wamid it does not know.
    await t.run((ctx) => ctx.db.patch("messages", messageId, { kapso_message_id: "wamid.A", status: "delivered" }));
    await t.mutation(internal.replies.recordResult, { messageId, result: { kind: "sent", wamid: "wamid.A" } });
    const rows = await messagesOf(t, lead.conversationId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      _id: messageId,
      kapso_message_id: "wamid.A",
      status: "delivered",
      sent_by: "user_staff",
    });
  });

  it("webhook first with its own row, then the action result: merged into that row", async () => {
    const { t, workspaceId, lead, messageId } = await pendingReply();
    const webhookRow = await t.run((ctx) =>
      ctx.db.insert("messages", {
        workspace_id: workspaceId,
        conversation_id: lead.conversationId,
        contact_id: lead.contactId,
        kapso_message_id: "wamid.A",
        direction: "outbound",
        type: "text",
        content: "Halo Kak Budi",
        status: "read",
        timestamp: Date.now(),
      }),
    );
    await t.mutation(internal.replies.recordResult, { messageId, result: { kind: "sent", wamid: "wamid.A" } });
    const rows = await messagesOf(t, lead.conversationId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ _id: webhookRow, status: "read", sent_by: "user_staff" });
    // A late result for the deleted row is a no-op.
    await t.mutation(internal.replies.recordResult, { messageId, result: { kind: "failed", errorMessage: "late" } });
    expect(await messagesOf(t, lead.conversationId)).toHaveLength(1);
  });

  it("a late failure or unknown never overwrites a status the webhook confirmed", async () => {
    const { t, messageId } = await pendingReply();
    await t.run((ctx) => ctx.db.patch("messages", messageId, { kapso_message_id: "wamid.A", status: "delivered" }));
    await t.mutation(internal.replies.recordResult, {
      messageId,
      result: { kind: "unknown", errorMessage: "timeout" },
    });
    await t.mutation(internal.replies.recordResult, { messageId, result: { kind: "failed", errorMessage: "x" } });
    expect((await t.run((ctx) => ctx.db.get("messages", messageId)))?.status).toBe("delivered");
  });

  it("an unknown reply becomes sent when the wamid arrives after all", async () => {
    const { t, messageId } = await pendingReply();
    await t.mutation(internal.replies.recordResult, {
      messageId,
      result: { kind: "unknown", errorMessage: "timeout" },
    });
    await t.mutation(internal.replies.recordResult, { messageId, result: { kind: "sent", wamid: "wamid.LATE" } });
    const row = await t.run((ctx) => ctx.db.get("messages", messageId));
    expect(row).toMatchObject({ status: "sent", kapso_message_id: "wamid.LATE" });
    expect(row?.error_message).toBeUndefined();
  });

  it("two identical replies whose webhooks crossed still end as two rows, one per wamid", async () => {
    const { t, workspaceId, lead, messageId: first } = await pendingReply();
    const second = await asUser(t, "user_staff").mutation(api.replies.send, {
      workspaceId,
      conversationId: lead.conversationId,
      text: "Halo Kak Budi",
    });
    // The webhook of the second send adopted the first pending row.
    await t.run((ctx) => ctx.db.patch("messages", first, { kapso_message_id: "wamid.B", status: "sent" }));
    await t.mutation(internal.replies.recordResult, { messageId: second, result: { kind: "sent", wamid: "wamid.B" } });
    await t.mutation(internal.replies.recordResult, { messageId: first, result: { kind: "sent", wamid: "wamid.A" } });
    const rows = await messagesOf(t, lead.conversationId);
    expect(rows.map((m) => m.kapso_message_id).sort()).toEqual(["wamid.A", "wamid.B"]);
  });
});

describe("replies: reconciliation through the real webhook ingestion", () => {
  const OUT_WAMID = "wamid.HBgNNjI4MTM5MjUwODQ5FQIAERgST1VUQk9VTkQwMDAwMDAx";
  const REPLY = "Halo Kak Budi, stok paket premium masih ada. Mau dikirim ke mana?";

  async function conversationFromWebhook() {
    vi.stubEnv("KAPSO_WEBHOOK_SECRET", TEST_SECRET);
    const t = newTest();
    const workspaceId = await createWorkspace(t);
    await addMember(t, workspaceId, "user_staff", "staff");
    await deliverFixture(t, "receivedText");
    const conversation = await t.run(async (ctx) => (await ctx.db.query("conversations").collect())[0]);
    // The fixture's message is from 2025; the lead wrote again just now.
    await t.run((ctx) => ctx.db.patch("contacts", conversation.contact_id, { last_inbound_at: Date.now() - 60_000 }));
    return { t, workspaceId, conversationId: conversation._id };
  }

  async function outbound(t: TestConvex, conversationId: Id<"conversations">) {
    return (await messagesOf(t, conversationId)).filter((m) => m.direction === "outbound");
  }

  it("action result first, then Kapso's sent and read webhooks: one row that ends read", async () => {
    const { t, workspaceId, conversationId } = await conversationFromWebhook();
    const messageId = await asUser(t, "user_staff").mutation(api.replies.send, {
      workspaceId,
      conversationId,
      text: REPLY,
    });
    await t.mutation(internal.replies.recordResult, { messageId, result: { kind: "sent", wamid: OUT_WAMID } });
    await deliverFixture(t, "sentText");
    await deliverFixture(t, "read");
    const rows = await outbound(t, conversationId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      _id: messageId,
      kapso_message_id: OUT_WAMID,
      status: "read",
      sent_by: "user_staff",
    });
  });

  it("Kapso's sent webhook first, then the action result: one row", async () => {
    const { t, workspaceId, conversationId } = await conversationFromWebhook();
    const messageId = await asUser(t, "user_staff").mutation(api.replies.send, {
      workspaceId,
      conversationId,
      text: REPLY,
    });
    await deliverFixture(t, "sentText");
    await t.mutation(internal.replies.recordResult, { messageId, result: { kind: "sent", wamid: OUT_WAMID } });
    const rows = await outbound(t, conversationId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      _id: messageId,
      kapso_message_id: OUT_WAMID,
      status: "sent",
      sent_by: "user_staff",
    });
  });

  it("a webhook row the ingestion could not match by text is merged when the action result names its wamid", async () => {
    const { t, workspaceId, conversationId } = await conversationFromWebhook();
    // Kapso reports the text slightly differently from what was typed.
    const messageId = await asUser(t, "user_staff").mutation(api.replies.send, {
      workspaceId,
      conversationId,
      text: `${REPLY} 🙏`,
    });
    await deliverFixture(t, "sentText");
    expect(await outbound(t, conversationId)).toHaveLength(2);
    await t.mutation(internal.replies.recordResult, { messageId, result: { kind: "sent", wamid: OUT_WAMID } });
    const rows = await outbound(t, conversationId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ kapso_message_id: OUT_WAMID, status: "sent", sent_by: "user_staff" });
  });
});

describe("replies: a reply that did not go out keeps the lead waiting", () => {
  async function conversationOf(t: TestConvex, conversationId: Id<"conversations">) {
    return await t.run((ctx) => ctx.db.get("conversations", conversationId));
  }
  async function inboxRow(t: TestConvex, workspaceId: Id<"workspaces">, filter: "all" | "waiting") {
    const rows = await asUser(t, "user_staff").query(api.conversations.list, {
      workspaceId,
      filter,
      paginationOpts: { numItems: 10, cursor: null },
    });
    return rows.page[0];
  }

  const outcomes = [
    ["failed (no Kapso key)", "failed", () => vi.stubEnv("KAPSO_API_KEY", "")],
    [
      "unknown (connection lost)",
      "unknown",
      () => {
        useKapso();
        kapso.script({ drop: true });
      },
    ],
  ] as const;
  it.each(outcomes)("%s: waiting comes back and the inbox row is marked", async (_label, problem, arrange) => {
    arrange();
    const { t, workspaceId, lead } = await setup();
    await asUser(t, "user_staff").mutation(api.replies.send, {
      workspaceId,
      conversationId: lead.conversationId,
      text: "Halo",
    });
    // Sending clears the badge at once, as a reply normally does.
    expect(await conversationOf(t, lead.conversationId)).toMatchObject({ waiting_for_reply: false });
    vi.advanceTimersByTime(1);
    await t.finishInProgressScheduledFunctions();
    expect(await conversationOf(t, lead.conversationId)).toMatchObject({
      waiting_for_reply: true,
      reply_problem: problem,
    });
    expect(await inboxRow(t, workspaceId, "waiting")).toMatchObject({
      waiting_for_reply: true,
      reply_problem: problem,
      last_message_direction: "outbound",
    });
  });

  it("a reply that expires unknown restores waiting too, and a later newer message clears the mark", async () => {
    const { t, workspaceId, lead } = await setup();
    const messageId = await asUser(t, "user_staff").mutation(api.replies.send, {
      workspaceId,
      conversationId: lead.conversationId,
      text: "Halo",
    });
    await t.mutation(internal.replies.expirePending, { messageId });
    expect(await conversationOf(t, lead.conversationId)).toMatchObject({
      waiting_for_reply: true,
      reply_problem: "unknown",
    });
    // Kapso reports it sent after all: no longer a problem, no longer waiting.
    await t.mutation(internal.replies.recordResult, { messageId, result: { kind: "sent", wamid: "wamid.LATE" } });
    const after = await conversationOf(t, lead.conversationId);
    expect(after?.waiting_for_reply).toBe(false);
    expect(after?.reply_problem).toBeUndefined();
  });

  it("does not mark the row when a newer message came after the failed reply", async () => {
    const { t, workspaceId, lead } = await setup();
    const messageId = await asUser(t, "user_staff").mutation(api.replies.send, {
      workspaceId,
      conversationId: lead.conversationId,
      text: "Halo",
    });
    await t.run((ctx) =>
      ctx.db.patch("conversations", lead.conversationId, {
        last_message_at: Date.now() + 60_000,
        last_message_direction: "inbound",
        waiting_for_reply: true,
      }),
    );
    await t.mutation(internal.replies.recordResult, { messageId, result: { kind: "failed", errorMessage: "x" } });
    expect((await conversationOf(t, lead.conversationId))?.reply_problem).toBeUndefined();
  });
});

describe("replies.retry", () => {
  async function failedReply(status: "failed" | "unknown") {
    const { t, workspaceId, lead } = await setup();
    const messageId = await asUser(t, "user_staff").mutation(api.replies.send, {
      workspaceId,
      conversationId: lead.conversationId,
      text: "Halo lagi",
    });
    await t.mutation(internal.replies.recordResult, {
      messageId,
      result: status === "failed" ? { kind: "failed", errorMessage: "nope" } : { kind: "unknown", errorMessage: "?" },
    });
    return { t, workspaceId, lead, messageId };
  }

  it("sends a failed reply again as the same message, pending, and clears the row's mark", async () => {
    useKapso();
    const { t, workspaceId, lead, messageId } = await failedReply("failed");
    kapso.script({ status: 200, body: { messages: [{ id: "wamid.RETRY" }] } });
    await asUser(t, "user_staff").mutation(api.replies.retry, { workspaceId, messageId });
    const retried = await t.run((ctx) => ctx.db.get("messages", messageId));
    expect(retried?.status).toBe("pending");
    expect(retried?.error_message).toBeUndefined();
    const conversation = await t.run((ctx) => ctx.db.get("conversations", lead.conversationId));
    expect(conversation).toMatchObject({ waiting_for_reply: false });
    expect(conversation?.reply_problem).toBeUndefined();
    vi.advanceTimersByTime(1);
    await t.finishInProgressScheduledFunctions();
    expect(await t.run((ctx) => ctx.db.get("messages", messageId))).toMatchObject({
      status: "sent",
      kapso_message_id: "wamid.RETRY",
    });
    expect(await messagesOf(t, lead.conversationId)).toHaveLength(1);
  });

  it("never re-sends an unknown reply without confirmation, and does after it", async () => {
    const { t, workspaceId, messageId } = await failedReply("unknown");
    const staff = asUser(t, "user_staff");
    await expect(staff.mutation(api.replies.retry, { workspaceId, messageId })).rejects.toThrow(
      /may already have been delivered/,
    );
    expect((await t.run((ctx) => ctx.db.get("messages", messageId)))?.status).toBe("unknown");
    await staff.mutation(api.replies.retry, { workspaceId, messageId, confirmedUnknown: true });
    expect((await t.run((ctx) => ctx.db.get("messages", messageId)))?.status).toBe("pending");
  });

  it("refuses replies that are on their way or delivered, other workspaces' messages and closed windows", async () => {
    const { t, workspaceId, lead, messageId } = await failedReply("failed");
    const other = await createOutsiderWorkspace(t, "444444444");
    const staff = asUser(t, "user_staff");
    await expect(
      asUser(t, "user_outsider").mutation(api.replies.retry, { workspaceId: other, messageId }),
    ).rejects.toThrow(/Reply not found/);
    await t.run((ctx) =>
      ctx.db.patch("contacts", lead.contactId, { last_inbound_at: Date.now() - REPLY_WINDOW_MS - 1 }),
    );
    await expect(staff.mutation(api.replies.retry, { workspaceId, messageId })).rejects.toThrow(/24 hours/);
    await t.run((ctx) => ctx.db.patch("messages", messageId, { status: "delivered" }));
    await expect(staff.mutation(api.replies.retry, { workspaceId, messageId })).rejects.toThrow(/already on its way/);
  });

  it("names each refusal by its catalogue key, so the dashboard can say it in Indonesian", async () => {
    const { t, workspaceId, lead, messageId } = await failedReply("unknown");
    const staff = asUser(t, "user_staff");
    const refusal = async (call: Promise<unknown>) => {
      const error = await call.then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(ConvexError);
      type Keyed = { key: MessageKey; values?: MessageValues };
      const data = (error as ConvexError<Keyed & { code: string; issues?: Keyed[] }>).data;
      // Bad input names each field in `issues`; other refusals carry their own key.
      const { key, values } = data.issues?.[0] ?? data;
      return { code: data.code, key, id: translate("id", { key, values }) };
    };
    expect(await refusal(staff.mutation(api.replies.retry, { workspaceId, messageId }))).toEqual({
      code: "INVALID",
      key: "errors.inbox.confirmResend",
      id: "Balasan ini mungkin sudah terkirim. Pastikan Anda memang ingin mengirimnya lagi sebelum mencoba lagi.",
    });
    const send = (text: string) =>
      staff.mutation(api.replies.send, { workspaceId, conversationId: lead.conversationId, text });
    expect(await refusal(send("  "))).toEqual({
      code: "INVALID",
      key: "validation.inbox.replyRequired",
      id: "Tulis pesan terlebih dahulu",
    });
    await t.run((ctx) => ctx.db.patch("contacts", lead.contactId, { last_inbound_at: undefined }));
    expect(await refusal(send("Halo"))).toEqual({
      code: "WINDOW_CLOSED",
      key: "inbox.window.neverWrote",
      id: expect.stringMatching(/^Prospek ini belum pernah menulis kepada Anda/),
    });
  });

  it("the expiry timer of an earlier attempt leaves a retried reply pending", async () => {
    const { t, workspaceId, messageId } = await failedReply("failed");
    const firstAttempt = Date.now() - 60_000;
    await t.run((ctx) => ctx.db.patch("messages", messageId, { timestamp: firstAttempt }));
    await asUser(t, "user_staff").mutation(api.replies.retry, { workspaceId, messageId });
    await t.mutation(internal.replies.expirePending, { messageId, pendingSince: firstAttempt });
    expect((await t.run((ctx) => ctx.db.get("messages", messageId)))?.status).toBe("pending");
  });
});
