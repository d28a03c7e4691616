// npm run test:e2e: browser tests against a production build (`next build` + `next start`)
// and the offline backend, driven through Debian's Chromium by playwright-core.
// Every process it starts is stopped again, pass or fail; the last line says which.
import { randomBytes } from "node:crypto";
import { existsSync, readdirSync, rmSync } from "node:fs";
import path from "node:path";
import { ROOT, freePort, runAsAdmin, startOfflineBackendProcess, startProcess, waitForHttp } from "./lib/processes.mjs";
import { createLocalKeys } from "./lib/localKeys.mjs";
import { startFakeKapsoMedia } from "./lib/fakeKapsoMedia.mjs";

const CHROMIUM = process.env.E2E_CHROMIUM ?? "/usr/bin/chromium";
const ARTIFACTS = path.join(ROOT, "e2e-artifacts");
const TEST_DIR = path.join(ROOT, "tests/e2e");

const running = [];
async function stopAll() {
  for (const proc of running.splice(0).reverse()) {
    await proc.stop();
  }
}

function finish(ok, detail) {
  console.log(`\ne2e: ${ok ? "PASSED" : "FAILED"} (${detail})`);
  process.exitCode = ok ? 0 : 1;
}

async function main() {
  if (!existsSync(CHROMIUM)) {
    console.error(
      `Chromium was not found at ${CHROMIUM}. The browser tests drive Debian's Chromium: install it with\n` +
        "  apt-get install chromium\n(.ci/run does this), or point E2E_CHROMIUM at a Chromium binary.",
    );
    return finish(false, "no Chromium");
  }
  const [backendPort, sitePort, webPort] = [await freePort(), await freePort(), await freePort()];
  const backendUrl = `http://127.0.0.1:${backendPort}`;
  const baseUrl = `http://127.0.0.1:${webPort}`;
  // This run's own keys, as `npm run dev` makes for a machine: the dashboard signs the local
  // operator's token, the backend trusts it, and serves no browser origin but the dashboard's.
  const keys = await createLocalKeys();
  // The deployment-wide webhook secret, also the demo workspace's own: a delivery for a number no workspace
  // has yet verifies with it, and still does once that number is set on the demo workspace.
  const deploymentWebhookSecret = randomBytes(32).toString("hex");
  // No Clerk keys (local operator mode) and no external services: everything stays on this machine.
  const env = {
    ...process.env,
    NEXT_TELEMETRY_DISABLED: "1",
    CLERK_TELEMETRY_DISABLED: "1",
    NEXT_PUBLIC_CONVEX_URL: backendUrl,
    NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: "",
    CLERK_SECRET_KEY: "",
    KAPSO_API_KEY: "",
    XAI_API_KEY: "",
  };

  console.log(`e2e: building the dashboard for ${backendUrl}…`);
  const build = startProcess("build", path.join(ROOT, "node_modules/.bin/next"), ["build"], { env, quiet: true });
  const built = await build.exit;
  if (built.code !== 0) {
    console.error(build.output());
    return finish(false, "next build failed");
  }

  rmSync(ARTIFACTS, { recursive: true, force: true });
  const kapsoMedia = await startFakeKapsoMedia();
  running.push(kapsoMedia);
  const backend = await startOfflineBackendProcess({
    port: backendPort,
    sitePort,
    args: ["--allow-origin", baseUrl],
    env: {
      ...env,
      LOCAL_OPERATOR_JWKS: keys.jwks,
      KAPSO_SECRETS_KEY: keys.kapsoSecretsKey,
      KAPSO_API_BASE_URL: kapsoMedia.url,
      KAPSO_WEBHOOK_SECRET: deploymentWebhookSecret,
    },
    quiet: true,
  });
  running.push(backend);
  const seed = await runAsAdmin(backend, "seed:demo", { webhookSecret: deploymentWebhookSecret });
  running.push(
    startProcess(
      "next",
      path.join(ROOT, "node_modules/.bin/next"),
      ["start", "--port", String(webPort), "--hostname", "127.0.0.1"],
      {
        env: { ...env, LOCAL_OPERATOR_PRIVATE_JWK: keys.privateJwk },
        quiet: true,
      },
    ),
  );
  await waitForHttp(baseUrl);

  const files = readdirSync(TEST_DIR)
    .filter((f) => f.endsWith(".e2e.ts"))
    // E2E_ONLY=inbox,deliveries runs just those files while working on them; npm test runs all.
    .filter((f) => !process.env.E2E_ONLY || process.env.E2E_ONLY.split(",").some((name) => f.startsWith(name)))
    .sort()
    .map((f) => path.join(TEST_DIR, f));
  console.log(`e2e: running ${files.length} files against ${baseUrl} (screenshots in e2e-artifacts/)\n`);
  const tests = startProcess(
    "e2e",
    process.execPath,
    ["--import", "tsx", "--test", "--test-concurrency=1", "--test-timeout=180000", "--test-reporter=spec", ...files],
    {
      env: {
        ...env,
        E2E_BASE_URL: baseUrl,
        E2E_SITE_URL: backend.siteUrl,
        E2E_CONVEX_URL: backendUrl,
        E2E_WEBHOOK_SECRET: seed.webhookSecret,
        E2E_PHONE_NUMBER_ID: seed.phoneNumberId,
        E2E_KAPSO_URL: kapsoMedia.url,
        E2E_CHROMIUM: CHROMIUM,
        E2E_ARTIFACTS: ARTIFACTS,
      },
      quiet: true,
    },
  );
  // Stream the reporter's output as it comes.
  tests.child.stdout.on("data", (chunk) => process.stdout.write(chunk));
  tests.child.stderr.on("data", (chunk) => process.stderr.write(chunk));
  running.push(tests);
  const { code } = await tests.exit;
  const passed = /ℹ pass (\d+)/.exec(tests.output())?.[1] ?? "?";
  const failed = /ℹ fail (\d+)/.exec(tests.output())?.[1] ?? "?";
  if (code !== 0) {
    console.error("\nLast backend output:\n" + backend.output());
  }
  finish(code === 0, `${passed} passed, ${failed} failed`);
}

for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => void stopAll().then(() => process.exit(130)));
}
try {
  await main();
} catch (error) {
  console.error(error);
  finish(false, String(error.message ?? error).split("\n")[0]);
} finally {
  await stopAll();
}
