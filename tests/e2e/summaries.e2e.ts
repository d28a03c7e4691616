// Daily summaries: generate yesterday's and read the note.
import { after, before, describe, it } from "node:test";
import type { Browser, Page } from "playwright-core";
import { launchBrowser, openPage, screenshot } from "./harness";

describe("daily summaries", () => {
  let browser: Browser;
  let page: Page;

  before(async () => {
    browser = await launchBrowser();
    page = await openPage(browser, "/summaries");
  });
  after(async () => await browser?.close());

  it("generates the summary of yesterday and shows its note", async () => {
    const generate = page.getByRole("button", { name: "Generate summary" });
    await generate.waitFor();
    await screenshot(page, "summaries-1-before");
    await generate.click();
    // The seeded demo has six messages from three leads yesterday (local time).
    await page.getByText(/is ready: 6 messages, 3 leads/).waitFor({ timeout: 30_000 });
    const digests = page.getByRole("list", { name: "Daily summaries" });
    await digests.getByText("Budi Santoso").first().waitFor();
    await screenshot(page, "summaries-2-generated");
  });
});
