import { describe, expect, it } from "vitest";
import { GraphApiError, WhatsAppClient } from "@kapso/whatsapp-cloud-api";
import { KapsoTransportError, classifyKapsoFailure, createKapsoFetch, parseRetryAfter } from "@/lib/kapsoHttp";
import { closedPortUrl, fakeKapsoPerFile } from "./kapsoServer";

const fast = { timeoutMs: 300, backoffLimitMs: 20 };
const ok = { status: 200, body: { data: [] } };

const kapso = fakeKapsoPerFile();

async function caught(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected the call to fail");
}

describe("reads (kind: read)", () => {
  const read = createKapsoFetch({ kind: "read", ...fast });

  it("waits for Retry-After after a 429, then succeeds", async () => {
    kapso.script({ status: 429, headers: { "retry-after": "1" }, body: { error: "Too many requests" } }, ok);
    const response = await read(`${kapso.url}/platform/v1/workflows`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: [] });
    expect(kapso.requests).toHaveLength(2);
    const waited = kapso.requests[1].at - kapso.requests[0].at;
    expect(waited).toBeGreaterThanOrEqual(950);
  });

  it("gives up at once when Retry-After is longer than the limit, handing back the 429", async () => {
    const impatient = createKapsoFetch({ kind: "read", ...fast, maxRetryAfterMs: 1_000 });
    kapso.script({ status: 429, headers: { "retry-after": "60" }, body: { error: "Too many requests" } }, ok);
    const response = await impatient(`${kapso.url}/platform/v1/workflows`);
    expect(response.status).toBe(429);
    expect(await response.json()).toEqual({ error: "Too many requests" });
    expect(kapso.requests).toHaveLength(1);
  });

  it("retries 5xx with backoff and stops after maxRetries", async () => {
    kapso.script({ status: 500, body: { error: "boom" } });
    const response = await read(`${kapso.url}/platform/v1/workflows`);
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ error: "boom" });
    expect(kapso.requests).toHaveLength(3);
  });

  it("recovers from a 503 then a 502", async () => {
    kapso.script({ status: 503 }, { status: 502 }, ok);
    const response = await read(`${kapso.url}/platform/v1/workflows`);
    expect(response.status).toBe(200);
    expect(kapso.requests).toHaveLength(3);
  });

  it("retries a slow answer (timeout) and a dropped connection", async () => {
    kapso.script({ ...ok, delayMs: 1_000 }, { drop: true }, ok);
    const response = await read(`${kapso.url}/platform/v1/workflows`);
    expect(response.status).toBe(200);
    expect(kapso.requests).toHaveLength(3);
  });

  it("does not retry other 4xx answers", async () => {
    kapso.script({ status: 404, body: { error: "Not found" } }, ok);
    const response = await read(`${kapso.url}/platform/v1/workflows/nope`);
    expect(response.status).toBe(404);
    expect(kapso.requests).toHaveLength(1);
  });

  it("throws a timeout classified as unknown once retries are used up", async () => {
    kapso.script({ ...ok, delayMs: 1_000 });
    const error = await caught(read(`${kapso.url}/platform/v1/workflows`));
    expect(error).toBeInstanceOf(KapsoTransportError);
    expect(classifyKapsoFailure(error)).toMatchObject({ outcome: "unknown", reason: "timeout" });
    expect(kapso.requests).toHaveLength(3);
  });

  it("retries a refused connection, then reports it as not sent", async () => {
    let calls = 0;
    const counting = createKapsoFetch({
      kind: "read",
      ...fast,
      fetch: (input, init) => {
        calls++;
        return fetch(input, init);
      },
    });
    const error = await caught(counting(`${await closedPortUrl()}/platform/v1/workflows`));
    expect(calls).toBe(3);
    expect(classifyKapsoFailure(error)).toMatchObject({ outcome: "not_sent", reason: "refused" });
  });

  it("treats a POST on a read client like a send (no retry after a 500)", async () => {
    kapso.script({ status: 500 }, ok);
    const response = await read(`${kapso.url}/platform/v1/workflows/1/executions`, { method: "POST", body: "{}" });
    expect(response.status).toBe(500);
    expect(kapso.requests).toHaveLength(1);
  });
});

describe("sends (kind: send)", () => {
  const send = createKapsoFetch({ kind: "send", ...fast });
  const post = (body = '{"to":"628"}') =>
    send(`${kapso.url}/meta/whatsapp/v23.0/PNID/messages`, {
      method: "POST",
      body,
      headers: { "content-type": "application/json" },
    });

  it("retries a 429 after Retry-After, re-sending the same body", async () => {
    kapso.script(
      { status: 429, headers: { "retry-after": "1" } },
      { status: 200, body: { messages: [{ id: "wamid.A" }] } },
    );
    const response = await post('{"to":"628","text":"Halo"}');
    expect(response.status).toBe(200);
    expect(kapso.requests).toHaveLength(2);
    expect(kapso.requests[1].body).toBe('{"to":"628","text":"Halo"}');
    expect(kapso.requests[1].at - kapso.requests[0].at).toBeGreaterThanOrEqual(950);
  });

  it("does not retry a 500: the answer comes back as is", async () => {
    kapso.script({ status: 500, body: { error: { message: "internal" } } }, ok);
    const response = await post();
    expect(response.status).toBe(500);
    expect(kapso.requests).toHaveLength(1);
  });

  it("does not retry after a timeout and classifies it as unknown", async () => {
    kapso.script({ ...ok, delayMs: 1_000 }, ok);
    const error = await caught(post());
    expect(kapso.requests).toHaveLength(1);
    expect(classifyKapsoFailure(error)).toMatchObject({ outcome: "unknown", reason: "timeout" });
  });

  it("does not retry after a dropped connection and classifies it as unknown", async () => {
    kapso.script({ drop: true }, ok);
    const error = await caught(post());
    expect(kapso.requests).toHaveLength(1);
    expect(classifyKapsoFailure(error)).toMatchObject({ outcome: "unknown", reason: "connection_lost" });
  });

  it("retries a refused connection (nothing was sent) and reports not_sent", async () => {
    let calls = 0;
    const counting = createKapsoFetch({
      kind: "send",
      ...fast,
      maxRetries: 1,
      fetch: (input, init) => {
        calls++;
        return fetch(input, init);
      },
    });
    const error = await caught(
      counting(`${await closedPortUrl()}/meta/whatsapp/v23.0/PNID/messages`, { method: "POST", body: "{}" }),
    );
    expect(calls).toBe(2);
    expect(classifyKapsoFailure(error)).toMatchObject({ outcome: "not_sent", reason: "refused" });
  });

  it("hands back a 429 that never clears after maxRetries + 1 calls", async () => {
    kapso.script({ status: 429, headers: { "retry-after": "0" } });
    const response = await post();
    expect(response.status).toBe(429);
    expect(kapso.requests).toHaveLength(3);
  });
});

describe("through the Kapso SDK's WhatsAppClient", () => {
  const client = () =>
    new WhatsAppClient({
      baseUrl: `${kapso.url}/meta/whatsapp`,
      kapsoApiKey: "test-key",
      fetch: createKapsoFetch({ kind: "send", ...fast }),
    });
  const sendText = () => client().messages.sendText({ phoneNumberId: "PNID", to: "628139250849", body: "Halo!" });

  it("sends once with the API key and returns the wamid", async () => {
    kapso.script({ status: 200, body: { messaging_product: "whatsapp", messages: [{ id: "wamid.OK" }] } });
    const result = await sendText();
    expect(result.messages[0].id).toBe("wamid.OK");
    expect(kapso.requests).toHaveLength(1);
    expect(kapso.requests[0]).toMatchObject({ method: "POST", url: "/meta/whatsapp/v23.0/PNID/messages" });
    expect(kapso.requests[0].headers["x-api-key"]).toBe("test-key");
    expect(JSON.parse(kapso.requests[0].body)).toMatchObject({
      to: "628139250849",
      type: "text",
      text: { body: "Halo!" },
    });
  });

  it("gets through a 429 and sends exactly one more time", async () => {
    kapso.script(
      { status: 429, headers: { "retry-after": "0" }, body: { error: { message: "rate", code: 130429 } } },
      { status: 200, body: { messages: [{ id: "wamid.LATE" }] } },
    );
    const result = await sendText();
    expect(result.messages[0].id).toBe("wamid.LATE");
    expect(kapso.requests).toHaveLength(2);
  });

  it("surfaces a 500 as GraphApiError classified unknown, after one call", async () => {
    kapso.script({ status: 500, body: { error: { message: "Internal error", code: 1 } } });
    const error = await caught(sendText());
    expect(error).toBeInstanceOf(GraphApiError);
    expect(classifyKapsoFailure(error)).toMatchObject({ outcome: "unknown", reason: "server_error", status: 500 });
    expect(kapso.requests).toHaveLength(1);
  });

  it("surfaces a Graph 400 as rejected (not sent) with Meta's message", async () => {
    kapso.script({
      status: 400,
      body: { error: { message: "(#131047) Re-engagement message", code: 131047, type: "OAuthException" } },
    });
    const error = await caught(sendText());
    const failure = classifyKapsoFailure(error);
    expect(failure).toMatchObject({ outcome: "not_sent", reason: "rejected", status: 400 });
    expect(failure.message).toContain("Re-engagement");
    expect((error as GraphApiError).code).toBe(131047);
  });

  it("classifies a timeout as unknown without a second call", async () => {
    kapso.script({ status: 200, body: { messages: [{ id: "wamid.SLOW" }] }, delayMs: 1_000 });
    const error = await caught(sendText());
    expect(classifyKapsoFailure(error)).toMatchObject({ outcome: "unknown", reason: "timeout" });
    expect(kapso.requests).toHaveLength(1);
  });
});

describe("parseRetryAfter", () => {
  it("reads seconds and HTTP dates, and ignores junk", () => {
    expect(parseRetryAfter("60")).toBe(60_000);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4_000)).toBe(6_000);
    expect(parseRetryAfter("soon")).toBeUndefined();
    expect(parseRetryAfter(null)).toBeUndefined();
  });
});
