"use client";
import * as React from "react";
import { useLocale } from "next-intl";
import { dateFormat, type DateFormat } from "@/domain/dates";
import { INTL_LOCALES } from "@/domain/locale";
import { useWorkspace } from "@/components/workspace/WorkspaceProvider";
import { useNow } from "./useNow";

function readerTimeZone(): string | undefined {
  return typeof navigator === "undefined" ? undefined : Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/**
 * Dates as every page writes them: the workspace's clock, the page's language, the zone named where the
 * reader's clock differs. "Today" and "Yesterday" roll over on their own (re-rendered each minute).
 */
export function useDateFormat(): DateFormat {
  const { workspace } = useWorkspace();
  const now = useNow(60_000);
  const locale = INTL_LOCALES[useLocale()];
  const viewerTimeZone = readerTimeZone();
  return React.useMemo(
    () => dateFormat({ timeZone: workspace.timezone, locale, viewerTimeZone }, now),
    [workspace.timezone, locale, viewerTimeZone, now],
  );
}
