// npm run bench:bundle: First Load JS per dashboard route against a bare Next.js page
// (ClerkProvider + ConvexProviderWithClerk + one useQuery) built with the same versions.
// Sizes are gzip -9 of each route's first-load chunks, from Next's route-bundle-stats.json.
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { ROOT } from "./lib/processes.mjs";

const BARE_SOURCE = path.join(ROOT, "bench/bare-page");
const BARE_BUILD = path.join(ROOT, ".bench-bundle/bare");
const TARGET = 1.15;
// A syntactically valid test key: Clerk's provider needs one to render, never to build.
const env = {
  ...process.env,
  NEXT_TELEMETRY_DISABLED: "1",
  NEXT_PUBLIC_CONVEX_URL: "http://127.0.0.1:3210",
  NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: "pk_test_" + Buffer.from("example.clerk.accounts.dev$").toString("base64"),
};

function build(dir) {
  console.log(`building ${path.relative(ROOT, dir) || "."} …`);
  // Each build with its own copy of next, so React resolves to one instance.
  execFileSync(path.join(dir, "node_modules/.bin/next"), ["build"], {
    cwd: dir,
    env,
    stdio: ["ignore", "ignore", "inherit"],
  });
}

/** gzip -9 bytes of each route's first-load chunks, keyed by route. */
function routeSizes(dir) {
  const stats = JSON.parse(readFileSync(path.join(dir, ".next/diagnostics/route-bundle-stats.json"), "utf8"));
  const gz = new Map();
  const sizeOf = (chunk) => {
    if (!gz.has(chunk)) {
      gz.set(chunk, gzipSync(readFileSync(path.join(dir, chunk)), { level: 9 }).length);
    }
    return gz.get(chunk);
  };
  return new Map(stats.map((s) => [s.route, s.firstLoadChunkPaths.reduce((sum, c) => sum + sizeOf(c), 0)]));
}

function prepareBarePage() {
  const project = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8"));
  const pick = ["next", "react", "react-dom", "@clerk/nextjs", "convex"];
  const dependencies = Object.fromEntries(pick.map((name) => [name, project.dependencies[name]]));
  rmSync(BARE_BUILD, { recursive: true, force: true });
  mkdirSync(BARE_BUILD, { recursive: true });
  cpSync(BARE_SOURCE, BARE_BUILD, { recursive: true });
  // Its own Turbopack root (see bench/bare-page/next.config.ts): with the project's as root, Next would also
  // build the project's src/proxy.ts into it. Turbopack does not follow a symlink out of its root, so the
  // project's node_modules come in as hard links (instant, no copy).
  execFileSync("cp", ["-al", path.join(ROOT, "node_modules"), path.join(BARE_BUILD, "node_modules")]);
  writeFileSync(
    path.join(BARE_BUILD, "package.json"),
    JSON.stringify({ name: "bare-page", private: true, type: "module", dependencies }, null, 2),
  );
  writeFileSync(
    path.join(BARE_BUILD, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: {
        target: "ES2022",
        lib: ["dom", "esnext"],
        jsx: "react-jsx",
        module: "esnext",
        moduleResolution: "bundler",
        strict: true,
        skipLibCheck: true,
        noEmit: true,
        esModuleInterop: true,
        isolatedModules: true,
        plugins: [{ name: "next" }],
      },
      include: ["**/*.ts", "**/*.tsx"],
    }),
  );
  return dependencies;
}

const versions = prepareBarePage();
build(BARE_BUILD);
build(ROOT);
const bare = routeSizes(BARE_BUILD).get("/");
const routes = [...routeSizes(ROOT)].filter(([route]) => route !== "/_not-found").sort((a, b) => b[1] - a[1]);
const kb = (bytes) => (bytes / 1000).toFixed(1).padStart(7);
console.log(
  `\nFirst Load JS, gzip -9 (bare page: ${Object.entries(versions)
    .map(([n, v]) => `${n}@${v}`)
    .join(", ")})`,
);
console.log(`${"route".padEnd(28)}      KB   ratio`);
console.log(`${"bare page".padEnd(28)} ${kb(bare)}   1.00×`);
for (const [route, bytes] of routes) {
  const ratio = bytes / bare;
  console.log(`${route.padEnd(28)} ${kb(bytes)}   ${ratio.toFixed(2)}×${ratio > TARGET ? `   over ${TARGET}×` : ""}`);
}
const worst = routes[0] ? routes[0][1] / bare : 0;
const over = routes.filter(([, bytes]) => bytes / bare > TARGET).map(([route]) => route);
console.log(`\nheaviest route: ${worst.toFixed(2)}× the bare page (target ≤ ${TARGET}×)`);
console.log(over.length ? `over ${TARGET}×: ${over.join(", ")}` : `every route is within ${TARGET}×`);
