"use client";
import * as React from "react";
import Link from "next/link";
import { usePaginatedQuery } from "convex/react";
import { api } from "@convex/_generated/api";
import type { FunctionReturnType } from "convex/server";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState, LoadingState } from "@/components/ui/states";
import { QueryBoundary } from "@/components/ui/query-boundary";
import { useWorkspace } from "@/components/workspace/WorkspaceProvider";
import { generatorLabel } from "./format";
import { useDateFormat } from "@/lib/useDateFormat";
import { LoadMoreButton } from "@/components/ui/load-more";

const DIGESTS_PAGE = 10;
const LEAD_NOTES_PAGE = 20;

/** Daily digests, newest day first, each with its per-lead notes on demand. */
export function DigestList() {
  const { workspaceId } = useWorkspace();
  const { results, status, loadMore } = usePaginatedQuery(
    api.summaries.listDigests,
    { workspaceId },
    { initialNumItems: DIGESTS_PAGE },
  );
  if (status === "LoadingFirstPage") {
    return <LoadingState label="Loading summaries…" />;
  }
  if (results.length === 0) {
    return (
      <EmptyState title="No daily summaries yet">
        Each day with messages gets a summary shortly after local midnight. You can also generate one for a past day.
      </EmptyState>
    );
  }
  return (
    <div className="space-y-4">
      <ul aria-label="Daily summaries" className="space-y-4">
        {results.map((digest) => (
          <li key={digest._id}>
            <DigestCard digest={digest} />
          </li>
        ))}
      </ul>
      <LoadMoreButton status={status} onLoadMore={() => loadMore(DIGESTS_PAGE)}>
        Load older summaries
      </LoadMoreButton>
    </div>
  );
}

type Note = FunctionReturnType<typeof api.summaries.listDigests>["page"][number];

function DigestCard({ digest }: { digest: Note }) {
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
            <Badge>{digest.message_count ?? 0} messages</Badge>
            <Badge tone={digest.generator === "deterministic-fallback" ? "warning" : "info"}>
              {generatorLabel(digest.generator)}
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
          {open ? "Hide lead notes" : "Show lead notes"}
        </Button>
      </CardHeader>
      <CardBody className="space-y-4">
        <p className="text-sm whitespace-pre-line text-foreground">{digest.content}</p>
        {open && (
          <div id={notesId}>
            <QueryBoundary title="Could not load the lead notes">
              <DayLeadNotes date={date} />
            </QueryBoundary>
          </div>
        )}
      </CardBody>
    </Card>
  );
}

function DayLeadNotes({ date }: { date: string }) {
  const dates = useDateFormat();
  const { workspaceId } = useWorkspace();
  const { results, status, loadMore } = usePaginatedQuery(
    api.summaries.listDayLeadNotes,
    { workspaceId, date },
    { initialNumItems: LEAD_NOTES_PAGE },
  );
  if (status === "LoadingFirstPage") {
    return <LoadingState label="Loading lead notes…" className="py-4" />;
  }
  if (results.length === 0 && status === "Exhausted") {
    return <p className="text-sm text-muted-foreground">No lead notes for this day.</p>;
  }
  return (
    <div className="space-y-3">
      <ul
        aria-label={`Lead notes of ${dates.localDate(date)}`}
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
                  {note.lead_name ?? "Unknown lead"}
                </Link>
              ) : null}
              <span className="text-xs text-muted-foreground">
                {note.message_count ?? 0} messages · {generatorLabel(note.generator)}
              </span>
            </div>
            <p className="mt-1 text-sm text-foreground">{note.content}</p>
          </li>
        ))}
      </ul>
      <LoadMoreButton status={status} onLoadMore={() => loadMore(LEAD_NOTES_PAGE)} size="sm">
        More lead notes
      </LoadMoreButton>
    </div>
  );
}
