"use client";
import * as React from "react";
import { useMutation } from "convex/react";
import { api } from "@convex/_generated/api";
import type { Id } from "@convex/_generated/dataModel";
import { useWorkspace } from "@/components/workspace/WorkspaceProvider";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/dialog";
import { errorMessage } from "@/lib/errors";

/**
 * Retry for a reply that did not go out. A failed reply is sent again at once;
 * one whose outcome is unknown may already have reached the lead, so Retry asks first.
 */
export function RetryReply({ messageId, outcome }: { messageId: Id<"messages">; outcome: "failed" | "unknown" }) {
  const { workspaceId } = useWorkspace();
  const retry = useMutation(api.replies.retry);
  const [confirming, setConfirming] = React.useState(false);
  const [busy, setBusy] = React.useState(false);
  const [error, setError] = React.useState<string | null>(null);

  async function send(confirmedUnknown: boolean) {
    setBusy(true);
    setError(null);
    try {
      await retry({ workspaceId, messageId, ...(confirmedUnknown ? { confirmedUnknown } : {}) });
      setConfirming(false);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <Button
        size="sm"
        variant="secondary"
        busy={busy && !confirming}
        onClick={() => (outcome === "unknown" ? setConfirming(true) : void send(false))}
      >
        Retry
      </Button>
      {error && !confirming && (
        <p role="alert" className="text-xs font-medium text-destructive">
          {error}
        </p>
      )}
      <ConfirmDialog
        open={confirming}
        title="Send this reply again?"
        confirmLabel="Send again"
        busy={busy}
        onConfirm={() => void send(true)}
        onCancel={() => setConfirming(false)}
      >
        <p>
          We could not confirm whether this reply reached the lead. It may already have been delivered, so sending it
          again could give them the same message twice.
        </p>
        {error && (
          <p role="alert" className="mt-2 font-medium text-destructive">
            {error}
          </p>
        )}
      </ConfirmDialog>
    </>
  );
}
