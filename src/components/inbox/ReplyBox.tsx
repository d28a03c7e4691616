"use client";
import * as React from "react";
import { useMutation } from "convex/react";
import { useTranslations } from "next-intl";
import { api } from "@convex/_generated/api";
import type { Id } from "@convex/_generated/dataModel";
import { useWorkspace } from "@/components/workspace/WorkspaceProvider";
import { Button } from "@/components/ui/button";
import { Textarea } from "@/components/ui/field";
import { formatRemaining, REPLY_MAX_LENGTH, replyWindow } from "@/domain/replyWindow";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { LoadingState } from "@/components/ui/states";
import { useErrorMessage } from "@/lib/errors";
import { useNow } from "@/lib/useNow";
import { useMessage } from "@/i18n/useMessage";
import { SendingSetupFix } from "./MessageStatus";

// The reply's schema (zod) loads when a reply is sent, not with the page.
const leadForms = () => import("@/domain/leadForms");
// Loaded only when a conversation is outside the 24-hour window.
const TemplatePicker = React.lazy(() => import("./TemplatePicker").then((m) => ({ default: m.TemplatePicker })));

/**
 * The reply composer: free text inside WhatsApp's 24-hour window (Enter sends,
 * Shift+Enter adds a line), an approved template outside it. Says before anyone
 * types when sending is not set up.
 */
export function ReplyBox({
  conversationId,
  lastInboundAt,
  canSend,
}: {
  conversationId: Id<"conversations">;
  lastInboundAt: number | undefined;
  canSend: boolean;
}) {
  const t = useTranslations("inbox");
  const say = useMessage();
  const now = useNow(30_000);
  const replyState = replyWindow(lastInboundAt, now);
  return (
    <div className="space-y-2 border-t border-border bg-card p-3">
      {!canSend && (
        <Alert variant="warning" role="status">
          <AlertTitle>{t("noSending.title")}</AlertTitle>
          <AlertDescription>
            {t("noSending.body")}
            <SendingSetupFix className="mt-0.5" />
          </AlertDescription>
        </Alert>
      )}
      {replyState.open ? (
        <TextReply conversationId={conversationId} closesAt={replyState.closesAt} now={now} />
      ) : (
        <>
          <p className="text-xs font-medium text-warning">{say(replyState.explanation)}</p>
          <React.Suspense fallback={<LoadingState label={t("loadingTemplates")} className="py-3" />}>
            <TemplatePicker conversationId={conversationId} />
          </React.Suspense>
        </>
      )}
    </div>
  );
}

function TextReply({
  conversationId,
  closesAt,
  now,
}: {
  conversationId: Id<"conversations">;
  closesAt: number;
  now: number;
}) {
  const { workspaceId } = useWorkspace();
  const send = useMutation(api.replies.send);
  const t = useTranslations("inbox");
  const say = useMessage();
  const errorMessage = useErrorMessage();
  const [text, setText] = React.useState("");
  const [error, setError] = React.useState<string | null>(null);
  const [sending, startSending] = React.useTransition();
  const inputId = React.useId();
  const hintId = React.useId();

  function submit() {
    if (sending) {
      return;
    }
    setError(null);
    startSending(async () => {
      const { fieldError, replyTextSchema } = await leadForms();
      const invalid = fieldError(replyTextSchema, text);
      if (invalid) {
        React.startTransition(() => setError(say(invalid)));
        return;
      }
      try {
        await send({ workspaceId, conversationId, text });
        React.startTransition(() => setText(""));
      } catch (e) {
        React.startTransition(() => setError(errorMessage(e)));
      }
    });
  }

  return (
    <form
      className="space-y-2"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <label htmlFor={inputId} className="sr-only">
        {t("reply")}
      </label>
      <div className="flex items-end gap-2">
        <Textarea
          id={inputId}
          rows={2}
          className="min-h-0 resize-none"
          placeholder={t("replyPlaceholder")}
          value={text}
          maxLength={REPLY_MAX_LENGTH}
          aria-invalid={Boolean(error)}
          aria-describedby={hintId}
          onChange={(e) => {
            setText(e.target.value);
            if (error) {
              setError(null);
            }
          }}
          onKeyDown={(e) => {
            if (e.key === "Enter" && !e.shiftKey && !e.nativeEvent.isComposing) {
              e.preventDefault();
              submit();
            }
          }}
        />
        <Button type="submit" busy={sending}>
          {t("send")}
        </Button>
      </div>
      {error && (
        <p role="alert" className="text-xs font-medium text-destructive">
          {error}
        </p>
      )}
      <p id={hintId} className="text-xs text-muted-foreground">
        {t("windowClosesIn", { remaining: say(formatRemaining(closesAt - now)) })}
      </p>
    </form>
  );
}
