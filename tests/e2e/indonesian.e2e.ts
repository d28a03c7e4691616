// The dashboard in Bahasa Indonesia: an Indonesian browser gets every page in Indonesian with no choice made,
// only that language's catalogue reaches it, and the header's choice sticks (cookie) and follows the person (profile).
// The expected words come from the catalogues themselves, so the test follows them as they change.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { ConvexHttpClient } from "convex/browser";
import type { Browser, Page } from "playwright-core";
import { api } from "../../convex/_generated/api";
import { inboundText, sendDelivery } from "../../scripts/simulate/deliveries";
import en from "../../messages/en.json" with { type: "json" };
import id from "../../messages/id.json" with { type: "json" };
import { e2e, launchBrowser, newConversation, openPage, screenshot } from "./harness";

type Catalogue = typeof en;

/** The catalogue's sentence at a dotted key; a key that is gone fails here, by name, not as a timeout. */
function say(catalogue: Catalogue, key: string): string {
  const value = key.split(".").reduce<unknown>((node, part) => (node as Record<string, unknown>)?.[part], catalogue);
  assert.equal(typeof value, "string", `${key} is not a sentence in the catalogue`);
  return value as string;
}
const idText = (key: string) => say(id as Catalogue, key);
const enText = (key: string) => say(en, key);

const NAV = ["inbox", "leads", "workflows", "summaries", "deliveries", "settings"] as const;
const INDONESIAN = "id-ID";

/** The page's language as the server rendered it, and the current page's name in the navigation. */
async function expectLanguage(page: Page, lang: "en" | "id", navKey: (typeof NAV)[number]) {
  const text = lang === "id" ? idText : enText;
  await page.locator(`html[lang="${lang}"]`).waitFor({ state: "attached" });
  await page
    .getByRole("navigation", { name: text("shell.nav.label") })
    .locator('[aria-current="page"]', { hasText: text(`shell.nav.${navKey}`) })
    .waitFor();
}

/** Each sentence visible on the page (the first of several is enough). */
async function expectTexts(page: Page, keys: string[]) {
  for (const key of keys) {
    await page.locator("main").getByText(idText(key), { exact: true }).first().waitFor();
  }
}

describe("the dashboard in Indonesian", () => {
  let browser: Browser;
  before(async () => (browser = await launchBrowser()));
  after(async () => {
    await browser?.close();
    // Later files expect English: the local operator's stored language goes back to English whatever happened here.
    const response = await fetch(new URL("/api/local-operator/token", e2e.baseUrl), {
      method: "POST",
      headers: { origin: new URL(e2e.baseUrl).origin },
    });
    const { token } = (await response.json()) as { token: string };
    const convex = new ConvexHttpClient(e2e.convexUrl);
    convex.setAuth(token);
    await convex.mutation(api.profiles.setLanguage, { language: "en" });
  });

  it("serves only the active language's catalogue, in the page and its flight data, never in a script", async () => {
    // A sentence of each catalogue that no page shows on /inbox, so only the catalogue itself can carry it.
    const marker = { en: enText("pages.notFound.body"), id: idText("pages.notFound.body") };
    for (const [lang, header] of [
      ["en", "en-GB,en;q=0.9"],
      ["id", "id-ID,id;q=0.9"],
    ] as const) {
      const other = lang === "en" ? "id" : "en";
      const html = await (
        await fetch(new URL("/inbox", e2e.baseUrl), { headers: { "accept-language": header } })
      ).text();
      assert.match(html, new RegExp(`<html lang="${lang}"`));
      assert.ok(html.includes(marker[lang]), `the ${lang} page carries its catalogue`);
      assert.ok(!html.includes(marker[other]), `the ${lang} page carries no ${other} catalogue`);
      // The flight data a refresh fetches (the language switch re-renders through it) carries the same one.
      const flight = await (
        await fetch(new URL("/inbox", e2e.baseUrl), { headers: { "accept-language": header, rsc: "1" } })
      ).text();
      assert.ok(flight.includes(marker[lang]) && !flight.includes(marker[other]), `the ${lang} flight data`);
      const scripts = [...html.matchAll(/<script[^>]+src="([^"]+)"/g)].map((m) => m[1]);
      assert.ok(scripts.length > 0, "no scripts found in the HTML");
      for (const src of scripts) {
        const js = await (await fetch(new URL(src, e2e.baseUrl))).text();
        assert.ok(!js.includes(marker.en) && !js.includes(marker.id), `${src} bundles a catalogue`);
      }
    }
  });

  it("opens in Indonesian for an Indonesian browser and walks every page", async () => {
    const page = await openPage(browser, "/inbox", undefined, { locale: INDONESIAN });
    assert.deepEqual(await page.context().cookies(), [], "no language cookie before anyone chooses");

    // Inbox: the list, a conversation with an inbound message, the reply box.
    const name = "Sri Rahayu";
    const ctx = newConversation({ name, phone: "6281390005675" }, { runId: "E2E-ID" });
    const now = Date.now();
    const delivery = await sendDelivery(`${e2e.siteUrl}/webhook/kapso`, e2e.webhookSecret, {
      label: "text",
      event: "whatsapp.message.received",
      body: inboundText(ctx, `wamid.ID${now}`, now - 10_000, "Kak, ukuran M masih ada?", true),
      idempotencyKey: randomUUID(),
    });
    assert.equal(delivery.status, 200, delivery.text);
    await expectLanguage(page, "id", "inbox");
    const row = page.getByRole("link", { name: new RegExp(name) }).first();
    await row.waitFor();
    await screenshot(page, "indonesian/inbox");
    await row.click();
    await page.waitForURL(/\/inbox\/[^/?]+/);
    await page.getByRole("heading", { name }).first().waitFor();
    await page.getByTestId("message").filter({ hasText: "ukuran M masih ada" }).waitFor();
    await page.locator("form textarea").first().waitFor();
    await expectTexts(page, ["inbox.send"]);
    await expectLanguage(page, "id", "inbox");
    await screenshot(page, "indonesian/conversation");

    // Leads: the list and the lead's page.
    await page.goto(new URL("/contacts", e2e.baseUrl).href);
    await expectLanguage(page, "id", "leads");
    await expectTexts(page, ["pages.leads.title", "leads.columns.phone", "leads.columns.replyWindow"]);
    await page.getByRole("searchbox", { name: idText("leads.searchLabel") }).waitFor();
    await screenshot(page, "indonesian/leads");
    await page
      .getByRole("link", { name: new RegExp(name) })
      .first()
      .click();
    await page.waitForURL(/\/contacts\/[^/?]+/);
    await expectTexts(page, ["leads.details", "leads.name.save", "leads.about.label"]);
    await expectLanguage(page, "id", "leads");
    await screenshot(page, "indonesian/lead");

    // Workflows: the list and an editor with its Kapso instructions.
    await page.goto(new URL("/workflows", e2e.baseUrl).href);
    await expectLanguage(page, "id", "workflows");
    await page.locator('main a[href="/workflows/sarah"]').first().waitFor();
    await screenshot(page, "indonesian/workflows");
    await page.locator('main a[href="/workflows/sarah"]').first().click();
    await page.waitForURL(/\/workflows\/sarah/);
    await page.locator("main textarea").first().waitFor();
    // The Kapso steps' copy buttons speak Indonesian; the Kapso field names they copy stay as Kapso shows them.
    await expectTexts(page, ["common.copy", "instructions.title"]);
    await expectLanguage(page, "id", "workflows");
    await screenshot(page, "indonesian/workflow-sarah");

    // Summaries, deliveries, settings.
    await page.goto(new URL("/summaries", e2e.baseUrl).href);
    await expectLanguage(page, "id", "summaries");
    await page.locator("main h1").waitFor();
    await expectTexts(page, ["summaries.title", "summaries.chart.title", "summaries.runs.title"]);
    await screenshot(page, "indonesian/summaries");

    await page.goto(new URL("/deliveries", e2e.baseUrl).href);
    await expectLanguage(page, "id", "deliveries");
    await page.getByRole("heading", { level: 1, name: idText("deliveries.title") }).waitFor();
    await expectTexts(page, ["deliveries.description"]);
    await screenshot(page, "indonesian/deliveries");

    await page.goto(new URL("/settings", e2e.baseUrl).href);
    await expectLanguage(page, "id", "settings");
    await expectTexts(page, ["settings.title", "settings.details.save", "members.title"]);
    await screenshot(page, "indonesian/settings");

    // The header's choice: English at once, kept across a reload by the cookie.
    await page
      .getByRole("banner")
      .getByRole("combobox", { name: idText("shell.language") })
      .selectOption("en");
    await expectLanguage(page, "en", "settings");
    await page.getByText(enText("settings.details.save"), { exact: true }).waitFor();
    const cookies = await page.context().cookies();
    assert.equal(cookies.find((c) => c.name === "NEXT_LOCALE")?.value, "en");
    await page.reload();
    await expectLanguage(page, "en", "settings");
    await page.context().close();
  });

  it("brings the person's stored language to a new browser, whatever that browser asks for", async () => {
    // An Indonesian browser with no cookie renders Indonesian first, then the profile (English, chosen above) wins.
    const indonesian = await openPage(browser, "/inbox", undefined, { locale: INDONESIAN });
    await expectLanguage(indonesian, "en", "inbox");
    // Choosing Indonesian there is what an English browser of the same person then opens in.
    await indonesian
      .getByRole("banner")
      .getByRole("combobox", { name: enText("shell.language") })
      .selectOption("id");
    await expectLanguage(indonesian, "id", "inbox");
    await indonesian.context().close();

    const english = await openPage(browser, "/inbox");
    await expectLanguage(english, "id", "inbox");
    await english.context().close();
  });

  it("fits a 390 px phone in Indonesian: the header and the opened menu stay on screen", async () => {
    const page = await openPage(browser, "/contacts", { width: 390, height: 844 }, { locale: INDONESIAN });
    await page.locator('html[lang="id"]').waitFor({ state: "attached" });
    const header = page.getByRole("banner");
    await header.getByText(idText("shell.nav.leads"), { exact: true }).first().waitFor();
    // The page's and the workspace's names are shown whole, not cut to a letter by the longer Indonesian words.
    const cut = await header
      .locator("span.truncate")
      .evaluateAll((spans) =>
        spans.filter((span) => span.scrollWidth > span.clientWidth).map((span) => span.textContent),
      );
    assert.deepEqual(cut, [], "names cut short in the header");
    await header.getByRole("button", { name: idText("shell.menu") }).click();
    const nav = page.getByRole("navigation", { name: idText("shell.nav.label") });
    for (const key of NAV) {
      const link = nav.getByRole("link", { name: idText(`shell.nav.${key}`), exact: true });
      await link.waitFor();
      const box = await link.boundingBox();
      assert.ok(box && box.x >= 0 && box.x + box.width <= 390, `${key} fits on screen`);
    }
    // The language choice is in the opened menu.
    await header.getByRole("combobox", { name: idText("shell.language") }).waitFor();
    // Nothing in the header is wider than the phone: no sideways scrolling, no control pushed off the edge.
    const overflow = await header.evaluate((el) => {
      const width = document.documentElement.clientWidth;
      return {
        header: el.scrollWidth > el.clientWidth,
        page: document.documentElement.scrollWidth > width,
        outside: [...el.querySelectorAll("a, button, select")]
          .filter((child) => {
            const r = child.getBoundingClientRect();
            return r.width > 0 && (r.left < 0 || r.right > width);
          })
          .map((child) => child.textContent),
      };
    });
    assert.deepEqual(overflow, { header: false, page: false, outside: [] });
    await screenshot(page, "indonesian/phone-390");
    await page.context().close();
  });
});
