"use client";
import * as React from "react";
import Link from "next/link";
import { useMutation, useQuery } from "convex/react";
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
import { errorMessage } from "@/lib/errors";
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
  const { workspaceId } = useWorkspace();
  const detail = useQuery(api.deliveries.get, { workspaceId, eventId });
  const card = React.useRef<HTMLDivElement>(null);
  // On a phone the detail sits below the list: bring it into view when a row opens.
  React.useEffect(() => card.current?.scrollIntoView?.({ block: "nearest" }), [eventId]);
  return (
    <Card ref={card} aria-label="Delivery" className="self-start">
      <CardHeader>
        <CardTitle>Delivery</CardTitle>
        <Button variant="ghost" size="sm" onClick={onClose}>
          Close
        </Button>
      </CardHeader>
      <CardBody>
        {detail === undefined ? (
          <LoadingState label="Loading the delivery…" />
        ) : detail === null ? (
          <EmptyState title="This delivery is gone">It was dismissed or deleted after the retention period.</EmptyState>
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
  return (
    <div className="space-y-4 text-sm">
      <dl className="grid grid-cols-[auto_minmax(0,1fr)] gap-x-4 gap-y-1.5">
        <dt className="text-muted-foreground">Status</dt>
        <dd>
          <Badge tone={STATUS_TONE[detail.status]}>{detail.status}</Badge>
        </dd>
        <dt className="text-muted-foreground">Arrived</dt>
        <dd>{dates.dateTime(detail.received_at)}</dd>
        {detail.replayed_at !== undefined && (
          <>
            <dt className="text-muted-foreground">Replayed</dt>
            <dd>{dates.dateTime(detail.replayed_at)}</dd>
          </>
        )}
        <dt className="text-muted-foreground">Event</dt>
        <dd className="break-all">{detail.event}</dd>
        <dt className="text-muted-foreground">Items</dt>
        <dd>
          {detail.item_count ?? "—"}
          {detail.batch ? " (batch)" : ""}
        </dd>
        <dt className="text-muted-foreground">Phone number id</dt>
        <dd className="break-all font-mono text-xs">{detail.phone_number_id ?? "none in the body"}</dd>
        <dt className="text-muted-foreground">Idempotency key</dt>
        <dd className="break-all font-mono text-xs">{detail.idempotency_key}</dd>
        <dt className="text-muted-foreground">Verified with</dt>
        <dd>
          {detail.verified_with === "workspace"
            ? "The workspace's webhook secret"
            : detail.verified_with === "deployment"
              ? "The deployment's KAPSO_WEBHOOK_SECRET"
              : "Not recorded"}
        </dd>
      </dl>

      {explained && (
        <Alert
          variant={detail.status === "processed" || detail.status === "duplicate" ? "success" : "warning"}
          role="status"
        >
          <AlertTitle>{explained.cause}</AlertTitle>
          <AlertDescription>{explained.action}</AlertDescription>
        </Alert>
      )}
      {detail.error && <p className="break-words text-xs text-muted-foreground">Recorded error: {detail.error}</p>}

      {canManage && waiting && (
        <div className="flex flex-wrap gap-2">
          <ReplayAction selection={{ scope, eventIds: [detail._id] }} label="Replay" />
          <DismissButton eventId={detail._id} onDismissed={onDismissed} />
        </div>
      )}

      <section className="space-y-1">
        <h3 className="text-xs font-medium uppercase tracking-wide text-muted-foreground">Our answer on arrival</h3>
        {detail.http_status !== undefined ? (
          <pre className="overflow-x-auto rounded-md bg-muted p-2 font-mono text-xs">
            HTTP {detail.http_status}
            {detail.answer ? `\n${prettyBody(detail.answer)}` : ""}
          </pre>
        ) : (
          <p className="text-muted-foreground">Not recorded for this delivery.</p>
        )}
      </section>

      <RawBody detail={detail} />
      <Links detail={detail} />
    </div>
  );
}

function RawBody({ detail }: { detail: DeliveryDetailData }) {
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
  }, [url]);
  const text = detail.raw_body ?? (fetched && fetched.url === url && "text" in fetched ? fetched.text : undefined);
  return (
    <section className="space-y-1">
      <div className="flex items-center justify-between gap-2">
        <h3 className="text-xs font-medium uppercase tracking-wide text-muted-foreground">Raw body</h3>
        {text !== undefined && <CopyButton value={text} label="Copy body" />}
      </div>
      {text !== undefined ? (
        <pre className="max-h-96 overflow-auto rounded-md bg-muted p-2 font-mono text-xs">{prettyBody(text)}</pre>
      ) : url ? (
        fetched && "error" in fetched ? (
          <p className="text-destructive">Could not load the body: {fetched.error}</p>
        ) : (
          <LoadingState label="Loading the body…" className="py-4" />
        )
      ) : (
        <p className="text-muted-foreground">
          Not kept: only deliveries waiting for a replay (unmatched, invalid, failed) keep their body.
        </p>
      )}
    </section>
  );
}

function Links({ detail }: { detail: DeliveryDetailData }) {
  if (detail.messages.length === 0) {
    return null;
  }
  const conversations = [...new Set(detail.messages.flatMap((m) => (m.conversation_id ? [m.conversation_id] : [])))];
  return (
    <section className="space-y-1">
      <h3 className="text-xs font-medium uppercase tracking-wide text-muted-foreground">What it wrote</h3>
      <ul className="space-y-1">
        {detail.leads.map((lead) => (
          <li key={lead._id}>
            Lead{" "}
            <Link href={`/contacts/${lead._id}`} className="font-medium text-primary hover:underline">
              {lead.name}
            </Link>
          </li>
        ))}
        {conversations.map((id) => (
          <li key={id}>
            <Link href={`/inbox/${id}`} className="font-medium text-primary hover:underline">
              Open the conversation
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
              `${m.wamid} (not written yet)`
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

function DismissButton({ eventId, onDismissed }: { eventId: Id<"webhookEvents">; onDismissed: () => void }) {
  const { workspaceId } = useWorkspace();
  const dismiss = useMutation(api.deliveries.dismiss);
  const { open, setOpen, busy, error, confirm } = useConfirmedAction(async () => {
    await dismiss({ workspaceId, eventId });
    onDismissed();
  });
  return (
    <>
      <Button variant="ghost" size="sm" onClick={() => setOpen(true)}>
        Dismiss
      </Button>
      {error && <Alert className="w-full">{error}</Alert>}
      <ConfirmDialog
        open={open}
        title="Dismiss this delivery?"
        confirmLabel="Dismiss"
        busy={busy}
        onCancel={() => setOpen(false)}
        onConfirm={confirm}
      >
        It is deleted with its body and will not be replayed. Who dismissed it, and when, is kept.
      </ConfirmDialog>
    </>
  );
}
