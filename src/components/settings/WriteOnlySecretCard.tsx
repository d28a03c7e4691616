"use client";
import * as React from "react";
import type * as z from "zod/mini";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader, CardTitle } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/dialog";
import { Field, Input } from "@/components/ui/field";
import { errorMessage } from "@/lib/errors";

export type SecretState = { tone: "success" | "warning" | "info"; label: string };

/**
 * A workspace credential that is write-only once stored: the card shows whether
 * it is set and lets admins replace or clear it; everyone else reads the state.
 */
export function WriteOnlySecretCard({
  title,
  name,
  description,
  state,
  hasOwnValue,
  canManage,
  noun,
  field,
  schema,
  save,
  clear,
  clearExplanation,
}: {
  title: string;
  /** What it is, mid-sentence ("webhook secret", "Kapso API key"). */
  name: string;
  description: string;
  state: SecretState;
  /** The workspace has its own value, so it can be cleared. */
  hasOwnValue: boolean;
  canManage: boolean;
  /** "secret", "key": the button labels' word. */
  noun: string;
  field: { label: string; hint: string };
  /** The same schema the server validates with. */
  schema: z.ZodMiniType<string>;
  save: (value: string) => Promise<unknown>;
  clear: () => Promise<unknown>;
  clearExplanation: React.ReactNode;
}) {
  const [editing, setEditing] = React.useState(false);
  const [value, setValue] = React.useState("");
  const [busy, startRun] = React.useTransition();
  const [confirmClear, setConfirmClear] = React.useState(false);
  const [status, setStatus] = React.useState<{ ok: boolean; message: string } | null>(null);

  const parsed = schema.safeParse(value);
  const inputError = value && !parsed.success ? parsed.error.issues[0]?.message : undefined;
  const Name = name.charAt(0).toUpperCase() + name.slice(1);

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
          <CardTitle>{title}</CardTitle>
          <p className="mt-0.5 text-xs text-muted-foreground">{description}</p>
        </div>
        <Badge tone={state.tone}>{state.label}</Badge>
      </CardHeader>
      <CardBody className="space-y-3">
        {!canManage ? (
          <p className="text-sm text-muted-foreground">Only admins can change the {name}.</p>
        ) : editing ? (
          <form
            className="space-y-3"
            noValidate
            onSubmit={(e) => {
              e.preventDefault();
              if (parsed.success) {
                run(() => save(parsed.data), `${Name} saved.`);
              }
            }}
          >
            <Field label={field.label} hint={field.hint} error={inputError}>
              <Input type="password" autoComplete="off" value={value} onChange={(e) => setValue(e.target.value)} />
            </Field>
            <div className="flex gap-2">
              <Button type="submit" busy={busy} disabled={!parsed.success}>
                Save {noun}
              </Button>
              <Button variant="ghost" onClick={() => (setEditing(false), setValue(""))} disabled={busy}>
                Cancel
              </Button>
            </div>
          </form>
        ) : (
          <div className="flex gap-2">
            <Button variant="secondary" onClick={() => setEditing(true)}>
              {hasOwnValue ? `Replace ${noun}` : `Set ${noun}`}
            </Button>
            {hasOwnValue && (
              <Button variant="ghost" onClick={() => setConfirmClear(true)}>
                Clear {noun}
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
        title={`Clear the ${name}?`}
        confirmLabel={`Clear ${noun}`}
        busy={busy}
        onConfirm={() => run(clear, `${Name} cleared.`)}
        onCancel={() => setConfirmClear(false)}
      >
        {clearExplanation}
      </ConfirmDialog>
    </Card>
  );
}
