"use client";
import * as React from "react";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useAction, useQuery } from "convex/react";
import type { FunctionReturnType } from "convex/server";
import { api } from "@convex/_generated/api";
import { roleHasPermission } from "@convex/permissions";
import { Alert, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader, CardTitle } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/dialog";
import { LoadingState } from "@/components/ui/states";
import { useWorkspace } from "@/components/workspace/WorkspaceProvider";
import { useErrorMessage } from "@/lib/errors";
import type { MessageRef } from "@/i18n/messageRef";
import { useMessage } from "@/i18n/useMessage";
import type { WorkflowType } from "@/domain/workflowSettings";
import { useDateFormat } from "@/lib/useDateFormat";
import {
  KapsoCheckBadge,
  KapsoCheckSummary,
  KapsoFieldTable,
  NodeChangeList,
  useCheckErrorText,
  type KapsoCheck,
  type KapsoPreview,
} from "./KapsoCheckResult";

type Notice = { tone: "success" | "warning" | "error"; text: string };
type ApplyResult = FunctionReturnType<typeof api.kapsoSync.apply>;

function NoticeBox({ notice }: { notice: Notice }) {
  return (
    <Alert
      role={notice.tone === "error" ? "alert" : "status"}
      variant={notice.tone === "error" ? "destructive" : notice.tone}
    >
      {notice.text}
    </Alert>
  );
}

/**
 * Kapso Platform API features for one workflow: check Kapso against the settings
 * (automatically after "I've updated Kapso"), show drift found by the hourly
 * check, and let admins apply the settings after reviewing the exact node changes.
 * Without a Kapso API key (the workspace's own, or the deployment's
 * KAPSO_API_KEY) it only explains what the API would add.
 */
export function KapsoApiPanel({ workflowType }: { workflowType: WorkflowType }) {
  const t = useTranslations("instructions.api");
  const say = useMessage();
  const errorMessage = useErrorMessage();
  const checkErrorText = useCheckErrorText();
  const { workspaceId, role } = useWorkspace();
  const dates = useDateFormat();
  const status = useQuery(api.kapsoSync.status, { workspaceId, workflowType });
  const runCheck = useAction(api.kapsoSync.check);
  const runPreview = useAction(api.kapsoSync.previewApply);
  const runApply = useAction(api.kapsoSync.apply);
  const canApply = roleHasPermission(role, "workflow.apply");

  const [checking, startChecking] = React.useTransition();
  const [previewing, startPreviewing] = React.useTransition();
  const [applying, startApplying] = React.useTransition();
  const busy = checking || previewing || applying;
  const [notice, setNotice] = React.useState<Notice | null>(null);
  const [preview, setPreview] = React.useState<KapsoPreview | null>(null);
  const [conflict, setConflict] = React.useState(false);
  const [problems, setProblems] = React.useState<MessageRef[]>([]);

  const check = React.useCallback(
    (automatic: boolean) => {
      setNotice(null);
      startChecking(async () => {
        try {
          const result: KapsoCheck = await runCheck({ workspaceId, workflowType });
          if (automatic && result.state === "verified") {
            React.startTransition(() => setNotice({ tone: "success", text: t("autoChecked") }));
          }
        } catch (error) {
          React.startTransition(() =>
            setNotice({ tone: "error", text: t("checkFailed", { error: errorMessage(error) }) }),
          );
        }
      });
    },
    [runCheck, workspaceId, workflowType, t, errorMessage],
  );

  // After "I've updated Kapso" (here or in another tab) check once, automatically.
  const autoCheckedFor = React.useRef<number | null>(null);
  const lastSyncedAt = status?.lastSyncedAt ?? null;
  const checkedAt = status?.check?.checkedAt ?? 0;
  const ready = Boolean(status?.apiConfigured && status.kapsoWorkflowId);
  React.useEffect(() => {
    if (!ready || lastSyncedAt === null || lastSyncedAt <= checkedAt || autoCheckedFor.current === lastSyncedAt) {
      return;
    }
    autoCheckedFor.current = lastSyncedAt;
    check(true);
  }, [ready, lastSyncedAt, checkedAt, check]);

  if (status === undefined) {
    return <LoadingState label={t("loading")} className="py-6" />;
  }

  if (!status.apiConfigured) {
    return (
      <Card>
        <CardHeader>
          <CardTitle>{t("title")}</CardTitle>
        </CardHeader>
        <CardBody className="space-y-1 text-sm text-muted-foreground">
          <p>
            {t.rich("notConfigured", {
              settings: (chunks) => (
                <Link href="/settings" className="font-medium text-foreground underline underline-offset-2">
                  {chunks}
                </Link>
              ),
              code: (chunks) => <code className="text-xs">{chunks}</code>,
            })}
          </p>
          <p>{t("manualStillWorks")}</p>
        </CardBody>
      </Card>
    );
  }

  const last = status.check;
  const stale = last !== null && last.state !== "error" && last.settingsVersion !== status.settingsVersion;
  const missing = status.settingsVersion === 0 ? t("saveFirst") : !status.kapsoWorkflowId ? t("addWorkflowId") : null;

  function openPreview() {
    setNotice(null);
    setProblems([]);
    startPreviewing(async () => {
      try {
        const next = await runPreview({ workspaceId, workflowType });
        React.startTransition(() => {
          if (next.problems.length > 0) {
            setProblems(next.problems as MessageRef[]);
          } else {
            setConflict(false);
            setPreview(next);
          }
        });
      } catch (error) {
        React.startTransition(() =>
          setNotice({ tone: "error", text: t("readFailed", { error: errorMessage(error) }) }),
        );
      }
    });
  }

  function confirmApply() {
    if (!preview) {
      return;
    }
    startApplying(async () => {
      try {
        const result = await runApply({
          workspaceId,
          workflowType,
          version: preview.settingsVersion,
          lockVersion: preview.lockVersion,
        });
        React.startTransition(() => showApplied(preview, result));
      } catch (error) {
        React.startTransition(() => {
          setPreview(null);
          setNotice({ tone: "error", text: t("applyFailed", { error: errorMessage(error) }) });
        });
      }
    });
  }

  /** Shows what applying the reviewed version did; nothing was written when Kapso changed meanwhile. */
  function showApplied(reviewed: KapsoPreview, result: ApplyResult) {
    if (result.outcome === "kapso_changed") {
      // Nothing was written: show what Kapso has now and let the admin decide again.
      setConflict(true);
      if (result.preview.problems.length > 0) {
        setPreview(null);
        setProblems(result.preview.problems as MessageRef[]);
      } else {
        setPreview(result.preview);
      }
      return;
    }
    setPreview(null);
    if (result.outcome === "not_verified") {
      setNotice({ tone: "warning", text: t("notVerified") });
    } else if (!result.markedSynced) {
      setNotice({
        tone: "warning",
        text: t("notMarkedSynced", { note: result.note ? say(result.note as MessageRef) : "" }),
      });
    } else {
      setNotice({
        tone: "success",
        text: t("applied", {
          version: reviewed.settingsVersion,
          count: result.changedNodes,
          lockVersion: result.check.lockVersion ?? "—",
        }),
      });
    }
  }

  return (
    <Card>
      <CardHeader>
        <div>
          <CardTitle>{t("title")}</CardTitle>
          <p className="mt-0.5 text-xs text-muted-foreground">{t("subtitle", { version: status.settingsVersion })}</p>
        </div>
        {!missing && <KapsoCheckBadge check={last} stale={stale} />}
      </CardHeader>
      <CardBody className="space-y-4">
        {missing ? (
          <p className="text-sm text-muted-foreground">{missing}</p>
        ) : (
          <>
            {last && !stale && <KapsoCheckSummary check={last} />}
            {stale && last && (
              <p className="text-sm text-muted-foreground">
                {t("stale", { checked: last.settingsVersion, current: status.settingsVersion })}
              </p>
            )}
            {last?.lastError && (
              <NoticeBox
                notice={{
                  tone: "error",
                  text: t("automaticFailed", {
                    time: dates.dateTime(last.lastError.at),
                    error: checkErrorText(last.lastError),
                  }),
                }}
              />
            )}
            {notice && <NoticeBox notice={notice} />}
            {problems.length > 0 && (
              <Alert variant="warning">
                <AlertTitle>{conflict ? t("problemsAfterConflict") : t("problems")}</AlertTitle>
                <ul className="mt-1 list-disc pl-5">
                  {problems.map((p) => (
                    <li key={say(p)}>{say(p)}</li>
                  ))}
                </ul>
              </Alert>
            )}
            <div className="flex flex-wrap items-center gap-2">
              <Button variant="secondary" onClick={() => check(false)} busy={checking} disabled={busy}>
                {checking ? t("checking") : t("check")}
              </Button>
              {canApply && (
                <Button onClick={openPreview} busy={previewing} disabled={busy}>
                  {previewing ? t("reading") : t("apply")}
                </Button>
              )}
            </div>
            {last && !stale && <KapsoFieldTable fields={last.fields} />}
          </>
        )}
      </CardBody>
      <ConfirmDialog
        open={preview !== null}
        title={t("confirmTitle", { version: preview?.settingsVersion ?? "" })}
        confirmLabel={applying ? t("applying") : t("apply")}
        busy={applying}
        onConfirm={confirmApply}
        onCancel={() => {
          setPreview(null);
          setConflict(false);
        }}
      >
        {preview && (
          <div className="space-y-3">
            {conflict && <Alert variant="warning">{t("conflict", { lockVersion: preview.lockVersion ?? "—" })}</Alert>}
            <p>
              {t.rich("confirmBody", {
                name: preview.kapsoWorkflowName,
                lockVersion: preview.lockVersion ?? "—",
                strong: (chunks) => <span className="font-medium">{chunks}</span>,
              })}
            </p>
            <NodeChangeList preview={preview} />
          </div>
        )}
      </ConfirmDialog>
    </Card>
  );
}
