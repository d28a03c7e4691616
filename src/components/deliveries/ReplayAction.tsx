"use client";
import { useMutation, useQuery } from "convex/react";
import { api } from "@convex/_generated/api";
import type { Id } from "@convex/_generated/dataModel";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/dialog";
import { Alert } from "@/components/ui/alert";
import { Spinner } from "@/components/ui/button";
import { useWorkspace } from "@/components/workspace/WorkspaceProvider";
import { useConfirmedAction } from "./useConfirmedAction";
import { previewLines, type ReplayableStatus, type Scope } from "./format";

export type ReplaySelection =
  { scope: Scope; eventIds: Id<"webhookEvents">[] } | { scope: Scope; status: ReplayableStatus; event?: string };

/** A Replay button that first shows what the replay would do, then starts it. */
export function ReplayAction({ selection, label }: { selection: ReplaySelection; label: string }) {
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
        title="Replay deliveries"
        confirmLabel="Replay"
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
  const { workspaceId } = useWorkspace();
  const preview = useQuery(api.deliveries.previewReplay, { workspaceId, ...selection });
  if (preview === undefined) {
    return (
      <span className="inline-flex items-center gap-2">
        <Spinner className="size-3.5" /> Checking what a replay would do…
      </span>
    );
  }
  if (preview.total === 0) {
    return <p>Nothing to replay: no waiting delivery matches.</p>;
  }
  return (
    <div className="space-y-1" data-testid="replay-preview">
      {previewLines(preview).map((line) => (
        <p key={line}>{line}</p>
      ))}
      {preview.more && <p>More deliveries match than shown here; the replay takes them all, a batch at a time.</p>}
      <p>Each delivery&apos;s stored signature is checked again first; none is applied twice.</p>
    </div>
  );
}

/** The latest replay of this page: under way, or what it did. */
export function ReplayProgress() {
  const { workspaceId } = useWorkspace();
  const run = useQuery(api.deliveries.latestReplay, { workspaceId });
  if (!run) {
    return null;
  }
  const counts = `${run.replayed} replayed, ${run.not_replayed} not replayed`;
  return (
    <p role="status" className="text-sm text-muted-foreground">
      {run.state === "running"
        ? `Replaying… ${run.attempted} looked at so far (${counts}).`
        : `Last replay: ${counts}.`}
    </p>
  );
}
