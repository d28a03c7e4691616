// Workflow settings: edit the prompt, save, follow the Kapso steps, confirm the sync.
import { after, before, describe, it } from "node:test";
import type { Browser, Page } from "playwright-core";
import { launchBrowser, openPage, screenshot } from "./harness";

describe("workflow settings", () => {
  let browser: Browser;
  let page: Page;

  before(async () => {
    browser = await launchBrowser();
    page = await openPage(browser, "/workflows/sarah");
  });
  after(async () => await browser?.close());

  const badge = (text: string) => page.getByText(text, { exact: true }).first().waitFor();
  const prompt = () => page.getByRole("textbox", { name: "System prompt" });
  const steps = () => page.getByRole("list", { name: "Steps in the Kapso Dashboard" });

  async function save(text: string) {
    await prompt().fill(text);
    await page.getByRole("button", { name: "Save settings" }).click();
  }

  async function confirmSynced() {
    await page.getByRole("button", { name: "I've updated Kapso" }).click();
    await page.getByRole("button", { name: /^Yes, Kapso has version \d+$/ }).click();
    await badge("Synced with Kapso");
  }

  it("marks an edited prompt as needing Kapso setup, shows it in the steps, and syncs on confirmation", async () => {
    await prompt().waitFor();
    await screenshot(page, "workflows-1-sarah-before");

    // First save and sync, so the edit below has a synced version to differ from.
    await save("Kamu adalah Sarah, asisten toko yang ramah.");
    await badge("Update Kapso");
    await confirmSynced();

    const edited = `Kamu adalah Sarah. Jawab singkat dan sopan. (e2e ${Date.now()})`;
    await save(edited);
    await badge("Update Kapso");
    await page.getByText("Version 2", { exact: true }).first().waitFor();
    await steps().getByText(edited).waitFor();
    await page.getByRole("region", { name: "Changed since the last sync" }).getByText(edited).first().waitFor();
    await screenshot(page, "workflows-2-saved-update-kapso");

    await confirmSynced();
    await page.getByText(/Last confirmed in Kapso: version 2/).waitFor();
    await screenshot(page, "workflows-3-synced");
  });
});
