"use client";
import * as React from "react";
import Link from "next/link";
import { useTranslations } from "next-intl";
import type { FunctionReturnType } from "convex/server";
import type { api } from "@convex/_generated/api";
import { Badge } from "@/components/ui/badge";
import { useDateFormat } from "@/lib/useDateFormat";
import { isLocalDate } from "@/domain/localDay";

// A format name, not words: the date itself follows the page's language.
const SUMMARY_DATE_STYLE = "short";

type ConversationData = NonNullable<FunctionReturnType<typeof api.messages.list>["header"]>;

/** The lead beside the thread: who, their state, the note and the last daily summaries. */
export function LeadPanel({ data }: { data: ConversationData }) {
  const t = useTranslations("inbox");
  const { localDate } = useDateFormat();
  const { conversation, lead } = data;
  if (!lead) {
    return <p className="p-4 text-sm text-muted-foreground">{t("leadPanel.gone")}</p>;
  }
  return (
    <div className="space-y-5 p-4 text-sm">
      <div>
        <h3 className="text-base font-semibold break-words text-foreground">{lead.name}</h3>
        {lead.phone_display && <p className="text-muted-foreground">{lead.phone_display}</p>}
        <ul aria-label={t("leadPanel.state")} className="mt-2 flex flex-wrap gap-1">
          {conversation.status === "ended" ? (
            <li>
              <Badge>{t("ended")}</Badge>
            </li>
          ) : (
            conversation.waiting_for_reply && (
              <li>
                <Badge tone="warning">{t("leadPanel.waitingForReply")}</Badge>
              </li>
            )
          )}
          {conversation.reply_problem === "failed" && (
            <li>
              <Badge tone="danger">{t("leadPanel.replyNotDelivered")}</Badge>
            </li>
          )}
          {lead.from_ad && (
            <li>
              <Badge tone="info">{t("leadPanel.fromAd")}</Badge>
            </li>
          )}
        </ul>
      </div>
      <section aria-labelledby="lead-note">
        <h3 id="lead-note" className="text-xs font-medium tracking-wide text-muted-foreground uppercase">
          {t("leadPanel.note")}
        </h3>
        <p className="mt-1 whitespace-pre-wrap break-words text-foreground">
          {lead.note ?? <span className="text-muted-foreground italic">{t("leadPanel.noNote")}</span>}
        </p>
      </section>
      <section aria-labelledby="lead-summaries">
        <h3 id="lead-summaries" className="text-xs font-medium tracking-wide text-muted-foreground uppercase">
          {t("leadPanel.summaries")}
        </h3>
        {lead.recent_summaries.length === 0 ? (
          <p className="mt-1 text-muted-foreground italic">{t("leadPanel.noSummaries")}</p>
        ) : (
          <ul className="mt-1 space-y-2">
            {lead.recent_summaries.map((note) => (
              <li key={note._id}>
                {note.date && isLocalDate(note.date) && (
                  <p className="text-xs font-medium text-muted-foreground">
                    {localDate(note.date, SUMMARY_DATE_STYLE)}
                  </p>
                )}
                <p className="line-clamp-4 whitespace-pre-wrap break-words text-foreground">{note.content}</p>
              </li>
            ))}
          </ul>
        )}
      </section>
      <Link href={`/contacts/${lead._id}`} className="inline-block font-medium text-primary hover:underline">
        {t("leadPanel.openLead")}
      </Link>
    </div>
  );
}
