// The shared building blocks say their generic words (loading, load more, cancel, copy) in the page's language.
import { afterEach, describe, expect, it, vi } from "vitest";
import userEvent from "@testing-library/user-event";
import { ConvexError } from "convex/values";
import { render, screen } from "./rtl";
import { CopyButton } from "@/components/ui/copy-button";
import { ConfirmDialog } from "@/components/ui/dialog";
import { LoadMoreButton } from "@/components/ui/load-more";
import { QueryBoundary } from "@/components/ui/query-boundary";
import { ErrorState, LoadingState } from "@/components/ui/states";
import { NotFoundPage } from "@/components/shell/NotFoundPage";

afterEach(() => vi.restoreAllMocks());

function Throws({ error }: { error: unknown }): never {
  throw error;
}

const WORDS = {
  en: {
    loading: "Loading…",
    errorTitle: "Something went wrong",
    loadMore: "Load more",
    cancel: "Cancel",
    copy: "Copy",
    copied: "Copied",
    copyFailed: "Copy failed",
    couldNotLoad: "Could not load this",
    notFound: "Lead not found in this workspace.",
    pageNotFound: ["Page not found", "Go to the inbox"],
  },
  id: {
    loading: "Memuat…",
    errorTitle: "Terjadi kesalahan",
    loadMore: "Muat lagi",
    cancel: "Batal",
    copy: "Salin",
    copied: "Tersalin",
    copyFailed: "Gagal menyalin",
    couldNotLoad: "Tidak dapat memuat ini",
    notFound: "Prospek tidak ditemukan di ruang kerja ini.",
    pageNotFound: ["Halaman tidak ditemukan", "Buka kotak masuk"],
  },
} as const;

describe.each(["en", "id"] as const)("in %s", (locale) => {
  const words = WORDS[locale];

  it("loading and error states fall back to the generic words", () => {
    render(
      <>
        <LoadingState />
        <ErrorState message="Kapso answered 503." />
      </>,
      { locale },
    );
    expect(screen.getByRole("status")).toHaveTextContent(words.loading);
    expect(screen.getByRole("alert")).toHaveTextContent(`${words.errorTitle}Kapso answered 503.`);
  });

  it("a failed query names the server's error in the page's language", () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const error = new ConvexError({ code: "NOT_FOUND", message: WORDS.en.notFound, key: "errors.leads.notFound" });
    render(
      <QueryBoundary>
        <Throws error={error} />
      </QueryBoundary>,
      { locale },
    );
    expect(screen.getByRole("alert")).toHaveTextContent(`${words.couldNotLoad}${words.notFound}`);
  });

  it("load more and the dialog's cancel", async () => {
    const onCancel = vi.fn();
    render(
      <>
        <LoadMoreButton status="CanLoadMore" onLoadMore={() => {}} />
        <ConfirmDialog open title="Remove Ana?" confirmLabel="Remove" onConfirm={() => {}} onCancel={onCancel} />
      </>,
      { locale },
    );
    expect(screen.getByRole("button", { name: words.loadMore })).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: words.cancel }));
    expect(onCancel).toHaveBeenCalledTimes(1);
  });

  it.each([
    ["copied", () => Promise.resolve()],
    ["copyFailed", () => Promise.reject(new Error("denied"))],
  ] as const)("copy says %s", async (outcome, writeText) => {
    const user = userEvent.setup();
    vi.spyOn(navigator.clipboard, "writeText").mockImplementation(writeText);
    render(<CopyButton value="wamid.1" />, { locale });
    await user.click(screen.getByRole("button", { name: words.copy }));
    expect(await screen.findByRole("button", { name: words[outcome] })).toBeInTheDocument();
  });

  it("the not-found page", () => {
    render(<NotFoundPage />, { locale });
    expect(screen.getByRole("heading", { name: words.pageNotFound[0] })).toBeInTheDocument();
    expect(screen.getByRole("link", { name: words.pageNotFound[1] })).toHaveAttribute("href", "/inbox");
  });
});
