"use client";
import * as React from "react";
import { useMutation } from "convex/react";
import { api } from "@convex/_generated/api";
import type { Id } from "@convex/_generated/dataModel";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader, CardTitle } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/dialog";
import { Field, Input } from "@/components/ui/field";
import { errorMessage } from "@/lib/errors";
import { webhookSecretSchema } from "@/domain/workspace";

/** The webhook secret is write-only: admins see whether it is set and can replace or clear it. */
export function WebhookSecretCard({
  workspaceId,
  hasSecret,
  canManage,
}: {
  workspaceId: Id<"workspaces">;
  hasSecret: boolean;
  canManage: boolean;
}) {
  const setSecret = useMutation(api.workspaces.setWebhookSecret);
  const clearSecret = useMutation(api.workspaces.clearWebhookSecret);
  const [editing, setEditing] = React.useState(false);
  const [secret, setSecretValue] = React.useState("");
  const [busy, setBusy] = React.useState(false);
  const [confirmClear, setConfirmClear] = React.useState(false);
  const [status, setStatus] = React.useState<{ ok: boolean; message: string } | null>(null);

  const parsed = webhookSecretSchema.safeParse(secret);
  const inputError = secret && !parsed.success ? parsed.error.issues[0]?.message : undefined;

  async function run(action: () => Promise<unknown>, done: string) {
    setBusy(true);
    setStatus(null);
    try {
      await action();
      setStatus({ ok: true, message: done });
      setEditing(false);
      setSecretValue("");
    } catch (error) {
      setStatus({ ok: false, message: errorMessage(error) });
    } finally {
      setBusy(false);
      setConfirmClear(false);
    }
  }

  return (
    <Card>
      <CardHeader>
        <div>
          <CardTitle>Kapso webhook secret</CardTitle>
          <p className="mt-0.5 text-xs text-slate-500">Kapso signs each webhook with it; it is never shown again after saving.</p>
        </div>
        {hasSecret ? <Badge tone="success">Set</Badge> : <Badge tone="warning">Not set</Badge>}
      </CardHeader>
      <CardBody className="space-y-3">
        {!canManage ? (
          <p className="text-sm text-slate-600">Only admins can change the webhook secret.</p>
        ) : editing ? (
          <form
            className="space-y-3"
            noValidate
            onSubmit={(e) => {
              e.preventDefault();
              if (parsed.success) void run(() => setSecret({ workspaceId, secret: parsed.data }), "Webhook secret saved.");
            }}
          >
            <Field id="webhook-secret" label="New webhook secret" hint="Paste the secret from the webhook's settings in Kapso." error={inputError}>
              <Input type="password" autoComplete="off" value={secret} onChange={(e) => setSecretValue(e.target.value)} />
            </Field>
            <div className="flex gap-2">
              <Button type="submit" busy={busy} disabled={!parsed.success}>
                Save secret
              </Button>
              <Button variant="ghost" onClick={() => (setEditing(false), setSecretValue(""))} disabled={busy}>
                Cancel
              </Button>
            </div>
          </form>
        ) : (
          <div className="flex gap-2">
            <Button variant="secondary" onClick={() => setEditing(true)}>
              {hasSecret ? "Replace secret" : "Set secret"}
            </Button>
            {hasSecret && (
              <Button variant="ghost" onClick={() => setConfirmClear(true)}>
                Clear secret
              </Button>
            )}
          </div>
        )}
        {status && (
          <p role={status.ok ? "status" : "alert"} className={status.ok ? "text-sm text-emerald-700" : "text-sm text-red-600"}>
            {status.message}
          </p>
        )}
      </CardBody>
      <ConfirmDialog
        open={confirmClear}
        title="Clear the webhook secret?"
        confirmLabel="Clear secret"
        busy={busy}
        onConfirm={() => void run(() => clearSecret({ workspaceId }), "Webhook secret cleared.")}
        onCancel={() => setConfirmClear(false)}
      >
        Webhooks for this workspace will then be checked against the deployment-wide secret, and refused if there is none.
      </ConfirmDialog>
    </Card>
  );
}
