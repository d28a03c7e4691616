"use client";
import * as React from "react";
import { useTranslations } from "next-intl";
import dynamic from "next/dynamic";
import Link from "next/link";
import { useQuery } from "convex/react";
import { api } from "@convex/_generated/api";
import { PageHeader } from "@/components/shell/PageHeader";
import { LoadingState } from "@/components/ui/states";
import { QueryBoundary } from "@/components/ui/query-boundary";
import { useWorkspace } from "@/components/workspace/WorkspaceProvider";
import { WORKFLOW_LABELS, type WorkflowType } from "@/domain/workflowSettings";
import { SyncControls } from "./SyncControls";
import { useUnsavedChangesWarning } from "./useUnsavedChangesWarning";

// The editor validates with the server's schema (zod); the Kapso Platform API panel, the Kapso steps and the
// history with its diffs are rarely used or long reads. Their code loads once the settings have, so the page's
// first load carries none of them.
const KapsoApiPanel = dynamic(() => import("./KapsoApiPanel").then((m) => m.KapsoApiPanel), {
  loading: () => <LoadingState className="py-6" />,
});
const WorkflowEditor = dynamic(() => import("./WorkflowEditor").then((m) => m.WorkflowEditor), {
  loading: () => <LoadingState className="py-6" />,
});
const KapsoInstructionsPanel = dynamic(() => import("./KapsoInstructionsPanel").then((m) => m.KapsoInstructionsPanel), {
  loading: () => <LoadingState className="py-6" />,
});
const WorkflowHistory = dynamic(() => import("./WorkflowHistory").then((m) => m.WorkflowHistory), {
  loading: () => <LoadingState className="py-6" />,
});

function WorkflowDetailContent({ workflowType }: { workflowType: WorkflowType }) {
  const { workspaceId } = useWorkspace();
  const t = useTranslations("workflows.detail");
  const data = useQuery(api.workflowSettings.get, { workspaceId, workflowType });
  const [dirty, setDirty] = React.useState(false);
  useUnsavedChangesWarning(dirty);

  if (data === undefined) {
    return <LoadingState label={t("loading")} />;
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
      <KapsoApiPanel workflowType={workflowType} />
      <WorkflowHistory workflowType={workflowType} />
    </div>
  );
}

/** /workflows/[type]: status and sync, the editor, the Kapso steps and the history. */
export function WorkflowDetail({ workflowType }: { workflowType: WorkflowType }) {
  const t = useTranslations("workflows");
  const { workspaceId } = useWorkspace();
  return (
    <div>
      <p className="mb-2 text-sm">
        <Link href="/workflows" className="text-muted-foreground hover:text-foreground">
          {t("detail.back")}
        </Link>
      </p>
      <PageHeader title={WORKFLOW_LABELS[workflowType].name} description={t(`descriptions.${workflowType}`)} />
      <QueryBoundary title={t("detail.loadError")} resetKey={workspaceId}>
        <WorkflowDetailContent workflowType={workflowType} />
      </QueryBoundary>
    </div>
  );
}
