// npm run dev: the dashboard (next dev) plus a Convex backend, chosen in this order:
//   1. the deployment configured in the environment or .env.local (CONVEX_DEPLOYMENT or
//      CONVEX_SELF_HOSTED_URL): `convex dev` pushes and watches convex/;
//   2. a Convex local deployment (anonymous, no account), when this machine can download one;
//   3. the offline backend (scripts/offline-backend), in memory, when it cannot.
// Seeds the demo workspace on local backends, prints the webhook URL and secret, and
// stops everything on Ctrl-C.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { homedir } from "node:os";
import path from "node:path";
import { parseEnv } from "node:util";
import { ROOT, freePort, runAsAdmin, startOfflineBackendProcess, startProcess } from "./lib/processes.mjs";
import { nextDevArgs } from "./lib/nextDevArgs.mjs";

const DEV_STATE_PATH = path.join(ROOT, ".offline-backend/dev.json"); // read by scripts/simulate.ts
const DATA_PATH = path.join(ROOT, ".offline-backend/data.json");
const CONVEX = path.join(ROOT, "node_modules/.bin/convex");
const NEXT = path.join(ROOT, "node_modules/.bin/next");
const LOCAL_BACKEND_VERSION_URL = "https://version.convex.dev/v1/local_backend_version";

/** .env.local and .env, without overriding the shell (the order Next.js uses). */
function loadEnvFiles() {
  const env = {};
  for (const file of [".env", ".env.local"]) {
    const full = path.join(ROOT, file);
    if (existsSync(full)) Object.assign(env, parseEnv(readFileSync(full, "utf8")));
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
  if (!(await reachable(LOCAL_BACKEND_VERSION_URL))) return false;
  const cache = path.join(homedir(), ".cache/convex/binaries");
  const cached = existsSync(cache) && readdirSync(cache).length > 0;
  return cached || (await reachable("https://github.com/get-convex/convex-backend/releases", "HEAD"));
}

const running = [];
let stopping = false;
async function stopAll(code) {
  if (stopping) return;
  stopping = true;
  console.log("\nStopping…");
  // Next first, then the backend (the offline backend saves its data on the way out).
  for (const proc of [...running].reverse()) await proc.stop();
  rmSync(DEV_STATE_PATH, { force: true });
  process.exit(code);
}
process.on("SIGINT", () => void stopAll(0));
process.on("SIGTERM", () => void stopAll(0));

function keep(proc, name) {
  running.push(proc);
  void proc.exit.then(({ code, signal }) => {
    if (stopping) return;
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
    return keep(proc, name);
  } catch (error) {
    await proc.stop();
    console.error(String(error.message ?? error).split("\n")[0]);
    return null;
  }
}

/** `convex run seed:demo` against the deployment convex dev configured; returns its JSON result. */
async function seedWithCli(env) {
  const proc = startProcess("seed", CONVEX, ["run", "seed:demo"], { env, quiet: true });
  const { code } = await proc.exit;
  if (code !== 0) throw new Error(`convex run seed:demo failed:\n${proc.output()}`);
  // The CLI prints the function's return value as JSON.
  const json = /\{[\s\S]*\}/.exec(proc.output());
  if (!json) throw new Error(`convex run seed:demo printed no result:\n${proc.output()}`);
  return JSON.parse(json[0]);
}

function printWebhookHelp(siteUrl, seed) {
  const webhookUrl = `${siteUrl}/webhook/kapso`;
  mkdirSync(path.dirname(DEV_STATE_PATH), { recursive: true });
  writeFileSync(DEV_STATE_PATH, JSON.stringify({ webhookUrl, webhookSecret: seed.webhookSecret, phoneNumberId: seed.phoneNumberId }, null, 2));
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
  let convexUrl;

  if (env.CONVEX_DEPLOYMENT || env.CONVEX_SELF_HOSTED_URL) {
    const target = env.CONVEX_DEPLOYMENT ?? env.CONVEX_SELF_HOSTED_URL;
    banner([
      `BACKEND: your Convex deployment (${target}).`,
      "`convex dev` pushes convex/ on every change. Data lives in that deployment.",
    ]);
    if (!(await startConvexDev(env, "convex"))) throw new Error(`convex dev could not start against ${target} (see above).`);
    convexUrl = loadEnvFiles().NEXT_PUBLIC_CONVEX_URL ?? env.CONVEX_SELF_HOSTED_URL;
    if (/^(local|anonymous):/.test(env.CONVEX_DEPLOYMENT ?? "")) {
      printWebhookHelp(loadEnvFiles().CONVEX_SITE_URL ?? siteUrlOf(convexUrl), await seedWithCli(env));
    } else {
      console.log("Not seeding a remote deployment. For demo data there: npx convex run seed:demo");
    }
  } else if (await canGetLocalDeployment()) {
    banner([
      "BACKEND: a Convex local deployment (anonymous, no account needed).",
      "The real Convex backend runs on this machine; `convex dev` pushes convex/ on every change.",
      "Data is kept in .convex/ between runs.",
    ]);
    if (await startConvexDev({ ...env, CONVEX_AGENT_MODE: "anonymous" }, "convex")) {
      const written = loadEnvFiles();
      convexUrl = written.NEXT_PUBLIC_CONVEX_URL;
      printWebhookHelp(written.CONVEX_SITE_URL ?? siteUrlOf(convexUrl), await seedWithCli({ ...env, ...written }));
    } else {
      console.log("The local deployment did not start; using the offline backend instead.");
    }
  }

  if (!convexUrl) {
    banner([
      "BACKEND: the OFFLINE BACKEND (this machine cannot download a Convex local deployment).",
      "It runs this project's convex/ functions in memory through convex-test: for demos and",
      "tests on one machine, not production. Data is saved to .offline-backend/data.json when",
      "you stop it. Only the local operator (no sign-in). See README \"Running it\".",
    ]);
    if (clerk) console.warn("Warning: Clerk keys are set, but the offline backend serves only the local operator; sign-in will fail.");
    // The usual local ports, unless something else holds them.
    const usual = (await portFree(3210)) && (await portFree(3211));
    const backend = keep(
      await startOfflineBackendProcess({
        port: usual ? 3210 : await freePort(),
        sitePort: usual ? 3211 : await freePort(),
        args: ["--data", DATA_PATH],
        env,
      }),
      "offline backend",
    );
    convexUrl = backend.url;
    printWebhookHelp(backend.siteUrl, await runAsAdmin(backend, "seed:demo"));
  }

  banner([
    `Dashboard: http://localhost:${port}  ${clerk ? "(Clerk sign-in)" : "(local operator mode: no sign-in)"}`,
    `Convex URL: ${convexUrl}`,
    "Ctrl-C stops everything.",
  ]);
  keep(startProcess("next", NEXT, nextDevArgs(port, convexUrl), { env: { ...env, NEXT_PUBLIC_CONVEX_URL: convexUrl } }), "next dev");
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
