// Not-found answers, the phone layout and the header after a rename: HTTP statuses from `next start`, layout at 390 px.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Browser } from "playwright-core";
import { e2e, launchBrowser, openPage, screenshot } from "./harness";

describe("pages", () => {
  let browser: Browser;
  before(async () => (browser = await launchBrowser()));
  after(async () => await browser?.close());

  for (const pathname of [
    "/inbox/bogus123",
    "/contacts/bogus123",
    "/inbox/k57a5tdd3h1x6e2bq7e5v1y6an7r9f1g",
    "/workflows/bogus",
    "/no-such-page",
  ]) {
    it(`answers ${pathname} with the branded not-found page and HTTP 404`, async () => {
      const page = await browser.newPage();
      const response = await page.goto(new URL(pathname, e2e.baseUrl).href);
      assert.equal(response?.status(), 404);
      await page.getByRole("heading", { name: "Page not found" }).waitFor();
      assert.doesNotMatch(await page.content(), /Validator error/);
      await page.close();
    });
  }

  it("serves a favicon", async () => {
    const page = await browser.newPage();
    await page.goto(new URL("/inbox", e2e.baseUrl).href);
    const href = await page.locator('link[rel="icon"]').first().getAttribute("href");
    assert.ok(href, "no <link rel=icon>");
    const icon = await page.request.get(new URL(href, e2e.baseUrl).href);
    assert.equal(icon.status(), 200);
    await page.close();
  });

  it("shows the new workspace name in the header right after a rename in local operator mode", async () => {
    const page = await openPage(browser, "/settings");
    const header = page.getByRole("banner");
    const name = page.getByLabel("Name", { exact: true });
    await name.waitFor();
    const original = await name.inputValue();
    assert.match((await header.textContent()) ?? "", new RegExp(original));
    for (const next of [`${original} Jaya`, original]) {
      await name.fill(next);
      await page.getByRole("button", { name: "Save workspace" }).click();
      await page.getByText("Workspace settings saved.").waitFor();
      await header.getByText(next, { exact: true }).waitFor({ timeout: 5_000 });
    }
    await page.context().close();
  });

  it("fits a 390 px phone: the local-mode banner on one line, the search box full width", async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await page.goto(new URL("/inbox", e2e.baseUrl).href);
    const search = page.getByRole("searchbox", { name: "Search by name or phone" });
    await search.waitFor();
    const banner = await page.getByRole("note").boundingBox();
    assert.ok(banner && banner.height <= 32, `banner is ${banner?.height}px high`);
    const box = await search.boundingBox();
    assert.ok(box && box.width >= 390 - 2 * 16 - 1, `search box is ${box?.width}px wide`);
    await screenshot(page, "phone-inbox");
    await page.goto(new URL("/contacts", e2e.baseUrl).href);
    const leads = await page.getByRole("searchbox", { name: "Search leads by name or phone" }).boundingBox();
    assert.ok(leads && leads.width >= 390 - 2 * 16 - 1, `leads search box is ${leads?.width}px wide`);
    await screenshot(page, "phone-leads");
    await context.close();
  });
});
