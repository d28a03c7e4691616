"use client";
import * as React from "react";
import Link from "next/link";
import { useMutation, useQuery } from "convex/react";
import { useTranslations } from "next-intl";
import { api } from "@convex/_generated/api";
import type { Id } from "@convex/_generated/dataModel";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader, CardTitle } from "@/components/ui/card";
import { CopyButton } from "@/components/ui/copy-button";
import { ConfirmDialog } from "@/components/ui/dialog";
import { EmptyState, LoadingState } from "@/components/ui/states";
import { useWorkspace } from "@/components/workspace/WorkspaceProvider";
import { useDateFormat } from "@/lib/useDateFormat";
import { useErrorMessage } from "@/lib/errors";
import { useMessage } from "@/i18n/useMessage";
import { deliveryCause, prettyBody } from "@/domain/deliveryCauses";
import { ReplayAction } from "./ReplayAction";
import { useConfirmedAction } from "./useConfirmedAction";
import { STATUS_TONE, isReplayableStatus, type DeliveryDetailData, type Scope } from "./format";

/** One delivery: when, what, which secret, the answer, why it did not apply and what to do, the body, the links. */
export function DeliveryDetail({
  eventId,
  scope,
  canManage,
  onClose,
}: {
  eventId: Id<"webhookEvents">;
  scope: Scope;
  canManage: boolean;
  onClose: () => void;
}) {
  const t = useTranslations("deliveries.detail");
  const { workspaceId } = useWorkspace();
  const detail = useQuery(api.deliveries.get, { workspaceId, eventId });
  const card = React.useRef<HTMLDivElement>(null);
  // On a phone the detail sits below the list: bring it into view when a row opens.
  React.useEffect(() => card.current?.scrollIntoView?.({ block: "nearest" }), [eventId]);
  return (
    <Card ref={card} aria-label={t("title")} className="self-start">
      <CardHeader>
        <CardTitle>{t("title")}</CardTitle>
        <Button variant="ghost" size="sm" onClick={onClose}>
          {t("close")}
        </Button>
      </CardHeader>
      <CardBody>
        {detail === undefined ? (
          <LoadingState label={t("loading")} />
        ) : detail === null ? (
          <EmptyState title={t("goneTitle")}>{t("goneBody")}</EmptyState>
        ) : (
          <Detail detail={detail} scope={scope} canManage={canManage} onDismissed={onClose} />
        )}
      </CardBody>
    </Card>
  );
}

function Detail({
  detail,
  scope,
  canManage,
  onDismissed,
}: {
  detail: DeliveryDetailData;
  scope: Scope;
  canManage: boolean;
  onDismissed: () => void;
}) {
  const t = useTranslations("deliveries");
  const say = useMessage();
  const dates = useDateFormat();
  const explained = deliveryCause({
    status: detail.status,
    event: detail.event,
    error: detail.error,
    phoneNumberId: detail.phone_number_id,
    idempotencyKey: detail.idempotency_key,
    matchingWorkspace: detail.matching_workspace,
  });
  const waiting = isReplayableStatus(detail.status);
  // The status line and the body as the endpoint answered: technical text, the same in every language.
  const answer =
    detail.http_status === undefined
      ? undefined
      : [
          t("detail.answerStatus", { status: detail.http_status }),
          ...(detail.answer ? [prettyBody(detail.answer)] : []),
        ].join("\n");
  return (
    <div className="space-y-4 text-sm">
      <dl className="grid grid-cols-[auto_minmax(0,1fr)] gap-x-4 gap-y-1.5">
        <dt className="text-muted-foreground">{t("detail.status")}</dt>
        <dd>
          <Badge tone={STATUS_TONE[detail.status]}>{t(`status.${detail.status}`)}</Badge>
        </dd>
        <dt className="text-muted-foreground">{t("detail.arrived")}</dt>
        <dd>{dates.dateTime(detail.received_at)}</dd>
        {detail.replayed_at !== undefined && (
          <>
            <dt className="text-muted-foreground">{t("detail.replayed")}</dt>
            <dd>{dates.dateTime(detail.replayed_at)}</dd>
          </>
        )}
        <dt className="text-muted-foreground">{t("detail.event")}</dt>
        <dd className="break-all">{detail.event}</dd>
        <dt className="text-muted-foreground">{t("detail.items")}</dt>
        <dd>
          {detail.item_count === undefined
            ? t("detail.noItemCount")
            : t(detail.batch ? "detail.itemCountBatch" : "detail.itemCount", { count: detail.item_count })}
        </dd>
        <dt className="text-muted-foreground">{t("detail.phoneNumberId")}</dt>
        <dd className="break-all font-mono text-xs">{detail.phone_number_id ?? t("detail.noPhoneNumberId")}</dd>
        <dt className="text-muted-foreground">{t("detail.idempotencyKey")}</dt>
        <dd className="break-all font-mono text-xs">{detail.idempotency_key}</dd>
        <dt className="text-muted-foreground">{t("detail.verifiedWith")}</dt>
        <dd>
          {detail.verified_with === "workspace"
            ? t("detail.verifiedWorkspace")
            : detail.verified_with === "deployment"
              ? t("detail.verifiedDeployment")
              : t("detail.verifiedNone")}
        </dd>
      </dl>

      {explained && (
        <Alert
          variant={detail.status === "processed" || detail.status === "duplicate" ? "success" : "warning"}
          role="status"
        >
          <AlertTitle>{say(explained.cause)}</AlertTitle>
          <AlertDescription>{say(explained.action)}</AlertDescription>
        </Alert>
      )}
      {detail.error && (
        <p className="break-words text-xs text-muted-foreground">
          {t("detail.recordedError", { error: detail.error })}
        </p>
      )}

      {canManage && waiting && (
        <div className="flex flex-wrap gap-2">
          <ReplayAction selection={{ scope, eventIds: [detail._id] }} label={t("replay.button")} />
          <DismissButton eventId={detail._id} onDismissed={onDismissed} />
        </div>
      )}

      <section className="space-y-1">
        <h3 className="text-xs font-medium uppercase tracking-wide text-muted-foreground">{t("detail.answerTitle")}</h3>
        {answer !== undefined ? (
          <pre className="overflow-x-auto rounded-md bg-muted p-2 font-mono text-xs">{answer}</pre>
        ) : (
          <p className="text-muted-foreground">{t("detail.answerNone")}</p>
        )}
      </section>

      <RawBody detail={detail} />
      <Links detail={detail} />
    </div>
  );
}

function RawBody({ detail }: { detail: DeliveryDetailData }) {
  const t = useTranslations("deliveries.detail");
  const errorMessage = useErrorMessage();
  const [fetched, setFetched] = React.useState<{ url: string; text: string } | { url: string; error: string } | null>(
    null,
  );
  const url = detail.raw_body_url;
  React.useEffect(() => {
    if (!url) {
      return;
    }
    let live = true;
    fetch(url)
      .then(async (response) => {
        if (!response.ok) {
          throw new Error(`HTTP ${response.status}`);
        }
        const text = await response.text();
        if (live) {
          setFetched({ url, text });
        }
      })
      .catch((e: unknown) => live && setFetched({ url, error: errorMessage(e) }));
    return () => {
      live = false;
    };
  }, [url, errorMessage]);
  const text = detail.raw_body ?? (fetched && fetched.url === url && "text" in fetched ? fetched.text : undefined);
  return (
    <section className="space-y-1">
      <div className="flex items-center justify-between gap-2">
        <h3 className="text-xs font-medium uppercase tracking-wide text-muted-foreground">{t("rawBody")}</h3>
        {text !== undefined && <CopyButton value={text} label={t("copyBody")} />}
      </div>
      {text !== undefined ? (
        <pre className="max-h-96 overflow-auto rounded-md bg-muted p-2 font-mono text-xs">{prettyBody(text)}</pre>
      ) : url ? (
        fetched && "error" in fetched ? (
          <p className="text-destructive">{t("bodyError", { error: fetched.error })}</p>
        ) : (
          <LoadingState label={t("bodyLoading")} className="py-4" />
        )
      ) : (
        <p className="text-muted-foreground">{t("bodyNotKept")}</p>
      )}
    </section>
  );
}

function Links({ detail }: { detail: DeliveryDetailData }) {
  const t = useTranslations("deliveries.detail");
  if (detail.messages.length === 0) {
    return null;
  }
  const conversations = [...new Set(detail.messages.flatMap((m) => (m.conversation_id ? [m.conversation_id] : [])))];
  return (
    <section className="space-y-1">
      <h3 className="text-xs font-medium uppercase tracking-wide text-muted-foreground">{t("wroteTitle")}</h3>
      <ul className="space-y-1">
        {detail.leads.map((lead) => (
          <li key={lead._id}>
            {t("lead")}{" "}
            <Link href={`/contacts/${lead._id}`} className="font-medium text-primary hover:underline">
              {lead.name}
            </Link>
          </li>
        ))}
        {conversations.map((id) => (
          <li key={id}>
            <Link href={`/inbox/${id}`} className="font-medium text-primary hover:underline">
              {t("openConversation")}
            </Link>
          </li>
        ))}
        {detail.messages.map((m) => (
          <li key={m.wamid} className="break-all font-mono text-xs text-muted-foreground">
            {m.conversation_id ? (
              <Link href={`/inbox/${m.conversation_id}#message-${m.wamid}`} className="hover:underline">
                {m.wamid}
              </Link>
            ) : (
              t("notWritten", { wamid: m.wamid })
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

function DismissButton({ eventId, onDismissed }: { eventId: Id<"webhookEvents">; onDismissed: () => void }) {
  const t = useTranslations("deliveries.detail");
  const { workspaceId } = useWorkspace();
  const dismiss = useMutation(api.deliveries.dismiss);
  const { open, setOpen, busy, error, confirm } = useConfirmedAction(async () => {
    await dismiss({ workspaceId, eventId });
    onDismissed();
  });
  return (
    <>
      <Button variant="ghost" size="sm" onClick={() => setOpen(true)}>
        {t("dismiss")}
      </Button>
      {error && <Alert className="w-full">{error}</Alert>}
      <ConfirmDialog
        open={open}
        title={t("dismissTitle")}
        confirmLabel={t("dismiss")}
        busy={busy}
        onCancel={() => setOpen(false)}
        onConfirm={confirm}
      >
        {t("dismissBody")}
      </ConfirmDialog>
    </>
  );
}
