"use client";
import * as React from "react";
import { useQuery } from "convex/react";
import { api } from "@convex/_generated/api";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState, LoadingState } from "@/components/ui/states";
import { useWorkspace } from "@/components/workspace/WorkspaceProvider";
import { diffConfigs, type WorkflowType } from "@/domain/workflowSettings";
import { ChangeList } from "./ChangeList";
import { useDateFormat } from "@/lib/useDateFormat";

const PAGE = 20;

/** Every save and every "I've updated Kapso", newest first, each save with its field-by-field diff. */
export function WorkflowHistory({ workflowType }: { workflowType: WorkflowType }) {
  const { workspaceId } = useWorkspace();
  const dates = useDateFormat();
  const [limit, setLimit] = React.useState(PAGE);
  const history = useQuery(api.workflowSettings.history, { workspaceId, workflowType, limit });
  // Keep showing the shorter list while the longer one loads.
  const [shown, setShown] = React.useState(history);
  if (history !== undefined && history !== shown) {
    setShown(history);
  }

  return (
    <Card>
      <CardHeader>
        <CardTitle>History</CardTitle>
      </CardHeader>
      <CardBody>
        {shown === undefined ? (
          <LoadingState label="Loading history…" className="py-6" />
        ) : shown.entries.length === 0 ? (
          <EmptyState title="No history yet">Saves and Kapso confirmations will appear here.</EmptyState>
        ) : (
          <>
            <ol className="space-y-4" aria-label="Saves and syncs">
              {shown.entries.map((entry) => (
                <li key={entry._id} className="border-l-2 border-border pl-4">
                  <p className="text-sm text-foreground">
                    {entry.kind === "saved" ? (
                      <>
                        <span className="font-medium">Version {entry.version} saved</span> by {entry.actor}
                      </>
                    ) : (
                      <>
                        <span className="font-medium text-success">Version {entry.version} confirmed in Kapso</span> by{" "}
                        {entry.actor}
                      </>
                    )}
                    <span className="text-muted-foreground"> · {dates.dateTime(entry.at)}</span>
                  </p>
                  {entry.kind === "saved" && (
                    <div className="mt-2">
                      {entry.previousConfig ? (
                        <ChangeList changes={diffConfigs(entry.previousConfig, entry.config)} />
                      ) : (
                        <p className="text-sm text-muted-foreground">First saved version.</p>
                      )}
                    </div>
                  )}
                </li>
              ))}
            </ol>
            {shown.hasMore && (
              <Button
                variant="secondary"
                size="sm"
                className="mt-4"
                busy={history === undefined}
                onClick={() => setLimit((l) => l + PAGE)}
              >
                Show older entries
              </Button>
            )}
          </>
        )}
      </CardBody>
    </Card>
  );
}
