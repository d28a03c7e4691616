"use client";
import * as React from "react";
import { useAction, useMutation } from "convex/react";
import { api } from "@convex/_generated/api";
import type { Id } from "@convex/_generated/dataModel";
import { useWorkspace } from "@/components/workspace/WorkspaceProvider";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field, Input, Select } from "@/components/ui/field";
import { EmptyState, ErrorState, LoadingState } from "@/components/ui/states";
import { renderTemplateBody, templateParametersSchema, type TemplateSummary } from "@/domain/templates";
import { errorMessage } from "@/lib/errors";

type Listing =
  { state: "loading" } | { state: "error"; message: string } | { state: "ready"; templates: TemplateSummary[] };

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
      (error: unknown) => current && setListing({ state: "error", message: errorMessage(error) }),
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

/** Per-parameter messages from the schema templates.send uses. */
function parameterErrors(template: TemplateSummary, values: string[]): Record<number, string> {
  const result = templateParametersSchema(template.placeholders).safeParse(values);
  if (result.success) {
    return {};
  }
  return Object.fromEntries(
    result.error.issues.flatMap((issue) => (typeof issue.path[0] === "number" ? [[issue.path[0], issue.message]] : [])),
  );
}

function TemplatePreview({ template, values }: { template: TemplateSummary; values: string[] }) {
  const filled = values.map((v, i) => v.trim() || `{{${template.placeholders[i]}}}`);
  return (
    <div aria-label="Preview" className="space-y-1 rounded-lg bg-muted px-3 py-2 text-sm ring-1 ring-border">
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
    return <LoadingState label="Loading templates…" className="py-6" />;
  }
  if (listing.state === "error") {
    return (
      <div className="space-y-2">
        <ErrorState title="Could not load the templates" message={listing.message} />
        <Button variant="secondary" size="sm" onClick={reload}>
          Try again
        </Button>
      </div>
    );
  }
  if (listing.templates.length === 0) {
    return (
      <EmptyState title="No approved templates" className="py-6">
        Templates are created in Kapso or WhatsApp Manager and approved by WhatsApp; approved ones appear here.
      </EmptyState>
    );
  }

  const template = listing.templates.find((t) => keyOf(t) === chosenKey);
  const errors = template && showErrors ? parameterErrors(template, values) : {};

  function choose(key: string) {
    const next = listing.state === "ready" ? listing.templates.find((t) => keyOf(t) === key) : undefined;
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
      <Field id={selectId} label="Template">
        <Select value={chosenKey} onChange={(e) => choose(e.target.value)}>
          <option value="">Choose a template…</option>
          {listing.templates.map((t) => (
            <option key={keyOf(t)} value={keyOf(t)}>
              {t.name} ({t.language})
            </option>
          ))}
        </Select>
      </Field>
      {template && (
        <>
          <TemplatePreview template={template} values={values} />
          {template.placeholders.map((placeholder, index) => (
            <Field key={placeholder} label={`{{${placeholder}}}`} error={errors[index]}>
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
              Send template
            </Button>
          </div>
        </>
      )}
    </form>
  );
}
