"use client";
import * as React from "react";
import { useMutation } from "convex/react";
import { api } from "@convex/_generated/api";
import type { Id } from "@convex/_generated/dataModel";
import { useWorkspace } from "@/components/workspace/WorkspaceProvider";
import { Button } from "@/components/ui/button";
import { Textarea } from "@/components/ui/field";
import { fieldError, replyTextSchema, REPLY_MAX_LENGTH } from "@/domain/leadForms";
import { formatRemaining, replyWindow } from "@/domain/replyWindow";
import { errorMessage } from "@/lib/errors";
import { useNow } from "@/lib/useNow";

/** The reply composer: free text inside WhatsApp's 24-hour window; Enter sends, Shift+Enter adds a line. */
export function ReplyBox({
  conversationId,
  lastInboundAt,
}: {
  conversationId: Id<"conversations">;
  lastInboundAt: number | undefined;
}) {
  const { workspaceId } = useWorkspace();
  const send = useMutation(api.replies.send);
  const now = useNow(30_000);
  const replyState = replyWindow(lastInboundAt, now);
  const [text, setText] = React.useState("");
  const [error, setError] = React.useState<string | null>(null);
  const [sending, startSending] = React.useTransition();
  const inputId = React.useId();
  const hintId = React.useId();

  function submit() {
    if (sending || !replyState.open) {
      return;
    }
    const invalid = fieldError(replyTextSchema, text);
    if (invalid) {
      setError(invalid);
      return;
    }
    setError(null);
    startSending(async () => {
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
      className="space-y-2 border-t border-border bg-card p-3"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <label htmlFor={inputId} className="sr-only">
        Reply
      </label>
      <div className="flex items-end gap-2">
        <Textarea
          id={inputId}
          rows={2}
          className="min-h-0 resize-none"
          placeholder={
            replyState.open
              ? "Write a reply… (Enter sends, Shift+Enter for a new line)"
              : "Free text is closed for this lead"
          }
          value={text}
          maxLength={REPLY_MAX_LENGTH}
          disabled={!replyState.open}
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
        <Button type="submit" busy={sending} disabled={!replyState.open}>
          Send
        </Button>
      </div>
      {error && (
        <p role="alert" className="text-xs font-medium text-destructive">
          {error}
        </p>
      )}
      <p id={hintId} className={replyState.open ? "text-xs text-muted-foreground" : "text-xs font-medium text-warning"}>
        {replyState.open
          ? `The 24-hour reply window closes in ${formatRemaining(replyState.closesAt - now)}.`
          : replyState.explanation}
      </p>
    </form>
  );
}
