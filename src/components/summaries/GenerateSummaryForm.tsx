"use client";
import * as React from "react";
import { useMutation, useQuery } from "convex/react";
import { useTranslations } from "next-intl";
import type { FunctionReturnType } from "convex/server";
import { api } from "@convex/_generated/api";
import type { Id } from "@convex/_generated/dataModel";
import { roleHasPermission } from "@convex/permissions";
import { Button, Spinner } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/field";
import { ErrorState } from "@/components/ui/states";
import { useWorkspace } from "@/components/workspace/WorkspaceProvider";
import { useErrorMessage } from "@/lib/errors";
import { issueRef } from "@/i18n/issues";
import { useMessage } from "@/i18n/useMessage";
import { summaryDateSchema } from "@/domain/dailySummary";
import { useDateFormat } from "@/lib/useDateFormat";
import { useRunProgress } from "./format";

/** "Generate summary" for a past local day; follows the run it starts until it ends. */
export function GenerateSummaryForm({ lastCompleteDay, timeZone }: { lastCompleteDay: string; timeZone: string }) {
  const t = useTranslations("summaries.generate");
  const say = useMessage();
  const errorMessage = useErrorMessage();
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
    return <p className="text-sm text-muted-foreground">{t("readOnly", { role })}</p>;
  }

  function onSubmit(e: React.FormEvent) {
    e.preventDefault();
    setSubmitError(undefined);
    // The earlier run's outcome no longer answers this request.
    setRunId(null);
    const parsed = summaryDateSchema(lastCompleteDay).safeParse({ date });
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      setFieldError(issue ? say(issueRef(issue)) : undefined);
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
        <Field label={t("day")} hint={t("dayHint", { timeZone })} error={fieldError} className="min-w-56">
          <Input
            type="date"
            value={date}
            max={lastCompleteDay}
            onChange={(e) => setDate(e.target.value)}
            disabled={running}
          />
        </Field>
        <Button type="submit" busy={running} className="mb-[1.625rem]">
          {t("title")}
        </Button>
      </div>
      {submitError && <ErrorState title={t("startFailed")} message={submitError} />}
      {runId && <RunProgress run={run} />}
    </form>
  );
}

type Run = FunctionReturnType<typeof api.summaries.getRun>;

function RunProgress({ run }: { run: Run | undefined }) {
  const t = useTranslations("summaries.generate");
  const dates = useDateFormat();
  const progress = useRunProgress();
  if (!run || run.status === "running") {
    return (
      <p role="status" className="flex items-center gap-2 text-sm text-muted-foreground">
        <Spinner className="size-3.5" />
        {run ? t("runningDay", { date: dates.localDate(run.date), progress: progress(run.progress) }) : t("running")}
      </p>
    );
  }
  if (run.status === "failed") {
    return (
      <ErrorState title={t("failed", { date: dates.localDate(run.date) })} message={run.error ?? t("unknownError")} />
    );
  }
  return (
    <p role="status" className="text-sm text-success">
      {run.status === "quiet"
        ? t("quiet", { date: dates.localDate(run.date) })
        : t("ready", { date: dates.localDate(run.date), messages: run.message_count ?? 0, leads: run.lead_count ?? 0 })}
      {run.fallback_reason && (
        <span className="block text-warning">{t("withoutLlm", { reason: run.fallback_reason })}</span>
      )}
    </p>
  );
}
