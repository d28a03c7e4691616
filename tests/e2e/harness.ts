// Shared by the browser tests. scripts/e2e.mjs starts the offline backend and `next start`,
// then runs these files with the addresses in the environment.
import { randomUUID } from "node:crypto";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { chromium, type Browser, type BrowserContextOptions, type Page } from "playwright-core";
import type { ConversationContext, Lead } from "../../scripts/simulate/deliveries";

function required(name: string): string {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set: run the browser tests with \`npm run test:e2e\``);
  }
  return value;
}

export const e2e = {
  baseUrl: required("E2E_BASE_URL"),
  siteUrl: required("E2E_SITE_URL"),
  convexUrl: required("E2E_CONVEX_URL"),
  webhookSecret: required("E2E_WEBHOOK_SECRET"),
  phoneNumberId: required("E2E_PHONE_NUMBER_ID"),
  /** The loopback stand-in for Kapso's media host (scripts/lib/fakeKapsoMedia.mjs). */
  kapsoUrl: required("E2E_KAPSO_URL"),
  chromium: required("E2E_CHROMIUM"),
  artifacts: required("E2E_ARTIFACTS"),
};

export async function launchBrowser(): Promise<Browser> {
  return await chromium.launch({
    executablePath: e2e.chromium,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/**
 * A fresh browser context (its own storage) on `pathname`, at `viewport`; page errors fail loudly in the output.
 * `locale` sets the browser's language and so its Accept-Language header ("id-ID" for an Indonesian browser).
 */
export async function openPage(
  browser: Browser,
  pathname: string,
  viewport: { width: number; height: number } = { width: 1280, height: 900 },
  { locale }: Pick<BrowserContextOptions, "locale"> = {},
): Promise<Page> {
  const context = await browser.newContext({ viewport, locale });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  page.on("pageerror", (error) => console.error(`[browser] page error on ${page.url()}: ${error.message}`));
  await page.goto(new URL(pathname, e2e.baseUrl).href);
  return page;
}

/** Full-page screenshot at e2e-artifacts/<name>.png; `name` may have a folder ("indonesian/inbox"). */
export async function screenshot(page: Page, name: string): Promise<void> {
  const file = path.join(e2e.artifacts, `${name}.png`);
  mkdirSync(path.dirname(file), { recursive: true });
  await page.screenshot({ path: file, fullPage: true });
}

/** A new Kapso conversation with `lead`, on the test workspace's number unless told otherwise. */
export function newConversation(
  lead: Lead,
  { runId = "E2E", phoneNumberId = e2e.phoneNumberId }: { runId?: string; phoneNumberId?: string } = {},
): ConversationContext {
  return { phoneNumberId, conversationId: randomUUID(), lead, runId };
}
