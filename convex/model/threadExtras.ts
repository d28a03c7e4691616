import { v } from "convex/values";
import type { QueryCtx } from "../_generated/server";
import type { Doc, Id } from "../_generated/dataModel";
import { isHttpsUrl } from "../../src/domain/messageContent";
import { phoneKey } from "../../src/domain/phone";
import { messageByWamid } from "./messages";

// What the thread needs beyond the stored row: where to load the media from,
// the message a reply quotes, and which shared contact cards are known leads.
// Every lookup is one indexed read, bounded per message.

/** Phone numbers looked up per contacts message (a card may hold many). */
const MAX_CARD_LOOKUPS = 10;
const QUOTE_LENGTH = 140;

export const threadExtras = {
  /** The stored copy's URL, else Kapso's https link while the copy is not kept yet. */
  media_src: v.optional(v.string()),
  /** A short view of the message this one replies to, when it is in the conversation. */
  quoted: v.optional(
    v.object({
      wamid: v.string(),
      direction: v.union(v.literal("inbound"), v.literal("outbound")),
      type: v.string(),
      text: v.string(),
    }),
  ),
  /** Shared contact card numbers that are leads of this workspace. */
  card_leads: v.optional(v.array(v.object({ phone: v.string(), contact_id: v.id("contacts") }))),
};

async function mediaSrc(ctx: QueryCtx, message: Doc<"messages">): Promise<string | undefined> {
  if (message.media_storage_id) {
    const url = await ctx.storage.getUrl(message.media_storage_id);
    if (url) {
      return url;
    }
  }
  return message.media_state !== "stored" && isHttpsUrl(message.media_url) ? message.media_url : undefined;
}

async function quoted(ctx: QueryCtx, message: Doc<"messages">) {
  const wamid = message.details?.reply_to;
  if (!wamid) {
    return undefined;
  }
  const target = await messageByWamid(ctx, message.workspace_id, wamid);
  if (!target || target.conversation_id !== message.conversation_id) {
    return undefined;
  }
  const text = target.content.length > QUOTE_LENGTH ? `${target.content.slice(0, QUOTE_LENGTH - 1)}…` : target.content;
  return { wamid, direction: target.direction, type: target.type, text };
}

async function cardLeads(ctx: QueryCtx, message: Doc<"messages">, defaultCountry: string) {
  const phones = (message.details?.contacts ?? []).flatMap((card) => card.phones).slice(0, MAX_CARD_LOOKUPS);
  const found: Array<{ phone: string; contact_id: Id<"contacts"> }> = [];
  for (const phone of phones) {
    const key = phoneKey(phone, defaultCountry);
    if (!key) {
      continue;
    }
    const lead = await ctx.db
      .query("contacts")
      .withIndex("by_workspace_phone", (q) => q.eq("workspace_id", message.workspace_id).eq("phone", key))
      .first();
    if (lead) {
      found.push({ phone, contact_id: lead._id });
    }
  }
  return found;
}

/** The thread's extras for one message (see threadExtras). */
export async function withThreadExtras<M extends Doc<"messages">>(
  ctx: QueryCtx,
  message: M,
  workspace: Pick<Doc<"workspaces">, "default_country">,
) {
  const [src, quote, leads] = await Promise.all([
    mediaSrc(ctx, message),
    quoted(ctx, message),
    message.details?.contacts ? cardLeads(ctx, message, workspace.default_country) : undefined,
  ]);
  return {
    ...message,
    ...(src ? { media_src: src } : {}),
    ...(quote ? { quoted: quote } : {}),
    ...(leads ? { card_leads: leads } : {}),
  };
}
