import { afterEach, describe, expect, it, vi } from "vitest";
import { ConvexError } from "convex/values";
import type { Id } from "./_generated/dataModel";
import type { UserErrorData } from "./errors";
import { api } from "./_generated/api";
import { asUser, createWorkspace, newTest } from "./test.harness";
import { conversationLeadFields, LEAD_CONVERSATIONS_INLINE, LEAD_PAGE_CONVERSATIONS } from "./contacts";
import { addMember, seedLead } from "../tests/convex/inboxSeed";
import { TEST_SECRET, deliver, deliverFixture, inboundText } from "../tests/convex/kapsoDeliveries";

const page = (numItems: number, cursor: string | null = null) => ({ numItems, cursor });

afterEach(() => {
  vi.useRealTimers();
});

async function setup() {
  const t = newTest();
  const workspaceId = await createWorkspace(t);
  await addMember(t, workspaceId, "user_admin", "admin");
  await addMember(t, workspaceId, "user_operator", "operator");
  await addMember(t, workspaceId, "user_staff", "staff");
  const other = await createWorkspace(t, { kapsoPhoneNumberId: "333333333" });
  await addMember(t, other, "user_outsider", "admin");
  return { t, workspaceId, other };
}

describe("contacts: access", () => {
  it("refuses anonymous callers, non-members and leads of other workspaces on every function", async () => {
    const { t, workspaceId, other } = await setup();
    const { contactId } = await seedLead(t, workspaceId, { name: "Budi" });
    const calls = (ws: typeof workspaceId) => [
      (c: ReturnType<typeof asUser> | typeof t) =>
        c.query(api.contacts.list, { workspaceId: ws, paginationOpts: page(5) }),
      (c: ReturnType<typeof asUser> | typeof t) => c.query(api.contacts.get, { workspaceId: ws, contactId }),
      (c: ReturnType<typeof asUser> | typeof t) =>
        c.query(api.contacts.notes, { workspaceId: ws, contactId, paginationOpts: page(5) }),
      (c: ReturnType<typeof asUser> | typeof t) =>
        c.mutation(api.contacts.rename, { workspaceId: ws, contactId, name: "X" }),
      (c: ReturnType<typeof asUser> | typeof t) =>
        c.mutation(api.contacts.setNote, { workspaceId: ws, contactId, note: "x" }),
      (c: ReturnType<typeof asUser> | typeof t) =>
        c.mutation(api.contacts.addNote, { workspaceId: ws, contactId, content: "x" }),
    ];
    for (const call of calls(workspaceId)) {
      await expect(call(t)).rejects.toThrow(/Sign in/);
      await expect(call(asUser(t, "user_outsider"))).rejects.toThrow(/not a member/);
    }
    // Through their own workspace, the outsider still cannot touch this lead (list is simply theirs, empty).
    for (const call of calls(other).slice(1)) {
      await expect(call(asUser(t, "user_outsider"))).rejects.toThrow(/Lead not found/);
    }
    const lead = await t.run((ctx) => ctx.db.get("contacts", contactId));
    expect([lead?.name, lead?.note]).toEqual(["Budi", undefined]);

    for (const user of ["user_staff", "user_operator", "user_admin"]) {
      for (const call of calls(workspaceId)) {
        await call(asUser(t, user));
      }
    }
  });
});

describe("contacts", () => {
  it("lists leads by last activity, pages them, and searches by name or phone", async () => {
    const { t, workspaceId } = await setup();
    await seedLead(t, workspaceId, { name: "Budi Santoso", phone: "628139250849", lastActiveAt: 3_000 });
    await seedLead(t, workspaceId, { name: "Siti Rahma", phone: "6281234567890", lastActiveAt: 5_000 });
    await seedLead(t, workspaceId, { name: "Andi Wijaya", phone: "6285712345678", lastActiveAt: 1_000 });
    const staff = asUser(t, "user_staff");
    const first = await staff.query(api.contacts.list, { workspaceId, paginationOpts: page(2) });
    expect(first.page.map((l) => l.name)).toEqual(["Siti Rahma", "Budi Santoso"]);
    // The server formats phones for display: the browser does not load libphonenumber.
    expect(first.page.map((l) => l.phone_display)).toEqual(["+62 812 3456 7890", "+62 813 9250 849"]);
    const second = await staff.query(api.contacts.list, { workspaceId, paginationOpts: page(2, first.continueCursor) });
    expect(second.page.map((l) => l.name)).toEqual(["Andi Wijaya"]);
    expect(second.isDone).toBe(true);
    const names = async (search: string) =>
      (await staff.query(api.contacts.list, { workspaceId, search, paginationOpts: page(10) })).page.map((l) => l.name);
    expect(await names("andi")).toEqual(["Andi Wijaya"]);
    expect(await names("0857 1234")).toEqual(["Andi Wijaya"]);
    expect(await names("   ")).toHaveLength(3);
  });

  it("rename sets name_edited_at, updates search in the leads list and the inbox", async () => {
    const { t, workspaceId } = await setup();
    const { contactId, conversationId } = await seedLead(t, workspaceId, {
      name: "628139250849",
      phone: "628139250849",
    });
    await asUser(t, "user_staff").mutation(api.contacts.rename, { workspaceId, contactId, name: "  Budi Santoso " });
    const lead = await t.run((ctx) => ctx.db.get("contacts", contactId));
    expect(lead?.name).toBe("Budi Santoso");
    expect(lead?.name_edited_at).toEqual(expect.any(Number));
    const inbox = await asUser(t, "user_staff").query(api.conversations.list, {
      workspaceId,
      filter: "all",
      search: "santoso",
      paginationOpts: page(5),
    });
    expect(inbox.page.map((r) => r._id)).toEqual([conversationId]);
    expect(inbox.page[0].lead).toMatchObject({ _id: contactId, name: "Budi Santoso", phone: "628139250849" });
  });

  it("rename reaches all of the lead's conversations: a few in the same transaction, the rest scheduled", async () => {
    vi.useFakeTimers();
    const { t, workspaceId } = await setup();
    const { contactId } = await seedLead(t, workspaceId, {
      name: "Unknown",
      phone: "628139250849",
      lastActiveAt: 10_000,
    });
    const extra = LEAD_CONVERSATIONS_INLINE + 7;
    await t.run(async (ctx) => {
      for (let i = 0; i < extra; i++) {
        await ctx.db.insert("conversations", {
          workspace_id: workspaceId,
          contact_id: contactId,
          kapso_conversation_id: `old-${i}`,
          status: "ended",
          last_active_at: i,
          ...conversationLeadFields({ name: "Unknown", phone: "628139250849" }),
        });
      }
    });
    await asUser(t, "user_staff").mutation(api.contacts.rename, { workspaceId, contactId, name: "Budi Santoso" });
    const renamed = async () =>
      (await t.run((ctx) => ctx.db.query("conversations").collect())).filter(
        (c) => c.contact_name === "Budi Santoso" && c.search_text === "Budi Santoso 628139250849",
      ).length;
    expect(await renamed()).toBe(LEAD_CONVERSATIONS_INLINE);
    await t.finishAllScheduledFunctions(vi.runAllTimers);
    expect(await renamed()).toBe(extra + 1);
  });

  it("rejects bad names and notes naming the field, writing nothing", async () => {
    const { t, workspaceId } = await setup();
    const { contactId } = await seedLead(t, workspaceId, { name: "Budi" });
    const staff = asUser(t, "user_staff");
    await expect(staff.mutation(api.contacts.rename, { workspaceId, contactId, name: "   " })).rejects.toThrow(
      /name: Name is required/,
    );
    await expect(
      staff.mutation(api.contacts.rename, { workspaceId, contactId, name: "x".repeat(101) }),
    ).rejects.toThrow(/name: Name is at most 100/);
    await expect(
      staff.mutation(api.contacts.setNote, { workspaceId, contactId, note: "x".repeat(5001) }),
    ).rejects.toThrow(/note: /);
    await expect(staff.mutation(api.contacts.addNote, { workspaceId, contactId, content: " " })).rejects.toThrow(
      /content: /,
    );
    const lead = await t.run((ctx) => ctx.db.get("contacts", contactId));
    expect([lead?.name, lead?.name_edited_at, lead?.note]).toEqual(["Budi", undefined, undefined]);
    expect(await t.run((ctx) => ctx.db.query("leadNotes").collect())).toHaveLength(0);
  });

  type Lead = { workspaceId: Id<"workspaces">; contactId: Id<"contacts"> };
  type Staff = ReturnType<typeof asUser>;
  it.each([
    [
      "a blank name",
      (c: Staff, lead: Lead) => c.mutation(api.contacts.rename, { ...lead, name: "   " }),
      { path: "name", key: "validation.leads.nameRequired", values: { minimum: 1 } },
    ],
    [
      "a long name",
      (c: Staff, lead: Lead) => c.mutation(api.contacts.rename, { ...lead, name: "x".repeat(101) }),
      { path: "name", key: "validation.leads.nameTooLong", values: { maximum: 100 } },
    ],
    [
      "a long description",
      (c: Staff, lead: Lead) => c.mutation(api.contacts.setNote, { ...lead, note: "x".repeat(5001) }),
      { path: "note", key: "validation.leads.noteTooLong", values: { maximum: 5000 } },
    ],
    [
      "a blank note",
      (c: Staff, lead: Lead) => c.mutation(api.contacts.addNote, { ...lead, content: " " }),
      { path: "content", key: "validation.leads.noteRequired", values: { minimum: 1 } },
    ],
  ])("%s is refused naming the field and its catalogue key, for the reader's language", async (_, call, issue) => {
    const { t, workspaceId } = await setup();
    const { contactId } = await seedLead(t, workspaceId, { name: "Budi" });
    const error = await call(asUser(t, "user_staff"), { workspaceId, contactId }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConvexError);
    const { code, issues } = (error as ConvexError<UserErrorData>).data;
    expect({ code, issues }).toEqual({ code: "INVALID", issues: [issue] });
  });

  it("says a foreign lead is not found by its catalogue key", async () => {
    const { t, workspaceId, other } = await setup();
    const { contactId } = await seedLead(t, workspaceId, { name: "Budi" });
    const error = await asUser(t, "user_outsider")
      .query(api.contacts.get, { workspaceId: other, contactId })
      .catch((e: unknown) => e);
    expect((error as ConvexError<UserErrorData>).data).toMatchObject({
      code: "NOT_FOUND",
      key: "errors.leads.notFound",
      message: "Lead not found in this workspace.",
    });
  });

  it("lead page: conversations bounded, notes (summaries and manual) newest first, note set and cleared", async () => {
    const { t, workspaceId } = await setup();
    const { contactId } = await seedLead(t, workspaceId, { name: "Budi", phone: "628139250849" });
    await t.run(async (ctx) => {
      for (let i = 0; i < LEAD_PAGE_CONVERSATIONS + 3; i++) {
        await ctx.db.insert("conversations", {
          workspace_id: workspaceId,
          contact_id: contactId,
          kapso_conversation_id: `extra-${i}`,
          status: "ended",
          last_active_at: 100 + i,
        });
      }
      await ctx.db.insert("leadNotes", {
        workspace_id: workspaceId,
        contact_id: contactId,
        note_type: "daily_summary",
        content: "Asked about premium package price.",
        metadata: { message_count: 3, date: "2026-11-25" },
        date: "2026-11-25",
        created_at: 1_000,
      });
    });
    const staff = t.withIdentity({ subject: "user_staff", issuer: "https://clerk.test", name: "Sari Staff" });
    await staff.mutation(api.contacts.addNote, { workspaceId, contactId, content: "Called back, wants 2 units" });
    await staff.mutation(api.contacts.setNote, { workspaceId, contactId, note: "VIP customer" });

    const leadPage = await staff.query(api.contacts.get, { workspaceId, contactId });
    expect(leadPage.lead).toMatchObject({ name: "Budi", note: "VIP customer" });
    expect(leadPage.phone_display).toBe("+62 813 9250 849");
    expect(leadPage.conversations).toHaveLength(LEAD_PAGE_CONVERSATIONS);
    expect(leadPage.hasMoreConversations).toBe(true);

    const notes = await staff.query(api.contacts.notes, { workspaceId, contactId, paginationOpts: page(10) });
    expect(notes.page.map((n) => [n.note_type, n.author, n.author_name])).toEqual([
      ["manual", "user_staff", "Sari Staff"],
      ["daily_summary", undefined, undefined],
    ]);

    await staff.mutation(api.contacts.setNote, { workspaceId, contactId, note: "  " });
    expect((await staff.query(api.contacts.get, { workspaceId, contactId })).lead.note).toBeUndefined();
  });
});

describe("contacts.rename with the real webhook ingestion", () => {
  it("keeps the edited name when Kapso later sends the WhatsApp profile name", async () => {
    vi.stubEnv("KAPSO_WEBHOOK_SECRET", TEST_SECRET);
    const t = newTest();
    const workspaceId = await createWorkspace(t);
    await addMember(t, workspaceId, "user_staff", "staff");
    await deliverFixture(t, "receivedText");
    const [lead] = await t.run((ctx) => ctx.db.query("contacts").collect());
    await asUser(t, "user_staff").mutation(api.contacts.rename, {
      workspaceId,
      contactId: lead._id,
      name: "Pak Budi (grosir)",
    });
    const next = inboundText({
      wamid: "wamid.LATER",
      text: "Jadi pesan ya",
      contactName: "Budi Santoso WA",
      timestamp: 1764122600,
    });
    expect((await deliver(t, { body: JSON.stringify(next), event: "whatsapp.message.received" })).status).toBe(200);
    const after = await t.run((ctx) => ctx.db.get("contacts", lead._id));
    expect(after?.name).toBe("Pak Budi (grosir)");
    expect(after?.lastActivityAt).toBeGreaterThan(lead.lastActivityAt);
    vi.unstubAllEnvs();
  });
});
