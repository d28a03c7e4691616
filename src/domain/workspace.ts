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
    .check(z.trim(), z.minLength(1, "Name is required"), z.maxLength(100, "Name is at most 100 characters")),
  kapsoPhoneNumberId: z
    .string()
    .check(z.trim(), z.regex(/^\d{5,20}$/, "Kapso phone number id is the digits of the WhatsApp phone_number_id")),
  defaultCountry: z.pipe(
    z.string().check(
      z.trim(),
      z.toUpperCase(),
      z.refine((c) => COUNTRIES.has(c), "Default country must be a country from the list, e.g. Indonesia (ID)"),
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
        message: "Time zone must be a place from the list, e.g. Asia/Jakarta (not a UTC offset)",
        input: zone,
      });
      return z.NEVER;
    }),
  ),
  /** Absent keeps the workspace's current language. */
  language: z.optional(z.enum(LOCALES)),
});

export type WorkspaceSettingsInput = z.input<typeof workspaceSettingsSchema>;

/** The secret Kapso signs webhooks with; write-only once stored. */
export const webhookSecretSchema = z
  .string()
  .check(
    z.trim(),
    z.minLength(16, "Webhook secret must be at least 16 characters"),
    z.maxLength(256, "Webhook secret is at most 256 characters"),
    z.regex(/^\S+$/, "Webhook secret must not contain spaces"),
  );

/** A Kapso project API key (sent as X-API-Key); write-only once stored. */
export const kapsoApiKeySchema = z
  .string()
  .check(
    z.trim(),
    z.minLength(16, "Kapso API key must be at least 16 characters"),
    z.maxLength(512, "Kapso API key is at most 512 characters"),
    z.regex(/^\S+$/, "Kapso API key must not contain spaces"),
  );

/** "name: message; other: message" from a Zod error, naming every bad field. */
export function describeZodError(error: z.core.$ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.length ? issue.path.join(".") : "input"}: ${issue.message}`)
    .join("; ");
}
