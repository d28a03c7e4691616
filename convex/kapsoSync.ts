import { ConvexError, v, type Infer } from "convex/values";
import { api, internal } from "./_generated/api";
import { userError } from "./errors";
import { messageRef, type MessageKey, type MessageValues } from "../src/i18n/messageRef";
import { workspaceAction, workspaceQuery } from "./functions";
import { kapsoCredentialsFor } from "./kapsoCredentials";
import { checkView, compareLive, findCheck, record, toCheckView, type CheckView, type Target } from "./kapsoChecks";
import { kapsoError, platformClient, requireClient } from "./model/kapsoClient";
import { findSettings } from "./workflowSettings";
import { syncStatus, workflowType } from "./schema";
import { applySequence, readForApply } from "../src/domain/kapsoApply";
import { planApply } from "../src/domain/kapsoDefinitionSync";
import { KapsoApiError, type KapsoWorkflowDefinition, type ProviderModel } from "../src/domain/kapsoPlatform";
import { SUGGESTED_MODELS, WORKFLOW_TYPES } from "../src/domain/workflowSettings";

/**
 * Workflow settings ↔ Kapso through the Platform API, as the dashboard calls it:
 * Check compares Kapso's live definition with the settings; Apply patches the
 * mapped nodes' config and marks the version synced. Nothing here ever changes
 * the settings themselves. Stored checks: kapsoChecks; the drift cron: kapsoDrift.
 */

const nodeChange = v.object({
  nodeId: v.string(),
  nodeType: v.string(),
  displayName: v.string(),
  changes: v.array(v.object({ configKey: v.string(), field: v.string(), before: v.string(), after: v.string() })),
});

/** A MessageRef as a return value (the dashboard renders it in its reader's language). */
const sentence = v.object({
  key: v.string(),
  values: v.optional(v.record(v.string(), v.union(v.string(), v.number()))),
});

const preview = v.object({
  settingsVersion: v.number(),
  lockVersion: v.union(v.number(), v.null()),
  kapsoWorkflowName: v.string(),
  changes: v.array(nodeChange),
  /** Why Apply cannot run (graph changes to make in the Kapso canvas); empty when it can. */
  problems: v.array(sentence),
});
type Preview = Infer<typeof preview>;

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

/** Whether the API features are available, and the latest check of this workflow. */
export const status = workspaceQuery({
  permission: "workspace.read",
  args: { workflowType },
  returns: v.object({
    apiConfigured: v.boolean(),
    settingsVersion: v.number(),
    syncStatus,
    lastSyncedAt: v.union(v.number(), v.null()),
    kapsoWorkflowId: v.string(),
    check: v.union(checkView, v.null()),
  }),
  handler: async (ctx, { workspaceId, workflowType: type }) => {
    const settings = await findSettings(ctx, workspaceId, type);
    const check = await findCheck(ctx, workspaceId, type);
    return {
      apiConfigured: (await kapsoCredentialsFor(ctx.workspace)).apiKey !== null,
      settingsVersion: settings?.version ?? 0,
      syncStatus: settings?.sync_status ?? "manual_setup_required",
      lastSyncedAt: settings?.last_synced_at ?? null,
      kapsoWorkflowId: settings?.kapso_workflow_id ?? "",
      check: check ? toCheckView(check) : null,
    };
  },
});

/** The latest Kapso check of each workflow of the workspace, for the /workflows list (at most one row per workflow type). */
export const listStatus = workspaceQuery({
  permission: "workspace.read",
  args: {},
  returns: v.array(v.object({ workflowType, check: checkView })),
  handler: async (ctx, { workspaceId }) => {
    const rows = await ctx.db
      .query("kapsoWorkflowChecks")
      .withIndex("by_workspace_type", (q) => q.eq("workspace_id", workspaceId))
      .take(WORKFLOW_TYPES.length);
    return rows.map((row) => ({ workflowType: row.workflow_type, check: toCheckView(row) }));
  },
});

/** "Check Kapso": reads the live definition and records, per field, whether it matches the settings. */
export const check = workspaceAction({
  permission: "workspace.read",
  args: { workflowType },
  returns: checkView,
  handler: async (ctx, { workspaceId, workflowType: type }): Promise<CheckView> => {
    const t: Target = await ctx.runQuery(internal.kapsoChecks.loadTarget, {
      workspaceId,
      workflowType: type,
      userId: ctx.viewer.userId,
    });
    const client = requireClient((await kapsoCredentialsFor(ctx.workspace)).apiKey);
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
export const previewApply = workspaceAction({
  permission: "workflow.apply",
  args: { workflowType },
  returns: preview,
  handler: async (ctx, { workspaceId, workflowType: type }): Promise<Preview> => {
    const t: Target = await ctx.runQuery(internal.kapsoChecks.loadTarget, {
      workspaceId,
      workflowType: type,
      userId: ctx.viewer.userId,
    });
    const client = requireClient((await kapsoCredentialsFor(ctx.workspace)).apiKey);
    try {
      const [definition, models] = await readForApply(client, t.kapsoWorkflowId);
      return toPreview(t, definition, models);
    } catch (error) {
      kapsoError(error, t.kapsoWorkflowId);
    }
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
    note: v.union(sentence, v.null()),
  }),
  /** Kapso changed since the preview (or answered 409): nothing was written; here is the new difference. */
  v.object({ outcome: v.literal("kapso_changed"), preview }),
  /** Kapso took the change but reads back differently. */
  v.object({ outcome: v.literal("not_verified"), check: checkView }),
);
type ApplyResult = Infer<typeof applyResult>;

/** "Apply to Kapso" (the sequence: src/domain/kapsoApply), for the version and lock_version the admin previewed. */
export const apply = workspaceAction({
  permission: "workflow.apply",
  args: { workflowType, version: v.number(), lockVersion: v.union(v.number(), v.null()) },
  returns: applyResult,
  handler: async (ctx, { workspaceId, workflowType: type, version, lockVersion }): Promise<ApplyResult> => {
    const t: Target = await ctx.runQuery(internal.kapsoChecks.loadTarget, {
      workspaceId,
      workflowType: type,
      userId: ctx.viewer.userId,
    });
    if (t.version !== version) {
      throw userError("CONFLICT", messageRef("errors.workflows.kapso.versionMoved", { current: t.version, version }));
    }
    const client = requireClient((await kapsoCredentialsFor(ctx.workspace)).apiKey);
    let result;
    try {
      result = await applySequence<CheckView>(
        { workflowType: t.workflowType, config: t.config, kapsoWorkflowId: t.kapsoWorkflowId, lockVersion },
        {
          client,
          record: (after, comparison) => record(ctx, t, after, comparison, "apply"),
          // The "I've updated Kapso" rules (current version only, history entry) live in workflowSettings.
          markSynced: async () => {
            try {
              await ctx.runMutation(api.workflowSettings.markSynced, { workspaceId, workflowType: type, version });
              return null;
            } catch (error) {
              if (!(error instanceof ConvexError)) {
                throw error;
              }
              const data = error.data as { key?: MessageKey; values?: MessageValues } | string;
              return typeof data === "object" && data.key
                ? messageRef(data.key, data.values)
                : messageRef("errors.workflows.kapso.notMarkedSynced");
            }
          },
        },
      );
    } catch (error) {
      kapsoError(error, t.kapsoWorkflowId);
    }
    switch (result.outcome) {
      case "cannot_apply":
        // The preview lists every problem; the error names the first.
        throw userError("INVALID", result.problems[0]);
      case "kapso_changed":
        return { outcome: "kapso_changed", preview: toPreview(t, result.definition, result.models) };
      default:
        return result;
    }
  },
});

const providerModelView = v.object({
  id: v.union(v.string(), v.null()),
  name: v.string(),
  provider: v.union(v.string(), v.null()),
});

/** Models for the AI model field: Kapso's own list when the API is configured, else a built-in suggestion list. */
export const providerModels = workspaceAction({
  permission: "workspace.read",
  args: {},
  returns: v.object({
    source: v.union(v.literal("kapso"), v.literal("builtin")),
    models: v.array(providerModelView),
    /** Why the built-in list is shown. */
    note: v.union(v.string(), v.null()),
  }),
  handler: async (ctx) => {
    const builtin = SUGGESTED_MODELS.map((name) => ({ id: null, name, provider: null }));
    const client = platformClient((await kapsoCredentialsFor(ctx.workspace)).apiKey, true);
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
      if (!(error instanceof KapsoApiError)) {
        throw error;
      }
      return {
        source: "builtin" as const,
        models: builtin,
        note: `Kapso's model list is unavailable (${error.message}); showing common models.`,
      };
    }
  },
});
