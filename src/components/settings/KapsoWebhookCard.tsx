"use client";
import * as React from "react";
import { useAction, useQuery } from "convex/react";
import type { FunctionReturnType } from "convex/server";
import { api } from "@convex/_generated/api";
import type { Id } from "@convex/_generated/dataModel";
import type { KapsoApiKeySource } from "@convex/kapsoCredentials";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader, CardTitle } from "@/components/ui/card";
import { CopyButton } from "@/components/ui/copy-button";
import { Field, Input } from "@/components/ui/field";
import { useDeliveryHealth } from "@/components/deliveries/useDeliveryHealth";
import { errorMessage } from "@/lib/errors";
import { useDateFormat } from "@/lib/useDateFormat";
import { HANDLED_EVENTS } from "@/domain/kapsoWebhook";
import { bufferingSchema, DEFAULT_BUFFERING } from "@/domain/kapsoWebhookSetup";

type WebhookState = FunctionReturnType<typeof api.kapsoWebhookSetup.inspect>;
type TestResult = FunctionReturnType<typeof api.kapsoWebhookSetup.sendTestDelivery>;

function CopyRow({
  label,
  copyLabel,
  value,
  display,
}: {
  label: string;
  copyLabel: string;
  value: string;
  display?: React.ReactNode;
}) {
  return (
    <div className="flex flex-wrap items-start justify-between gap-2">
      <div className="min-w-0">
        <dt className="text-muted-foreground">{label}</dt>
        <dd className="font-mono text-xs break-all text-foreground">{display ?? value}</dd>
      </div>
      <CopyButton value={value} label={copyLabel} />
    </div>
  );
}

/** The values to paste into Kapso's webhook form, each with a copy button. */
function CopyValues({ url }: { url: string | null }) {
  const events = HANDLED_EVENTS.join(", ");
  return (
    <dl className="space-y-3 text-sm">
      {url ? (
        <CopyRow label="Webhook URL" copyLabel="Copy URL" value={url} />
      ) : (
        <p className="text-muted-foreground">
          The webhook URL is unknown: CONVEX_SITE_URL is not set on this deployment.
        </p>
      )}
      <CopyRow
        label="Events"
        copyLabel="Copy events"
        value={events}
        display={
          <ul className="list-inside list-disc">
            {HANDLED_EVENTS.map((e) => (
              <li key={e}>{e}</li>
            ))}
          </ul>
        }
      />
      <CopyRow label="Payload version" copyLabel="Copy version" value="v2" />
      <p className="text-muted-foreground">
        Kind: Kapso. For the secret, paste the one Kapso shows for the webhook into &quot;Kapso webhook secret&quot;
        below.
      </p>
    </dl>
  );
}

function KapsoWebhook({ state }: { state: WebhookState }) {
  if (!state.webhook) {
    return (
      <p className="text-sm text-muted-foreground">Kapso has no webhook to this deployment for this number yet.</p>
    );
  }
  const { webhook, drift } = state;
  return (
    <div className="space-y-2 text-sm">
      <dl className="grid gap-2 sm:grid-cols-3">
        <div>
          <dt className="text-muted-foreground">In Kapso</dt>
          <dd>{webhook.active === false ? "Paused" : "Active"}</dd>
        </div>
        <div>
          <dt className="text-muted-foreground">Payload version</dt>
          <dd>{webhook.payloadVersion ?? "not stated"}</dd>
        </div>
        <div>
          <dt className="text-muted-foreground">Buffering</dt>
          <dd>
            {webhook.bufferEnabled
              ? `${webhook.bufferWindowSeconds ?? "?"} s, up to ${webhook.maxBufferSize ?? "?"} messages`
              : "Off"}
          </dd>
        </div>
      </dl>
      <p className="text-muted-foreground">Events: {webhook.events.length ? webhook.events.join(", ") : "none"}</p>
      {drift.length ? (
        <Alert variant="warning">
          <AlertTitle>The webhook in Kapso differs from what this app needs</AlertTitle>
          <AlertDescription>
            <ul className="list-inside list-disc">
              {drift.map((d) => (
                <li key={d}>{d}</li>
              ))}
            </ul>
            Connect webhook fixes it.
          </AlertDescription>
        </Alert>
      ) : (
        <Alert variant="success" role="status">
          The webhook in Kapso matches what this app needs.
        </Alert>
      )}
    </div>
  );
}

type BufferingDraft = { enabled: boolean; windowSeconds: string; maxSize: string };

function parseBuffering(draft: BufferingDraft) {
  return bufferingSchema.safeParse(
    draft.enabled
      ? { enabled: true, windowSeconds: Number(draft.windowSeconds), maxSize: Number(draft.maxSize) }
      : { enabled: false },
  );
}

function BufferingFields({ draft, onChange }: { draft: BufferingDraft; onChange: (d: BufferingDraft) => void }) {
  const parsed = parseBuffering(draft);
  const issue = (path: string) =>
    parsed.success ? undefined : parsed.error.issues.find((i) => i.path[0] === path)?.message;
  return (
    <fieldset className="space-y-3">
      <label className="flex items-center gap-2 text-sm">
        <input
          type="checkbox"
          checked={draft.enabled}
          onChange={(e) => onChange({ ...draft, enabled: e.target.checked })}
        />
        Buffer inbound messages (Kapso batches a conversation&apos;s messages that arrive close together)
      </label>
      {draft.enabled && (
        <div className="grid gap-3 sm:grid-cols-2">
          <Field label="Buffer window (seconds)" hint="1 to 60" error={issue("windowSeconds")}>
            <Input
              inputMode="numeric"
              value={draft.windowSeconds}
              onChange={(e) => onChange({ ...draft, windowSeconds: e.target.value })}
            />
          </Field>
          <Field label="Largest batch (messages)" hint="1 to 100" error={issue("maxSize")}>
            <Input
              inputMode="numeric"
              value={draft.maxSize}
              onChange={(e) => onChange({ ...draft, maxSize: e.target.value })}
            />
          </Field>
        </div>
      )}
    </fieldset>
  );
}

type Busy = "inspect" | "connect" | "test" | null;

/**
 * Connecting Kapso's webhook to this deployment. With a Kapso API key: Connect
 * webhook creates or updates it through Kapso's Platform API with a new secret,
 * and the webhook is shown as Kapso has it. Without one: the values to paste
 * into Kapso. Either way "Connected" once the first delivery from Kapso arrived.
 */
export function KapsoWebhookCard({
  workspaceId,
  apiKeySource,
  canManage,
}: {
  workspaceId: Id<"workspaces">;
  apiKeySource: KapsoApiKeySource;
  canManage: boolean;
}) {
  const endpoint = useQuery(api.kapsoWebhookSetup.endpoint, { workspaceId });
  const health = useDeliveryHealth({ live: true });
  const { dateTime } = useDateFormat();
  const inspect = useAction(api.kapsoWebhookSetup.inspect);
  const connect = useAction(api.kapsoWebhookSetup.connect);
  const sendTest = useAction(api.kapsoWebhookSetup.sendTestDelivery);
  const hasKey = apiKeySource !== "none";
  const [state, setState] = React.useState<WebhookState | null>(null);
  const [draft, setDraft] = React.useState<BufferingDraft>({
    enabled: false,
    windowSeconds: String(DEFAULT_BUFFERING.windowSeconds),
    maxSize: String(DEFAULT_BUFFERING.maxSize),
  });
  const buffering = parseBuffering(draft);
  const [busy, setBusy] = React.useState<Busy>(null);
  const [error, setError] = React.useState<string | null>(null);
  const [notice, setNotice] = React.useState<string | null>(null);
  const [test, setTest] = React.useState<TestResult | null>(null);

  const run = React.useCallback(async (what: Exclude<Busy, null>, call: () => Promise<void>) => {
    setBusy(what);
    setError(null);
    try {
      await call();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(null);
    }
  }, []);
  const secondaryButton = (what: Exclude<Busy, null>, label: string, call: () => Promise<void>) => (
    <Button variant="secondary" busy={busy === what} disabled={busy !== null} onClick={() => run(what, call)}>
      {label}
    </Button>
  );

  const connected = health?.lastReceivedAt !== undefined;
  return (
    <Card>
      <CardHeader>
        <div>
          <CardTitle>Kapso webhook</CardTitle>
          <p className="mt-1 text-sm text-muted-foreground">
            Where Kapso sends this number&apos;s messages and status updates.
          </p>
        </div>
        {health === undefined ? null : connected ? (
          <Badge tone="success">Connected</Badge>
        ) : (
          <Badge tone="warning">Waiting for the first delivery</Badge>
        )}
      </CardHeader>
      <CardBody className="space-y-4">
        {health?.lastReceivedAt !== undefined && (
          <p className="text-sm text-muted-foreground">Last delivery from Kapso: {dateTime(health.lastReceivedAt)}.</p>
        )}
        {hasKey ? (
          <>
            {state && <KapsoWebhook state={state} />}
            {canManage && (
              <>
                <BufferingFields draft={draft} onChange={setDraft} />
                <p className="text-sm text-muted-foreground">
                  Connect webhook sets the webhook in Kapso to {endpoint?.url ?? "this deployment"}, payload v2, every
                  event this app reads, active, and a new secret, which replaces this workspace&apos;s secret.
                </p>
              </>
            )}
          </>
        ) : (
          <>
            <p className="text-sm text-muted-foreground">
              Without a Kapso API key, create the webhook in Kapso by hand (the number → Webhooks → Add webhook) with
              these values.
            </p>
            {endpoint !== undefined && <CopyValues url={endpoint.url} />}
          </>
        )}
        {error && <Alert>{error}</Alert>}
        {notice && (
          <Alert variant="success" role="status">
            {notice}
          </Alert>
        )}
        {test && (
          <Alert variant={test.ok ? "success" : "destructive"} role={test.ok ? "status" : "alert"}>
            <AlertTitle>{test.ok ? "Test delivery answered" : "Test delivery failed"}</AlertTitle>
            <AlertDescription>{test.message}</AlertDescription>
          </Alert>
        )}
        {(canManage || hasKey) && (
          <div className="flex flex-wrap gap-2">
            {canManage && hasKey && (
              <Button
                busy={busy === "connect"}
                disabled={busy !== null || !buffering.success}
                onClick={() =>
                  run("connect", async () => {
                    if (!buffering.success) {
                      return;
                    }
                    setNotice(null);
                    const result = await connect({ workspaceId, buffering: buffering.data });
                    setState(result);
                    setNotice(
                      result.created
                        ? "Kapso now sends this number's webhooks here, signed with a new secret."
                        : "The webhook in Kapso was updated, with a new secret.",
                    );
                  })
                }
              >
                Connect webhook
              </Button>
            )}
            {hasKey &&
              secondaryButton("inspect", "Check in Kapso", async () => setState(await inspect({ workspaceId })))}
            {canManage &&
              secondaryButton("test", "Send test delivery", async () => setTest(await sendTest({ workspaceId })))}
          </div>
        )}
      </CardBody>
    </Card>
  );
}
