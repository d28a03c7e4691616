"use client";
import * as React from "react";
import type { FunctionReturnType } from "convex/server";
import type { api } from "@convex/_generated/api";
import { Badge } from "@/components/ui/badge";
import { Spinner } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/states";
import { formatDuration, generatorLabel } from "./format";
import { useDateFormat } from "@/lib/useDateFormat";

type Run = FunctionReturnType<typeof api.summaries.listRuns>[number];

const STATUS: Record<Run["status"], { label: string; tone: "success" | "neutral" | "danger" | "info" }> = {
  done: { label: "Summarised", tone: "success" },
  quiet: { label: "Quiet day", tone: "neutral" },
  failed: { label: "Failed", tone: "danger" },
  running: { label: "Running", tone: "info" },
};

/** Recent runs of the daily job and of manual regenerations, so a quiet day still shows the job ran. */
export function RunList({ runs }: { runs: Run[] }) {
  const dates = useDateFormat();
  if (runs.length === 0) {
    return (
      <EmptyState title="No runs yet">
        The job runs every hour and summarises each day shortly after local midnight.
      </EmptyState>
    );
  }
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Recent summary runs</caption>
        <thead className="text-xs text-muted-foreground">
          <tr className="border-b border-border/60">
            <th scope="col" className="py-2 pr-3 font-medium">
              Day
            </th>
            <th scope="col" className="py-2 pr-3 font-medium">
              Status
            </th>
            <th scope="col" className="py-2 pr-3 font-medium">
              Started by
            </th>
            <th scope="col" className="py-2 pr-3 font-medium">
              Messages
            </th>
            <th scope="col" className="py-2 pr-3 font-medium">
              Written by
            </th>
            <th scope="col" className="py-2 pr-3 font-medium">
              Took
            </th>
            <th scope="col" className="py-2 font-medium">
              Started
            </th>
          </tr>
        </thead>
        <tbody>
          {runs.map((run) => (
            <tr key={run._id} className="border-b border-border/60 align-top last:border-0">
              <td className="py-2 pr-3 whitespace-nowrap text-foreground">{dates.localDate(run.date)}</td>
              <td className="py-2 pr-3">
                <Badge tone={STATUS[run.status].tone}>
                  {run.status === "running" && <Spinner className="size-3" />}
                  {STATUS[run.status].label}
                </Badge>
                {run.status === "running" && run.progress && (
                  <p className="mt-1 text-xs text-muted-foreground">{run.progress}</p>
                )}
                {run.error && <p className="mt-1 text-xs text-destructive">{run.error}</p>}
                {run.fallback_reason && <p className="mt-1 text-xs text-warning">LLM failed: {run.fallback_reason}</p>}
              </td>
              <td className="py-2 pr-3 text-muted-foreground">
                {run.trigger === "manual" ? (run.started_by ?? "Someone on the team") : "Daily job"}
              </td>
              <td className="py-2 pr-3 text-muted-foreground">{run.message_count ?? "–"}</td>
              <td className="py-2 pr-3 text-muted-foreground">{generatorLabel(run.generator)}</td>
              <td className="py-2 pr-3 whitespace-nowrap text-muted-foreground">{formatDuration(run.duration_ms)}</td>
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
