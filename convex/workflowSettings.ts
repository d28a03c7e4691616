import { v, type Infer } from "convex/values";
import { invalidInput, userError } from "./errors";
import { messageRef } from "../src/i18n/messageRef";
import type { MutationCtx, QueryCtx } from "./_generated/server";
import type { Doc, Id } from "./_generated/dataModel";
import { viewerDisplayName, workspaceMutation, workspaceQuery } from "./functions";
import { syncStatus, workflowConfig, workflowType } from "./schema";
import {
  DEFAULT_KAPSO_WORKFLOW_NAMES,
  WORKFLOW_TYPES,
  defaultWorkflowConfig,
  sameConfig,
  type WorkflowType,
} from "../src/domain/workflowSettings";
import * as z from "zod/mini";
import { parseWorkflowSettings } from "../src/domain/workflowSettingsSchema";
import { upgradeConfig } from "../src/domain/keywordRules";
import { formatDateTime } from "../src/domain/dates";

/** One workflow's settings as the dashboard shows them; defaults when nobody saved it yet. */
const settingsView = v.object({
  workflowType,
  /** false: never saved; `config` holds the defaults and `version` is 0. */
  saved: v.boolean(),
  version: v.number(),
  config: workflowConfig,
  kapsoWorkflowId: v.string(),
  kapsoWorkflowName: v.string(),
  syncStatus,
  updatedAt: v.union(v.number(), v.null()),
  updatedBy: v.union(v.string(), v.null()),
  lastSyncedAt: v.union(v.number(), v.null()),
  lastSyncedBy: v.union(v.string(), v.null()),
  lastSyncedVersion: v.union(v.number(), v.null()),
});

type SettingsView = Infer<typeof settingsView>;

const historyEntry = v.object({
  _id: v.id("workflowSettingsHistory"),
  kind: v.union(v.literal("saved"), v.literal("synced")),
  version: v.number(),
  config: workflowConfig,
  /** For saved versions: the settings of the version before (null for version 1). */
  previousConfig: v.union(workflowConfig, v.null()),
  kapsoWorkflowId: v.string(),
  kapsoWorkflowName: v.string(),
  actor: v.string(),
  at: v.number(),
});

const HISTORY_DEFAULT_LIMIT = 20;
const HISTORY_MAX_LIMIT = 100;

/** A workspace's saved settings of one workflow, or null. */
export async function findSettings(ctx: QueryCtx, workspaceId: Id<"workspaces">, type: WorkflowType) {
  return await ctx.db
    .query("workflowSettings")
    .withIndex("by_workspace_type", (q) => q.eq("workspace_id", workspaceId).eq("workflow_type", type))
    .unique();
}

async function savedVersion(ctx: QueryCtx, workspaceId: Id<"workspaces">, type: WorkflowType, version: number) {
  return await ctx.db
    .query("workflowSettingsHistory")
    .withIndex("by_workspace_type_kind_version", (q) =>
      q.eq("workspace_id", workspaceId).eq("workflow_type", type).eq("kind", "saved").eq("version", version),
    )
    .first();
}

function toView(type: WorkflowType, row: Doc<"workflowSettings"> | null): SettingsView {
  if (!row) {
    return {
      workflowType: type,
      saved: false,
      version: 0,
      config: defaultWorkflowConfig(type),
      kapsoWorkflowId: "",
      kapsoWorkflowName: DEFAULT_KAPSO_WORKFLOW_NAMES[type],
      syncStatus: "manual_setup_required",
      updatedAt: null,
      updatedBy: null,
      lastSyncedAt: null,
      lastSyncedBy: null,
      lastSyncedVersion: null,
    };
  }
  return {
    workflowType: type,
    saved: true,
    version: row.version,
    config: upgradeConfig(row.config),
    kapsoWorkflowId: row.kapso_workflow_id,
    kapsoWorkflowName: row.kapso_workflow_name,
    syncStatus: row.sync_status,
    updatedAt: row.updated_at,
    updatedBy: row.updated_by_name ?? row.updated_by,
    lastSyncedAt: row.last_synced_at ?? null,
    lastSyncedBy: row.last_synced_by_name ?? row.last_synced_by ?? null,
    lastSyncedVersion: row.last_synced_version ?? null,
  };
}

/** A time in an error text: on the workspace's clock, the zone always named (the server cannot know the reader's). */
function workspaceTime(ms: number, timeZone: string): string {
  return `${formatDateTime(ms, { timeZone, locale: "en-GB" })} (${timeZone})`;
}

/** The three workflows of a workspace, saved or not. */
export const list = workspaceQuery({
  permission: "workspace.read",
  args: {},
  returns: v.array(settingsView),
  handler: async (ctx, { workspaceId }) => {
    const views: SettingsView[] = [];
    for (const type of WORKFLOW_TYPES) {
      views.push(toView(type, await findSettings(ctx, workspaceId, type)));
    }
    return views;
  },
});

/** One workflow's settings, plus the settings Kapso was last confirmed to have (for the instructions). */
export const get = workspaceQuery({
  permission: "workspace.read",
  args: { workflowType },
  returns: v.object({ settings: settingsView, lastSyncedConfig: v.union(workflowConfig, v.null()) }),
  handler: async (ctx, { workspaceId, workflowType: type }) => {
    const row = await findSettings(ctx, workspaceId, type);
    const synced = row?.last_synced_version
      ? await savedVersion(ctx, workspaceId, type, row.last_synced_version)
      : null;
    return { settings: toView(type, row), lastSyncedConfig: synced ? upgradeConfig(synced.config) : null };
  },
});

/**
 * Saves a workflow's settings and returns the version now current. `expectedVersion`
 * is the version the editor started from (0 when never saved): a mismatch means
 * someone else saved in between, and nothing is written.
 */
export const save = workspaceMutation({
  permission: "workflow.edit",
  args: {
    workflowType,
    config: workflowConfig,
    kapsoWorkflowId: v.string(),
    kapsoWorkflowName: v.string(),
    expectedVersion: v.number(),
  },
  returns: v.number(),
  handler: async (ctx, args) => {
    const { viewer } = ctx;
    const type = args.workflowType;
    const parsed = parseWorkflowSettings(type, args);
    if (!parsed.ok) {
      throw invalidInput(new z.core.$ZodError(parsed.issues));
    }
    const { config, kapsoWorkflowId, kapsoWorkflowName } = parsed.value;

    const row = await findSettings(ctx, args.workspaceId, type);
    const currentVersion = row?.version ?? 0;
    if (args.expectedVersion !== currentVersion) {
      throw userError(
        "CONFLICT",
        row
          ? messageRef("errors.workflows.changedMeanwhile", {
              actor: row.updated_by_name ?? row.updated_by,
              at: workspaceTime(row.updated_at, ctx.workspace.timezone),
              version: row.version,
            })
          : messageRef("errors.workflows.notSavedYet", { version: args.expectedVersion }),
        {
          changedBy: row ? (row.updated_by_name ?? row.updated_by) : null,
          changedAt: row?.updated_at ?? null,
          version: currentVersion,
        },
      );
    }
    if (
      row &&
      sameConfig(upgradeConfig(row.config), config) &&
      row.kapso_workflow_id === kapsoWorkflowId &&
      row.kapso_workflow_name === kapsoWorkflowName
    ) {
      return row.version;
    }
    return await writeVersion(ctx, {
      row,
      workspaceId: args.workspaceId,
      type,
      config,
      kapsoWorkflowId,
      kapsoWorkflowName,
      actor: viewer.userId,
      actorName: await viewerDisplayName(ctx, viewer),
    });
  },
});

async function writeVersion(
  ctx: MutationCtx,
  w: {
    row: Doc<"workflowSettings"> | null;
    workspaceId: Id<"workspaces">;
    type: WorkflowType;
    config: Doc<"workflowSettings">["config"];
    kapsoWorkflowId: string;
    kapsoWorkflowName: string;
    actor: string;
    actorName: string;
  },
): Promise<number> {
  const now = Date.now();
  const version = (w.row?.version ?? 0) + 1;
  const fields = {
    config: w.config,
    kapso_workflow_id: w.kapsoWorkflowId,
    kapso_workflow_name: w.kapsoWorkflowName,
    // Kapso does not have this version yet, whatever the client believes.
    sync_status: "manual_setup_required" as const,
    version,
    updated_at: now,
    updated_by: w.actor,
    updated_by_name: w.actorName,
  };
  if (w.row) {
    await ctx.db.patch("workflowSettings", w.row._id, fields);
  } else {
    await ctx.db.insert("workflowSettings", { workspace_id: w.workspaceId, workflow_type: w.type, ...fields });
  }
  await ctx.db.insert("workflowSettingsHistory", {
    workspace_id: w.workspaceId,
    workflow_type: w.type,
    kind: "saved",
    version,
    config: w.config,
    kapso_workflow_id: w.kapsoWorkflowId,
    kapso_workflow_name: w.kapsoWorkflowName,
    actor: w.actor,
    actor_name: w.actorName,
    at: now,
  });
  return version;
}

/**
 * "I've updated Kapso": records that Kapso now runs `version`. Only the current
 * version can be confirmed; confirming it again changes nothing.
 */
export const markSynced = workspaceMutation({
  permission: "workflow.markSynced",
  args: { workflowType, version: v.number() },
  returns: v.null(),
  handler: async (ctx, { workspaceId, workflowType: type, version }) => {
    const { viewer } = ctx;
    const row = await findSettings(ctx, workspaceId, type);
    if (!row) {
      throw userError("INVALID", messageRef("errors.workflows.saveBeforeSync"));
    }
    if (version !== row.version) {
      throw userError(
        "CONFLICT",
        messageRef("errors.workflows.versionOutdated", {
          version,
          actor: row.updated_by_name ?? row.updated_by,
          current: row.version,
          at: workspaceTime(row.updated_at, ctx.workspace.timezone),
        }),
        { version: row.version },
      );
    }
    if (row.sync_status === "synced" && row.last_synced_version === version) {
      return null;
    }
    const now = Date.now();
    const name = await viewerDisplayName(ctx, viewer);
    await ctx.db.patch("workflowSettings", row._id, {
      sync_status: "synced",
      last_synced_at: now,
      last_synced_by: viewer.userId,
      last_synced_by_name: name,
      last_synced_version: version,
    });
    await ctx.db.insert("workflowSettingsHistory", {
      workspace_id: workspaceId,
      workflow_type: type,
      kind: "synced",
      version,
      config: upgradeConfig(row.config),
      kapso_workflow_id: row.kapso_workflow_id,
      kapso_workflow_name: row.kapso_workflow_name,
      actor: viewer.userId,
      actor_name: name,
      at: now,
    });
    return null;
  },
});

/** Saves and syncs of one workflow, newest first, `limit` at a time. */
export const history = workspaceQuery({
  permission: "workspace.read",
  args: { workflowType, limit: v.optional(v.number()) },
  returns: v.object({ entries: v.array(historyEntry), hasMore: v.boolean() }),
  handler: async (ctx, { workspaceId, workflowType: type, limit }) => {
    const size = Math.min(Math.max(Math.floor(limit ?? HISTORY_DEFAULT_LIMIT), 1), HISTORY_MAX_LIMIT);
    const rows = await ctx.db
      .query("workflowSettingsHistory")
      .withIndex("by_workspace_type_at", (q) => q.eq("workspace_id", workspaceId).eq("workflow_type", type))
      .order("desc")
      .take(size + 1);
    const page = rows.slice(0, size);
    const entries = [];
    for (const row of page) {
      const previous =
        row.kind === "saved" && row.version > 1 ? await savedVersion(ctx, workspaceId, type, row.version - 1) : null;
      entries.push({
        _id: row._id,
        kind: row.kind,
        version: row.version,
        config: upgradeConfig(row.config),
        previousConfig: previous ? upgradeConfig(previous.config) : null,
        kapsoWorkflowId: row.kapso_workflow_id,
        kapsoWorkflowName: row.kapso_workflow_name,
        actor: row.actor_name ?? row.actor,
        at: row.at,
      });
    }
    return { entries, hasMore: rows.length > size };
  },
});
