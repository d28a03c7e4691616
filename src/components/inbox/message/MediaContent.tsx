"use client";
import * as React from "react";
import { useLocale, useTranslations } from "next-intl";
import { INTL_LOCALES } from "@/domain/locale";
import { formatBytes, mediaErrorRefs } from "@/domain/mediaPolicy";
import { useMessage } from "@/i18n/useMessage";
import { Spinner } from "@/components/ui/button";
import { BrokenMediaIcon, DocumentIcon, ExpandIcon, MicIcon } from "./icons";
import type { ThreadMessage } from "./types";

const ImageLightbox = React.lazy(() => import("./ImageLightbox"));

/** The job's reasons in the reader's language; a reason stored as an English sentence (older rows) as it is. */
function MediaError({ stored }: { stored: string }) {
  const say = useMessage();
  const refs = mediaErrorRefs(stored);
  return <p>{refs ? refs.map(say).join(" ") : stored}</p>;
}

function MediaUnavailable({ message }: { message: ThreadMessage }) {
  const t = useTranslations("message");
  if (message.media_state === "pending") {
    return (
      <div
        role="status"
        className="flex h-24 w-56 max-w-full items-center justify-center gap-2 rounded-lg bg-muted text-xs text-muted-foreground ring-1 ring-border"
      >
        <Spinner className="size-3.5" />
        {t("loadingMedia", { type: message.type })}
      </div>
    );
  }
  return (
    <div className="flex items-start gap-2 rounded-lg bg-muted px-2.5 py-2 text-xs text-muted-foreground ring-1 ring-border">
      <BrokenMediaIcon className="mt-0.5" />
      <div>
        <p className="font-medium text-foreground">
          {message.media_state === "failed"
            ? t("mediaFailed")
            : t("mediaUnavailable", { name: t("mediaName", { type: message.type }) })}
        </p>
        {message.media_error && <MediaError stored={message.media_error} />}
      </div>
    </div>
  );
}

function ImagePreview({ message, src }: { message: ThreadMessage; src: string }) {
  const t = useTranslations("message");
  const [open, setOpen] = React.useState(false);
  // Kapso's link may have expired before our copy exists: show the state instead of a broken image.
  const [broken, setBroken] = React.useState(false);
  const sticker = message.type === "sticker";
  const name = t("mediaName", { type: sticker ? "sticker" : "image" });
  const alt = message.caption ?? message.details?.media?.filename ?? name;
  if (broken) {
    return <MediaUnavailable message={message} />;
  }
  return (
    <>
      <button
        type="button"
        onClick={() => setOpen(true)}
        aria-label={t("viewLarger", { type: message.type, alt })}
        className="group relative block overflow-hidden rounded-lg focus-visible:outline-2 focus-visible:outline-ring"
      >
        {/* eslint-disable-next-line @next/next/no-img-element -- a signed or storage URL; next/image would proxy it */}
        <img
          src={src}
          alt={alt}
          loading="lazy"
          onError={() => setBroken(true)}
          className={sticker ? "size-32 object-contain" : "max-h-72 w-auto max-w-full rounded-lg object-cover"}
        />
        <span className="absolute right-1.5 top-1.5 rounded-md bg-background/80 p-1 text-foreground opacity-0 transition-opacity group-hover:opacity-100 group-focus-visible:opacity-100">
          <ExpandIcon />
        </span>
      </button>
      {open && (
        <React.Suspense fallback={null}>
          <ImageLightbox src={src} title={name} alt={alt} caption={message.caption} onClose={() => setOpen(false)} />
        </React.Suspense>
      )}
    </>
  );
}

/** "PDF" from "application/pdf" or the file's extension. */
function fileKind(filename: string | undefined, mime: string | undefined): string | undefined {
  const extension = filename?.match(/\.([a-z0-9]{1,6})$/i)?.[1];
  if (extension) {
    return extension.toUpperCase();
  }
  const subtype = mime?.split("/")[1]?.split(/[;+.]/)[0];
  return subtype ? subtype.toUpperCase() : undefined;
}

function DocumentCard({ message, src }: { message: ThreadMessage; src?: string }) {
  const t = useTranslations("message");
  const locale = useLocale();
  const media = message.details?.media;
  const filename = media?.filename ?? message.media_filename;
  const facts = [
    fileKind(filename, media?.mime_type ?? message.media_mime_type),
    media?.size && formatBytes(media.size, INTL_LOCALES[locale]),
  ];
  return (
    <div className="flex items-center gap-2.5 rounded-lg bg-muted px-2.5 py-2 ring-1 ring-border">
      <DocumentIcon className="size-6 text-muted-foreground" />
      <div className="min-w-0 flex-1">
        {/* File names stay exactly as sent. */}
        <p className="truncate text-sm font-medium text-foreground" title={filename}>
          {filename ?? t("mediaName", { type: "document" })}
        </p>
        <p className="text-xs text-muted-foreground">{facts.filter(Boolean).join(" · ")}</p>
      </div>
      {src && (
        <a
          href={src}
          target="_blank"
          rel="noopener noreferrer"
          download={filename}
          className="shrink-0 text-xs font-medium text-primary underline-offset-2 hover:underline"
        >
          {t("download")}
        </a>
      )}
    </div>
  );
}

function Player({ message, src }: { message: ThreadMessage; src: string }) {
  const t = useTranslations("message");
  // An expired Kapso link fails to load: show the media state instead of a dead player.
  const [broken, setBroken] = React.useState(false);
  if (broken) {
    return <MediaUnavailable message={message} />;
  }
  if (message.type === "video") {
    return (
      <video
        controls
        preload="metadata"
        src={src}
        onError={() => setBroken(true)}
        aria-label={t("mediaName", { type: "video" })}
        className="max-h-72 w-full max-w-sm rounded-lg bg-muted"
      >
        <a href={src}>{t("downloadVideo")}</a>
      </video>
    );
  }
  const voice = Boolean(message.details?.media?.voice);
  return (
    <div className="space-y-1">
      {voice && (
        <p className="flex items-center gap-1 text-xs font-medium text-muted-foreground">
          <MicIcon className="size-3.5" /> {t("voiceNote")}
        </p>
      )}
      <audio
        controls
        preload="metadata"
        src={src}
        onError={() => setBroken(true)}
        aria-label={voice ? t("voiceNote") : t("mediaName", { type: "audio" })}
        className="w-64 max-w-full"
      />
    </div>
  );
}

/** Image, sticker, video, audio or document, from the stored copy when there is one. */
export function MediaContent({ message }: { message: ThreadMessage }) {
  // The thread query decides: the stored copy, else Kapso's https link while it is not kept yet.
  const src = message.media_src;
  if (message.type === "document") {
    return (
      <div className="space-y-1">
        <DocumentCard message={message} src={src} />
        {((!src && message.media_state) || message.media_state === "failed") && <MediaUnavailable message={message} />}
      </div>
    );
  }
  if (!src) {
    return <MediaUnavailable message={message} />;
  }
  // Keyed by the source: the stored copy replacing Kapso's link gets a fresh start.
  return message.type === "image" || message.type === "sticker" ? (
    <ImagePreview key={src} message={message} src={src} />
  ) : (
    <Player key={src} message={message} src={src} />
  );
}
