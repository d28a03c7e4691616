import { afterEach, describe, expect, it, vi } from "vitest";
import { api, internal } from "./_generated/api";
import type { Id } from "./_generated/dataModel";
import { asUser, createWorkspace, newTeamTest, newTest, type TestConvex } from "./test.harness";
import { deliver, fixtureJson } from "../tests/convex/kapsoDeliveries";
import { openSecret, sealSecret } from "./model/secrets";
import { kapsoCredentialsFor } from "./kapsoCredentials";

afterEach(() => vi.unstubAllEnvs());

const KEY_A = btoa("A".repeat(32));
const KEY_B = btoa("B".repeat(32));
const WEBHOOK_SECRET = "kapso-webhook-secret-0123456789";
const API_KEY = "kapso-project-api-key-0123456789";

const storedWorkspace = (t: TestConvex, id: Id<"workspaces">) =>
  t.run(async (ctx) => (await ctx.db.get("workspaces", id))!);
const tableDump = (t: TestConvex) => t.run(async (ctx) => JSON.stringify(await ctx.db.query("workspaces").collect()));

/** A signed inbound message for the fixtures' workspace: 200 only when the stored secret opens to WEBHOOK_SECRET. */
async function webhookStatus(t: TestConvex) {
  return (await deliver(t, { body: JSON.stringify(fixtureJson("receivedText")), secret: WEBHOOK_SECRET })).status;
}

async function workspaceWithSecrets() {
  const { t, workspaceId } = await newTeamTest();
  const admin = asUser(t, "user_admin");
  await admin.mutation(api.workspaces.setWebhookSecret, { workspaceId, secret: WEBHOOK_SECRET });
  await admin.mutation(api.workspaces.setKapsoApiKey, { workspaceId, apiKey: API_KEY });
  return { t, workspaceId, admin };
}

// The key replies and the Platform API actions use: the workspace document opened as they open it.
const apiKeyInUse = (t: TestConvex, workspaceId: Id<"workspaces">) =>
  t.run(async (ctx) => (await kapsoCredentialsFor((await ctx.db.get("workspaces", workspaceId))!)).apiKey);

describe("workspace secrets at rest", () => {
  it("are sealed with KAPSO_SECRETS_KEY: the table shows neither secret, and both still work", async () => {
    vi.stubEnv("KAPSO_SECRETS_KEY", KEY_A);
    const { t, workspaceId, admin } = await workspaceWithSecrets();
    const stored = await storedWorkspace(t, workspaceId);
    expect(stored.kapso_webhook_secret).toMatch(/^enc:v1:[\w-]{8}:[\w-]+$/);
    expect(stored.kapso_api_key).toMatch(/^enc:v1:[\w-]{8}:[\w-]+$/);
    const dump = await tableDump(t);
    expect(dump).not.toContain(WEBHOOK_SECRET);
    expect(dump).not.toContain(API_KEY);

    expect(await webhookStatus(t)).toBe(200);
    expect(await apiKeyInUse(t, workspaceId)).toBe(API_KEY);
    expect((await admin.query(api.workspaces.get, { workspaceId })).secretsSealed).toBe(true);
  });

  it("seal the same secret differently each time, and refuse a changed ciphertext", async () => {
    vi.stubEnv("KAPSO_SECRETS_KEY", KEY_A);
    const [one, two] = [await sealSecret(WEBHOOK_SECRET), await sealSecret(WEBHOOK_SECRET)];
    expect(one).not.toBe(two);
    expect([await openSecret(one), await openSecret(two)]).toEqual([WEBHOOK_SECRET, WEBHOOK_SECRET]);
    const flipped = one.slice(0, -2) + (one.at(-2) === "A" ? "B" : "A") + one.at(-1);
    await expect(openSecret(flipped)).rejects.toThrow(/could not be opened/);
  });

  it("keep verifying webhooks through a key rotation, and reseal moves them to the new key", async () => {
    vi.stubEnv("KAPSO_SECRETS_KEY", KEY_A);
    const { t, workspaceId } = await workspaceWithSecrets();
    const underA = await storedWorkspace(t, workspaceId);

    // Rotation: the new key, with the old one kept as the previous key.
    vi.stubEnv("KAPSO_SECRETS_KEY", KEY_B);
    vi.stubEnv("KAPSO_SECRETS_KEY_PREVIOUS", KEY_A);
    expect(await webhookStatus(t)).toBe(200);
    expect(await apiKeyInUse(t, workspaceId)).toBe(API_KEY);

    expect(await t.mutation(internal.workspaceSecrets.reseal, {})).toEqual({ resealed: 1, failed: 0, isDone: true });
    const underB = await storedWorkspace(t, workspaceId);
    expect(underB.kapso_webhook_secret).not.toBe(underA.kapso_webhook_secret);
    expect(underB.kapso_webhook_secret!.split(":")[2]).not.toBe(underA.kapso_webhook_secret!.split(":")[2]);
    // Resealed values need nothing further.
    expect(await t.mutation(internal.workspaceSecrets.reseal, {})).toEqual({ resealed: 0, failed: 0, isDone: true });

    // The previous key can go now.
    vi.stubEnv("KAPSO_SECRETS_KEY_PREVIOUS", "");
    expect(await webhookStatus(t)).toBe(200);
    expect(await apiKeyInUse(t, workspaceId)).toBe(API_KEY);
  });

  it("do not verify once the key that sealed them is gone from the deployment", async () => {
    vi.stubEnv("KAPSO_SECRETS_KEY", KEY_A);
    const { t } = await workspaceWithSecrets();
    vi.stubEnv("KAPSO_SECRETS_KEY", KEY_B);
    // The HTTP action fails (a 500 on Convex, so Kapso retries) with a message that names the missing key.
    await expect(webhookStatus(t)).rejects.toThrow(
      /sealed with key [\w-]+, which is neither KAPSO_SECRETS_KEY nor KAPSO_SECRETS_KEY_PREVIOUS/,
    );
  });

  it("without a key are stored as given, flagged to admins, and sealed once a key is set", async () => {
    const { t, workspaceId, admin } = await workspaceWithSecrets();
    expect((await storedWorkspace(t, workspaceId)).kapso_webhook_secret).toBe(WEBHOOK_SECRET);
    expect((await admin.query(api.workspaces.get, { workspaceId })).secretsSealed).toBe(false);
    expect(await webhookStatus(t)).toBe(200);
    expect(await t.mutation(internal.workspaceSecrets.reseal, {})).toEqual({ resealed: 0, failed: 0, isDone: true });

    vi.stubEnv("KAPSO_SECRETS_KEY", KEY_A);
    // Plain values stored before the key keep working until they are resealed.
    expect(await webhookStatus(t)).toBe(200);
    expect(await t.mutation(internal.workspaceSecrets.reseal, {})).toEqual({ resealed: 1, failed: 0, isDone: true });
    const dump = await tableDump(t);
    expect([dump.includes(WEBHOOK_SECRET), dump.includes(API_KEY)]).toEqual([false, false]);
    expect(await webhookStatus(t)).toBe(200);
    expect(await apiKeyInUse(t, workspaceId)).toBe(API_KEY);
  });

  it("seals the secret internal.workspaces.create is given", async () => {
    vi.stubEnv("KAPSO_SECRETS_KEY", KEY_A);
    const t = newTest();
    const workspaceId = await createWorkspace(t, { kapsoWebhookSecret: WEBHOOK_SECRET });
    expect((await storedWorkspace(t, workspaceId)).kapso_webhook_secret).toMatch(/^enc:v1:/);
    expect(await webhookStatus(t)).toBe(200);
  });

  it("refuse a key that is not 32 bytes of base64, naming the variable", async () => {
    vi.stubEnv("KAPSO_SECRETS_KEY", "too-short");
    await expect(sealSecret(WEBHOOK_SECRET)).rejects.toThrow(/KAPSO_SECRETS_KEY must be 32 random bytes in base64/);
  });
});
