import { describe, expect, it } from "vitest";
import { api } from "./_generated/api";
import { asUser, createWorkspace, newTest } from "./test.harness";
import { addMember, seedLead, seedMessage } from "../tests/convex/inboxSeed";

const page = (numItems: number, cursor: string | null = null) => ({ numItems, cursor });

async function setup() {
  const t = newTest();
  const workspaceId = await createWorkspace(t);
  await addMember(t, workspaceId, "user_staff", "staff");
  const lead = await seedLead(t, workspaceId);
  return { t, workspaceId, lead };
}

describe("messages.list", () => {
  it("refuses anonymous callers, non-members and conversations of other workspaces", async () => {
    const { t, workspaceId, lead } = await setup();
    const other = await createWorkspace(t, { kapsoPhoneNumberId: "222222222" });
    await addMember(t, other, "user_outsider", "admin");
    const args = { workspaceId, conversationId: lead.conversationId, paginationOpts: page(10) };
    await expect(t.query(api.messages.list, args)).rejects.toThrow(/Sign in/);
    await expect(asUser(t, "user_outsider").query(api.messages.list, args)).rejects.toThrow(/not a member/);
    await expect(asUser(t, "user_outsider").query(api.messages.list, { ...args, workspaceId: other })).rejects.toThrow(
      /Conversation not found/,
    );
  });

  it("returns messages newest first by WhatsApp timestamp, not by arrival", async () => {
    const { t, workspaceId, lead } = await setup();
    await seedMessage(t, lead, workspaceId, { timestamp: 3_000, content: "third" });
    await seedMessage(t, lead, workspaceId, { timestamp: 1_000, content: "first" });
    await seedMessage(t, lead, workspaceId, {
      timestamp: 2_000,
      content: "second",
      direction: "outbound",
      status: "read",
    });
    const result = await asUser(t, "user_staff").query(api.messages.list, {
      workspaceId,
      conversationId: lead.conversationId,
      paginationOpts: page(10),
    });
    expect(result.page.map((m) => m.content)).toEqual(["third", "second", "first"]);
  });

  it("attaches reactions to the message they react to", async () => {
    const { t, workspaceId, lead } = await setup();
    await seedMessage(t, lead, workspaceId, {
      timestamp: 1_000,
      content: "Harga paket?",
      kapso_message_id: "wamid.Q",
    });
    await seedMessage(t, lead, workspaceId, {
      timestamp: 2_000,
      direction: "outbound",
      status: "sent",
      type: "reaction",
      content: "👍",
      kapso_message_id: "wamid.R1",
      reaction_to: "wamid.Q",
      reaction_emoji: "👍",
    });
    await seedMessage(t, lead, workspaceId, {
      timestamp: 3_000,
      type: "reaction",
      content: "❤️",
      kapso_message_id: "wamid.R2",
      reaction_to: "wamid.Q",
      reaction_emoji: "❤️",
    });
    const result = await asUser(t, "user_staff").query(api.messages.list, {
      workspaceId,
      conversationId: lead.conversationId,
      paginationOpts: page(10),
    });
    expect(result.page).toHaveLength(1);
    expect(result.page[0].content).toBe("Harga paket?");
    expect(result.page[0].reactions).toEqual(
      expect.arrayContaining([
        { emoji: "👍", direction: "outbound" },
        { emoji: "❤️", direction: "inbound" },
      ]),
    );
  });

  it("pages a long conversation in bounded pages", async () => {
    const { t, workspaceId, lead } = await setup();
    await t.run(async (ctx) => {
      for (let i = 0; i < 250; i++) {
        await ctx.db.insert("messages", {
          workspace_id: workspaceId,
          conversation_id: lead.conversationId,
          contact_id: lead.contactId,
          direction: "inbound",
          type: "text",
          content: `m${i}`,
          status: "received",
          timestamp: i,
        });
      }
    });
    const staff = asUser(t, "user_staff");
    const first = await staff.query(api.messages.list, {
      workspaceId,
      conversationId: lead.conversationId,
      paginationOpts: page(500),
    });
    expect(first.page).toHaveLength(100);
    expect(first.page[0].content).toBe("m249");
    const second = await staff.query(api.messages.list, {
      workspaceId,
      conversationId: lead.conversationId,
      paginationOpts: page(100, first.continueCursor),
    });
    expect(second.page[0].content).toBe("m149");
    // Older pages can also start from the newest page's end (the thread keeps that page as its own subscription).
    const older = await staff.query(api.messages.list, {
      workspaceId,
      conversationId: lead.conversationId,
      olderThan: first.continueCursor,
      paginationOpts: page(100),
    });
    expect(older.page.map((m) => m.content)).toEqual(second.page.map((m) => m.content));
    expect(first.header?.conversation._id).toBe(lead.conversationId);
    expect(second.header).toBeUndefined();
    expect(older.header).toBeUndefined();
  });
});
