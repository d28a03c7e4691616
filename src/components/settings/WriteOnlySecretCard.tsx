"use client";
import * as React from "react";
import type * as z from "zod/mini";
import { useTranslations } from "next-intl";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader, CardTitle } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/dialog";
import { Field, Input } from "@/components/ui/field";
import { useErrorMessage } from "@/lib/errors";
import { issueRef } from "@/i18n/issues";
import { useMessage } from "@/i18n/useMessage";

export type SecretState = { tone: "success" | "warning" | "info"; label: string };

/** What a card says, in the reader's language: each credential words its own sentences. */
export type SecretCardText = {
  title: string;
  description: string;
  /** Shown to those who cannot change it. */
  adminsOnly: string;
  label: string;
  hint: string;
  set: string;
  replace: string;
  save: string;
  clear: string;
  clearTitle: string;
  clearExplanation: React.ReactNode;
  saved: string;
  cleared: string;
};

/**
 * A workspace credential that is write-only once stored: the card shows whether
 * it is set and lets admins replace or clear it; everyone else reads the state.
 */
export function WriteOnlySecretCard({
  text,
  state,
  hasOwnValue,
  canManage,
  schema,
  save,
  clear,
}: {
  text: SecretCardText;
  state: SecretState;
  /** The workspace has its own value, so it can be cleared. */
  hasOwnValue: boolean;
  canManage: boolean;
  /** The same schema the server validates with. */
  schema: z.ZodMiniType<string>;
  save: (value: string) => Promise<unknown>;
  clear: () => Promise<unknown>;
}) {
  const t = useTranslations("settings.secretCard");
  const say = useMessage();
  const errorMessage = useErrorMessage();
  const [editing, setEditing] = React.useState(false);
  const [value, setValue] = React.useState("");
  const [busy, startRun] = React.useTransition();
  const [confirmClear, setConfirmClear] = React.useState(false);
  const [status, setStatus] = React.useState<{ ok: boolean; message: string } | null>(null);

  const parsed = schema.safeParse(value);
  const issue = value && !parsed.success ? parsed.error.issues[0] : undefined;
  const inputError = issue ? say(issueRef(issue)) : undefined;

  function run(action: () => Promise<unknown>, done: string) {
    setStatus(null);
    startRun(async () => {
      try {
        await action();
        React.startTransition(() => {
          setStatus({ ok: true, message: done });
          setEditing(false);
          setValue("");
        });
      } catch (error) {
        React.startTransition(() => setStatus({ ok: false, message: errorMessage(error) }));
      }
      React.startTransition(() => setConfirmClear(false));
    });
  }

  return (
    <Card>
      <CardHeader>
        <div>
          <CardTitle>{text.title}</CardTitle>
          <p className="mt-0.5 text-xs text-muted-foreground">{text.description}</p>
        </div>
        <Badge tone={state.tone}>{state.label}</Badge>
      </CardHeader>
      <CardBody className="space-y-3">
        {!canManage ? (
          <p className="text-sm text-muted-foreground">{text.adminsOnly}</p>
        ) : editing ? (
          <form
            className="space-y-3"
            noValidate
            onSubmit={(e) => {
              e.preventDefault();
              if (parsed.success) {
                run(() => save(parsed.data), text.saved);
              }
            }}
          >
            <Field label={text.label} hint={text.hint} error={inputError}>
              <Input type="password" autoComplete="off" value={value} onChange={(e) => setValue(e.target.value)} />
            </Field>
            <div className="flex gap-2">
              <Button type="submit" busy={busy} disabled={!parsed.success}>
                {text.save}
              </Button>
              <Button variant="ghost" onClick={() => (setEditing(false), setValue(""))} disabled={busy}>
                {t("cancel")}
              </Button>
            </div>
          </form>
        ) : (
          <div className="flex gap-2">
            <Button variant="secondary" onClick={() => setEditing(true)}>
              {hasOwnValue ? text.replace : text.set}
            </Button>
            {hasOwnValue && (
              <Button variant="ghost" onClick={() => setConfirmClear(true)}>
                {text.clear}
              </Button>
            )}
          </div>
        )}
        {status && (
          <p
            role={status.ok ? "status" : "alert"}
            className={status.ok ? "text-sm text-success" : "text-sm text-destructive"}
          >
            {status.message}
          </p>
        )}
      </CardBody>
      <ConfirmDialog
        open={confirmClear}
        title={text.clearTitle}
        confirmLabel={text.clear}
        busy={busy}
        onConfirm={() => run(clear, text.cleared)}
        onCancel={() => setConfirmClear(false)}
      >
        {text.clearExplanation}
      </ConfirmDialog>
    </Card>
  );
}
