import { createTranslator } from "use-intl/core";
import en from "../../messages/en.json";
import id from "../../messages/id.json";
import type { Locale } from "../../src/domain/locale";
import type { MessageRef } from "../../src/i18n/messageRef";
import type { SummaryWriter } from "../../src/domain/dailySummary";

// The catalogues the dashboard reads, for what the server writes itself: the daily summaries in the
// workspace's language, and each error's English sentence beside its key (logs and API callers read that one).
const CATALOGUES: Record<Locale, typeof en> = { en, id };

const translators = new Map<Locale, ReturnType<typeof createTranslator<typeof en>>>();

/** The translator of one language (the root namespace: keys are full, "digest.title"), made once per runtime. */
export function translator(locale: Locale) {
  let t = translators.get(locale);
  if (!t) {
    t = createTranslator({ locale, messages: CATALOGUES[locale] });
    translators.set(locale, t);
  }
  return t;
}

/** One sentence in one language. */
export function translate(locale: Locale, ref: MessageRef): string {
  return translator(locale)(ref.key, ref.values);
}

/** The daily summaries' pen in one language. */
export function summaryWriter(language: Locale): SummaryWriter {
  const t = translator(language);
  return { language, say: (key, values) => t(key, values) };
}
