import * as z from "zod/mini";
import type { CountryCode } from "libphonenumber-js/min";
import { COUNTRY_CODES } from "./countries";
import { canonicalTimeZone } from "./places";
import { LOCALES } from "./locale";

const COUNTRIES = new Set<string>(COUNTRY_CODES);

/** Workspace fields an admin edits; shared by the settings form and `workspaces.update` (zod/mini: the browser loads it). */
export const workspaceSettingsSchema = z.object({
  name: z
    .string()
    .check(
      z.trim(),
      z.minLength(1, "validation.settings.nameRequired"),
      z.maxLength(100, "validation.settings.nameTooLong"),
    ),
  kapsoPhoneNumberId: z.string().check(z.trim(), z.regex(/^\d{5,20}$/, "validation.settings.phoneNumberIdDigits")),
  defaultCountry: z.pipe(
    z.string().check(
      z.trim(),
      z.toUpperCase(),
      z.refine((c) => COUNTRIES.has(c), "validation.settings.countryFromList"),
    ),
    z.transform((c) => c as CountryCode),
  ),
  timezone: z.pipe(
    z.string(),
    z.transform((zone, ctx) => {
      const canonical = canonicalTimeZone(zone);
      if (canonical) {
        return canonical;
      }
      ctx.issues.push({
        code: "custom",
        message: "validation.settings.timeZoneFromList",
        input: zone,
      });
      return z.NEVER;
    }),
  ),
  /** Absent keeps the workspace's current language. */
  language: z.optional(z.enum(LOCALES, "validation.settings.languageFromList")),
});

export type WorkspaceSettingsInput = z.input<typeof workspaceSettingsSchema>;

/** The secret Kapso signs webhooks with; write-only once stored. */
export const webhookSecretSchema = z
  .string()
  .check(
    z.trim(),
    z.minLength(16, "validation.settings.secretTooShort"),
    z.maxLength(256, "validation.settings.secretTooLong"),
    z.regex(/^\S+$/, "validation.settings.secretNoSpaces"),
  );

/** A Kapso project API key (sent as X-API-Key); write-only once stored. */
export const kapsoApiKeySchema = z
  .string()
  .check(
    z.trim(),
    z.minLength(16, "validation.settings.apiKeyTooShort"),
    z.maxLength(512, "validation.settings.apiKeyTooLong"),
    z.regex(/^\S+$/, "validation.settings.apiKeyNoSpaces"),
  );

/** "name: message; other: message" from a Zod error, naming every bad field. */
export function describeZodError(error: z.core.$ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.length ? issue.path.join(".") : "input"}: ${issue.message}`)
    .join("; ");
}
