import Link from "next/link";
import { useTranslations } from "next-intl";

// The brand stays as it is in every language.
const BRAND = "my21staff · Kapso";

/** The branded page for unknown URLs and for ids the viewer cannot open. */
export function NotFoundPage() {
  const t = useTranslations("pages.notFound");
  return (
    <main className="flex min-h-screen items-center justify-center bg-muted px-4">
      <div className="max-w-md text-center">
        <p className="text-sm font-semibold text-primary">{BRAND}</p>
        <h1 className="mt-2 text-2xl font-semibold text-foreground">{t("title")}</h1>
        <p className="mt-2 text-sm text-muted-foreground">{t("body")}</p>
        <Link
          href="/inbox"
          className="mt-6 inline-block rounded-md bg-primary px-4 py-2 text-sm font-medium text-primary-foreground hover:bg-primary/90"
        >
          {t("goToInbox")}
        </Link>
      </div>
    </main>
  );
}
