// The media job's reads and writes; the download itself is in mediaJob.ts (a
// Node action, because the Kapso SDK needs Node). Every write checks that the
// message is still pending, so a late or repeated run never undoes a result.

import { v } from "convex/values";
import { internalMutation, internalQuery } from "./_generated/server";
import { internal } from "./_generated/api";
import { kapsoCredentialsFor } from "./kapsoCredentials";
import { keepsMedia } from "../src/domain/mediaPolicy";

const BACKFILL_PAGE = 100;
/** Spreads the backfill's downloads out, so one page does not hit Kapso all at once. */
const BACKFILL_SPACING_MS = 2_000;

const downloadJob = v.object({
  type: v.string(),
  /** WhatsApp's media id, fetched through the SDK with the workspace's key. */
  mediaId: v.optional(v.string()),
  /** Kapso's (signed, expiring) link, used without a key. */
  mediaUrl: v.optional(v.string()),
  declaredMimeType: v.optional(v.string()),
  phoneNumberId: v.string(),
  /** The workspace's Kapso API key (internal only), or null when none is configured. */
  apiKey: v.union(v.string(), v.null()),
});

/** What the download needs; null when the message is gone or its media is no longer pending. */
export const downloadJobFor = internalQuery({
  args: { messageId: v.id("messages") },
  returns: v.union(downloadJob, v.null()),
  handler: async (ctx, { messageId }) => {
    const message = await ctx.db.get("messages", messageId);
    if (!message || message.media_state !== "pending") {
      return null;
    }
    const workspace = await ctx.db.get("workspaces", message.workspace_id);
    if (!workspace) {
      return null;
    }
    const media = message.details?.media;
    return {
      type: message.type,
      ...(media?.id ? { mediaId: media.id } : {}),
      ...(message.media_url ? { mediaUrl: message.media_url } : {}),
      ...((media?.mime_type ?? message.media_mime_type)
        ? { declaredMimeType: media?.mime_type ?? message.media_mime_type }
        : {}),
      phoneNumberId: workspace.kapso_phone_number_id,
      apiKey: (await kapsoCredentialsFor(workspace)).apiKey,
    };
  },
});

/**
 * Records the stored copy. Returns false when the message was settled or removed
 * meanwhile; the caller then deletes the file it stored, so nothing is orphaned.
 */
export const recordStored = internalMutation({
  args: { messageId: v.id("messages"), storageId: v.id("_storage"), contentType: v.string() },
  returns: v.boolean(),
  handler: async (ctx, { messageId, storageId, contentType }) => {
    const message = await ctx.db.get("messages", messageId);
    if (message?.media_state !== "pending") {
      return false;
    }
    await ctx.db.patch("messages", messageId, {
      media_state: "stored",
      media_storage_id: storageId,
      media_error: undefined,
      ...(message.media_mime_type ? {} : { media_mime_type: contentType }),
    });
    return true;
  },
});

/** The final failure: the thread shows why the media could not be kept (`reason`: mediaPolicy's encodeMediaError). */
export const recordFailed = internalMutation({
  args: { messageId: v.id("messages"), reason: v.string() },
  returns: v.null(),
  handler: async (ctx, { messageId, reason }) => {
    const message = await ctx.db.get("messages", messageId);
    if (message?.media_state === "pending") {
      await ctx.db.patch("messages", messageId, { media_state: "failed", media_error: reason.slice(0, 500) });
    }
    return null;
  },
});

/**
 * Keeps copies of media stored before the job existed:
 * `npx convex run media:backfill '{"cursor":null}'`. Pages through all messages,
 * marks each media message without a state pending and schedules its download
 * (spaced out), then schedules itself until done.
 */
export const backfill = internalMutation({
  args: { cursor: v.union(v.string(), v.null()) },
  returns: v.object({ scheduled: v.number(), isDone: v.boolean() }),
  handler: async (ctx, { cursor }) => {
    const page = await ctx.db.query("messages").paginate({ numItems: BACKFILL_PAGE, cursor });
    let scheduled = 0;
    for (const message of page.page) {
      if (
        message.media_state !== undefined ||
        !keepsMedia(message.type, message.details?.media?.id, message.media_url)
      ) {
        continue;
      }
      await ctx.db.patch("messages", message._id, { media_state: "pending" });
      await ctx.scheduler.runAfter(scheduled * BACKFILL_SPACING_MS, internal.mediaJob.download, {
        messageId: message._id,
        attempt: 1,
      });
      scheduled += 1;
    }
    if (!page.isDone) {
      await ctx.scheduler.runAfter(scheduled * BACKFILL_SPACING_MS, internal.media.backfill, {
        cursor: page.continueCursor,
      });
    }
    return { scheduled, isDone: page.isDone };
  },
});
