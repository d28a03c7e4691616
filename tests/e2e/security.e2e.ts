// The dashboard signs in as the local operator through its own server; other origins get neither a token nor the backend.
import assert from "node:assert/strict";
import http from "node:http";
import { after, before, describe, it } from "node:test";
import type { Browser } from "playwright-core";
import { e2e, launchBrowser, openPage } from "./harness";

const TOKEN_PATH = "/api/local-operator/token";

/** A raw POST with exactly these headers (fetch would not let us set Host). */
function post(url: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      { method: "POST", headers: { "content-length": "0", ...headers } },
      (response) => {
        let body = "";
        response.setEncoding("utf8");
        response.on("data", (chunk: string) => (body += chunk));
        response.on("end", () => resolve({ status: response.statusCode ?? 0, body }));
      },
    );
    request.on("error", reject);
    request.end();
  });
}

function claimsOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split(".")[1], "base64url").toString("utf8")) as Record<string, unknown>;
}

describe("local operator sign-in", () => {
  let browser: Browser;
  before(async () => (browser = await launchBrowser()));
  after(async () => await browser?.close());

  it("opens the dashboard with a short-lived token its own server minted", async () => {
    const page = await openPage(browser, "/settings");
    await page.getByRole("heading", { name: "Settings" }).waitFor();
    await page.getByLabel("Name").first().waitFor();
    const token = await page.evaluate(async (path) => {
      const response = await fetch(path, { method: "POST" });
      return ((await response.json()) as { token: string }).token;
    }, TOKEN_PATH);
    const claims = claimsOf(token);
    assert.equal(claims.sub, "local-operator");
    assert.equal(claims.aud, "my21staff-dashboard");
    assert.equal(Number(claims.exp) - Number(claims.iat), 300);
    await page.context().close();
  });

  it("gives a page on another origin no token and no backend connection", async () => {
    const context = await browser.newContext();
    await context.route("http://evil.example/**", (route) =>
      route.fulfill({ contentType: "text/html", body: "<title>evil</title>" }),
    );
    const page = await context.newPage();
    await page.goto("http://evil.example/");
    const outcome = await page.evaluate(
      async ({ tokenUrl, syncUrl }) => {
        const token = await fetch(tokenUrl, { method: "POST" })
          .then(async (r) => `status ${r.status} ${await r.text()}`)
          .catch((e: Error) => `blocked: ${e.message}`);
        const socket = await new Promise<string>((resolve) => {
          const ws = new WebSocket(syncUrl);
          ws.onopen = () => resolve("open");
          ws.onerror = () => resolve("refused");
          setTimeout(() => resolve("timeout"), 5000);
        });
        return { token, socket };
      },
      {
        tokenUrl: new URL(TOKEN_PATH, e2e.baseUrl).href,
        syncUrl: `${e2e.convexUrl.replace(/^http/, "ws")}/api/1.48.0/sync`,
      },
    );
    assert.doesNotMatch(outcome.token, /eyJ/);
    assert.equal(outcome.socket, "refused");
    await context.close();
  });

  it("mints only for same-origin requests to a loopback host", async () => {
    const url = new URL(TOKEN_PATH, e2e.baseUrl);
    const host = url.host;
    const sameOrigin = await post(url.href, { host, origin: `http://${host}`, "sec-fetch-site": "same-origin" });
    assert.equal(sameOrigin.status, 200);
    const refused: Record<string, string>[] = [
      { origin: "http://evil.example", "sec-fetch-site": "cross-site" },
      { origin: `http://${host}`, "sec-fetch-site": "cross-site" },
      {},
      // A rebound DNS name pointing at this machine: same-origin for the browser, but not a loopback host.
      { host: `127.0.0.1.attacker.example:${url.port}`, origin: `http://127.0.0.1.attacker.example:${url.port}` },
    ];
    for (const headers of refused) {
      const answer = await post(url.href, { host, ...headers });
      assert.equal(answer.status, 403, JSON.stringify(headers));
      assert.doesNotMatch(answer.body, /eyJ/);
    }
  });

  it("the backend refuses another origin over HTTP", async () => {
    const answer = await post(`${e2e.convexUrl}/api/query`, {
      origin: "http://evil.example",
      "content-type": "application/json",
    });
    assert.equal(answer.status, 403);
  });
});
