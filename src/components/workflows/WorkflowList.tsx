"use client";
import * as React from "react";
import { useTranslations } from "next-intl";
import Link from "next/link";
import { useQuery } from "convex/react";
import { api } from "@convex/_generated/api";
import { PageHeader } from "@/components/shell/PageHeader";
import { Card } from "@/components/ui/card";
import { LoadingState } from "@/components/ui/states";
import { QueryBoundary } from "@/components/ui/query-boundary";
import { useWorkspace } from "@/components/workspace/WorkspaceProvider";
import { FIELD_LABELS, WORKFLOW_LABELS } from "@/domain/workflowSettings";
import { SyncStatusBadge } from "./SyncStatusBadge";
import { fieldLabel, KapsoCheckBadge, useCheckErrorText, type KapsoCheck } from "./KapsoCheckResult";
import { useDateFormat } from "@/lib/useDateFormat";

/** One line on what the latest Kapso check of the current version found, in the reader's language. */
function useCheckLine(): (check: KapsoCheck) => string {
  const t = useTranslations("workflows");
  const dates = useDateFormat();
  const checkErrorText = useCheckErrorText();
  // Settings fields by their catalogue label; anything else (the Kapso workflow's own fields) as Kapso names it.
  const label = (field: string) =>
    field in FIELD_LABELS ? t(`fields.${field as keyof typeof FIELD_LABELS}`) : fieldLabel(field);
  return (check) => {
    const fields = check.differingFields.map(label).join(", ");
    switch (check.state) {
      case "verified":
        return t("list.checkVerified", { date: dates.dateTime(check.checkedAt) });
      case "changed_in_kapso":
        return t("list.checkChanged", { fields });
      case "differs":
        return t("list.checkDiffers", { fields });
      case "error":
        return check.lastError ? checkErrorText(check.lastError) : t("list.checkFailed");
    }
  };
}

const CHECK_LINE_TONE: Record<KapsoCheck["state"], string> = {
  verified: "text-foreground",
  differs: "text-warning",
  changed_in_kapso: "text-destructive",
  error: "text-destructive",
};

function Workflows() {
  const { workspaceId } = useWorkspace();
  const t = useTranslations("workflows");
  const dates = useDateFormat();
  const checkLine = useCheckLine();
  const workflows = useQuery(api.workflowSettings.list, { workspaceId });
  // Secondary: the cards show without it while it loads.
  const checks = useQuery(api.kapsoSync.listStatus, { workspaceId });
  if (workflows === undefined) {
    return <LoadingState label={t("list.loading")} />;
  }
  return (
    <ul className="grid gap-4 md:grid-cols-3">
      {workflows.map((w) => {
        const check = checks?.find((c) => c.workflowType === w.workflowType)?.check;
        // A check of an older version says nothing about the current one.
        const current = w.saved && check?.settingsVersion === w.version ? check : null;
        return (
          <li key={w.workflowType}>
            <Card className="h-full transition-shadow focus-within:ring-2 focus-within:ring-ring/30 hover:shadow-md">
              <Link href={`/workflows/${w.workflowType}`} className="block h-full space-y-3 p-5 focus:outline-none">
                <div className="flex items-start justify-between gap-2">
                  <h2 className="text-base font-semibold text-foreground">{WORKFLOW_LABELS[w.workflowType].name}</h2>
                  <div className="flex flex-wrap justify-end gap-1">
                    {/* "Synced" next to "Changed in Kapso" would contradict it: the drift badge replaces it. */}
                    {current?.state !== "changed_in_kapso" && (
                      <SyncStatusBadge saved={w.saved} syncStatus={w.syncStatus} />
                    )}
                    {current && <KapsoCheckBadge check={current} stale={false} />}
                  </div>
                </div>
                <p className="text-sm text-muted-foreground">{t(`descriptions.${w.workflowType}`)}</p>
                <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-xs">
                  <dt className="text-muted-foreground">{t("list.version")}</dt>
                  <dd className="text-foreground">{w.saved ? w.version : t("list.notSetUpDefaults")}</dd>
                  <dt className="text-muted-foreground">{t("list.model")}</dt>
                  <dd className="text-foreground">{w.config.ai_model}</dd>
                  <dt className="text-muted-foreground">{t("list.lastSynced")}</dt>
                  <dd className="text-foreground">
                    {w.lastSyncedAt
                      ? t("list.syncedBy", { date: dates.dateTime(w.lastSyncedAt), actor: w.lastSyncedBy ?? "—" })
                      : t("list.never")}
                  </dd>
                  {current && (
                    <>
                      <dt className="text-muted-foreground">{t("list.kapsoCheck")}</dt>
                      <dd className={CHECK_LINE_TONE[current.state]}>{checkLine(current)}</dd>
                    </>
                  )}
                </dl>
              </Link>
            </Card>
          </li>
        );
      })}
    </ul>
  );
}

/** /workflows: the three Kapso workflows and where each stands. */
export function WorkflowList() {
  const { workspaceId } = useWorkspace();
  const t = useTranslations("workflows");
  return (
    <div>
      <PageHeader title={t("list.title")} description={t("list.description")} />
      <QueryBoundary title={t("list.loadError")} resetKey={workspaceId}>
        <Workflows />
      </QueryBoundary>
    </div>
  );
}
