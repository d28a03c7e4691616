"use client";
import * as React from "react";
import { useMutation } from "convex/react";
import { api } from "@convex/_generated/api";
import type { FunctionReturnType } from "convex/server";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader, CardTitle } from "@/components/ui/card";
import { Field, Input, Textarea } from "@/components/ui/field";
import { Badge } from "@/components/ui/badge";
import { useWorkspace } from "@/components/workspace/WorkspaceProvider";
import { roleHasPermission } from "@convex/permissions";
import { errorCode } from "@convex/errors";
import { errorMessage } from "@/lib/errors";
import { saveOnlyOnPurpose } from "@/lib/saveShortcut";
import { LIMITS, usesKeywords, type WorkflowType } from "@/domain/workflowSettings";
import { draftFrom, validateDraft, type Draft } from "./draft";
import { formatWhen } from "./format";
import { useProviderModels } from "./useProviderModels";

export type WorkflowSettingsView = FunctionReturnType<typeof api.workflowSettings.get>["settings"];

function draftOf(settings: WorkflowSettingsView): Draft {
  return draftFrom({ config: settings.config, kapsoWorkflowId: settings.kapsoWorkflowId, kapsoWorkflowName: settings.kapsoWorkflowName });
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
  const canEdit = roleHasPermission(role, "workflow.edit");
  const save = useMutation(api.workflowSettings.save);
  // Kapso's provider models when the API is configured, else common model names.
  const providerModels = useProviderModels();

  const [baseline, setBaseline] = React.useState(() => ({ version: settings.version, draft: draftOf(settings) }));
  const [draft, setDraft] = React.useState(baseline.draft);
  const [saving, setSaving] = React.useState(false);
  const [touched, setTouched] = React.useState(false);
  const [saveError, setSaveError] = React.useState<{ message: string; conflict: boolean } | null>(null);
  const [savedNote, setSavedNote] = React.useState<string | null>(null);

  const dirty = JSON.stringify(draft) !== JSON.stringify(baseline.draft);
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

  async function onSubmit(event: React.FormEvent) {
    event.preventDefault();
    setTouched(true);
    if (!value || saving) return;
    setSaving(true);
    setSaveError(null);
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
      setBaseline({ version, draft: normalised });
      setDraft(normalised);
      setSavedNote(version === baseline.version ? "Nothing changed; the settings are as saved." : `Saved as version ${version}.`);
    } catch (error) {
      setSaveError({ message: errorMessage(error), conflict: errorCode(error) === "CONFLICT" });
    } finally {
      setSaving(false);
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

  const fieldError = (name: string) => (showErrors ? errors.fields[name] : undefined);

  return (
    <Card>
      <CardHeader>
        <div>
          <CardTitle>Settings</CardTitle>
          <p className="mt-0.5 text-xs text-slate-500">
            {settings.saved
              ? `Version ${settings.version}, saved by ${settings.updatedBy ?? "—"} on ${formatWhen(settings.updatedAt)}`
              : "Not saved yet: these are the defaults."}
          </p>
        </div>
        {dirty && <Badge tone="warning">Unsaved changes</Badge>}
      </CardHeader>
      <CardBody>
        {!canEdit && (
          <p className="mb-4 rounded-md bg-slate-50 px-3 py-2 text-sm text-slate-600">
            Your role ({role}) can read these settings; an admin or operator can change them.
          </p>
        )}
        {staleWhileEditing && (
          <div role="status" className="mb-4 rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">
            {settings.updatedBy} saved version {settings.version} on {formatWhen(settings.updatedAt)} while you were editing.
            Saving now will be refused; discard your changes to load theirs.
          </div>
        )}
        <form ref={formRef} onSubmit={onSubmit} onKeyDown={saveOnlyOnPurpose} noValidate>
          <fieldset disabled={!canEdit} className="space-y-5">
            <div className="grid gap-4 sm:grid-cols-2">
              <Field id="kapsoWorkflowName" label="Kapso workflow name" error={fieldError("kapsoWorkflowName")}>
                <Input value={draft.kapsoWorkflowName} onChange={(e) => update("kapsoWorkflowName", e.target.value)} />
              </Field>
              <Field
                id="kapsoWorkflowId"
                label="Kapso workflow id"
                hint="The UUID in the workflow's Kapso Dashboard URL; optional."
                error={fieldError("kapsoWorkflowId")}
              >
                <Input
                  value={draft.kapsoWorkflowId}
                  placeholder="6cae069e-7d5c-4fbb-834d-79e1f66e4672"
                  onChange={(e) => update("kapsoWorkflowId", e.target.value)}
                />
              </Field>
            </div>
            <div className="grid gap-4 sm:grid-cols-3">
              <Field id="ai_model" label="AI model" hint="As named in Kapso, e.g. gemini-2.5-flash." error={fieldError("ai_model")}>
                <Input list="workflow-model-suggestions" value={draft.ai_model} onChange={(e) => update("ai_model", e.target.value)} />
              </Field>
              <datalist id="workflow-model-suggestions">
                {providerModels.models.map((m) => (
                  <option key={m.name} value={m.name} />
                ))}
              </datalist>
              <Field id="temperature" label="Temperature" hint="0.0 (predictable) to 1.0 (creative)." error={fieldError("temperature")}>
                <Input
                  inputMode="decimal"
                  value={draft.temperature}
                  onChange={(e) => update("temperature", e.target.value)}
                />
              </Field>
              <Field id="max_tokens" label="Max tokens" hint={`Whole number, 1 to ${LIMITS.maxTokensMax}.`} error={fieldError("max_tokens")}>
                <Input inputMode="numeric" value={draft.max_tokens} onChange={(e) => update("max_tokens", e.target.value)} />
              </Field>
            </div>
            <Field
              id="system_prompt"
              label={type === "rules_engine" ? "Decision prompt" : "System prompt"}
              hint={`${draft.system_prompt.length.toLocaleString()} / ${LIMITS.systemPromptMax.toLocaleString()} characters`}
              error={fieldError("system_prompt")}
            >
              <Textarea rows={8} value={draft.system_prompt} onChange={(e) => update("system_prompt", e.target.value)} />
            </Field>
            {usesKeywords(type) && <KeywordRules draft={draft} errors={showErrors ? errors : null} update={update} />}
          </fieldset>
          {saveError && (
            <div role="alert" className="mt-4 rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
              <p className="font-medium">{saveError.conflict ? "Someone else changed these settings" : "Could not save"}</p>
              <p className="mt-0.5">{saveError.message}</p>
              {saveError.conflict && (
                <Button variant="secondary" size="sm" className="mt-2" onClick={discard}>
                  Discard my changes and load the latest
                </Button>
              )}
            </div>
          )}
          {canEdit && (
            <div className="mt-5 flex flex-wrap items-center gap-3">
              <Button type="submit" busy={saving} disabled={!value || (!dirty && baseline.version > 0)}>
                {saving ? "Saving…" : "Save settings"}
              </Button>
              {dirty && (
                <Button variant="ghost" onClick={discard} disabled={saving}>
                  Discard changes
                </Button>
              )}
              {!value && showErrors && <span className="text-sm text-red-600">Fix the highlighted fields to save.</span>}
              {savedNote && !dirty && (
                <span role="status" className="text-sm text-emerald-700">
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
  const setRule = (index: number, patch: Partial<Draft["rules"][number]>) =>
    update(
      "rules",
      draft.rules.map((r, i) => (i === index ? { ...r, ...patch } : r)),
    );
  return (
    <div className="space-y-3">
      <div>
        <h3 className="text-sm font-medium text-slate-800">Keywords and auto-replies</h3>
        <p className="text-xs text-slate-500">
          Each keyword becomes a condition of the decision node; its reply is sent by its own Send text node. Keywords ignore
          case and must be unique.
        </p>
      </div>
      {errors?.fields.keywords && (
        <p role="alert" className="text-xs font-medium text-red-600">
          {errors.fields.keywords}
        </p>
      )}
      <ol className="space-y-3">
        {draft.rules.map((rule, index) => (
          <li key={index} className="grid gap-3 rounded-md border border-slate-200 p-3 sm:grid-cols-[12rem_1fr_auto]">
            <Field id={`keyword-${index}`} label={`Keyword ${index + 1}`} error={errors?.keyword[index]}>
              <Input value={rule.keyword} onChange={(e) => setRule(index, { keyword: e.target.value })} />
            </Field>
            <Field id={`reply-${index}`} label={`Reply to keyword ${index + 1}`} hint="Optional. Supports {{vars.name}}." error={errors?.reply[index]}>
              <Textarea rows={4} value={rule.reply} onChange={(e) => setRule(index, { reply: e.target.value })} />
            </Field>
            <div className="flex items-end">
              <Button
                variant="ghost"
                size="sm"
                aria-label={`Remove keyword ${index + 1}`}
                onClick={() => update("rules", draft.rules.filter((_, i) => i !== index))}
              >
                Remove
              </Button>
            </div>
          </li>
        ))}
      </ol>
      <Button
        variant="secondary"
        size="sm"
        disabled={draft.rules.length >= LIMITS.keywordsMax}
        onClick={() => update("rules", [...draft.rules, { keyword: "", reply: "" }])}
      >
        Add keyword
      </Button>
      <Field id="default-reply" label="Reply when no keyword matches" hint="Optional." error={errors?.defaultReply}>
        <Textarea rows={4} value={draft.defaultReply} onChange={(e) => update("defaultReply", e.target.value)} />
      </Field>
    </div>
  );
}
