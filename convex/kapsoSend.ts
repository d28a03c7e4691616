"use node";
// The Kapso SDK imports node:crypto, so its calls live in this Node action module.
import { v } from "convex/values";
import { GraphApiError, WhatsAppClient } from "@kapso/whatsapp-cloud-api";
import { internalAction } from "./_generated/server";
import { internal } from "./_generated/api";
import type { Infer } from "convex/values";
import { env } from "./env";
import type { sendResult } from "./replies";
import { templateSummary } from "./model/templateSummary";
import { summarizeTemplate } from "../src/domain/templates";
import { classifyKapsoFailure, createKapsoFetch } from "../src/lib/kapsoHttp";

type SendResult = Infer<typeof sendResult>;

const REASON_TEXT: Record<string, string> = {
  timeout: "Kapso did not answer in time.",
  connection_lost: "The connection to Kapso was lost mid-request.",
  server_error: "Kapso answered with a server error.",
  unexpected: "An unexpected error occurred while sending.",
};

/** Why a reply failed when neither the workspace nor the deployment has a Kapso API key; for salespeople. */
const SENDING_NOT_SET_UP =
  "Sending replies is not set up for this workspace yet, so nothing was sent. An admin can finish the setup in Settings.";

/** The SDK's client on Kapso's WhatsApp proxy, with the workspace's key. */
function whatsAppClient(kapsoApiKey: string, fetch: typeof globalThis.fetch): WhatsAppClient {
  return new WhatsAppClient({
    baseUrl: `${env.kapsoApiBaseUrl().replace(/\/+$/, "")}/meta/whatsapp`,
    kapsoApiKey,
    fetch,
  });
}

/** Maps a thrown error to what the message row should say. */
function resultOfError(error: unknown): SendResult {
  const failure = classifyKapsoFailure(error);
  if (failure.outcome === "unknown") {
    return {
      kind: "unknown",
      errorMessage: `Unknown, check Kapso: ${REASON_TEXT[failure.reason] ?? failure.message} It was not re-sent, to avoid a duplicate.`,
    };
  }
  if (error instanceof GraphApiError) {
    return {
      kind: "failed",
      errorCode: typeof error.code === "number" ? error.code : undefined,
      errorTitle: error.type || undefined,
      errorMessage:
        failure.reason === "rate_limited" ? "Kapso's rate limit was reached; try again in a minute." : error.message,
    };
  }
  return {
    kind: "failed",
    errorMessage: failure.reason === "refused" ? "Could not connect to Kapso; nothing was sent." : failure.message,
  };
}

/** Sends a pending dashboard reply (text or template) through Kapso's WhatsApp proxy and records the outcome. */
export const sendReply = internalAction({
  args: { messageId: v.id("messages") },
  returns: v.null(),
  handler: async (ctx, { messageId }) => {
    const job = await ctx.runQuery(internal.replies.sendJobFor, { messageId });
    if (!job) {
      return null;
    }
    const record = (result: SendResult) => ctx.runMutation(internal.replies.recordResult, { messageId, result });

    // The workspace's own key, else the deployment's (resolved by sendJobFor).
    if (!job.apiKey) {
      await record({
        kind: "failed",
        errorTitle: "Sending is not set up",
        errorMessage: SENDING_NOT_SET_UP,
      });
      return null;
    }
    const client = whatsAppClient(job.apiKey, createKapsoFetch({ kind: "send" }));
    let result: SendResult;
    try {
      const { phoneNumberId, to, template } = job;
      const response = template
        ? await client.messages.sendTemplate({
            phoneNumberId,
            to,
            // The SDK snake-cases keys on the way out: parameterName becomes parameter_name.
            template: {
              name: template.name,
              language: { code: template.language },
              ...(template.parameters.length > 0
                ? {
                    components: [
                      {
                        type: "body",
                        parameters: template.parameters.map((text, index) => ({
                          type: "text",
                          text,
                          ...(template.parameterNames ? { parameterName: template.parameterNames[index] } : {}),
                        })),
                      },
                    ],
                  }
                : {}),
            },
          })
        : await client.messages.sendText({ phoneNumberId, to, body: job.text });
      const wamid = response.messages?.[0]?.id;
      result = wamid
        ? { kind: "sent", wamid }
        : {
            kind: "unknown",
            errorMessage: "Unknown, check Kapso: Kapso accepted the message but returned no message id.",
          };
    } catch (error) {
      result = resultOfError(error);
    }
    await record(result);
    return null;
  },
});

const listOutcome = v.union(
  v.object({ ok: v.literal(true), templates: v.array(templateSummary) }),
  v.object({ ok: v.literal(false), status: v.optional(v.number()), message: v.string() }),
);

/** The approved templates of a WhatsApp Business Account, through the SDK's templates.list. */
export const listTemplates = internalAction({
  args: { apiKey: v.string(), businessAccountId: v.string() },
  returns: listOutcome,
  handler: async (_ctx, { apiKey, businessAccountId }): Promise<Infer<typeof listOutcome>> => {
    const client = whatsAppClient(apiKey, createKapsoFetch({ kind: "read", maxRetryAfterMs: 5_000 }));
    try {
      const response = await client.templates.list({ businessAccountId, status: "APPROVED", limit: 100 });
      const templates = (response.data ?? []).flatMap((raw) => summarizeTemplate(raw) ?? []);
      return { ok: true, templates: templates.sort((a, b) => a.name.localeCompare(b.name)) };
    } catch (error) {
      const failure = classifyKapsoFailure(error);
      return { ok: false, ...(failure.status ? { status: failure.status } : {}), message: failure.message };
    }
  },
});
