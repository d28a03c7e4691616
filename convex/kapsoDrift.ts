import { v } from "convex/values";
import { internalAction, internalMutation, internalQuery } from "./_generated/server";
import { internal } from "./_generated/api";
import type { Id } from "./_generated/dataModel";
import { kapsoCredentialsFor } from "./kapsoCredentials";
import { compareLive, record, target, toTarget } from "./kapsoChecks";
import { platformClient } from "./model/kapsoClient";
import { KapsoApiError } from "../src/domain/kapsoPlatform";

/**
 * The drift cron: re-checks workflows marked synced against Kapso's live
 * definition and flags the ones changed in Kapso since. Read-only towards Kapso,
 * and it never changes the settings themselves.
 */

// Drift checks are spread out so a sweep stays far below Kapso's per-minute limit.
const DRIFT_PAGE_SIZE = 25;
const DRIFT_SPACING_MS = 2_000;

/** A synced workflow for the drift check with its workspace's key, or null when it no longer qualifies. */
export const loadDriftTarget = internalQuery({
  args: { settingsId: v.id("workflowSettings") },
  returns: v.union(v.object({ target, apiKey: v.union(v.string(), v.null()) }), v.null()),
  handler: async (ctx, { settingsId }) => {
    const row = await ctx.db.get("workflowSettings", settingsId);
    if (!row || row.sync_status !== "synced" || !row.kapso_workflow_id.trim()) {
      return null;
    }
    const workspace = await ctx.db.get("workspaces", row.workspace_id);
    if (!workspace) {
      return null;
    }
    return { target: toTarget(row, null), apiKey: (await kapsoCredentialsFor(workspace)).apiKey };
  },
});

/**
 * Pages through all workflow settings (a few per workspace) and schedules one
 * spaced-out check per synced workflow, then the next page.
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
      if (row.sync_status !== "synced" || !row.kapso_workflow_id.trim()) {
        continue;
      }
      if (!hasKey.has(row.workspace_id)) {
        const workspace = await ctx.db.get("workspaces", row.workspace_id);
        hasKey.set(row.workspace_id, workspace !== null && (await kapsoCredentialsFor(workspace)).apiKey !== null);
      }
      if (!hasKey.get(row.workspace_id)) {
        continue;
      }
      await ctx.scheduler.runAfter(delay, internal.kapsoDrift.driftCheck, { settingsId: row._id });
      delay += DRIFT_SPACING_MS;
    }
    if (!page.isDone) {
      await ctx.scheduler.runAfter(0, internal.kapsoDrift.driftSweep, { cursor: page.continueCursor, delayMs: delay });
    }
    return null;
  },
});

/** Re-checks one synced workflow; flags "changed in Kapso" and never writes to Kapso. */
export const driftCheck = internalAction({
  args: { settingsId: v.id("workflowSettings") },
  returns: v.null(),
  handler: async (ctx, { settingsId }) => {
    const drift = await ctx.runQuery(internal.kapsoDrift.loadDriftTarget, { settingsId });
    const client = drift && platformClient(drift.apiKey, false);
    if (!drift || !client) {
      return null;
    }
    const t = drift.target;
    try {
      const definition = await client.getWorkflowDefinition(t.kapsoWorkflowId);
      const comparison = await compareLive(client, t, definition.definition.nodes);
      await record(ctx, t, definition.lock_version, comparison, "drift");
    } catch (error) {
      if (!(error instanceof KapsoApiError)) {
        throw error;
      }
      await ctx.runMutation(internal.kapsoChecks.recordFailure, {
        workspaceId: t.workspaceId,
        workflowType: t.workflowType,
        kapsoWorkflowId: t.kapsoWorkflowId,
        settingsVersion: t.version,
        kind: error.kind,
        message: error.message,
        key: error.ref.key,
        values: error.ref.values ?? {},
      });
    }
    return null;
  },
});
