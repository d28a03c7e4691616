"use client";
import * as React from "react";
import { useMutation } from "convex/react";
import { api } from "@convex/_generated/api";
import type { FunctionReturnType } from "convex/server";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader, CardTitle } from "@/components/ui/card";
import { Field, Input } from "@/components/ui/field";
import { errorMessage } from "@/lib/errors";
import { workspaceSettingsSchema, type WorkspaceSettingsInput } from "@/domain/workspace";
import { countryFromText, countryLabel, countryOptions, timeZoneNames } from "@/domain/places";
import { ChoiceInput } from "./ChoiceInput";

export type WorkspaceView = FunctionReturnType<typeof api.workspaces.get>;

type FormValues = { name: string; kapsoPhoneNumberId: string; defaultCountry: string; timezone: string };

function viewerLocale(): string | undefined {
  return typeof navigator === "undefined" ? undefined : navigator.language;
}

// The country is edited by name ("Indonesia (ID)") and saved as its code.
function valuesOf(workspace: WorkspaceView): FormValues {
  return {
    name: workspace.name,
    kapsoPhoneNumberId: workspace.kapsoPhoneNumberId,
    defaultCountry: countryLabel(workspace.defaultCountry, viewerLocale()),
    timezone: workspace.timezone,
  };
}

/** Name, Kapso number, default country and time zone; validated with the schema `workspaces.update` uses. */
export function WorkspaceDetailsForm({ workspace, canManage }: { workspace: WorkspaceView; canManage: boolean }) {
  const update = useMutation(api.workspaces.update);
  const [baseline, setBaseline] = React.useState(() => valuesOf(workspace));
  const [values, setValues] = React.useState(baseline);
  const [saving, startSaving] = React.useTransition();
  const [status, setStatus] = React.useState<{ ok: boolean; message: string } | null>(null);

  const dirty = JSON.stringify(values) !== JSON.stringify(baseline);
  // Follow changes made elsewhere while there is nothing of ours to lose.
  const server = valuesOf(workspace);
  if (!dirty && !saving && JSON.stringify(server) !== JSON.stringify(baseline)) {
    setBaseline(server);
    setValues(server);
  }

  const countries = React.useMemo(() => countryOptions(viewerLocale()).map((c) => c.label), []);
  const zones = React.useMemo(() => timeZoneNames(), []);
  const parsed = workspaceSettingsSchema.safeParse({
    ...values,
    defaultCountry: countryFromText(values.defaultCountry, viewerLocale()) ?? "",
  } satisfies WorkspaceSettingsInput);
  const errors: Partial<Record<keyof FormValues, string>> = {};
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      errors[issue.path[0] as keyof FormValues] ??= issue.message;
    }
  }
  const errorOf = (field: keyof FormValues) => (dirty ? errors[field] : undefined);

  function onSubmit(event: React.FormEvent) {
    event.preventDefault();
    if (!parsed.success || saving) {
      return;
    }
    const saved = { ...parsed.data };
    setStatus(null);
    startSaving(async () => {
      try {
        await update({ workspaceId: workspace._id, ...saved });
        const shown = { ...saved, defaultCountry: countryLabel(saved.defaultCountry, viewerLocale()) };
        React.startTransition(() => {
          setBaseline(shown);
          setValues(shown);
          setStatus({ ok: true, message: "Workspace settings saved." });
        });
      } catch (error) {
        React.startTransition(() => setStatus({ ok: false, message: errorMessage(error) }));
      }
    });
  }

  const set = (field: keyof FormValues) => (e: React.ChangeEvent<HTMLInputElement>) => {
    setValues((v) => ({ ...v, [field]: e.target.value }));
    setStatus(null);
  };

  return (
    <Card>
      <CardHeader>
        <CardTitle>Workspace</CardTitle>
      </CardHeader>
      <CardBody>
        <form onSubmit={onSubmit} noValidate>
          <fieldset disabled={!canManage} className="grid gap-4 sm:grid-cols-2">
            <Field label="Name" error={errorOf("name")}>
              <Input value={values.name} onChange={set("name")} />
            </Field>
            <Field
              label="Kapso phone number id"
              hint="The phone_number_id Kapso sends with every webhook."
              error={errorOf("kapsoPhoneNumberId")}
            >
              <Input inputMode="numeric" value={values.kapsoPhoneNumberId} onChange={set("kapsoPhoneNumberId")} />
            </Field>
            <Field
              label="Default country"
              hint="Type its name and pick it; used for local phone numbers such as 0812…"
              error={errorOf("defaultCountry")}
            >
              <ChoiceInput choices={countries} value={values.defaultCountry} onChange={set("defaultCountry")} />
            </Field>
            <Field
              label="Time zone"
              hint="Type a city and pick it, e.g. Asia/Jakarta; dates and daily summaries follow it."
              error={errorOf("timezone")}
            >
              <ChoiceInput choices={zones} value={values.timezone} onChange={set("timezone")} />
            </Field>
          </fieldset>
          {canManage && (
            <div className="mt-5 flex items-center gap-3">
              <Button type="submit" busy={saving} disabled={!dirty || !parsed.success}>
                {saving ? "Saving…" : "Save workspace"}
              </Button>
              {status && (
                <span
                  role={status.ok ? "status" : "alert"}
                  className={status.ok ? "text-sm text-success" : "text-sm text-destructive"}
                >
                  {status.message}
                </span>
              )}
            </div>
          )}
        </form>
      </CardBody>
    </Card>
  );
}
