import type { FunctionReturnType } from "convex/server";
import type { api } from "@convex/_generated/api";
import { defaultWorkflowConfig, type WorkflowType } from "@/domain/workflowSettings";

export type SettingsView = FunctionReturnType<typeof api.workflowSettings.get>["settings"];

export const KAPSO_ID = "6cae069e-7d5c-4fbb-834d-79e1f66e4672";
export const SAVED_AT = Date.UTC(2026, 10, 20, 8, 0);

/** A saved workflow at `version`, waiting for manual setup unless overridden. */
export function settingsView(type: WorkflowType = "sarah", overrides: Partial<SettingsView> = {}): SettingsView {
  return {
    workflowType: type,
    saved: true,
    version: 2,
    config: defaultWorkflowConfig(type),
    kapsoWorkflowId: KAPSO_ID,
    kapsoWorkflowName: "Sarah",
    syncStatus: "manual_setup_required",
    updatedAt: SAVED_AT,
    updatedBy: "Ana Putri",
    lastSyncedAt: null,
    lastSyncedBy: null,
    lastSyncedVersion: null,
    ...overrides,
  };
}
