"use client";
import * as React from "react";
import Link from "next/link";
import { useAction, useQuery } from "convex/react";
import { api } from "@convex/_generated/api";
import { roleHasPermission } from "@convex/permissions";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader, CardTitle } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/dialog";
import { LoadingState } from "@/components/ui/states";
import { useWorkspace } from "@/components/workspace/WorkspaceProvider";
import { errorMessage } from "@/lib/errors";
import type { WorkflowType } from "@/domain/workflowSettings";
import { formatWhen } from "./format";
import {
  KapsoCheckBadge,
  KapsoCheckSummary,
  KapsoFieldTable,
  NodeChangeList,
  type KapsoCheck,
  type KapsoPreview,
} from "./KapsoCheckResult";

type Notice = { tone: "success" | "warning" | "error"; text: string };

const noticeStyles: Record<Notice["tone"], string> = {
  success: "border-emerald-200 bg-emerald-50 text-emerald-900",
  warning: "border-amber-200 bg-amber-50 text-amber-900",
  error: "border-red-200 bg-red-50 text-red-800",
};

function NoticeBox({ notice }: { notice: Notice }) {
  return (
    <div role={notice.tone === "error" ? "alert" : "status"} className={`rounded-md border px-3 py-2 text-sm ${noticeStyles[notice.tone]}`}>
      {notice.text}
    </div>
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
  const status = useQuery(api.kapsoSync.status, { workspaceId, workflowType });
  const runCheck = useAction(api.kapsoSync.check);
  const runPreview = useAction(api.kapsoSync.previewApply);
  const runApply = useAction(api.kapsoSync.apply);
  const canApply = roleHasPermission(role, "workflow.apply");

  const [busy, setBusy] = React.useState<null | "checking" | "previewing" | "applying">(null);
  const [notice, setNotice] = React.useState<Notice | null>(null);
  const [preview, setPreview] = React.useState<KapsoPreview | null>(null);
  const [conflict, setConflict] = React.useState(false);
  const [problems, setProblems] = React.useState<string[]>([]);

  const check = React.useCallback(
    async (automatic: boolean) => {
      setBusy("checking");
      setNotice(null);
      try {
        const result: KapsoCheck = await runCheck({ workspaceId, workflowType });
        if (automatic && result.state === "verified") setNotice({ tone: "success", text: "Checked automatically after the update: Kapso matches." });
      } catch (error) {
        setNotice({ tone: "error", text: `Could not check Kapso: ${errorMessage(error)}` });
      } finally {
        setBusy(null);
      }
    },
    [runCheck, workspaceId, workflowType],
  );

  // After "I've updated Kapso" (here or in another tab) check once, automatically.
  const autoCheckedFor = React.useRef<number | null>(null);
  const lastSyncedAt = status?.lastSyncedAt ?? null;
  const checkedAt = status?.check?.checkedAt ?? 0;
  const ready = Boolean(status?.apiConfigured && status.kapsoWorkflowId);
  React.useEffect(() => {
    if (!ready || lastSyncedAt === null || lastSyncedAt <= checkedAt || autoCheckedFor.current === lastSyncedAt) return;
    autoCheckedFor.current = lastSyncedAt;
    void check(true);
  }, [ready, lastSyncedAt, checkedAt, check]);

  if (status === undefined) return <LoadingState label="Loading Kapso status…" className="py-6" />;

  if (!status.apiConfigured) {
    return (
      <Card>
        <CardHeader>
          <CardTitle>Kapso Platform API</CardTitle>
        </CardHeader>
        <CardBody className="space-y-1 text-sm text-slate-600">
          <p>
            Not configured. With a Kapso API key this panel checks the workflow in Kapso against these settings, applies them for
            you, and flags changes made in Kapso later. An admin can add this workspace&apos;s own key in{" "}
            <Link href="/settings" className="font-medium text-slate-800 underline underline-offset-2">
              Settings
            </Link>
            , or set the <code className="text-xs">KAPSO_API_KEY</code> variable of the Convex deployment for every workspace.
            Either way the key stays on the server.
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

  async function openPreview() {
    setBusy("previewing");
    setNotice(null);
    setProblems([]);
    try {
      const next = await runPreview({ workspaceId, workflowType });
      if (next.problems.length > 0) setProblems(next.problems);
      else {
        setConflict(false);
        setPreview(next);
      }
    } catch (error) {
      setNotice({ tone: "error", text: `Could not read Kapso: ${errorMessage(error)}` });
    } finally {
      setBusy(null);
    }
  }

  async function confirmApply() {
    if (!preview) return;
    setBusy("applying");
    try {
      const result = await runApply({ workspaceId, workflowType, version: preview.settingsVersion, lockVersion: preview.lockVersion });
      if (result.outcome === "kapso_changed") {
        // Nothing was written: show what Kapso has now and let the admin decide again.
        setConflict(true);
        if (result.preview.problems.length > 0) {
          setPreview(null);
          setProblems(result.preview.problems);
        } else setPreview(result.preview);
        return;
      }
      setPreview(null);
      if (result.outcome === "not_verified") {
        setNotice({ tone: "warning", text: "Kapso took the change, but reading it back still shows differences (see below)." });
      } else if (!result.markedSynced) {
        setNotice({ tone: "warning", text: `Applied and verified in Kapso, but not marked synced: ${result.note ?? ""}` });
      } else {
        const nodes = result.changedNodes === 1 ? "1 node" : `${result.changedNodes} nodes`;
        setNotice({
          tone: "success",
          text: `Applied version ${preview.settingsVersion} (${nodes} updated), verified in Kapso at lock_version ${result.check.lockVersion ?? "—"} and marked synced.`,
        });
      }
    } catch (error) {
      setPreview(null);
      setNotice({ tone: "error", text: `Could not apply: ${errorMessage(error)}` });
    } finally {
      setBusy(null);
    }
  }

  return (
    <Card>
      <CardHeader>
        <div>
          <CardTitle>Kapso Platform API</CardTitle>
          <p className="mt-0.5 text-xs text-slate-500">Reads the live workflow in Kapso and compares it with version {status.settingsVersion}.</p>
        </div>
        {!missing && <KapsoCheckBadge check={last} stale={stale} />}
      </CardHeader>
      <CardBody className="space-y-4">
        {missing ? (
          <p className="text-sm text-slate-600">{missing}</p>
        ) : (
          <>
            {last && !stale && <KapsoCheckSummary check={last} />}
            {stale && last && (
              <p className="text-sm text-slate-600">
                The last check compared version {last.settingsVersion}; the settings are now version {status.settingsVersion}. Check again.
              </p>
            )}
            {last?.lastError && (
              <NoticeBox
                notice={{ tone: "error", text: `The automatic check at ${formatWhen(last.lastError.at)} failed: ${last.lastError.message}` }}
              />
            )}
            {notice && <NoticeBox notice={notice} />}
            {problems.length > 0 && (
              <div role="alert" className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">
                <p className="font-medium">{conflict ? "Kapso changed meanwhile, and" : "Apply"} needs changes in the Kapso canvas first:</p>
                <ul className="mt-1 list-disc pl-5">
                  {problems.map((p) => (
                    <li key={p}>{p}</li>
                  ))}
                </ul>
              </div>
            )}
            <div className="flex flex-wrap items-center gap-2">
              <Button variant="secondary" onClick={() => void check(false)} busy={busy === "checking"} disabled={busy !== null}>
                {busy === "checking" ? "Checking Kapso…" : "Check Kapso"}
              </Button>
              {canApply && (
                <Button onClick={() => void openPreview()} busy={busy === "previewing"} disabled={busy !== null}>
                  {busy === "previewing" ? "Reading Kapso…" : "Apply to Kapso"}
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
        confirmLabel={busy === "applying" ? "Applying…" : "Apply to Kapso"}
        busy={busy === "applying"}
        onConfirm={() => void confirmApply()}
        onCancel={() => {
          setPreview(null);
          setConflict(false);
        }}
      >
        {preview && (
          <div className="space-y-3">
            {conflict && (
              <p role="alert" className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-amber-900">
                The workflow changed in Kapso since you reviewed it (lock_version is now {preview.lockVersion ?? "—"}). Nothing was
                overwritten. These are the changes against what Kapso has now:
              </p>
            )}
            <p>
              Workflow <span className="font-medium">{preview.kapsoWorkflowName}</span>, lock_version {preview.lockVersion ?? "—"}. Only
              these config fields change; every other node, edge and position stays as it is.
            </p>
            <NodeChangeList preview={preview} />
          </div>
        )}
      </ConfirmDialog>
    </Card>
  );
}
