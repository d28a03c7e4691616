// Bundles convex/ with Convex's own bundler, offline, as `convex deploy` would.
// convex-test's edge runtime accepts Node built-ins that the real default runtime
// rejects; this catches them. With no reachable deployment the CLI stops after
// bundling with "Unable to pull deployment config": reaching that means success.
import { spawnSync } from "node:child_process";

const result = spawnSync(
  "node_modules/.bin/convex",
  ["deploy", "--dry-run", "--typecheck", "disable", "--codegen", "disable", "-y"],
  {
    encoding: "utf8",
    env: {
      ...process.env,
      CONVEX_DEPLOYMENT: "",
      CONVEX_SELF_HOSTED_URL: "http://127.0.0.1:9",
      CONVEX_SELF_HOSTED_ADMIN_KEY: "offline-bundle-check",
    },
    timeout: 120_000,
  },
);
const output = `${result.stdout ?? ""}${result.stderr ?? ""}`;
if (/Unable to pull deployment config/i.test(output)) {
  console.log("convex bundle check: passed (both runtimes bundled)");
  process.exit(0);
}
console.error(output);
console.error("convex bundle check: FAILED (see the bundler output above)");
process.exit(1);
