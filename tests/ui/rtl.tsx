import * as React from "react";
import { render as rtlRender, type RenderOptions } from "@testing-library/react";
import { NextIntlClientProvider } from "next-intl";
import en from "../../messages/en.json";
import id from "../../messages/id.json";
import type { Locale } from "@/domain/locale";

// Testing Library as the tests use it: every render speaks a language, English unless the test picks one,
// with the catalogue the server would send for it.
export * from "@testing-library/react";

const CATALOGUES = { en, id };

export type IntlRenderOptions = RenderOptions & { locale?: Locale };

export function IntlProvider({ locale = "en", children }: { locale?: Locale; children: React.ReactNode }) {
  return (
    <NextIntlClientProvider locale={locale} messages={CATALOGUES[locale]} timeZone="UTC">
      {children}
    </NextIntlClientProvider>
  );
}

export function render(ui: React.ReactElement, { locale, wrapper: Inner, ...options }: IntlRenderOptions = {}) {
  const wrapper = ({ children }: { children: React.ReactNode }) => (
    <IntlProvider locale={locale}>{Inner ? <Inner>{children}</Inner> : children}</IntlProvider>
  );
  return rtlRender(ui, { wrapper, ...options });
}
