"use client";
import * as React from "react";
import Link from "next/link";
import { usePaginatedQuery } from "convex/react";
import { useTranslations } from "next-intl";
import { api } from "@convex/_generated/api";
import type { FunctionReturnType } from "convex/server";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState, LoadingState } from "@/components/ui/states";
import { QueryBoundary } from "@/components/ui/query-boundary";
import { useWorkspace } from "@/components/workspace/WorkspaceProvider";
import { useSummaryFormat } from "./format";
import { useDateFormat } from "@/lib/useDateFormat";
import { LoadMoreButton } from "@/components/ui/load-more";

const DIGESTS_PAGE = 10;
const LEAD_NOTES_PAGE = 20;

/** Daily digests, newest day first, each with its per-lead notes on demand. */
export function DigestList() {
  const t = useTranslations("summaries.digest");
  const { workspaceId } = useWorkspace();
  const { results, status, loadMore } = usePaginatedQuery(
    api.summaries.listDigests,
    { workspaceId },
    { initialNumItems: DIGESTS_PAGE },
  );
  if (status === "LoadingFirstPage") {
    return <LoadingState label={t("loading")} />;
  }
  if (results.length === 0) {
    return <EmptyState title={t("emptyTitle")}>{t("emptyBody")}</EmptyState>;
  }
  return (
    <div className="space-y-4">
      <ul aria-label={t("listLabel")} className="space-y-4">
        {results.map((digest) => (
          <li key={digest._id}>
            <DigestCard digest={digest} />
          </li>
        ))}
      </ul>
      <LoadMoreButton status={status} onLoadMore={() => loadMore(DIGESTS_PAGE)}>
        {t("loadOlder")}
      </LoadMoreButton>
    </div>
  );
}

type Note = FunctionReturnType<typeof api.summaries.listDigests>["page"][number];

function DigestCard({ digest }: { digest: Note }) {
  const t = useTranslations("summaries.digest");
  const format = useSummaryFormat();
  const dates = useDateFormat();
  const [open, setOpen] = React.useState(false);
  const date = digest.date ?? "";
  const notesId = `lead-notes-${digest._id}`;
  return (
    <Card>
      <CardHeader>
        <div>
          <CardTitle>{dates.localDate(date)}</CardTitle>
          <div className="mt-1 flex flex-wrap gap-2">
            <Badge>{t("messages", { count: digest.message_count ?? 0 })}</Badge>
            <Badge tone={digest.generator === "deterministic-fallback" ? "warning" : "info"}>
              {format.generator(digest.generator)}
            </Badge>
          </div>
        </div>
        <Button
          variant="ghost"
          size="sm"
          aria-expanded={open}
          aria-controls={notesId}
          onClick={() => setOpen((o) => !o)}
        >
          {open ? t("hideNotes") : t("showNotes")}
        </Button>
      </CardHeader>
      <CardBody className="space-y-4">
        <p className="text-sm whitespace-pre-line text-foreground">{digest.content}</p>
        {open && (
          <div id={notesId}>
            <QueryBoundary title={t("notesLoadFailed")}>
              <DayLeadNotes date={date} />
            </QueryBoundary>
          </div>
        )}
      </CardBody>
    </Card>
  );
}

function DayLeadNotes({ date }: { date: string }) {
  const t = useTranslations("summaries.digest");
  const format = useSummaryFormat();
  const dates = useDateFormat();
  const { workspaceId } = useWorkspace();
  const { results, status, loadMore } = usePaginatedQuery(
    api.summaries.listDayLeadNotes,
    { workspaceId, date },
    { initialNumItems: LEAD_NOTES_PAGE },
  );
  if (status === "LoadingFirstPage") {
    return <LoadingState label={t("notesLoading")} className="py-4" />;
  }
  if (results.length === 0 && status === "Exhausted") {
    return <p className="text-sm text-muted-foreground">{t("noNotes")}</p>;
  }
  return (
    <div className="space-y-3">
      <ul
        aria-label={t("notesOf", { date: dates.localDate(date) })}
        className="divide-y divide-border/60 rounded-md border border-border"
      >
        {results.map((note) => (
          <li key={note._id} className="px-3 py-2.5">
            <div className="flex flex-wrap items-baseline justify-between gap-2">
              {note.contact_id ? (
                <Link
                  href={`/contacts/${note.contact_id}`}
                  className="text-sm font-medium text-primary hover:underline"
                >
                  {note.lead_name ?? t("unknownLead")}
                </Link>
              ) : null}
              <span className="text-xs text-muted-foreground">
                {t("messages", { count: note.message_count ?? 0 })} · {format.generator(note.generator)}
              </span>
            </div>
            <p className="mt-1 text-sm text-foreground">{note.content}</p>
          </li>
        ))}
      </ul>
      <LoadMoreButton status={status} onLoadMore={() => loadMore(LEAD_NOTES_PAGE)} size="sm">
        {t("moreNotes")}
      </LoadMoreButton>
    </div>
  );
}
