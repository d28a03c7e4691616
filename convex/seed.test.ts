import { afterEach, describe, expect, it, vi } from "vitest";
import { internal } from "./_generated/api";
import { lastCompleteLocalDay, localDayBounds } from "../src/domain/localDay";
import { newTest } from "./test.harness";

afterEach(() => vi.useRealTimers());

describe("seed.demo", () => {
  it("creates the demo workspace with a secret and leads, and is idempotent", async () => {
    const t = newTest();
    const first = await t.mutation(internal.seed.demo, {});
    expect(first.created).toBe(true);
    expect(first.phoneNumberId).toBe("957104384162113");
    expect(first.webhookSecret).toMatch(/^[0-9a-f]{48}$/);

    const second = await t.mutation(internal.seed.demo, {});
    expect(second).toEqual({ ...first, created: false });

    const counts = await t.run(async (ctx) => ({
      workspaces: (await ctx.db.query("workspaces").collect()).map((w) => [w.name, w.timezone, w.default_country]),
      contacts: (await ctx.db.query("contacts").collect()).length,
      conversations: (await ctx.db.query("conversations").collect()).length,
      messages: (await ctx.db.query("messages").collect()).length,
    }));
    expect(counts).toEqual({
      workspaces: [["Demo Store", "Asia/Jakarta", "ID"]],
      contacts: 3,
      conversations: 3,
      messages: 7,
    });
    // The inbox rows carry their lead (the inbox reads no contacts).
    const conversations = await t.run((ctx) => ctx.db.query("conversations").collect());
    expect(conversations.map((c) => c.contact_name).sort()).toEqual(["Andi Wijaya", "Budi Santoso", "Siti Rahma"]);
  });

  it("puts most demo messages on yesterday's local date, so a summary of yesterday has something to say", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2026-11-26T20:30:00Z")); // 03:30 on the 27th in Jakarta
    const t = newTest();
    await t.mutation(internal.seed.demo, {});
    const { start, end } = localDayBounds(lastCompleteLocalDay(Date.now(), "Asia/Jakarta"), "Asia/Jakarta");
    const timestamps = await t.run(async (ctx) => (await ctx.db.query("messages").collect()).map((m) => m.timestamp));
    expect(timestamps.filter((ts) => ts >= start && ts < end)).toHaveLength(6);
    expect(timestamps.filter((ts) => ts >= end && ts <= Date.now())).toHaveLength(1);
  });

  it("gives an existing demo workspace without a secret one, keeping its data", async () => {
    const t = newTest();
    await t.mutation(internal.seed.demo, {});
    await t.run(async (ctx) => {
      const w = (await ctx.db.query("workspaces").first())!;
      await ctx.db.patch("workspaces", w._id, { kapso_webhook_secret: undefined });
    });
    const again = await t.mutation(internal.seed.demo, {});
    expect(again.created).toBe(false);
    expect(again.webhookSecret).toMatch(/^[0-9a-f]{48}$/);
    expect(await t.run(async (ctx) => (await ctx.db.query("contacts").collect()).length)).toBe(3);
  });
});
