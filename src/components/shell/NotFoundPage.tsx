import Link from "next/link";

/** The branded page for unknown URLs and for ids the viewer cannot open. */
export function NotFoundPage() {
  return (
    <main className="flex min-h-screen items-center justify-center bg-slate-50 px-4">
      <div className="max-w-md text-center">
        <p className="text-sm font-semibold text-emerald-700">my21staff · Kapso</p>
        <h1 className="mt-2 text-2xl font-semibold text-slate-900">Page not found</h1>
        <p className="mt-2 text-sm text-slate-600">
          This address names no page, lead or conversation you can open. It may have been removed, or it belongs to another
          workspace.
        </p>
        <Link href="/inbox" className="mt-6 inline-block rounded-md bg-emerald-600 px-4 py-2 text-sm font-medium text-white hover:bg-emerald-700">
          Go to the inbox
        </Link>
      </div>
    </main>
  );
}
