import type { MutationCtx } from "../_generated/server";
import type { Id } from "../_generated/dataModel";
import { emptyCounts, hourStart, type DeliveryCounter } from "../../src/domain/deliveryHealth";

/**
 * Shards per hour. Every delivery writes one counter document, and two writes to
 * the same document in concurrent mutations conflict (one is retried, and under a
 * burst they queue). Kapso sends concurrently, but a number's deliveries arrive at a
 * few a second at peak and most mutations already conflict on their conversation:
 * 4 shards make two concurrent deliveries collide on the counter 1 time in 4,
 * and keep the 7-day read at 168 × 4 = 672 documents. 8 would halve the
 * collisions for twice the read.
 */
export const DELIVERY_COUNTER_SHARDS = 4;

/** FNV-1a over the key: the same key (a retry) always lands on the same shard. */
export function shardOf(idempotencyKey: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < idempotencyKey.length; i++) {
    hash ^= idempotencyKey.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % DELIVERY_COUNTER_SHARDS;
}

/**
 * Counts one delivery in its hour's shard, in the caller's transaction (the
 * webhook's mutation): `counters` are incremented; a delivery from Kapso (its
 * signature verified, and not the app's own test delivery) moves last_received_at.
 */
export async function countDelivery(
  ctx: Pick<MutationCtx, "db">,
  delivery: {
    workspaceId: Id<"workspaces"> | undefined;
    phoneNumberId: string | undefined;
    idempotencyKey: string;
    counters: DeliveryCounter[];
    now: number;
    fromKapso: boolean;
  },
) {
  const hour = hourStart(delivery.now);
  const shard = shardOf(delivery.idempotencyKey);
  const row = await ctx.db
    .query("deliveryCounters")
    .withIndex("by_workspace_id_hour", (q) =>
      q
        .eq("workspace_id", delivery.workspaceId)
        .eq("hour", hour)
        .eq("phone_number_id", delivery.phoneNumberId)
        .eq("shard", shard),
    )
    .first(); // the index names one document; unique() would read a second to make sure
  const counts = row ? { ...row } : { ...emptyCounts() };
  for (const counter of delivery.counters) {
    counts[counter] += 1;
  }
  const increments = Object.fromEntries(delivery.counters.map((c) => [c, counts[c]]));
  const received = delivery.fromKapso ? { last_received_at: Math.max(row?.last_received_at ?? 0, delivery.now) } : {};
  if (row) {
    await ctx.db.patch("deliveryCounters", row._id, { ...increments, ...received });
    return;
  }
  await ctx.db.insert("deliveryCounters", {
    ...emptyCounts(),
    ...increments,
    ...received,
    hour,
    shard,
    ...(delivery.workspaceId ? { workspace_id: delivery.workspaceId } : {}),
    ...(delivery.phoneNumberId ? { phone_number_id: delivery.phoneNumberId } : {}),
  });
}
