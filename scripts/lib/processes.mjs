// Child processes for `npm run dev`, the end-to-end tests and the offline backend's
// tests: start with prefixed output, wait until ready, and stop the whole process
// group (Next.js and tsx start children of their own).
import { spawn } from "node:child_process";
import { createServer } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** A TCP port that was free a moment ago on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = /** @type {import("node:net").AddressInfo} */ (server.address());
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts `command` in its own process group. Output lines are printed with a `[name]`
 * prefix unless `quiet`; `ready` resolves with the first output line matching
 * `readyPattern` and rejects if the process exits first.
 * @param {string} name
 * @param {string} command
 * @param {string[]} args
 * @param {{ env?: NodeJS.ProcessEnv, cwd?: string, readyPattern?: RegExp, quiet?: boolean, timeoutMs?: number }} [options]
 */
export function startProcess(name, command, args, options = {}) {
  const child = spawn(command, args, {
    cwd: options.cwd ?? ROOT,
    env: options.env ?? process.env,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const recent = [];
  let exited = false;
  const exit = new Promise((resolve) => {
    child.once("exit", (code, signal) => {
      exited = true;
      resolve({ code, signal });
    });
    // Could not start at all (e.g. the command does not exist).
    child.once("error", (error) => {
      exited = true;
      recent.push(String(error));
      resolve({ code: -1, signal: null });
    });
  });
  let onReadyLine = () => {};
  const ready = new Promise((resolve, reject) => {
    if (!options.readyPattern) {
      return resolve("");
    }
    const timer = setTimeout(
      () =>
        reject(
          new Error(`${name} was not ready within ${(options.timeoutMs ?? 120_000) / 1000}s:\n${recent.join("\n")}`),
        ),
      options.timeoutMs ?? 120_000,
    );
    onReadyLine = (line) => {
      clearTimeout(timer);
      resolve(line);
    };
    void exit.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited (${signal ?? code}) before it was ready:\n${recent.join("\n")}`));
    });
  });
  ready.catch(() => {});
  const pipe = (stream, isStdout) => {
    let buffer = "";
    stream.setEncoding("utf8");
    stream.on("data", (chunk) => {
      buffer += chunk;
      const lines = buffer.split("\n");
      buffer = lines.pop() ?? "";
      for (const line of lines) {
        recent.push(line);
        if (recent.length > 40) {
          recent.shift();
        }
        if (!options.quiet) {
          (isStdout ? process.stdout : process.stderr).write(`[${name}] ${line}\n`);
        }
        if (options.readyPattern?.test(line)) {
          onReadyLine(line);
        }
      }
    });
  };
  pipe(child.stdout, true);
  pipe(child.stderr, false);

  /** SIGTERM to the group, SIGKILL after `graceMs`; resolves once the process has exited. */
  async function stop(graceMs = 5000) {
    if (exited) {
      return;
    }
    const signalGroup = (signal) => {
      try {
        process.kill(-child.pid, signal);
      } catch {
        // already gone
      }
    };
    signalGroup("SIGTERM");
    const timer = setTimeout(() => signalGroup("SIGKILL"), graceMs);
    await exit;
    clearTimeout(timer);
    signalGroup("SIGKILL"); // stragglers left in the group
  }
  return { child, ready, exit, stop, output: () => recent.join("\n") };
}

/**
 * Starts the offline backend (scripts/offline-backend/main.ts) and waits until it serves.
 * @param {{ port: number, sitePort: number, args?: string[], env?: NodeJS.ProcessEnv, quiet?: boolean, name?: string }} options
 */
export async function startOfflineBackendProcess(options) {
  const proc = startProcess(
    options.name ?? "backend",
    process.execPath,
    [
      "--import",
      "tsx",
      path.join(ROOT, "scripts/offline-backend/main.ts"),
      "--port",
      String(options.port),
      "--site-port",
      String(options.sitePort),
      ...(options.args ?? []),
    ],
    { env: options.env, quiet: options.quiet, readyPattern: /^offline backend ready / },
  );
  const line = await proc.ready;
  /** @type {{ url: string, siteUrl: string, adminKey: string }} */
  const info = JSON.parse(line.replace(/^offline backend ready /, ""));
  return { ...proc, ...info };
}

/**
 * Polls `url` until it answers (any HTTP status), or throws after `timeoutMs`.
 * @param {string} url
 */
export async function waitForHttp(url, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await fetch(url, { signal: AbortSignal.timeout(2000), redirect: "manual" });
      return;
    } catch (error) {
      if (Date.now() > deadline) {
        throw new Error(`${url} did not answer within ${timeoutMs / 1000}s: ${String(error)}`);
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

/**
 * Calls any function, internal ones included, with the offline backend's admin key
 * (what `npx convex run` does on a real deployment). Returns its value.
 * @param {{ url: string, adminKey: string }} backend
 * @param {string} functionPath e.g. "seed:demo"
 * @param {Record<string, unknown>} [args]
 */
export async function runAsAdmin(backend, functionPath, args = {}) {
  const response = await fetch(`${backend.url}/api/function`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Authorization: `Convex ${backend.adminKey}` },
    body: JSON.stringify({ path: functionPath, format: "convex_encoded_json", args }),
  });
  const result = await response.json();
  if (result.status !== "success") {
    throw new Error(`${functionPath} failed: ${result.errorMessage}`);
  }
  return result.value;
}
