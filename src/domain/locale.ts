// The dashboard's languages and how one is chosen, with no framework imports (the server and the browser share it).

export const LOCALES = ["en", "id"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "en";

/** The cookie that carries the person's language to the server render (their profile is the record). */
export const LOCALE_COOKIE = "NEXT_LOCALE";

/** Each language by its own name, so a person finds theirs whatever the page speaks. */
export const LANGUAGE_NAMES: Record<Locale, string> = { en: "English", id: "Bahasa Indonesia" };

/** The BCP 47 tag Intl formats each language with: Indonesian dates, numbers and Rupiah as Indonesia writes them. */
export const INTL_LOCALES: Record<Locale, string> = { en: "en-GB", id: "id-ID" };

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

/**
 * The best of our languages for an Accept-Language header ("id-ID,id;q=0.9,en;q=0.8"): the highest-weighted
 * tag whose primary language we speak; ties keep the header's order. Null when none matches.
 */
export function localeFromAcceptLanguage(header: string | null | undefined): Locale | null {
  if (!header) {
    return null;
  }
  const ranked = header
    .split(",")
    .map((part, index) => {
      const [tag = "", ...params] = part.trim().split(";");
      const q = params.map((p) => /^\s*q=(.*)$/.exec(p)?.[1]).find((value) => value !== undefined);
      // A malformed weight counts as "not acceptable" rather than as the default 1.
      const weight = q === undefined ? 1 : /^\s*[0-9.]+\s*$/.test(q) ? Number(q) : 0;
      return { language: tag.trim().toLowerCase().split("-")[0], weight: Number.isFinite(weight) ? weight : 0, index };
    })
    .filter((entry) => entry.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.index - b.index);
  return ranked.map((entry) => entry.language).find(isLocale) ?? null;
}

/** The language of a request: the person's choice (cookie), else their browser's, else English. */
export function requestLocale(cookie: string | null | undefined, acceptLanguage: string | null | undefined): Locale {
  return isLocale(cookie) ? cookie : (localeFromAcceptLanguage(acceptLanguage) ?? DEFAULT_LOCALE);
}

/**
 * A workspace's language (the daily summaries write in it): the one an admin chose, else Indonesian for a
 * workspace whose leads are in Indonesia, else English.
 */
export function workspaceLanguage(workspace: { language?: Locale; default_country: string }): Locale {
  return workspace.language ?? (workspace.default_country === "ID" ? "id" : DEFAULT_LOCALE);
}
