import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { api } from "./_generated/api";
import type { Id } from "./_generated/dataModel";
import { asUser, createWorkspace, newTest, type TestConvex } from "./test.harness";
import { addMember, seedLead } from "../tests/convex/inboxSeed";
import { TEST_SECRET, deliver } from "../tests/convex/kapsoDeliveries";
import { documented, type DocumentedName } from "../tests/fixtures/kapso/documented";

// The thread query's extras: the message a reply quotes, and contact cards' known leads.

beforeEach(() => {
  vi.stubEnv("KAPSO_WEBHOOK_SECRET", TEST_SECRET);
});
afterEach(() => {
  vi.unstubAllEnvs();
});

async function setup() {
  const t = newTest();
  const workspaceId = await createWorkspace(t);
  await addMember(t, workspaceId, "user_staff", "staff");
  return { t, workspaceId };
}

async function deliverFixtures(t: TestConvex, ...names: DocumentedName[]) {
  for (const name of names) {
    const fixture = documented[name];
    expect((await deliver(t, { body: JSON.stringify(fixture.body), event: fixture.event })).status).toBe(200);
  }
}

async function thread(t: TestConvex, workspaceId: Id<"workspaces">) {
  const conversation = await t.run((ctx) =>
    ctx.db
      .query("conversations")
      .withIndex("by_workspace_kapso_conversation_id", (q) =>
        q.eq("workspace_id", workspaceId).eq("kapso_conversation_id", "conv_123"),
      )
      .unique(),
  );
  const result = await asUser(t, "user_staff").query(api.messages.list, {
    workspaceId,
    conversationId: conversation!._id,
    paginationOpts: { numItems: 20, cursor: null },
  });
  return new Map(result.page.map((m) => [m.kapso_message_id, m]));
}

describe("messages.list: thread extras", () => {
  it("resolves the message a reply quotes, within the conversation", async () => {
    const { t, workspaceId } = await setup();
    await deliverFixtures(t, "templateSent", "button");
    const messages = await thread(t, workspaceId);
    expect(messages.get("wamid.BUTTON")?.quoted).toEqual({
      wamid: "wamid.TEMPLATE1",
      direction: "outbound",
      type: "template",
      text: 'Template "order_confirmation": INV-0042, Rp 150.000',
    });
    expect(messages.get("wamid.TEMPLATE1")?.quoted).toBeUndefined();
  });

  it("leaves the quote out when the quoted message is unknown", async () => {
    const { t, workspaceId } = await setup();
    await deliverFixtures(t, "button");
    expect((await thread(t, workspaceId)).get("wamid.BUTTON")?.quoted).toBeUndefined();
  });

  it("names the contact card numbers that are leads of the workspace", async () => {
    const { t, workspaceId } = await setup();
    await deliverFixtures(t, "contacts");
    expect((await thread(t, workspaceId)).get("wamid.CONTACTS")?.card_leads).toEqual([]);
    const barbara = await seedLead(t, workspaceId, { name: "Barbara", phone: "14155550829" });
    expect((await thread(t, workspaceId)).get("wamid.CONTACTS")?.card_leads).toEqual([
      { phone: "+1 415-555-0829", contact_id: barbara.contactId },
    ]);
  });
});
