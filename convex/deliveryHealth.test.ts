import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { asUser, addTeam, createWorkspace, FIXTURE_PHONE_NUMBER_ID, newTest, type TestConvex } from "./test.harness";
import { api, internal } from "./_generated/api";
import { COUNTER_RETENTION_DAYS } from "./deliveryHealth";
import type { Id } from "./_generated/dataModel";
import {
  TEST_SECRET,
  deliver,
  deliverFixture,
  fixtureJson,
  fixtures,
  inboundText,
} from "../tests/convex/kapsoDeliveries";
import { signWebhookBody } from "../src/domain/webhookSignature";
import { DELIVERY_COUNTER_SHARDS, shardOf } from "./model/deliveryCounters";
import { translate } from "./model/i18n";
import {
  BASELINE_HOURS,
  deliveryHealth,
  emptyCounts,
  HOUR_MS,
  type DeliveryCounts,
} from "../src/domain/deliveryHealth";

const HOUR = Date.UTC(2026, 11, 2, 9);

let t: TestConvex;
let workspaceId: Id<"workspaces">;

beforeEach(async () => {
  vi.stubEnv("KAPSO_WEBHOOK_SECRET", TEST_SECRET);
  vi.useFakeTimers({ toFake: ["Date"] });
  // convex-test's clock never goes back, so the clock is set before anything is written and tests only move it
  // forward from here (whatever the real date).
  vi.setSystemTime(HOUR + 10 * 60 * 1000);
  t = newTest();
  workspaceId = await createWorkspace(t);
  await addTeam(t, workspaceId);
});

afterEach(() => {
  vi.unstubAllEnvs();
  vi.useRealTimers();
});

const viewer = () => asUser(t, "user_staff");

async function liveHour(currentHour = HOUR) {
  return await viewer().query(api.deliveryHealth.currentHour, { workspaceId, currentHour });
}

async function counterRows() {
  return await t.run(async (ctx) => await ctx.db.query("deliveryCounters").collect());
}

function counts(partial: Partial<DeliveryCounts>): DeliveryCounts {
  return { ...emptyCounts(), ...partial };
}

function withoutHour<T extends { hour: number; lastReceivedAt?: number }>(row: T | null) {
  if (!row) {
    return null;
  }
  const { hour: _hour, lastReceivedAt: _last, ...rest } = row;
  return rest;
}

describe("counters written by the webhook's mutation", () => {
  test("each answer is counted under its status, summed over the shards on read", async () => {
    for (let i = 0; i < 12; i++) {
      await deliver(t, { body: JSON.stringify(inboundText({ wamid: `wamid.C${i}` })) });
    }
    await deliverFixture(t, "receivedText", { key: "same" });
    await deliverFixture(t, "receivedText", { key: "same" }); // duplicate
    await deliver(t, {
      body: JSON.stringify({ hello: "there", phone_number_id: FIXTURE_PHONE_NUMBER_ID }),
      event: "whatsapp.phone_number.created",
    }); // ignored
    const other = inboundText({ wamid: "wamid.U1", phoneNumberId: "999000111" });
    await deliver(t, { body: JSON.stringify(other) }); // unmatched
    const v1 = fixtureJson("receivedText");
    v1.whatsapp_config = { phone_number_id: FIXTURE_PHONE_NUMBER_ID };
    await deliver(t, { body: JSON.stringify(v1) }); // invalid: payload v1
    await deliverFixture(t, "receivedText", { secret: "changed-in-kapso" }); // refused
    await deliverFixture(t, "receivedText", { secret: "changed-in-kapso" }); // refused

    expect(withoutHour(await liveHour())).toEqual(
      counts({ processed: 13, duplicate: 1, ignored: 1, invalid: 1, invalid_v1: 1, refused: 2 }),
    );
    const rows = await counterRows();
    const ours = rows.filter((r) => r.workspace_id === workspaceId);
    expect(ours.length).toBeGreaterThan(1);
    expect(ours.length).toBeLessThanOrEqual(DELIVERY_COUNTER_SHARDS);
    // The unmatched delivery has no workspace: it is counted under its number only.
    expect(rows.filter((r) => r.workspace_id === undefined)).toMatchObject([
      { phone_number_id: "999000111", unmatched: 1, hour: HOUR },
    ]);
  });

  test("processDelivery itself writes the counter: nothing is scheduled, no other function runs", async () => {
    const body = fixtures.receivedText.body;
    const answer = await t.mutation(internal.webhookDeliveries.processDelivery, {
      body: new TextEncoder().encode(body).buffer as ArrayBuffer,
      signature: await signWebhookBody(TEST_SECRET, body),
      idempotencyKey: "k-direct",
      event: fixtures.receivedText.event,
    });
    expect(answer.status).toBe("processed");
    expect(await counterRows()).toMatchObject([
      { workspace_id: workspaceId, shard: shardOf("k-direct"), hour: HOUR, processed: 1 },
    ]);
    expect(await t.run(async (ctx) => ctx.db.system.query("_scheduled_functions").collect())).toEqual([]);
  });

  test("a delivery that throws is counted as failed, and its retry as processed", async () => {
    const body = fixtures.receivedText.body;
    const bytes = new TextEncoder().encode(body);
    const recorded = await t.mutation(internal.webhookDeliveries.recordFailure, {
      body: bytes.buffer as ArrayBuffer,
      signature: await signWebhookBody(TEST_SECRET, body),
      idempotencyKey: "k-retry",
      event: fixtures.receivedText.event,
      error: "boom",
    });
    expect(recorded).toBe(true);
    await deliverFixture(t, "receivedText", { key: "k-retry" });
    expect(withoutHour(await liveHour())).toEqual(counts({ failed: 1, processed: 1 }));
  });

  test("a retry lands on the same shard; different keys spread over the shards", () => {
    expect(shardOf("abc")).toBe(shardOf("abc"));
    const shards = new Set(Array.from({ length: 64 }, (_, i) => shardOf(`key-${i}`)));
    expect(shards.size).toBe(DELIVERY_COUNTER_SHARDS);
  });

  test("last_received_at moves with verified deliveries only", async () => {
    await deliverFixture(t, "receivedText");
    const first = (await liveHour())?.lastReceivedAt;
    expect(first).toBeGreaterThanOrEqual(HOUR + 10 * 60 * 1000);
    vi.setSystemTime(HOUR + 20 * 60 * 1000);
    await deliverFixture(t, "receivedText", { secret: "wrong" });
    expect((await liveHour())?.lastReceivedAt).toBe(first);
  });
});

describe("refused deliveries (401) are bounded", () => {
  test("unsigned requests for a number no workspace has write nothing at all", async () => {
    for (let i = 0; i < 20; i++) {
      const payload = inboundText({ wamid: `wamid.X${i}`, phoneNumberId: `1000${i}` });
      const res = await deliver(t, { body: JSON.stringify(payload), signature: "0".repeat(64) });
      expect(res.status).toBe(401);
    }
    await deliver(t, { body: "", signature: null });
    expect(await counterRows()).toEqual([]);
    expect(await t.run(async (ctx) => (await ctx.db.query("webhookEvents").collect()).length)).toBe(0);
  });

  test("a flood against a workspace's number stays within one document per shard and hour", async () => {
    for (let i = 0; i < 40; i++) {
      await deliverFixture(t, "receivedText", { signature: "f".repeat(64) });
    }
    const rows = await counterRows();
    expect(rows.length).toBeLessThanOrEqual(DELIVERY_COUNTER_SHARDS);
    expect(rows.reduce((sum, r) => sum + r.refused, 0)).toBe(40);
    // Nothing of the requests is kept: no body, no headers, no ledger row.
    expect(Object.keys(rows[0]).sort()).toEqual(
      [
        "_creationTime",
        "_id",
        "hour",
        "phone_number_id",
        "shard",
        "workspace_id",
        ...Object.keys(emptyCounts()),
      ].sort(),
    );
    expect(await t.run(async (ctx) => (await ctx.db.query("webhookEvents").collect()).length)).toBe(0);
  });
});

describe("health queries", () => {
  test("completedHours ignores the current hour, so new deliveries do not change its answer", async () => {
    await deliverFixture(t, "receivedText");
    const next = HOUR + HOUR_MS;
    vi.setSystemTime(next + 60_000);
    const before = await viewer().query(api.deliveryHealth.completedHours, { workspaceId, currentHour: next });
    await deliverFixture(t, "receivedText", { secret: "wrong" });
    await deliverFixture(t, "receivedText");
    const after = await viewer().query(api.deliveryHealth.completedHours, { workspaceId, currentHour: next });
    expect(after).toEqual(before);
    expect(before.hours).toMatchObject([{ hour: HOUR, processed: 1 }]);
    expect(await liveHour(next)).toMatchObject({ processed: 1, refused: 1 });
  });

  test("rejects an hour that is not the start of one", async () => {
    await expect(
      viewer().query(api.deliveryHealth.completedHours, { workspaceId, currentHour: HOUR + 1 }),
    ).rejects.toThrow(/currentHour/);
  });

  test("another workspace's member cannot read them", async () => {
    await expect(
      asUser(t, "stranger").query(api.deliveryHealth.completedHours, { workspaceId, currentHour: HOUR }),
    ).rejects.toThrow(/not a member/);
  });

  test("bounded reads at any volume: 30 days of busy counters, every shard, read within the limits", async () => {
    // 100 deliveries an hour for 30 days = 72,000 deliveries, as their counters.
    const days = 30;
    await t.run(async (ctx) => {
      for (let h = 1; h <= days * 24; h++) {
        const hour = HOUR - h * HOUR_MS;
        for (let shard = 0; shard < DELIVERY_COUNTER_SHARDS; shard++) {
          await ctx.db.insert("deliveryCounters", {
            ...emptyCounts(),
            workspace_id: workspaceId,
            phone_number_id: FIXTURE_PHONE_NUMBER_ID,
            hour,
            shard,
            processed: 24,
            refused: 1,
            last_received_at: hour + 59 * 60 * 1000,
          });
        }
      }
    });
    const completed = await viewer().query(api.deliveryHealth.completedHours, { workspaceId, currentHour: HOUR });
    expect(completed.hours).toHaveLength(BASELINE_HOURS);
    expect(completed.hours[0]).toMatchObject({ hour: HOUR - BASELINE_HOURS * HOUR_MS, processed: 96, refused: 4 });
    const health = deliveryHealth({ ...completed, currentHour: HOUR, now: HOUR + 60_000 });
    expect(health.baseline.averagePerHour).toBe(96);
    expect(health.last24h.processed).toBe(96 * 24);
    expect(health.alarms).toEqual([]);
  });

  test("a busy workspace gone quiet shows the quiet alarm; deliveries with a changed secret show the refused alarm", async () => {
    await t.run(async (ctx) => {
      for (let h = 8; h <= BASELINE_HOURS; h++) {
        await ctx.db.insert("deliveryCounters", {
          ...emptyCounts(),
          workspace_id: workspaceId,
          phone_number_id: FIXTURE_PHONE_NUMBER_ID,
          hour: HOUR - h * HOUR_MS,
          shard: 0,
          processed: 30,
          last_received_at: HOUR - h * HOUR_MS + 1,
        });
      }
    });
    vi.setSystemTime(HOUR + 5 * 60 * 1000);
    for (let i = 0; i < 3; i++) {
      await deliverFixture(t, "receivedText", { secret: "rotated-in-kapso" });
    }
    const completed = await viewer().query(api.deliveryHealth.completedHours, { workspaceId, currentHour: HOUR });
    const live = await liveHour();
    const health = deliveryHealth({ ...completed, currentHour: HOUR, live: live ?? undefined, now: Date.now() });
    expect(health.alarms.map((a) => a.kind)).toEqual(["quiet", "refused"]);
    const refused = health.alarms[1];
    expect(refused.kind === "refused" && translate("en", refused.advice)).toContain(
      "arriving with a signature that does not match",
    );
  });

  test("the last delivery before the 7 days is found when none came since", async () => {
    await deliverFixture(t, "receivedText");
    const received = (await liveHour())?.lastReceivedAt;
    const later = HOUR + 10 * 24 * HOUR_MS;
    vi.setSystemTime(later);
    const completed = await viewer().query(api.deliveryHealth.completedHours, { workspaceId, currentHour: later });
    expect(completed).toEqual({ hours: [], earlierReceivedAt: received });
  });
});

describe("retention", () => {
  test("counters older than the retention are deleted in bounded batches; newer ones stay", async () => {
    const cutoff = Date.now() - COUNTER_RETENTION_DAYS * 24 * HOUR_MS;
    await t.run(async (ctx) => {
      for (let i = 0; i < 520; i++) {
        await ctx.db.insert("deliveryCounters", {
          ...emptyCounts(),
          workspace_id: workspaceId,
          hour: cutoff - (i + 1) * HOUR_MS,
          shard: 0,
          processed: 1,
        });
      }
      await ctx.db.insert("deliveryCounters", { ...emptyCounts(), workspace_id: workspaceId, hour: HOUR, shard: 1 });
    });
    vi.useFakeTimers({ now: Date.now() }); // the scheduler too: the rescheduled batch runs when told
    expect(await t.mutation(internal.deliveryHealth.pruneCounters, {})).toEqual({ deleted: 500, more: true });
    expect(await counterRows()).toHaveLength(21);
    await t.finishAllScheduledFunctions(vi.runAllTimers);
    expect((await counterRows()).map((r) => r.hour)).toEqual([HOUR]);
  });
});
