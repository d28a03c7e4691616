"use client";
import * as React from "react";
import Link from "next/link";
import type { FunctionReturnType } from "convex/server";
import type { api } from "@convex/_generated/api";
import { Badge } from "@/components/ui/badge";
import { useDateFormat } from "@/lib/useDateFormat";
import { isLocalDate } from "@/domain/localDay";

type ConversationData = NonNullable<FunctionReturnType<typeof api.messages.list>["header"]>;

/** The lead beside the thread: who, their state, the note and the last daily summaries. */
export function LeadPanel({ data }: { data: ConversationData }) {
  const { localDate } = useDateFormat();
  const { conversation, lead } = data;
  if (!lead) {
    return <p className="p-4 text-sm text-muted-foreground">The lead of this conversation no longer exists.</p>;
  }
  return (
    <div className="space-y-5 p-4 text-sm">
      <div>
        <h3 className="text-base font-semibold break-words text-foreground">{lead.name}</h3>
        {lead.phone_display && <p className="text-muted-foreground">{lead.phone_display}</p>}
        <ul aria-label="Lead state" className="mt-2 flex flex-wrap gap-1">
          {conversation.status === "ended" ? (
            <li>
              <Badge>Ended</Badge>
            </li>
          ) : (
            conversation.waiting_for_reply && (
              <li>
                <Badge tone="warning">Waiting for our reply</Badge>
              </li>
            )
          )}
          {conversation.reply_problem === "failed" && (
            <li>
              <Badge tone="danger">Reply not delivered</Badge>
            </li>
          )}
          {lead.from_ad && (
            <li>
              <Badge tone="info">From an ad</Badge>
            </li>
          )}
        </ul>
      </div>
      <section aria-labelledby="lead-note">
        <h3 id="lead-note" className="text-xs font-medium tracking-wide text-muted-foreground uppercase">
          Note
        </h3>
        <p className="mt-1 whitespace-pre-wrap break-words text-foreground">
          {lead.note ?? <span className="text-muted-foreground italic">No note yet.</span>}
        </p>
      </section>
      <section aria-labelledby="lead-summaries">
        <h3 id="lead-summaries" className="text-xs font-medium tracking-wide text-muted-foreground uppercase">
          Recent daily summaries
        </h3>
        {lead.recent_summaries.length === 0 ? (
          <p className="mt-1 text-muted-foreground italic">None yet.</p>
        ) : (
          <ul className="mt-1 space-y-2">
            {lead.recent_summaries.map((note) => (
              <li key={note._id}>
                {note.date && isLocalDate(note.date) && (
                  <p className="text-xs font-medium text-muted-foreground">{localDate(note.date, "short")}</p>
                )}
                <p className="line-clamp-4 whitespace-pre-wrap break-words text-foreground">{note.content}</p>
              </li>
            ))}
          </ul>
        )}
      </section>
      <Link href={`/contacts/${lead._id}`} className="inline-block font-medium text-primary hover:underline">
        Open lead page
      </Link>
    </div>
  );
}
