// Deliveries signed with a secret that does not match are refused (401) and leave no ledger row,
// but the health panel counts them and names the cause, live.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, it } from "node:test";
import type { Browser, Page } from "playwright-core";
import { inboundText, sendDelivery } from "../../scripts/simulate/deliveries";
import { e2e, launchBrowser, openPage, newConversation, screenshot } from "./harness";

const REFUSED = /\((\d+) with a signature that does not match\)/;

async function refusedShown(page: Page): Promise<number> {
  const text = (await page.getByTestId("failures-last-hour").textContent()) ?? "";
  return Number(REFUSED.exec(text)?.[1] ?? 0);
}

describe("webhook health", () => {
  let browser: Browser;
  let settings: Page;

  before(async () => {
    browser = await launchBrowser();
    settings = await openPage(browser, "/settings");
  });
  after(async () => await browser?.close());

  it("counts deliveries signed with the wrong secret in the health panel and names the cause", async () => {
    const panel = settings.getByRole("heading", { name: "Webhook health" });
    await panel.waitFor();
    await settings.getByTestId("failures-last-hour").waitFor();
    const before = await refusedShown(settings);
    await screenshot(settings, "health-1-before");

    const ctx = newConversation({ name: "Rina Wulandari", phone: "6281390005672" });
    const webhookUrl = `${e2e.siteUrl}/webhook/kapso`;
    const sent = 4;
    for (let i = 0; i < sent; i++) {
      const result = await sendDelivery(webhookUrl, "a-secret-kapso-no-longer-uses", {
        label: "wrongly signed",
        event: "whatsapp.message.received",
        body: inboundText(ctx, `wamid.E2EBAD${Date.now()}${i}`, Date.now() - 5000, "Halo?", true),
        idempotencyKey: randomUUID(),
      });
      assert.equal(result.status, 401, result.text);
    }

    // No reload: the panel reads the live hour.
    await settings.waitForFunction(
      ([expected]) => {
        const text = document.querySelector('[data-testid="failures-last-hour"]')?.textContent ?? "";
        const match = /\((\d+) with a signature that does not match\)/.exec(text);
        return Number(match?.[1] ?? 0) >= expected;
      },
      [before + sent],
    );
    assert.equal(await refusedShown(settings), before + sent);
    const alarm = settings.locator('[data-alarm="refused"]');
    await alarm.waitFor();
    assert.match((await alarm.textContent()) ?? "", /arriving with a signature that does not match/);
    await screenshot(settings, "health-2-refused-counted");
  });
});
