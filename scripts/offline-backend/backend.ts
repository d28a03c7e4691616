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
import { makeFunctionReference, type SchemaDefinition, type UserIdentity } from "convex/server";
import { convexToJson, jsonToConvex, type JSONValue, type Value } from "convex/values";
import { createLocalJWKSet, jwtVerify, type JSONWebKeySet } from "jose";
import { WebSocketServer, type WebSocket } from "ws";
import { nextRunAt, type CronSchedule } from "./cronSchedule";
import { LOCAL_OPERATOR } from "../../src/domain/localOperator";

export type OfflineBackendOptions = {
  /** Directory holding schema.ts and _generated/ (default ./convex). */
  convexDir?: string;
  port: number;
  sitePort: number;
  /** Lets `Authorization: Convex <adminKey>` HTTP calls run internal functions, as `npx convex run` does. */
  adminKey?: string;
  /** Data saved by a previous `snapshot()`. */
  snapshot?: Snapshot;
  /**
   * The only browser origins served (the dashboard's own). Requests without an
   * Origin header (servers, the CLI, Kapso) are served too; any other origin gets 403.
   */
  allowedOrigins?: string[];
  /** Public keys (JWKS JSON) whose local-operator tokens are accepted, as LOCAL_OPERATOR_JWKS on a deployment. */
  localOperatorJwks?: string;
  log?: (line: string) => void;
};

export type OfflineBackend = {
  url: string;
  siteUrl: string;
  adminKey: string;
  /** Runs any function (internal ones too) the way the CLI's `convex run` would. */
  run(udfPath: string, args?: Record<string, Value>): Promise<Value>;
  /** Counts since start: every run of a subscribed query is one function call on Convex's bill. */
  metrics(): BackendMetrics;
  snapshot(): Snapshot;
  close(): Promise<void>;
};

export type BackendMetrics = { subscriptionRuns: number; subscriptionRunsByFunction: Record<string, number> };

export type Snapshot = {
  version: 1;
  lastCommitTs: string;
  nextDocId: number;
  lastCreationTime: number;
  documents: JSONValue;
};

type Kind = "query" | "mutation" | "action";
type RegisteredFunction = { isPublic?: boolean; isQuery?: boolean; isMutation?: boolean; isAction?: boolean };
/** The host convex-test puts in storage URLs (ctx.storage.getUrl). */
const CONVEX_TEST_STORAGE_URL = "https://some-deployment.convex.cloud/api/storage/";

type Outcome = { ok: true; value: Value } | { ok: false; errorMessage: string; errorData?: JSONValue };
type Version = { querySet: number; ts: bigint; identity: number };
/** What `ctx.auth.getUserIdentity()` returns for a verified token. */
type Identity = UserIdentity;
type QuerySetChange =
  | { type: "Add"; queryId: number; udfPath: string; args: JSONValue[]; journal?: string | null }
  | { type: "Remove"; queryId: number };
// The messages `convex` clients send (convex/dist/esm-types/browser/sync/protocol.d.ts).
type ClientMessage =
  | { type: "Connect" | "Event" }
  | { type: "ModifyQuerySet"; baseVersion: number; newVersion: number; modifications: QuerySetChange[] }
  | { type: "Authenticate"; tokenType: "User" | "Admin" | "None"; baseVersion: number; value?: string }
  | { type: "Mutation" | "Action"; requestId: number; udfPath: string; args: JSONValue[] };
type Subscription = {
  udfPath: string;
  args: Record<string, Value>;
  endCursor?: string;
  lastKey?: string;
  /** What its last run read; undefined until it has run. */
  reads?: ReadSet;
};
/** The documents and index ranges one query run read, as Convex records them to know when to re-run it. */
type ReadSet = { ids: Set<string>; ranges: unknown[] };
/** One document a commit wrote: its value before and after (null when absent). */
type Write = { id: string; before: Value | null; after: Value | null };

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
  _writes: Record<string, Value | null>[];
  get(table: string | undefined, id: string): Value | null;
  commit(commitTs: bigint | null): void;
  _resolveQuerySource(query: unknown): { sortedDocs: Value[] };
  _iterateDocs(table: string, callback: (doc: Value) => void): void;
};

const PING_INTERVAL_MS = 15_000;
const STATUS_UDF_FAILED = 560;
// Convex's own limit on function arguments.
const MAX_BODY_BYTES = 16 * 1024 * 1024;
const OFFLINE_AUTH_ERROR =
  "The offline backend accepts only the local operator's token from this machine's dashboard (no Clerk sign-in). " +
  "Remove the Clerk keys from the dashboard's environment, or run against a real Convex deployment to sign in.";

class BadRequest extends Error {
  constructor(
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

/** Every module under convex/ as convex-test expects it: path -> lazy import. */
export function convexModules(convexDir: string): Record<string, () => Promise<unknown>> {
  const modules: Record<string, () => Promise<unknown>> = {};
  for (const entry of readdirSync(convexDir, { recursive: true, encoding: "utf8" })) {
    const file = entry.split(path.sep).join("/");
    if (!/\.(ts|js|mts|mjs)$/.test(file) || /\.(test|d)\.[mc]?[jt]s$/.test(file)) {
      continue;
    }
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
  return (
    typeof v === "object" && v !== null && !Array.isArray(v) && "continueCursor" in v && "isDone" in v && "page" in v
  );
}

async function readBody(req: http.IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) {
      throw new BadRequest(`Request body is larger than ${MAX_BODY_BYTES} bytes`, 413);
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** The body of an HTTP API call, or BadRequest naming what is wrong with it. */
function parseCall(raw: Buffer): { path: string; args: Record<string, Value> } {
  let body: unknown;
  try {
    body = JSON.parse(raw.toString("utf8"));
  } catch {
    throw new BadRequest("Request body is not JSON");
  }
  const { path: udfPath, args } = (body ?? {}) as { path?: unknown; args?: unknown };
  if (typeof udfPath !== "string" || !/^[\w/.-]+(:[\w]+)?$/.test(udfPath)) {
    throw new BadRequest('path: expected "module:function"');
  }
  // /api/function sends the arguments object itself; the others wrap it in an array.
  const value = Array.isArray(args) ? (args[0] ?? {}) : (args ?? {});
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new BadRequest("args: expected an object");
  }
  try {
    return { path: udfPath, args: jsonToConvex(value as JSONValue) as Record<string, Value> };
  } catch {
    throw new BadRequest("args: not Convex-encoded JSON");
  }
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
  // Set by Convex on a real deployment; functions may read them.
  process.env.CONVEX_CLOUD_URL = url;
  process.env.CONVEX_SITE_URL = siteUrl;
  const allowedOrigins = new Set(options.allowedOrigins ?? []);
  const localKeys = options.localOperatorJwks
    ? createLocalJWKSet(JSON.parse(options.localOperatorJwks) as JSONWebKeySet)
    : undefined;

  /** The identity a token proves, checked as Convex checks a customJwt provider's; null when it proves nothing. */
  async function verifyToken(token: string): Promise<{ identity: Identity; expiresAt: number } | null> {
    if (!localKeys) {
      return null;
    }
    try {
      const { payload } = await jwtVerify(token, localKeys, {
        issuer: LOCAL_OPERATOR.issuer,
        audience: LOCAL_OPERATOR.audience,
        algorithms: [LOCAL_OPERATOR.algorithm],
        requiredClaims: ["sub", "exp", "iat"],
      });
      const { sub, iss, aud: _aud, exp, iat: _iat, nbf: _nbf, jti: _jti, ...claims } = payload;
      const identity: Identity = { ...claims, subject: sub!, issuer: iss!, tokenIdentifier: `${iss}|${sub}` };
      return { identity, expiresAt: exp! * 1000 };
    } catch {
      return null;
    }
  }

  /** Browsers send Origin on cross-origin calls and WebSocket upgrades: only the dashboard's own pass. */
  function refusedOrigin(req: http.IncomingMessage): string | null {
    const origin = req.headers.origin;
    if (origin === undefined || allowedOrigins.has(origin)) {
      return null;
    }
    log(`[offline backend] refused ${req.method} ${req.url} from origin ${JSON.stringify(origin)}`);
    return origin;
  }

  function corsHeaders(req: http.IncomingMessage): Record<string, string> {
    const origin = req.headers.origin;
    if (!origin) {
      return {};
    }
    return {
      "access-control-allow-origin": origin,
      "access-control-allow-headers": "Content-Type, Authorization, Convex-Client",
      "access-control-allow-methods": "GET, POST, OPTIONS",
      vary: "Origin",
    };
  }

  const modules = convexModules(convexDir);
  const schemaModule = (await modules["convex/schema.ts"]()) as { default: SchemaDefinition<never, boolean> };
  const t = convexTest({ schema: schemaModule.default, modules, transactionLimits: true });
  const convexGlobal = await captureConvexGlobal(() => t.run(async () => null));
  const rootDb = Object.values(convexGlobal.components)[0].db;
  if (options.snapshot) {
    restoreSnapshot(rootDb, convexGlobal, options.snapshot);
  }

  /** convex-test's file URLs point at a made-up host; this backend serves the files itself. */
  function withServedStorageUrls(value: Value): Value {
    if (typeof value === "string") {
      return value.startsWith(CONVEX_TEST_STORAGE_URL)
        ? `${url}/api/storage/${value.slice(CONVEX_TEST_STORAGE_URL.length)}`
        : value;
    }
    if (Array.isArray(value)) {
      return value.map(withServedStorageUrls);
    }
    if (value && typeof value === "object" && !(value instanceof ArrayBuffer)) {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withServedStorageUrls(v as Value)]));
    }
    return value;
  }

  /** A stored file by the key in its URL (convex-test's URLs name the file's sha256). */
  async function storedFile(key: string) {
    return await t.run(async (ctx) => {
      // In-memory demo storage: a scan is fine here.
      const files = await ctx.db.system.query("_storage").collect();
      const file = files.find((f) => f.sha256 === key);
      const blob = file && (await ctx.storage.get(file._id));
      return blob
        ? { bytes: await blob.arrayBuffer(), contentType: file.contentType ?? "application/octet-stream" }
        : null;
    });
  }

  async function loadFunction(udfPath: string): Promise<RegisteredFunction | undefined> {
    const [modulePath, name] = udfPath.split(":");
    const key = Object.keys(modules).find((k) => k.replace(/\.[^.]+$/, "") === `convex/${modulePath}`);
    if (!key || modulePath.startsWith("_") || modulePath.includes("/_")) {
      return undefined;
    }
    const mod = (await modules[key]()) as Record<string, RegisteredFunction | undefined>;
    return mod[name];
  }

  /** Runs a function as `identity` (anonymous without one), refusing internal ones unless admin. */
  async function call(
    kind: Kind | "any",
    rawPath: string,
    args: Record<string, Value>,
    admin = false,
    identity: Identity | null = null,
  ): Promise<Outcome> {
    const udfPath = canonicalPath(rawPath);
    try {
      const fn = await loadFunction(udfPath);
      if (!fn || (!fn.isPublic && !admin)) {
        throw new Error(
          `Could not find public function for '${udfPath}'. Did you forget to run \`npx convex dev\` or \`npx convex deploy\`?`,
        );
      }
      const type: Kind = kind !== "any" ? kind : fn.isQuery ? "query" : fn.isMutation ? "mutation" : "action";
      const caller = identity ? t.withIdentity(identity) : t;
      const value =
        type === "query"
          ? await caller.query(makeFunctionReference<"query">(udfPath), args)
          : type === "mutation"
            ? await caller.mutation(makeFunctionReference<"mutation">(udfPath), args)
            : await caller.action(makeFunctionReference<"action">(udfPath), args);
      return { ok: true, value: withServedStorageUrls((value ?? null) as Value) };
    } catch (error) {
      const described = describeError(error);
      if (kind !== "query") {
        log(`[offline backend] ${udfPath} failed: ${described.errorMessage.split("\n")[1]}`);
      }
      return { ok: false, ...described };
    }
  }

  // ---- live queries: after a commit, re-run the subscriptions whose reads it wrote, send what changed ----
  let latestTs = convexGlobal.transactionManager._lastCommitTs;
  const connections = new Set<Connection>();
  let refreshQueued = false;
  const metrics: BackendMetrics = { subscriptionRuns: 0, subscriptionRunsByFunction: {} };
  const tracking = trackReadsAndWrites(rootDb, (writes) => {
    for (const c of connections) {
      c.pendingWrites.push(...writes);
    }
  });
  const commit = convexGlobal.transactionManager.commit.bind(convexGlobal.transactionManager);
  convexGlobal.transactionManager.commit = (isNested: boolean) => {
    const ts = commit(isNested);
    if (ts !== null) {
      latestTs = ts;
      if (!refreshQueued) {
        refreshQueued = true;
        setImmediate(() => {
          refreshQueued = false;
          for (const c of connections) {
            c.enqueue(() => c.refresh(false));
          }
        });
      }
    }
    return ts;
  };

  class Connection {
    version: Version = { querySet: 0, ts: 0n, identity: 0 };
    subscriptions = new Map<number, Subscription>();
    /** Writes committed since this connection last refreshed. */
    pendingWrites: Write[] = [];
    private identity: Identity | null = null;
    private expiry: NodeJS.Timeout | undefined;
    private sendQueue: Promise<void> = Promise.resolve();
    private mutationQueue: Promise<void> = Promise.resolve();
    private ping: NodeJS.Timeout;

    constructor(private socket: WebSocket) {
      this.ping = setInterval(() => this.send({ type: "Ping" }), PING_INTERVAL_MS);
      socket.on("message", (data) => this.onMessage(String(data)));
      socket.on("close", () => {
        clearInterval(this.ping);
        clearTimeout(this.expiry);
        connections.delete(this);
      });
    }

    send(message: unknown) {
      if (this.socket.readyState === this.socket.OPEN) {
        this.socket.send(JSON.stringify(message));
      }
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
      const reads: ReadSet = { ids: new Set(), ranges: [] };
      const outcome = await tracking.reading(reads, () => call("query", sub.udfPath, args, false, this.identity));
      sub.reads = reads;
      metrics.subscriptionRuns += 1;
      metrics.subscriptionRunsByFunction[sub.udfPath] = (metrics.subscriptionRunsByFunction[sub.udfPath] ?? 0) + 1;
      if (outcome.ok && paginationOpts && sub.endCursor === undefined && isPaginationResult(outcome.value)) {
        sub.endCursor = outcome.value.continueCursor;
      }
      const journal = sub.endCursor === undefined ? null : JSON.stringify({ endCursor: sub.endCursor });
      const key = outcome.ok
        ? JSON.stringify(convexToJson(outcome.value))
        : `error:${outcome.errorMessage.split("\n")[1]}`;
      if (key === sub.lastKey) {
        return null;
      }
      sub.lastKey = key;
      return outcome.ok
        ? { type: "QueryUpdated", queryId, value: convexToJson(outcome.value), logLines: [], journal }
        : {
            type: "QueryFailed",
            queryId,
            errorMessage: outcome.errorMessage,
            errorData: outcome.errorData,
            logLines: [],
            journal,
          };
    }

    transition(end: Version, modifications: unknown[]) {
      this.send({
        type: "Transition",
        startVersion: encodeVersion(this.version),
        endVersion: encodeVersion(end),
        modifications,
      });
      this.version = end;
    }

    /**
     * Re-runs the subscriptions the writes committed since the last refresh could change (every one when
     * `all`, e.g. after the identity changed), as Convex does; `force` sends a Transition even when nothing
     * changed (mutations need one to resolve).
     */
    async refresh(force: boolean, all = false) {
      const writes = this.pendingWrites;
      this.pendingWrites = [];
      const modifications = [];
      for (const [queryId, sub] of this.subscriptions) {
        if (!all && sub.reads && !tracking.touches(sub.reads, writes)) {
          continue;
        }
        const modification = await this.runSubscription(queryId, sub);
        if (modification) {
          modifications.push(modification);
        }
      }
      const ts = latestTs > this.version.ts ? latestTs : this.version.ts;
      if (force || modifications.length > 0 || ts > this.version.ts) {
        this.transition({ ...this.version, ts }, modifications);
      }
    }

    /** Verifies a token and re-runs every subscription as its identity; a bad token gets the protocol's AuthError. */
    async authenticate(message: Extract<ClientMessage, { type: "Authenticate" }>) {
      const { tokenType, baseVersion } = message;
      clearTimeout(this.expiry);
      const verified = tokenType === "User" && message.value ? await verifyToken(message.value) : null;
      if (tokenType !== "None" && !verified) {
        this.identity = null;
        this.send({ type: "AuthError", error: OFFLINE_AUTH_ERROR, baseVersion, authUpdateAttempted: true });
        return;
      }
      this.identity = verified?.identity ?? null;
      if (verified) {
        // An expired token stops working, as on Convex; the client then fetches a fresh one.
        this.expiry = setTimeout(
          () => {
            this.identity = null;
            this.enqueue(async () => {
              this.send({
                type: "AuthError",
                error: "Token expired",
                baseVersion: this.version.identity,
                authUpdateAttempted: false,
              });
              await this.refresh(false, true);
            });
          },
          Math.min(Math.max(verified.expiresAt - Date.now(), 0), 2 ** 31 - 1),
        );
      }
      for (const sub of this.subscriptions.values()) {
        sub.lastKey = undefined;
      }
      const modifications = [];
      for (const [queryId, sub] of this.subscriptions) {
        const modification = await this.runSubscription(queryId, sub);
        if (modification) {
          modifications.push(modification);
        }
      }
      this.transition({ ...this.version, identity: baseVersion + 1 }, modifications);
    }

    onMessage(raw: string) {
      let message: ClientMessage;
      try {
        message = JSON.parse(raw) as ClientMessage;
      } catch {
        log("[offline backend] closing a WebSocket that sent a message that is not JSON");
        this.socket.close(1008, "message is not JSON");
        return;
      }
      switch (message?.type) {
        case "Connect":
        case "Event":
          return;
        case "ModifyQuerySet":
          return this.enqueue(() => this.modifyQuerySet(message));
        case "Authenticate":
          return this.enqueue(() => this.authenticate(message));
        case "Mutation": {
          const { requestId, udfPath, args } = message;
          // Mutations of one connection run in the order they were sent, as on Convex.
          this.mutationQueue = this.mutationQueue.then(async () => {
            const outcome = await call(
              "mutation",
              udfPath,
              jsonToConvex(args[0] ?? {}) as Record<string, Value>,
              false,
              this.identity,
            );
            const ts = latestTs;
            this.enqueue(async () => {
              this.send(
                outcome.ok
                  ? {
                      type: "MutationResponse",
                      requestId,
                      success: true,
                      result: convexToJson(outcome.value),
                      ts: encodeTs(ts),
                      logLines: [],
                    }
                  : {
                      type: "MutationResponse",
                      requestId,
                      success: false,
                      result: outcome.errorMessage,
                      errorData: outcome.errorData,
                      logLines: [],
                    },
              );
              // The client resolves a mutation only once a later Transition reaches its timestamp.
              if (outcome.ok) {
                await this.refresh(true);
              }
            });
          });
          return;
        }
        case "Action": {
          // Actions run alongside everything else so their own writes stream out while they run.
          const { requestId, udfPath, args } = message;
          void call("action", udfPath, jsonToConvex(args[0] ?? {}) as Record<string, Value>, false, this.identity).then(
            (outcome) =>
              this.enqueue(async () =>
                this.send(
                  outcome.ok
                    ? {
                        type: "ActionResponse",
                        requestId,
                        success: true,
                        result: convexToJson(outcome.value),
                        logLines: [],
                      }
                    : {
                        type: "ActionResponse",
                        requestId,
                        success: false,
                        result: outcome.errorMessage,
                        errorData: outcome.errorData,
                        logLines: [],
                      },
                ),
              ),
          );
          return;
        }
        default:
          log(
            `[offline backend] ignoring client message ${JSON.stringify((message as { type?: unknown } | null)?.type)}`,
          );
      }
    }

    async modifyQuerySet(message: Extract<ClientMessage, { type: "ModifyQuerySet" }>) {
      if (message.baseVersion !== this.version.querySet) {
        this.send({
          type: "FatalError",
          error: `Query set version ${message.baseVersion} does not follow ${this.version.querySet}`,
        });
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
        if (m.journal) {
          sub.endCursor = (JSON.parse(m.journal) as { endCursor?: string }).endCursor;
        }
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
      if (res.headersSent) {
        return void res.end();
      }
      if (e instanceof BadRequest) {
        return void res.writeHead(e.status, { "content-type": "text/plain", ...corsHeaders(req) }).end(e.message);
      }
      log(`[offline backend] ${req.method} ${req.url} failed: ${String(e)}`);
      res.writeHead(500, { "content-type": "text/plain" }).end("Internal error in the offline backend (see its log)");
    });
  });

  async function handleApi(req: http.IncomingMessage, res: http.ServerResponse) {
    if (refusedOrigin(req)) {
      return void res.writeHead(403, { "content-type": "text/plain" }).end("Origin not allowed");
    }
    const cors = corsHeaders(req);
    const route = new URL(req.url ?? "/", url).pathname;
    if (req.method === "OPTIONS") {
      return void res.writeHead(204, cors).end();
    }
    if (req.method === "GET" && (route === "/version" || route === "/instance_name")) {
      return void res.writeHead(200, { "content-type": "text/plain", ...cors }).end("offline-backend");
    }
    if (req.method === "GET" && route.startsWith("/api/storage/")) {
      const file = await storedFile(decodeURIComponent(route.slice("/api/storage/".length)));
      return file
        ? void res
            .writeHead(200, { "content-type": file.contentType, "cache-control": "private, max-age=3600", ...cors })
            .end(Buffer.from(file.bytes))
        : void res.writeHead(404, cors).end("No such file");
    }
    const kinds: Record<string, Kind | "any"> = {
      "/api/query": "query",
      "/api/query_at_ts": "query",
      "/api/mutation": "mutation",
      "/api/action": "action",
      "/api/function": "any",
    };
    if (req.method === "POST" && route === "/api/query_ts") {
      return void res
        .writeHead(200, { "content-type": "application/json", ...cors })
        .end(JSON.stringify({ ts: encodeTs(latestTs) }));
    }
    const kind = kinds[route];
    if (req.method !== "POST" || !kind) {
      return void res.writeHead(404, cors).end(`No such endpoint: ${req.method} ${route}`);
    }
    const authorization = req.headers.authorization ?? "";
    const admin = authorization === `Convex ${adminKey}`;
    const verified = authorization.startsWith("Bearer ")
      ? await verifyToken(authorization.slice("Bearer ".length))
      : null;
    if (authorization && !admin && !verified) {
      return void res
        .writeHead(401, cors)
        .end(authorization.startsWith("Bearer ") ? OFFLINE_AUTH_ERROR : "Invalid admin key");
    }
    const body = parseCall(await readBody(req));
    // Query timestamps are not kept: a query "at" a past ts reads the current data.
    const outcome = await call(kind, body.path, body.args, admin, verified?.identity ?? null);
    const payload = outcome.ok
      ? { status: "success", value: convexToJson(outcome.value), logLines: [] }
      : { status: "error", errorMessage: outcome.errorMessage, errorData: outcome.errorData, logLines: [] };
    res
      .writeHead(outcome.ok ? 200 : STATUS_UDF_FAILED, { "content-type": "application/json", ...cors })
      .end(JSON.stringify(payload));
  }

  const wss = new WebSocketServer({ noServer: true });
  api.on("upgrade", (req, socket, head) => {
    if (refusedOrigin(req)) {
      return void socket.end("HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
    }
    if (!/^\/api\/[^/]+\/sync$/.test(new URL(req.url ?? "/", url).pathname)) {
      return void socket.destroy();
    }
    wss.handleUpgrade(req, socket, head, (ws) => connections.add(new Connection(ws)));
  });

  // ---- HTTP actions on the site port, through convex/http.ts ----
  const site = http.createServer((req, res) => {
    if (refusedOrigin(req)) {
      return void res.writeHead(403, { "content-type": "text/plain" }).end("Origin not allowed");
    }
    void (async () => {
      const body = req.method === "GET" || req.method === "HEAD" ? undefined : await readBody(req);
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) {
        if (value !== undefined) {
          headers.set(name, Array.isArray(value) ? value.join(", ") : value);
        }
      }
      const response = await t.fetch(req.url ?? "/", {
        method: req.method,
        headers,
        body: body && new Uint8Array(body),
      });
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(Buffer.from(await response.arrayBuffer()));
    })().catch((e) => {
      log(`[offline backend] HTTP action ${req.method} ${req.url} failed: ${String(e)}`);
      if (!res.headersSent) {
        res.writeHead(500, { "content-type": "text/plain" });
      }
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
      if (at === null) {
        return log(`[offline backend] cron "${jobName}" (${JSON.stringify(job.schedule)}) will not run`);
      }
      const timer = setTimeout(
        () => {
          cronTimers.delete(timer);
          if (closed) {
            return;
          }
          log(`[offline backend] cron "${jobName}" running ${job.name}`);
          void call("any", job.name, jsonToConvex(job.args[0] ?? {}) as Record<string, Value>, true).then(() =>
            arm(at),
          );
        },
        Math.min(at - Date.now(), 2 ** 31 - 1),
      );
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
      if (!outcome.ok) {
        throw new Error(outcome.errorMessage);
      }
      return outcome.value;
    },
    metrics: () => structuredClone(metrics),
    snapshot: () => takeSnapshot(rootDb, convexGlobal),
    async close() {
      closed = true;
      for (const timer of cronTimers) {
        clearTimeout(timer);
      }
      for (const client of wss.clients) {
        client.close(1001, "offline backend stopping");
      }
      api.closeAllConnections();
      site.closeAllConnections();
      await Promise.all([
        new Promise((r) => api.close(r)),
        new Promise((r) => site.close(r)),
        new Promise((r) => wss.close(r)),
      ]);
    },
  };
}

/**
 * Convex re-runs a subscription only when a commit writes a document it read or one inside an index range
 * it read. This records both on convex-test's database: `reading` collects what the function it runs reads
 * (point reads, and each query's source: index range, search or table scan), `touches` says whether any
 * write, before or after, lies in them, judged by convex-test's own range evaluation. A bounded read
 * (`take`, a page) counts its whole range, so it may re-run on a write past the rows it returned, where
 * Convex would not.
 */
function trackReadsAndWrites(db: FakeDb, onCommit: (writes: Write[]) => void) {
  const current = new AsyncLocalStorage<ReadSet>();
  let scanning = 0;
  const get = db.get.bind(db);
  db.get = (table, id) => {
    if (scanning === 0) {
      current.getStore()?.ids.add(id);
    }
    return get(table, id);
  };
  const resolveQuerySource = db._resolveQuerySource;
  const resolve = resolveQuerySource.bind(db);
  db._resolveQuerySource = (query) => {
    current.getStore()?.ranges.push(query);
    // Scanning a range reads each document through get(); those are part of the range, not point reads.
    scanning += 1;
    try {
      return resolve(query);
    } finally {
      scanning -= 1;
    }
  };
  const commit = db.commit.bind(db);
  db.commit = (commitTs) => {
    const top = db._writes.length === 1 ? db._writes[0] : undefined;
    const writes = top
      ? Object.entries(top).map(([id, after]) => ({ id, before: db._documents[id] ?? null, after }))
      : [];
    commit(commitTs);
    if (writes.length > 0) {
      onCommit(writes);
    }
  };
  /** Whether `doc` enters the query's source, evaluated by convex-test over just that document. */
  const inRange = (query: unknown, doc: Value) => {
    const one = Object.create(db) as FakeDb;
    one._iterateDocs = (_table, callback) => callback(doc);
    return resolveQuerySource.call(one, query).sortedDocs.length > 0;
  };
  const tableOf = (query: unknown) => {
    const source = (query as { source: { tableName?: string; indexName?: string } }).source;
    return source.tableName ?? source.indexName!.split(".")[0];
  };
  // convex-test's ids are a counter followed by the table name.
  const tableOfId = (id: string) => id.replace(/^\d+/, "");
  return {
    reading: <T>(reads: ReadSet, run: () => Promise<T>) => current.run(reads, run),
    touches(reads: ReadSet, writes: Write[]): boolean {
      return writes.some(
        ({ id, before, after }) =>
          reads.ids.has(id) ||
          reads.ranges.some(
            (query) =>
              tableOfId(id) === tableOf(query) && [before, after].some((doc) => doc !== null && inRange(query, doc)),
          ),
      );
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
  if (!captured) {
    throw new Error("offline backend: could not reach convex-test's state (convex-test version changed?)");
  }
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
    if (table === "_scheduled_functions" || table === "_storage") {
      continue;
    }
    db._documents[id] = doc;
    if (!db._tableIds.has(table)) {
      db._tableIds.set(table, new Set());
    }
    db._tableIds.get(table)!.add(id);
  }
  db._nextDocId = snapshot.nextDocId;
  db._lastCreationTime = snapshot.lastCreationTime;
  g.transactionManager._lastCommitTs = BigInt(snapshot.lastCommitTs);
}
