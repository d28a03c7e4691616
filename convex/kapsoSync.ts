import { ConvexError, v, type Infer } from "convex/values";
import { action, internalAction, internalMutation, internalQuery, query } from "./_generated/server";
import type { ActionCtx, QueryCtx } from "./_generated/server";
import { api, internal } from "./_generated/api";
import type { Doc, Id } from "./_generated/dataModel";
import { env } from "./env";
import { requireWorkspaceAccess } from "./functions";
import { kapsoCredentialsFor } from "./kapsoCredentials";
import { findSettings } from "./workflowSettings";
import { kapsoCheckState, kapsoFieldCheck, syncStatus, workflowConfig, workflowType } from "./schema";
import { createKapsoFetch } from "../src/lib/kapsoHttp";
import {
  createKapsoPlatformClient,
  KapsoApiError,
  type KapsoNode,
  type KapsoPlatformClient,
  type KapsoWorkflowDefinition,
  type ProviderModel,
} from "../src/domain/kapsoPlatform";
import { compareDefinition, planApply, type DefinitionComparison } from "../src/domain/kapsoDefinitionSync";
import { SUGGESTED_MODELS, WORKFLOW_TYPES, type WorkflowType } from "../src/domain/workflowSettings";
import { upgradeConfig } from "../src/domain/keywordRules";

/**
 * Workflow settings ↔ Kapso through the Platform API (optional: needs a Kapso
 * API key, the workspace's own or the deployment's KAPSO_API_KEY; see
 * kapsoCredentials). Check compares Kapso's live definition with
 * the settings; Apply patches the mapped nodes' config and marks the version
 * synced; a cron re-checks synced workflows and flags drift. Nothing here ever
 * changes the settings themselves.
 */

const NOT_CONFIGURED =
  "The Kapso Platform API is not configured on this deployment (KAPSO_API_KEY is not set). Use the manual steps instead, " +
  "or have an admin add this workspace's Kapso API key in Settings.";

// Interactive calls give up on long Retry-After waits and say when to retry;
// the background drift check waits them out (kapsoHttp defaults).
const INTERACTIVE_MAX_RETRY_AFTER_MS = 5_000;
// Drift checks are spread out so a sweep stays far below Kapso's per-minute limit.
const DRIFT_PAGE_SIZE = 25;
const DRIFT_SPACING_MS = 2_000;

// ---------------------------------------------------------------------------
// Views

const checkView = v.object({
  state: kapsoCheckState,
  kapsoWorkflowId: v.string(),
  settingsVersion: v.number(),
  lockVersion: v.union(v.number(), v.null()),
  verifiedLockVersion: v.union(v.number(), v.null()),
  fields: v.array(kapsoFieldCheck),
  differingFields: v.array(v.string()),
  source: v.union(v.literal("check"), v.literal("apply"), v.literal("drift")),
  checkedAt: v.number(),
  lastError: v.union(v.object({ kind: v.string(), message: v.string(), at: v.number() }), v.null()),
});
type CheckView = Infer<typeof checkView>;

const nodeChange = v.object({
  nodeId: v.string(),
  nodeType: v.string(),
  displayName: v.string(),
  changes: v.array(v.object({ configKey: v.string(), field: v.string(), before: v.string(), after: v.string() })),
});

const preview = v.object({
  settingsVersion: v.number(),
  lockVersion: v.union(v.number(), v.null()),
  kapsoWorkflowName: v.string(),
  changes: v.array(nodeChange),
  /** Why Apply cannot run (graph changes to make in the Kapso canvas); empty when it can. */
  problems: v.array(v.string()),
});
type Preview = Infer<typeof preview>;

function toCheckView(doc: Doc<"kapsoWorkflowChecks">): CheckView {
  return {
    state: doc.state,
    kapsoWorkflowId: doc.kapso_workflow_id,
    settingsVersion: doc.settings_version,
    lockVersion: doc.lock_version,
    verifiedLockVersion: doc.verified_lock_version ?? null,
    fields: doc.fields,
    differingFields: doc.differing_fields,
    source: doc.source,
    checkedAt: doc.checked_at,
    lastError: doc.last_error ?? null,
  };
}

// ---------------------------------------------------------------------------
// Plain helpers

async function findCheck(ctx: QueryCtx, workspaceId: Id<"workspaces">, type: WorkflowType) {
  return await ctx.db
    .query("kapsoWorkflowChecks")
    .withIndex("by_workspace_type", (q) => q.eq("workspace_id", workspaceId).eq("workflow_type", type))
    .unique();
}

function platformClient(apiKey: string | null, interactive: boolean): KapsoPlatformClient | null {
  if (!apiKey) return null;
  const waits = interactive ? { maxRetryAfterMs: INTERACTIVE_MAX_RETRY_AFTER_MS } : {};
  return createKapsoPlatformClient({
    apiKey,
    baseUrl: env.kapsoApiBaseUrl(),
    transport: { read: createKapsoFetch({ kind: "read", ...waits }), send: createKapsoFetch({ kind: "send", ...waits }) },
  });
}

function requireClient(apiKey: string | null): KapsoPlatformClient {
  const client = platformClient(apiKey, true);
  if (!client) throw new ConvexError({ code: "NOT_CONFIGURED", message: NOT_CONFIGURED });
  return client;
}

/** A Kapso API failure as an error the dashboard shows; anything else is rethrown. */
function kapsoError(error: unknown, workflowId: string): never {
  if (!(error instanceof KapsoApiError)) throw error;
  const message =
    error.kind === "not_found"
      ? `Kapso has no workflow with id "${workflowId}" for this API key. Check the Kapso workflow id in the settings.`
      : error.message;
  throw new ConvexError({ code: `KAPSO_${error.kind.toUpperCase()}`, message, retryAfterSeconds: error.retryAfterSeconds });
}

/**
 * Compares, fetching Kapso's model list only when the model cannot be judged from
 * the node alone (Kapso's id is authoritative; most definitions carry the name too).
 */
async function compareLive(client: KapsoPlatformClient, target: Target, nodes: KapsoNode[]): Promise<DefinitionComparison> {
  const first = compareDefinition(target.workflowType, target.config, nodes, null);
  if (!first.differingFields.includes("ai_model")) return first;
  return compareDefinition(target.workflowType, target.config, nodes, await client.listProviderModels());
}

function toPreview(target: Target, definition: KapsoWorkflowDefinition, models: ProviderModel[]): Preview {
  const plan = planApply(target.workflowType, target.config, definition.definition, models);
  return {
    settingsVersion: target.version,
    lockVersion: definition.lock_version,
    kapsoWorkflowName: definition.name ?? target.kapsoWorkflowName,
    changes: plan.ok ? plan.changes : [],
    problems: plan.ok ? [] : plan.problems,
  };
}

async function readForApply(client: KapsoPlatformClient, target: Target) {
  try {
    return await Promise.all([client.getWorkflowDefinition(target.kapsoWorkflowId), client.listProviderModels()]);
  } catch (error) {
    kapsoError(error, target.kapsoWorkflowId);
  }
}

// ---------------------------------------------------------------------------
// Internal functions (called by the actions below, the scheduler and the cron)

const target = v.object({
  workspaceId: v.id("workspaces"),
  workflowType,
  version: v.number(),
  config: workflowConfig,
  kapsoWorkflowId: v.string(),
  kapsoWorkflowName: v.string(),
  userId: v.union(v.string(), v.null()),
});
type Target = Infer<typeof target>;

// Internal results only: the key goes from these queries straight into the client.
const apiKey = v.union(v.string(), v.null());

function toTarget(row: Doc<"workflowSettings">, userId: string | null): Target {
  return {
    workspaceId: row.workspace_id,
    workflowType: row.workflow_type,
    version: row.version,
    config: upgradeConfig(row.config),
    kapsoWorkflowId: row.kapso_workflow_id.trim(),
    kapsoWorkflowName: row.kapso_workflow_name,
    userId,
  };
}

/** The caller's access check (actions have no db), the settings to compare, and the workspace's Kapso API key. */
export const loadTarget = internalQuery({
  args: {
    workspaceId: v.id("workspaces"),
    workflowType,
    permission: v.union(v.literal("workspace.read"), v.literal("workflow.apply")),
  },
  returns: v.object({ target, apiKey }),
  handler: async (ctx, { workspaceId, workflowType: type, permission }) => {
    const { viewer, workspace } = await requireWorkspaceAccess(ctx, workspaceId, permission);
    const row = await findSettings(ctx, workspaceId, type);
    if (!row) {
      throw new ConvexError({ code: "INVALID", message: "Save these settings before checking them against Kapso." });
    }
    if (!row.kapso_workflow_id.trim()) {
      throw new ConvexError({ code: "INVALID", message: "kapsoWorkflowId: set the Kapso workflow id in the settings first." });
    }
    return { target: toTarget(row, viewer.userId), apiKey: kapsoCredentialsFor(workspace).apiKey };
  },
});

/** Access check and the workspace's Kapso API key, for calls that need no settings. */
export const loadApiKey = internalQuery({
  args: { workspaceId: v.id("workspaces") },
  returns: apiKey,
  handler: async (ctx, { workspaceId }) => {
    const { workspace } = await requireWorkspaceAccess(ctx, workspaceId, "workspace.read");
    return kapsoCredentialsFor(workspace).apiKey;
  },
});

/** A synced workflow for the drift check with its workspace's key, or null when it no longer qualifies. */
export const loadDriftTarget = internalQuery({
  args: { settingsId: v.id("workflowSettings") },
  returns: v.union(v.object({ target, apiKey }), v.null()),
  handler: async (ctx, { settingsId }) => {
    const row = await ctx.db.get("workflowSettings", settingsId);
    if (!row || row.sync_status !== "synced" || !row.kapso_workflow_id.trim()) return null;
    const workspace = await ctx.db.get("workspaces", row.workspace_id);
    if (!workspace) return null;
    return { target: toTarget(row, null), apiKey: kapsoCredentialsFor(workspace).apiKey };
  },
});

/**
 * Stores a comparison. The state is derived here from the settings as they are
 * now: a difference on a version that is marked synced is drift made in Kapso.
 */
export const recordCheck = internalMutation({
  args: {
    workspaceId: v.id("workspaces"),
    workflowType,
    kapsoWorkflowId: v.string(),
    settingsVersion: v.number(),
    lockVersion: v.union(v.number(), v.null()),
    fields: v.array(kapsoFieldCheck),
    differingFields: v.array(v.string()),
    source: v.union(v.literal("check"), v.literal("apply"), v.literal("drift")),
    checkedBy: v.union(v.string(), v.null()),
  },
  returns: checkView,
  handler: async (ctx, args) => {
    const settings = await findSettings(ctx, args.workspaceId, args.workflowType);
    const existing = await findCheck(ctx, args.workspaceId, args.workflowType);
    const synced = settings?.sync_status === "synced" && settings.last_synced_version === args.settingsVersion;
    const matches = args.differingFields.length === 0;
    const state = matches ? "verified" : synced ? "changed_in_kapso" : "differs";
    const sameTarget = existing?.settings_version === args.settingsVersion && existing.kapso_workflow_id === args.kapsoWorkflowId;
    const verifiedLockVersion =
      matches && args.lockVersion !== null ? args.lockVersion : sameTarget ? existing?.verified_lock_version : undefined;
    const fields = {
      kapso_workflow_id: args.kapsoWorkflowId,
      state,
      settings_version: args.settingsVersion,
      lock_version: args.lockVersion,
      verified_lock_version: verifiedLockVersion,
      fields: args.fields,
      differing_fields: args.differingFields,
      source: args.source,
      checked_at: Date.now(),
      checked_by: args.checkedBy ?? undefined,
      last_error: undefined,
    } as const;
    if (existing) {
      await ctx.db.replace("kapsoWorkflowChecks", existing._id, {
        workspace_id: args.workspaceId,
        workflow_type: args.workflowType,
        ...fields,
      });
      return toCheckView((await ctx.db.get("kapsoWorkflowChecks", existing._id))!);
    }
    const id = await ctx.db.insert("kapsoWorkflowChecks", {
      workspace_id: args.workspaceId,
      workflow_type: args.workflowType,
      ...fields,
    });
    return toCheckView((await ctx.db.get("kapsoWorkflowChecks", id))!);
  },
});

/** A failed drift check: kept beside the last good result (which stays as it was). */
export const recordFailure = internalMutation({
  args: {
    workspaceId: v.id("workspaces"),
    workflowType,
    kapsoWorkflowId: v.string(),
    settingsVersion: v.number(),
    kind: v.string(),
    message: v.string(),
  },
  returns: v.null(),
  handler: async (ctx, args) => {
    const lastError = { kind: args.kind, message: args.message, at: Date.now() };
    const existing = await findCheck(ctx, args.workspaceId, args.workflowType);
    if (existing) {
      await ctx.db.patch("kapsoWorkflowChecks", existing._id, { last_error: lastError });
      return null;
    }
    await ctx.db.insert("kapsoWorkflowChecks", {
      workspace_id: args.workspaceId,
      workflow_type: args.workflowType,
      kapso_workflow_id: args.kapsoWorkflowId,
      state: "error",
      settings_version: args.settingsVersion,
      lock_version: null,
      fields: [],
      differing_fields: [],
      source: "drift",
      checked_at: lastError.at,
      last_error: lastError,
    });
    return null;
  },
});

/**
 * The drift cron: pages through all workflow settings (a few per workspace) and
 * schedules one spaced-out check per synced workflow, then the next page.
 */
export const driftSweep = internalMutation({
  args: { cursor: v.union(v.string(), v.null()), delayMs: v.number() },
  returns: v.null(),
  handler: async (ctx, { cursor, delayMs }) => {
    const page = await ctx.db.query("workflowSettings").paginate({ cursor, numItems: DRIFT_PAGE_SIZE });
    let delay = delayMs;
    // Keys are per workspace: skip the workflows of workspaces with none (at most one read per workspace on the page).
    const hasKey = new Map<Id<"workspaces">, boolean>();
    for (const row of page.page) {
      if (row.sync_status !== "synced" || !row.kapso_workflow_id.trim()) continue;
      if (!hasKey.has(row.workspace_id)) {
        const workspace = await ctx.db.get("workspaces", row.workspace_id);
        hasKey.set(row.workspace_id, workspace !== null && kapsoCredentialsFor(workspace).apiKey !== null);
      }
      if (!hasKey.get(row.workspace_id)) continue;
      await ctx.scheduler.runAfter(delay, internal.kapsoSync.driftCheck, { settingsId: row._id });
      delay += DRIFT_SPACING_MS;
    }
    if (!page.isDone) {
      await ctx.scheduler.runAfter(0, internal.kapsoSync.driftSweep, { cursor: page.continueCursor, delayMs: delay });
    }
    return null;
  },
});

/** Re-checks one synced workflow; flags "changed in Kapso" and never writes to Kapso. */
export const driftCheck = internalAction({
  args: { settingsId: v.id("workflowSettings") },
  returns: v.null(),
  handler: async (ctx, { settingsId }) => {
    const drift = await ctx.runQuery(internal.kapsoSync.loadDriftTarget, { settingsId });
    const client = drift && platformClient(drift.apiKey, false);
    if (!drift || !client) return null;
    const t = drift.target;
    try {
      const definition = await client.getWorkflowDefinition(t.kapsoWorkflowId);
      const comparison = await compareLive(client, t, definition.definition.nodes);
      await record(ctx, t, definition.lock_version, comparison, "drift");
    } catch (error) {
      if (!(error instanceof KapsoApiError)) throw error;
      await ctx.runMutation(internal.kapsoSync.recordFailure, {
        workspaceId: t.workspaceId,
        workflowType: t.workflowType,
        kapsoWorkflowId: t.kapsoWorkflowId,
        settingsVersion: t.version,
        kind: error.kind,
        message: error.message,
      });
    }
    return null;
  },
});

async function record(
  ctx: ActionCtx,
  t: Target,
  lockVersion: number | null,
  comparison: DefinitionComparison,
  source: "check" | "apply" | "drift",
): Promise<CheckView> {
  return await ctx.runMutation(internal.kapsoSync.recordCheck, {
    workspaceId: t.workspaceId,
    workflowType: t.workflowType,
    kapsoWorkflowId: t.kapsoWorkflowId,
    settingsVersion: t.version,
    lockVersion,
    fields: comparison.fields.map((f) => ({
      field: f.field,
      node_id: f.nodeId,
      config_key: f.configKey,
      matches: f.matches,
      expected: f.expected,
      actual: f.actual,
    })),
    differingFields: comparison.differingFields,
    source,
    checkedBy: t.userId,
  });
}

// ---------------------------------------------------------------------------
// Public functions

/** Whether the API features are available, and the latest check of this workflow. */
export const status = query({
  args: { workspaceId: v.id("workspaces"), workflowType },
  returns: v.object({
    apiConfigured: v.boolean(),
    settingsVersion: v.number(),
    syncStatus,
    lastSyncedAt: v.union(v.number(), v.null()),
    kapsoWorkflowId: v.string(),
    check: v.union(checkView, v.null()),
  }),
  handler: async (ctx, { workspaceId, workflowType: type }) => {
    const { workspace } = await requireWorkspaceAccess(ctx, workspaceId, "workspace.read");
    const settings = await findSettings(ctx, workspaceId, type);
    const check = await findCheck(ctx, workspaceId, type);
    return {
      apiConfigured: kapsoCredentialsFor(workspace).apiKey !== null,
      settingsVersion: settings?.version ?? 0,
      syncStatus: settings?.sync_status ?? "manual_setup_required",
      lastSyncedAt: settings?.last_synced_at ?? null,
      kapsoWorkflowId: settings?.kapso_workflow_id ?? "",
      check: check ? toCheckView(check) : null,
    };
  },
});

/** The latest Kapso check of each workflow of the workspace, for the /workflows list (at most one row per workflow type). */
export const listStatus = query({
  args: { workspaceId: v.id("workspaces") },
  returns: v.array(v.object({ workflowType, check: checkView })),
  handler: async (ctx, { workspaceId }) => {
    await requireWorkspaceAccess(ctx, workspaceId, "workspace.read");
    const rows = await ctx.db
      .query("kapsoWorkflowChecks")
      .withIndex("by_workspace_type", (q) => q.eq("workspace_id", workspaceId))
      .take(WORKFLOW_TYPES.length);
    return rows.map((row) => ({ workflowType: row.workflow_type, check: toCheckView(row) }));
  },
});

/** "Check Kapso": reads the live definition and records, per field, whether it matches the settings. */
export const check = action({
  args: { workspaceId: v.id("workspaces"), workflowType },
  returns: checkView,
  handler: async (ctx, { workspaceId, workflowType: type }): Promise<CheckView> => {
    const { target: t, apiKey } = await ctx.runQuery(internal.kapsoSync.loadTarget, {
      workspaceId,
      workflowType: type,
      permission: "workspace.read",
    });
    const client = requireClient(apiKey);
    try {
      const definition = await client.getWorkflowDefinition(t.kapsoWorkflowId);
      const comparison = await compareLive(client, t, definition.definition.nodes);
      return await record(ctx, t, definition.lock_version, comparison, "check");
    } catch (error) {
      kapsoError(error, t.kapsoWorkflowId);
    }
  },
});

/** The exact node changes "Apply to Kapso" would make, and Kapso's lock_version they are based on. */
export const previewApply = action({
  args: { workspaceId: v.id("workspaces"), workflowType },
  returns: preview,
  handler: async (ctx, { workspaceId, workflowType: type }): Promise<Preview> => {
    const { target: t, apiKey } = await ctx.runQuery(internal.kapsoSync.loadTarget, {
      workspaceId,
      workflowType: type,
      permission: "workflow.apply",
    });
    const [definition, models] = await readForApply(requireClient(apiKey), t);
    return toPreview(t, definition, models);
  },
});

const applyResult = v.union(
  v.object({
    outcome: v.literal("applied"),
    /** Node configs changed (0 when Kapso already matched). */
    changedNodes: v.number(),
    check: checkView,
    markedSynced: v.boolean(),
    /** Why the version could not be marked synced (the settings changed meanwhile). */
    note: v.union(v.string(), v.null()),
  }),
  /** Kapso changed since the preview (or answered 409): nothing was written; here is the new difference. */
  v.object({ outcome: v.literal("kapso_changed"), preview }),
  /** Kapso took the change but reads back differently. */
  v.object({ outcome: v.literal("not_verified"), check: checkView }),
);
type ApplyResult = Infer<typeof applyResult>;

/**
 * "Apply to Kapso": re-reads the definition; if Kapso's lock_version is not the
 * one the admin previewed, returns the new difference instead of writing. Else
 * PATCHes the complete node and edge sets with lock_version (a 409 also returns
 * the new difference), re-reads, verifies, and marks the version synced.
 */
export const apply = action({
  args: {
    workspaceId: v.id("workspaces"),
    workflowType,
    version: v.number(),
    lockVersion: v.union(v.number(), v.null()),
  },
  returns: applyResult,
  handler: async (ctx, { workspaceId, workflowType: type, version, lockVersion }): Promise<ApplyResult> => {
    const { target: t, apiKey } = await ctx.runQuery(internal.kapsoSync.loadTarget, {
      workspaceId,
      workflowType: type,
      permission: "workflow.apply",
    });
    if (t.version !== version) {
      throw new ConvexError({
        code: "CONFLICT",
        message: `version: the settings are now version ${t.version}, not ${version}. Review the changes again before applying.`,
      });
    }
    const client = requireClient(apiKey);
    const [definition, models] = await readForApply(client, t);
    if (definition.lock_version !== lockVersion) {
      return { outcome: "kapso_changed", preview: toPreview(t, definition, models) };
    }
    const plan = planApply(t.workflowType, t.config, definition.definition, models);
    if (!plan.ok) throw new ConvexError({ code: "INVALID", message: plan.problems.join(" ") });

    // Set when Kapso may or may not have taken the PATCH (lost connection, 5xx): the read-back decides.
    let unknownOutcome: KapsoApiError | null = null;
    if (plan.changes.length > 0) {
      try {
        await client.updateWorkflowDefinition(t.kapsoWorkflowId, { nodes: plan.nodes, edges: plan.edges, lockVersion });
      } catch (error) {
        if (error instanceof KapsoApiError && error.kind === "conflict") {
          const [latest, latestModels] = await readForApply(client, t);
          return { outcome: "kapso_changed", preview: toPreview(t, latest, latestModels) };
        }
        if (!(error instanceof KapsoApiError && (error.kind === "network" || error.kind === "server"))) {
          kapsoError(error, t.kapsoWorkflowId);
        }
        unknownOutcome = error;
      }
    }

    let after: KapsoWorkflowDefinition;
    try {
      after = await client.getWorkflowDefinition(t.kapsoWorkflowId);
    } catch (error) {
      kapsoError(error, t.kapsoWorkflowId);
    }
    const comparison = compareDefinition(t.workflowType, t.config, after.definition.nodes, models);
    const checked = await record(ctx, t, after.lock_version, comparison, "apply");
    if (!comparison.matches && unknownOutcome) kapsoError(unknownOutcome, t.kapsoWorkflowId);
    if (!comparison.matches) return { outcome: "not_verified", check: checked };

    // The "I've updated Kapso" rules (current version only, history entry) live in workflowSettings.
    try {
      await ctx.runMutation(api.workflowSettings.markSynced, { workspaceId, workflowType: type, version });
    } catch (error) {
      if (!(error instanceof ConvexError)) throw error;
      const data = error.data as { message?: string } | string;
      const note = typeof data === "string" ? data : (data.message ?? "The version could not be marked synced.");
      return { outcome: "applied", changedNodes: plan.changes.length, check: checked, markedSynced: false, note };
    }
    return { outcome: "applied", changedNodes: plan.changes.length, check: checked, markedSynced: true, note: null };
  },
});

const providerModelView = v.object({ id: v.union(v.string(), v.null()), name: v.string(), provider: v.union(v.string(), v.null()) });

/** Models for the AI model field: Kapso's own list when the API is configured, else a built-in suggestion list. */
export const providerModels = action({
  args: { workspaceId: v.id("workspaces") },
  returns: v.object({
    source: v.union(v.literal("kapso"), v.literal("builtin")),
    models: v.array(providerModelView),
    /** Why the built-in list is shown. */
    note: v.union(v.string(), v.null()),
  }),
  handler: async (ctx, { workspaceId }) => {
    const apiKey = await ctx.runQuery(internal.kapsoSync.loadApiKey, { workspaceId });
    const builtin = SUGGESTED_MODELS.map((name) => ({ id: null, name, provider: null }));
    const client = platformClient(apiKey, true);
    if (!client) {
      return {
        source: "builtin" as const,
        models: builtin,
        note: "Kapso's model list needs a Kapso API key (the workspace's, in Settings, or KAPSO_API_KEY); showing common models.",
      };
    }
    try {
      const models = await client.listProviderModels();
      return { source: "kapso" as const, models, note: null };
    } catch (error) {
      if (!(error instanceof KapsoApiError)) throw error;
      return { source: "builtin" as const, models: builtin, note: `Kapso's model list is unavailable (${error.message}); showing common models.` };
    }
  },
});
