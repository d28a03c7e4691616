"use client";
import * as React from "react";
import { useMutation } from "convex/react";
import { useTranslations } from "next-intl";
import { api } from "@convex/_generated/api";
import type { Id } from "@convex/_generated/dataModel";
import { useWorkspace } from "@/components/workspace/WorkspaceProvider";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/dialog";
import { describeWhatsAppError } from "@/domain/whatsappErrors";
import { useErrorMessage } from "@/lib/errors";
import { useMessage } from "@/i18n/useMessage";
import { SendingSetupFix, type StatusInfo } from "./MessageStatus";

/**
 * Under a reply that did not go out (failed, or its outcome unknown): what happened, in a salesperson's words,
 * with the fix for admins when sending is not set up, and Retry once sending can work.
 */
export function NotDelivered({
  message,
  canSend,
}: {
  message: StatusInfo & { _id: Id<"messages">; status: "failed" | "unknown" };
  canSend: boolean;
}) {
  const t = useTranslations("inbox.retry");
  const say = useMessage();
  return (
    <div className="flex flex-col items-end gap-1 text-right">
      <div className="space-y-0.5 text-xs">
        {message.status === "failed" ? (
          <p role="alert" className="font-medium text-destructive">
            {t("notDelivered", {
              reason: say(
                describeWhatsAppError({
                  code: message.error_code,
                  title: message.error_title,
                  message: message.error_message,
                }),
              ),
            })}
          </p>
        ) : (
          <p className="font-medium text-warning">{t("notConfirmed")}</p>
        )}
        {!canSend && <SendingSetupFix />}
      </div>
      {/* Without sending set up a retry could only fail again; Retry appears as soon as it is. */}
      {canSend && <RetryReply messageId={message._id} outcome={message.status} />}
    </div>
  );
}

/**
 * Retry for a reply that did not go out. A failed reply is sent again at once;
 * one whose outcome is unknown may already have reached the lead, so Retry asks first.
 */
function RetryReply({ messageId, outcome }: { messageId: Id<"messages">; outcome: "failed" | "unknown" }) {
  const { workspaceId } = useWorkspace();
  const retry = useMutation(api.replies.retry);
  const t = useTranslations("inbox.retry");
  const errorMessage = useErrorMessage();
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
        {t("retry")}
      </Button>
      {error && !confirming && (
        <p role="alert" className="text-xs font-medium text-destructive">
          {error}
        </p>
      )}
      <ConfirmDialog
        open={confirming}
        title={t("confirmTitle")}
        confirmLabel={t("confirmLabel")}
        busy={busy}
        onConfirm={() => void send(true)}
        onCancel={() => setConfirming(false)}
      >
        <p>{t("confirmBody")}</p>
        {error && (
          <p role="alert" className="mt-2 font-medium text-destructive">
            {error}
          </p>
        )}
      </ConfirmDialog>
    </>
  );
}
