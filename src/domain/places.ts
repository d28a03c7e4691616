import { COUNTRY_CODES } from "./countries";

/**
 * Countries and time zones as people choose them: countries by name (in the
 * viewer's language, English always understood) with the ISO code beside it,
 * time zones from the runtime's IANA list, stored in their canonical spelling.
 */

export type CountryOption = { code: string; name: string; label: string };

function regionNames(locale: string | undefined): Intl.DisplayNames | null {
  try {
    return new Intl.DisplayNames(locale ? [locale, "en"] : ["en"], { type: "region" });
  } catch {
    return null;
  }
}

const optionsByLocale = new Map<string, CountryOption[]>();

/** Every country libphonenumber knows, by name, "Indonesia (ID)" as the label. */
export function countryOptions(locale?: string): CountryOption[] {
  const cached = optionsByLocale.get(locale ?? "");
  if (cached) {
    return cached;
  }
  const names = regionNames(locale);
  const options = COUNTRY_CODES.map((code) => {
    const name = names?.of(code) ?? code;
    return { code, name, label: `${name} (${code})` };
  }).sort((a, b) => a.name.localeCompare(b.name, locale));
  optionsByLocale.set(locale ?? "", options);
  return options;
}

/** The label a stored code is shown with. */
export function countryLabel(code: string, locale?: string): string {
  return countryOptions(locale).find((c) => c.code === code)?.label ?? code;
}

/**
 * The code of the country `text` names: a label from the list or a full name, in
 * the viewer's language or English. Two letters alone are not enough ("In" is India).
 */
export function countryFromText(text: string, locale?: string): string | null {
  const wanted = text.trim().toLocaleLowerCase();
  if (!wanted) {
    return null;
  }
  for (const options of [countryOptions(locale), countryOptions("en")]) {
    const hit = options.find((c) => c.label.toLocaleLowerCase() === wanted || c.name.toLocaleLowerCase() === wanted);
    if (hit) {
      return hit.code;
    }
  }
  return null;
}

/** IANA time zone names the runtime knows, UTC included. */
export function timeZoneNames(): string[] {
  const names = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];
  return names.includes("UTC") ? names : [...names, "UTC"];
}

/** The canonical spelling of an IANA zone name ("asia/jakarta" → "Asia/Jakarta"), or null; UTC offsets are not zones. */
export function canonicalTimeZone(text: string): string | null {
  const trimmed = text.trim();
  if (!trimmed || /^[+-]|^\d/.test(trimmed)) {
    return null;
  }
  try {
    const resolved = new Intl.DateTimeFormat("en-US", { timeZone: trimmed }).resolvedOptions().timeZone;
    return /^[+-]/.test(resolved) ? null : resolved;
  } catch {
    return null;
  }
}
