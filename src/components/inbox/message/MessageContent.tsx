"use client";
import * as React from "react";
import dynamic from "next/dynamic";
import { useTranslations } from "next-intl";
import { isMediaType } from "@/domain/mediaPolicy";
import { EMPTY_MESSAGE } from "@/domain/messageContent";
import { AdBadge } from "./AdBadge";
import { QuotedMessage } from "./QuotedMessage";
import type { ThreadMessage } from "./types";
import { useMessageText } from "./useMessageText";

export type { ThreadMessage } from "./types";

// Everything but text loads after the thread: media (whose file arrives later anyway; its place is kept) and the
// rarer kinds' cards (locations, contact cards, button answers, orders, templates).
const MediaContent = dynamic(() => import("./MediaContent").then((m) => m.MediaContent), {
  loading: () => <div aria-hidden className="h-24 w-56 max-w-full rounded-lg bg-muted ring-1 ring-border" />,
});
const LocationCard = dynamic(() => import("./Cards").then((m) => m.LocationCard));
const ContactCards = dynamic(() => import("./Cards").then((m) => m.ContactCards));
const ReplyAnswer = dynamic(() => import("./Cards").then((m) => m.ReplyAnswer));
const OrderCard = dynamic(() => import("./Cards").then((m) => m.OrderCard));
const TemplateCard = dynamic(() => import("./Cards").then((m) => m.TemplateCard));

function Text({ children }: { children: React.ReactNode }) {
  return <p className="whitespace-pre-wrap break-words">{children}</p>;
}

function Muted({ children }: { children: React.ReactNode }) {
  return <p className="whitespace-pre-wrap break-words italic text-muted-foreground">{children}</p>;
}

/** "poll_update" from "[unsupported: poll_update]", the content ingestion gives such messages. */
function unsupportedKind(message: ThreadMessage): string {
  return message.content.match(/^\[unsupported: (.+)\]$/)?.[1] ?? message.type;
}

function Body({ message }: { message: ThreadMessage }) {
  const t = useTranslations("message");
  const say = useMessageText();
  const details = message.details;
  if (message.reaction_to || message.type === "reaction") {
    return (
      <Muted>{message.reaction_emoji ? t("reacted", { emoji: message.reaction_emoji }) : t("reactionRemoved")}</Muted>
    );
  }
  if (isMediaType(message.type)) {
    return (
      <div className="space-y-1">
        <MediaContent message={message} />
        {message.caption && <Text>{message.caption}</Text>}
        {message.transcript && (
          <p className="border-l-2 border-border pl-2 text-muted-foreground">
            <span className="mr-1 text-xs font-medium text-muted-foreground">{t("transcript")}</span>
            <span className="italic">{message.transcript}</span>
          </p>
        )}
      </div>
    );
  }
  switch (message.type) {
    case "text":
      // What the lead wrote stays as written; only the marker of an empty text is a label.
      return <Text>{message.content === EMPTY_MESSAGE ? say(message.content) : message.content}</Text>;
    case "location":
      return details?.location ? <LocationCard location={details.location} /> : <Text>{say(message.content)}</Text>;
    case "contacts":
      return details?.contacts ? (
        <ContactCards cards={details.contacts} leads={message.card_leads} />
      ) : (
        <Text>{say(message.content)}</Text>
      );
    case "interactive":
    case "button":
      return details?.reply ? <ReplyAnswer reply={details.reply} /> : <Text>{say(message.content)}</Text>;
    case "order":
      return details?.order ? <OrderCard order={details.order} /> : <Text>{say(message.content)}</Text>;
    case "template":
      return details?.template ? <TemplateCard template={details.template} /> : <Text>{say(message.content)}</Text>;
    case "system":
      return <Muted>{details?.system?.body ?? t("systemUpdate")}</Muted>;
    default:
      return <Muted>{t("unsupported", { kind: unsupportedKind(message) })}</Muted>;
  }
}

/**
 * What a message says, for every WhatsApp type, from its `details`: media from
 * the stored copy, cards for locations, contacts, answers, orders and templates,
 * the message it quotes and the ad it came from. The bubble around it (direction,
 * time, delivery state) is MessageBubble's.
 */
export function MessageContent({ message }: { message: ThreadMessage }) {
  const t = useTranslations("message");
  const referral = message.details?.referral;
  return (
    <div className="space-y-1" data-message-type={message.type}>
      {message.quoted ? (
        <QuotedMessage quoted={message.quoted} />
      ) : (
        message.details?.reply_to && <p className="text-xs text-muted-foreground">{t("replyToEarlier")}</p>
      )}
      <Body message={message} />
      {referral && <AdBadge referral={referral} />}
    </div>
  );
}
