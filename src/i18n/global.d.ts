import type en from "../../messages/en.json";
import type { Locale } from "@/domain/locale";

// Typed message keys: a key missing from the English catalogue fails the typecheck.
declare module "next-intl" {
  interface AppConfig {
    Locale: Locale;
    Messages: typeof en;
  }
}
