// `npm run bench`: the inbox, a long conversation and the leads list in a workspace with
// 10,000 conversations and 200,000 messages. Prints documents read per call (Convex's
// own transaction metrics, as convex-test 0.0.70 tracks them) with transaction limits on.
import { describe, expect, it } from "vitest";
import type { GenericQueryCtx } from "convex/server";
import { api, internal } from "../convex/_generated/api";
import type { DataModel, Id } from "../convex/_generated/dataModel";
import { asUser, createWorkspace, newTest } from "../convex/test.harness";
import { FIRST_MESSAGES_FOR_REFERRAL, LEAD_PANEL_SUMMARIES, list as listConversations } from "../convex/conversations";
import { list as listMessages } from "../convex/messages";
import { list as listLeads } from "../convex/contacts";
import { insertLead } from "../tests/convex/inboxSeed";

const CONVERSATIONS = 10_000;
const MESSAGES = 200_000;
const LONG_CONVERSATION_MESSAGES = 20_000;
const CHUNK = 2_000;
const PAGE = 25;

type Handler = (ctx: GenericQueryCtx<DataModel>, args: unknown) => Promise<unknown>;
type Metrics = { documentsRead: { used: number }; bytesRead: { used: number }; databaseQueries: { used: number } };

describe("inbox at scale", () => {
  it("reads one page (plus a constant) whatever the workspace size", async () => {
    const t = newTest();
    const workspaceId = await createWorkspace(t);
    await t.mutation(internal.workspaces.addMember, { workspaceId, userId: "user_staff", role: "staff" });

    const seedStart = performance.now();
    const conversationIds: Id<"conversations">[] = [];
    const contactIds: Id<"contacts">[] = [];
    for (let start = 0; start < CONVERSATIONS; start += CHUNK / 2) {
      const ids = await t.run(async (ctx) => {
        const out: [Id<"contacts">, Id<"conversations">][] = [];
        for (let i = start; i < Math.min(start + CHUNK / 2, CONVERSATIONS); i++) {
          const name = `Lead ${i}`;
          const phone = `62812${String(i).padStart(7, "0")}`;
          const at = 1_700_000_000_000 + i * 60_000;
          const { contactId, conversationId } = await insertLead(ctx, workspaceId, {
            name,
            phone,
            lastActiveAt: at,
            lastInboundAt: at,
            kapsoConversationId: `conv-${i}`,
            status: i % 3 === 0 ? "ended" : "active",
            preview: `Message in ${i}`,
            waiting: i % 2 === 1,
            unread: i % 2,
          });
          out.push([contactId, conversationId]);
        }
        return out;
      });
      for (const [c, v] of ids) {
        contactIds.push(c);
        conversationIds.push(v);
      }
    }
    // The long conversation gets LONG_CONVERSATION_MESSAGES; the rest are spread over the others.
    const perOther = Math.floor((MESSAGES - LONG_CONVERSATION_MESSAGES) / (CONVERSATIONS - 1));
    const plan: number[] = [];
    for (let m = 0; m < LONG_CONVERSATION_MESSAGES; m++) {
      plan.push(0);
    }
    for (let c = 1; c < CONVERSATIONS; c++) {
      for (let m = 0; m < perOther; m++) {
        plan.push(c);
      }
    }
    for (let c = 1; plan.length < MESSAGES; c++) {
      plan.push(c);
    }
    for (let start = 0; start < plan.length; start += CHUNK) {
      await t.run(async (ctx) => {
        for (let k = start; k < Math.min(start + CHUNK, plan.length); k++) {
          const c = plan[k];
          await ctx.db.insert("messages", {
            workspace_id: workspaceId,
            conversation_id: conversationIds[c],
            contact_id: contactIds[c],
            kapso_message_id: `wamid.${k}`,
            direction: k % 2 ? "inbound" : "outbound",
            type: "text",
            content: `Message ${k} of a reasonably ordinary length for a WhatsApp chat`,
            status: k % 2 ? "received" : "read",
            timestamp: 1_600_000_000_000 + k * 1000,
          });
        }
      });
    }
    const seedMs = performance.now() - seedStart;
    console.log(`seeded ${CONVERSATIONS} conversations, ${plan.length} messages in ${(seedMs / 1000).toFixed(1)} s`);

    const staff = asUser(t, "user_staff");
    // Runs the registered query's handler inside one transaction and reads Convex's metrics for it.
    async function measure(label: string, fn: unknown, args: Record<string, unknown>) {
      const started = performance.now();
      const { result, metrics } = await staff.run(async (ctx) => {
        const result = (await (fn as { _handler: Handler })._handler(
          ctx as unknown as GenericQueryCtx<DataModel>,
          args,
        )) as {
          page?: unknown[];
        };
        const metrics = await (
          ctx as unknown as { meta: { getTransactionMetrics(): Promise<Metrics> } }
        ).meta.getTransactionMetrics();
        return { result, metrics };
      });
      const ms = performance.now() - started;
      console.log(
        `${label}: ${result.page?.length ?? 1} rows, ${metrics.documentsRead.used} documents read, ` +
          `${metrics.databaseQueries.used} index ranges, ${(metrics.bytesRead.used / 1024).toFixed(1)} KiB, ${ms.toFixed(0)} ms`,
      );
      return { rows: result.page?.length ?? 1, read: metrics.documentsRead.used };
    }

    const paginationOpts = { numItems: PAGE, cursor: null };
    const inbox = await measure("inbox, first page (all)", listConversations, {
      workspaceId,
      filter: "all",
      paginationOpts,
    });
    const waiting = await measure("inbox, first page (waiting)", listConversations, {
      workspaceId,
      filter: "waiting",
      paginationOpts,
    });
    const search = await measure("inbox, search 'Lead 9999'", listConversations, {
      workspaceId,
      filter: "all",
      search: "Lead 9999",
      paginationOpts,
    });
    const long = await measure(
      `open conversation with ${LONG_CONVERSATION_MESSAGES} messages (newest page, header and lead)`,
      listMessages,
      { workspaceId, conversationId: conversationIds[0], paginationOpts: { numItems: 30, cursor: null } },
    );
    const leads = await measure("leads, first page", listLeads, { workspaceId, paginationOpts });

    // Bounds: a page of rows plus a small constant (access checks: workspace + membership).
    // Inbox rows carry their lead's name and phone, so no contact is read per row.
    const INBOX_BOUND = PAGE + 5;
    console.log(
      `inbox first page: ${inbox.read} documents for ${inbox.rows} rows (bound ${INBOX_BOUND}); ` +
        `waiting ${waiting.read}, search ${search.read}`,
    );
    expect(inbox.read).toBeLessThanOrEqual(INBOX_BOUND);
    expect(waiting.read).toBeLessThanOrEqual(INBOX_BOUND);
    expect(search.read).toBeLessThanOrEqual(INBOX_BOUND);
    // Access (2), conversation, the page, lead, plus the lead panel's bounded reads: the first messages
    // (ad referral) and the newest daily summaries.
    expect(long.read).toBeLessThanOrEqual(30 + 4 + FIRST_MESSAGES_FOR_REFERRAL + LEAD_PANEL_SUMMARIES);
    expect(leads.read).toBeLessThanOrEqual(PAGE + 3);

    // The public functions themselves run within Convex's transaction limits at this size.
    const page = await staff.query(api.conversations.list, { workspaceId, filter: "active", paginationOpts });
    expect(page.page).toHaveLength(PAGE);
  });
});
