// A dashboard page's client pauses its socket while it fetches its auth token; commits landing meanwhile
// (webhook deliveries, crons) must not leave it a Transition that does not chain from what it has.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConvexClient, ConvexHttpClient } from "convex/browser";
import { anyApi } from "convex/server";
import { WebSocket } from "ws";
import { startOfflineBackend, type OfflineBackend } from "../../scripts/offline-backend/backend";
import { freePort } from "../../scripts/lib/processes.mjs";
import { createLocalKeys, type LocalKeys } from "../../scripts/lib/localKeys.mjs";
import { mintLocalOperatorToken } from "@/lib/localOperatorToken";

const notes = anyApi.notes;
let backend: OfflineBackend;
let keys: LocalKeys;
let http: ConvexHttpClient;

beforeAll(async () => {
  keys = await createLocalKeys();
  backend = await startOfflineBackend({
    convexDir: path.join(import.meta.dirname, "fixtures/convex"),
    port: await freePort(),
    sitePort: await freePort(),
    localOperatorJwks: keys.jwks,
    log: () => {},
  });
  http = new ConvexHttpClient(backend.url);
}, 60_000);

afterAll(async () => {
  await backend?.close();
});

/** The client's sync code throws "Invalid start version" from the socket's message handler: record it. */
function recordingSocket(errors: string[]) {
  const onmessage = Object.getOwnPropertyDescriptor(WebSocket.prototype, "onmessage")!;
  return class extends WebSocket {
    constructor(...args: ConstructorParameters<typeof WebSocket>) {
      super(...args);
      Object.defineProperty(this, "onmessage", {
        get: () => onmessage.get!.call(this) as unknown,
        set: (handler: ((event: WebSocket.MessageEvent) => void) | null) =>
          onmessage.set!.call(
            this,
            handler &&
              ((event: WebSocket.MessageEvent) => {
                try {
                  handler(event);
                } catch (error) {
                  errors.push(String(error));
                }
              }),
          ),
      });
    }
  };
}

async function until(condition: () => boolean, what: string) {
  const deadline = Date.now() + 10_000;
  while (!condition()) {
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}

const delay = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("offline backend: commits while a client authenticates", () => {
  // When the client asks for its token: as it is constructed (its socket opens paused, before it has said
  // Connect), or once it is connected and subscribed (it pauses a live socket).
  it.each([
    ["before the socket opens", false],
    ["after it has subscribed", true],
  ])(
    "every Transition chains, auth set %s",
    async (_label, afterSubscribed) => {
      const token = await mintLocalOperatorToken(keys.privateJwk);
      await http.mutation(notes.add, { text: `before ${afterSubscribed}`, rank: 1 });
      const errors: string[] = [];
      const logged: string[] = [];
      const record = (...args: unknown[]) => logged.push(args.map(String).join(" "));
      const client = new ConvexClient(backend.url, {
        webSocketConstructor: recordingSocket(errors) as unknown as typeof globalThis.WebSocket,
        unsavedChangesWarning: false,
        logger: { log: record, warn: record, error: record, logVerbose: () => {} },
      });
      const authChanges: boolean[] = [];
      const authenticate = () =>
        client.setAuth(
          async () => {
            // Deliveries arrive while the token is on its way.
            await http.mutation(notes.add, { text: `during ${afterSubscribed}`, rank: 2 });
            await delay(1_500);
            return token;
          },
          (isAuthenticated) => authChanges.push(isAuthenticated),
        );
      const lists: string[][] = [];
      const viewers: { identity: unknown }[] = [];
      const subscribe = () => {
        client.onUpdate(notes.list, {}, (texts: string[]) => lists.push(texts));
        client.onUpdate(notes.viewer, {}, (v: { identity: unknown }) => viewers.push(v));
      };
      try {
        if (afterSubscribed) {
          subscribe();
          await until(() => viewers.length > 0, "the anonymous first result");
          authenticate();
        } else {
          authenticate();
          subscribe();
        }
        // The fixture's cron commits every second too; one more delivery as the token is confirmed.
        await delay(1_000);
        await http.mutation(notes.add, { text: `after ${afterSubscribed}`, rank: 3 });

        await until(() => authChanges.includes(true) || errors.length > 0, "the server to confirm the token");
        await until(
          () => lists.some((texts) => texts.includes(`after ${afterSubscribed}`)) || errors.length > 0,
          "the last delivery",
        );
        expect(errors).toEqual([]);
        expect(logged.filter((line) => /Invalid start version|WebSocket closed/.test(line))).toEqual([]);
        expect(authChanges).toEqual([true]);
        expect(viewers.at(-1)?.identity).toEqual(expect.objectContaining({ subject: "local-operator" }));
        expect(lists.at(-1)).toEqual(
          expect.arrayContaining([`before ${afterSubscribed}`, `during ${afterSubscribed}`]),
        );
        // The client still works: its own mutation resolves once a Transition reaches it.
        await client.mutation(notes.add, { text: `own ${afterSubscribed}`, rank: 4 });
        expect(lists.at(-1)).toContain(`own ${afterSubscribed}`);
      } finally {
        await client.close();
      }
    },
    30_000,
  );
});

describe("offline backend: which commits a session hears of", () => {
  it("sends nothing before Connect, then a Transition only for commits that change its queries", async () => {
    const socket = new WebSocket(`${backend.url.replace("http", "ws")}/api/1.48.0/sync`);
    const received: { type: string; modifications?: unknown[] }[] = [];
    socket.on("message", (data) => received.push(JSON.parse(String(data))));
    await new Promise((resolve) => socket.once("open", resolve));
    const transitions = () => received.filter((m) => m.type === "Transition");
    try {
      // A paused client (fetching its token) has opened the socket and said nothing; deliveries arrive.
      await http.mutation(notes.add, { text: "unheard", rank: 5 });
      await delay(1_200);
      expect(transitions()).toEqual([]);

      socket.send(JSON.stringify({ type: "Connect", sessionId: "s", connectionCount: 0, lastCloseReason: null }));
      socket.send(
        JSON.stringify({
          type: "ModifyQuerySet",
          baseVersion: 0,
          newVersion: 1,
          modifications: [{ type: "Add", queryId: 0, udfPath: "notes:list", args: [{}] }],
        }),
      );
      await until(() => transitions().length === 1, "the first result");
      // The fixture's cron writes ticks every second: the notes list is not invalidated.
      await delay(1_200);
      expect(transitions()).toHaveLength(1);

      await http.mutation(notes.add, { text: "heard", rank: 6 });
      await until(() => transitions().length === 2, "the new note");
      expect(JSON.stringify(transitions()[1].modifications)).toContain("heard");
    } finally {
      socket.close();
    }
  }, 30_000);
});
