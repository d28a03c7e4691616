"use client";
import * as React from "react";
import { useMutation, useQuery } from "convex/react";
import type { FunctionReturnType } from "convex/server";
import { api } from "@convex/_generated/api";
import type { Id } from "@convex/_generated/dataModel";
import { roleHasPermission } from "@convex/permissions";
import { Button, Spinner } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/field";
import { ErrorState } from "@/components/ui/states";
import { useWorkspace } from "@/components/workspace/WorkspaceProvider";
import { errorMessage } from "@/lib/errors";
import { summaryDateSchema } from "@/domain/dailySummary";
import { useDateFormat } from "@/lib/useDateFormat";

/** "Generate summary" for a past local day; follows the run it starts until it ends. */
export function GenerateSummaryForm({ lastCompleteDay, timeZone }: { lastCompleteDay: string; timeZone: string }) {
  const { workspaceId, role } = useWorkspace();
  const generate = useMutation(api.summaries.generate);
  const [date, setDate] = React.useState(lastCompleteDay);
  const [fieldError, setFieldError] = React.useState<string>();
  const [submitError, setSubmitError] = React.useState<string>();
  const [submitting, startSubmitting] = React.useTransition();
  const [runId, setRunId] = React.useState<Id<"summaryRuns"> | null>(null);
  const run = useQuery(api.summaries.getRun, runId ? { workspaceId, runId } : "skip");
  const running = submitting || (runId !== null && (run === undefined || run.status === "running"));

  if (!roleHasPermission(role, "summary.generate")) {
    return (
      <p className="text-sm text-muted-foreground">
        Your role ({role}) can read summaries; an admin or operator can generate them.
      </p>
    );
  }

  function onSubmit(e: React.FormEvent) {
    e.preventDefault();
    setSubmitError(undefined);
    // The earlier run's outcome no longer answers this request.
    setRunId(null);
    const parsed = summaryDateSchema(lastCompleteDay).safeParse({ date });
    if (!parsed.success) {
      setFieldError(parsed.error.issues[0]?.message);
      return;
    }
    setFieldError(undefined);
    startSubmitting(async () => {
      try {
        const started = await generate({ workspaceId, date: parsed.data.date });
        React.startTransition(() => setRunId(started));
      } catch (error) {
        React.startTransition(() => setSubmitError(errorMessage(error)));
      }
    });
  }

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-3">
      <div className="flex flex-wrap items-end gap-3">
        <Field
          label="Day"
          hint={`A day that has ended in ${timeZone}. Its existing summary and lead notes are replaced.`}
          error={fieldError}
          className="min-w-56"
        >
          <Input
            type="date"
            value={date}
            max={lastCompleteDay}
            onChange={(e) => setDate(e.target.value)}
            disabled={running}
          />
        </Field>
        <Button type="submit" busy={running} className="mb-[1.625rem]">
          Generate summary
        </Button>
      </div>
      {submitError && <ErrorState title="Could not start the summary" message={submitError} />}
      {runId && <RunProgress run={run} />}
    </form>
  );
}

type Run = FunctionReturnType<typeof api.summaries.getRun>;

function RunProgress({ run }: { run: Run | undefined }) {
  const dates = useDateFormat();
  if (!run || run.status === "running") {
    return (
      <p role="status" className="flex items-center gap-2 text-sm text-muted-foreground">
        <Spinner className="size-3.5" />
        Generating the summary{run ? ` of ${dates.localDate(run.date)}: ${run.progress ?? "working"}…` : "…"}
      </p>
    );
  }
  if (run.status === "failed") {
    return (
      <ErrorState title={`The summary of ${dates.localDate(run.date)} failed`} message={run.error ?? "Unknown error"} />
    );
  }
  return (
    <p role="status" className="text-sm text-success">
      {run.status === "quiet"
        ? `No messages on ${dates.localDate(run.date)}: nothing to summarise.`
        : `Summary of ${dates.localDate(run.date)} is ready: ${run.message_count ?? 0} messages, ${run.lead_count ?? 0} leads.`}
      {run.fallback_reason && (
        <span className="block text-warning">
          The LLM failed, so it was written without it ({run.fallback_reason}).
        </span>
      )}
    </p>
  );
}
