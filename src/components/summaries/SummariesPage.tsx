"use client";
import * as React from "react";
import dynamic from "next/dynamic";
import { useQuery } from "convex/react";
import { useTranslations } from "next-intl";
import { api } from "@convex/_generated/api";
import { PageHeader } from "@/components/shell/PageHeader";
import { Card, CardBody, CardHeader, CardTitle } from "@/components/ui/card";
import { LoadingState } from "@/components/ui/states";
import { QueryBoundary } from "@/components/ui/query-boundary";
import { useWorkspace } from "@/components/workspace/WorkspaceProvider";
import { DigestList } from "./DigestList";
import { MessagesChart } from "./MessagesChart";
import { RunList } from "./RunList";

// The form validates with the server's schema (zod): it loads after the page, so the page does not wait for zod.
const GenerateSummaryForm = dynamic(() => import("./GenerateSummaryForm").then((m) => m.GenerateSummaryForm), {
  loading: () => <LoadingState className="py-4" />,
});

export function SummariesPage() {
  const t = useTranslations("summaries");
  const { workspaceId } = useWorkspace();
  const headingId = React.useId();
  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_22rem]">
        <section aria-labelledby={headingId} className="order-2 space-y-3 lg:order-1">
          <h2 id={headingId} className="text-base font-semibold text-foreground">
            {t("digests")}
          </h2>
          <QueryBoundary title={t("loadFailed.digests")} resetKey={workspaceId}>
            <DigestList />
          </QueryBoundary>
        </section>
        <div className="order-1 space-y-6 lg:order-2">
          <QueryBoundary title={t("loadFailed.figures")} resetKey={workspaceId}>
            <ChartAndGenerate />
          </QueryBoundary>
        </div>
      </div>
      <Card className="mt-6">
        <CardHeader>
          <CardTitle>{t("runs.title")}</CardTitle>
        </CardHeader>
        <CardBody>
          <QueryBoundary title={t("loadFailed.runs")} resetKey={workspaceId}>
            <Runs />
          </QueryBoundary>
        </CardBody>
      </Card>
    </>
  );
}

function ChartAndGenerate() {
  const t = useTranslations("summaries");
  const { workspaceId } = useWorkspace();
  const counts = useQuery(api.summaries.dailyCounts, { workspaceId });
  return (
    <>
      <Card>
        <CardHeader>
          <CardTitle>{t("chart.title")}</CardTitle>
        </CardHeader>
        <CardBody>
          {counts === undefined ? (
            <LoadingState label={t("loading.figures")} />
          ) : (
            <MessagesChart days={counts.days} timeZone={counts.timeZone} />
          )}
        </CardBody>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>{t("generate.title")}</CardTitle>
        </CardHeader>
        <CardBody>
          {counts === undefined ? (
            <LoadingState />
          ) : (
            <GenerateSummaryForm
              key={`${workspaceId}:${counts.lastCompleteDay}`}
              lastCompleteDay={counts.lastCompleteDay}
              timeZone={counts.timeZone}
            />
          )}
        </CardBody>
      </Card>
    </>
  );
}

function Runs() {
  const t = useTranslations("summaries.loading");
  const { workspaceId } = useWorkspace();
  const runs = useQuery(api.summaries.listRuns, { workspaceId });
  return runs === undefined ? <LoadingState label={t("runs")} /> : <RunList runs={runs} />;
}
