import { z } from "zod";
import { getCountries, type CountryCode } from "libphonenumber-js/min";
import { canonicalTimeZone } from "./places";

const COUNTRIES = new Set<string>(getCountries());

/** Workspace fields an admin edits; shared by the settings form and `workspaces.update`. */
export const workspaceSettingsSchema = z.object({
  name: z.string().trim().min(1, "Name is required").max(100, "Name is at most 100 characters"),
  kapsoPhoneNumberId: z
    .string()
    .trim()
    .regex(/^\d{5,20}$/, "Kapso phone number id is the digits of the WhatsApp phone_number_id"),
  defaultCountry: z
    .string()
    .trim()
    .toUpperCase()
    .refine((c) => COUNTRIES.has(c), "Default country must be a country from the list, e.g. Indonesia (ID)")
    .transform((c) => c as CountryCode),
  timezone: z.string().transform((zone, ctx) => {
    const canonical = canonicalTimeZone(zone);
    if (canonical) {
      return canonical;
    }
    ctx.addIssue({
      code: "custom",
      message: "Time zone must be a place from the list, e.g. Asia/Jakarta (not a UTC offset)",
    });
    return z.NEVER;
  }),
});

export type WorkspaceSettingsInput = z.input<typeof workspaceSettingsSchema>;

/** The secret Kapso signs webhooks with; write-only once stored. */
export const webhookSecretSchema = z
  .string()
  .trim()
  .min(16, "Webhook secret must be at least 16 characters")
  .max(256, "Webhook secret is at most 256 characters")
  .regex(/^\S+$/, "Webhook secret must not contain spaces");

/** A Kapso project API key (sent as X-API-Key); write-only once stored. */
export const kapsoApiKeySchema = z
  .string()
  .trim()
  .min(16, "Kapso API key must be at least 16 characters")
  .max(512, "Kapso API key is at most 512 characters")
  .regex(/^\S+$/, "Kapso API key must not contain spaces");

/** "name: message; other: message" from a Zod error, naming every bad field. */
export function describeZodError(error: z.ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.length ? issue.path.join(".") : "input"}: ${issue.message}`)
    .join("; ");
}
