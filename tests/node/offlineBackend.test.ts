// The offline backend, driven by the `convex` package's own clients over real sockets.
// Most cases use a tiny app (tests/node/fixtures/convex) with one function of each kind;
// the last ones load this project's convex/ as `npm run dev` does.
import { mkdtempSync, rmSync } from "node:fs";
import { networkInterfaces, tmpdir } from "node:os";
import net from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConvexClient, ConvexHttpClient } from "convex/browser";
import { anyApi } from "convex/server";
import { ConvexError, convexToJson, type Value } from "convex/values";
import { importJWK, SignJWT, type JWK } from "jose";
import { WebSocket } from "ws";
import { freePort, runAsAdmin, startOfflineBackendProcess } from "../../scripts/lib/processes.mjs";
import { createLocalKeys, type LocalKeys } from "../../scripts/lib/localKeys.mjs";
import { buildScenario, sendDelivery } from "../../scripts/simulate/deliveries";
import { mintLocalOperatorToken } from "@/lib/localOperatorToken";
import { LOCAL_OPERATOR } from "@/domain/localOperator";
import { modules as projectModules } from "../../convex/test.setup";
import { publicFunctions } from "../convex/publicFunctions";

const FIXTURE_DIR = path.join(import.meta.dirname, "fixtures/convex");
const notes = anyApi.notes;
const STARTUP_MS = 60_000;

type Backend = Awaited<ReturnType<typeof startOfflineBackendProcess>>;

// The dashboard's origin the backends below serve; any other browser origin is refused.
const DASHBOARD = "http://localhost:3000";
const EVIL = "http://evil.example";
let keys: LocalKeys;
let otherKeys: LocalKeys;
beforeAll(async () => {
  [keys, otherKeys] = [await createLocalKeys(), await createLocalKeys()];
});

async function startBackend(args: string[]): Promise<Backend> {
  const port = await freePort();
  return await startOfflineBackendProcess({
    port,
    sitePort: await freePort(),
    args: ["--allow-origin", DASHBOARD, ...args],
    env: { ...process.env, LOCAL_OPERATOR_JWKS: keys.jwks },
    quiet: true,
  });
}

/** A token like the dashboard's, with claims or the key changed. */
async function craftedToken(options: { key?: LocalKeys; audience?: string; issuer?: string; expiresAt?: number } = {}) {
  const jwk = JSON.parse((options.key ?? keys).privateJwk) as JWK;
  const now = Math.floor(Date.now() / 1000);
  return await new SignJWT({})
    .setProtectedHeader({ alg: "ES256", kid: jwk.kid, typ: "JWT" })
    .setIssuer(options.issuer ?? LOCAL_OPERATOR.issuer)
    .setAudience(options.audience ?? LOCAL_OPERATOR.audience)
    .setSubject(LOCAL_OPERATOR.subject)
    .setIssuedAt(now - 600)
    .setExpirationTime(options.expiresAt ?? now + 300)
    .sign(await importJWK(jwk, "ES256"));
}

function wsClient(url: string) {
  return new ConvexClient(url, {
    webSocketConstructor: WebSocket as unknown as typeof globalThis.WebSocket,
    unsavedChangesWarning: false,
    logger: false,
  });
}

/** A subscription whose values can be awaited: `next(accept)` resolves with the first accepted value, past or future. */
function watch<T>(client: ConvexClient, query: unknown, args: Record<string, unknown>) {
  const values: T[] = [];
  let waiter: (() => void) | undefined;
  const unsubscribe = client.onUpdate(query as never, args as never, (value: unknown) => {
    values.push(value as T);
    waiter?.();
  });
  async function next(accept: (v: T) => boolean): Promise<T> {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const found = values.find(accept);
      if (found !== undefined) {
        return found;
      }
      if (Date.now() > deadline) {
        throw new Error(`no matching update within 10s; saw ${JSON.stringify(values)}`);
      }
      await new Promise<void>((resolve) => {
        waiter = resolve;
        setTimeout(resolve, 200);
      });
    }
  }
  return { values, next, unsubscribe };
}

/** Subscribes, waits for the first value that satisfies `accept`, and unsubscribes. */
async function nextValue<T>(
  client: ConvexClient,
  query: unknown,
  args: Record<string, unknown>,
  accept: (v: T) => boolean,
): Promise<T> {
  const w = watch<T>(client, query, args);
  try {
    return await w.next(accept);
  } finally {
    w.unsubscribe();
  }
}

describe("offline backend with a small app", () => {
  let backend: Backend;
  let client: ConvexClient;

  beforeAll(async () => {
    backend = await startBackend(["--convex-dir", FIXTURE_DIR, "--admin-key", "test-admin-key"]);
    client = wsClient(backend.url);
  }, STARTUP_MS);

  afterAll(async () => {
    await client?.close();
    await backend?.stop();
  });

  it("serves a subscription and pushes the change a mutation makes before the mutation resolves", async () => {
    expect(await client.query(notes.list, {})).toEqual([]);
    const list = watch<string[]>(client, notes.list, {});
    await list.next((v) => v.length === 0);
    await client.mutation(notes.add, { text: "first", rank: 1 });
    // A mutation resolves only after the Transition carrying its write.
    expect(list.values.at(-1)).toEqual(["first"]);
    list.unsubscribe();
  });

  it("refuses internal functions from clients, over WebSocket and HTTP, unless called with the admin key", async () => {
    await expect(client.mutation(notes.addInternal, { text: "x", rank: 0 })).rejects.toThrow(
      /Could not find public function for 'notes:addInternal'/,
    );
    const http = new ConvexHttpClient(backend.url);
    await expect(http.mutation(notes.addInternal, { text: "x", rank: 0 })).rejects.toThrow(
      /Could not find public function/,
    );

    // What `npx convex run` does: an admin key may call internal functions.
    const admin = new ConvexHttpClient(backend.url) as unknown as {
      setAdminAuth(key: string): void;
      function(ref: unknown, componentPath: undefined, args: Record<string, unknown>): Promise<unknown>;
    };
    admin.setAdminAuth("test-admin-key");
    const id = await admin.function(notes.addInternal, undefined, { text: "by admin", rank: 2 });
    expect(typeof id).toBe("string");
    expect(await client.query(notes.list, {})).toContain("by admin");
  });

  it("answers the HTTP API, and a WebSocket subscriber sees HTTP writes", async () => {
    const http = new ConvexHttpClient(backend.url);
    const update = nextValue<string[]>(client, notes.list, {}, (v) => v.includes("over http"));
    await http.mutation(notes.add, { text: "over http", rank: 3 });
    expect(await update).toContain("over http");
    expect(await http.query(notes.list, {})).toContain("over http");
    expect(await http.consistentQuery(notes.list, {})).toContain("over http");
    expect(await http.action(notes.addViaAction, { text: "from action", rank: 4 })).toBe("added from action");
  });

  it("passes ConvexError data through both transports", async () => {
    const http = new ConvexHttpClient(backend.url);
    for (const call of [() => client.mutation(notes.refuse, {}), () => http.mutation(notes.refuse, {})]) {
      const error = await call().then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(ConvexError);
      expect((error as ConvexError<Record<string, Value>>).data).toEqual({
        code: "NOPE",
        message: "Refused on purpose",
        limit: 3n,
      });
    }
  });

  it("passes a verified local-operator token's identity to functions, over WebSocket and HTTP; no token is nobody", async () => {
    expect(await client.query(notes.viewer, {})).toEqual({ identity: null, deploymentUrl: backend.url });
    const token = await mintLocalOperatorToken(keys.privateJwk);
    const expected = expect.objectContaining({
      subject: "local-operator",
      issuer: LOCAL_OPERATOR.issuer,
      name: "Local operator",
    });

    const signedIn = wsClient(backend.url);
    const authChanges: boolean[] = [];
    signedIn.setAuth(
      async () => token,
      (isAuthenticated) => authChanges.push(isAuthenticated),
    );
    expect(await signedIn.query(notes.viewer, {})).toEqual({ identity: expected, deploymentUrl: backend.url });
    expect(authChanges).toEqual([true]);
    await signedIn.close();

    const http = new ConvexHttpClient(backend.url);
    http.setAuth(token);
    expect(await http.query(notes.viewer, {})).toEqual({ identity: expected, deploymentUrl: backend.url });
  });

  it("refuses a token from another key, an expired one, and one for another audience or issuer", async () => {
    const now = Math.floor(Date.now() / 1000);
    const bad = {
      "another key": await craftedToken({ key: otherKeys }),
      expired: await craftedToken({ expiresAt: now - 60 }),
      "another audience": await craftedToken({ audience: "convex" }),
      "another issuer": await craftedToken({ issuer: "https://evil.example" }),
      unsigned: `eyJhbGciOiJub25lIn0.${Buffer.from(JSON.stringify({ sub: "local-operator", iss: LOCAL_OPERATOR.issuer, aud: LOCAL_OPERATOR.audience, iat: now, exp: now + 300 })).toString("base64url")}.`,
    };
    for (const [label, token] of Object.entries(bad)) {
      const signedIn = wsClient(backend.url);
      const authChanges: boolean[] = [];
      signedIn.setAuth(
        async () => token,
        (isAuthenticated) => authChanges.push(isAuthenticated),
      );
      await expect.poll(() => authChanges, { timeout: 10_000 }).toContain(false);
      expect([label, authChanges]).toEqual([label, [false]]);
      await signedIn.close();

      const http = new ConvexHttpClient(backend.url);
      http.setAuth(token);
      await expect(http.query(notes.viewer, {}), label).rejects.toThrow(/accepts only the local operator's token/);
    }
  });

  it("answers only the dashboard's origin and origin-less callers; any other origin gets 403 over HTTP and WebSocket, logged", async () => {
    const query = (headers: Record<string, string>) =>
      fetch(`${backend.url}/api/query`, {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body: JSON.stringify({ path: "notes:list", format: "convex_encoded_json", args: [{}] }),
      });
    const fromDashboard = await query({ origin: DASHBOARD });
    expect([fromDashboard.status, fromDashboard.headers.get("access-control-allow-origin")]).toEqual([200, DASHBOARD]);
    const noOrigin = await query({});
    expect([noOrigin.status, noOrigin.headers.get("access-control-allow-origin")]).toEqual([200, null]);

    for (const origin of [EVIL, "http://localhost:3001", "null"]) {
      expect((await query({ origin })).status).toBe(403);
      const preflight = await fetch(`${backend.url}/api/query`, { method: "OPTIONS", headers: { origin } });
      expect(preflight.status).toBe(403);
      expect(preflight.headers.get("access-control-allow-origin")).toBeNull();
      expect(
        (
          await fetch(`${backend.siteUrl}/hook`, {
            method: "POST",
            headers: { origin, "x-secret": "s3cret" },
            body: "x",
          })
        ).status,
      ).toBe(403);
    }

    const upgrade = (origin: string) =>
      new Promise<number>((resolve, reject) => {
        const socket = new WebSocket(`${backend.url.replace("http", "ws")}/api/1.48.0/sync`, { origin });
        socket.on("open", () => {
          socket.close();
          resolve(101);
        });
        socket.on("unexpected-response", (_req, res) => resolve(res.statusCode ?? 0));
        socket.on("error", reject);
      });
    expect(await upgrade(DASHBOARD)).toBe(101);
    expect(await upgrade(EVIL)).toBe(403);
    await expect
      .poll(() => backend.output())
      .toMatch(/refused GET \/api\/1\.48\.0\/sync from origin "http:\/\/evil\.example"/);
  });

  it("answers a malformed request body with 400 and a short message", async () => {
    const call = (body: string) =>
      fetch(`${backend.url}/api/query`, { method: "POST", headers: { "content-type": "application/json" }, body });
    const cases: [string, RegExp][] = [
      ["{not json", /^Request body is not JSON$/],
      ["null", /^path: expected "module:function"$/],
      [JSON.stringify({ path: 42, args: [{}] }), /^path: expected "module:function"$/],
      [JSON.stringify({ path: "notes:list", args: ["text"] }), /^args: expected an object$/],
      [JSON.stringify({ path: "notes:list", args: [{ $bad: 1 }] }), /^args: not Convex-encoded JSON$/],
    ];
    for (const [body, message] of cases) {
      const response = await call(body);
      expect([body, response.status, await response.text()]).toEqual([body, 400, expect.stringMatching(message)]);
    }
  });

  it("listens on loopback only", async () => {
    const port = Number(new URL(backend.url).port);
    const external = Object.values(networkInterfaces())
      .flat()
      .filter((a) => a && !a.internal && a.family === "IPv4")
      .map((a) => a!.address);
    const reachable = (host: string) =>
      new Promise<boolean>((resolve) => {
        const socket = net.connect({ host, port, timeout: 2000 }, () => {
          socket.destroy();
          resolve(true);
        });
        socket.on("error", () => resolve(false));
        socket.on("timeout", () => (socket.destroy(), resolve(false)));
      });
    expect(await reachable("127.0.0.1")).toBe(true);
    // This machine's other addresses, if it has any, must not reach it.
    for (const host of external) {
      expect([host, await reachable(host)]).toEqual([host, false]);
    }
  });

  it("pushes updates from an HTTP action, and routes only known paths", async () => {
    const update = nextValue<string[]>(client, notes.list, {}, (v) => v.includes("from webhook"));
    const ok = await fetch(`${backend.siteUrl}/hook`, {
      method: "POST",
      headers: { "x-secret": "s3cret" },
      body: "from webhook",
    });
    expect([ok.status, await ok.text()]).toEqual([200, "stored from webhook"]);
    expect(await update).toContain("from webhook");

    const unsigned = await fetch(`${backend.siteUrl}/hook`, { method: "POST", body: "nope" });
    expect(unsigned.status).toBe(401);
    expect((await fetch(`${backend.siteUrl}/nowhere`, { method: "POST" })).status).toBe(404);
  });

  it("serves stored files at the URLs functions hand out", async () => {
    const http = new ConvexHttpClient(backend.url);
    const fileUrl = (await http.action(notes.storeFile, { text: "kept bytes" })) as string;
    expect(fileUrl.startsWith(`${backend.url}/api/storage/`)).toBe(true);
    const file = await fetch(fileUrl);
    expect([file.status, file.headers.get("content-type"), await file.text()]).toEqual([
      200,
      "text/plain",
      "kept bytes",
    ]);
    expect((await fetch(`${backend.url}/api/storage/unknown`)).status).toBe(404);
  });

  it("runs scheduled functions on real timers and pushes their writes", async () => {
    const started = Date.now();
    const update = nextValue<string[]>(client, notes.list, {}, (v) => v.includes("scheduled"));
    await client.mutation(notes.addLater, { text: "scheduled", rank: 5, delayMs: 300 });
    expect(await update).toContain("scheduled");
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
  });

  it("runs crons on their schedule", async () => {
    const count = await nextValue<number>(client, notes.tickCount, {}, (n) => n >= 2);
    expect(count).toBeGreaterThanOrEqual(2);
  });

  it("keeps a paginated query's first page growing instead of shifting items to the next page", async () => {
    // Negative ranks sort before every other test's notes.
    for (const [text, rank] of [
      ["p1", -10],
      ["p2", -9],
      ["p3", -8],
    ] as const) {
      await client.mutation(notes.add, { text, rank });
    }
    type Page = { page: { text: string }[]; isDone: boolean; continueCursor: string };
    const firstPage = watch<Page>(client, notes.page, { paginationOpts: { numItems: 2, cursor: null } });
    const first = await firstPage.next(() => true);
    expect(first.page.map((n) => n.text)).toEqual(["p1", "p2"]);
    expect(first.isDone).toBe(false);
    // Rank -9.5 sorts inside the first page: that page now holds three items, and p2 is not repeated on page two.
    await client.mutation(notes.add, { text: "p1.5", rank: -9.5 });
    const grown = await firstPage.next((p) => p.page.length !== 2);
    expect(grown.page.map((n) => n.text)).toEqual(["p1", "p1.5", "p2"]);
    const second = (await client.query(notes.page, {
      paginationOpts: { numItems: 2, cursor: first.continueCursor },
    })) as Page;
    expect(second.page[0].text).toBe("p3");
    firstPage.unsubscribe();
  });
});

async function asLocalOperator(backend: Backend) {
  const http = new ConvexHttpClient(backend.url);
  http.setAuth(await mintLocalOperatorToken(keys.privateJwk));
  return http;
}

describe("offline backend with this project's functions", () => {
  let backend: Backend;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), "offline-backend-"));
    backend = await startBackend(["--run", "seed:demo", "--data", path.join(dataDir, "data.json")]);
  }, STARTUP_MS);

  afterAll(async () => {
    await backend?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("serves the seeded demo workspace to the local operator's token and keeps seed:demo internal", async () => {
    const http = await asLocalOperator(backend);
    expect(await http.query(anyApi.workspaces.listMine, {})).toEqual([
      expect.objectContaining({ name: "Demo Store", role: "admin" }),
    ]);
    await expect(http.mutation(anyApi.seed.demo, {})).rejects.toThrow(/Could not find public function for 'seed:demo'/);
  });

  it("refuses an anonymous caller from every public function", async () => {
    const seed = (await runAsAdmin(backend, "seed:demo")) as { workspaceId: string };
    const functions = await publicFunctions(projectModules, { workspaces: seed.workspaceId });
    expect(functions.length).toBeGreaterThan(30);
    const codes: Record<string, unknown> = {};
    for (const fn of functions) {
      const response = await fetch(`${backend.url}/api/${fn.kind}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ path: fn.path, format: "convex_encoded_json", args: [convexToJson(fn.args)] }),
      });
      const body = (await response.json()) as { status: string; errorData?: { code?: string } };
      codes[fn.path] = body.errorData?.code ?? body.status;
    }
    expect(codes).toEqual(Object.fromEntries(functions.map((f) => [f.path, "UNAUTHENTICATED"])));
  });

  it("accepts every delivery `npm run simulate` sends, and pushes the new lead to a live lead list", async () => {
    const seed = (await runAsAdmin(backend, "seed:demo")) as {
      workspaceId: string;
      webhookSecret: string;
      phoneNumberId: string;
    };
    const client = wsClient(backend.url);
    const token = await mintLocalOperatorToken(keys.privateJwk);
    client.setAuth(async () => token);
    const leads = watch<{ page: { name: string }[] }>(client, anyApi.contacts.list, {
      workspaceId: seed.workspaceId,
      paginationOpts: { numItems: 20, cursor: null },
    });
    await leads.next((p) => p.page.length === 3);
    const ctx = {
      phoneNumberId: seed.phoneNumberId,
      conversationId: "sim-conversation",
      lead: { name: "Rina Simulasi", phone: "6281277770001" },
      runId: "T",
    };
    const answers = [];
    for (const delivery of buildScenario(ctx, Date.now())) {
      answers.push(await sendDelivery(`${backend.siteUrl}/webhook/kapso`, seed.webhookSecret, delivery));
    }
    expect(answers.map((a) => a.status)).toEqual(Array(9).fill(200));
    expect(answers[7].text).toMatch(/duplicate/i);
    expect((await leads.next((p) => p.page.length === 4)).page.map((l) => l.name)).toContain("Rina Simulasi");
    leads.unsubscribe();
    await client.close();
  });

  it("pushes a workspace rename to a live workspace list, as the header shows it", async () => {
    const client = wsClient(backend.url);
    const token = await mintLocalOperatorToken(keys.privateJwk);
    client.setAuth(async () => token);
    type Choice = { _id: string; name: string };
    const mine = watch<Choice[]>(client, anyApi.workspaces.listMine, {});
    const [demo] = await mine.next((list) => list.length === 1);
    const settings = { kapsoPhoneNumberId: "957104384162113", defaultCountry: "ID", timezone: "Asia/Jakarta" };
    await client.mutation(anyApi.workspaces.update, { workspaceId: demo._id, name: "Demo Store Jaya", ...settings });
    expect((await mine.next((list) => list[0]?.name === "Demo Store Jaya"))[0]._id).toBe(demo._id);
    // Back to the seeded name, which the next case reads after a restart.
    await client.mutation(anyApi.workspaces.update, { workspaceId: demo._id, name: demo.name, ...settings });
    mine.unsubscribe();
    await client.close();
  });

  it(
    "saves its documents on exit and loads them on the next start",
    async () => {
      const http = await asLocalOperator(backend);
      const [workspace] = (await http.query(anyApi.workspaces.listMine, {})) as { _id: string; name: string }[];
      await backend.stop();
      backend = await startBackend(["--data", path.join(dataDir, "data.json")]);
      const again = await asLocalOperator(backend);
      expect(await again.query(anyApi.workspaces.listMine, {})).toEqual([
        expect.objectContaining({ _id: workspace._id, name: "Demo Store" }),
      ]);
    },
    STARTUP_MS,
  );
});
