// Starts the offline backend: `node --import tsx scripts/offline-backend/main.ts [options]`.
//   --convex-dir <d>  the functions to serve (default ./convex)
//   --port <n>        client URL port (default 3210); HTTP actions on --site-port (default port + 1)
//   --data <file>     load documents from this file on start and save them there on exit
//   --admin-key <k>   key for `Authorization: Convex <k>` calls that may run internal functions
//   --run <fn>        run a function (internal allowed) once on start, e.g. --run seed:demo; repeatable
//   --allow-origin <o> a browser origin it serves (the dashboard's, e.g. http://localhost:3000); repeatable.
//                     Requests without an Origin header are served; any other origin gets 403.
// Environment: LOCAL_OPERATOR_JWKS (public keys whose local-operator tokens it accepts),
// KAPSO_SECRETS_KEY (seals workspace secrets), as on a Convex deployment.
// Prints one line "offline backend ready {json}" once it serves.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { startOfflineBackend, type Snapshot } from "./backend";

const { values } = parseArgs({
  options: {
    "convex-dir": { type: "string", default: "convex" },
    port: { type: "string", default: "3210" },
    "site-port": { type: "string" },
    data: { type: "string" },
    "admin-key": { type: "string" },
    run: { type: "string", multiple: true, default: [] },
    "allow-origin": { type: "string", multiple: true, default: [] },
    quiet: { type: "boolean", default: false },
  },
});

const port = Number(values.port);
const sitePort = values["site-port"] ? Number(values["site-port"]) : port + 1;
if (!Number.isInteger(port) || !Number.isInteger(sitePort)) {
  console.error("offline backend: --port and --site-port must be integers");
  process.exit(2);
}

const dataFile = values.data ? path.resolve(values.data) : undefined;
const snapshot =
  dataFile && existsSync(dataFile) ? (JSON.parse(readFileSync(dataFile, "utf8")) as Snapshot) : undefined;

const backend = await startOfflineBackend({
  convexDir: values["convex-dir"],
  port,
  sitePort,
  adminKey: values["admin-key"],
  snapshot,
  allowedOrigins: values["allow-origin"],
  localOperatorJwks: process.env.LOCAL_OPERATOR_JWKS,
});

if (!values.quiet) {
  console.log(
    [
      "",
      "================================================================================",
      " OFFLINE IN-MEMORY BACKEND (for demos and tests on this machine, not production)",
      "================================================================================",
      ` Runs this project's convex/ functions through convex-test, in this process.`,
      ` Client URL:   ${backend.url}   (NEXT_PUBLIC_CONVEX_URL)`,
      ` HTTP actions: ${backend.siteUrl}   (e.g. ${backend.siteUrl}/webhook/kapso)`,
      dataFile
        ? ` Data: in memory, saved to ${path.relative(process.cwd(), dataFile)} on exit${snapshot ? " (loaded from it now)" : ""}.`
        : " Data: in memory only; everything is gone when it stops.",
      ` Serves only the local operator's signed token (no Clerk sign-in), and browsers only from: ${values["allow-origin"].join(", ") || "(none)"}.`,
      " No Convex dashboard; function logs print here.",
      " For real use (sign-in, Kapso reaching you, durable data) run a Convex deployment: npx convex dev.",
      "================================================================================",
      "",
    ].join("\n"),
  );
}

for (const fn of values.run) {
  const result = await backend.run(fn);
  console.log(`offline backend ran ${fn}: ${JSON.stringify(result)}`);
}
console.log(
  `offline backend ready ${JSON.stringify({ url: backend.url, siteUrl: backend.siteUrl, adminKey: backend.adminKey })}`,
);

let stopping = false;
async function stop() {
  if (stopping) {
    return;
  }
  stopping = true;
  if (dataFile) {
    mkdirSync(path.dirname(dataFile), { recursive: true });
    writeFileSync(dataFile, JSON.stringify(backend.snapshot()));
    console.log(`offline backend: data saved to ${path.relative(process.cwd(), dataFile)}`);
  }
  await backend.close();
  process.exit(0);
}
process.on("SIGINT", () => void stop());
process.on("SIGTERM", () => void stop());
// Started by a script or test that died without stopping us: stop too, rather than hold the ports.
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) {
    void stop();
  }
}, 2000).unref();
