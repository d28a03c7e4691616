import { v } from "convex/values";
import * as z from "zod/mini";
import { invalidInput, userError } from "./errors";
import { internalMutation, internalQuery, type MutationCtx } from "./_generated/server";
import { internal } from "./_generated/api";
import type { Doc, Id } from "./_generated/dataModel";
import { workspaceMutation } from "./functions";
import { conversationInWorkspace } from "./conversations";
import { kapsoCredentialsFor } from "./kapsoCredentials";
import { replyTextSchema } from "../src/domain/leadForms";
import { messageRef } from "../src/i18n/messageRef";
import { replyWindow } from "../src/domain/replyWindow";
import { laterStatus } from "../src/domain/messageStatus";
import { messagePreview } from "../src/domain/kapsoWebhook";
import { replyOutcomeChanges } from "../src/domain/activity";

/**
 * A reply still `pending` after this long is shown as unknown: the send action
 * died or is stuck, and whether Kapso took it can only be checked there. Longer
 * than the send's worst case (two 60 s Retry-After waits plus three 15 s attempts).
 */
export const PENDING_TIMEOUT_MS = 5 * 60 * 1000;

const replyInput = z.object({ text: replyTextSchema });

export const UNKNOWN_EXPLANATION = "Unknown, check Kapso: the send may or may not have reached WhatsApp.";

/**
 * Sends a text reply: checks access and WhatsApp's 24-hour window, shows the
 * message at once as `pending`, and hands the Kapso call to an action.
 */
export const send = workspaceMutation({
  permission: "message.send",
  args: { conversationId: v.id("conversations"), text: v.string() },
  returns: v.id("messages"),
  handler: async (ctx, { workspaceId, conversationId, text }) => {
    const { viewer } = ctx;
    const conversation = await conversationInWorkspace(ctx, workspaceId, conversationId);
    // Parsed as a field, so the error names it ("text: …").
    const parsed = replyInput.safeParse({ text });
    if (!parsed.success) {
      throw invalidInput(parsed.error);
    }
    const lead = await replyableLead(ctx, conversation);
    const now = Date.now();
    const window = replyWindow(lead.last_inbound_at, now);
    if (!window.open) {
      throw userError("WINDOW_CLOSED", window.explanation);
    }

    return await recordPendingReply(ctx, {
      workspaceId,
      conversation,
      lead,
      sentBy: viewer.userId,
      message: { type: "text", content: parsed.data.text },
      now,
    });
  },
});

/** The conversation's lead, when a reply can reach them (WhatsApp needs their phone number). */
export async function replyableLead(ctx: MutationCtx, conversation: Doc<"conversations">): Promise<Doc<"contacts">> {
  const lead = await ctx.db.get("contacts", conversation.contact_id);
  if (!lead?.phone) {
    throw userError("INVALID", messageRef("errors.inbox.noPhone"));
  }
  return lead;
}

/**
 * Shows a dashboard reply at once as `pending`, moves the inbox row (it is no
 * longer waiting for us), and hands the Kapso call to the send action. Text
 * replies and templates alike.
 */
export async function recordPendingReply(
  ctx: MutationCtx,
  {
    workspaceId,
    conversation,
    lead,
    sentBy,
    message,
    now,
  }: {
    workspaceId: Id<"workspaces">;
    conversation: Doc<"conversations">;
    lead: Doc<"contacts">;
    sentBy: string;
    message: { type: "text" | "template"; content: string; details?: Doc<"messages">["details"] };
    now: number;
  },
): Promise<Id<"messages">> {
  const conversationId = conversation._id;
  const messageId = await ctx.db.insert("messages", {
    workspace_id: workspaceId,
    conversation_id: conversationId,
    contact_id: lead._id,
    direction: "outbound",
    type: message.type,
    content: message.content,
    ...(message.details ? { details: message.details } : {}),
    status: "pending",
    timestamp: now,
    sent_by: sentBy,
    created_at: now,
  });
  await dispatchReply(ctx, conversation, lead, { messageId, message, now });
  return messageId;
}

/**
 * Shows a pending reply as the conversation's newest message and hands the Kapso
 * call to an action. As in ingestion, activity only moves forward: a message
 * stamped later by WhatsApp (clock skew) stays the newest, preview and waiting badge included.
 */
async function dispatchReply(
  ctx: MutationCtx,
  conversation: Doc<"conversations">,
  lead: Doc<"contacts">,
  reply: { messageId: Id<"messages">; message: { type: string; content: string }; now: number },
) {
  const { messageId, message, now } = reply;
  const newest = conversation.last_message_at;
  const isNewest = newest === undefined || now >= newest;
  await ctx.db.patch("conversations", conversation._id, {
    ...(isNewest
      ? {
          last_message_preview: messagePreview({ content: message.content, type: message.type }),
          last_message_at: now,
          last_message_direction: "outbound" as const,
          waiting_for_reply: false,
          reply_problem: undefined,
        }
      : {}),
    last_active_at: Math.max(conversation.last_active_at, now),
  });
  await ctx.db.patch("contacts", lead._id, { lastActivityAt: Math.max(lead.lastActivityAt, now) });
  await ctx.scheduler.runAfter(0, internal.kapsoSend.sendReply, { messageId });
  await ctx.scheduler.runAfter(PENDING_TIMEOUT_MS, internal.replies.expirePending, { messageId, pendingSince: now });
}

/**
 * Sends a reply that was not delivered again, as the same message. A reply whose
 * outcome is unknown may already have reached the lead, so it is only re-sent
 * when the person confirmed that (`confirmedUnknown`): never a silent second send.
 * Free text still needs the 24-hour window; a template does not.
 */
export const retry = workspaceMutation({
  permission: "message.send",
  args: { messageId: v.id("messages"), confirmedUnknown: v.optional(v.boolean()) },
  returns: v.null(),
  handler: async (ctx, { workspaceId, messageId, confirmedUnknown }) => {
    const reply = await ctx.db.get("messages", messageId);
    if (!reply || reply.workspace_id !== workspaceId || reply.direction !== "outbound") {
      throw userError("NOT_FOUND", messageRef("errors.inbox.replyNotFound"));
    }
    if (reply.status !== "failed" && reply.status !== "unknown") {
      throw userError("CONFLICT", messageRef("errors.inbox.alreadySent"));
    }
    if (reply.status === "unknown" && !confirmedUnknown) {
      throw userError("INVALID", messageRef("errors.inbox.confirmResend"));
    }
    const conversation = await conversationInWorkspace(ctx, workspaceId, reply.conversation_id);
    const lead = await replyableLead(ctx, conversation);
    const now = Date.now();
    const window = replyWindow(lead.last_inbound_at, now);
    if (reply.type !== "template" && !window.open) {
      throw userError("WINDOW_CLOSED", window.explanation);
    }
    await ctx.db.patch("messages", messageId, {
      status: "pending",
      timestamp: now,
      kapso_message_id: undefined,
      sent_by: ctx.viewer.userId,
      ...NO_ERROR,
    });
    await dispatchReply(ctx, conversation, lead, { messageId, message: reply, now });
    return null;
  },
});

const sendJob = v.object({
  phoneNumberId: v.string(),
  to: v.string(),
  text: v.string(),
  /** Set for template replies: what sendTemplate needs. */
  template: v.optional(
    v.object({
      name: v.string(),
      language: v.string(),
      parameters: v.array(v.string()),
      parameterNames: v.optional(v.array(v.string())),
    }),
  ),
  /** The workspace's Kapso API key (internal only), or null when none is configured. */
  apiKey: v.union(v.string(), v.null()),
});

/** What the send action needs; null when the reply is gone or no longer pending. */
export const sendJobFor = internalQuery({
  args: { messageId: v.id("messages") },
  returns: v.union(sendJob, v.null()),
  handler: async (ctx, { messageId }) => {
    const message = await ctx.db.get("messages", messageId);
    if (!message || message.status !== "pending") {
      return null;
    }
    const workspace = await ctx.db.get("workspaces", message.workspace_id);
    const lead = await ctx.db.get("contacts", message.contact_id);
    if (!workspace || !lead?.phone) {
      return null;
    }
    const template = message.details?.template;
    return {
      phoneNumberId: workspace.kapso_phone_number_id,
      to: lead.phone,
      text: message.content,
      ...(message.type === "template" && template
        ? {
            template: {
              name: template.name,
              language: template.language ?? "en_US",
              parameters: template.parameters,
              ...(template.parameter_names ? { parameterNames: template.parameter_names } : {}),
            },
          }
        : {}),
      apiKey: (await kapsoCredentialsFor(workspace)).apiKey,
    };
  },
});

export const sendResult = v.union(
  v.object({ kind: v.literal("sent"), wamid: v.string() }),
  v.object({
    kind: v.literal("failed"),
    errorCode: v.optional(v.number()),
    errorTitle: v.optional(v.string()),
    errorMessage: v.string(),
  }),
  v.object({ kind: v.literal("unknown"), errorMessage: v.string() }),
);

const NO_ERROR = { error_code: undefined, error_title: undefined, error_message: undefined };

async function messageByWamid(ctx: MutationCtx, workspaceId: Id<"workspaces">, wamid: string) {
  return await ctx.db
    .query("messages")
    .withIndex("by_workspace_kapso_message_id", (q) => q.eq("workspace_id", workspaceId).eq("kapso_message_id", wamid))
    .first();
}

async function recordSent(ctx: MutationCtx, reply: Doc<"messages">, wamid: string) {
  const holder = await messageByWamid(ctx, reply.workspace_id, wamid);
  if (reply.kapso_message_id === undefined || reply.kapso_message_id === wamid) {
    if (holder && holder._id !== reply._id) {
      // Kapso's sent webhook won the race and stored its own row: keep that one (it
      // may already say delivered) and drop the pending copy, so there is one row.
      if (!holder.sent_by && reply.sent_by) {
        await ctx.db.patch("messages", holder._id, { sent_by: reply.sent_by });
      }
      await ctx.db.delete("messages", reply._id);
      return;
    }
    await ctx.db.patch("messages", reply._id, {
      kapso_message_id: wamid,
      status: laterStatus(reply.status, "sent"),
      ...NO_ERROR,
    });
    return;
  }
  // The webhook gave this row the wamid of an identical reply sent just before;
  // this send's wamid still needs a row of its own.
  if (!holder) {
    const { _id, _creationTime, ...copy } = reply;
    await ctx.db.insert("messages", { ...copy, kapso_message_id: wamid, status: "sent", ...NO_ERROR });
  }
}

/** Shows a reply's outcome on its conversation (see replyOutcomeChanges). */
async function showReplyOutcome(ctx: MutationCtx, reply: Doc<"messages">, problem: "failed" | "unknown" | null) {
  const conversation = await ctx.db.get("conversations", reply.conversation_id);
  const changes = conversation && replyOutcomeChanges(conversation, reply.timestamp, problem);
  if (changes) {
    await ctx.db.patch("conversations", reply.conversation_id, changes);
  }
}

/** Records what Kapso answered to a dashboard reply. */
export const recordResult = internalMutation({
  args: { messageId: v.id("messages"), result: sendResult },
  returns: v.null(),
  handler: async (ctx, { messageId, result }) => {
    const reply = await ctx.db.get("messages", messageId);
    if (!reply) {
      return null;
    } // merged into the webhook's row already
    switch (result.kind) {
      case "sent":
        await recordSent(ctx, reply, result.wamid);
        if (reply.status === "unknown") {
          await showReplyOutcome(ctx, reply, null);
        }
        break;
      case "failed":
        // A webhook may already have confirmed the message; never overwrite that.
        if (reply.status === "pending" || reply.status === "unknown") {
          await ctx.db.patch("messages", messageId, {
            status: "failed",
            error_code: result.errorCode,
            error_title: result.errorTitle,
            error_message: result.errorMessage,
          });
          await showReplyOutcome(ctx, reply, "failed");
        }
        break;
      case "unknown":
        if (reply.status === "pending") {
          await ctx.db.patch("messages", messageId, { status: "unknown", error_message: result.errorMessage });
          await showReplyOutcome(ctx, reply, "unknown");
        }
        break;
    }
    return null;
  },
});

/** Marks a reply unknown when neither the action nor a webhook settled it in time. */
export const expirePending = internalMutation({
  // pendingSince: when this attempt started; the timer of an earlier attempt (before a Retry) does nothing.
  args: { messageId: v.id("messages"), pendingSince: v.optional(v.number()) },
  returns: v.null(),
  handler: async (ctx, { messageId, pendingSince }) => {
    const reply = await ctx.db.get("messages", messageId);
    if (reply?.status === "pending" && (pendingSince === undefined || reply.timestamp === pendingSince)) {
      await ctx.db.patch("messages", messageId, {
        status: "unknown",
        error_message: `${UNKNOWN_EXPLANATION} No answer from Kapso within ${PENDING_TIMEOUT_MS / 60_000} minutes.`,
      });
      await showReplyOutcome(ctx, reply, "unknown");
    }
    return null;
  },
});
