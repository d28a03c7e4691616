import { httpAction } from "./_generated/server";
import { internal } from "./_generated/api";
import type { Id } from "./_generated/dataModel";
import { MAX_WEBHOOK_BODY_BYTES } from "../src/domain/kapsoWebhook";
import { FAILED_ANSWER, RAW_BODY_INLINE_LIMIT, type DeliveryAnswer } from "./webhookDeliveries";

function reply(httpStatus: number, body: { status: string } & Record<string, unknown>): Response {
  return new Response(JSON.stringify(body), {
    status: httpStatus,
    headers: { "Content-Type": "application/json" },
  });
}

function answer({ httpStatus, ...body }: DeliveryAnswer): Response {
  return reply(httpStatus, body);
}

function tooLarge() {
  return reply(413, { status: "too_large", error: `body: larger than ${MAX_WEBHOOK_BODY_BYTES} bytes` });
}

/**
 * POST /webhook/kapso. Reads the body once as bytes and checks its size; the one
 * internal mutation (internal.webhookDeliveries.processDelivery) verifies the
 * signature on exactly those bytes, parses and writes. No outbound HTTP here:
 * Kapso waits at most 10 s. Any unexpected exception is recorded as a `failed`
 * delivery and answered 500, so Kapso retries a transient fault.
 */
export const receive = httpAction(async (ctx, request) => {
  const declaredLength = Number(request.headers.get("content-length") ?? "0");
  if (declaredLength > MAX_WEBHOOK_BODY_BYTES) {
    return tooLarge();
  }
  // The declared length may be absent or wrong, so the bytes themselves decide.
  const body = await request.arrayBuffer();
  if (body.byteLength > MAX_WEBHOOK_BODY_BYTES) {
    return tooLarge();
  }

  // A body too big to sit in its ledger row must be in file storage before the
  // mutation runs (mutations cannot store files); the mutation drops it when not needed.
  let rawBodyStorageId: Id<"_storage"> | undefined;
  if (body.byteLength > RAW_BODY_INLINE_LIMIT) {
    rawBodyStorageId = await ctx.storage.store(new Blob([body], { type: "application/json" }));
  }
  const args = {
    body,
    ...(rawBodyStorageId ? { rawBodyStorageId } : {}),
    ...optional("signature", request.headers.get("x-webhook-signature")),
    ...optional("idempotencyKey", request.headers.get("x-idempotency-key")),
    ...optional("event", request.headers.get("x-webhook-event")),
    ...optional("payloadVersion", request.headers.get("x-webhook-payload-version")),
    ...optional("batchHeader", request.headers.get("x-webhook-batch")),
  };
  try {
    return answer(await ctx.runMutation(internal.webhookDeliveries.processDelivery, args));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await ctx.runMutation(internal.webhookDeliveries.recordFailure, { ...args, error: message });
    return answer(FAILED_ANSWER);
  }
});

function optional<K extends string>(key: K, value: string | null): Partial<Record<K, string>> {
  return value === null ? {} : ({ [key]: value } as Record<K, string>);
}
