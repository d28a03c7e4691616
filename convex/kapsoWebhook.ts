import { httpAction } from "./_generated/server";
import { internal } from "./_generated/api";
import type { Id } from "./_generated/dataModel";
import { env } from "./env";
import { isSecretConfigured, verifyWebhookSignature } from "../src/domain/webhookSignature";
import {
  MAX_WEBHOOK_BODY_BYTES,
  decodeJson,
  findPhoneNumberId,
  isBatchDelivery,
  parseKapsoDelivery,
} from "../src/domain/kapsoWebhook";

/**
 * Raw bodies above this size are kept in file storage rather than in the
 * webhookEvents row: a 1 MiB body plus the other fields would not fit Convex's
 * 1 MiB document limit.
 */
export const RAW_BODY_INLINE_LIMIT = 256 * 1024;

function reply(httpStatus: number, body: { status: string } & Record<string, unknown>): Response {
  return new Response(JSON.stringify(body), {
    status: httpStatus,
    headers: { "Content-Type": "application/json" },
  });
}

async function sha256Hex(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", bytes);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * POST /webhook/kapso. Reads the body once as bytes, checks size and signature on
 * exactly those bytes, parses, then hands everything to ONE internal mutation
 * (internal.ingest.processDelivery). No outbound HTTP here: Kapso waits at most 10 s.
 */
export const receive = httpAction(async (ctx, request) => {
  const declaredLength = Number(request.headers.get("content-length") ?? "0");
  if (declaredLength > MAX_WEBHOOK_BODY_BYTES) return tooLarge();
  // The declared length may be absent or wrong, so the bytes themselves decide.
  const bytes = new Uint8Array(await request.arrayBuffer());
  if (bytes.byteLength > MAX_WEBHOOK_BODY_BYTES) return tooLarge();

  // The secret depends on the workspace, which only the body names: parse
  // leniently to find it, verify, and only then trust anything in the body.
  const decoded = decodeJson(bytes);
  const lenientPhoneNumberId = decoded.ok ? findPhoneNumberId(decoded.value) : undefined;
  const target = lenientPhoneNumberId
    ? await ctx.runQuery(internal.ingest.webhookTarget, { phoneNumberId: lenientPhoneNumberId })
    : null;
  const secret = target?.webhookSecret ?? env.kapsoWebhookSecret();
  if (!isSecretConfigured(secret)) {
    return reply(401, {
      status: "unauthorized",
      error: "No webhook secret is configured (workspace kapso_webhook_secret or KAPSO_WEBHOOK_SECRET).",
    });
  }
  const signature = request.headers.get("x-webhook-signature");
  if (!signature) return reply(401, { status: "unauthorized", error: "X-Webhook-Signature: header is missing" });
  if (!(await verifyWebhookSignature(secret, bytes, signature))) {
    return reply(401, { status: "unauthorized", error: "X-Webhook-Signature: does not match the body" });
  }

  // Kapso always sends a key; without one, identical bodies are the same delivery.
  const idempotencyKey = request.headers.get("x-idempotency-key")?.trim() || `sha256:${await sha256Hex(bytes)}`;
  const headerEvent = request.headers.get("x-webhook-event");
  const batch = decoded.ok && isBatchDelivery(decoded.value, request.headers.get("x-webhook-batch"));
  const base = {
    idempotencyKey,
    event: headerEvent?.trim() || "(missing)",
    ...(lenientPhoneNumberId ? { phoneNumberId: lenientPhoneNumberId } : {}),
    ...(batch ? { batch } : {}),
  };

  // Raw bodies are stored only for deliveries that may need a second look.
  const keepRaw = async () => {
    if (bytes.byteLength <= RAW_BODY_INLINE_LIMIT) return { rawBody: decoded.text };
    const id: Id<"_storage"> = await ctx.storage.store(new Blob([bytes], { type: "application/json" }));
    return { rawBodyStorageId: id };
  };

  if (!decoded.ok) {
    const error = "body: not valid UTF-8 JSON";
    const result = await ctx.runMutation(internal.ingest.processDelivery, {
      ...base,
      outcome: { kind: "invalid", error },
      ...(await keepRaw()),
    });
    return result.status === "duplicate" ? reply(200, { status: "duplicate" }) : reply(400, { status: "invalid", error });
  }

  const parsed = parseKapsoDelivery({
    event: headerEvent,
    payloadVersion: request.headers.get("x-webhook-payload-version"),
    batchHeader: request.headers.get("x-webhook-batch"),
    body: decoded.value,
  });

  if (parsed.kind === "invalid") {
    const result = await ctx.runMutation(internal.ingest.processDelivery, {
      ...base,
      outcome: { kind: "invalid", error: parsed.error },
      ...(await keepRaw()),
    });
    return result.status === "duplicate"
      ? reply(200, { status: "duplicate" })
      : reply(parsed.httpStatus, { status: "invalid", error: parsed.error });
  }
  if (parsed.kind === "ignored") {
    const result = await ctx.runMutation(internal.ingest.processDelivery, {
      ...base,
      event: parsed.event,
      ...(target ? { workspaceId: target.workspaceId } : {}),
      outcome: { kind: "ignored" },
    });
    return reply(200, { status: result.status, event: parsed.event });
  }

  if (parsed.phoneNumberId !== lenientPhoneNumberId) {
    // The secret was chosen for another number than the payload names.
    const error = "phone_number_id: does not match the number the delivery was verified for";
    await ctx.runMutation(internal.ingest.processDelivery, { ...base, outcome: { kind: "invalid", error }, ...(await keepRaw()) });
    return reply(422, { status: "invalid", error });
  }
  const result = await ctx.runMutation(internal.ingest.processDelivery, {
    ...base,
    event: parsed.event,
    phoneNumberId: parsed.phoneNumberId,
    ...(target ? { workspaceId: target.workspaceId } : {}),
    outcome: { kind: "items", items: parsed.items },
    // Without a workspace the delivery is kept for replay.
    ...(target ? {} : await keepRaw()),
  });
  return reply(200, {
    status: result.status,
    items: parsed.items.length,
    ...(result.counts ? { messages: result.counts } : {}),
  });
});

function tooLarge() {
  return reply(413, { status: "too_large", error: `body: larger than ${MAX_WEBHOOK_BODY_BYTES} bytes` });
}
