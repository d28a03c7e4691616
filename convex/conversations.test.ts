import { afterEach, describe, expect, it, vi } from "vitest";
import { convexTest } from "convex-test";
import { api, internal } from "./_generated/api";
import schema from "./schema";
import { modules } from "./test.setup";
import { asUser, createOutsiderWorkspace, createWorkspace, newTest, type TestConvex } from "./test.harness";
import { MAX_PAGE_SIZE } from "./functions";
import { addMember, seedLead } from "../tests/convex/inboxSeed";
import { TEST_SECRET, deliver, deliverFixture, fixtureJson } from "../tests/convex/kapsoDeliveries";

const page = (numItems: number, cursor: string | null = null) => ({ numItems, cursor });

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllEnvs();
});

async function setup(t: TestConvex = newTest()) {
  const workspaceId = await createWorkspace(t);
  await addMember(t, workspaceId, "user_admin", "admin");
  await addMember(t, workspaceId, "user_staff", "staff");
  return { t, workspaceId };
}

describe("conversations: access", () => {
  it("refuses anonymous callers and non-members, and serves every role", async () => {
    const { t, workspaceId } = await setup();
    await addMember(t, workspaceId, "user_operator", "operator");
    const { conversationId } = await seedLead(t, workspaceId, { unread: 2 });
    const other = await createOutsiderWorkspace(t);

    const listArgs = { workspaceId, filter: "all" as const, paginationOpts: page(10) };
    const getArgs = { workspaceId, conversationId };
    const threadArgs = { ...getArgs, paginationOpts: page(30) };
    await expect(t.query(api.conversations.list, listArgs)).rejects.toThrow(/Sign in/);
    await expect(t.query(api.messages.list, threadArgs)).rejects.toThrow(/Sign in/);
    await expect(t.mutation(api.conversations.markRead, getArgs)).rejects.toThrow(/Sign in/);
    const outsider = asUser(t, "user_outsider");
    await expect(outsider.query(api.conversations.list, listArgs)).rejects.toThrow(/not a member/);
    await expect(outsider.query(api.messages.list, threadArgs)).rejects.toThrow(/not a member/);
    await expect(outsider.mutation(api.conversations.markRead, getArgs)).rejects.toThrow(/not a member/);
    // A member of another workspace cannot reach this conversation through their own workspace id.
    await expect(outsider.query(api.messages.list, { ...threadArgs, workspaceId: other })).rejects.toThrow(
      /Conversation not found/,
    );
    await expect(outsider.mutation(api.conversations.markRead, { workspaceId: other, conversationId })).rejects.toThrow(
      /Conversation not found/,
    );

    for (const user of ["user_staff", "user_operator", "user_admin"]) {
      const rows = await asUser(t, user).query(api.conversations.list, listArgs);
      expect(rows.page).toHaveLength(1);
      expect((await asUser(t, user).query(api.messages.list, threadArgs)).header?.conversation._id).toBe(
        conversationId,
      );
    }
    await asUser(t, "user_staff").mutation(api.conversations.markRead, getArgs);
    const after = await t.run((ctx) => ctx.db.get("conversations", conversationId));
    expect(after?.unread_count).toBe(0);
  });
});

describe("conversations.list", () => {
  it("orders by last activity and applies the active / ended / waiting filters", async () => {
    const { t, workspaceId } = await setup();
    const old = await seedLead(t, workspaceId, { name: "Old Ended", status: "ended", lastActiveAt: 1_000 });
    const waiting = await seedLead(t, workspaceId, {
      name: "Waiting Wati",
      waiting: true,
      lastActiveAt: 3_000,
      unread: 1,
    });
    const answered = await seedLead(t, workspaceId, { name: "Answered Ani", lastActiveAt: 2_000 });
    const staff = asUser(t, "user_staff");
    const ids = async (filter: "all" | "active" | "ended" | "waiting") =>
      (await staff.query(api.conversations.list, { workspaceId, filter, paginationOpts: page(10) })).page.map(
        (r) => r._id,
      );

    expect(await ids("all")).toEqual([waiting.conversationId, answered.conversationId, old.conversationId]);
    expect(await ids("active")).toEqual([waiting.conversationId, answered.conversationId]);
    expect(await ids("ended")).toEqual([old.conversationId]);
    expect(await ids("waiting")).toEqual([waiting.conversationId]);

    const [row] = (
      await staff.query(api.conversations.list, { workspaceId, filter: "waiting", paginationOpts: page(10) })
    ).page;
    expect(row).toMatchObject({
      waiting_for_reply: true,
      unread_count: 1,
      last_message_preview: "Hello from Waiting Wati",
      lead: { _id: waiting.contactId, name: "Waiting Wati" },
    });
  });

  it("searches by name and by phone, typed the local way", async () => {
    const { t, workspaceId } = await setup();
    const budi = await seedLead(t, workspaceId, { name: "Budi Santoso", phone: "628139250849" });
    await seedLead(t, workspaceId, { name: "Siti Rahma", phone: "6281234567890", status: "ended" });
    const staff = asUser(t, "user_staff");
    const search = async (text: string, filter: "all" | "active" | "ended" | "waiting" = "all") =>
      (
        await staff.query(api.conversations.list, { workspaceId, filter, search: text, paginationOpts: page(10) })
      ).page.map((r) => r.lead.name);

    expect(await search("budi")).toEqual(["Budi Santoso"]);
    expect(await search("0813 9250")).toEqual(["Budi Santoso"]);
    expect(await search("+62 812-345")).toEqual(["Siti Rahma"]);
    expect(await search("siti", "active")).toEqual([]);
    expect(await search("siti", "ended")).toEqual(["Siti Rahma"]);
    expect(await search("budi", "waiting")).toEqual([]);
    await t.run((ctx) => ctx.db.patch("conversations", budi.conversationId, { waiting_for_reply: true }));
    expect(await search("budi", "waiting")).toEqual(["Budi Santoso"]);
  });

  it("shows the lead as the conversation carries it; rows stored before that have no name until the backfill", async () => {
    vi.useFakeTimers();
    const { t, workspaceId } = await setup();
    const current = await seedLead(t, workspaceId, {
      name: "Budi Santoso",
      phone: "628139250849",
      lastActiveAt: 2_000,
    });
    const legacy = await seedLead(t, workspaceId, { name: "Siti Rahma", phone: "6281234567890", lastActiveAt: 1_000 });
    await t.run((ctx) =>
      ctx.db.patch("conversations", legacy.conversationId, { contact_name: undefined, contact_phone: undefined }),
    );
    const staff = asUser(t, "user_staff");
    const leads = async () =>
      (await staff.query(api.conversations.list, { workspaceId, filter: "all", paginationOpts: page(10) })).page.map(
        (r) => r.lead,
      );
    expect(await leads()).toEqual([
      { _id: current.contactId, name: "Budi Santoso", phone: "628139250849", phone_display: "+62 813 9250 849" },
      { _id: legacy.contactId, name: undefined, phone: undefined, phone_display: "" },
    ]);

    await t.mutation(internal.contacts.backfillConversationLeads, { cursor: null });
    await t.finishAllScheduledFunctions(vi.runAllTimers);
    expect((await leads())[1]).toEqual({
      _id: legacy.contactId,
      name: "Siti Rahma",
      phone: "6281234567890",
      phone_display: "+62 812 3456 7890",
    });
  });

  it("pages through with cursors and never serves more than the page cap", async () => {
    const { t, workspaceId } = await setup();
    for (let i = 0; i < MAX_PAGE_SIZE + 5; i++) {
      await seedLead(t, workspaceId, { lastActiveAt: 10_000 + i });
    }
    const staff = asUser(t, "user_staff");
    const huge = await staff.query(api.conversations.list, {
      workspaceId,
      filter: "all",
      paginationOpts: page(10_000),
    });
    expect(huge.page).toHaveLength(MAX_PAGE_SIZE);
    expect(huge.isDone).toBe(false);

    const first = await staff.query(api.conversations.list, { workspaceId, filter: "all", paginationOpts: page(60) });
    const second = await staff.query(api.conversations.list, {
      workspaceId,
      filter: "all",
      paginationOpts: page(60, first.continueCursor),
    });
    expect(first.page).toHaveLength(60);
    expect(second.page).toHaveLength(45);
    expect(second.isDone).toBe(true);
    const all = [...first.page, ...second.page].map((r) => r.last_active_at);
    expect(all).toEqual([...all].sort((a, b) => b - a));
  });

  it("reads one page of conversations and no leads, whatever the workspace size", async () => {
    // Tight read limit: 20 rows + membership/workspace reads fit; one more read per row (the lead) would not.
    const t = convexTest({ schema, modules, transactionLimits: { documentsRead: 20 + 5 } });
    const { workspaceId } = await setup(t);
    for (let i = 0; i < 150; i++) {
      await seedLead(t, workspaceId, { lastActiveAt: i, waiting: i % 2 === 0 });
    }
    const staff = asUser(t, "user_staff");
    for (const filter of ["all", "active", "waiting"] as const) {
      const rows = await staff.query(api.conversations.list, { workspaceId, filter, paginationOpts: page(20) });
      expect(rows.page).toHaveLength(20);
      expect(rows.page.every((r) => r.lead.name?.startsWith("Lead "))).toBe(true);
    }
    const found = await staff.query(api.conversations.list, {
      workspaceId,
      filter: "all",
      search: "Lead",
      paginationOpts: page(20),
    });
    expect(found.page).toHaveLength(20);
  });
});

describe("conversations.list: search narrows with every word", () => {
  const cases: Array<[query: string, expected: string[]]> = [
    ["budi", ["Budi Santoso", "Santi Budiman"]],
    ["BUDI S", ["Budi Santoso", "Santi Budiman"]],
    ["budiman", ["Santi Budiman"]],
    ["budi santo", ["Budi Santoso"]],
    ["budi santoso", ["Budi Santoso"]],
    ["siti r", ["Siti Rahma"]],
    ["budi rahma", []],
    ["0813", ["Budi Santoso"]],
    ["budi 0813", ["Budi Santoso"]],
    ["siti 0813", []],
  ];
  it.each(cases)("%s finds %j", async (query, expected) => {
    const { t, workspaceId } = await setup();
    await seedLead(t, workspaceId, { name: "Budi Santoso", phone: "628139250849" });
    await seedLead(t, workspaceId, { name: "Siti Rahma", phone: "6281234567890" });
    await seedLead(t, workspaceId, { name: "Santi Budiman", phone: "6285700000000" });
    const rows = await asUser(t, "user_staff").query(api.conversations.list, {
      workspaceId,
      filter: "all",
      search: query,
      paginationOpts: page(10),
    });
    expect(rows.page.map((r) => r.lead.name).sort()).toEqual(expected);
  });
});

describe("ended conversations are never waiting", () => {
  it("ending a conversation by webhook clears waiting and unread, and the Waiting filter leaves it out", async () => {
    vi.stubEnv("KAPSO_WEBHOOK_SECRET", TEST_SECRET);
    const { t, workspaceId } = await setup();
    const staff = asUser(t, "user_staff");
    await deliverFixture(t, "receivedText");
    const waiting = async () =>
      (await staff.query(api.conversations.list, { workspaceId, filter: "waiting", paginationOpts: page(10) })).page;
    expect(await waiting()).toHaveLength(1);
    await deliverFixture(t, "conversationEnded");
    expect(await waiting()).toEqual([]);
    const [row] = (
      await staff.query(api.conversations.list, { workspaceId, filter: "ended", paginationOpts: page(10) })
    ).page;
    expect(row).toMatchObject({ status: "ended", waiting_for_reply: false, unread_count: 0 });
    const stored = await t.run((ctx) => ctx.db.get("conversations", row._id));
    expect(stored).toMatchObject({ waiting_for_reply: false, unread_count: 0 });
  });

  it("reads rows ended before the fix as not waiting, and the migration clears them", async () => {
    vi.useFakeTimers();
    const { t, workspaceId } = await setup();
    const staff = asUser(t, "user_staff");
    const legacy = await seedLead(t, workspaceId, { name: "Old End", status: "ended", waiting: true, unread: 3 });
    await seedLead(t, workspaceId, { name: "Still Waiting", waiting: true, unread: 1 });
    const list = async (filter: "all" | "waiting", search?: string) =>
      (await staff.query(api.conversations.list, { workspaceId, filter, search, paginationOpts: page(10) })).page;
    expect((await list("waiting")).map((r) => r.lead.name)).toEqual(["Still Waiting"]);
    expect((await list("waiting", "old")).map((r) => r.lead.name)).toEqual([]);
    expect((await list("all")).find((r) => r.lead.name === "Old End")).toMatchObject({
      waiting_for_reply: false,
      unread_count: 0,
    });

    expect(await t.mutation(internal.endedConversationsMigration.run, { cursor: null })).toEqual({
      updated: 1,
      isDone: true,
    });
    expect(await t.run((ctx) => ctx.db.get("conversations", legacy.conversationId))).toMatchObject({
      waiting_for_reply: false,
      unread_count: 0,
    });
  });
});

describe("messages.list, newest page: the thread's header, lead panel and reply box in the same query", () => {
  it("returns the lead's phone for display, note, ad origin, newest daily summaries (bounded) and whether replies can go out", async () => {
    const { t, workspaceId } = await setup();
    const lead = await seedLead(t, workspaceId, { name: "Budi Santoso", phone: "628139250849" });
    await t.run(async (ctx) => {
      await ctx.db.patch("contacts", lead.contactId, { note: "Wants size L" });
      await ctx.db.insert("messages", {
        workspace_id: workspaceId,
        conversation_id: lead.conversationId,
        contact_id: lead.contactId,
        direction: "inbound",
        type: "text",
        content: "Masih ada?",
        status: "received",
        timestamp: 1,
        details: { referral: { headline: "Promo" } },
      });
      for (let day = 1; day <= 5; day++) {
        const date = `2026-11-0${day}`;
        await ctx.db.insert("leadNotes", {
          workspace_id: workspaceId,
          contact_id: lead.contactId,
          note_type: "daily_summary",
          content: `Summary of ${date}`,
          date,
          created_at: day,
        });
      }
    });
    vi.stubEnv("KAPSO_API_KEY", "");
    const staff = asUser(t, "user_staff");
    const header = async (opts = page(30)) =>
      (await staff.query(api.messages.list, { workspaceId, conversationId: lead.conversationId, paginationOpts: opts }))
        .header;
    const result = (await header())!;
    expect(result.lead).toMatchObject({
      name: "Budi Santoso",
      phone_display: "+62 813 9250 849",
      note: "Wants size L",
      from_ad: true,
    });
    expect(result.lead?.recent_summaries.map((n) => n.date)).toEqual(["2026-11-05", "2026-11-04", "2026-11-03"]);
    expect(result.canSend).toBe(false);
    // Older pages come without it.
    const newest = await staff.query(api.messages.list, {
      workspaceId,
      conversationId: lead.conversationId,
      paginationOpts: page(1),
    });
    expect(newest.header).toBeDefined();
    expect(await header({ numItems: 1, cursor: newest.continueCursor })).toBeUndefined();
    // The workspace's own key counts without being opened.
    await t.run((ctx) => ctx.db.patch("workspaces", workspaceId, { kapso_api_key: "enc:v1:gone:xxxx" }));
    expect((await header())?.canSend).toBe(true);
    await t.run((ctx) => ctx.db.patch("workspaces", workspaceId, { kapso_api_key: undefined }));
    vi.stubEnv("KAPSO_API_KEY", "deployment-key");
    expect((await header())?.canSend).toBe(true);
  });
});

describe("a reply WhatsApp reports failed keeps the lead waiting", () => {
  it("marks the row and restores waiting when the newest outbound message fails by webhook", async () => {
    vi.stubEnv("KAPSO_WEBHOOK_SECRET", TEST_SECRET);
    const { t, workspaceId } = await setup();
    await deliverFixture(t, "receivedText");
    // Our reply goes out (sent), then WhatsApp reports it failed.
    const failed = fixtureJson("failed");
    const sent = structuredClone(failed);
    sent.message.kapso.status = "sent";
    sent.message.kapso.statuses = [{ ...failed.message.kapso.statuses[0], status: "sent", errors: undefined }];
    await deliver(t, { body: JSON.stringify(sent), event: "whatsapp.message.sent" });
    const row = async () =>
      (
        await asUser(t, "user_staff").query(api.conversations.list, {
          workspaceId,
          filter: "all",
          paginationOpts: page(10),
        })
      ).page[0];
    expect(await row()).toMatchObject({ waiting_for_reply: false, last_message_direction: "outbound" });
    expect((await row()).reply_problem).toBeUndefined();

    await deliver(t, { body: JSON.stringify(failed), event: "whatsapp.message.failed" });
    expect(await row()).toMatchObject({ waiting_for_reply: true, reply_problem: "failed" });
    expect(
      (
        await asUser(t, "user_staff").query(api.conversations.list, {
          workspaceId,
          filter: "waiting",
          paginationOpts: page(10),
        })
      ).page,
    ).toHaveLength(1);
  });
});
