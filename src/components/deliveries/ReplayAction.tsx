"use client";
import { useMutation, useQuery } from "convex/react";
import { useTranslations } from "next-intl";
import { api } from "@convex/_generated/api";
import type { Id } from "@convex/_generated/dataModel";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/dialog";
import { Alert } from "@/components/ui/alert";
import { Spinner } from "@/components/ui/button";
import { useWorkspace } from "@/components/workspace/WorkspaceProvider";
import { useMessage } from "@/i18n/useMessage";
import { useConfirmedAction } from "./useConfirmedAction";
import { previewLines, type ReplayableStatus, type Scope } from "./format";

export type ReplaySelection =
  { scope: Scope; eventIds: Id<"webhookEvents">[] } | { scope: Scope; status: ReplayableStatus; event?: string };

/** A Replay button that first shows what the replay would do, then starts it. */
export function ReplayAction({ selection, label }: { selection: ReplaySelection; label: string }) {
  const t = useTranslations("deliveries.replay");
  const { workspaceId } = useWorkspace();
  const replay = useMutation(api.deliveries.replay);
  const { open, setOpen, busy, error, confirm } = useConfirmedAction(() => replay({ workspaceId, ...selection }));
  return (
    <>
      <Button variant="secondary" size="sm" onClick={() => setOpen(true)}>
        {label}
      </Button>
      {error && <Alert className="mt-2">{error}</Alert>}
      <ConfirmDialog
        open={open}
        title={t("title")}
        confirmLabel={t("confirm")}
        busy={busy}
        onCancel={() => setOpen(false)}
        onConfirm={confirm}
      >
        {open && <Preview selection={selection} />}
      </ConfirmDialog>
    </>
  );
}

function Preview({ selection }: { selection: ReplaySelection }) {
  const t = useTranslations("deliveries.replay");
  const say = useMessage();
  const { workspaceId } = useWorkspace();
  const preview = useQuery(api.deliveries.previewReplay, { workspaceId, ...selection });
  if (preview === undefined) {
    return (
      <span className="inline-flex items-center gap-2">
        <Spinner className="size-3.5" /> {t("checking")}
      </span>
    );
  }
  if (preview.total === 0) {
    return <p>{t("nothing")}</p>;
  }
  return (
    <div className="space-y-1" data-testid="replay-preview">
      {previewLines(preview).map((line) => (
        <p key={JSON.stringify(line)}>{say(line)}</p>
      ))}
      {preview.more && <p>{t("more")}</p>}
      <p>{t("checkedAgain")}</p>
    </div>
  );
}

/** The latest replay of this page: under way, or what it did. */
export function ReplayProgress() {
  const t = useTranslations("deliveries.replay");
  const { workspaceId } = useWorkspace();
  const run = useQuery(api.deliveries.latestReplay, { workspaceId });
  if (!run) {
    return null;
  }
  const counts = { replayed: run.replayed, notReplayed: run.not_replayed };
  return (
    <p role="status" className="text-sm text-muted-foreground">
      {run.state === "running" ? t("running", { ...counts, attempted: run.attempted }) : t("last", counts)}
    </p>
  );
}
