"use client";
import * as React from "react";
import { useTranslations } from "next-intl";
import { ReplyIcon } from "./icons";
import type { ThreadMessage } from "./types";
import { useMessageText } from "./useMessageText";

const HIGHLIGHT_MS = 1600;

/** The DOM id of a message's bubble (MessageBubble), so a quoted reply can scroll to it. */
export function messageDomId(wamid: string): string {
  return `message-${wamid}`;
}

/** Scrolls to a message of the thread and marks it for a moment. False when it is not on screen. */
function scrollToMessage(wamid: string): boolean {
  const target = document.getElementById(messageDomId(wamid));
  if (!target) {
    return false;
  }
  target.scrollIntoView({ behavior: "smooth", block: "center" });
  target.setAttribute("data-highlighted", "true");
  window.setTimeout(() => target.removeAttribute("data-highlighted"), HIGHLIGHT_MS);
  return true;
}

/** The message a reply quotes: a short preview; clicking it scrolls to the original. */
export function QuotedMessage({ quoted }: { quoted: NonNullable<ThreadMessage["quoted"]> }) {
  const [missing, setMissing] = React.useState(false);
  const t = useTranslations("message");
  const who = t("quotedWho", { direction: quoted.direction });
  const say = useMessageText();
  // A quoted text is the sender's words; other types quote ingestion's label.
  const text = quoted.type === "text" ? quoted.text : say(quoted.text);
  return (
    <button
      type="button"
      onClick={() => setMissing(!scrollToMessage(quoted.wamid))}
      className="mb-1 block w-full rounded-md border-l-2 border-primary bg-muted px-2 py-1 text-left text-xs hover:bg-accent focus-visible:outline-2 focus-visible:outline-ring"
      aria-label={t("quotedLabel", { who, text })}
    >
      <span className="flex items-center gap-1 font-medium text-foreground">
        <ReplyIcon className="size-3.5" /> {who}
      </span>
      <span className="line-clamp-2 text-muted-foreground">{text}</span>
      {missing && <span className="block text-muted-foreground">{t("quotedMissing")}</span>}
    </button>
  );
}
