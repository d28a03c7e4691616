"use client";
import * as React from "react";
import { useTranslations } from "next-intl";
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
  const t = useTranslations("workflows.history");
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
        <CardTitle>{t("title")}</CardTitle>
      </CardHeader>
      <CardBody>
        {shown === undefined ? (
          <LoadingState label={t("loading")} className="py-6" />
        ) : shown.entries.length === 0 ? (
          <EmptyState title={t("empty")}>{t("emptyBody")}</EmptyState>
        ) : (
          <>
            <ol className="space-y-4" aria-label={t("label")}>
              {shown.entries.map((entry) => (
                <li key={entry._id} className="border-l-2 border-border pl-4">
                  <p className="text-sm text-foreground">
                    {entry.kind === "saved"
                      ? t.rich("saved", {
                          version: entry.version,
                          actor: entry.actor,
                          b: (chunks) => <span className="font-medium">{chunks}</span>,
                        })
                      : t.rich("confirmed", {
                          version: entry.version,
                          actor: entry.actor,
                          b: (chunks) => <span className="font-medium text-success">{chunks}</span>,
                        })}
                    <span className="text-muted-foreground"> · {dates.dateTime(entry.at)}</span>
                  </p>
                  {entry.kind === "saved" && (
                    <div className="mt-2">
                      {entry.previousConfig ? (
                        <ChangeList changes={diffConfigs(entry.previousConfig, entry.config)} />
                      ) : (
                        <p className="text-sm text-muted-foreground">{t("first")}</p>
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
                {t("older")}
              </Button>
            )}
          </>
        )}
      </CardBody>
    </Card>
  );
}
