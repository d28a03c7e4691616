import { v, type Infer, type ObjectType } from "convex/values";
import { internalAction, internalMutation, internalQuery, type MutationCtx, type QueryCtx } from "./_generated/server";
import { internal } from "./_generated/api";
import type { Doc, Id } from "./_generated/dataModel";
import { webhookEventStatus } from "./schema";
import { applyIdentityChanges, ingestItems, type IngestCounts } from "./model/ingestion";
import { verifyDelivery, type VerifiedWith } from "./model/webhookSecret";
import { countDelivery } from "./model/deliveryCounters";
import {
  decodeJson,
  findPhoneNumberId,
  isBatchDelivery,
  LEGACY_V1_ERROR,
  parseKapsoDelivery,
  TEST_DELIVERY_EVENT,
} from "../src/domain/kapsoWebhook";
import type { DeliveryCounter } from "../src/domain/deliveryHealth";

// The delivery ledger (webhookEvents) and its replay. Everything one Kapso
// delivery changes happens in ONE mutation: signature check, idempotency, the
// ledger row and the lead, conversation and message writes commit together or
// not at all, so a retry after any failure starts clean.

/**
 * Raw bodies above this size are kept in file storage rather than in the
 * webhookEvents row: a 1 MiB body plus the other fields would not fit Convex's
 * 1 MiB document limit.
 */
export const RAW_BODY_INLINE_LIMIT = 256 * 1024;

const deliveryArgs = {
  /** The request body exactly as received. */
  body: v.bytes(),
  signature: v.optional(v.string()),
  idempotencyKey: v.optional(v.string()),
  event: v.optional(v.string()),
  payloadVersion: v.optional(v.string()),
  batchHeader: v.optional(v.string()),
  /** The same bytes in file storage, stored by the HTTP action when above RAW_BODY_INLINE_LIMIT. */
  rawBodyStorageId: v.optional(v.id("_storage")),
};

type DeliveryArgs = ObjectType<typeof deliveryArgs>;

const countsValidator = v.object({ created: v.number(), updated: v.number(), unchanged: v.number() });

/** What the HTTP action answers. */
const deliveryAnswer = v.object({
  httpStatus: v.number(),
  status: v.union(webhookEventStatus, v.literal("unauthorized")),
  error: v.optional(v.string()),
  event: v.optional(v.string()),
  items: v.optional(v.number()),
  messages: v.optional(countsValidator),
});

export type DeliveryAnswer = Infer<typeof deliveryAnswer>;

/** The webhook's answer when processing threw: Kapso retries on 500. */
export const FAILED_ANSWER: DeliveryAnswer = {
  httpStatus: 500,
  status: "failed",
  error: "processing failed; the delivery is kept and Kapso's retry will process it",
};

/** The answer as the ledger row records it: the HTTP status and the JSON body the HTTP action sends. */
function answerFields(answer: DeliveryAnswer) {
  const { httpStatus, ...body } = answer;
  return { http_status: httpStatus, answer: JSON.stringify(body) };
}

/** The wamids a delivery names, as the ledger row keeps them (searchable, and linked from the page). */
function wamidsField(wamids: readonly string[]) {
  return wamids.length > 0 ? { wamids: wamids.join(" ") } : {};
}

/** Deletes a ledger row with its raw body in file storage. */
export async function deleteDelivery(ctx: MutationCtx, event: Doc<"webhookEvents">) {
  await dropFile(ctx, event.raw_body_storage_id);
  await ctx.db.delete("webhookEvents", event._id);
}

async function sha256Hex(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", bytes);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

/** The workspace that has a WhatsApp number, if any. */
export async function workspaceByPhoneNumberId(ctx: Pick<QueryCtx, "db">, phoneNumberId: string) {
  return await ctx.db
    .query("workspaces")
    .withIndex("by_kapso_phone_number_id", (q) => q.eq("kapso_phone_number_id", phoneNumberId))
    .first();
}

/** The ledger row of a key; keys are scoped to the WhatsApp number the delivery names. */
async function ledgerRow(ctx: Pick<QueryCtx, "db">, phoneNumberId: string | undefined, idempotencyKey: string) {
  return await ctx.db
    .query("webhookEvents")
    .withIndex("by_phone_number_id_idempotency_key", (q) =>
      q.eq("phone_number_id", phoneNumberId).eq("idempotency_key", idempotencyKey),
    )
    .first();
}

/** A signed delivery, before it is parsed: what every ledger row and replay needs. */
type Received = {
  bytes: Uint8Array<ArrayBuffer>;
  text: string;
  decoded: ReturnType<typeof decodeJson>;
  phoneNumberId: string | undefined;
  workspace: Doc<"workspaces"> | null;
  idempotencyKey: string;
};

async function receive(ctx: MutationCtx, args: DeliveryArgs): Promise<Received> {
  const bytes = new Uint8Array(args.body);
  const decoded = decodeJson(bytes);
  const phoneNumberId = decoded.ok ? findPhoneNumberId(decoded.value) : undefined;
  const workspace = phoneNumberId ? await workspaceByPhoneNumberId(ctx, phoneNumberId) : null;
  // Kapso always sends a key; without one, identical bodies are the same delivery.
  const idempotencyKey = args.idempotencyKey?.trim() || `sha256:${await sha256Hex(bytes)}`;
  return { bytes, text: decoded.text, decoded, phoneNumberId, workspace, idempotencyKey };
}

/** The fields every ledger row of a verified delivery has. */
function ledgerFields(received: Received, args: DeliveryArgs, verifiedWith: VerifiedWith, event: string, now: number) {
  return {
    idempotency_key: received.idempotencyKey,
    event,
    received_at: now,
    verified_with: verifiedWith,
    ...(received.phoneNumberId ? { phone_number_id: received.phoneNumberId } : {}),
    ...(received.workspace ? { workspace_id: received.workspace._id } : {}),
    ...(received.decoded.ok && isBatchDelivery(received.decoded.value, args.batchHeader ?? null)
      ? { batch: true }
      : {}),
  };
}

/** Counts a delivery in its workspace's (or its number's) counter for the hour. */
function countReceived(
  ctx: MutationCtx,
  received: Received,
  now: number,
  counters: DeliveryCounter[],
  fromKapso = true,
) {
  return countDelivery(ctx, {
    workspaceId: received.workspace?._id,
    phoneNumberId: received.phoneNumberId,
    idempotencyKey: received.idempotencyKey,
    counters,
    now,
    fromKapso,
  });
}

/** The event header as a row names it when the payload does not say. */
function headerEvent(args: DeliveryArgs) {
  return args.event?.trim() || "(missing)";
}

/** The raw body and signature, kept so the delivery can be replayed (and re-verified) later. */
function keptBody(received: Received, args: DeliveryArgs) {
  return {
    ...(args.rawBodyStorageId ? { raw_body_storage_id: args.rawBodyStorageId } : { raw_body: received.text }),
    ...(args.signature ? { signature: args.signature } : {}),
  };
}

type Outcome =
  | {
      kind: "items";
      event: string;
      count: number;
      /** The wamids the delivery names. */
      wamids: string[];
      apply: (ws: Doc<"workspaces">) => Promise<IngestCounts>;
    }
  | { kind: "ignored"; event: string }
  | { kind: "invalid"; httpStatus: 400 | 422; error: string; cause?: DeliveryCounter };

const NUMBER_MISMATCH = "phone_number_id: does not match the number the delivery was verified for";

function outcomeOf(
  ctx: MutationCtx,
  received: Received,
  headers: { event?: string; payloadVersion?: string; batchHeader?: string },
  now: number,
): Outcome {
  if (!received.decoded.ok) {
    return { kind: "invalid", httpStatus: 400, error: "body: not valid UTF-8 JSON" };
  }
  const parsed = parseKapsoDelivery({
    event: headers.event ?? null,
    payloadVersion: headers.payloadVersion ?? null,
    batchHeader: headers.batchHeader ?? null,
    body: received.decoded.value,
    now,
  });
  if (parsed.kind === "invalid") {
    return parsed.error === LEGACY_V1_ERROR ? { ...parsed, cause: "invalid_v1" } : parsed;
  }
  if (parsed.kind === "ignored") {
    return parsed;
  }
  if (parsed.phoneNumberId !== received.phoneNumberId) {
    // The secret was chosen for another number than the payload names.
    return { kind: "invalid", httpStatus: 422, error: NUMBER_MISMATCH, cause: "invalid_number" };
  }
  const base = { kind: "items" as const, event: parsed.event };
  return parsed.kind === "identity"
    ? {
        ...base,
        count: parsed.changes.length,
        wamids: [],
        apply: (ws) => applyIdentityChanges(ctx, ws, parsed.changes, now),
      }
    : {
        ...base,
        count: parsed.items.length,
        wamids: [...new Set(parsed.items.flatMap((item) => (item.message ? [item.message.wamid] : [])))],
        apply: (ws) => ingestItems(ctx, ws, parsed.items, now),
      };
}

async function dropFile(ctx: MutationCtx, id: Id<"_storage"> | undefined) {
  if (id) {
    await ctx.storage.delete(id);
  }
}

/**
 * POST /webhook/kapso's one mutation: finds the workspace the body names,
 * verifies the signature with the secret that applies to it, and records and
 * applies the delivery. A repeated key writes nothing, whatever the body; a
 * `failed` row does not count and is replaced.
 */
export const processDelivery = internalMutation({
  args: deliveryArgs,
  returns: deliveryAnswer,
  handler: async (ctx, args): Promise<DeliveryAnswer> => {
    const received = await receive(ctx, args);
    const now = Date.now();
    const verification = await verifyDelivery(received.workspace, received.bytes, args.signature);
    if (!verification.ok) {
      await dropFile(ctx, args.rawBodyStorageId);
      // No ledger row, no body, no headers: one counter, and only for a number a
      // workspace has, so unsigned requests cannot create documents at will.
      if (received.workspace) {
        await countReceived(ctx, received, now, ["refused"], false);
      }
      return { httpStatus: 401, status: "unauthorized", error: verification.error };
    }
    const previous = await ledgerRow(ctx, received.phoneNumberId, received.idempotencyKey);
    if (previous && previous.status !== "failed") {
      await dropFile(ctx, args.rawBodyStorageId);
      await countReceived(ctx, received, now, ["duplicate"]);
      return { httpStatus: 200, status: "duplicate" };
    }
    if (previous) {
      await deleteDelivery(ctx, previous);
    }

    const outcome = outcomeOf(ctx, received, args, now);
    const event = outcome.kind === "invalid" ? headerEvent(args) : outcome.event;
    const ledger = ledgerFields(received, args, verification.source, event, now);
    if (outcome.kind === "invalid") {
      const answer: DeliveryAnswer = { httpStatus: outcome.httpStatus, status: "invalid", error: outcome.error };
      await ctx.db.insert("webhookEvents", {
        ...ledger,
        ...keptBody(received, args),
        ...answerFields(answer),
        status: "invalid",
        error: outcome.error,
      });
      await countReceived(ctx, received, now, outcome.cause ? ["invalid", outcome.cause] : ["invalid"]);
      return answer;
    }
    if (outcome.kind === "ignored") {
      const answer: DeliveryAnswer = { httpStatus: 200, status: "ignored", event: outcome.event };
      await dropFile(ctx, args.rawBodyStorageId);
      await ctx.db.insert("webhookEvents", { ...ledger, ...answerFields(answer), status: "ignored" });
      await countReceived(ctx, received, now, ["ignored"], outcome.event !== TEST_DELIVERY_EVENT);
      return answer;
    }
    if (!received.workspace) {
      // Kept for replay once a workspace has this number.
      const answer: DeliveryAnswer = { httpStatus: 200, status: "unmatched", items: outcome.count };
      await ctx.db.insert("webhookEvents", {
        ...ledger,
        ...keptBody(received, args),
        ...answerFields(answer),
        ...wamidsField(outcome.wamids),
        status: "unmatched",
        item_count: outcome.count,
      });
      await countReceived(ctx, received, now, ["unmatched"]);
      return answer;
    }
    await dropFile(ctx, args.rawBodyStorageId);
    const counts = await outcome.apply(received.workspace);
    const answer: DeliveryAnswer = { httpStatus: 200, status: "processed", items: outcome.count, messages: counts };
    await ctx.db.insert("webhookEvents", {
      ...ledger,
      ...answerFields(answer),
      ...wamidsField(outcome.wamids),
      status: "processed",
      item_count: outcome.count,
    });
    await countReceived(ctx, received, now, ["processed"]);
    return answer;
  },
});

/**
 * Called by the HTTP action when processDelivery threw: records the delivery as
 * `failed` with its body, signature and error so nothing is lost while Kapso
 * retries. Writes nothing for a body that does not verify.
 */
export const recordFailure = internalMutation({
  args: { ...deliveryArgs, error: v.string() },
  returns: v.boolean(),
  handler: async (ctx, { error, ...args }) => {
    const received = await receive(ctx, args);
    const verification = await verifyDelivery(received.workspace, received.bytes, args.signature);
    if (!verification.ok) {
      await dropFile(ctx, args.rawBodyStorageId);
      return false;
    }
    const previous = await ledgerRow(ctx, received.phoneNumberId, received.idempotencyKey);
    if (previous && previous.status !== "failed") {
      return false;
    } // processed meanwhile
    const now = Date.now();
    const row = {
      ...ledgerFields(received, args, verification.source, headerEvent(args), now),
      status: "failed" as const,
      error: error.slice(0, 2_000),
      ...answerFields(FAILED_ANSWER),
      ...keptBody(received, args),
    };
    if (previous) {
      await dropFile(ctx, previous.raw_body_storage_id);
      await ctx.db.replace("webhookEvents", previous._id, row);
    } else {
      await ctx.db.insert("webhookEvents", row);
    }
    await countReceived(ctx, received, now, ["failed"]);
    return true;
  },
});

// ---------------------------------------------------------------------------
// Replay of deliveries waiting for their workspace (unmatched) or a retry (failed)

const REPLAY_PAGE = 10;
const REPLAY_PAGES_PER_RUN = 10;
const WAITING_STATUSES = ["unmatched", "failed"] as const;
type WaitingStatus = (typeof WAITING_STATUSES)[number];
/** What a replay may pick up: the waiting statuses, and invalid ones once the cause is fixed (asked for by hand). */
const REPLAYABLE_STATUSES = ["unmatched", "invalid", "failed"] as const;

export function isReplayable(status: Doc<"webhookEvents">["status"]): boolean {
  return (REPLAYABLE_STATUSES as readonly string[]).includes(status);
}

const waitingDelivery = v.object({
  _id: v.id("webhookEvents"),
  _creationTime: v.number(),
  raw_body_storage_id: v.optional(v.id("_storage")),
});

/** The oldest waiting deliveries of one status addressed to the workspace's number, after a cursor. */
export const waitingDeliveries = internalQuery({
  args: {
    workspaceId: v.id("workspaces"),
    status: v.union(v.literal("unmatched"), v.literal("failed")),
    after: v.number(),
  },
  returns: v.array(waitingDelivery),
  handler: async (ctx, { workspaceId, status, after }) => {
    const workspace = await ctx.db.get("workspaces", workspaceId);
    if (!workspace) {
      throw new Error(`workspaceId: no workspace ${workspaceId}`);
    }
    const rows = await ctx.db
      .query("webhookEvents")
      .withIndex("by_status_phone_number_id", (q) =>
        q.eq("status", status).eq("phone_number_id", workspace.kapso_phone_number_id).gt("_creationTime", after),
      )
      .take(REPLAY_PAGE);
    return rows.map((r) => ({
      _id: r._id,
      _creationTime: r._creationTime,
      raw_body_storage_id: r.raw_body_storage_id,
    }));
  },
});

/**
 * Processes one waiting delivery for its (now existing) workspace, exactly like
 * a live one, after verifying its stored signature again with the secret that
 * applies to the workspace now. One that does not verify stays as it is, with the reason.
 */
export const replayDelivery = internalMutation({
  args: {
    eventId: v.id("webhookEvents"),
    workspaceId: v.id("workspaces"),
    /** The body from file storage, for rows that keep it there. */
    storedBody: v.optional(v.bytes()),
  },
  returns: v.union(v.null(), v.object({ status: webhookEventStatus, error: v.optional(v.string()) })),
  handler: async (ctx, { eventId, workspaceId, storedBody }) => {
    const event = await ctx.db.get("webhookEvents", eventId);
    const workspace = await ctx.db.get("workspaces", workspaceId);
    if (!event || !workspace || !isReplayable(event.status)) {
      return null;
    } // replayed already
    if (event.phone_number_id !== workspace.kapso_phone_number_id) {
      throw new Error(`eventId: delivery ${eventId} is not addressed to workspace ${workspaceId}`);
    }
    const bytes =
      storedBody !== undefined
        ? new Uint8Array(storedBody)
        : event.raw_body !== undefined
          ? new TextEncoder().encode(event.raw_body)
          : undefined;
    if (!bytes) {
      await ctx.db.patch("webhookEvents", eventId, { error: "raw body: missing, cannot replay" });
      return { status: event.status, error: "raw body: missing, cannot replay" };
    }
    const verification = await verifyDelivery(workspace, bytes, event.signature);
    if (!verification.ok) {
      const error = `not replayed: ${verification.error}`;
      await ctx.db.patch("webhookEvents", eventId, { error });
      return { status: event.status, error };
    }
    const now = Date.now();
    const received: Received = {
      bytes,
      text: event.raw_body ?? "",
      decoded: decodeJson(bytes),
      phoneNumberId: event.phone_number_id,
      workspace,
      idempotencyKey: event.idempotency_key,
    };
    const outcome = outcomeOf(
      ctx,
      received,
      { event: event.event, batchHeader: event.batch ? "true" : undefined },
      now,
    );
    const replayed = {
      workspace_id: workspaceId,
      replayed_at: now,
      verified_with: verification.source satisfies VerifiedWith,
    };
    if (outcome.kind !== "items") {
      const error = outcome.kind === "invalid" ? outcome.error : "event is not handled";
      await ctx.db.patch("webhookEvents", eventId, { ...replayed, status: outcome.kind, error });
      return { status: outcome.kind, error };
    }
    await outcome.apply(workspace);
    await dropFile(ctx, event.raw_body_storage_id);
    await ctx.db.patch("webhookEvents", eventId, {
      ...replayed,
      status: "processed",
      error: undefined,
      item_count: outcome.count,
      ...wamidsField(outcome.wamids),
      raw_body: undefined,
      raw_body_storage_id: undefined,
      signature: undefined,
    });
    return { status: "processed" as const };
  },
});

const cursors = v.object({ unmatched: v.number(), failed: v.number() });

/**
 * Replays the deliveries that arrived for this workspace's number before the
 * workspace existed, and those that failed. Bounded per run; schedules itself
 * while more remain. Rows that do not verify are passed over, not retried forever.
 */
export const replayWaiting = internalAction({
  args: { workspaceId: v.id("workspaces"), after: v.optional(cursors) },
  returns: v.object({ replayed: v.number(), more: v.boolean() }),
  handler: async (ctx, { workspaceId, after }) => {
    const position = { unmatched: -1, failed: -1, ...after };
    let replayed = 0;
    let pages = 0;
    for (const status of WAITING_STATUSES) {
      while (pages < REPLAY_PAGES_PER_RUN) {
        pages += 1;
        const rows = await ctx.runQuery(internal.webhookDeliveries.waitingDeliveries, {
          workspaceId,
          status,
          after: position[status],
        });
        for (const row of rows) {
          position[status] = row._creationTime;
          const blob = row.raw_body_storage_id ? await ctx.storage.get(row.raw_body_storage_id) : null;
          const result = await ctx.runMutation(internal.webhookDeliveries.replayDelivery, {
            eventId: row._id,
            workspaceId,
            ...(blob ? { storedBody: await blob.arrayBuffer() } : {}),
          });
          if (result?.status === "processed") {
            replayed += 1;
          }
        }
        if (rows.length < REPLAY_PAGE) {
          break;
        }
      }
      if (pages >= REPLAY_PAGES_PER_RUN) {
        await ctx.scheduler.runAfter(0, internal.webhookDeliveries.replayWaiting, { workspaceId, after: position });
        return { replayed, more: true };
      }
    }
    return { replayed, more: false };
  },
});

/**
 * Called when a workspace gets its phone_number_id (created, or the number
 * changed): schedules the replay if deliveries for that number wait. At most
 * two indexed reads, so the common case schedules nothing.
 */
export async function scheduleReplayIfUnmatched(
  ctx: Pick<MutationCtx, "db" | "scheduler">,
  workspaceId: Id<"workspaces">,
  phoneNumberId: string,
) {
  for (const status of WAITING_STATUSES satisfies readonly WaitingStatus[]) {
    const waiting = await ctx.db
      .query("webhookEvents")
      .withIndex("by_status_phone_number_id", (q) => q.eq("status", status).eq("phone_number_id", phoneNumberId))
      .first();
    if (waiting) {
      await ctx.scheduler.runAfter(0, internal.webhookDeliveries.replayWaiting, { workspaceId });
      return;
    }
  }
}
