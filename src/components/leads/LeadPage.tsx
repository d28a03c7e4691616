"use client";
import * as React from "react";
import Link from "next/link";
import { useMutation, usePaginatedQuery, useQuery } from "convex/react";
import { useTranslations } from "next-intl";
import { useMessageText } from "@/components/inbox/message/useMessageText";
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
import { useErrorMessage } from "@/lib/errors";
import { useMessage } from "@/i18n/useMessage";
import { useNow } from "@/lib/useNow";
import { LoadMoreButton } from "@/components/ui/load-more";

// The forms check their input with the server's schemas (zod) when submitted, loading them then: the lead page's
// first load carries no validator.
const leadForms = () => import("@/domain/leadForms");

export const NOTES_PAGE_SIZE = 10;

/** A lead: editable name and note, its conversations, and its notes including daily summaries. */
export function LeadPage({ contactId }: { contactId: Id<"contacts"> }) {
  const t = useTranslations("leads");
  return (
    <QueryBoundary title={t("openFailed")} resetKey={contactId}>
      <Lead contactId={contactId} />
    </QueryBoundary>
  );
}

function Lead({ contactId }: { contactId: Id<"contacts"> }) {
  const t = useTranslations("leads");
  const messageText = useMessageText();
  const { workspaceId } = useWorkspace();
  const data = useQuery(api.contacts.get, { workspaceId, contactId });
  const now = useNow();
  const dates = useDateFormat();
  const say = useMessage();
  if (data === undefined) {
    return <LoadingState label={t("loadingLead")} />;
  }
  const { lead, phone_display, conversations, hasMoreConversations } = data;
  const replyState = replyWindow(lead.last_inbound_at, now);
  return (
    <div className="space-y-6">
      <div>
        <Link href="/contacts" className="text-sm text-muted-foreground hover:text-foreground">
          {t("back")}
        </Link>
        <h1 className="mt-1 text-xl font-semibold tracking-tight text-foreground">{lead.name}</h1>
        <p className="mt-1 flex flex-wrap items-center gap-2 text-sm text-muted-foreground">
          {phone_display && <span>{phone_display}</span>}
          <span>{t("lastActivity", { when: dates.dateTime(lead.lastActivityAt) })}</span>
          {conversations.length === 0 && <span>{t("noConversations")}</span>}
          {replyState.open ? (
            <Badge tone="success">
              {t("window.openFor", { remaining: say(formatRemaining(replyState.closesAt - now)) })}
            </Badge>
          ) : (
            <Badge>{t("window.closedLong")}</Badge>
          )}
        </p>
        <ZoneNote className="mt-1" />
      </div>
      {/* Without conversations the details take the width: an empty card would fill half the page. */}
      <div className={conversations.length > 0 ? "grid gap-6 lg:grid-cols-2" : undefined}>
        <Card>
          <CardHeader>
            <CardTitle>{t("details")}</CardTitle>
          </CardHeader>
          <CardBody className="space-y-5">
            <NameForm lead={lead} />
            <NoteForm lead={lead} />
          </CardBody>
        </Card>
        {conversations.length > 0 && (
          <Card>
            <CardHeader>
              <CardTitle>{t("conversations")}</CardTitle>
            </CardHeader>
            <CardBody>
              <ul className="divide-y divide-border/60">
                {conversations.map((c) => (
                  <li key={c._id}>
                    <Link href={`/inbox/${c._id}`} className="flex items-center gap-3 py-2.5 hover:bg-muted">
                      <span className="min-w-0 flex-1 truncate text-sm text-foreground">
                        {c.last_message_preview ? messageText(c.last_message_preview) : t("noMessages")}
                      </span>
                      <Badge tone={c.status === "active" ? "success" : "neutral"}>
                        {c.status === "active" ? t("conversationStatus.active") : t("conversationStatus.ended")}
                      </Badge>
                      <span className="text-xs text-muted-foreground">{dates.listWhen(c.last_active_at)}</span>
                    </Link>
                  </li>
                ))}
              </ul>
              {hasMoreConversations && (
                <p className="mt-2 text-xs text-muted-foreground">{t("mostRecentConversations")}</p>
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
  const errorMessage = useErrorMessage();
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
  const t = useTranslations("leads.name");
  const { workspaceId } = useWorkspace();
  const rename = useMutation(api.contacts.rename);
  return (
    <LeadTextForm
      label={t("label")}
      hint={lead.name_edited_at ? t("hintEdited") : t("hintFromWhatsApp")}
      saved={lead.name}
      schema="leadNameSchema"
      maxLength={100}
      submitLabel={t("save")}
      save={(name) => rename({ workspaceId, contactId: lead._id, name })}
    />
  );
}

function NoteForm({ lead }: { lead: Doc<"contacts"> }) {
  const t = useTranslations("leads.about");
  const { workspaceId } = useWorkspace();
  const setNote = useMutation(api.contacts.setNote);
  return (
    <LeadTextForm
      label={t("label")}
      hint={t("hint")}
      saved={lead.note ?? ""}
      schema="leadNoteSchema"
      maxLength={5000}
      multiline
      submitLabel={t("save")}
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
  const t = useTranslations("common");
  const say = useMessage();
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
          return save.fail(say(invalid));
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
        {save.saved && <span className="text-xs text-success">{t("saved")}</span>}
      </div>
    </form>
  );
}

function NotesCard({ contactId }: { contactId: Id<"contacts"> }) {
  const t = useTranslations("leads.notes");
  const { workspaceId } = useWorkspace();
  const { results, status, loadMore } = usePaginatedQuery(
    api.contacts.notes,
    { workspaceId, contactId },
    { initialNumItems: NOTES_PAGE_SIZE },
  );
  return (
    <Card>
      <CardHeader>
        <CardTitle>{t("title")}</CardTitle>
      </CardHeader>
      <CardBody className="space-y-4">
        <AddNoteForm contactId={contactId} />
        {status === "LoadingFirstPage" ? (
          <LoadingState label={t("loading")} />
        ) : results.length === 0 ? (
          <EmptyState title={t("empty")}>{t("emptyHint")}</EmptyState>
        ) : (
          <ul aria-label={t("list")} className="space-y-3">
            {results.map((n) => (
              <NoteItem key={n._id} note={n} />
            ))}
          </ul>
        )}
        <LoadMoreButton status={status} onLoadMore={() => loadMore(NOTES_PAGE_SIZE)} size="sm">
          {t("loadOlder")}
        </LoadMoreButton>
      </CardBody>
    </Card>
  );
}

function NoteItem({ note: n }: { note: Doc<"leadNotes"> }) {
  const t = useTranslations("leads.notes");
  const dates = useDateFormat();
  const author = n.note_type === "daily_summary" ? undefined : (n.author_name ?? n.author);
  return (
    <li className="rounded-md border border-border p-3">
      <div className="mb-1 flex flex-wrap items-center gap-2 text-xs text-muted-foreground">
        {n.note_type === "daily_summary" ? (
          <Badge tone="info">
            {n.date ? t("dailySummaryOf", { date: dates.localDate(n.date) }) : t("dailySummary")}
          </Badge>
        ) : (
          <Badge>{t("note")}</Badge>
        )}
        <time dateTime={new Date(n.created_at).toISOString()}>{dates.dateTime(n.created_at)}</time>
        {author && <span>{t("by", { name: author })}</span>}
        {n.metadata && <span>{t("messages", { count: n.metadata.message_count })}</span>}
      </div>
      <p className="whitespace-pre-wrap text-sm text-foreground">{n.content}</p>
    </li>
  );
}

function AddNoteForm({ contactId }: { contactId: Id<"contacts"> }) {
  const t = useTranslations("leads.notes");
  const say = useMessage();
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
          return save.fail(say(invalid));
        }
        if (await save.run(() => addNote({ workspaceId, contactId, content }))) {
          setContent("");
        }
      }}
    >
      <Field label={t("addLabel")} error={save.error ?? undefined}>
        <Textarea value={content} maxLength={5000} className="min-h-16" onChange={(e) => setContent(e.target.value)} />
      </Field>
      <Button type="submit" size="sm" busy={save.busy}>
        {t("add")}
      </Button>
    </form>
  );
}
