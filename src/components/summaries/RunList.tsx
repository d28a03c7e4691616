"use client";
import * as React from "react";
import { useTranslations } from "next-intl";
import type { FunctionReturnType } from "convex/server";
import type { api } from "@convex/_generated/api";
import { Badge } from "@/components/ui/badge";
import { Spinner } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/states";
import { useRunProgress, useSummaryFormat } from "./format";
import { useDateFormat } from "@/lib/useDateFormat";

type Run = FunctionReturnType<typeof api.summaries.listRuns>[number];

const TONE: Record<Run["status"], "success" | "neutral" | "danger" | "info"> = {
  done: "success",
  quiet: "neutral",
  failed: "danger",
  running: "info",
};

const COLUMNS = ["day", "status", "startedBy", "messages", "writtenBy", "took"] as const;

/** Recent runs of the daily job and of manual regenerations, so a quiet day still shows the job ran. */
export function RunList({ runs }: { runs: Run[] }) {
  const t = useTranslations("summaries.runs");
  const dates = useDateFormat();
  const format = useSummaryFormat();
  const progress = useRunProgress();
  if (runs.length === 0) {
    return <EmptyState title={t("emptyTitle")}>{t("emptyBody")}</EmptyState>;
  }
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">{t("caption")}</caption>
        <thead className="text-xs text-muted-foreground">
          <tr className="border-b border-border/60">
            {COLUMNS.map((column) => (
              <th key={column} scope="col" className="py-2 pr-3 font-medium">
                {t(`columns.${column}`)}
              </th>
            ))}
            <th scope="col" className="py-2 font-medium">
              {t("columns.started")}
            </th>
          </tr>
        </thead>
        <tbody>
          {runs.map((run) => (
            <tr key={run._id} className="border-b border-border/60 align-top last:border-0">
              <td className="py-2 pr-3 whitespace-nowrap text-foreground">{dates.localDate(run.date)}</td>
              <td className="py-2 pr-3">
                <Badge tone={TONE[run.status]}>
                  {run.status === "running" && <Spinner className="size-3" />}
                  {t(`status.${run.status}`)}
                </Badge>
                {run.status === "running" && run.progress && (
                  <p className="mt-1 text-xs text-muted-foreground">{progress(run.progress)}</p>
                )}
                {run.error && <p className="mt-1 text-xs text-destructive">{run.error}</p>}
                {run.fallback_reason && (
                  <p className="mt-1 text-xs text-warning">{t("llmFailed", { reason: run.fallback_reason })}</p>
                )}
              </td>
              <td className="py-2 pr-3 text-muted-foreground">
                {run.trigger === "manual" ? (run.started_by ?? t("someone")) : t("dailyJob")}
              </td>
              <td className="py-2 pr-3 text-muted-foreground">{run.message_count ?? "–"}</td>
              <td className="py-2 pr-3 text-muted-foreground">{format.generator(run.generator)}</td>
              <td className="py-2 pr-3 whitespace-nowrap text-muted-foreground">{format.duration(run.duration_ms)}</td>
              <td className="py-2 whitespace-nowrap text-muted-foreground">
                <time dateTime={new Date(run.started_at).toISOString()}>{dates.dateTime(run.started_at)}</time>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
