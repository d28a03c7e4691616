"use client";
import * as React from "react";
import { usePathname, useRouter, useSearchParams, useSelectedLayoutSegment } from "next/navigation";
import type { InboxFilter } from "@convex/conversations";

const FILTER_VALUES: readonly InboxFilter[] = ["all", "active", "ended", "waiting"];

/** The filter a `?filter=` value names; anything else is "all". */
function parseFilter(value: string | null): InboxFilter {
  return FILTER_VALUES.includes(value as InboxFilter) ? (value as InboxFilter) : "all";
}

/** `?filter=waiting&q=budi`, without the defaults, so the plain inbox is plain `/inbox`. */
function inboxQuery({ filter, q }: { filter: InboxFilter; q: string }): string {
  const params = new URLSearchParams();
  if (filter !== "all") {
    params.set("filter", filter);
  }
  if (q) {
    params.set("q", q);
  }
  const text = params.toString();
  return text ? `?${text}` : "";
}

/**
 * The inbox's state as the URL holds it, so it survives reload and back: the
 * selected conversation is the path (`/inbox/<id>`), the filter and search the
 * query. Changing the filter or search replaces the entry (typing is not history).
 */
export function useInboxUrl() {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const selectedId = useSelectedLayoutSegment();
  const filter = parseFilter(params.get("filter"));
  const q = params.get("q") ?? "";
  const query = inboxQuery({ filter, q });

  const update = React.useCallback(
    (next: { filter?: InboxFilter; q?: string }) => {
      router.replace(`${pathname}${inboxQuery({ filter, q, ...next })}`, { scroll: false });
    },
    [router, pathname, filter, q],
  );
  return {
    selectedId,
    filter,
    q,
    setFilter: (value: InboxFilter) => update({ filter: value }),
    setQuery: (value: string) => update({ q: value }),
    conversationHref: (id: string) => `/inbox/${id}${query}`,
    listHref: `/inbox${query}`,
    open: (href: string) => router.push(href),
  };
}
