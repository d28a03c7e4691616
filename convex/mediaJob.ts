"use node";
// The Kapso SDK imports node:crypto, so the download lives in this Node action module.
import { v } from "convex/values";
import { WhatsAppClient } from "@kapso/whatsapp-cloud-api";
import type { FunctionReturnType } from "convex/server";
import { internalAction } from "./_generated/server";
import { internal } from "./_generated/api";
import { env } from "./env";
import {
  MEDIA_MAX_ATTEMPTS,
  contentTypeFits,
  effectiveContentType,
  failureOfStatus,
  formatBytes,
  mediaCap,
  encodeMediaError,
  retryDelayAfter,
  type DownloadFailure,
} from "../src/domain/mediaPolicy";
import { messageRef } from "../src/i18n/messageRef";

type Job = NonNullable<FunctionReturnType<typeof internal.media.downloadJobFor>>;
type Downloaded = { bytes: Uint8Array<ArrayBuffer>; contentType: string };

/** A fetch whose every request gives up after the deployment's media timeout. */
function timedFetch(): typeof fetch {
  return (input, init) => fetch(input, { ...init, signal: AbortSignal.timeout(env.mediaDownloadTimeoutMs()) });
}

/**
 * Kapso's link is fetched without credentials, and only when it is https: or on
 * the configured Kapso host (a loopback fake in tests): payload URLs never reach
 * anything else.
 */
function allowedLink(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === "https:" || parsed.origin === new URL(env.kapsoApiBaseUrl()).origin;
  } catch {
    return false;
  }
}

async function readCapped(response: Response, cap: number): Promise<Uint8Array<ArrayBuffer> | "too_large"> {
  const declared = Number(response.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > cap) {
    await response.body?.cancel();
    return "too_large";
  }
  const reader = response.body?.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  while (reader) {
    const { done, value } = await reader.read();
    if (done) {
      break;
    }
    total += value.byteLength;
    if (total > cap) {
      await reader.cancel();
      return "too_large";
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

async function fetchMedia(job: Job): Promise<Response> {
  if (job.apiKey && job.mediaId) {
    const client = new WhatsAppClient({
      baseUrl: `${env.kapsoApiBaseUrl().replace(/\/+$/, "")}/meta/whatsapp`,
      kapsoApiKey: job.apiKey,
      fetch: timedFetch(),
    });
    // `as: "response"` returns the Response; the SDK's declared type is wider.
    return (await client.media.download({
      mediaId: job.mediaId,
      phoneNumberId: job.phoneNumberId,
      as: "response",
    })) as Response;
  }
  if (job.mediaUrl && allowedLink(job.mediaUrl)) {
    return await timedFetch()(job.mediaUrl);
  }
  throw new NoSource();
}

class NoSource extends Error {}

function failureOfError(error: unknown): DownloadFailure {
  if (error instanceof NoSource) {
    return { retry: false, reason: messageRef("message.mediaError.noSource") };
  }
  // The SDK's GraphApiError (the media lookup) carries the HTTP status.
  const status = (error as { httpStatus?: unknown })?.httpStatus;
  if (typeof status === "number") {
    return failureOfStatus(status);
  }
  const name = (error as { name?: unknown })?.name;
  if (name === "TimeoutError" || name === "AbortError") {
    return { retry: true, reason: messageRef("message.mediaError.timeout") };
  }
  return { retry: true, reason: messageRef("message.mediaError.network") };
}

async function fetchCopy(job: Job): Promise<Downloaded | DownloadFailure> {
  let response: Response;
  try {
    response = await fetchMedia(job);
  } catch (error) {
    return failureOfError(error);
  }
  if (!response.ok) {
    await response.body?.cancel();
    return failureOfStatus(response.status);
  }
  const contentType = effectiveContentType(response.headers.get("content-type"), job.declaredMimeType);
  if (!contentType || !contentTypeFits(job.type, contentType)) {
    await response.body?.cancel();
    // Capped: the server's header is stored in the reason, and media_error is kept short.
    const reason = contentType
      ? messageRef("message.mediaError.wrongType", { contentType: contentType.slice(0, 100), type: job.type })
      : messageRef("message.mediaError.untyped", { type: job.type });
    return { retry: false, reason };
  }
  let bytes: Uint8Array<ArrayBuffer> | "too_large";
  try {
    bytes = await readCapped(response, mediaCap(job.type));
  } catch (error) {
    return failureOfError(error);
  }
  if (bytes === "too_large") {
    const limit = formatBytes(mediaCap(job.type));
    return { retry: false, reason: messageRef("message.mediaError.tooLarge", { limit, type: job.type }) };
  }
  if (bytes.byteLength === 0) {
    return { retry: false, reason: messageRef("message.mediaError.empty") };
  }
  return { bytes, contentType };
}

/**
 * Keeps a copy of one message's media in Convex file storage: scheduled by the
 * ingestion mutation, retried with backoff on timeouts, 5xx and network errors,
 * and settled as `failed` with a reason otherwise. A message that is not pending
 * (stored already, failed, removed) is left alone.
 */
export const download = internalAction({
  args: { messageId: v.id("messages"), attempt: v.number() },
  returns: v.null(),
  handler: async (ctx, { messageId, attempt }) => {
    const job = await ctx.runQuery(internal.media.downloadJobFor, { messageId });
    if (!job) {
      return null;
    }
    const result = await fetchCopy(job);
    if ("bytes" in result) {
      const storageId = await ctx.storage.store(new Blob([result.bytes], { type: result.contentType }));
      const kept = await ctx.runMutation(internal.media.recordStored, {
        messageId,
        storageId,
        contentType: result.contentType,
      });
      if (!kept) {
        await ctx.storage.delete(storageId);
      }
      return null;
    }
    const delay = result.retry ? retryDelayAfter(attempt) : undefined;
    if (delay !== undefined) {
      await ctx.scheduler.runAfter(delay, internal.mediaJob.download, { messageId, attempt: attempt + 1 });
      return null;
    }
    const tries = result.retry
      ? [messageRef("message.mediaError.tries", { count: Math.min(attempt, MEDIA_MAX_ATTEMPTS) })]
      : [];
    const reason = encodeMediaError([result.reason, ...tries]);
    await ctx.runMutation(internal.media.recordFailed, { messageId, reason });
    return null;
  },
});
