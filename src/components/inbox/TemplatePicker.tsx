"use client";
import * as React from "react";
import { useAction, useMutation } from "convex/react";
import { useTranslations } from "next-intl";
import { api } from "@convex/_generated/api";
import type { Id } from "@convex/_generated/dataModel";
import { useWorkspace } from "@/components/workspace/WorkspaceProvider";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field, Input, Select } from "@/components/ui/field";
import { EmptyState, ErrorState, LoadingState } from "@/components/ui/states";
import { renderTemplateBody, templateParametersSchema, type TemplateSummary } from "@/domain/templates";
import { useErrorMessage } from "@/lib/errors";
import { issueRef } from "@/i18n/issues";
import type { MessageRef } from "@/i18n/messageRef";
import { useMessage } from "@/i18n/useMessage";

type Listing =
  { state: "loading" } | { state: "error"; error: unknown } | { state: "ready"; templates: TemplateSummary[] };

const keyOf = (t: TemplateSummary) => `${t.name}|${t.language}`;

function useTemplates() {
  const { workspaceId } = useWorkspace();
  const list = useAction(api.templates.list);
  const [listing, setListing] = React.useState<Listing>({ state: "loading" });
  const [attempt, setAttempt] = React.useState(0);
  React.useEffect(() => {
    let current = true;
    list({ workspaceId }).then(
      (templates) => current && setListing({ state: "ready", templates }),
      (error: unknown) => current && setListing({ state: "error", error }),
    );
    return () => {
      current = false;
    };
  }, [list, workspaceId, attempt]);
  const reload = () => {
    setListing({ state: "loading" });
    setAttempt((n) => n + 1);
  };
  return { listing, reload };
}

/** Per-parameter messages from the schema templates.send uses, in no language yet. */
function parameterErrors(template: TemplateSummary, values: string[]): Record<number, MessageRef> {
  const result = templateParametersSchema(template.placeholders).safeParse(values);
  if (result.success) {
    return {};
  }
  return Object.fromEntries(
    result.error.issues.flatMap((issue) =>
      typeof issue.path[0] === "number" ? [[issue.path[0], issueRef(issue)]] : [],
    ),
  );
}

function TemplatePreview({ template, values }: { template: TemplateSummary; values: string[] }) {
  const t = useTranslations("inbox.templates");
  const filled = values.map((v, i) => v.trim() || `{{${template.placeholders[i]}}}`);
  return (
    <div aria-label={t("preview")} className="space-y-1 rounded-lg bg-muted px-3 py-2 text-sm ring-1 ring-border">
      {template.header && <p className="font-medium text-foreground">{template.header}</p>}
      <p className="whitespace-pre-wrap break-words text-foreground">{renderTemplateBody(template.body, filled)}</p>
      {template.footer && <p className="text-xs text-muted-foreground">{template.footer}</p>}
    </div>
  );
}

/**
 * Outside WhatsApp's 24-hour window only an approved template reaches the lead:
 * pick one of the workspace's, fill in its parameters, send.
 */
export function TemplatePicker({
  conversationId,
  onSent,
}: {
  conversationId: Id<"conversations">;
  onSent?: () => void;
}) {
  const t = useTranslations("inbox");
  const say = useMessage();
  const errorMessage = useErrorMessage();
  const { workspaceId } = useWorkspace();
  const { listing, reload } = useTemplates();
  const send = useMutation(api.templates.send);
  const [chosenKey, setChosenKey] = React.useState("");
  const [values, setValues] = React.useState<string[]>([]);
  const [showErrors, setShowErrors] = React.useState(false);
  const [sendError, setSendError] = React.useState<string | null>(null);
  const [sending, startSending] = React.useTransition();
  const selectId = React.useId();

  if (listing.state === "loading") {
    return <LoadingState label={t("loadingTemplates")} className="py-6" />;
  }
  if (listing.state === "error") {
    return (
      <div className="space-y-2">
        <ErrorState title={t("templates.loadFailed")} message={errorMessage(listing.error)} />
        <Button variant="secondary" size="sm" onClick={reload}>
          {t("templates.tryAgain")}
        </Button>
      </div>
    );
  }
  if (listing.templates.length === 0) {
    return (
      <EmptyState title={t("templates.none")} className="py-6">
        {t("templates.noneHint")}
      </EmptyState>
    );
  }

  const template = listing.templates.find((candidate) => keyOf(candidate) === chosenKey);
  const errors = template && showErrors ? parameterErrors(template, values) : {};

  function choose(key: string) {
    const next =
      listing.state === "ready" ? listing.templates.find((candidate) => keyOf(candidate) === key) : undefined;
    setChosenKey(key);
    setValues(next ? next.placeholders.map(() => "") : []);
    setShowErrors(false);
    setSendError(null);
  }

  function submit() {
    if (!template || sending) {
      return;
    }
    if (Object.keys(parameterErrors(template, values)).length > 0) {
      setShowErrors(true);
      return;
    }
    setSendError(null);
    startSending(async () => {
      try {
        await send({
          workspaceId,
          conversationId,
          template: { name: template.name, language: template.language, body: template.body },
          parameters: values,
        });
        React.startTransition(() => {
          choose("");
          onSent?.();
        });
      } catch (error) {
        React.startTransition(() => setSendError(errorMessage(error)));
      }
    });
  }

  return (
    <form
      className="space-y-3"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <Field id={selectId} label={t("templates.template")}>
        <Select value={chosenKey} onChange={(e) => choose(e.target.value)}>
          <option value="">{t("templates.choose")}</option>
          {listing.templates.map((listed) => (
            <option key={keyOf(listed)} value={keyOf(listed)}>
              {listed.name} ({listed.language})
            </option>
          ))}
        </Select>
      </Field>
      {template && (
        <>
          <TemplatePreview template={template} values={values} />
          {template.placeholders.map((placeholder, index) => (
            <Field key={placeholder} label={`{{${placeholder}}}`} error={errors[index] && say(errors[index])}>
              <Input
                value={values[index] ?? ""}
                onChange={(e) => {
                  const next = [...values];
                  next[index] = e.target.value;
                  setValues(next);
                }}
              />
            </Field>
          ))}
          {sendError && <Alert>{sendError}</Alert>}
          <div className="flex justify-end">
            <Button type="submit" busy={sending}>
              {t("templates.send")}
            </Button>
          </div>
        </>
      )}
    </form>
  );
}
