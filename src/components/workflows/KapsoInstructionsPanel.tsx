"use client";
import * as React from "react";
import { useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";
import { Badge } from "@/components/ui/badge";
import { Card, CardBody, CardHeader, CardTitle } from "@/components/ui/card";
import { CopyButton } from "@/components/ui/copy-button";
import { kapsoInstructions, type CurrentSettings, type InstructionStep } from "@/domain/kapsoInstructions";
import type { WorkflowConfig } from "@/domain/workflowSettings";
import { useMessage } from "@/i18n/useMessage";
import { ChangeList } from "./ChangeList";

const BADGE_TONES = { changed: "warning", removed: "danger", unchanged: "neutral" } as const;

function ChangeBadge({ change }: { change: InstructionStep["change"] }) {
  const t = useTranslations("instructions");
  return change === "context" ? null : <Badge tone={BADGE_TONES[change]}>{t(`badges.${change}`)}</Badge>;
}

function downloadJson(fileName: string, json: string) {
  const url = URL.createObjectURL(new Blob([json], { type: "application/json" }));
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName;
  document.body.appendChild(link);
  link.click();
  link.remove();
  URL.revokeObjectURL(url);
}

/** Numbered copy-paste steps for the Kapso Dashboard, and the workflow JSON, for the saved version. */
export function KapsoInstructionsPanel({
  settings,
  lastSyncedConfig,
  saved,
}: {
  settings: CurrentSettings;
  lastSyncedConfig: WorkflowConfig | null;
  saved: boolean;
}) {
  const t = useTranslations("instructions");
  const say = useMessage();
  const instructions = React.useMemo(() => kapsoInstructions(settings, lastSyncedConfig), [settings, lastSyncedConfig]);
  const [showJson, setShowJson] = React.useState(false);
  const changesId = React.useId();
  return (
    <Card>
      <CardHeader>
        <div>
          <CardTitle>{t("title")}</CardTitle>
          <p className="mt-0.5 text-xs text-muted-foreground">
            {saved ? t("stepsForVersion", { version: settings.version }) : t("stepsForDefaults")}
          </p>
        </div>
        <div className="flex flex-wrap gap-2">
          <CopyButton value={instructions.json} label={t("copyJson")} />
          <Button variant="secondary" size="sm" onClick={() => downloadJson(instructions.fileName, instructions.json)}>
            {t("downloadJson")}
          </Button>
        </div>
      </CardHeader>
      <CardBody className="space-y-5">
        <section aria-labelledby={changesId}>
          <h3 id={changesId} className="mb-2 text-sm font-medium text-foreground">
            {instructions.neverSynced ? t("neverSynced") : t("changedSinceSync")}
          </h3>
          {!instructions.neverSynced && <ChangeList changes={instructions.changes} />}
        </section>
        <ol className="space-y-3" aria-label={t("stepsList")}>
          {instructions.steps.map((step) => (
            <li key={step.number} className="flex gap-3 rounded-md border border-border p-3">
              <span
                aria-hidden
                className="flex size-6 shrink-0 items-center justify-center rounded-full bg-accent text-xs font-semibold text-foreground"
              >
                {step.number}
              </span>
              <div className="min-w-0 flex-1 space-y-2">
                <p className="text-sm text-foreground">
                  <span className="sr-only">{t("stepNumber", { number: step.number })}</span>
                  <ChangeBadge change={step.change} /> {say(step.text)}
                </p>
                {step.values.map((value) => {
                  const label = typeof value.label === "string" ? value.label : say(value.label);
                  return (
                    <div key={label} className="flex items-start gap-2">
                      <pre className="max-h-48 min-w-0 flex-1 overflow-auto rounded bg-muted px-2 py-1.5 text-xs whitespace-pre-wrap text-foreground">
                        {value.value}
                      </pre>
                      <CopyButton value={value.value} aria-label={t("copyValue", { label, number: step.number })} />
                    </div>
                  );
                })}
              </div>
            </li>
          ))}
        </ol>
        <div>
          <Button variant="ghost" size="sm" aria-expanded={showJson} onClick={() => setShowJson((s) => !s)}>
            {showJson ? t("hideJson") : t("showJson")}
          </Button>
          {showJson && (
            <pre
              data-testid="workflow-json"
              className="mt-2 max-h-96 overflow-auto rounded-md bg-foreground p-3 text-xs text-background"
            >
              {instructions.json}
            </pre>
          )}
        </div>
      </CardBody>
    </Card>
  );
}
