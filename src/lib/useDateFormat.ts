"use client";
import * as React from "react";
import { dateFormat, type DateFormat } from "@/domain/dates";
import { useWorkspace } from "@/components/workspace/WorkspaceProvider";
import { useNow } from "./useNow";

function readerClock(): { locale: string | undefined; viewerTimeZone: string | undefined } {
  if (typeof navigator === "undefined") {
    return { locale: undefined, viewerTimeZone: undefined };
  }
  return { locale: navigator.language, viewerTimeZone: Intl.DateTimeFormat().resolvedOptions().timeZone };
}

/**
 * Dates as every page writes them: the workspace's clock, the reader's locale, the zone named where the
 * reader's clock differs. "Today" and "Yesterday" roll over on their own (re-rendered each minute).
 */
export function useDateFormat(): DateFormat {
  const { workspace } = useWorkspace();
  const now = useNow(60_000);
  const { locale, viewerTimeZone } = readerClock();
  return React.useMemo(
    () => dateFormat({ timeZone: workspace.timezone, locale, viewerTimeZone }, now),
    [workspace.timezone, locale, viewerTimeZone, now],
  );
}
