"use client";
import * as React from "react";
import { useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";

/**
 * The full-size image in a modal dialog. Escape, the Close button and a click
 * on the backdrop close it; focus returns to the preview. Loaded lazily: most
 * threads never open one.
 */
export default function ImageLightbox({
  src,
  title,
  alt,
  caption,
  onClose,
}: {
  src: string;
  /** "Image" or "Sticker" in the reader's language; the caption, when there is one, shows under the image. */
  title: string;
  alt: string;
  caption?: string;
  onClose: () => void;
}) {
  const t = useTranslations("message");
  const ref = React.useRef<HTMLDialogElement>(null);
  React.useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) {
      dialog.showModal();
    }
    return () => dialog?.close();
  }, []);
  return (
    <dialog
      ref={ref}
      aria-label={alt}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
      onKeyDown={(e) => {
        if (e.key === "Escape") {
          e.preventDefault();
          onClose();
        }
      }}
      onClick={(e) => {
        if (e.target === e.currentTarget) {
          onClose();
        }
      }}
      className="m-auto max-h-[95vh] w-full max-w-4xl rounded-lg border border-border bg-card p-0 text-card-foreground shadow-xl backdrop:bg-foreground/70"
    >
      <div className="flex items-center justify-between gap-2 border-b border-border px-4 py-2">
        <h2 className="truncate text-sm font-medium text-foreground">{title}</h2>
        <div className="flex shrink-0 gap-2">
          <a
            href={src}
            target="_blank"
            rel="noopener noreferrer"
            className="inline-flex h-8 items-center rounded-md px-2.5 text-xs font-medium text-primary hover:bg-accent"
          >
            {t("openOriginal")}
          </a>
          <Button size="sm" variant="secondary" onClick={onClose} autoFocus>
            {t("close")}
          </Button>
        </div>
      </div>
      {/* eslint-disable-next-line @next/next/no-img-element -- a signed or storage URL of any size; next/image would proxy it */}
      <img src={src} alt={alt} className="mx-auto max-h-[80vh] w-auto object-contain" />
      {/* The title already is the caption when there is a short one. */}
      {caption && caption !== alt && <p className="whitespace-pre-wrap px-4 py-2 text-sm text-foreground">{caption}</p>}
    </dialog>
  );
}
