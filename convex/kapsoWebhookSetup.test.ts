import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { api } from "./_generated/api";
import type { Id } from "./_generated/dataModel";
import { addTeam, asUser, createWorkspace, FIXTURE_PHONE_NUMBER_ID, newTest, type TestConvex } from "./test.harness";
import { webhookSecretFor } from "./model/webhookSecret";
import { FAKE_API_KEY, FakeKapsoPlatform } from "../tests/node/fakeKapsoPlatform";
import { deliverFixture } from "../tests/convex/kapsoDeliveries";
import { HANDLED_EVENTS } from "../src/domain/kapsoWebhook";
import { hourStart } from "../src/domain/deliveryHealth";
import type { MessageRef } from "../src/i18n/messageRef";
import { translate } from "./model/i18n";

/** A sentence the functions return as a catalogue ref, in English. */
const english = (ref: { key: string; values?: Record<string, string | number> }) => translate("en", ref as MessageRef);

// The actions call a real loopback HTTP server playing Kapso's Platform API.
const kapso = new FakeKapsoPlatform();
let kapsoUrl = "";
const SITE = "https://happy-otter-123.convex.site";
const ENDPOINT = `${SITE}/webhook/kapso`;
const OLD_SECRET = "the-old-secret-0123456789";

beforeAll(async () => {
  kapsoUrl = await kapso.listen();
});
afterAll(() => kapso.close());

let t: TestConvex;
let workspaceId: Id<"workspaces">;

beforeEach(async () => {
  kapso.webhooks.clear();
  kapso.requests.length = 0;
  kapso.addPhoneNumber(FIXTURE_PHONE_NUMBER_ID);
  vi.stubEnv("KAPSO_API_KEY", FAKE_API_KEY);
  vi.stubEnv("KAPSO_API_BASE_URL", kapsoUrl);
  vi.stubEnv("CONVEX_SITE_URL", SITE);
  t = newTest();
  workspaceId = await createWorkspace(t, { kapsoWebhookSecret: OLD_SECRET });
  await addTeam(t, workspaceId);
});
afterEach(() => {
  vi.unstubAllEnvs();
  vi.unstubAllGlobals();
});

const admin = () => asUser(t, "user_admin");
const NO_BUFFERING = { buffering: { enabled: false as const } };

async function storedSecret() {
  return await t.run(async (ctx) => {
    const workspace = await ctx.db.get("workspaces", workspaceId);
    return workspace ? await webhookSecretFor(workspace) : undefined;
  });
}

describe("Connect webhook", () => {
  it("creates the webhook Kapso needs and stores its new secret in the same step", async () => {
    const result = await admin().action(api.kapsoWebhookSetup.connect, { workspaceId, ...NO_BUFFERING });
    expect(result.created).toBe(true);
    expect(result.drift).toEqual([]);
    const [webhook] = kapso.webhooksOf(FIXTURE_PHONE_NUMBER_ID);
    expect(webhook).toMatchObject({
      url: ENDPOINT,
      kind: "kapso",
      payload_version: "v2",
      events: [...HANDLED_EVENTS],
      active: true,
      buffer_enabled: false,
    });
    const secret = await storedSecret();
    expect(secret).toBe(webhook.secret_key);
    expect(secret).not.toBe(OLD_SECRET);
    // The secret is never returned to the dashboard.
    expect(JSON.stringify(result)).not.toContain(webhook.secret_key);
    // Kapso's deliveries signed with it are now accepted.
    expect((await deliverFixture(t, "receivedText", { secret })).status).toBe(200);
  });

  it("updates the number's existing webhook to this deployment, with the admin's buffering", async () => {
    kapso.addPhoneNumber(FIXTURE_PHONE_NUMBER_ID, [
      { url: "https://elsewhere.example/hook" },
      { url: ENDPOINT, events: ["whatsapp.message.received"], payload_version: "v1", active: false },
    ]);
    const before = await admin().action(api.kapsoWebhookSetup.inspect, { workspaceId });
    expect(before.webhook).toMatchObject({ url: ENDPOINT, payloadVersion: "v1", active: false });
    expect(before.drift.map(english)).toEqual([
      "It is paused (inactive): Kapso sends nothing.",
      "It sends payload version v1: this app reads v2.",
      expect.stringMatching(/^It does not send whatsapp\.message\.sent, .*whatsapp\.contact\.identity_changed\.$/),
    ]);

    const result = await admin().action(api.kapsoWebhookSetup.connect, {
      workspaceId,
      buffering: { enabled: true, windowSeconds: 10, maxSize: 20 },
    });
    expect(result).toMatchObject({ created: false, drift: [], webhook: { bufferEnabled: true, maxBufferSize: 20 } });
    const webhooks = kapso.webhooksOf(FIXTURE_PHONE_NUMBER_ID);
    expect(webhooks).toHaveLength(2);
    expect(webhooks.find((w) => w.url === ENDPOINT)).toMatchObject({
      active: true,
      payload_version: "v2",
      buffer_window_seconds: 10,
      buffer_events: ["whatsapp.message.received"],
    });
    expect(webhooks.find((w) => w.url !== ENDPOINT)?.events).toEqual(["whatsapp.message.received"]);
    expect(kapso.requests.filter((r) => r.method !== "GET").map((r) => r.method)).toEqual(["PATCH"]);
  });

  it("inspect reports no webhook yet, and drift for a webhook changed in Kapso afterwards", async () => {
    expect(await admin().action(api.kapsoWebhookSetup.inspect, { workspaceId })).toEqual({ webhook: null, drift: [] });
    await admin().action(api.kapsoWebhookSetup.connect, { workspaceId, ...NO_BUFFERING });
    kapso.webhooksOf(FIXTURE_PHONE_NUMBER_ID)[0].events = ["whatsapp.message.received"];
    const after = await asUser(t, "user_staff").action(api.kapsoWebhookSetup.inspect, { workspaceId });
    expect(after.drift).toHaveLength(1);
    expect(english(after.drift[0])).toMatch(/^It does not send whatsapp\.message\.sent/);
  });

  it.each([
    {
      name: "Kapso's validation (422)",
      fault: { status: 422, body: { error: "url must be https" } },
      error: /url must be https/,
    },
    { name: "a conflict (409)", fault: { status: 409 }, error: /already has a webhook for this URL/ },
    {
      name: "rate limiting (429, Retry-After 60)",
      fault: { status: 429, retryAfter: "60" },
      error: /Try again in 60 s/,
    },
    { name: "a revoked key (401)", fault: { status: 401 }, error: /refused the API key/ },
  ])("when Kapso refuses with $name, the old secret stays and the error is plain", async ({ fault, error }) => {
    kapso.failNext({ ...fault, method: "POST" });
    await expect(admin().action(api.kapsoWebhookSetup.connect, { workspaceId, ...NO_BUFFERING })).rejects.toThrow(
      error,
    );
    expect(await storedSecret()).toBe(OLD_SECRET);
    expect(kapso.webhooksOf(FIXTURE_PHONE_NUMBER_ID)).toEqual([]);
  });

  it("a short Retry-After is waited out and the connect goes through", async () => {
    kapso.failNext({ status: 429, retryAfter: "1", method: "GET" });
    const result = await admin().action(api.kapsoWebhookSetup.connect, { workspaceId, ...NO_BUFFERING });
    expect(result.created).toBe(true);
  }, 15_000);

  it("the fake's own validation: unknown events and buffering out of range are 422", async () => {
    const create = (body: unknown) =>
      kapso.handle(
        new Request(`${kapsoUrl}/platform/v1/whatsapp/phone_numbers/${FIXTURE_PHONE_NUMBER_ID}/webhooks`, {
          method: "POST",
          headers: { "X-API-Key": FAKE_API_KEY },
          body: JSON.stringify(body),
        }),
      );
    const bad = await create({ whatsapp_webhook: { url: ENDPOINT, events: ["whatsapp.nope"] } });
    expect(bad.status).toBe(422);
    const window = await create({
      whatsapp_webhook: { url: ENDPOINT, events: [...HANDLED_EVENTS], buffer_window_seconds: 61 },
    });
    expect(window.status).toBe(422);
    const unknownNumber = await kapso.handle(
      new Request(`${kapsoUrl}/platform/v1/whatsapp/phone_numbers/000/webhooks`, {
        headers: { "X-API-Key": FAKE_API_KEY },
      }),
    );
    expect(unknownNumber.status).toBe(404);
  });

  it("a number Kapso does not know is named", async () => {
    kapso.webhooks.clear();
    await expect(admin().action(api.kapsoWebhookSetup.connect, { workspaceId, ...NO_BUFFERING })).rejects.toThrow(
      /Kapso has no WhatsApp number with id \\"957104384162113\\"/,
    );
    const error = await admin()
      .action(api.kapsoWebhookSetup.connect, { workspaceId, ...NO_BUFFERING })
      .catch((e: unknown) => (e as { data?: unknown }).data);
    expect(error).toMatchObject({
      code: "KAPSO_NOT_FOUND",
      key: "errors.deliveries.numberNotFound",
      values: { phoneNumberId: "957104384162113" },
    });
  });

  it("refuses buffering outside Kapso's limits before calling Kapso", async () => {
    await expect(
      admin().action(api.kapsoWebhookSetup.connect, {
        workspaceId,
        buffering: { enabled: true, windowSeconds: 0, maxSize: 20 },
      }),
    ).rejects.toThrow(/windowSeconds: Buffer window must be 1 to 60 seconds/);
    expect(kapso.requests).toEqual([]);
  });

  it("only admins connect; without a key or a site URL the error says what is missing", async () => {
    await expect(
      asUser(t, "user_op").action(api.kapsoWebhookSetup.connect, { workspaceId, ...NO_BUFFERING }),
    ).rejects.toThrow(/does not allow this/);
    vi.stubEnv("KAPSO_API_KEY", "");
    await expect(admin().action(api.kapsoWebhookSetup.connect, { workspaceId, ...NO_BUFFERING })).rejects.toThrow(
      /KAPSO_API_KEY is not set/,
    );
    vi.stubEnv("CONVEX_SITE_URL", "");
    await expect(admin().action(api.kapsoWebhookSetup.inspect, { workspaceId })).rejects.toThrow(/CONVEX_SITE_URL/);
    expect(await admin().query(api.kapsoWebhookSetup.endpoint, { workspaceId })).toEqual({ url: null });
  });
});

describe("Send test delivery", () => {
  /** Routes the action's fetch of this deployment's URL to convex-test's HTTP router. */
  function serveSite() {
    const realFetch = globalThis.fetch;
    vi.stubGlobal("fetch", async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      return url.origin === SITE ? await t.fetch(url.pathname, init) : await realFetch(input, init);
    });
  }

  it("a signed delivery reaches the endpoint end to end; it changes no data and is not taken for Kapso's", async () => {
    serveSite();
    const result = await admin().action(api.kapsoWebhookSetup.sendTestDelivery, { workspaceId });
    expect(result).toEqual({
      ok: true,
      httpStatus: 200,
      answer: { status: "ignored" },
      message: { key: "webhookSetup.test.ok", values: { url: ENDPOINT, source: "workspace" } },
    });
    expect(english(result.message)).toBe(
      `The test delivery reached ${ENDPOINT} and its signature matched the workspace secret (answered 200).`,
    );
    const rows = await t.run(async (ctx) => ctx.db.query("webhookEvents").collect());
    expect(rows).toMatchObject([{ status: "ignored", event: "my21staff.webhook.test", verified_with: "workspace" }]);
    const live = await admin().query(api.deliveryHealth.currentHour, {
      workspaceId,
      currentHour: hourStart(Date.now()),
    });
    expect(live).toMatchObject({ ignored: 1 });
    expect(live?.lastReceivedAt).toBeUndefined();
  });

  it("shows the endpoint's refusal in plain words", async () => {
    const realFetch = globalThis.fetch;
    vi.stubGlobal("fetch", async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = new URL(String(input));
      if (url.origin !== SITE) {
        return await realFetch(input, init);
      }
      return new Response(JSON.stringify({ status: "unauthorized", error: "X-Webhook-Signature: does not match" }), {
        status: 401,
      });
    });
    const result = await admin().action(api.kapsoWebhookSetup.sendTestDelivery, { workspaceId });
    expect(result).toMatchObject({ ok: false, httpStatus: 401 });
    expect(english(result.message)).toBe(`${ENDPOINT} answered HTTP 401: X-Webhook-Signature: does not match.`);
  });

  it("an unreachable endpoint is reported, not thrown", async () => {
    vi.stubGlobal("fetch", async () => {
      throw new TypeError("fetch failed");
    });
    const result = await admin().action(api.kapsoWebhookSetup.sendTestDelivery, { workspaceId });
    expect(result).toMatchObject({ ok: false, httpStatus: null });
    expect(english(result.message)).toBe(`Could not reach ${ENDPOINT}: fetch failed`);
  });
});
