import { v } from "convex/values";
import type { Doc } from "./_generated/dataModel";
import { internalMutation, type QueryCtx } from "./_generated/server";
import { internal } from "./_generated/api";
import { workspaceQuery } from "./functions";
import { userError } from "./errors";
import { messageRef } from "../src/i18n/messageRef";
import { deliveryCounterFields } from "./schema";
import { DELIVERY_COUNTER_SHARDS } from "./model/deliveryCounters";
import { BASELINE_HOURS, DELIVERY_COUNTERS, HOUR_MS, mergeHours, type HourCounts } from "../src/domain/deliveryHealth";

// Delivery health from the hourly counters (convex/model/deliveryCounters.ts),
// never from the ledger: the reads are bounded by hours × shards whatever the
// volume. The alarms are computed by the client (src/domain/deliveryHealth.ts)
// with its own clock.
//
// Two queries, so the inbox's banner is not re-run by every delivery:
// - completedHours reads only hours before the `currentHour` the client passes
//   (it changes once an hour), which no new delivery writes to. It reads the 7
//   days the quiet alarm learns from: at most 168 × 4 shards = 672 documents per
//   number, re-run once an hour. A daily rollup would read 7 + 48 × 4 documents but
//   costs a second counter write per delivery (or a cron), for a query that
//   already runs only hourly.
// - currentHour reads the live hour (4 documents per number); only the deliveries
//   page and Settings use it.

const hourCounts = v.object({
  hour: v.number(),
  ...deliveryCounterFields,
  lastReceivedAt: v.optional(v.number()),
});

/** Two numbers' counters fit: a workspace whose number changed this week keeps both. */
const NUMBERS_READ = 2;

function toHourCounts(row: Doc<"deliveryCounters">): HourCounts {
  const counts = Object.fromEntries(DELIVERY_COUNTERS.map((c) => [c, row[c]])) as Record<
    (typeof DELIVERY_COUNTERS)[number],
    number
  >;
  return {
    hour: row.hour,
    ...counts,
    ...(row.last_received_at === undefined ? {} : { lastReceivedAt: row.last_received_at }),
  };
}

function checkHour(currentHour: number) {
  if (!Number.isSafeInteger(currentHour) || currentHour % HOUR_MS !== 0) {
    throw userError("INVALID", messageRef("errors.deliveries.badHour"));
  }
}

async function hoursBetween(ctx: QueryCtx, workspace: Doc<"workspaces">, from: number, to: number, max: number) {
  const rows = await ctx.db
    .query("deliveryCounters")
    .withIndex("by_workspace_id_hour", (q) => q.eq("workspace_id", workspace._id).gte("hour", from).lt("hour", to))
    .order("desc")
    .take(max);
  return mergeHours(rows.map(toHourCounts));
}

/** The 7 days of completed hours before `currentHour`, and the last delivery before them when none came since. */
export const completedHours = workspaceQuery({
  permission: "workspace.read",
  args: { currentHour: v.number() },
  returns: v.object({ hours: v.array(hourCounts), earlierReceivedAt: v.optional(v.number()) }),
  handler: async (ctx, { currentHour }) => {
    checkHour(currentHour);
    const from = currentHour - BASELINE_HOURS * HOUR_MS;
    const hours = await hoursBetween(
      ctx,
      ctx.workspace,
      from,
      currentHour,
      BASELINE_HOURS * DELIVERY_COUNTER_SHARDS * NUMBERS_READ,
    );
    if (hours.some((h) => h.lastReceivedAt !== undefined)) {
      return { hours };
    }
    // Bounded below the window, so the current hour's writes never touch this read.
    const earlier = await ctx.db
      .query("deliveryCounters")
      .withIndex("by_workspace_id_last_received_at", (q) =>
        q.eq("workspace_id", ctx.workspace._id).gt("last_received_at", 0).lt("last_received_at", from),
      )
      .order("desc")
      .first();
    return earlier?.last_received_at === undefined ? { hours } : { hours, earlierReceivedAt: earlier.last_received_at };
  },
});

/** The current hour's counts, live: every delivery re-runs it (4 documents per number). */
export const currentHour = workspaceQuery({
  permission: "workspace.read",
  args: { currentHour: v.number() },
  returns: v.union(hourCounts, v.null()),
  handler: async (ctx, { currentHour }) => {
    checkHour(currentHour);
    const hours = await hoursBetween(
      ctx,
      ctx.workspace,
      currentHour,
      currentHour + HOUR_MS,
      DELIVERY_COUNTER_SHARDS * NUMBERS_READ,
    );
    return hours[0] ?? null;
  },
});

/** Counters are kept this long: the 7-day baseline with room to spare, and a month to look back on. */
export const COUNTER_RETENTION_DAYS = 35;
const PRUNE_BATCH = 500;

/** Deletes counters older than the retention in bounded batches (daily cron); reschedules itself while more remain. */
export const pruneCounters = internalMutation({
  args: {},
  returns: v.object({ deleted: v.number(), more: v.boolean() }),
  handler: async (ctx) => {
    const before = Date.now() - COUNTER_RETENTION_DAYS * 24 * HOUR_MS;
    const old = await ctx.db
      .query("deliveryCounters")
      .withIndex("by_hour", (q) => q.lt("hour", before))
      .take(PRUNE_BATCH);
    for (const row of old) {
      await ctx.db.delete("deliveryCounters", row._id);
    }
    const more = old.length === PRUNE_BATCH;
    if (more) {
      await ctx.scheduler.runAfter(0, internal.deliveryHealth.pruneCounters, {});
    }
    return { deleted: old.length, more };
  },
});
