"use client";
import * as React from "react";
import Link from "next/link";
import { useMutation, usePaginatedQuery, useQuery } from "convex/react";
import { api } from "@convex/_generated/api";
import type { Doc, Id } from "@convex/_generated/dataModel";
import { useWorkspace } from "@/components/workspace/WorkspaceProvider";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader, CardTitle } from "@/components/ui/card";
import { Field, Input, Textarea } from "@/components/ui/field";
import { EmptyState, LoadingState } from "@/components/ui/states";
import { QueryBoundary } from "@/components/ui/query-boundary";
import { ZoneNote } from "@/components/workspace/ZoneNote";
import { useDateFormat } from "@/lib/useDateFormat";
import { formatRemaining, replyWindow } from "@/domain/replyWindow";
import { errorMessage } from "@/lib/errors";
import { useNow } from "@/lib/useNow";
import { LoadMoreButton } from "@/components/ui/load-more";

// The forms check their input with the server's schemas (zod) when submitted, loading them then: the lead page's
// first load carries no validator.
const leadForms = () => import("@/domain/leadForms");

export const NOTES_PAGE_SIZE = 10;

/** A lead: editable name and note, its conversations, and its notes including daily summaries. */
export function LeadPage({ contactId }: { contactId: Id<"contacts"> }) {
  return (
    <QueryBoundary title="Could not open this lead" resetKey={contactId}>
      <Lead contactId={contactId} />
    </QueryBoundary>
  );
}

function Lead({ contactId }: { contactId: Id<"contacts"> }) {
  const { workspaceId } = useWorkspace();
  const data = useQuery(api.contacts.get, { workspaceId, contactId });
  const now = useNow();
  const dates = useDateFormat();
  if (data === undefined) {
    return <LoadingState label="Loading lead…" />;
  }
  const { lead, phone_display, conversations, hasMoreConversations } = data;
  const replyState = replyWindow(lead.last_inbound_at, now);
  return (
    <div className="space-y-6">
      <div>
        <Link href="/contacts" className="text-sm text-muted-foreground hover:text-foreground">
          ← Leads
        </Link>
        <h1 className="mt-1 text-xl font-semibold tracking-tight text-foreground">{lead.name}</h1>
        <p className="mt-1 flex flex-wrap items-center gap-2 text-sm text-muted-foreground">
          {phone_display && <span>{phone_display}</span>}
          <span>Last activity {dates.dateTime(lead.lastActivityAt)}</span>
          {conversations.length === 0 && <span>No conversations yet</span>}
          {replyState.open ? (
            <Badge tone="success">Reply window open, {formatRemaining(replyState.closesAt - now)} left</Badge>
          ) : (
            <Badge>Reply window closed</Badge>
          )}
        </p>
        <ZoneNote className="mt-1" />
      </div>
      {/* Without conversations the details take the width: an empty card would fill half the page. */}
      <div className={conversations.length > 0 ? "grid gap-6 lg:grid-cols-2" : undefined}>
        <Card>
          <CardHeader>
            <CardTitle>Details</CardTitle>
          </CardHeader>
          <CardBody className="space-y-5">
            <NameForm lead={lead} />
            <NoteForm lead={lead} />
          </CardBody>
        </Card>
        {conversations.length > 0 && (
          <Card>
            <CardHeader>
              <CardTitle>Conversations</CardTitle>
            </CardHeader>
            <CardBody>
              <ul className="divide-y divide-border/60">
                {conversations.map((c) => (
                  <li key={c._id}>
                    <Link href={`/inbox/${c._id}`} className="flex items-center gap-3 py-2.5 hover:bg-muted">
                      <span className="min-w-0 flex-1 truncate text-sm text-foreground">
                        {c.last_message_preview ?? "No messages yet"}
                      </span>
                      <Badge tone={c.status === "active" ? "success" : "neutral"}>
                        {c.status === "active" ? "Active" : "Ended"}
                      </Badge>
                      <span className="text-xs text-muted-foreground">{dates.listWhen(c.last_active_at)}</span>
                    </Link>
                  </li>
                ))}
              </ul>
              {hasMoreConversations && (
                <p className="mt-2 text-xs text-muted-foreground">Showing the most recent conversations.</p>
              )}
            </CardBody>
          </Card>
        )}
      </div>
      <NotesCard contactId={contactId} />
    </div>
  );
}

function useSave() {
  const [state, setState] = React.useState<{ busy: boolean; error: string | null; saved: boolean }>({
    busy: false,
    error: null,
    saved: false,
  });
  const run = async (action: () => Promise<unknown>) => {
    setState({ busy: true, error: null, saved: false });
    try {
      await action();
      setState({ busy: false, error: null, saved: true });
      return true;
    } catch (e) {
      setState({ busy: false, error: errorMessage(e), saved: false });
      return false;
    }
  };
  return { ...state, run, fail: (error: string) => setState({ busy: false, error, saved: false }) };
}

/** A form value that follows the live server value until the person starts editing it. */
function useDraft(server: string) {
  const [draft, setDraft] = React.useState(server);
  const [base, setBase] = React.useState(server);
  if (server !== base) {
    setBase(server);
    if (draft === base) {
      setDraft(server);
    }
  }
  return [draft, setDraft] as const;
}

function NameForm({ lead }: { lead: Doc<"contacts"> }) {
  const { workspaceId } = useWorkspace();
  const rename = useMutation(api.contacts.rename);
  return (
    <LeadTextForm
      label="Name"
      hint={
        lead.name_edited_at
          ? "Edited here; WhatsApp profile names no longer replace it."
          : "From WhatsApp until you edit it."
      }
      saved={lead.name}
      schema="leadNameSchema"
      maxLength={100}
      submitLabel="Save name"
      save={(name) => rename({ workspaceId, contactId: lead._id, name })}
    />
  );
}

function NoteForm({ lead }: { lead: Doc<"contacts"> }) {
  const { workspaceId } = useWorkspace();
  const setNote = useMutation(api.contacts.setNote);
  return (
    <LeadTextForm
      label="About this lead"
      hint="One standing description, replaced when you save. Dated notes go under Notes below."
      saved={lead.note ?? ""}
      schema="leadNoteSchema"
      maxLength={5000}
      multiline
      submitLabel="Save description"
      save={(note) => setNote({ workspaceId, contactId: lead._id, note })}
    />
  );
}

/** One editable text field of a lead: validated with the schema the server uses, saved on submit. */
function LeadTextForm({
  label,
  hint,
  saved,
  schema,
  maxLength,
  multiline = false,
  submitLabel,
  save: persist,
}: {
  label: string;
  hint: string;
  saved: string;
  schema: "leadNameSchema" | "leadNoteSchema";
  maxLength: number;
  multiline?: boolean;
  submitLabel: string;
  save: (value: string) => Promise<unknown>;
}) {
  const [value, setValue] = useDraft(saved);
  const save = useSave();
  const onChange = (e: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => setValue(e.target.value);
  return (
    <form
      className="space-y-2"
      onSubmit={async (e) => {
        e.preventDefault();
        const forms = await leadForms();
        const invalid = forms.fieldError(forms[schema], value);
        if (invalid) {
          return save.fail(invalid);
        }
        await save.run(() => persist(value));
      }}
    >
      <Field label={label} error={save.error ?? undefined} hint={hint}>
        {multiline ? (
          <Textarea value={value} maxLength={maxLength} onChange={onChange} />
        ) : (
          <Input value={value} maxLength={maxLength} onChange={onChange} />
        )}
      </Field>
      <div className="flex items-center gap-2">
        <Button type="submit" size="sm" busy={save.busy} disabled={value.trim() === saved}>
          {submitLabel}
        </Button>
        {save.saved && <span className="text-xs text-success">Saved</span>}
      </div>
    </form>
  );
}

function NotesCard({ contactId }: { contactId: Id<"contacts"> }) {
  const { workspaceId } = useWorkspace();
  const dates = useDateFormat();
  const { results, status, loadMore } = usePaginatedQuery(
    api.contacts.notes,
    { workspaceId, contactId },
    { initialNumItems: NOTES_PAGE_SIZE },
  );
  return (
    <Card>
      <CardHeader>
        <CardTitle>Notes and daily summaries</CardTitle>
      </CardHeader>
      <CardBody className="space-y-4">
        <AddNoteForm contactId={contactId} />
        {status === "LoadingFirstPage" ? (
          <LoadingState label="Loading notes…" />
        ) : results.length === 0 ? (
          <EmptyState title="No notes yet">
            Daily summaries of this lead&apos;s conversations appear here too.
          </EmptyState>
        ) : (
          <ul aria-label="Notes" className="space-y-3">
            {results.map((n) => (
              <li key={n._id} className="rounded-md border border-border p-3">
                <div className="mb-1 flex flex-wrap items-center gap-2 text-xs text-muted-foreground">
                  {n.note_type === "daily_summary" ? (
                    <Badge tone="info">Daily summary{n.date ? ` · ${dates.localDate(n.date)}` : ""}</Badge>
                  ) : (
                    <Badge>Note</Badge>
                  )}
                  <time dateTime={new Date(n.created_at).toISOString()}>{dates.dateTime(n.created_at)}</time>
                  {n.note_type !== "daily_summary" && (n.author_name ?? n.author) && (
                    <span>by {n.author_name ?? n.author}</span>
                  )}
                  {n.metadata && <span>{n.metadata.message_count} messages</span>}
                </div>
                <p className="whitespace-pre-wrap text-sm text-foreground">{n.content}</p>
              </li>
            ))}
          </ul>
        )}
        <LoadMoreButton status={status} onLoadMore={() => loadMore(NOTES_PAGE_SIZE)} size="sm">
          Load older notes
        </LoadMoreButton>
      </CardBody>
    </Card>
  );
}

function AddNoteForm({ contactId }: { contactId: Id<"contacts"> }) {
  const { workspaceId } = useWorkspace();
  const addNote = useMutation(api.contacts.addNote);
  const [content, setContent] = React.useState("");
  const save = useSave();
  return (
    <form
      className="space-y-2"
      onSubmit={async (e) => {
        e.preventDefault();
        const { fieldError, manualNoteSchema } = await leadForms();
        const invalid = fieldError(manualNoteSchema, content);
        if (invalid) {
          return save.fail(invalid);
        }
        if (await save.run(() => addNote({ workspaceId, contactId, content }))) {
          setContent("");
        }
      }}
    >
      <Field label="Add a note" error={save.error ?? undefined}>
        <Textarea value={content} maxLength={5000} className="min-h-16" onChange={(e) => setContent(e.target.value)} />
      </Field>
      <Button type="submit" size="sm" busy={save.busy}>
        Add note
      </Button>
    </form>
  );
}
