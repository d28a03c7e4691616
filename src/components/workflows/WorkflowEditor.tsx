"use client";
import * as React from "react";
import { useTranslations } from "next-intl";
import { useMutation } from "convex/react";
import { api } from "@convex/_generated/api";
import type { FunctionReturnType } from "convex/server";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader, CardTitle } from "@/components/ui/card";
import { Field, Input, Textarea } from "@/components/ui/field";
import { Badge } from "@/components/ui/badge";
import { useWorkspace } from "@/components/workspace/WorkspaceProvider";
import { roleHasPermission } from "@convex/permissions";
import { errorCode, useErrorMessage } from "@/lib/errors";
import { saveOnlyOnPurpose } from "@/lib/saveShortcut";
import { LIMITS, usesKeywords, type WorkflowType } from "@/domain/workflowSettings";
import type { WorkflowSettingsValue } from "@/domain/workflowSettingsSchema";
import { draftFrom, newRule, sameDraft, validateDraft, type Draft } from "./draft";
import { useDateFormat } from "@/lib/useDateFormat";
import { useProviderModels } from "./useProviderModels";
import { useMessage } from "@/i18n/useMessage";
import type { MessageRef } from "@/i18n/messageRef";

export type WorkflowSettingsView = FunctionReturnType<typeof api.workflowSettings.get>["settings"];

// An id, not a sentence: the same in every language.
const EXAMPLE_WORKFLOW_ID = "6cae069e-7d5c-4fbb-834d-79e1f66e4672";

function draftOf(settings: WorkflowSettingsView): Draft {
  return draftFrom({
    config: settings.config,
    kapsoWorkflowId: settings.kapsoWorkflowId,
    kapsoWorkflowName: settings.kapsoWorkflowName,
  });
}

/**
 * The settings form. Validates with the same schema as the server, saves against
 * the version it was opened at, and reports the dirty state so the page can warn
 * and keep "I've updated Kapso" for saved settings only.
 */
export function WorkflowEditor({
  settings,
  onDirtyChange,
}: {
  settings: WorkflowSettingsView;
  onDirtyChange?: (dirty: boolean) => void;
}) {
  const type: WorkflowType = settings.workflowType;
  const { workspaceId, role } = useWorkspace();
  const t = useTranslations("workflows.editor");
  const errorMessage = useErrorMessage();
  const say = useMessage();
  const dates = useDateFormat();
  const canEdit = roleHasPermission(role, "workflow.edit");
  const save = useMutation(api.workflowSettings.save);
  // Kapso's provider models when the API is configured, else common model names.
  const providerModels = useProviderModels();

  const [baseline, setBaseline] = React.useState(() => ({ version: settings.version, draft: draftOf(settings) }));
  const [draft, setDraft] = React.useState(baseline.draft);
  const [saving, startSaving] = React.useTransition();
  const modelListId = React.useId();
  const [touched, setTouched] = React.useState(false);
  const [saveError, setSaveError] = React.useState<{ message: string; conflict: boolean } | null>(null);
  const [savedNote, setSavedNote] = React.useState<string | null>(null);

  const dirty = !sameDraft(draft, baseline.draft);
  const { value, errors } = validateDraft(type, draft);
  const showErrors = touched || dirty;

  React.useEffect(() => onDirtyChange?.(dirty), [dirty, onDirtyChange]);

  // Someone else saved: follow along while there is nothing of ours to lose.
  const serverDraft = draftOf(settings);
  if (settings.version !== baseline.version && !dirty && !saving) {
    setBaseline({ version: settings.version, draft: serverDraft });
    setDraft(serverDraft);
  }
  const staleWhileEditing = dirty && settings.version !== baseline.version;

  function update<K extends keyof Draft>(key: K, next: Draft[K]) {
    setDraft((d) => ({ ...d, [key]: next }));
    setSavedNote(null);
  }

  function onSubmit(event: React.FormEvent) {
    event.preventDefault();
    setTouched(true);
    if (!value || saving) {
      return;
    }
    setSaveError(null);
    startSaving(() => saveValue(value));
  }

  async function saveValue(value: WorkflowSettingsValue) {
    try {
      const version = await save({
        workspaceId,
        workflowType: type,
        config: value.config,
        kapsoWorkflowId: value.kapsoWorkflowId,
        kapsoWorkflowName: value.kapsoWorkflowName,
        expectedVersion: baseline.version,
      });
      const normalised = draftFrom(value);
      React.startTransition(() => {
        setBaseline({ version, draft: normalised });
        setDraft(normalised);
        setSavedNote(version === baseline.version ? t("unchanged") : t("savedAs", { version }));
      });
    } catch (error) {
      const message = errorMessage(error);
      React.startTransition(() => setSaveError({ message, conflict: errorCode(error) === "CONFLICT" }));
    }
  }

  const formRef = React.useRef<HTMLFormElement>(null);
  function discard() {
    setBaseline({ version: settings.version, draft: serverDraft });
    setDraft(serverDraft);
    setSaveError(null);
    setTouched(false);
    // The Discard button disappears with the changes; keep keyboard focus in the form.
    formRef.current?.querySelector<HTMLElement>("input, textarea")?.focus();
  }

  const fieldError = (name: string) => (showErrors && errors.fields[name] ? say(errors.fields[name]) : undefined);

  return (
    <Card>
      <CardHeader>
        <div>
          <CardTitle>{t("title")}</CardTitle>
          <p className="mt-0.5 text-xs text-muted-foreground">
            {settings.saved
              ? t("savedMeta", {
                  version: settings.version,
                  actor: settings.updatedBy ?? "—",
                  date: settings.updatedAt === null ? "—" : dates.dateTime(settings.updatedAt),
                })
              : t("defaults")}
          </p>
        </div>
        {dirty && <Badge tone="warning">{t("unsaved")}</Badge>}
      </CardHeader>
      <CardBody>
        {!canEdit && (
          <p className="mb-4 rounded-md bg-muted px-3 py-2 text-sm text-muted-foreground">{t("readOnly", { role })}</p>
        )}
        {staleWhileEditing && (
          <Alert role="status" variant="warning" className="mb-4">
            {t("stale", {
              actor: settings.updatedBy ?? "—",
              version: settings.version,
              date: settings.updatedAt === null ? "—" : dates.dateTime(settings.updatedAt),
            })}
          </Alert>
        )}
        <form ref={formRef} onSubmit={onSubmit} onKeyDown={saveOnlyOnPurpose} noValidate>
          <fieldset disabled={!canEdit} className="space-y-5">
            <div className="grid gap-4 sm:grid-cols-2">
              <Field label={t("workflowName")} error={fieldError("kapsoWorkflowName")}>
                <Input value={draft.kapsoWorkflowName} onChange={(e) => update("kapsoWorkflowName", e.target.value)} />
              </Field>
              <Field label={t("workflowId")} hint={t("workflowIdHint")} error={fieldError("kapsoWorkflowId")}>
                <Input
                  value={draft.kapsoWorkflowId}
                  placeholder={EXAMPLE_WORKFLOW_ID}
                  onChange={(e) => update("kapsoWorkflowId", e.target.value)}
                />
              </Field>
            </div>
            <div className="grid gap-4 sm:grid-cols-3">
              <Field label={t("model")} hint={t("modelHint")} error={fieldError("ai_model")}>
                <Input list={modelListId} value={draft.ai_model} onChange={(e) => update("ai_model", e.target.value)} />
              </Field>
              <datalist id={modelListId}>
                {providerModels.models.map((m) => (
                  <option key={m.name} value={m.name} />
                ))}
              </datalist>
              <Field label={t("temperature")} hint={t("temperatureHint")} error={fieldError("temperature")}>
                <Input
                  inputMode="decimal"
                  value={draft.temperature}
                  onChange={(e) => update("temperature", e.target.value)}
                />
              </Field>
              <Field
                label={t("maxTokens")}
                hint={t("maxTokensHint", { maximum: LIMITS.maxTokensMax })}
                error={fieldError("max_tokens")}
              >
                <Input
                  inputMode="numeric"
                  value={draft.max_tokens}
                  onChange={(e) => update("max_tokens", e.target.value)}
                />
              </Field>
            </div>
            <Field
              label={type === "rules_engine" ? t("decisionPrompt") : t("systemPrompt")}
              hint={t("promptLength", { length: draft.system_prompt.length, maximum: LIMITS.systemPromptMax })}
              error={fieldError("system_prompt")}
            >
              <Textarea
                rows={8}
                value={draft.system_prompt}
                onChange={(e) => update("system_prompt", e.target.value)}
              />
            </Field>
            {usesKeywords(type) && <KeywordRules draft={draft} errors={showErrors ? errors : null} update={update} />}
          </fieldset>
          {saveError && (
            <Alert className="mt-4">
              <AlertTitle>{saveError.conflict ? t("conflict") : t("saveFailed")}</AlertTitle>
              <AlertDescription>{saveError.message}</AlertDescription>
              {saveError.conflict && (
                <Button variant="secondary" size="sm" className="mt-2" onClick={discard}>
                  {t("loadLatest")}
                </Button>
              )}
            </Alert>
          )}
          {canEdit && (
            <div className="mt-5 flex flex-wrap items-center gap-3">
              <Button type="submit" busy={saving} disabled={!value || (!dirty && baseline.version > 0)}>
                {saving ? t("saving") : t("save")}
              </Button>
              {dirty && (
                <Button variant="ghost" onClick={discard} disabled={saving}>
                  {t("discard")}
                </Button>
              )}
              {!value && showErrors && <span className="text-sm text-destructive">{t("fixFields")}</span>}
              {savedNote && !dirty && (
                <span role="status" className="text-sm text-success">
                  {savedNote}
                </span>
              )}
            </div>
          )}
        </form>
      </CardBody>
    </Card>
  );
}

function KeywordRules({
  draft,
  errors,
  update,
}: {
  draft: Draft;
  errors: ReturnType<typeof validateDraft>["errors"] | null;
  update: <K extends keyof Draft>(key: K, next: Draft[K]) => void;
}) {
  const t = useTranslations("workflows.editor");
  const say = useMessage();
  const sayIf = (ref: MessageRef | undefined) => (ref ? say(ref) : undefined);
  const setRule = (index: number, patch: Partial<Draft["rules"][number]>) =>
    update(
      "rules",
      draft.rules.map((r, i) => (i === index ? { ...r, ...patch } : r)),
    );
  return (
    <div className="space-y-3">
      <div>
        <h3 className="text-sm font-medium text-foreground">{t("keywordsTitle")}</h3>
        <p className="text-xs text-muted-foreground">{t("keywordsHelp")}</p>
      </div>
      {errors?.fields.keywords && (
        <p role="alert" className="text-xs font-medium text-destructive">
          {say(errors.fields.keywords)}
        </p>
      )}
      <ol className="space-y-3">
        {draft.rules.map((rule, index) => (
          <li key={rule.id} className="grid gap-3 rounded-md border border-border p-3 sm:grid-cols-[12rem_1fr_auto]">
            <Field label={t("keyword", { number: index + 1 })} error={sayIf(errors?.keyword[index])}>
              <Input value={rule.keyword} onChange={(e) => setRule(index, { keyword: e.target.value })} />
            </Field>
            <Field label={t("reply", { number: index + 1 })} hint={t("replyHint")} error={sayIf(errors?.reply[index])}>
              <Textarea rows={4} value={rule.reply} onChange={(e) => setRule(index, { reply: e.target.value })} />
            </Field>
            <div className="flex items-end">
              <Button
                variant="ghost"
                size="sm"
                aria-label={t("removeLabel", { number: index + 1 })}
                onClick={() =>
                  update(
                    "rules",
                    draft.rules.filter((_, i) => i !== index),
                  )
                }
              >
                {t("remove")}
              </Button>
            </div>
          </li>
        ))}
      </ol>
      <Button
        variant="secondary"
        size="sm"
        disabled={draft.rules.length >= LIMITS.keywordsMax}
        onClick={() => update("rules", [...draft.rules, newRule()])}
      >
        {t("addKeyword")}
      </Button>
      <Field label={t("defaultReply")} hint={t("optional")} error={sayIf(errors?.defaultReply)}>
        <Textarea rows={4} value={draft.defaultReply} onChange={(e) => update("defaultReply", e.target.value)} />
      </Field>
    </div>
  );
}
