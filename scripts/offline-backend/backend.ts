// The offline backend: this project's convex/ functions, run in memory by convex-test,
// behind the client protocol the `convex` package speaks (WebSocket sync, HTTP API)
// and the HTTP actions on a second "site" port, like a local Convex deployment's
// 3210/3211 pair. For demos and tests on one machine only: see README "Running it".
//
// It relies on two internals, pinned by exact versions in package.json: the sync
// protocol of `convex` (dist/esm/browser/sync/protocol.js) and convex-test's
// transaction manager, hooked to learn when something committed.
import { AsyncLocalStorage } from "node:async_hooks";
import { randomBytes } from "node:crypto";
import { readdirSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { convexTest } from "convex-test";
import { makeFunctionReference, type SchemaDefinition } from "convex/server";
import { convexToJson, jsonToConvex, type JSONValue, type Value } from "convex/values";
import { WebSocketServer, type WebSocket } from "ws";
import { nextRunAt, type CronSchedule } from "./cronSchedule";

export type OfflineBackendOptions = {
  /** Directory holding schema.ts and _generated/ (default ./convex). */
  convexDir?: string;
  port: number;
  sitePort: number;
  /** Lets `Authorization: Convex <adminKey>` HTTP calls run internal functions, as `npx convex run` does. */
  adminKey?: string;
  /** Data saved by a previous `snapshot()`. */
  snapshot?: Snapshot;
  log?: (line: string) => void;
};

export type OfflineBackend = {
  url: string;
  siteUrl: string;
  adminKey: string;
  /** Runs any function (internal ones too) the way the CLI's `convex run` would. */
  run(udfPath: string, args?: Record<string, Value>): Promise<Value>;
  snapshot(): Snapshot;
  close(): Promise<void>;
};

export type Snapshot = { version: 1; lastCommitTs: string; nextDocId: number; lastCreationTime: number; documents: JSONValue };

type Kind = "query" | "mutation" | "action";
type RegisteredFunction = { isPublic?: boolean; isQuery?: boolean; isMutation?: boolean; isAction?: boolean };
type Outcome = { ok: true; value: Value } | { ok: false; errorMessage: string; errorData?: JSONValue };
type Version = { querySet: number; ts: bigint; identity: number };
type QuerySetChange =
  | { type: "Add"; queryId: number; udfPath: string; args: JSONValue[]; journal?: string | null }
  | { type: "Remove"; queryId: number };
// The messages `convex` clients send (convex/dist/esm-types/browser/sync/protocol.d.ts).
type ClientMessage =
  | { type: "Connect" | "Event" }
  | { type: "ModifyQuerySet"; baseVersion: number; newVersion: number; modifications: QuerySetChange[] }
  | { type: "Authenticate"; tokenType: "User" | "Admin" | "None"; baseVersion: number }
  | { type: "Mutation" | "Action"; requestId: number; udfPath: string; args: JSONValue[] };
type Subscription = { udfPath: string; args: Record<string, Value>; endCursor?: string; lastKey?: string };

// The subset of convex-test's per-instance global state this server needs.
type ConvexGlobal = {
  transactionManager: { commit(isNested: boolean): bigint | null; _lastCommitTs: bigint };
  components: Record<string, { db: FakeDb }>;
};
type FakeDb = {
  _documents: Record<string, Value>;
  _tableIds: Map<string, Set<string>>;
  _nextDocId: number;
  _lastCreationTime: number;
};

const PING_INTERVAL_MS = 15_000;
const STATUS_UDF_FAILED = 560;
const OFFLINE_AUTH_ERROR =
  "The offline backend serves only the local operator (no sign-in). Remove the Clerk keys from the " +
  "dashboard's environment, or run against a real Convex deployment to sign in.";

/** Every module under convex/ as convex-test expects it: path -> lazy import. */
export function convexModules(convexDir: string): Record<string, () => Promise<unknown>> {
  const modules: Record<string, () => Promise<unknown>> = {};
  for (const entry of readdirSync(convexDir, { recursive: true, encoding: "utf8" })) {
    const file = entry.split(path.sep).join("/");
    if (!/\.(ts|js|mts|mjs)$/.test(file) || /\.(test|d)\.[mc]?[jt]s$/.test(file)) continue;
    const href = pathToFileURL(path.join(convexDir, entry)).href;
    modules[`convex/${file}`] = () => import(href);
  }
  return modules;
}

function encodeTs(ts: bigint): string {
  const bytes = Buffer.alloc(8);
  bytes.writeBigUInt64LE(ts);
  return bytes.toString("base64");
}

function encodeVersion(v: Version) {
  return { querySet: v.querySet, identity: v.identity, ts: encodeTs(v.ts) };
}

function describeError(error: unknown): { errorMessage: string; errorData?: JSONValue } {
  const prefix = `[Request ID: ${randomBytes(8).toString("hex")}] Server Error\n`;
  const e = error as { name?: string; message?: string; data?: Value };
  if (e && e.name === "ConvexError" && e.data !== undefined) {
    return { errorMessage: `${prefix}Uncaught ConvexError: ${e.message}`, errorData: convexToJson(e.data) };
  }
  return { errorMessage: `${prefix}Uncaught Error: ${e?.message ?? String(error)}` };
}

/** `module:fn` the way the client canonicalises it. */
function canonicalPath(udfPath: string): string {
  const [modulePath, fn] = udfPath.split(":");
  return `${modulePath.replace(/\.js$/, "")}:${fn ?? "default"}`;
}

function isPaginationResult(v: Value): v is { continueCursor: string; isDone: boolean; page: Value[] } {
  return typeof v === "object" && v !== null && !Array.isArray(v) && "continueCursor" in v && "isDone" in v && "page" in v;
}

async function readBody(req: http.IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function listen(server: http.Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
}

export async function startOfflineBackend(options: OfflineBackendOptions): Promise<OfflineBackend> {
  const log = options.log ?? ((line: string) => console.log(line));
  const convexDir = path.resolve(options.convexDir ?? "convex");
  const url = `http://127.0.0.1:${options.port}`;
  const siteUrl = `http://127.0.0.1:${options.sitePort}`;
  const adminKey = options.adminKey ?? randomBytes(24).toString("hex");
  // The functions read these: a loopback deployment URL with no Clerk issuer is local operator mode.
  process.env.CONVEX_CLOUD_URL = url;
  process.env.CONVEX_SITE_URL = siteUrl;
  delete process.env.CLERK_JWT_ISSUER_DOMAIN;

  const modules = convexModules(convexDir);
  const schemaModule = (await modules["convex/schema.ts"]()) as { default: SchemaDefinition<never, boolean> };
  const t = convexTest({ schema: schemaModule.default, modules, transactionLimits: true });
  const convexGlobal = await captureConvexGlobal(() => t.run(async () => null));
  const rootDb = Object.values(convexGlobal.components)[0].db;
  if (options.snapshot) restoreSnapshot(rootDb, convexGlobal, options.snapshot);

  async function loadFunction(udfPath: string): Promise<RegisteredFunction | undefined> {
    const [modulePath, name] = udfPath.split(":");
    const key = Object.keys(modules).find((k) => k.replace(/\.[^.]+$/, "") === `convex/${modulePath}`);
    if (!key || modulePath.startsWith("_") || modulePath.includes("/_")) return undefined;
    const mod = (await modules[key]()) as Record<string, RegisteredFunction | undefined>;
    return mod[name];
  }

  /** Runs a function as the anonymous caller (= the local operator), refusing internal ones unless admin. */
  async function call(kind: Kind | "any", rawPath: string, args: Record<string, Value>, admin = false): Promise<Outcome> {
    const udfPath = canonicalPath(rawPath);
    try {
      const fn = await loadFunction(udfPath);
      if (!fn || (!fn.isPublic && !admin)) {
        throw new Error(`Could not find public function for '${udfPath}'. Did you forget to run \`npx convex dev\` or \`npx convex deploy\`?`);
      }
      const type: Kind = kind !== "any" ? kind : fn.isQuery ? "query" : fn.isMutation ? "mutation" : "action";
      const value =
        type === "query"
          ? await t.query(makeFunctionReference<"query">(udfPath), args)
          : type === "mutation"
            ? await t.mutation(makeFunctionReference<"mutation">(udfPath), args)
            : await t.action(makeFunctionReference<"action">(udfPath), args);
      return { ok: true, value: (value ?? null) as Value };
    } catch (error) {
      const described = describeError(error);
      if (kind !== "query") log(`[offline backend] ${udfPath} failed: ${described.errorMessage.split("\n")[1]}`);
      return { ok: false, ...described };
    }
  }

  // ---- live queries: every commit re-runs every subscription and sends what changed ----
  let latestTs = convexGlobal.transactionManager._lastCommitTs;
  const connections = new Set<Connection>();
  let refreshQueued = false;
  const commit = convexGlobal.transactionManager.commit.bind(convexGlobal.transactionManager);
  convexGlobal.transactionManager.commit = (isNested: boolean) => {
    const ts = commit(isNested);
    if (ts !== null) {
      latestTs = ts;
      if (!refreshQueued) {
        refreshQueued = true;
        setImmediate(() => {
          refreshQueued = false;
          for (const c of connections) c.enqueue(() => c.refresh(false));
        });
      }
    }
    return ts;
  };

  class Connection {
    version: Version = { querySet: 0, ts: 0n, identity: 0 };
    subscriptions = new Map<number, Subscription>();
    private sendQueue: Promise<void> = Promise.resolve();
    private mutationQueue: Promise<void> = Promise.resolve();
    private ping: NodeJS.Timeout;

    constructor(private socket: WebSocket) {
      this.ping = setInterval(() => this.send({ type: "Ping" }), PING_INTERVAL_MS);
      socket.on("message", (data) => this.onMessage(String(data)));
      socket.on("close", () => {
        clearInterval(this.ping);
        connections.delete(this);
      });
    }

    send(message: unknown) {
      if (this.socket.readyState === this.socket.OPEN) this.socket.send(JSON.stringify(message));
    }

    /** Messages go out strictly in order: the client rejects a Transition that does not chain. */
    enqueue(task: () => Promise<void>) {
      this.sendQueue = this.sendQueue.then(task).catch((e) => log(`[offline backend] connection error: ${String(e)}`));
    }

    async runSubscription(queryId: number, sub: Subscription) {
      const paginationOpts = sub.args.paginationOpts as Record<string, Value> | undefined;
      // Stands in for the real backend's query journal: a page keeps the end it first had,
      // so new documents make it grow instead of pushing items onto the next page.
      const args =
        sub.endCursor !== undefined && paginationOpts && paginationOpts.endCursor === undefined
          ? { ...sub.args, paginationOpts: { ...paginationOpts, endCursor: sub.endCursor } }
          : sub.args;
      const outcome = await call("query", sub.udfPath, args);
      if (outcome.ok && paginationOpts && sub.endCursor === undefined && isPaginationResult(outcome.value)) {
        sub.endCursor = outcome.value.continueCursor;
      }
      const journal = sub.endCursor === undefined ? null : JSON.stringify({ endCursor: sub.endCursor });
      const key = outcome.ok ? JSON.stringify(convexToJson(outcome.value)) : `error:${outcome.errorMessage.split("\n")[1]}`;
      if (key === sub.lastKey) return null;
      sub.lastKey = key;
      return outcome.ok
        ? { type: "QueryUpdated", queryId, value: convexToJson(outcome.value), logLines: [], journal }
        : { type: "QueryFailed", queryId, errorMessage: outcome.errorMessage, errorData: outcome.errorData, logLines: [], journal };
    }

    transition(end: Version, modifications: unknown[]) {
      this.send({ type: "Transition", startVersion: encodeVersion(this.version), endVersion: encodeVersion(end), modifications });
      this.version = end;
    }

    /** Re-runs every subscription; `force` sends a Transition even when nothing changed (mutations need one to resolve). */
    async refresh(force: boolean) {
      const modifications = [];
      for (const [queryId, sub] of this.subscriptions) {
        const modification = await this.runSubscription(queryId, sub);
        if (modification) modifications.push(modification);
      }
      const ts = latestTs > this.version.ts ? latestTs : this.version.ts;
      if (force || modifications.length > 0 || ts > this.version.ts) this.transition({ ...this.version, ts }, modifications);
    }

    onMessage(raw: string) {
      const message = JSON.parse(raw) as ClientMessage;
      switch (message.type) {
        case "Connect":
        case "Event":
          return;
        case "ModifyQuerySet":
          return this.enqueue(() => this.modifyQuerySet(message));
        case "Authenticate": {
          const { tokenType, baseVersion } = message;
          if (tokenType === "None") {
            return this.enqueue(async () => this.transition({ ...this.version, identity: baseVersion + 1 }, []));
          }
          return this.enqueue(async () => this.send({ type: "AuthError", error: OFFLINE_AUTH_ERROR, baseVersion, authUpdateAttempted: true }));
        }
        case "Mutation": {
          const { requestId, udfPath, args } = message;
          // Mutations of one connection run in the order they were sent, as on Convex.
          this.mutationQueue = this.mutationQueue.then(async () => {
            const outcome = await call("mutation", udfPath, jsonToConvex(args[0] ?? {}) as Record<string, Value>);
            const ts = latestTs;
            this.enqueue(async () => {
              this.send(
                outcome.ok
                  ? { type: "MutationResponse", requestId, success: true, result: convexToJson(outcome.value), ts: encodeTs(ts), logLines: [] }
                  : { type: "MutationResponse", requestId, success: false, result: outcome.errorMessage, errorData: outcome.errorData, logLines: [] },
              );
              // The client resolves a mutation only once a later Transition reaches its timestamp.
              if (outcome.ok) await this.refresh(true);
            });
          });
          return;
        }
        case "Action": {
          // Actions run alongside everything else so their own writes stream out while they run.
          const { requestId, udfPath, args } = message;
          void call("action", udfPath, jsonToConvex(args[0] ?? {}) as Record<string, Value>).then((outcome) =>
            this.enqueue(async () =>
              this.send(
                outcome.ok
                  ? { type: "ActionResponse", requestId, success: true, result: convexToJson(outcome.value), logLines: [] }
                  : { type: "ActionResponse", requestId, success: false, result: outcome.errorMessage, errorData: outcome.errorData, logLines: [] },
              ),
            ),
          );
          return;
        }
        default:
          log(`[offline backend] ignoring client message ${(message as { type: string }).type}`);
      }
    }

    async modifyQuerySet(message: Extract<ClientMessage, { type: "ModifyQuerySet" }>) {
      if (message.baseVersion !== this.version.querySet) {
        this.send({ type: "FatalError", error: `Query set version ${message.baseVersion} does not follow ${this.version.querySet}` });
        this.socket.close(1011);
        return;
      }
      const modifications = [];
      for (const m of message.modifications) {
        if (m.type === "Remove") {
          this.subscriptions.delete(m.queryId);
          modifications.push({ type: "QueryRemoved", queryId: m.queryId });
          continue;
        }
        const sub: Subscription = { udfPath: m.udfPath, args: jsonToConvex(m.args[0] ?? {}) as Record<string, Value> };
        if (m.journal) sub.endCursor = (JSON.parse(m.journal) as { endCursor?: string }).endCursor;
        this.subscriptions.set(m.queryId, sub);
        modifications.push(await this.runSubscription(m.queryId, sub));
      }
      const ts = latestTs > this.version.ts ? latestTs : this.version.ts;
      this.transition({ ...this.version, querySet: message.newVersion, ts }, modifications);
    }
  }

  // ---- HTTP API (ConvexHttpClient, convex/nextjs) and the sync socket ----
  const api = http.createServer((req, res) => {
    void handleApi(req, res).catch((e) => {
      res.writeHead(500, { "content-type": "text/plain" }).end(String(e));
    });
  });

  async function handleApi(req: http.IncomingMessage, res: http.ServerResponse) {
    const cors = { "access-control-allow-origin": "*", "access-control-allow-headers": "*", "access-control-allow-methods": "GET, POST, OPTIONS" };
    const route = new URL(req.url ?? "/", url).pathname;
    if (req.method === "OPTIONS") return void res.writeHead(204, cors).end();
    if (req.method === "GET" && (route === "/version" || route === "/instance_name")) {
      return void res.writeHead(200, { "content-type": "text/plain", ...cors }).end("offline-backend");
    }
    const kinds: Record<string, Kind | "any"> = {
      "/api/query": "query",
      "/api/query_at_ts": "query",
      "/api/mutation": "mutation",
      "/api/action": "action",
      "/api/function": "any",
    };
    if (req.method === "POST" && route === "/api/query_ts") {
      return void res.writeHead(200, { "content-type": "application/json", ...cors }).end(JSON.stringify({ ts: encodeTs(latestTs) }));
    }
    const kind = kinds[route];
    if (req.method !== "POST" || !kind) return void res.writeHead(404, cors).end(`No such endpoint: ${req.method} ${route}`);
    const authorization = req.headers.authorization ?? "";
    const admin = authorization === `Convex ${adminKey}`;
    if (authorization && !admin) {
      return void res.writeHead(401, cors).end(authorization.startsWith("Bearer ") ? OFFLINE_AUTH_ERROR : "Invalid admin key");
    }
    const body = JSON.parse((await readBody(req)).toString("utf8")) as { path: string; args: JSONValue };
    // /api/function sends the arguments object itself; the others wrap it in an array.
    const args = jsonToConvex(Array.isArray(body.args) ? (body.args[0] ?? {}) : (body.args ?? {})) as Record<string, Value>;
    // Query timestamps are not kept: a query "at" a past ts reads the current data.
    const outcome = await call(kind, body.path, args, admin);
    const payload = outcome.ok
      ? { status: "success", value: convexToJson(outcome.value), logLines: [] }
      : { status: "error", errorMessage: outcome.errorMessage, errorData: outcome.errorData, logLines: [] };
    res.writeHead(outcome.ok ? 200 : STATUS_UDF_FAILED, { "content-type": "application/json", ...cors }).end(JSON.stringify(payload));
  }

  const wss = new WebSocketServer({ noServer: true });
  api.on("upgrade", (req, socket, head) => {
    if (!/^\/api\/[^/]+\/sync$/.test(new URL(req.url ?? "/", url).pathname)) return void socket.destroy();
    wss.handleUpgrade(req, socket, head, (ws) => connections.add(new Connection(ws)));
  });

  // ---- HTTP actions on the site port, through convex/http.ts ----
  const site = http.createServer((req, res) => {
    void (async () => {
      const body = req.method === "GET" || req.method === "HEAD" ? undefined : await readBody(req);
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) {
        if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
      }
      const response = await t.fetch(req.url ?? "/", { method: req.method, headers, body: body && new Uint8Array(body) });
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(Buffer.from(await response.arrayBuffer()));
    })().catch((e) => {
      log(`[offline backend] HTTP action ${req.method} ${req.url} failed: ${String(e)}`);
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
      res.end(String(e));
    });
  });

  // ---- crons (convex-test has none): each job runs on its own timer ----
  const cronTimers = new Set<NodeJS.Timeout>();
  let closed = false;
  const cronModule = Object.keys(modules).some((k) => /^convex\/crons\.[mc]?[jt]s$/.test(k))
    ? ((await modules[Object.keys(modules).find((k) => /^convex\/crons\.[mc]?[jt]s$/.test(k))!]()) as {
        default?: { crons?: Record<string, { name: string; args: JSONValue[]; schedule: CronSchedule }> };
      })
    : undefined;
  for (const [jobName, job] of Object.entries(cronModule?.default?.crons ?? {})) {
    const arm = (after: number) => {
      let at: number | null;
      try {
        at = nextRunAt(job.schedule, after);
      } catch (error) {
        at = null;
        log(`[offline backend] ${(error as Error).message}`);
      }
      if (at === null) return log(`[offline backend] cron "${jobName}" (${JSON.stringify(job.schedule)}) will not run`);
      const timer = setTimeout(() => {
        cronTimers.delete(timer);
        if (closed) return;
        log(`[offline backend] cron "${jobName}" running ${job.name}`);
        void call("any", job.name, jsonToConvex(job.args[0] ?? {}) as Record<string, Value>, true).then(() => arm(at));
      }, Math.min(at - Date.now(), 2 ** 31 - 1));
      cronTimers.add(timer);
    };
    arm(Date.now());
  }

  await listen(api, options.port);
  await listen(site, options.sitePort);

  return {
    url,
    siteUrl,
    adminKey,
    async run(udfPath, args = {}) {
      const outcome = await call("any", udfPath, args as Record<string, Value>, true);
      if (!outcome.ok) throw new Error(outcome.errorMessage);
      return outcome.value;
    },
    snapshot: () => takeSnapshot(rootDb, convexGlobal),
    async close() {
      closed = true;
      for (const timer of cronTimers) clearTimeout(timer);
      for (const client of wss.clients) client.close(1001, "offline backend stopping");
      api.closeAllConnections();
      site.closeAllConnections();
      await Promise.all([new Promise((r) => api.close(r)), new Promise((r) => site.close(r)), new Promise((r) => wss.close(r))]);
    },
  };
}

/** convex-test keeps its state in an AsyncLocalStorage store; catch it as the store enters. */
async function captureConvexGlobal(enter: () => Promise<unknown>): Promise<ConvexGlobal> {
  const originalRun = AsyncLocalStorage.prototype.run;
  let captured: ConvexGlobal | undefined;
  AsyncLocalStorage.prototype.run = function (this: AsyncLocalStorage<unknown>, store: unknown, ...rest: unknown[]) {
    if (!captured && store && typeof store === "object" && "transactionManager" in store && "components" in store) {
      captured = store as ConvexGlobal;
    }
    return (originalRun as (...a: unknown[]) => unknown).apply(this, [store, ...rest]);
  } as typeof originalRun;
  try {
    await enter();
  } finally {
    AsyncLocalStorage.prototype.run = originalRun;
  }
  if (!captured) throw new Error("offline backend: could not reach convex-test's state (convex-test version changed?)");
  return captured;
}

// Documents only: file storage and pending scheduled functions are not carried over.
function takeSnapshot(db: FakeDb, g: ConvexGlobal): Snapshot {
  return {
    version: 1,
    lastCommitTs: g.transactionManager._lastCommitTs.toString(),
    nextDocId: db._nextDocId,
    lastCreationTime: db._lastCreationTime,
    documents: convexToJson(db._documents as Record<string, Value>),
  };
}

function restoreSnapshot(db: FakeDb, g: ConvexGlobal, snapshot: Snapshot) {
  const documents = jsonToConvex(snapshot.documents) as Record<string, Record<string, Value>>;
  for (const [id, doc] of Object.entries(documents)) {
    const table = id.replace(/^\d+/, "");
    if (table === "_scheduled_functions" || table === "_storage") continue;
    db._documents[id] = doc;
    if (!db._tableIds.has(table)) db._tableIds.set(table, new Set());
    db._tableIds.get(table)!.add(id);
  }
  db._nextDocId = snapshot.nextDocId;
  db._lastCreationTime = snapshot.lastCreationTime;
  g.transactionManager._lastCommitTs = BigInt(snapshot.lastCommitTs);
}
