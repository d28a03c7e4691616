"use client";
import * as React from "react";
import { useRouter } from "next/navigation";
import { useLocale, useTranslations } from "next-intl";
import { useConvexAuth, useMutation, useQuery } from "convex/react";
import { api } from "@convex/_generated/api";
import { isLocale, LANGUAGE_NAMES, LOCALE_COOKIE, LOCALES, type Locale } from "@/domain/locale";

const YEAR_SECONDS = 365 * 24 * 60 * 60;

/** Makes the next server render speak `locale`: the cookie carries it, the refresh re-renders with its catalogue. */
function useApplyLocale() {
  const router = useRouter();
  return React.useCallback(
    (locale: Locale) => {
      document.cookie = `${LOCALE_COOKIE}=${locale}; path=/; max-age=${YEAR_SECONDS}; samesite=lax`;
      router.refresh();
    },
    [router],
  );
}

/**
 * Brings the language the person chose (on any device) to this browser: their profile is the record, the
 * cookie only its copy for the server render. Before they choose, the browser's Accept-Language decides.
 */
export function LanguageSync() {
  const { isAuthenticated } = useConvexAuth();
  const profile = useQuery(api.profiles.mine, isAuthenticated ? {} : "skip");
  const locale = useLocale();
  const apply = useApplyLocale();
  const applied = React.useRef<Locale | null>(null);
  const chosen = profile?.language;
  React.useEffect(() => {
    if (chosen && chosen !== locale && applied.current !== chosen) {
      applied.current = chosen;
      apply(chosen);
    }
  }, [chosen, locale, apply]);
  return null;
}

/** The header's language choice: stored with the person, applied at once. */
export function LanguageSwitcher() {
  const t = useTranslations("shell");
  const locale = useLocale();
  const { isAuthenticated } = useConvexAuth();
  const setLanguage = useMutation(api.profiles.setLanguage);
  const apply = useApplyLocale();
  const [pending, startTransition] = React.useTransition();

  function choose(event: React.ChangeEvent<HTMLSelectElement>) {
    const next = event.target.value;
    if (!isLocale(next) || next === locale) {
      return;
    }
    startTransition(async () => {
      // The page switches even if saving fails (offline): the cookie keeps it for this browser.
      if (isAuthenticated) {
        await setLanguage({ language: next }).catch(() => undefined);
      }
      apply(next);
    });
  }

  return (
    <label className="flex items-center text-sm">
      <span className="sr-only">{t("language")}</span>
      <select
        className="h-8 rounded-md border border-input bg-background px-2 text-sm"
        value={locale}
        onChange={choose}
        disabled={pending}
        aria-busy={pending}
      >
        {LOCALES.map((code) => (
          <option key={code} value={code} lang={code}>
            {LANGUAGE_NAMES[code]}
          </option>
        ))}
      </select>
    </label>
  );
}
