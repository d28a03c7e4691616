import Link from "next/link";

/** The branded page for unknown URLs and for ids the viewer cannot open. */
export function NotFoundPage() {
  return (
    <main className="flex min-h-screen items-center justify-center bg-muted px-4">
      <div className="max-w-md text-center">
        <p className="text-sm font-semibold text-primary">my21staff · Kapso</p>
        <h1 className="mt-2 text-2xl font-semibold text-foreground">Page not found</h1>
        <p className="mt-2 text-sm text-muted-foreground">
          This address names no page, lead or conversation you can open. It may have been removed, or it belongs to
          another workspace.
        </p>
        <Link
          href="/inbox"
          className="mt-6 inline-block rounded-md bg-primary px-4 py-2 text-sm font-medium text-primary-foreground hover:bg-primary/90"
        >
          Go to the inbox
        </Link>
      </div>
    </main>
  );
}
