"use client";
import * as React from "react";
import Link from "next/link";
import { useQuery } from "convex/react";
import { api } from "@convex/_generated/api";
import { PageHeader } from "@/components/shell/PageHeader";
import { LoadingState } from "@/components/ui/states";
import { QueryBoundary } from "@/components/ui/query-boundary";
import { useWorkspace } from "@/components/workspace/WorkspaceProvider";
import { WORKFLOW_LABELS, type WorkflowType } from "@/domain/workflowSettings";
import { KapsoInstructionsPanel } from "./KapsoInstructionsPanel";
import { SyncControls } from "./SyncControls";
import { WorkflowEditor } from "./WorkflowEditor";
import { WorkflowHistory } from "./WorkflowHistory";
import { useUnsavedChangesWarning } from "./useUnsavedChangesWarning";

function WorkflowDetailContent({
  workflowType,
  kapsoApiPanel,
}: {
  workflowType: WorkflowType;
  kapsoApiPanel?: React.ReactNode;
}) {
  const { workspaceId } = useWorkspace();
  const data = useQuery(api.workflowSettings.get, { workspaceId, workflowType });
  const [dirty, setDirty] = React.useState(false);
  useUnsavedChangesWarning(dirty);

  if (data === undefined) {
    return <LoadingState label="Loading workflow settings…" />;
  }
  const { settings, lastSyncedConfig } = data;
  return (
    <div className="space-y-6">
      <SyncControls settings={settings} dirty={dirty} />
      <div className="grid gap-6 lg:grid-cols-2">
        {/* Keyed by workspace so switching workspaces starts a fresh form. */}
        <WorkflowEditor key={workspaceId} settings={settings} onDirtyChange={setDirty} />
        <KapsoInstructionsPanel
          saved={settings.saved}
          lastSyncedConfig={lastSyncedConfig}
          settings={{
            workflowType,
            config: settings.config,
            kapsoWorkflowId: settings.kapsoWorkflowId,
            kapsoWorkflowName: settings.kapsoWorkflowName,
            version: settings.version,
          }}
        />
      </div>
      {/* After the editor and the manual steps: the page is about the settings, the API is an optional shortcut. */}
      {kapsoApiPanel}
      <WorkflowHistory workflowType={workflowType} />
    </div>
  );
}

/** /workflows/[type]: status and sync, the editor, the Kapso steps and the history. */
export function WorkflowDetail({
  workflowType,
  kapsoApiPanel,
}: {
  workflowType: WorkflowType;
  kapsoApiPanel?: React.ReactNode;
}) {
  const label = WORKFLOW_LABELS[workflowType];
  const { workspaceId } = useWorkspace();
  return (
    <div>
      <p className="mb-2 text-sm">
        <Link href="/workflows" className="text-muted-foreground hover:text-foreground">
          ← All workflows
        </Link>
      </p>
      <PageHeader title={label.name} description={label.description} />
      <QueryBoundary title="Could not load this workflow" resetKey={workspaceId}>
        <WorkflowDetailContent workflowType={workflowType} kapsoApiPanel={kapsoApiPanel} />
      </QueryBoundary>
    </div>
  );
}
