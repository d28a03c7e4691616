"use client";
import * as React from "react";
import dynamic from "next/dynamic";
import { useTranslations } from "next-intl";
import { cn } from "@/lib/utils";
import { ConnectionStatus } from "./ConnectionStatus";
import { InboxList } from "./InboxList";
import { useInboxUrl } from "./inboxUrl";

// An alarm banner that shows nothing while deliveries are healthy: its code (and the health rules) load after
// the list.
const HealthPanel = dynamic(() => import("@/components/deliveries/HealthPanel").then((m) => m.HealthPanel));

function isTyping(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement &&
    (target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName))
  );
}

/**
 * The inbox in one view: the conversation list beside the selected thread (the
 * page below, `children`). On a phone the two are separate screens. Escape goes
 * back to the list, except while typing (or in a dialog, which Escape closes).
 */
export function InboxLayout({ children }: { children: React.ReactNode }) {
  const t = useTranslations("inbox");
  const { selectedId, listHref, open } = useInboxUrl();
  const returnFocusTo = React.useRef<string | null>(null);
  React.useEffect(() => {
    if (!selectedId) {
      // Back in the list, the focus lands on the conversation just left.
      if (returnFocusTo.current) {
        document.querySelector<HTMLElement>(`a[data-conversation="${returnFocusTo.current}"]`)?.focus();
        returnFocusTo.current = null;
      }
      return;
    }
    function onKeyDown(e: KeyboardEvent) {
      if (e.key !== "Escape" || e.defaultPrevented || isTyping(e.target) || document.querySelector("dialog[open]")) {
        return;
      }
      e.preventDefault();
      returnFocusTo.current = selectedId;
      open(listHref);
    }
    document.addEventListener("keydown", onKeyDown);
    return () => document.removeEventListener("keydown", onKeyDown);
  }, [selectedId, listHref, open]);

  return (
    <div className="space-y-3">
      {/* An alarm banner when webhook deliveries go wrong; nothing when all is well. */}
      <HealthPanel compact />
      <div className="flex items-center justify-between gap-3">
        <h1
          className={cn("text-xl font-semibold tracking-tight text-foreground", selectedId && "sr-only lg:not-sr-only")}
        >
          {t("title")}
        </h1>
        <ConnectionStatus />
      </div>
      {/* Edge to edge on a phone, a card from sm up. */}
      <div className="-mx-4 flex h-[calc(100dvh-11rem)] min-h-[26rem] overflow-hidden border-y border-border bg-card sm:mx-0 sm:h-[calc(100dvh-13rem)] sm:rounded-lg sm:border">
        <section
          aria-label={t("listLabel")}
          className={cn(
            "min-w-0 flex-col border-border lg:flex lg:w-80 lg:shrink-0 lg:border-r",
            selectedId ? "hidden" : "flex w-full",
          )}
        >
          <InboxList />
        </section>
        <div className={cn("min-w-0 flex-1", selectedId ? "flex" : "hidden lg:flex")}>{children}</div>
      </div>
    </div>
  );
}
