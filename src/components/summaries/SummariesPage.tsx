"use client";
import * as React from "react";
import dynamic from "next/dynamic";
import { useQuery } from "convex/react";
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
  const { workspaceId } = useWorkspace();
  const headingId = React.useId();
  return (
    <>
      <PageHeader
        title="Daily summaries"
        description="What happened each day: new leads, leads waiting for a reply, what customers asked for. Written shortly after local midnight."
      />
      <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_22rem]">
        <section aria-labelledby={headingId} className="order-2 space-y-3 lg:order-1">
          <h2 id={headingId} className="text-base font-semibold text-foreground">
            Digests
          </h2>
          <QueryBoundary title="Could not load the summaries" resetKey={workspaceId}>
            <DigestList />
          </QueryBoundary>
        </section>
        <div className="order-1 space-y-6 lg:order-2">
          <QueryBoundary title="Could not load the daily figures" resetKey={workspaceId}>
            <ChartAndGenerate />
          </QueryBoundary>
        </div>
      </div>
      <Card className="mt-6">
        <CardHeader>
          <CardTitle>Recent runs</CardTitle>
        </CardHeader>
        <CardBody>
          <QueryBoundary title="Could not load the runs" resetKey={workspaceId}>
            <Runs />
          </QueryBoundary>
        </CardBody>
      </Card>
    </>
  );
}

function ChartAndGenerate() {
  const { workspaceId } = useWorkspace();
  const counts = useQuery(api.summaries.dailyCounts, { workspaceId });
  return (
    <>
      <Card>
        <CardHeader>
          <CardTitle>Messages per day</CardTitle>
        </CardHeader>
        <CardBody>
          {counts === undefined ? (
            <LoadingState label="Loading daily figures…" />
          ) : (
            <MessagesChart days={counts.days} timeZone={counts.timeZone} />
          )}
        </CardBody>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>Generate summary</CardTitle>
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
  const { workspaceId } = useWorkspace();
  const runs = useQuery(api.summaries.listRuns, { workspaceId });
  return runs === undefined ? <LoadingState label="Loading runs…" /> : <RunList runs={runs} />;
}
