// The offline backend re-runs a subscription only when a commit writes what it read, as Convex does (and bills).
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConvexClient } from "convex/browser";
import { anyApi } from "convex/server";
import { WebSocket } from "ws";
import { startOfflineBackend, type OfflineBackend } from "../../scripts/offline-backend/backend";
import { freePort } from "../../scripts/lib/processes.mjs";

const notes = anyApi.notes;
let backend: OfflineBackend;
let client: ConvexClient;

beforeAll(async () => {
  backend = await startOfflineBackend({
    convexDir: path.join(import.meta.dirname, "fixtures/convex"),
    port: await freePort(),
    sitePort: await freePort(),
    log: () => {},
  });
  client = new ConvexClient(backend.url, {
    webSocketConstructor: WebSocket as unknown as typeof globalThis.WebSocket,
    unsavedChangesWarning: false,
    logger: false,
  });
}, 60_000);

afterAll(async () => {
  await client?.close();
  await backend?.close();
});

const runsOf = (fn: string) => backend.metrics().subscriptionRunsByFunction[fn] ?? 0;

async function until(condition: () => boolean) {
  const deadline = Date.now() + 10_000;
  while (!condition()) {
    if (Date.now() > deadline) {
      throw new Error("timed out");
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("offline backend read sets", () => {
  it("re-runs the queries whose reads a commit wrote, and only those", async () => {
    const seen: string[][] = [];
    client.onUpdate(notes.list, {}, (texts: string[]) => seen.push(texts));
    client.onUpdate(notes.tickCount, {}, () => {});
    client.onUpdate(notes.viewer, {}, () => {});
    await until(() => runsOf("notes:list") === 1 && runsOf("notes:tickCount") === 1 && runsOf("notes:viewer") === 1);

    // The tick cron writes `ticks` every second: the count re-runs, the notes list and the viewer do not.
    await until(() => runsOf("notes:tickCount") >= 3);
    expect([runsOf("notes:list"), runsOf("notes:viewer")]).toEqual([1, 1]);

    await client.mutation(notes.add, { text: "first", rank: 1 });
    await until(() => seen.some((texts) => texts.includes("first")));
    expect([runsOf("notes:list"), runsOf("notes:viewer")]).toEqual([2, 1]);
  }, 30_000);
});
