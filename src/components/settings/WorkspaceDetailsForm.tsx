"use client";
import * as React from "react";
import { useLocale, useTranslations } from "next-intl";
import { useMutation } from "convex/react";
import { api } from "@convex/_generated/api";
import type { FunctionReturnType } from "convex/server";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader, CardTitle } from "@/components/ui/card";
import { Field, Input, Select } from "@/components/ui/field";
import { useErrorMessage } from "@/lib/errors";
import { issueRef } from "@/i18n/issues";
import { useMessage } from "@/i18n/useMessage";
import { workspaceSettingsSchema, type WorkspaceSettingsInput } from "@/domain/workspace";
import { countryFromText, countryLabel, countryOptions, timeZoneNames } from "@/domain/places";
import { INTL_LOCALES, isLocale, LANGUAGE_NAMES, LOCALES, type Locale } from "@/domain/locale";
import { ChoiceInput } from "./ChoiceInput";

export type WorkspaceView = FunctionReturnType<typeof api.workspaces.get>;

type FormValues = {
  name: string;
  kapsoPhoneNumberId: string;
  defaultCountry: string;
  timezone: string;
  language: Locale;
};

// The country is edited by name in the reader's language ("Indonesia (ID)") and saved as its code.
function valuesOf(workspace: WorkspaceView, intlLocale: string): FormValues {
  return {
    name: workspace.name,
    kapsoPhoneNumberId: workspace.kapsoPhoneNumberId,
    defaultCountry: countryLabel(workspace.defaultCountry, intlLocale),
    timezone: workspace.timezone,
    language: workspace.language,
  };
}

/**
 * Name, Kapso number, default country, time zone and the summaries' language; validated with the schema
 * `workspaces.update` uses.
 */
export function WorkspaceDetailsForm({ workspace, canManage }: { workspace: WorkspaceView; canManage: boolean }) {
  const t = useTranslations("settings.details");
  const say = useMessage();
  const errorMessage = useErrorMessage();
  const intlLocale = INTL_LOCALES[useLocale()];
  const update = useMutation(api.workspaces.update);
  const [baseline, setBaseline] = React.useState(() => valuesOf(workspace, intlLocale));
  const [values, setValues] = React.useState(baseline);
  const [saving, startSaving] = React.useTransition();
  const [status, setStatus] = React.useState<{ ok: true } | { ok: false; message: string } | null>(null);

  const dirty = JSON.stringify(values) !== JSON.stringify(baseline);
  // Follow changes made elsewhere while there is nothing of ours to lose.
  const server = valuesOf(workspace, intlLocale);
  if (!dirty && !saving && JSON.stringify(server) !== JSON.stringify(baseline)) {
    setBaseline(server);
    setValues(server);
  }

  const countries = React.useMemo(() => countryOptions(intlLocale).map((c) => c.label), [intlLocale]);
  const zones = React.useMemo(() => timeZoneNames(), []);
  const parsed = workspaceSettingsSchema.safeParse({
    ...values,
    defaultCountry: countryFromText(values.defaultCountry, intlLocale) ?? "",
    // Sent only when the admin picks one: a workspace that never chose keeps following its country.
    language: values.language === baseline.language ? undefined : values.language,
  } satisfies WorkspaceSettingsInput);
  const errors: Partial<Record<keyof FormValues, string>> = {};
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      errors[issue.path[0] as keyof FormValues] ??= say(issueRef(issue));
    }
  }
  const errorOf = (field: keyof FormValues) => (dirty ? errors[field] : undefined);

  function onSubmit(event: React.FormEvent) {
    event.preventDefault();
    if (!parsed.success || saving) {
      return;
    }
    const { language, ...saved } = parsed.data;
    setStatus(null);
    startSaving(async () => {
      try {
        await update({ workspaceId: workspace._id, ...saved, ...(language ? { language } : {}) });
        const shown = {
          ...saved,
          defaultCountry: countryLabel(saved.defaultCountry, intlLocale),
          language: language ?? values.language,
        };
        React.startTransition(() => {
          setBaseline(shown);
          setValues(shown);
          setStatus({ ok: true });
        });
      } catch (error) {
        React.startTransition(() => setStatus({ ok: false, message: errorMessage(error) }));
      }
    });
  }

  const set = (field: keyof Omit<FormValues, "language">) => (e: React.ChangeEvent<HTMLInputElement>) => {
    setValues((v) => ({ ...v, [field]: e.target.value }));
    setStatus(null);
  };

  function setLanguage(e: React.ChangeEvent<HTMLSelectElement>) {
    const language = e.target.value;
    if (isLocale(language)) {
      setValues((v) => ({ ...v, language }));
      setStatus(null);
    }
  }

  return (
    <Card>
      <CardHeader>
        <CardTitle>{t("title")}</CardTitle>
      </CardHeader>
      <CardBody>
        <form onSubmit={onSubmit} noValidate>
          <fieldset disabled={!canManage} className="grid gap-4 sm:grid-cols-2">
            <Field label={t("name")} error={errorOf("name")}>
              <Input value={values.name} onChange={set("name")} />
            </Field>
            <Field label={t("phoneNumberId")} hint={t("phoneNumberIdHint")} error={errorOf("kapsoPhoneNumberId")}>
              <Input inputMode="numeric" value={values.kapsoPhoneNumberId} onChange={set("kapsoPhoneNumberId")} />
            </Field>
            <Field label={t("country")} hint={t("countryHint")} error={errorOf("defaultCountry")}>
              <ChoiceInput choices={countries} value={values.defaultCountry} onChange={set("defaultCountry")} />
            </Field>
            <Field label={t("timeZone")} hint={t("timeZoneHint")} error={errorOf("timezone")}>
              <ChoiceInput choices={zones} value={values.timezone} onChange={set("timezone")} />
            </Field>
            <Field label={t("language")} hint={t("languageHint")} error={errorOf("language")}>
              <Select value={values.language} onChange={setLanguage}>
                {LOCALES.map((locale) => (
                  <option key={locale} value={locale} lang={locale}>
                    {LANGUAGE_NAMES[locale]}
                  </option>
                ))}
              </Select>
            </Field>
          </fieldset>
          {canManage && (
            <div className="mt-5 flex items-center gap-3">
              <Button type="submit" busy={saving} disabled={!dirty || !parsed.success}>
                {saving ? t("saving") : t("save")}
              </Button>
              {status && (
                <span
                  role={status.ok ? "status" : "alert"}
                  className={status.ok ? "text-sm text-success" : "text-sm text-destructive"}
                >
                  {status.ok ? t("saved") : status.message}
                </span>
              )}
            </div>
          )}
        </form>
      </CardBody>
    </Card>
  );
}
