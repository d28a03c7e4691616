import { v, type Infer } from "convex/values";
import { paginationOptsValidator, paginationResultValidator } from "convex/server";
import { internal } from "./_generated/api";
import type { Doc, Id } from "./_generated/dataModel";
import { internalAction, internalMutation, internalQuery, type QueryCtx } from "./_generated/server";
import {
  boundedPage,
  isDeploymentAdmin,
  viewerDisplayName,
  workspaceMutation,
  workspaceQuery,
  type WorkspaceAccess,
} from "./functions";
import { roleHasPermission } from "./permissions";
import { userError } from "./errors";
import { messageRef } from "../src/i18n/messageRef";
import { env } from "./env";
import { deliveryScope, replayableStatus, verifiedWith, webhookEventStatus } from "./schema";
import { deleteDelivery, isReplayable, workspaceByPhoneNumberId } from "./webhookDeliveries";
import { messageByWamid } from "./model/messages";
import { MAX_BATCH_ITEMS } from "../src/domain/kapsoWebhook";
import { retentionDays } from "../src/domain/deliveryRetention";

// The deliveries page: the webhook ledger (webhookEvents) of one workspace, or,
// for deployment admins, the deliveries no workspace has; replay and dismiss of
// those still waiting; and the daily retention sweep.

type Scope = Infer<typeof deliveryScope>;
type Ledger = Doc<"webhookEvents">;

/** The workspace_id of a scope's rows: the caller's workspace, or none (deployment admins only). */
function ownerOf(access: WorkspaceAccess, scope: Scope): Id<"workspaces"> | undefined {
  if (scope === "workspace") {
    return access.workspace._id;
  }
  if (!isDeploymentAdmin(access.viewer)) {
    throw userError("FORBIDDEN", messageRef("errors.deliveries.notDeploymentAdmin"));
  }
  return undefined;
}

/** Whether the caller may see a row: their workspace's, or one of no workspace to a deployment admin. */
function canSee(access: WorkspaceAccess, row: Ledger): boolean {
  return row.workspace_id === undefined ? isDeploymentAdmin(access.viewer) : row.workspace_id === access.workspace._id;
}

const deliveryRow = v.object({
  _id: v.id("webhookEvents"),
  received_at: v.number(),
  event: v.string(),
  status: webhookEventStatus,
  idempotency_key: v.string(),
  phone_number_id: v.optional(v.string()),
  item_count: v.optional(v.number()),
  batch: v.optional(v.boolean()),
  error: v.optional(v.string()),
  http_status: v.optional(v.number()),
  replayed_at: v.optional(v.number()),
  verified_with: v.optional(verifiedWith),
});

function rowOf(doc: Ledger): Infer<typeof deliveryRow> {
  const optional = {
    phone_number_id: doc.phone_number_id,
    item_count: doc.item_count,
    batch: doc.batch,
    error: doc.error,
    http_status: doc.http_status,
    replayed_at: doc.replayed_at,
    verified_with: doc.verified_with,
  };
  return {
    _id: doc._id,
    received_at: doc.received_at,
    event: doc.event,
    status: doc.status,
    idempotency_key: doc.idempotency_key,
    ...Object.fromEntries(Object.entries(optional).filter(([, value]) => value !== undefined)),
  };
}

/** How many deliveries a search by key or wamid returns: one page, never more. */
const SEARCH_LIMIT = 20;

/**
 * Deliveries whose idempotency key is the term, then those naming it as a wamid. The search index splits a
 * wamid into words, so its best matches are kept only when they name exactly that wamid.
 */
async function searchRows(ctx: Pick<QueryCtx, "db">, owner: Id<"workspaces"> | undefined, term: string) {
  const byKey = await ctx.db
    .query("webhookEvents")
    .withIndex("by_workspace_idempotency_key", (q) => q.eq("workspace_id", owner).eq("idempotency_key", term))
    .take(SEARCH_LIMIT);
  const byWamid = await ctx.db
    .query("webhookEvents")
    .withSearchIndex("wamids", (q) => q.search("wamids", term).eq("workspace_id", owner))
    .take(SEARCH_LIMIT);
  const found = new Map(byKey.map((row) => [row._id, row]));
  for (const row of byWamid) {
    if (wamidsOf(row).includes(term)) {
      found.set(row._id, row);
    }
  }
  return [...found.values()].sort((a, b) => b.received_at - a.received_at).slice(0, SEARCH_LIMIT);
}

function wamidsOf(row: Ledger): string[] {
  return row.wamids ? row.wamids.split(" ").slice(0, MAX_BATCH_ITEMS) : [];
}

const filterArgs = {
  scope: v.optional(deliveryScope),
  status: v.optional(webhookEventStatus),
  event: v.optional(v.string()),
};

/** Newest first; filtered by status and/or event through an index each; a search returns one page. */
export const list = workspaceQuery({
  permission: "workspace.read",
  args: { ...filterArgs, search: v.optional(v.string()), paginationOpts: paginationOptsValidator },
  returns: paginationResultValidator(deliveryRow),
  handler: async (ctx, { scope = "workspace", status, event, search, paginationOpts }) => {
    const owner = ownerOf(ctx, scope);
    const term = search?.trim();
    if (term) {
      const rows = (await searchRows(ctx, owner, term)).filter(
        (row) => (!status || row.status === status) && (!event || row.event === event),
      );
      return { page: rows.map(rowOf), isDone: true, continueCursor: "" };
    }
    const ledger = ctx.db.query("webhookEvents");
    const query =
      status && event
        ? ledger.withIndex("by_workspace_status_event_received_at", (q) =>
            q.eq("workspace_id", owner).eq("status", status).eq("event", event),
          )
        : status
          ? ledger.withIndex("by_workspace_status_received_at", (q) => q.eq("workspace_id", owner).eq("status", status))
          : event
            ? ledger.withIndex("by_workspace_event_received_at", (q) => q.eq("workspace_id", owner).eq("event", event))
            : ledger.withIndex("by_workspace_received_at", (q) => q.eq("workspace_id", owner));
    const result = await query.order("desc").paginate(boundedPage(paginationOpts));
    return { ...result, page: result.page.map(rowOf) };
  },
});

/** What the caller may do on the page: see the deliveries no workspace has, replay and dismiss. */
export const abilities = workspaceQuery({
  permission: "workspace.read",
  args: {},
  returns: v.object({ deploymentAdmin: v.boolean(), manage: v.boolean() }),
  handler: async (ctx) => ({
    deploymentAdmin: isDeploymentAdmin(ctx.viewer),
    manage: roleHasPermission(ctx.role, "delivery.manage"),
  }),
});

const deliveryDetail = v.object({
  ...deliveryRow.fields,
  answer: v.optional(v.string()),
  raw_body: v.optional(v.string()),
  /** A body kept in file storage: its URL, fetched by the page. */
  raw_body_url: v.optional(v.string()),
  has_signature: v.boolean(),
  /** For unmatched deliveries: the workspace that has the number now. */
  matching_workspace: v.optional(v.string()),
  messages: v.array(
    v.object({
      wamid: v.string(),
      message_id: v.optional(v.id("messages")),
      conversation_id: v.optional(v.id("conversations")),
      contact_id: v.optional(v.id("contacts")),
    }),
  ),
  leads: v.array(v.object({ _id: v.id("contacts"), name: v.string() })),
});

/** One delivery with its body, its answer and links to what it wrote; null when gone or not the caller's. */
export const get = workspaceQuery({
  permission: "workspace.read",
  args: { eventId: v.id("webhookEvents") },
  returns: v.union(v.null(), deliveryDetail),
  handler: async (ctx, { eventId }) => {
    const row = await ctx.db.get("webhookEvents", eventId);
    if (!row || !canSee(ctx, row)) {
      return null;
    }
    // The messages it names, as stored in its workspace (none yet while it waits for one).
    const messages: Infer<typeof deliveryDetail>["messages"] = [];
    const leads: Infer<typeof deliveryDetail>["leads"] = [];
    const owner = row.workspace_id;
    for (const wamid of wamidsOf(row)) {
      const message = owner ? await messageByWamid(ctx, owner, wamid) : null;
      if (!message) {
        messages.push({ wamid });
        continue;
      }
      messages.push({
        wamid,
        message_id: message._id,
        conversation_id: message.conversation_id,
        contact_id: message.contact_id,
      });
      if (!leads.some((lead) => lead._id === message.contact_id)) {
        const lead = await ctx.db.get("contacts", message.contact_id);
        if (lead) {
          leads.push({ _id: lead._id, name: lead.name });
        }
      }
    }
    const matching =
      row.status === "unmatched" && row.phone_number_id
        ? await workspaceByPhoneNumberId(ctx, row.phone_number_id)
        : null;
    const url = row.raw_body_storage_id ? await ctx.storage.getUrl(row.raw_body_storage_id) : null;
    return {
      ...rowOf(row),
      ...(row.answer !== undefined ? { answer: row.answer } : {}),
      ...(row.raw_body !== undefined ? { raw_body: row.raw_body } : {}),
      ...(url ? { raw_body_url: url } : {}),
      has_signature: row.signature !== undefined,
      ...(matching ? { matching_workspace: matching.name } : {}),
      messages,
      leads,
    };
  },
});

// ---------------------------------------------------------------------------
// Replay from the page

/** Why a waiting delivery can or cannot be replayed now. */
const replayVerdict = v.union(
  v.literal("replay"),
  v.literal("no_number"), // the body names no phone number id (e.g. not JSON)
  v.literal("no_workspace"), // no workspace has its number yet
  v.literal("other_workspace"), // its number belongs to another workspace than the page's
);
type ReplayVerdict = Infer<typeof replayVerdict>;

type Target = { verdict: ReplayVerdict; workspace?: Doc<"workspaces"> };

/**
 * The workspace a replay applies a delivery to: the one that has its number now. From a workspace's own
 * page that must be that workspace; only the deployment-level list replays into whichever has it.
 */
async function replayTarget(
  ctx: Pick<QueryCtx, "db">,
  run: { scope: Scope; workspaceId: Id<"workspaces"> },
  row: Ledger,
  cache: Map<string, Doc<"workspaces"> | null>,
): Promise<Target> {
  if (!row.phone_number_id) {
    return { verdict: "no_number" };
  }
  if (!cache.has(row.phone_number_id)) {
    cache.set(row.phone_number_id, await workspaceByPhoneNumberId(ctx, row.phone_number_id));
  }
  const workspace = cache.get(row.phone_number_id);
  if (!workspace) {
    return { verdict: "no_workspace" };
  }
  if (run.scope === "workspace" && workspace._id !== run.workspaceId) {
    return { verdict: "other_workspace" };
  }
  return { verdict: "replay", workspace };
}

/** At most this many rows are looked at for a preview; the page says "at least" beyond. */
const PREVIEW_LIMIT = 200;
const MAX_REPLAY_IDS = 100;

const selectionArgs = {
  scope: v.optional(deliveryScope),
  /** Rows picked one by one... */
  eventIds: v.optional(v.array(v.id("webhookEvents"))),
  /** ...or every row of a waiting status (and event) in the scope. */
  status: v.optional(replayableStatus),
  event: v.optional(v.string()),
};

type Selection = {
  scope?: Scope;
  eventIds?: Id<"webhookEvents">[];
  status?: Infer<typeof replayableStatus>;
  event?: string;
};

function checkSelection({ eventIds, status }: Selection) {
  if (eventIds === undefined && status === undefined) {
    throw userError("INVALID", messageRef("errors.deliveries.noSelection"));
  }
  if (eventIds !== undefined && (eventIds.length === 0 || eventIds.length > MAX_REPLAY_IDS)) {
    throw userError("INVALID", messageRef("errors.deliveries.tooManyIds", { max: MAX_REPLAY_IDS }));
  }
}

/** The picked rows that are still in the scope and replayable; gone or settled ones are left out. */
async function pickedRows(ctx: Pick<QueryCtx, "db">, owner: Id<"workspaces"> | undefined, ids: Id<"webhookEvents">[]) {
  const rows: Ledger[] = [];
  for (const id of ids) {
    const row = await ctx.db.get("webhookEvents", id);
    if (row && row.workspace_id === owner && isReplayable(row.status)) {
      rows.push(row);
    }
  }
  return rows;
}

/** The waiting rows of a status (and event) in a scope, oldest first, after a received_at cursor. */
function waitingRows(
  ctx: Pick<QueryCtx, "db">,
  owner: Id<"workspaces"> | undefined,
  status: Infer<typeof replayableStatus>,
  event: string | undefined,
  after: number,
) {
  const ledger = ctx.db.query("webhookEvents");
  return event
    ? ledger.withIndex("by_workspace_status_event_received_at", (q) =>
        q.eq("workspace_id", owner).eq("status", status).eq("event", event).gt("received_at", after),
      )
    : ledger.withIndex("by_workspace_status_received_at", (q) =>
        q.eq("workspace_id", owner).eq("status", status).gt("received_at", after),
      );
}

/** What replaying the selection would do, grouped by phone number id. */
export const previewReplay = workspaceQuery({
  permission: "delivery.manage",
  args: selectionArgs,
  returns: v.object({
    total: v.number(),
    /** More rows match than were looked at. */
    more: v.boolean(),
    groups: v.array(
      v.object({
        phone_number_id: v.optional(v.string()),
        verdict: replayVerdict,
        workspace_name: v.optional(v.string()),
        count: v.number(),
      }),
    ),
  }),
  handler: async (ctx, selection) => {
    checkSelection(selection);
    const scope = selection.scope ?? "workspace";
    const owner = ownerOf(ctx, scope);
    let rows: Ledger[];
    let more = false;
    if (selection.eventIds) {
      rows = await pickedRows(ctx, owner, selection.eventIds);
    } else {
      const taken = await waitingRows(ctx, owner, selection.status!, selection.event, -1).take(PREVIEW_LIMIT + 1);
      more = taken.length > PREVIEW_LIMIT;
      rows = taken.slice(0, PREVIEW_LIMIT);
    }
    const cache = new Map<string, Doc<"workspaces"> | null>();
    const groups = new Map<
      string,
      { phone_number_id?: string; verdict: ReplayVerdict; workspace_name?: string; count: number }
    >();
    for (const row of rows) {
      const target = await replayTarget(ctx, { scope, workspaceId: ctx.workspace._id }, row, cache);
      const key = `${row.phone_number_id ?? ""}|${target.verdict}`;
      const group = groups.get(key) ?? {
        ...(row.phone_number_id ? { phone_number_id: row.phone_number_id } : {}),
        verdict: target.verdict,
        ...(target.workspace ? { workspace_name: target.workspace.name } : {}),
        count: 0,
      };
      group.count += 1;
      groups.set(key, group);
    }
    return { total: rows.length, more, groups: [...groups.values()] };
  },
});

const replayRun = v.object({
  _id: v.id("deliveryReplays"),
  scope: deliveryScope,
  state: v.union(v.literal("running"), v.literal("done")),
  attempted: v.number(),
  replayed: v.number(),
  not_replayed: v.number(),
  started_at: v.number(),
  finished_at: v.optional(v.number()),
});

/** A run still "running" after this long has died (its action failed): a new one may start. */
const STALE_REPLAY_MS = 15 * 60 * 1000;

/** Starts replaying the selection in the background; the page follows it with latestReplay. */
export const replay = workspaceMutation({
  permission: "delivery.manage",
  args: selectionArgs,
  returns: v.id("deliveryReplays"),
  handler: async (ctx, selection) => {
    checkSelection(selection);
    const scope = selection.scope ?? "workspace";
    ownerOf(ctx, scope);
    const latest = await ctx.db
      .query("deliveryReplays")
      .withIndex("by_workspace_started_at", (q) => q.eq("workspace_id", ctx.workspace._id))
      .order("desc")
      .first();
    if (latest?.state === "running" && Date.now() - latest.started_at < STALE_REPLAY_MS) {
      throw userError("CONFLICT", messageRef("errors.deliveries.replayRunning"));
    }
    const replayId = await ctx.db.insert("deliveryReplays", {
      workspace_id: ctx.workspace._id,
      scope,
      ...(selection.eventIds ? { event_ids: selection.eventIds } : {}),
      ...(selection.status ? { status: selection.status } : {}),
      ...(selection.event ? { event: selection.event } : {}),
      state: "running",
      attempted: 0,
      replayed: 0,
      not_replayed: 0,
      cursor: -1,
      started_by: ctx.viewer.userId,
      started_at: Date.now(),
    });
    await ctx.scheduler.runAfter(0, internal.deliveries.runReplay, { replayId });
    return replayId;
  },
});

/** The page's latest replay, for its progress and result. */
export const latestReplay = workspaceQuery({
  permission: "workspace.read",
  args: {},
  returns: v.union(v.null(), replayRun),
  handler: async (ctx) => {
    const run = await ctx.db
      .query("deliveryReplays")
      .withIndex("by_workspace_started_at", (q) => q.eq("workspace_id", ctx.workspace._id))
      .order("desc")
      .first();
    if (!run) {
      return null;
    }
    const { workspace_id, event_ids, status, event, cursor, started_by, _creationTime, ...shown } = run;
    void [workspace_id, event_ids, status, event, cursor, started_by, _creationTime];
    return shown;
  },
});

/** Rows per batch of a replay run, and batches per action before it schedules itself again. */
const REPLAY_BATCH = 20;
const BATCHES_PER_RUN = 5;

/** The next batch of a replay run: each row with the workspace it would be applied to, if any. */
export const replayBatch = internalQuery({
  args: { replayId: v.id("deliveryReplays") },
  returns: v.object({
    rows: v.array(
      v.object({
        eventId: v.id("webhookEvents"),
        rawBodyStorageId: v.optional(v.id("_storage")),
        workspaceId: v.optional(v.id("workspaces")),
      }),
    ),
    /** How many selected ids or filter rows this batch covers, and the cursor after it. */
    covered: v.number(),
    cursor: v.number(),
    done: v.boolean(),
  }),
  handler: async (ctx, { replayId }) => {
    const run = await ctx.db.get("deliveryReplays", replayId);
    if (!run || run.state === "done") {
      return { rows: [], covered: 0, cursor: -1, done: true };
    }
    const owner = run.scope === "workspace" ? run.workspace_id : undefined;
    let rows: Ledger[];
    let covered: number;
    let cursor = run.cursor;
    let done: boolean;
    if (run.event_ids) {
      const ids = run.event_ids.slice(run.attempted, run.attempted + REPLAY_BATCH);
      rows = await pickedRows(ctx, owner, ids);
      covered = ids.length;
      done = run.attempted + ids.length >= run.event_ids.length;
    } else {
      rows = await waitingRows(ctx, owner, run.status!, run.event, run.cursor).take(REPLAY_BATCH);
      covered = rows.length;
      cursor = rows.at(-1)?.received_at ?? cursor;
      done = rows.length < REPLAY_BATCH;
    }
    const cache = new Map<string, Doc<"workspaces"> | null>();
    const out = [];
    for (const row of rows) {
      const target = await replayTarget(ctx, { scope: run.scope, workspaceId: run.workspace_id }, row, cache);
      out.push({
        eventId: row._id,
        ...(row.raw_body_storage_id ? { rawBodyStorageId: row.raw_body_storage_id } : {}),
        ...(target.workspace ? { workspaceId: target.workspace._id } : {}),
      });
    }
    return { rows: out, covered, cursor, done };
  },
});

export const recordReplayProgress = internalMutation({
  args: {
    replayId: v.id("deliveryReplays"),
    covered: v.number(),
    replayed: v.number(),
    notReplayed: v.number(),
    cursor: v.number(),
    done: v.boolean(),
  },
  returns: v.null(),
  handler: async (ctx, { replayId, covered, replayed, notReplayed, cursor, done }) => {
    const run = await ctx.db.get("deliveryReplays", replayId);
    if (!run) {
      return null;
    }
    await ctx.db.patch("deliveryReplays", replayId, {
      attempted: run.attempted + covered,
      replayed: run.replayed + replayed,
      not_replayed: run.not_replayed + notReplayed,
      cursor,
      ...(done ? { state: "done" as const, finished_at: Date.now() } : {}),
    });
    return null;
  },
});

/**
 * Replays a run's rows in bounded batches through webhookDeliveries.replayDelivery, which verifies each
 * stored signature again and applies a row at most once. Schedules itself while rows remain.
 */
export const runReplay = internalAction({
  args: { replayId: v.id("deliveryReplays") },
  returns: v.null(),
  handler: async (ctx, { replayId }) => {
    for (let batch = 0; batch < BATCHES_PER_RUN; batch += 1) {
      const next = await ctx.runQuery(internal.deliveries.replayBatch, { replayId });
      let replayed = 0;
      let notReplayed = 0;
      for (const row of next.rows) {
        if (!row.workspaceId) {
          notReplayed += 1;
          continue;
        }
        const blob = row.rawBodyStorageId ? await ctx.storage.get(row.rawBodyStorageId) : null;
        try {
          const result = await ctx.runMutation(internal.webhookDeliveries.replayDelivery, {
            eventId: row.eventId,
            workspaceId: row.workspaceId,
            ...(blob ? { storedBody: await blob.arrayBuffer() } : {}),
          });
          replayed += result?.status === "processed" ? 1 : 0;
          notReplayed += result?.status === "processed" ? 0 : 1;
        } catch (error) {
          // One row that cannot be applied (its number moved meanwhile, a fault) must not stop the run.
          console.error(`replay of ${row.eventId} failed: ${error instanceof Error ? error.message : String(error)}`);
          notReplayed += 1;
        }
      }
      await ctx.runMutation(internal.deliveries.recordReplayProgress, {
        replayId,
        covered: next.covered,
        replayed,
        notReplayed,
        cursor: next.cursor,
        done: next.done,
      });
      if (next.done) {
        return null;
      }
    }
    await ctx.scheduler.runAfter(0, internal.deliveries.runReplay, { replayId });
    return null;
  },
});

// ---------------------------------------------------------------------------
// Dismiss

/** Deletes a waiting delivery nobody will replay, keeping who dismissed what in deliveryAudit. */
export const dismiss = workspaceMutation({
  permission: "delivery.manage",
  args: { eventId: v.id("webhookEvents") },
  returns: v.null(),
  handler: async (ctx, { eventId }) => {
    const row = await ctx.db.get("webhookEvents", eventId);
    if (!row || !canSee(ctx, row)) {
      throw userError("NOT_FOUND", messageRef("errors.deliveries.gone"));
    }
    if (!isReplayable(row.status)) {
      throw userError("INVALID", messageRef("errors.deliveries.notDismissable", { status: row.status }));
    }
    await ctx.db.insert("deliveryAudit", {
      ...(row.workspace_id ? { workspace_id: row.workspace_id } : {}),
      action: "dismissed",
      event_id: row._id,
      idempotency_key: row.idempotency_key,
      event: row.event,
      status: row.status,
      ...(row.phone_number_id ? { phone_number_id: row.phone_number_id } : {}),
      received_at: row.received_at,
      by: ctx.viewer.userId,
      by_name: await viewerDisplayName(ctx, ctx.viewer),
      at: Date.now(),
    });
    await deleteDelivery(ctx, row);
    return null;
  },
});

// ---------------------------------------------------------------------------
// Retention

/** Rows deleted per sweep transaction (each with its file, if any). */
const RETENTION_BATCH = 100;
const DAY_MS = 24 * 60 * 60 * 1000;
const EXPIRING_STATUSES = ["processed", "duplicate", "ignored"] as const;

/**
 * Daily: deletes processed, duplicate and ignored deliveries older than DELIVERY_RETENTION_DAYS (30 by
 * default) with their raw bodies, a batch at a time, scheduling itself while more remain.
 * A misread setting deletes nothing: better to keep rows than to delete under the wrong window.
 */
export const sweepRetention = internalMutation({
  args: {},
  returns: v.object({ deleted: v.number(), more: v.boolean() }),
  handler: async (ctx) => {
    const setting = retentionDays(env.deliveryRetentionDays());
    if (!setting.ok) {
      throw new Error(setting.error);
    }
    const cutoff = Date.now() - setting.days * DAY_MS;
    let deleted = 0;
    for (const status of EXPIRING_STATUSES) {
      const rows = await ctx.db
        .query("webhookEvents")
        .withIndex("by_status_received_at", (q) => q.eq("status", status).lt("received_at", cutoff))
        .take(RETENTION_BATCH - deleted);
      for (const row of rows) {
        await deleteDelivery(ctx, row);
      }
      deleted += rows.length;
      if (deleted >= RETENTION_BATCH) {
        break;
      }
    }
    const more = deleted >= RETENTION_BATCH;
    if (more) {
      await ctx.scheduler.runAfter(0, internal.deliveries.sweepRetention, {});
    }
    return { deleted, more };
  },
});
