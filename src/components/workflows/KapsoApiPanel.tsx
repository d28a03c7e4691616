"use client";
import * as React from "react";
import Link from "next/link";
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
import { errorMessage } from "@/lib/errors";
import type { WorkflowType } from "@/domain/workflowSettings";
import { useDateFormat } from "@/lib/useDateFormat";
import {
  KapsoCheckBadge,
  KapsoCheckSummary,
  KapsoFieldTable,
  NodeChangeList,
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
  const [problems, setProblems] = React.useState<string[]>([]);

  const check = React.useCallback(
    (automatic: boolean) => {
      setNotice(null);
      startChecking(async () => {
        try {
          const result: KapsoCheck = await runCheck({ workspaceId, workflowType });
          if (automatic && result.state === "verified") {
            React.startTransition(() =>
              setNotice({ tone: "success", text: "Checked automatically after the update: Kapso matches." }),
            );
          }
        } catch (error) {
          React.startTransition(() =>
            setNotice({ tone: "error", text: `Could not check Kapso: ${errorMessage(error)}` }),
          );
        }
      });
    },
    [runCheck, workspaceId, workflowType],
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
    return <LoadingState label="Loading Kapso status…" className="py-6" />;
  }

  if (!status.apiConfigured) {
    return (
      <Card>
        <CardHeader>
          <CardTitle>Kapso Platform API</CardTitle>
        </CardHeader>
        <CardBody className="space-y-1 text-sm text-muted-foreground">
          <p>
            Not configured. With a Kapso API key this panel checks the workflow in Kapso against these settings, applies
            them for you, and flags changes made in Kapso later. An admin can add this workspace&apos;s own key in{" "}
            <Link href="/settings" className="font-medium text-foreground underline underline-offset-2">
              Settings
            </Link>
            , or set the <code className="text-xs">KAPSO_API_KEY</code> variable of the Convex deployment for every
            workspace. Either way the key stays on the server.
          </p>
          <p>The manual steps keep working without it.</p>
        </CardBody>
      </Card>
    );
  }

  const last = status.check;
  const stale = last !== null && last.state !== "error" && last.settingsVersion !== status.settingsVersion;
  const missing =
    status.settingsVersion === 0
      ? "Save the settings first, then check them against Kapso."
      : !status.kapsoWorkflowId
        ? "Add the Kapso workflow id to the settings to check them against Kapso."
        : null;

  function openPreview() {
    setNotice(null);
    setProblems([]);
    startPreviewing(async () => {
      try {
        const next = await runPreview({ workspaceId, workflowType });
        React.startTransition(() => {
          if (next.problems.length > 0) {
            setProblems(next.problems);
          } else {
            setConflict(false);
            setPreview(next);
          }
        });
      } catch (error) {
        React.startTransition(() => setNotice({ tone: "error", text: `Could not read Kapso: ${errorMessage(error)}` }));
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
          setNotice({ tone: "error", text: `Could not apply: ${errorMessage(error)}` });
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
        setProblems(result.preview.problems);
      } else {
        setPreview(result.preview);
      }
      return;
    }
    setPreview(null);
    if (result.outcome === "not_verified") {
      setNotice({
        tone: "warning",
        text: "Kapso took the change, but reading it back still shows differences (see below).",
      });
    } else if (!result.markedSynced) {
      setNotice({
        tone: "warning",
        text: `Applied and verified in Kapso, but not marked synced: ${result.note ?? ""}`,
      });
    } else {
      const nodes = result.changedNodes === 1 ? "1 node" : `${result.changedNodes} nodes`;
      setNotice({
        tone: "success",
        text: `Applied version ${reviewed.settingsVersion} (${nodes} updated), verified in Kapso at lock_version ${result.check.lockVersion ?? "—"} and marked synced.`,
      });
    }
  }

  return (
    <Card>
      <CardHeader>
        <div>
          <CardTitle>Kapso Platform API</CardTitle>
          <p className="mt-0.5 text-xs text-muted-foreground">
            Reads the live workflow in Kapso and compares it with version {status.settingsVersion}.
          </p>
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
                The last check compared version {last.settingsVersion}; the settings are now version{" "}
                {status.settingsVersion}. Check again.
              </p>
            )}
            {last?.lastError && (
              <NoticeBox
                notice={{
                  tone: "error",
                  text: `The automatic check at ${dates.dateTime(last.lastError.at)} failed: ${last.lastError.message}`,
                }}
              />
            )}
            {notice && <NoticeBox notice={notice} />}
            {problems.length > 0 && (
              <Alert variant="warning">
                <AlertTitle>
                  {conflict ? "Kapso changed meanwhile, and" : "Apply"} needs changes in the Kapso canvas first:
                </AlertTitle>
                <ul className="mt-1 list-disc pl-5">
                  {problems.map((p) => (
                    <li key={p}>{p}</li>
                  ))}
                </ul>
              </Alert>
            )}
            <div className="flex flex-wrap items-center gap-2">
              <Button variant="secondary" onClick={() => check(false)} busy={checking} disabled={busy}>
                {checking ? "Checking Kapso…" : "Check Kapso"}
              </Button>
              {canApply && (
                <Button onClick={openPreview} busy={previewing} disabled={busy}>
                  {previewing ? "Reading Kapso…" : "Apply to Kapso"}
                </Button>
              )}
            </div>
            {last && !stale && <KapsoFieldTable fields={last.fields} />}
          </>
        )}
      </CardBody>
      <ConfirmDialog
        open={preview !== null}
        title={`Apply version ${preview?.settingsVersion ?? ""} to Kapso?`}
        confirmLabel={applying ? "Applying…" : "Apply to Kapso"}
        busy={applying}
        onConfirm={confirmApply}
        onCancel={() => {
          setPreview(null);
          setConflict(false);
        }}
      >
        {preview && (
          <div className="space-y-3">
            {conflict && (
              <Alert variant="warning">
                The workflow changed in Kapso since you reviewed it (lock_version is now {preview.lockVersion ?? "—"}).
                Nothing was overwritten. These are the changes against what Kapso has now:
              </Alert>
            )}
            <p>
              Workflow <span className="font-medium">{preview.kapsoWorkflowName}</span>, lock_version{" "}
              {preview.lockVersion ?? "—"}. Only these config fields change; every other node, edge and position stays
              as it is.
            </p>
            <NodeChangeList preview={preview} />
          </div>
        )}
      </ConfirmDialog>
    </Card>
  );
}
