"use client";
import * as React from "react";
import { useAction, useQuery } from "convex/react";
import type { FunctionReturnType } from "convex/server";
import { useTranslations } from "next-intl";
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
import { useErrorMessage } from "@/lib/errors";
import { issueRef } from "@/i18n/issues";
import type { MessageRef } from "@/i18n/messageRef";
import { useMessage } from "@/i18n/useMessage";
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
  const t = useTranslations("webhookSetup.copy");
  const events = HANDLED_EVENTS.join(", ");
  return (
    <dl className="space-y-3 text-sm">
      {url ? (
        <CopyRow label={t("url")} copyLabel={t("copyUrl")} value={url} />
      ) : (
        <p className="text-muted-foreground">{t("noUrl")}</p>
      )}
      <CopyRow
        label={t("events")}
        copyLabel={t("copyEvents")}
        value={events}
        display={
          <ul className="list-inside list-disc">
            {HANDLED_EVENTS.map((e) => (
              <li key={e}>{e}</li>
            ))}
          </ul>
        }
      />
      <CopyRow label={t("payloadVersion")} copyLabel={t("copyVersion")} value="v2" />
      <p className="text-muted-foreground">{t("kindAndSecret")}</p>
    </dl>
  );
}

function KapsoWebhook({ state }: { state: WebhookState }) {
  const t = useTranslations("webhookSetup.state");
  const say = useMessage();
  if (!state.webhook) {
    return <p className="text-sm text-muted-foreground">{t("none")}</p>;
  }
  const { webhook, drift } = state;
  return (
    <div className="space-y-2 text-sm">
      <dl className="grid gap-2 sm:grid-cols-3">
        <div>
          <dt className="text-muted-foreground">{t("inKapso")}</dt>
          <dd>{webhook.active === false ? t("paused") : t("active")}</dd>
        </div>
        <div>
          <dt className="text-muted-foreground">{t("payloadVersion")}</dt>
          <dd>{webhook.payloadVersion ?? t("notStated")}</dd>
        </div>
        <div>
          <dt className="text-muted-foreground">{t("buffering")}</dt>
          <dd>
            {webhook.bufferEnabled
              ? t("bufferingOn", { window: webhook.bufferWindowSeconds ?? "?", max: webhook.maxBufferSize ?? "?" })
              : t("bufferingOff")}
          </dd>
        </div>
      </dl>
      <p className="text-muted-foreground">
        {webhook.events.length ? t("events", { events: webhook.events.join(", ") }) : t("noEvents")}
      </p>
      {drift.length ? (
        <Alert variant="warning">
          <AlertTitle>{t("driftTitle")}</AlertTitle>
          <AlertDescription>
            <ul className="list-inside list-disc">
              {drift.map((d) => (
                <li key={d.key}>{say(d as MessageRef)}</li>
              ))}
            </ul>
            {t("driftFix")}
          </AlertDescription>
        </Alert>
      ) : (
        <Alert variant="success" role="status">
          {t("matches")}
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
  const t = useTranslations("webhookSetup.buffering");
  const say = useMessage();
  const parsed = parseBuffering(draft);
  const issue = (path: string) => {
    const found = parsed.success ? undefined : parsed.error.issues.find((i) => i.path[0] === path);
    return found && say(issueRef(found));
  };
  return (
    <fieldset className="space-y-3">
      <label className="flex items-center gap-2 text-sm">
        <input
          type="checkbox"
          checked={draft.enabled}
          onChange={(e) => onChange({ ...draft, enabled: e.target.checked })}
        />
        {t("enable")}
      </label>
      {draft.enabled && (
        <div className="grid gap-3 sm:grid-cols-2">
          <Field label={t("window")} hint={t("windowHint")} error={issue("windowSeconds")}>
            <Input
              inputMode="numeric"
              value={draft.windowSeconds}
              onChange={(e) => onChange({ ...draft, windowSeconds: e.target.value })}
            />
          </Field>
          <Field label={t("maxSize")} hint={t("maxSizeHint")} error={issue("maxSize")}>
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
  const t = useTranslations("webhookSetup");
  const say = useMessage();
  const errorMessage = useErrorMessage();
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
  const [notice, setNotice] = React.useState<"created" | "updated" | null>(null);
  const [test, setTest] = React.useState<TestResult | null>(null);

  const run = React.useCallback(
    async (what: Exclude<Busy, null>, call: () => Promise<void>) => {
      setBusy(what);
      setError(null);
      try {
        await call();
      } catch (e) {
        setError(errorMessage(e));
      } finally {
        setBusy(null);
      }
    },
    [errorMessage],
  );
  const secondaryButton = (what: Exclude<Busy, null>, label: string, call: () => Promise<void>) => (
    <Button variant="secondary" busy={busy === what} disabled={busy !== null} onClick={() => run(what, call)}>
      {label}
    </Button>
  );

  const checkButton = secondaryButton("inspect", t("buttons.check"), async () =>
    setState(await inspect({ workspaceId })),
  );
  const testButton = secondaryButton("test", t("buttons.test"), async () => setTest(await sendTest({ workspaceId })));
  const connected = health?.lastReceivedAt !== undefined;
  return (
    <Card>
      <CardHeader>
        <div>
          <CardTitle>{t("title")}</CardTitle>
          <p className="mt-1 text-sm text-muted-foreground">{t("description")}</p>
        </div>
        {health === undefined ? null : connected ? (
          <Badge tone="success">{t("connected")}</Badge>
        ) : (
          <Badge tone="warning">{t("waiting")}</Badge>
        )}
      </CardHeader>
      <CardBody className="space-y-4">
        {health?.lastReceivedAt !== undefined && (
          <p className="text-sm text-muted-foreground">
            {t("lastDelivery", { when: dateTime(health.lastReceivedAt) })}
          </p>
        )}
        {hasKey ? (
          <>
            {state && <KapsoWebhook state={state} />}
            {canManage && (
              <>
                <BufferingFields draft={draft} onChange={setDraft} />
                <p className="text-sm text-muted-foreground">
                  {t("connectExplain", { url: endpoint?.url ?? t("thisDeployment") })}
                </p>
              </>
            )}
          </>
        ) : (
          <>
            <p className="text-sm text-muted-foreground">{t("manualIntro")}</p>
            {endpoint !== undefined && <CopyValues url={endpoint.url} />}
          </>
        )}
        {error && <Alert>{error}</Alert>}
        {notice && (
          <Alert variant="success" role="status">
            {t(`notice.${notice}`)}
          </Alert>
        )}
        {test && (
          <Alert variant={test.ok ? "success" : "destructive"} role={test.ok ? "status" : "alert"}>
            <AlertTitle>{test.ok ? t("test.answered") : t("test.failed")}</AlertTitle>
            <AlertDescription>{say(test.message as MessageRef)}</AlertDescription>
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
                    setNotice(result.created ? "created" : "updated");
                  })
                }
              >
                {t("buttons.connect")}
              </Button>
            )}
            {hasKey && checkButton}
            {canManage && testButton}
          </div>
        )}
      </CardBody>
    </Card>
  );
}
