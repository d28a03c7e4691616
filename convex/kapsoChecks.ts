import { v, type Infer } from "convex/values";
import { internalMutation, internalQuery, type ActionCtx, type QueryCtx } from "./_generated/server";
import { internal } from "./_generated/api";
import type { Doc, Id } from "./_generated/dataModel";
import { userError } from "./errors";
import { messageRef } from "../src/i18n/messageRef";
import { kapsoCheckState, kapsoFieldCheck, workflowConfig, workflowType } from "./schema";
import { findSettings } from "./workflowSettings";
import { compareDefinition, type DefinitionComparison } from "../src/domain/kapsoDefinitionSync";
import type { KapsoNode, KapsoPlatformClient } from "../src/domain/kapsoPlatform";
import type { WorkflowType } from "../src/domain/workflowSettings";
import { upgradeConfig } from "../src/domain/keywordRules";

/**
 * Stored comparisons of a workflow's settings with Kapso's live definition:
 * what "Check Kapso", "Apply to Kapso" and the drift cron read and record.
 */

export const checkSource = v.union(v.literal("check"), v.literal("apply"), v.literal("drift"));

export const checkView = v.object({
  state: kapsoCheckState,
  kapsoWorkflowId: v.string(),
  settingsVersion: v.number(),
  lockVersion: v.union(v.number(), v.null()),
  verifiedLockVersion: v.union(v.number(), v.null()),
  fields: v.array(kapsoFieldCheck),
  differingFields: v.array(v.string()),
  source: checkSource,
  checkedAt: v.number(),
  lastError: v.union(
    v.object({
      kind: v.string(),
      message: v.string(),
      key: v.optional(v.string()),
      values: v.optional(v.record(v.string(), v.union(v.string(), v.number()))),
      at: v.number(),
    }),
    v.null(),
  ),
});
export type CheckView = Infer<typeof checkView>;

export function toCheckView(doc: Doc<"kapsoWorkflowChecks">): CheckView {
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

export async function findCheck(ctx: QueryCtx, workspaceId: Id<"workspaces">, type: WorkflowType) {
  return await ctx.db
    .query("kapsoWorkflowChecks")
    .withIndex("by_workspace_type", (q) => q.eq("workspace_id", workspaceId).eq("workflow_type", type))
    .unique();
}

/** The saved settings a comparison is made against, and who asked (null for the cron). */
export const target = v.object({
  workspaceId: v.id("workspaces"),
  workflowType,
  version: v.number(),
  config: workflowConfig,
  kapsoWorkflowId: v.string(),
  kapsoWorkflowName: v.string(),
  userId: v.union(v.string(), v.null()),
});
export type Target = Infer<typeof target>;

export function toTarget(row: Doc<"workflowSettings">, userId: string | null): Target {
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

/** The settings to compare, for an action whose builder has checked the caller's access. */
export const loadTarget = internalQuery({
  args: { workspaceId: v.id("workspaces"), workflowType, userId: v.string() },
  returns: target,
  handler: async (ctx, { workspaceId, workflowType: type, userId }) => {
    const row = await findSettings(ctx, workspaceId, type);
    if (!row) {
      throw userError("INVALID", messageRef("errors.workflows.kapso.saveFirst"));
    }
    if (!row.kapso_workflow_id.trim()) {
      throw userError("INVALID", messageRef("errors.workflows.kapso.noWorkflowId"));
    }
    return toTarget(row, userId);
  },
});

/**
 * Compares, fetching Kapso's model list only when the model cannot be judged from
 * the node alone (Kapso's id is authoritative; most definitions carry the name too).
 */
export async function compareLive(
  client: KapsoPlatformClient,
  t: Target,
  nodes: KapsoNode[],
): Promise<DefinitionComparison> {
  const first = compareDefinition(t.workflowType, t.config, nodes, null);
  if (!first.differingFields.includes("ai_model")) {
    return first;
  }
  return compareDefinition(t.workflowType, t.config, nodes, await client.listProviderModels());
}

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
    source: checkSource,
    checkedBy: v.union(v.string(), v.null()),
  },
  returns: checkView,
  handler: async (ctx, args) => {
    const settings = await findSettings(ctx, args.workspaceId, args.workflowType);
    const existing = await findCheck(ctx, args.workspaceId, args.workflowType);
    const synced = settings?.sync_status === "synced" && settings.last_synced_version === args.settingsVersion;
    const matches = args.differingFields.length === 0;
    const state = matches ? "verified" : synced ? "changed_in_kapso" : "differs";
    const sameTarget =
      existing?.settings_version === args.settingsVersion && existing.kapso_workflow_id === args.kapsoWorkflowId;
    const verifiedLockVersion =
      matches && args.lockVersion !== null
        ? args.lockVersion
        : sameTarget
          ? existing?.verified_lock_version
          : undefined;
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
    key: v.string(),
    values: v.record(v.string(), v.union(v.string(), v.number())),
  },
  returns: v.null(),
  handler: async (ctx, args) => {
    const { kind, message, key, values } = args;
    const lastError = { kind, message, key, values, at: Date.now() };
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

/** Records a comparison from an action. */
export async function record(
  ctx: ActionCtx,
  t: Target,
  lockVersion: number | null,
  comparison: DefinitionComparison,
  source: Infer<typeof checkSource>,
): Promise<CheckView> {
  return await ctx.runMutation(internal.kapsoChecks.recordCheck, {
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
