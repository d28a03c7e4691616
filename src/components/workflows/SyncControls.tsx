"use client";
import * as React from "react";
import { useTranslations } from "next-intl";
import { useMutation } from "convex/react";
import { api } from "@convex/_generated/api";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/dialog";
import { useWorkspace } from "@/components/workspace/WorkspaceProvider";
import { useErrorMessage } from "@/lib/errors";
import type { WorkflowSettingsView } from "./WorkflowEditor";
import { SyncStatusBadge } from "./SyncStatusBadge";
import { useDateFormat } from "@/lib/useDateFormat";

/** Status and the "I've updated Kapso" confirmation for the saved version. */
export function SyncControls({ settings, dirty }: { settings: WorkflowSettingsView; dirty: boolean }) {
  const { workspaceId } = useWorkspace();
  const t = useTranslations("workflows.sync");
  const errorMessage = useErrorMessage();
  const dates = useDateFormat();
  const markSynced = useMutation(api.workflowSettings.markSynced);
  const [open, setOpen] = React.useState(false);
  const [busy, startConfirming] = React.useTransition();
  const reasonId = React.useId();
  const [error, setError] = React.useState<string | null>(null);

  const alreadySynced = settings.syncStatus === "synced" && settings.lastSyncedVersion === settings.version;
  const reason = !settings.saved
    ? t("saveFirst")
    : dirty
      ? t("dirty")
      : alreadySynced
        ? t("alreadyConfirmed", { version: settings.version })
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
            {settings.saved && (
              <span className="text-muted-foreground">{t("version", { version: settings.version })}</span>
            )}
          </div>
          <p className="text-xs text-muted-foreground">
            {settings.lastSyncedAt
              ? t("lastConfirmed", {
                  version: settings.lastSyncedVersion ?? "—",
                  actor: settings.lastSyncedBy ?? "—",
                  date: dates.dateTime(settings.lastSyncedAt),
                })
              : t("neverConfirmed")}
          </p>
        </div>
        <div className="flex flex-col items-end gap-1">
          <Button
            onClick={() => setOpen(true)}
            disabled={reason !== null}
            aria-describedby={reason ? reasonId : undefined}
          >
            {t("button")}
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
        title={t("confirmTitle", { version: settings.version })}
        confirmLabel={t("confirmLabel", { version: settings.version })}
        busy={busy}
        onConfirm={confirm}
        onCancel={() => setOpen(false)}
      >
        {t("confirmBody", { version: settings.version })}
      </ConfirmDialog>
    </div>
  );
}
