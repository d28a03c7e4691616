import { compareDefinition, planApply, type DefinitionComparison } from "./kapsoDefinitionSync";
import {
  KapsoApiError,
  type KapsoPlatformClient,
  type KapsoWorkflowDefinition,
  type ProviderModel,
} from "./kapsoPlatform";
import type { MessageRef } from "../i18n/messageRef";
import type { WorkflowConfig, WorkflowType } from "./workflowSettings";

/**
 * "Apply to Kapso" as one sequence over an injected client: re-read the
 * definition; if Kapso's lock_version is not the one the admin previewed, stop
 * with the new definition. Else PATCH the complete node and edge sets with that
 * lock_version (a 409 also stops with the new definition), read back, record
 * the comparison, and, when Kapso matches, mark the version synced.
 * Kapso failures are thrown as KapsoApiError for the caller to present.
 */

export type ApplySettings = {
  workflowType: WorkflowType;
  config: WorkflowConfig;
  kapsoWorkflowId: string;
  /** The lock_version the preview was based on. */
  lockVersion: number | null;
};

export type ApplySteps<Check> = {
  client: Pick<KapsoPlatformClient, "getWorkflowDefinition" | "listProviderModels" | "updateWorkflowDefinition">;
  /** Stores the read-back comparison (every read-back is recorded, verified or not). */
  record: (lockVersion: number | null, comparison: DefinitionComparison) => Promise<Check>;
  /** Marks the version synced; returns why it could not be, or null. */
  markSynced: () => Promise<MessageRef | null>;
};

export type ApplySequenceResult<Check> =
  | { outcome: "applied"; changedNodes: number; check: Check; markedSynced: boolean; note: MessageRef | null }
  /** Kapso changed since the preview (or answered 409): nothing was written. */
  | { outcome: "kapso_changed"; definition: KapsoWorkflowDefinition; models: ProviderModel[] }
  /** Kapso took the change but reads back differently. */
  | { outcome: "not_verified"; check: Check }
  /** The settings need graph changes made in the Kapso canvas. */
  | { outcome: "cannot_apply"; problems: MessageRef[] };

export async function readForApply(
  client: Pick<KapsoPlatformClient, "getWorkflowDefinition" | "listProviderModels">,
  kapsoWorkflowId: string,
): Promise<[KapsoWorkflowDefinition, ProviderModel[]]> {
  return await Promise.all([client.getWorkflowDefinition(kapsoWorkflowId), client.listProviderModels()]);
}

/** Kapso may or may not have taken a write that failed this way: the read-back decides. */
function outcomeUnknown(error: unknown): error is KapsoApiError {
  return error instanceof KapsoApiError && (error.kind === "network" || error.kind === "server");
}

export async function applySequence<Check>(
  settings: ApplySettings,
  { client, record, markSynced }: ApplySteps<Check>,
): Promise<ApplySequenceResult<Check>> {
  const { workflowType, config, kapsoWorkflowId, lockVersion } = settings;
  const [definition, models] = await readForApply(client, kapsoWorkflowId);
  if (definition.lock_version !== lockVersion) {
    return { outcome: "kapso_changed", definition, models };
  }
  const plan = planApply(workflowType, config, definition.definition, models);
  if (!plan.ok) {
    return { outcome: "cannot_apply", problems: plan.problems };
  }

  let unknownOutcome: KapsoApiError | null = null;
  if (plan.changes.length > 0) {
    try {
      await client.updateWorkflowDefinition(kapsoWorkflowId, { nodes: plan.nodes, edges: plan.edges, lockVersion });
    } catch (error) {
      if (error instanceof KapsoApiError && error.kind === "conflict") {
        const [latest, latestModels] = await readForApply(client, kapsoWorkflowId);
        return { outcome: "kapso_changed", definition: latest, models: latestModels };
      }
      if (!outcomeUnknown(error)) {
        throw error;
      }
      unknownOutcome = error;
    }
  }

  const after = await client.getWorkflowDefinition(kapsoWorkflowId);
  const comparison = compareDefinition(workflowType, config, after.definition.nodes, models);
  const check = await record(after.lock_version, comparison);
  if (!comparison.matches && unknownOutcome) {
    throw unknownOutcome;
  }
  if (!comparison.matches) {
    return { outcome: "not_verified", check };
  }
  const note = await markSynced();
  return { outcome: "applied", changedNodes: plan.changes.length, check, markedSynced: note === null, note };
}
