"use node";
// The Kapso SDK imports node:crypto, so its calls live in this Node action module.
import { v } from "convex/values";
import { GraphApiError, WhatsAppClient } from "@kapso/whatsapp-cloud-api";
import { internalAction } from "./_generated/server";
import { internal } from "./_generated/api";
import type { Infer } from "convex/values";
import { env } from "./env";
import type { sendResult } from "./replies";
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

/** Sends a pending dashboard reply through Kapso's WhatsApp proxy and records the outcome. */
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
    const client = new WhatsAppClient({
      baseUrl: `${env.kapsoApiBaseUrl().replace(/\/+$/, "")}/meta/whatsapp`,
      kapsoApiKey: job.apiKey,
      fetch: createKapsoFetch({ kind: "send" }),
    });
    let result: SendResult;
    try {
      const response = await client.messages.sendText({ phoneNumberId: job.phoneNumberId, to: job.to, body: job.text });
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
