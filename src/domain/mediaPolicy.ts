// What the media job keeps: which messages carry media, how large a copy may be,
// which content types fit the message type, and which failures are worth retrying.
// Caps follow WhatsApp's own limits, except documents: WhatsApp allows 100 MB, we
// keep at most 16 MB so a download fits comfortably in one action's memory.

import { messageRef, type MessageRef } from "../i18n/messageRef";

const MB = 1024 * 1024;

export const MEDIA_CAPS: Record<string, number> = {
  image: 5 * MB,
  sticker: 1 * MB,
  audio: 16 * MB,
  video: 16 * MB,
  document: 16 * MB,
};

/** The message types whose media the job downloads. */
export function isMediaType(type: string): boolean {
  return type in MEDIA_CAPS;
}

/** True when the job should keep a copy: a media type with WhatsApp's media id or Kapso's link to fetch it by. */
export function keepsMedia(type: string, mediaId: string | undefined, mediaUrl: string | undefined): boolean {
  return isMediaType(type) && Boolean(mediaId || mediaUrl);
}

export function mediaCap(type: string): number {
  return MEDIA_CAPS[type] ?? 0;
}

/** Retries after the first attempt, and the wait before each (the scheduler runs them). */
export const MEDIA_RETRY_DELAYS_MS = [30_000, 2 * 60_000, 10 * 60_000] as const;
export const MEDIA_MAX_ATTEMPTS = MEDIA_RETRY_DELAYS_MS.length + 1;

/** The wait before attempt `attempt + 1`, or undefined when `attempt` was the last. */
export function retryDelayAfter(attempt: number): number | undefined {
  return MEDIA_RETRY_DELAYS_MS[attempt - 1];
}

/** "image/jpeg" from "image/jpeg; charset=binary"; undefined when empty. */
export function baseContentType(value: string | null | undefined): string | undefined {
  const base = value?.split(";")[0]?.trim().toLowerCase();
  return base ? base : undefined;
}

const GENERIC_TYPES = new Set(["application/octet-stream", "binary/octet-stream"]);

/**
 * The content type to store: the server's, unless it is generic, then the one
 * WhatsApp declared for the message.
 */
export function effectiveContentType(served: string | null | undefined, declared: string | undefined) {
  const base = baseContentType(served);
  return base && !GENERIC_TYPES.has(base) ? base : (baseContentType(declared) ?? base);
}

/** True when a file of `contentType` can be what a message of `type` carries. */
export function contentTypeFits(type: string, contentType: string | undefined): boolean {
  if (!contentType) {
    return false;
  }
  switch (type) {
    case "image":
    case "sticker":
      // Not SVG: WhatsApp never sends it, and a stored SVG opened on its own can run script.
      return contentType.startsWith("image/") && contentType !== "image/svg+xml";
    case "video":
      return contentType.startsWith("video/");
    case "audio":
      return contentType.startsWith("audio/") || contentType === "application/ogg";
    case "document":
      // Any file, except a web page: that is an error page, not the document.
      return contentType !== "text/html";
    default:
      return false;
  }
}

export type DownloadFailure = { retry: boolean; reason: MessageRef };

/** What an HTTP status from the media host means for the job. */
export function failureOfStatus(status: number): DownloadFailure {
  if (status === 404 || status === 410) {
    return { retry: false, reason: messageRef("message.mediaError.gone", { status }) };
  }
  if (status === 401 || status === 403) {
    return { retry: false, reason: messageRef("message.mediaError.refused", { status }) };
  }
  const retry = status === 408 || status === 429 || status >= 500;
  return { retry, reason: messageRef("message.mediaError.hostStatus", { status }) };
}

/**
 * `media_error` holds the reasons as JSON MessageRefs so the page says them in its reader's language;
 * rows failed before that hold an English sentence, which `mediaErrorRefs` leaves to be shown as it is.
 */
export function encodeMediaError(reasons: MessageRef[]): string {
  return JSON.stringify(reasons);
}

/** The reasons `encodeMediaError` stored, or null for an older plain sentence. */
export function mediaErrorRefs(stored: string): MessageRef[] | null {
  try {
    const parsed: unknown = JSON.parse(stored);
    const refs = Array.isArray(parsed) ? parsed : [];
    const valid = refs.every((r) => typeof r?.key === "string" && r.key.startsWith("message.mediaError."));
    return refs.length > 0 && valid ? (refs as MessageRef[]) : null;
  } catch {
    return null;
  }
}

/** "16 MB", "500 KB": sizes as a person reads them, in `locale` (an Intl tag: "1.5 MB", Indonesian "1,5 MB"). */
export function formatBytes(bytes: number, locale = "en-GB"): string {
  const number = new Intl.NumberFormat(locale, { maximumFractionDigits: 1, useGrouping: false });
  if (bytes >= MB) {
    return `${number.format(bytes / MB)} MB`;
  }
  if (bytes >= 1024) {
    return `${Math.round(bytes / 1024)} KB`;
  }
  return `${bytes} B`;
}
