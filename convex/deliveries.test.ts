/// <reference types="vite/client" />
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { convexTest } from "convex-test";
import { api, internal } from "./_generated/api";
import type { Doc, Id } from "./_generated/dataModel";
import schema from "./schema";
import { modules } from "./test.setup";
import {
  addTeam,
  asLocalOperator,
  asUser,
  createOutsiderWorkspace,
  createWorkspace,
  FIXTURE_PHONE_NUMBER_ID,
  newTest,
  type TestConvex,
} from "./test.harness";
import { deliver, deliverFixture, inboundText, TEST_SECRET, type Payload } from "../tests/convex/kapsoDeliveries";
import { meter, meteredModule } from "../bench/costMeter";

const UNKNOWN_NUMBER = "555000111";
const page = { numItems: 25, cursor: null };

function send(t: TestConvex, payload: Payload, extra: { key?: string; secret?: string } = {}) {
  return deliver(t, { body: JSON.stringify(payload), event: "whatsapp.message.received", ...extra });
}

async function ledger(t: TestConvex): Promise<Doc<"webhookEvents">[]> {
  return await t.run((ctx) => ctx.db.query("webhookEvents").collect());
}

async function rowByKey(t: TestConvex, key: string) {
  const row = (await ledger(t)).find((r) => r.idempotency_key === key);
  expect(row, key).toBeDefined();
  return row!;
}

/** Puts a number on a workspace without the automatic replay a settings change schedules. */
async function setNumber(t: TestConvex, workspaceId: Id<"workspaces">, number: string) {
  await t.run((ctx) => ctx.db.patch("workspaces", workspaceId, { kapso_phone_number_id: number }));
}

let t: TestConvex;
let workspaceId: Id<"workspaces">;
let other: Id<"workspaces">;

beforeEach(async () => {
  vi.stubEnv("KAPSO_WEBHOOK_SECRET", TEST_SECRET);
  t = newTest();
  workspaceId = await createWorkspace(t);
  await addTeam(t, workspaceId);
  other = await createOutsiderWorkspace(t);
});

afterEach(() => {
  vi.unstubAllEnvs();
  vi.useRealTimers();
});

describe("the list", () => {
  test("shows the workspace's deliveries newest first, with the answer the webhook gave", async () => {
    await deliverFixture(t, "receivedText", { key: "k-first" });
    await deliverFixture(t, "conversationEnded", { key: "k-second" });
    await send(t, inboundText({ wamid: "wamid.B1", phoneNumberId: "111111111" }), { key: "k-other" });
    const { page: rows, isDone } = await asUser(t, "user_staff").query(api.deliveries.list, {
      workspaceId,
      paginationOpts: page,
    });
    expect(isDone).toBe(true);
    expect(rows.map((r) => r.idempotency_key)).toEqual(["k-second", "k-first"]);
    expect(rows[1]).toMatchObject({
      status: "processed",
      http_status: 200,
      verified_with: "deployment",
      item_count: 1,
    });
  });

  test.each([
    { filter: { status: "invalid" as const }, keys: ["k-v1"] },
    { filter: { status: "ignored" as const }, keys: ["k-ignored"] },
    { filter: { event: "whatsapp.message.received" }, keys: ["k-v1", "k-text"] },
    { filter: { status: "processed" as const, event: "whatsapp.message.received" }, keys: ["k-text"] },
    { filter: { status: "processed" as const, event: "whatsapp.conversation.ended" }, keys: [] },
    { filter: { search: "k-text" }, keys: ["k-text"] },
    { filter: { search: "wamid.SEARCHME" }, keys: ["k-text"] },
    { filter: { search: "wamid.SEARCHME", status: "invalid" as const }, keys: [] },
    { filter: { search: "nothing-like-it" }, keys: [] },
  ])("filters by $filter", async ({ filter, keys }) => {
    await send(t, inboundText({ wamid: "wamid.SEARCHME" }), { key: "k-text" });
    const v1 = inboundText({ wamid: "wamid.V1" });
    v1.whatsapp_config = { id: "x" };
    await send(t, v1, { key: "k-v1" });
    await deliver(t, {
      body: JSON.stringify({ phone_number_id: FIXTURE_PHONE_NUMBER_ID }),
      event: "whatsapp.template.approved",
      key: "k-ignored",
    });
    const { page: rows } = await asUser(t, "user_op").query(api.deliveries.list, {
      workspaceId,
      ...filter,
      paginationOpts: page,
    });
    expect(rows.map((r) => r.idempotency_key)).toEqual(keys);
  });

  test("finds an unmatched delivery by the wamid it names, for deployment admins", async () => {
    await send(t, inboundText({ wamid: "wamid.WAITING", phoneNumberId: UNKNOWN_NUMBER }), { key: "k-wait" });
    const { page: rows } = await asLocalOperator(t).query(api.deliveries.list, {
      workspaceId,
      scope: "unassigned",
      search: "wamid.WAITING",
      paginationOpts: page,
    });
    expect(rows.map((r) => [r.idempotency_key, r.status])).toEqual([["k-wait", "unmatched"]]);
  });
});

describe("access", () => {
  beforeEach(async () => {
    await send(t, inboundText({ wamid: "wamid.A" }), { key: "k-a" });
    await send(t, inboundText({ wamid: "wamid.B", phoneNumberId: "111111111" }), { key: "k-b" });
    await send(t, inboundText({ wamid: "wamid.U", phoneNumberId: UNKNOWN_NUMBER }), { key: "k-unassigned" });
  });

  async function keys(client: ReturnType<typeof asUser>, ws: Id<"workspaces">, scope?: "workspace" | "unassigned") {
    const { page: rows } = await client.query(api.deliveries.list, { workspaceId: ws, scope, paginationOpts: page });
    return rows.map((r) => r.idempotency_key);
  }

  test("a member sees their workspace's deliveries only, never another's or unassigned ones", async () => {
    for (const user of ["user_admin", "user_op", "user_staff"]) {
      expect(await keys(asUser(t, user), workspaceId)).toEqual(["k-a"]);
      await expect(keys(asUser(t, user), workspaceId, "unassigned")).rejects.toThrow(/deployment admins/);
      await expect(keys(asUser(t, user), other)).rejects.toThrow(/not a member/);
    }
    const outsider = asUser(t, "user_outsider");
    expect(await keys(outsider, other)).toEqual(["k-b"]);
    await expect(keys(outsider, other, "unassigned")).rejects.toThrow(/deployment admins/);
    const a = await rowByKey(t, "k-a");
    const unassigned = await rowByKey(t, "k-unassigned");
    expect(await outsider.query(api.deliveries.get, { workspaceId: other, eventId: a._id })).toBeNull();
    expect(await outsider.query(api.deliveries.get, { workspaceId: other, eventId: unassigned._id })).toBeNull();
    await expect(
      asUser(t, "user_outsider").mutation(api.deliveries.dismiss, { workspaceId: other, eventId: unassigned._id }),
    ).rejects.toThrow(/gone/);
    await expect(t.query(api.deliveries.list, { workspaceId, paginationOpts: page })).rejects.toThrow(/Sign in/);
  });

  test("deployment admins (DEPLOYMENT_ADMINS, the local operator) see the deliveries no workspace has", async () => {
    vi.stubEnv("DEPLOYMENT_ADMINS", " user_root , user_other ");
    await t.mutation(internal.workspaces.addMember, { workspaceId, userId: "user_root", role: "staff" });
    expect(await keys(asUser(t, "user_root"), workspaceId, "unassigned")).toEqual(["k-unassigned"]);
    expect(await keys(asLocalOperator(t), workspaceId, "unassigned")).toEqual(["k-unassigned"]);
    expect(await asUser(t, "user_root").query(api.deliveries.abilities, { workspaceId })).toEqual({
      deploymentAdmin: true,
      manage: false,
    });
    expect(await asUser(t, "user_admin").query(api.deliveries.abilities, { workspaceId })).toEqual({
      deploymentAdmin: false,
      manage: true,
    });
    // An anonymous caller is nobody, whatever the variable says.
    vi.stubEnv("DEPLOYMENT_ADMINS", "");
    await expect(keys(asUser(t, "user_root"), workspaceId, "unassigned")).rejects.toThrow(/deployment admins/);
  });

  test("staff and operators read; only admins replay and dismiss", async () => {
    const a = await rowByKey(t, "k-a");
    for (const user of ["user_op", "user_staff"]) {
      const client = asUser(t, user);
      expect(await client.query(api.deliveries.get, { workspaceId, eventId: a._id })).toMatchObject({
        status: "processed",
      });
      await expect(client.mutation(api.deliveries.replay, { workspaceId, status: "failed" })).rejects.toThrow(
        /delivery\.manage/,
      );
      await expect(client.query(api.deliveries.previewReplay, { workspaceId, status: "failed" })).rejects.toThrow(
        /delivery\.manage/,
      );
      await expect(client.mutation(api.deliveries.dismiss, { workspaceId, eventId: a._id })).rejects.toThrow(
        /delivery\.manage/,
      );
    }
  });
});

describe("the detail", () => {
  test("links a processed delivery to the lead, conversation and message it wrote", async () => {
    await send(t, inboundText({ wamid: "wamid.LINKED", contactName: "Budi" }), { key: "k-linked" });
    const row = await rowByKey(t, "k-linked");
    const detail = await asUser(t, "user_staff").query(api.deliveries.get, { workspaceId, eventId: row._id });
    const message = (await t.run((ctx) => ctx.db.query("messages").collect()))[0];
    expect(detail?.messages).toEqual([
      {
        wamid: "wamid.LINKED",
        message_id: message._id,
        conversation_id: message.conversation_id,
        contact_id: message.contact_id,
      },
    ]);
    expect(detail?.leads).toEqual([{ _id: message.contact_id, name: "Budi" }]);
    expect(JSON.parse(detail!.answer!)).toMatchObject({ status: "processed", items: 1 });
  });

  test("keeps an invalid delivery's body and names a workspace that now has an unmatched one's number", async () => {
    await deliver(t, { body: "{not json", key: "k-broken" });
    await send(t, inboundText({ wamid: "wamid.LATER", phoneNumberId: UNKNOWN_NUMBER }), { key: "k-later" });
    const operator = asLocalOperator(t);
    const broken = await rowByKey(t, "k-broken");
    expect(broken.workspace_id).toBeUndefined();
    const detail = await operator.query(api.deliveries.get, { workspaceId, eventId: broken._id });
    expect(detail).toMatchObject({ status: "invalid", raw_body: "{not json", http_status: 400, has_signature: true });
    const later = await rowByKey(t, "k-later");
    expect(
      (await operator.query(api.deliveries.get, { workspaceId, eventId: later._id }))?.matching_workspace,
    ).toBeUndefined();
    await setNumber(t, other, UNKNOWN_NUMBER);
    expect((await operator.query(api.deliveries.get, { workspaceId, eventId: later._id }))?.matching_workspace).toBe(
      "Other",
    );
  });
});

describe("replay from the page", () => {
  async function waitFor(replayId: Id<"deliveryReplays">) {
    await t.finishAllScheduledFunctions(vi.runAllTimers);
    return await t.run((ctx) => ctx.db.get("deliveryReplays", replayId));
  }

  test("previews, replays once with the stored signature re-verified, and reports per row", async () => {
    vi.useFakeTimers();
    const operator = asLocalOperator(t);
    await send(t, inboundText({ wamid: "wamid.R1", phoneNumberId: UNKNOWN_NUMBER }), { key: "k-r1" });
    await send(t, inboundText({ wamid: "wamid.R2", phoneNumberId: UNKNOWN_NUMBER }), { key: "k-r2" });
    await send(t, inboundText({ wamid: "wamid.TAMPERED", phoneNumberId: UNKNOWN_NUMBER }), { key: "k-tampered" });
    await send(t, inboundText({ wamid: "wamid.STILL", phoneNumberId: "777" }), { key: "k-still" });
    const tampered = await rowByKey(t, "k-tampered");
    await t.run((ctx) => ctx.db.patch("webhookEvents", tampered._id, { signature: "0".repeat(64) }));
    await setNumber(t, other, UNKNOWN_NUMBER);

    const selection = { workspaceId, scope: "unassigned" as const, status: "unmatched" as const };
    expect(await operator.query(api.deliveries.previewReplay, selection)).toEqual({
      total: 4,
      more: false,
      groups: [
        { phone_number_id: UNKNOWN_NUMBER, verdict: "replay", workspace_name: "Other", count: 3 },
        { phone_number_id: "777", verdict: "no_workspace", count: 1 },
      ],
    });
    const replayId = await operator.mutation(api.deliveries.replay, selection);
    expect(await waitFor(replayId)).toMatchObject({ state: "done", attempted: 4, replayed: 2, not_replayed: 2 });
    expect((await rowByKey(t, "k-r1")).status).toBe("processed");
    expect((await rowByKey(t, "k-r1")).workspace_id).toBe(other);
    expect(await rowByKey(t, "k-tampered")).toMatchObject({
      status: "unmatched",
      error: expect.stringMatching(/^not replayed: X-Webhook-Signature/),
    });
    expect((await rowByKey(t, "k-still")).status).toBe("unmatched");
    expect(await operator.query(api.deliveries.latestReplay, { workspaceId })).toMatchObject({
      state: "done",
      replayed: 2,
    });

    // Never twice: the same rows picked again are not replayable any more.
    const r1 = await rowByKey(t, "k-r1");
    const again = await operator.mutation(api.deliveries.replay, {
      workspaceId,
      scope: "unassigned",
      eventIds: [r1._id],
    });
    expect(await waitFor(again)).toMatchObject({ attempted: 1, replayed: 0 });
    expect(
      await t.mutation(internal.webhookDeliveries.replayDelivery, { eventId: r1._id, workspaceId: other }),
    ).toBeNull();
    const messages = await t.run((ctx) => ctx.db.query("messages").collect());
    expect(messages.map((m) => m.kapso_message_id).sort()).toEqual(["wamid.R1", "wamid.R2"]);
    // The replayed delivery is found by its wamid in its new workspace.
    const { page: found } = await asUser(t, "user_outsider").query(api.deliveries.list, {
      workspaceId: other,
      search: "wamid.R1",
      paginationOpts: page,
    });
    expect(found.map((r) => r.idempotency_key)).toEqual(["k-r1"]);
  });

  test("from a workspace's own page, replays only into that workspace", async () => {
    vi.useFakeTimers();
    // A failed delivery of this workspace, then its number moves to another workspace.
    await send(t, inboundText({ wamid: "wamid.F" }), { key: "k-failed" });
    const row = await rowByKey(t, "k-failed");
    await t.run((ctx) =>
      ctx.db.patch("webhookEvents", row._id, {
        status: "failed",
        raw_body: JSON.stringify(inboundText({ wamid: "wamid.F2" })),
      }),
    );
    const admin = asUser(t, "user_admin");
    await setNumber(t, workspaceId, "888");
    await setNumber(t, other, FIXTURE_PHONE_NUMBER_ID);
    expect((await admin.query(api.deliveries.previewReplay, { workspaceId, status: "failed" })).groups).toEqual([
      { phone_number_id: FIXTURE_PHONE_NUMBER_ID, verdict: "other_workspace", count: 1 },
    ]);
    const replayId = await admin.mutation(api.deliveries.replay, { workspaceId, status: "failed" });
    expect(await waitFor(replayId)).toMatchObject({ replayed: 0, not_replayed: 1 });
    expect((await rowByKey(t, "k-failed")).status).toBe("failed");
  });

  test("refuses an empty or oversized selection and a second run while one is under way", async () => {
    vi.useFakeTimers();
    const admin = asUser(t, "user_admin");
    await expect(admin.mutation(api.deliveries.replay, { workspaceId })).rejects.toThrow(/status: choose/);
    await expect(admin.mutation(api.deliveries.replay, { workspaceId, eventIds: [] })).rejects.toThrow(/eventIds/);
    await admin.mutation(api.deliveries.replay, { workspaceId, status: "failed" });
    await expect(admin.mutation(api.deliveries.replay, { workspaceId, status: "failed" })).rejects.toThrow(/under way/);
    // A run whose action died does not block replays for good.
    vi.setSystemTime(Date.now() + 16 * 60 * 1000);
    await expect(admin.mutation(api.deliveries.replay, { workspaceId, status: "failed" })).resolves.toBeTruthy();
  });
});

describe("dismiss", () => {
  test("deletes a waiting delivery and keeps who dismissed what", async () => {
    await deliver(t, { body: "{broken", key: "k-dismiss" });
    await send(t, inboundText({ wamid: "wamid.OK" }), { key: "k-ok" });
    const operator = asLocalOperator(t);
    const ok = await rowByKey(t, "k-ok");
    await expect(operator.mutation(api.deliveries.dismiss, { workspaceId, eventId: ok._id })).rejects.toThrow(
      /this one is processed/,
    );
    const row = await rowByKey(t, "k-dismiss");
    await operator.mutation(api.deliveries.dismiss, { workspaceId, eventId: row._id });
    expect((await ledger(t)).map((r) => r.idempotency_key)).toEqual(["k-ok"]);
    const audit = await t.run((ctx) => ctx.db.query("deliveryAudit").collect());
    expect(audit).toEqual([
      expect.objectContaining({
        action: "dismissed",
        event_id: row._id,
        idempotency_key: "k-dismiss",
        status: "invalid",
        by: "local-operator",
        by_name: "Local operator",
      }),
    ]);
  });
});

describe("retention", () => {
  const DAY = 24 * 60 * 60 * 1000;

  async function seedAged(count: number, status: Doc<"webhookEvents">["status"], ageDays: number) {
    await t.run(async (ctx) => {
      for (let i = 0; i < count; i++) {
        const body = status === "processed" ? {} : { raw_body_storage_id: await ctx.storage.store(new Blob(["{}"])) };
        await ctx.db.insert("webhookEvents", {
          idempotency_key: `${status}-${ageDays}-${i}`,
          event: "whatsapp.message.received",
          status,
          workspace_id: workspaceId,
          received_at: Date.now() - ageDays * DAY,
          ...body,
        });
      }
    });
  }

  test("deletes old processed, duplicate and ignored rows in batches, with their files; keeps waiting ones", async () => {
    vi.useFakeTimers();
    await seedAged(130, "processed", 31);
    await seedAged(10, "ignored", 45);
    await seedAged(5, "processed", 29);
    await seedAged(3, "unmatched", 90);
    await seedAged(2, "failed", 90);
    expect(await t.mutation(internal.deliveries.sweepRetention, {})).toEqual({ deleted: 100, more: true });
    await t.finishAllScheduledFunctions(vi.runAllTimers);
    const left = await ledger(t);
    expect(left.map((r) => r.status).sort()).toEqual([
      ...Array(2).fill("failed"),
      ...Array(5).fill("processed"),
      ...Array(3).fill("unmatched"),
    ]);
    const files = await t.run((ctx) => ctx.db.system.query("_storage").collect());
    expect(files).toHaveLength(5);
  });

  test.each([
    ["10", 10, 0],
    ["60", 60, 1],
  ])("DELIVERY_RETENTION_DAYS=%s keeps %i days", async (value, _days, deleted) => {
    vi.stubEnv("DELIVERY_RETENTION_DAYS", value);
    await seedAged(1, "processed", 45);
    expect((await t.mutation(internal.deliveries.sweepRetention, {})).deleted).toBe(1 - deleted);
  });

  test("a misread DELIVERY_RETENTION_DAYS deletes nothing and says why", async () => {
    vi.stubEnv("DELIVERY_RETENTION_DAYS", "thirty");
    await seedAged(1, "processed", 45);
    await expect(t.mutation(internal.deliveries.sweepRetention, {})).rejects.toThrow(
      /DELIVERY_RETENTION_DAYS: "thirty"/,
    );
    expect(await ledger(t)).toHaveLength(1);
  });
});

describe("reads stay bounded at 100,000 ledger rows", () => {
  test("every page query reads about a page of documents", { timeout: 120_000 }, async () => {
    const metered = convexTest({
      schema,
      modules: {
        ...modules,
        "./deliveries.ts": async () => meteredModule((await modules["./deliveries.ts"]()) as Record<string, unknown>),
      },
      transactionLimits: true,
    });
    const ws = await createWorkspace(metered);
    await metered.mutation(internal.workspaces.addMember, { workspaceId: ws, userId: "user_admin", role: "admin" });
    const statuses = ["processed", "processed", "processed", "ignored", "invalid", "unmatched"] as const;
    const events = ["whatsapp.message.received", "whatsapp.message.delivered", "whatsapp.message.read"];
    const TOTAL = 100_000;
    const BATCH = 5_000;
    for (let first = 0; first < TOTAL; first += BATCH) {
      await metered.run(async (ctx) => {
        for (let i = first; i < first + BATCH; i++) {
          const status = statuses[i % statuses.length];
          await ctx.db.insert("webhookEvents", {
            idempotency_key: `bulk-${i}`,
            event: events[i % events.length],
            status,
            received_at: 1_700_000_000_000 + i,
            ...(status === "unmatched" || i % 7 === 0 ? { phone_number_id: "42" } : { workspace_id: ws }),
          });
        }
      });
    }
    const admin = asLocalOperator(metered);
    async function readsOf(run: () => Promise<unknown>) {
      meter.reset();
      await run();
      return meter.read().documentsRead;
    }
    const list = (args: object) =>
      readsOf(() =>
        admin.query(api.deliveries.list, {
          workspaceId: ws,
          paginationOpts: { numItems: 1000, cursor: null },
          ...args,
        }),
      );
    const reads = {
      all: await list({}),
      status: await list({ status: "invalid" }),
      event: await list({ event: "whatsapp.message.read" }),
      both: await list({ status: "processed", event: "whatsapp.message.read" }),
      unassigned: await list({ scope: "unassigned" }),
      search: await list({ search: "bulk-99999" }),
      preview: await readsOf(() =>
        admin.query(api.deliveries.previewReplay, { workspaceId: ws, scope: "unassigned", status: "unmatched" }),
      ),
    };
    for (const [name, count] of Object.entries(reads)) {
      expect(count, name).toBeLessThanOrEqual(name === "preview" ? 210 : 110);
      expect(count, name).toBeGreaterThan(0);
    }
  });
});
