import { describe, expect, it } from "vitest";
import {
  MEDIA_MAX_ATTEMPTS,
  contentTypeFits,
  effectiveContentType,
  encodeMediaError,
  failureOfStatus,
  mediaErrorRefs,
  formatBytes,
  retryDelayAfter,
} from "./mediaPolicy";
import { messageRef } from "../i18n/messageRef";

describe("contentTypeFits", () => {
  it.each<[string, string | undefined, boolean]>([
    ["image", "image/jpeg", true],
    ["sticker", "image/webp", true],
    ["image", "text/html", false],
    ["image", "image/svg+xml", false],
    ["video", "video/mp4", true],
    ["video", "image/png", false],
    ["audio", "audio/ogg", true],
    ["audio", "application/ogg", true],
    ["audio", "video/mp4", false],
    ["document", "application/pdf", true],
    ["document", "text/html", false],
    ["image", undefined, false],
    ["text", "text/plain", false],
  ])("%s with %s: %s", (type, contentType, fits) => {
    expect(contentTypeFits(type, contentType)).toBe(fits);
  });
});

describe("effectiveContentType", () => {
  it("prefers the served type, without parameters, and falls back to the declared one when generic", () => {
    expect(effectiveContentType("Image/JPEG; charset=binary", "image/png")).toBe("image/jpeg");
    expect(effectiveContentType("application/octet-stream", "audio/ogg; codecs=opus")).toBe("audio/ogg");
    expect(effectiveContentType(null, "video/mp4")).toBe("video/mp4");
    expect(effectiveContentType("application/octet-stream", undefined)).toBe("application/octet-stream");
  });
});

describe("failureOfStatus", () => {
  it.each<[number, boolean, string]>([
    [404, false, "message.mediaError.gone"],
    [410, false, "message.mediaError.gone"],
    [401, false, "message.mediaError.refused"],
    [403, false, "message.mediaError.refused"],
    [400, false, "message.mediaError.hostStatus"],
    [408, true, "message.mediaError.hostStatus"],
    [429, true, "message.mediaError.hostStatus"],
    [500, true, "message.mediaError.hostStatus"],
    [503, true, "message.mediaError.hostStatus"],
  ])("HTTP %i retries: %s, says %s", (status, retry, key) => {
    expect(failureOfStatus(status)).toEqual({ retry, reason: { key, values: { status } } });
  });
});

describe("media_error", () => {
  it("keeps the reasons as refs the page can say in either language", () => {
    const reasons = [messageRef("message.mediaError.timeout"), messageRef("message.mediaError.tries", { count: 4 })];
    expect(mediaErrorRefs(encodeMediaError(reasons))).toEqual(reasons);
  });

  it.each([
    "The media is gone (HTTP 404); WhatsApp keeps it for a limited time only.",
    "[]",
    '[{"key":"inbox.empty"}]',
    '{"key":"message.mediaError.gone"}',
    "404",
  ])("reads %j, stored before or by something else, as a sentence to show as it is", (stored) => {
    expect(mediaErrorRefs(stored)).toBeNull();
  });
});

describe("retries", () => {
  it("backs off for a bounded number of attempts", () => {
    const delays = Array.from({ length: MEDIA_MAX_ATTEMPTS }, (_, i) => retryDelayAfter(i + 1));
    expect(delays.slice(0, -1).every((d, i, all) => d !== undefined && (i === 0 || d > all[i - 1]!))).toBe(true);
    expect(delays.at(-1)).toBeUndefined();
  });
});

describe("formatBytes", () => {
  it.each<[number, string | undefined, string]>([
    [512, undefined, "512 B"],
    [204_800, undefined, "200 KB"],
    [16 * 1024 * 1024, undefined, "16 MB"],
    [1_572_864, undefined, "1.5 MB"],
    [1_572_864, "id-ID", "1,5 MB"],
    [16 * 1024 * 1024, "id-ID", "16 MB"],
    [2048 * 1024 * 1024, "id-ID", "2048 MB"],
  ])("%i in %s → %s", (bytes, locale, text) => {
    expect(formatBytes(bytes, locale)).toBe(text);
  });
});
