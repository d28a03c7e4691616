import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { api, internal } from "./_generated/api";
import type { Id } from "./_generated/dataModel";
import { FIXTURE_PHONE_NUMBER_ID, asUser, createWorkspace, newTest, type TestConvex } from "./test.harness";
import { addMember, seedLead, seedMessage } from "../tests/convex/inboxSeed";
import { fakeKapsoPerFile, type KapsoAnswer } from "../tests/node/kapsoServer";
import { TEST_SECRET, deliver, type Payload } from "../tests/convex/kapsoDeliveries";
import { documented } from "../tests/fixtures/kapso/documented";
import { MEDIA_CAPS, MEDIA_MAX_ATTEMPTS, mediaErrorRefs } from "../src/domain/mediaPolicy";
import type { Locale } from "../src/domain/locale";
import { translate } from "./model/i18n";

const kapso = fakeKapsoPerFile();
beforeEach(() => {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
  vi.stubEnv("KAPSO_WEBHOOK_SECRET", TEST_SECRET);
  vi.stubEnv("KAPSO_API_BASE_URL", kapso.url);
  vi.stubEnv("KAPSO_API_KEY", "");
  vi.stubEnv("MEDIA_DOWNLOAD_TIMEOUT_MS", "300");
  kapso.script();
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllEnvs();
});

/** The stored media_error as the page says it in `locale`. */
function said(stored: string | undefined, locale: Locale): string {
  const refs = mediaErrorRefs(stored ?? "");
  if (!refs) {
    throw new Error(`media_error is not a list of reasons: ${stored}`);
  }
  return refs.map((ref) => translate(locale, ref)).join(" ");
}

const JPEG = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4, 5, 6, 7, 8]);
const jpeg = (body: Uint8Array = JPEG): KapsoAnswer => ({
  status: 200,
  body,
  headers: { "content-type": "image/jpeg" },
});

type MediaFixture = "imageWithCaption" | "voice" | "document" | "sticker";

/** A documented media message whose Kapso link points at the loopback server. */
function mediaPayload(name: MediaFixture = "imageWithCaption"): Payload {
  const payload = structuredClone(documented[name].body) as Payload;
  const link = `${kapso.url}/media/${name}?token=signed`;
  payload.message.kapso.media_url = link;
  payload.message.kapso.media_data = { ...payload.message.kapso.media_data, url: link };
  return payload;
}

async function setup() {
  const t = newTest();
  const workspaceId = await createWorkspace(t);
  await addMember(t, workspaceId, "user_staff", "staff");
  return { t, workspaceId };
}

async function messageOf(t: TestConvex, wamid: string) {
  const row = await t.run(async (ctx) => {
    const workspace = await ctx.db
      .query("workspaces")
      .withIndex("by_kapso_phone_number_id", (q) => q.eq("kapso_phone_number_id", FIXTURE_PHONE_NUMBER_ID))
      .unique();
    const workspaceId = workspace!._id;
    return await ctx.db
      .query("messages")
      .withIndex("by_workspace_kapso_message_id", (q) =>
        q.eq("workspace_id", workspaceId).eq("kapso_message_id", wamid),
      )
      .unique();
  });
  expect(row).not.toBeNull();
  return row!;
}

/**
 * Runs the scheduled jobs, retries included. Not finishAllScheduledFunctions(vi.runAllTimers):
 * that advances fake time while an action runs, which fires fetch's own (faked) header
 * timeout at once. Here time jumps only between runs; requests keep their real timeouts.
 */
async function runScheduled(t: TestConvex) {
  for (let round = 0; round < 20; round++) {
    await t.finishInProgressScheduledFunctions();
    if (vi.getTimerCount() === 0) {
      return;
    }
    vi.runOnlyPendingTimers();
  }
}

async function deliverAndRun(t: TestConvex, payload: Payload, key?: string) {
  const answer = await deliver(t, { body: JSON.stringify(payload), event: "whatsapp.message.received", key });
  expect(answer.status).toBe(200);
  await runScheduled(t);
  return messageOf(t, payload.message.id);
}

async function threadEntry(t: TestConvex, workspaceId: Id<"workspaces">, conversationId: Id<"conversations">) {
  const page = await asUser(t, "user_staff").query(api.messages.list, {
    workspaceId,
    conversationId,
    paginationOpts: { numItems: 10, cursor: null },
  });
  return page.page[0];
}

const mediaRequests = () => kapso.requests.filter((r) => r.url.startsWith("/media/"));

describe("media job: keeps a copy in file storage", () => {
  it("stores the served file and the thread shows the stored copy, never the expired link", async () => {
    const { t, workspaceId } = await setup();
    kapso.script(jpeg());
    const payload = mediaPayload();
    // Before the job runs: pending, and the original link only if https.
    await deliver(t, { body: JSON.stringify(payload), event: "whatsapp.message.received" });
    const pending = await messageOf(t, payload.message.id);
    expect(pending.media_state).toBe("pending");
    expect(kapso.requests).toHaveLength(0); // nothing downloads inside the webhook request

    await runScheduled(t);
    const stored = await messageOf(t, payload.message.id);
    expect(stored.media_error).toBeUndefined();
    expect(stored.media_state).toBe("stored");
    expect(mediaRequests()).toHaveLength(1);
    const file = await t.run(async (ctx) => {
      const blob = await ctx.storage.get(stored.media_storage_id!);
      return { bytes: await blob!.arrayBuffer(), type: blob!.type };
    });
    expect(new Uint8Array(file.bytes)).toEqual(JPEG);
    expect(file.type).toBe("image/jpeg");

    const entry = await threadEntry(t, workspaceId, stored.conversation_id);
    expect(entry.media_state).toBe("stored");
    expect(entry.media_src).toBeDefined();
    expect(entry.media_src).not.toContain("token=signed");
  });

  it("offers Kapso's https link while the copy is pending", async () => {
    const { t, workspaceId } = await setup();
    const payload = structuredClone(documented.imageWithCaption.body) as Payload;
    await deliver(t, { body: JSON.stringify(payload), event: "whatsapp.message.received" });
    const pending = await messageOf(t, payload.message.id);
    const entry = await threadEntry(t, workspaceId, pending.conversation_id);
    expect(entry.media_state).toBe("pending");
    expect(entry.media_src).toBe("https://api.kapso.ai/media/signed?token=abc");
  });

  it("downloads through the SDK with the media id and the workspace's Kapso key when there is one", async () => {
    const { t } = await setup();
    vi.stubEnv("KAPSO_API_KEY", "kapso-key");
    kapso.script(
      { status: 200, body: { id: "media_id_123", url: `${kapso.url}/media/cdn/photo`, mime_type: "image/jpeg" } },
      jpeg(),
    );
    const stored = await deliverAndRun(t, mediaPayload());
    expect(stored.media_state).toBe("stored");
    const [lookup, bytes] = kapso.requests;
    expect(lookup.url).toBe("/meta/whatsapp/v23.0/media_id_123?phone_number_id=957104384162113");
    expect(lookup.headers["x-api-key"]).toBe("kapso-key");
    expect(bytes.url).toBe("/media/cdn/photo");
    expect(kapso.requests).toHaveLength(2);
  });

  it("retries a 503 with backoff and keeps the copy once the host answers", async () => {
    const { t } = await setup();
    kapso.script({ status: 503, body: "busy" }, { status: 502, body: "bad gateway" }, jpeg());
    const stored = await deliverAndRun(t, mediaPayload());
    expect(stored.media_state).toBe("stored");
    expect(mediaRequests()).toHaveLength(3);
  });

  it.each<{
    name: string;
    answers: KapsoAnswer[];
    fixture?: MediaFixture;
    requests: number;
    reason: RegExp;
    alasan: RegExp;
  }>([
    {
      name: "refused (403)",
      answers: [{ status: 403, body: "denied" }],
      requests: 1,
      reason: /refused \(HTTP 403\)/,
      alasan: /^Akses ke media ditolak \(HTTP 403\)\.$/,
    },
    {
      name: "gone (404)",
      answers: [{ status: 404, body: "not found" }],
      requests: 1,
      reason: /gone \(HTTP 404\)/,
      alasan: /sudah tidak ada \(HTTP 404\); WhatsApp hanya menyimpannya/,
    },
    {
      name: "timing out on every attempt",
      answers: [{ hang: true }],
      requests: MEDIA_MAX_ATTEMPTS,
      reason: new RegExp(`did not answer in time\\. Tried ${MEDIA_MAX_ATTEMPTS} times\\.`),
      alasan: new RegExp(`tidak menjawab tepat waktu\\. Sudah dicoba ${MEDIA_MAX_ATTEMPTS} kali\\.`),
    },
    {
      name: "dropping the connection on every attempt",
      answers: [{ drop: true }],
      requests: MEDIA_MAX_ATTEMPTS,
      reason: /connection to the media host failed/,
      alasan: /Koneksi ke server media gagal\. Sudah dicoba/,
    },
    {
      name: "larger than the cap",
      answers: [jpeg(new Uint8Array(MEDIA_CAPS.image + 1))],
      requests: 1,
      reason: /larger than 5 MB, the limit for an image/,
      alasan: /lebih besar dari 5 MB, batas untuk gambar/,
    },
    {
      name: "a web page instead of an image",
      answers: [{ status: 200, body: "<html>login</html>", headers: { "content-type": "text/html" } }],
      requests: 1,
      reason: /text\/html, which is not an image/,
      alasan: /bertipe text\/html, jadi bukan gambar/,
    },
    {
      name: "an image instead of a voice note",
      fixture: "voice",
      answers: [jpeg()],
      requests: 1,
      reason: /image\/jpeg, which is not an audio file/,
      alasan: /bertipe image\/jpeg, jadi bukan berkas audio/,
    },
  ])(
    "marks the media failed with a reason in both languages when the host is $name",
    async ({ answers, fixture, requests, reason, alasan }) => {
      const { t, workspaceId } = await setup();
      kapso.script(...answers);
      const failed = await deliverAndRun(t, mediaPayload(fixture));
      expect(failed.media_state).toBe("failed");
      expect(said(failed.media_error, "en")).toMatch(reason);
      expect(said(failed.media_error, "id")).toMatch(alasan);
      expect(failed.media_storage_id).toBeUndefined();
      expect(mediaRequests()).toHaveLength(requests);
      const entry = await threadEntry(t, workspaceId, failed.conversation_id);
      expect(entry.media_state).toBe("failed");
      // The loopback link is not https, so it is never offered as a link.
      expect(entry.media_src).toBeUndefined();
    },
    15_000,
  );

  it("downloads once for a duplicate delivery and for the same message under a new key", async () => {
    const { t } = await setup();
    kapso.script(jpeg());
    const payload = mediaPayload();
    await deliverAndRun(t, payload, "same-key");
    await deliverAndRun(t, payload, "same-key");
    await deliverAndRun(t, payload, "another-key");
    expect(mediaRequests()).toHaveLength(1);
  });

  it("leaves a message alone once its media is stored or failed", async () => {
    const { t } = await setup();
    kapso.script(jpeg());
    const stored = await deliverAndRun(t, mediaPayload());
    kapso.script(jpeg());
    await t.action(internal.mediaJob.download, { messageId: stored._id, attempt: 1 });
    expect(kapso.requests).toHaveLength(0);
    expect((await messageOf(t, stored.kapso_message_id!)).media_storage_id).toBe(stored.media_storage_id);
  });

  it("fails at once without a key or a usable link, and never fetches a non-https link elsewhere", async () => {
    const { t } = await setup();
    kapso.script(jpeg());
    const payload = mediaPayload();
    payload.message.kapso.media_url = "http://169.254.169.254/latest/meta-data";
    payload.message.kapso.media_data.url = "http://169.254.169.254/latest/meta-data";
    const failed = await deliverAndRun(t, payload);
    expect(failed.media_state).toBe("failed");
    expect(said(failed.media_error, "en")).toMatch(/no Kapso API key/);
    expect(said(failed.media_error, "id")).toMatch(/tidak ada kunci API Kapso/);
    expect(kapso.requests).toHaveLength(0);
  });

  it("backfills media stored before the job existed, once", async () => {
    const { t, workspaceId } = await setup();
    const lead = await seedLead(t, workspaceId, { name: "Old" });
    const old = await seedMessage(t, lead, workspaceId, {
      timestamp: 1,
      type: "image",
      content: "📷 Photo",
      media_url: `${kapso.url}/media/old`,
    });
    const text = await seedMessage(t, lead, workspaceId, { timestamp: 2, type: "text", content: "Halo" });
    kapso.script(jpeg());
    expect(await t.mutation(internal.media.backfill, { cursor: null })).toEqual({ scheduled: 1, isDone: true });
    await runScheduled(t);
    const [image, plain] = await t.run(async (ctx) => [
      await ctx.db.get("messages", old),
      await ctx.db.get("messages", text),
    ]);
    expect(image?.media_state).toBe("stored");
    expect(plain?.media_state).toBeUndefined();
    expect(await t.mutation(internal.media.backfill, { cursor: null })).toEqual({ scheduled: 0, isDone: true });
    expect(mediaRequests()).toHaveLength(1);
  });

  it("stores no media state for messages without media", async () => {
    const { t } = await setup();
    const text = await deliverAndRun(t, structuredClone(documented.text.body) as Payload);
    expect(text.media_state).toBeUndefined();
    expect(kapso.requests).toHaveLength(0);
  });
});
