// npm run dev: the dashboard (next dev) plus a Convex backend, chosen in this order:
//   1. the deployment configured in the environment or .env.local (CONVEX_DEPLOYMENT or
//      CONVEX_SELF_HOSTED_URL): `convex dev` pushes and watches convex/;
//   2. a Convex local deployment (anonymous, no account), when this machine can download one;
//   3. the offline backend (scripts/offline-backend), in memory, when it cannot.
// Seeds the demo workspace on local backends, prints the webhook URL and secret, and
// stops everything on Ctrl-C. Local backends trust this machine's local-operator key and
// seal secrets with its KAPSO_SECRETS_KEY (scripts/lib/localKeys.mjs, .local-keys.json).
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { homedir } from "node:os";
import path from "node:path";
import { parseEnv, promisify } from "node:util";
import { ROOT, freePort, runAsAdmin, startOfflineBackendProcess, startProcess } from "./lib/processes.mjs";
import { LOCAL_KEYS_PATH, loadOrCreateLocalKeys } from "./lib/localKeys.mjs";
import { nextDevArgs } from "./lib/nextDevArgs.mjs";

const DEV_STATE_PATH = path.join(ROOT, ".offline-backend/dev.json"); // read by scripts/simulate.ts
const DATA_PATH = path.join(ROOT, ".offline-backend/data.json");
const CONVEX = path.join(ROOT, "node_modules/.bin/convex");
const NEXT = path.join(ROOT, "node_modules/.bin/next");
const execFileAsync = promisify(execFile);
const LOCAL_BACKEND_VERSION_URL = "https://version.convex.dev/v1/local_backend_version";

/** .env.local and .env, without overriding the shell (the order Next.js uses). */
function loadEnvFiles() {
  const env = {};
  for (const file of [".env", ".env.local"]) {
    const full = path.join(ROOT, file);
    if (existsSync(full)) {
      Object.assign(env, parseEnv(readFileSync(full, "utf8")));
    }
  }
  return { ...env, ...process.env };
}

function banner(lines) {
  const rule = "=".repeat(78);
  console.log(["", rule, ...lines.map((l) => ` ${l}`), rule, ""].join("\n"));
}

async function reachable(url, method = "GET") {
  try {
    const response = await fetch(url, { method, signal: AbortSignal.timeout(3000) });
    return response.ok;
  } catch {
    return false;
  }
}

/** The local backend binary comes from GitHub unless a version is cached already. */
async function canGetLocalDeployment() {
  if (!(await reachable(LOCAL_BACKEND_VERSION_URL))) {
    return false;
  }
  const cache = path.join(homedir(), ".cache/convex/binaries");
  const cached = existsSync(cache) && readdirSync(cache).length > 0;
  return cached || (await reachable("https://github.com/get-convex/convex-backend/releases", "HEAD"));
}

const running = [];
let stopping = false;
async function stopAll(code) {
  if (stopping) {
    return;
  }
  stopping = true;
  console.log("\nStopping…");
  // Next first, then the backend (the offline backend saves its data on the way out).
  for (const proc of [...running].reverse()) {
    await proc.stop();
  }
  rmSync(DEV_STATE_PATH, { force: true });
  process.exit(code);
}
process.on("SIGINT", () => void stopAll(0));
process.on("SIGTERM", () => void stopAll(0));

function keep(proc, name) {
  running.push(proc);
  void proc.exit.then(({ code, signal }) => {
    if (stopping) {
      return;
    }
    console.error(`\n${name} exited (${signal ?? code}); stopping the rest.`);
    void stopAll(1);
  });
  return proc;
}

/** Runs `convex dev` until its first push is done; null if it exits first. */
async function startConvexDev(env, name) {
  const proc = startProcess(name, CONVEX, ["dev", "--tail-logs", "always"], {
    env,
    readyPattern: /Convex functions ready/i,
    timeoutMs: 180_000,
  });
  try {
    await proc.ready;
    return proc;
  } catch (error) {
    await proc.stop();
    console.error(String(error.message ?? error).split("\n")[0]);
    return null;
  }
}

/** A `convex` CLI command against the deployment convex dev configured; returns what it printed on stdout. */
async function convexCli(env, args) {
  try {
    return (await execFileAsync(CONVEX, args, { env, cwd: ROOT, maxBuffer: 16 * 1024 * 1024 })).stdout;
  } catch (error) {
    throw new Error(`convex ${args[0]} ${args[1] ?? ""} failed:\n${error.stderr ?? error.message}`);
  }
}

/** `convex run <fn>` and its JSON result (the CLI prints the function's return value). */
async function runWithCli(env, fn) {
  const output = await convexCli(env, ["run", fn]);
  const json = /\{[\s\S]*\}/.exec(output);
  if (!json) {
    throw new Error(`convex run ${fn} printed no result:\n${output}`);
  }
  return JSON.parse(json[0]);
}

/**
 * Makes a local deployment trust this machine's local-operator key and seal secrets, then
 * starts `convex dev` again when that changed anything: auth.config.ts reads the key when pushed.
 * A KAPSO_SECRETS_KEY already on the deployment stays (replacing it would lock its secrets away).
 */
async function trustLocalKeys(env, proc, name, keys) {
  const current = async (variable) => (await convexCli(env, ["env", "get", variable])).trim();
  let changed = false;
  if ((await current("LOCAL_OPERATOR_JWKS")) !== keys.jwks) {
    await convexCli(env, ["env", "set", "LOCAL_OPERATOR_JWKS", keys.jwks]);
    changed = true;
  }
  if (!(await current("KAPSO_SECRETS_KEY"))) {
    await convexCli(env, ["env", "set", "KAPSO_SECRETS_KEY", keys.kapsoSecretsKey]);
    changed = true;
  }
  if (!changed) {
    return keep(proc, name);
  }
  console.log("Local deployment now trusts this machine's local operator key; pushing again…");
  await proc.stop();
  const again = await startConvexDev(env, name);
  if (!again) {
    throw new Error("convex dev did not start again after setting LOCAL_OPERATOR_JWKS (see above).");
  }
  return keep(again, name);
}

/** Seeds the demo workspace and seals secrets stored before the key; returns the seed's result. */
async function seedLocalDeployment(env) {
  const seed = await runWithCli(env, "seed:demo");
  await runWithCli(env, "workspaceSecrets:reseal");
  return seed;
}

function printWebhookHelp(siteUrl, seed) {
  const webhookUrl = `${siteUrl}/webhook/kapso`;
  mkdirSync(path.dirname(DEV_STATE_PATH), { recursive: true });
  writeFileSync(
    DEV_STATE_PATH,
    JSON.stringify({ webhookUrl, webhookSecret: seed.webhookSecret, phoneNumberId: seed.phoneNumberId }, null, 2),
  );
  banner([
    `Demo workspace "Demo Store" ${seed.created ? "created" : "already there"} (Kapso phone_number_id ${seed.phoneNumberId}).`,
    `Webhook URL for Kapso:  ${webhookUrl}`,
    `Webhook secret:         ${seed.webhookSecret}`,
    "Kapso cannot reach a loopback URL: expose it with a tunnel, or send test events:",
    "  npm run simulate",
  ]);
}

async function main() {
  const env = { ...loadEnvFiles(), NEXT_TELEMETRY_DISABLED: "1", CLERK_TELEMETRY_DISABLED: "1" };
  const clerk = Boolean(env.NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY);
  const port = env.PORT ?? "3000";
  const keys = await loadOrCreateLocalKeys();
  let convexUrl;
  // Whether the backend trusts this machine's local-operator key (local backends only, never a remote deployment).
  let trustsLocalOperator = false;

  if (env.CONVEX_DEPLOYMENT || env.CONVEX_SELF_HOSTED_URL) {
    const target = env.CONVEX_DEPLOYMENT ?? env.CONVEX_SELF_HOSTED_URL;
    banner([
      `BACKEND: your Convex deployment (${target}).`,
      "`convex dev` pushes convex/ on every change. Data lives in that deployment.",
    ]);
    const proc = await startConvexDev(env, "convex");
    if (!proc) {
      throw new Error(`convex dev could not start against ${target} (see above).`);
    }
    convexUrl = loadEnvFiles().NEXT_PUBLIC_CONVEX_URL ?? env.CONVEX_SELF_HOSTED_URL;
    if (/^(local|anonymous):/.test(env.CONVEX_DEPLOYMENT ?? "")) {
      await trustLocalKeys(env, proc, "convex", keys);
      trustsLocalOperator = true;
      printWebhookHelp(loadEnvFiles().CONVEX_SITE_URL ?? siteUrlOf(convexUrl), await seedLocalDeployment(env));
    } else {
      keep(proc, "convex");
      console.log("Not seeding a remote deployment. For demo data there: npx convex run seed:demo");
    }
  } else if (await canGetLocalDeployment()) {
    banner([
      "BACKEND: a Convex local deployment (anonymous, no account needed).",
      "The real Convex backend runs on this machine; `convex dev` pushes convex/ on every change.",
      "Data is kept in .convex/ between runs.",
    ]);
    const localEnv = { ...env, CONVEX_AGENT_MODE: "anonymous" };
    const proc = await startConvexDev(localEnv, "convex");
    if (proc) {
      const written = { ...localEnv, ...loadEnvFiles() };
      await trustLocalKeys(written, proc, "convex", keys);
      trustsLocalOperator = true;
      convexUrl = written.NEXT_PUBLIC_CONVEX_URL;
      printWebhookHelp(written.CONVEX_SITE_URL ?? siteUrlOf(convexUrl), await seedLocalDeployment(written));
    } else {
      console.log("The local deployment did not start; using the offline backend instead.");
    }
  }

  if (!convexUrl) {
    banner([
      "BACKEND: the OFFLINE BACKEND (this machine cannot download a Convex local deployment).",
      "It runs this project's convex/ functions in memory through convex-test: for demos and",
      "tests on one machine, not production. Data is saved to .offline-backend/data.json when",
      'you stop it. Only the local operator (no sign-in). See README "Running it" and "Security".',
    ]);
    if (clerk) {
      console.warn(
        "Warning: Clerk keys are set, but the offline backend serves only the local operator; sign-in will fail.",
      );
    }
    // The usual local ports, unless something else holds them.
    const usual = (await portFree(3210)) && (await portFree(3211));
    const backend = keep(
      await startOfflineBackendProcess({
        port: usual ? 3210 : await freePort(),
        sitePort: usual ? 3211 : await freePort(),
        // The dashboard's own origins; nothing else may call it from a browser.
        args: ["--data", DATA_PATH, ...dashboardOrigins(port).flatMap((origin) => ["--allow-origin", origin])],
        env: { ...env, LOCAL_OPERATOR_JWKS: keys.jwks, KAPSO_SECRETS_KEY: keys.kapsoSecretsKey },
      }),
      "offline backend",
    );
    convexUrl = backend.url;
    trustsLocalOperator = true;
    const seed = await runAsAdmin(backend, "seed:demo");
    await runAsAdmin(backend, "workspaceSecrets:reseal");
    printWebhookHelp(backend.siteUrl, seed);
  }

  banner([
    `Dashboard: http://localhost:${port}  ${clerk ? "(Clerk sign-in)" : "(local operator mode: no sign-in, on this machine only)"}`,
    `Convex URL: ${convexUrl}`,
    ...(!clerk && !trustsLocalOperator
      ? ["This deployment does not trust this machine's local operator key: without Clerk, nobody can open it."]
      : []),
    `Local keys: ${path.relative(ROOT, LOCAL_KEYS_PATH)} (git-ignored; keep it private).`,
    "Ctrl-C stops everything.",
  ]);
  // Only the dashboard's server holds the private key, and only when the backend trusts it.
  const nextEnv = {
    ...env,
    NEXT_PUBLIC_CONVEX_URL: convexUrl,
    ...(trustsLocalOperator && !clerk ? { LOCAL_OPERATOR_PRIVATE_JWK: keys.privateJwk } : {}),
  };
  keep(startProcess("next", NEXT, nextDevArgs(port, convexUrl), { env: nextEnv }), "next dev");
}

/** The origins a browser gives the dashboard on this machine. */
function dashboardOrigins(port) {
  return [`http://localhost:${port}`, `http://127.0.0.1:${port}`, `http://[::1]:${port}`];
}

/** Local deployments serve HTTP actions on the next port. */
function siteUrlOf(convexUrl) {
  const url = new URL(convexUrl);
  url.port = String(Number(url.port) + 1);
  return url.origin;
}

function portFree(port) {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

main().catch((error) => {
  console.error(`\nnpm run dev failed: ${error.message ?? error}`);
  void stopAll(1);
});
