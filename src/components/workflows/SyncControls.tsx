"use client";
import * as React from "react";
import { useMutation } from "convex/react";
import { api } from "@convex/_generated/api";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/dialog";
import { useWorkspace } from "@/components/workspace/WorkspaceProvider";
import { errorMessage } from "@/lib/errors";
import type { WorkflowSettingsView } from "./WorkflowEditor";
import { SyncStatusBadge } from "./SyncStatusBadge";
import { useDateFormat } from "@/lib/useDateFormat";

/** Status and the "I've updated Kapso" confirmation for the saved version. */
export function SyncControls({ settings, dirty }: { settings: WorkflowSettingsView; dirty: boolean }) {
  const { workspaceId } = useWorkspace();
  const dates = useDateFormat();
  const markSynced = useMutation(api.workflowSettings.markSynced);
  const [open, setOpen] = React.useState(false);
  const [busy, startConfirming] = React.useTransition();
  const reasonId = React.useId();
  const [error, setError] = React.useState<string | null>(null);

  const alreadySynced = settings.syncStatus === "synced" && settings.lastSyncedVersion === settings.version;
  const reason = !settings.saved
    ? "Save the settings first."
    : dirty
      ? "Save or discard your changes first: Kapso should get saved settings."
      : alreadySynced
        ? `Version ${settings.version} is already confirmed.`
        : null;

  function confirm() {
    setError(null);
    startConfirming(async () => {
      try {
        await markSynced({ workspaceId, workflowType: settings.workflowType, version: settings.version });
      } catch (e) {
        React.startTransition(() => setError(errorMessage(e)));
      }
      React.startTransition(() => setOpen(false));
    });
  }

  return (
    <div className="rounded-lg border border-border bg-card p-4 shadow-sm">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div className="space-y-1 text-sm">
          <div className="flex items-center gap-2">
            <SyncStatusBadge saved={settings.saved} syncStatus={settings.syncStatus} />
            {settings.saved && <span className="text-muted-foreground">Version {settings.version}</span>}
          </div>
          <p className="text-xs text-muted-foreground">
            {settings.lastSyncedAt
              ? `Last confirmed in Kapso: version ${settings.lastSyncedVersion} by ${settings.lastSyncedBy} on ${settings.lastSyncedAt === null ? "—" : dates.dateTime(settings.lastSyncedAt)}`
              : "Never confirmed in Kapso."}
          </p>
        </div>
        <div className="flex flex-col items-end gap-1">
          <Button
            onClick={() => setOpen(true)}
            disabled={reason !== null}
            aria-describedby={reason ? reasonId : undefined}
          >
            I&apos;ve updated Kapso
          </Button>
          {reason && (
            <p id={reasonId} className="text-xs text-muted-foreground">
              {reason}
            </p>
          )}
        </div>
      </div>
      {error && <Alert className="mt-3">{error}</Alert>}
      <ConfirmDialog
        open={open}
        title={`Mark version ${settings.version} as applied in Kapso?`}
        confirmLabel={`Yes, Kapso has version ${settings.version}`}
        busy={busy}
        onConfirm={confirm}
        onCancel={() => setOpen(false)}
      >
        Confirm only after you applied every step for version {settings.version} in the Kapso Dashboard and saved the
        workflow there. Your name and the time are recorded in the history.
      </ConfirmDialog>
    </div>
  );
}
