import { v } from "convex/values";
import { internal } from "./_generated/api";
import { userError, type ErrorCode } from "./errors";
import { workspaceAction, workspaceMutation } from "./functions";
import { conversationInWorkspace } from "./conversations";
import { kapsoCredentialsFor } from "./kapsoCredentials";
import { platformClient } from "./model/kapsoClient";
import { recordPendingReply, replyableLead } from "./replies";
import { templateSummary } from "./model/templateSummary";
import { KapsoApiError } from "../src/domain/kapsoPlatform";
import { messageRef, type MessageRef } from "../src/i18n/messageRef";
import {
  type TemplateSummary,
  isPositional,
  parameterError,
  renderTemplateBody,
  templateParametersSchema,
  templatePlaceholders,
} from "../src/domain/templates";

// WhatsApp templates, the only messages a lead can receive outside the 24-hour
// window: the workspace's approved ones (listed live from Kapso) and sending one.

function kapsoFailure(status: number | undefined, detail: string): never {
  // The HTTP status as a string, so it is not written with a thousands separator.
  const http = String(status);
  const [code, message]: [ErrorCode, MessageRef] =
    status === 401 || status === 403
      ? ["KAPSO_AUTH", messageRef("errors.inbox.kapsoAuth", { status: http })]
      : status === 404
        ? ["KAPSO_NOT_FOUND", messageRef("errors.inbox.kapsoNoTemplates")]
        : status === 429
          ? ["KAPSO_RATE_LIMITED", messageRef("errors.inbox.kapsoBusy")]
          : status !== undefined && status >= 500
            ? ["KAPSO_SERVER", messageRef("errors.inbox.kapsoServer", { status: http })]
            : status === undefined
              ? ["KAPSO_NETWORK", messageRef("errors.inbox.kapsoNetwork", { detail })]
              : ["KAPSO_INVALID", messageRef("errors.inbox.kapsoInvalid", { status: http, detail })];
  throw userError(code, message);
}

/** The workspace's approved templates that can be sent from the inbox (a body with text parameters only). */
export const list = workspaceAction({
  permission: "message.send",
  args: {},
  returns: v.array(templateSummary),
  handler: async (ctx): Promise<TemplateSummary[]> => {
    const { apiKey } = await kapsoCredentialsFor(ctx.workspace);
    const client = platformClient(apiKey, true);
    if (!apiKey || !client) {
      throw userError("NOT_CONFIGURED", messageRef("errors.inbox.noKapsoKey"));
    }
    const phoneNumberId = ctx.workspace.kapso_phone_number_id;
    let businessAccountId: string | null;
    try {
      businessAccountId = await client.findBusinessAccountId(phoneNumberId);
    } catch (error) {
      if (error instanceof KapsoApiError) {
        kapsoFailure(error.status ?? undefined, error.message);
      }
      throw error;
    }
    if (!businessAccountId) {
      throw userError("KAPSO_NOT_FOUND", messageRef("errors.inbox.numberNotFound", { phoneNumberId }));
    }
    const outcome = await ctx.runAction(internal.kapsoSend.listTemplates, { apiKey, businessAccountId });
    if (!outcome.ok) {
      kapsoFailure(outcome.status, outcome.message);
    }
    return outcome.templates;
  },
});

/**
 * Sends an approved template with its parameters: checked against the
 * template's placeholders (count, filled in) before anything is written, then
 * shown at once as a pending reply and handed to the send action.
 */
export const send = workspaceMutation({
  permission: "message.send",
  args: {
    conversationId: v.id("conversations"),
    template: v.object({ name: v.string(), language: v.string(), body: v.string() }),
    parameters: v.array(v.string()),
  },
  returns: v.id("messages"),
  handler: async (ctx, { workspaceId, conversationId, template, parameters }) => {
    const conversation = await conversationInWorkspace(ctx, workspaceId, conversationId);
    if (!/^[a-z0-9_]{1,512}$/.test(template.name)) {
      throw userError("INVALID", messageRef("errors.inbox.templateName"));
    }
    if (!/^[A-Za-z]{2,3}(_[A-Za-z0-9]{2,4})?$/.test(template.language)) {
      throw userError("INVALID", messageRef("errors.inbox.templateLanguage"));
    }
    const placeholders = templatePlaceholders(template.body);
    const parsed = templateParametersSchema(placeholders).safeParse(parameters);
    if (!parsed.success) {
      throw userError("INVALID", parameterError(parsed.error));
    }
    const lead = await replyableLead(ctx, conversation);
    return await recordPendingReply(ctx, {
      workspaceId,
      conversation,
      lead,
      sentBy: ctx.viewer.userId,
      message: {
        type: "template",
        content: renderTemplateBody(template.body, parsed.data),
        details: {
          template: {
            name: template.name,
            language: template.language,
            parameters: parsed.data,
            ...(isPositional(placeholders) ? {} : { parameter_names: placeholders }),
          },
        },
      },
      now: Date.now(),
    });
  },
});
