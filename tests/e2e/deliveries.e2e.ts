// A delivery for a number no workspace has yet shows on /deliveries with its cause; once the number is set
// on the workspace it is replayed and its message reaches the inbox.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, it } from "node:test";
import type { Browser, Page } from "playwright-core";
import { inboundText, sendDelivery } from "../../scripts/simulate/deliveries";
import { e2e, launchBrowser, openPage, newConversation, screenshot } from "./harness";

async function setPhoneNumberId(settings: Page, phoneNumberId: string) {
  const input = settings.getByLabel("Kapso phone number id");
  await input.fill(phoneNumberId);
  // Editing clears the last save's message, so the one awaited below is this save's.
  await settings.getByText("Workspace settings saved.").waitFor({ state: "hidden" });
  await settings.getByRole("button", { name: "Save workspace" }).click();
  await settings.getByText("Workspace settings saved.").waitFor();
}

describe("deliveries page", () => {
  let browser: Browser;
  let deliveries: Page;
  let settings: Page | undefined;

  before(async () => {
    browser = await launchBrowser();
    deliveries = await openPage(browser, "/deliveries");
  });
  after(async () => {
    // The other browser tests rely on the seed's number.
    if (settings) {
      await setPhoneNumberId(settings, e2e.phoneNumberId);
    }
    await browser?.close();
  });

  it("shows an unmatched delivery with its cause, and replays it once the workspace has the number", async () => {
    // The scope picker appears once the page has its abilities.
    const scope = deliveries.getByLabel("Deliveries of");
    await scope.waitFor();
    const newNumber = `${Date.now()}`.slice(-12);
    const ctx = newConversation(
      { name: "Rina Kartika", phone: "6281390005671" },
      { runId: "DELIV", phoneNumberId: newNumber },
    );
    const text = `Apakah bisa kirim ke Bandung? (${Date.now()})`;
    const key = randomUUID();
    // The seed's secret is also the deployment's (scripts/e2e.mjs): it verifies a number no workspace has.
    const sent = await sendDelivery(`${e2e.siteUrl}/webhook/kapso`, e2e.webhookSecret, {
      label: "inbound text for a new number",
      event: "whatsapp.message.received",
      body: inboundText(ctx, `wamid.DELIV${Date.now()}`, Date.now() - 5000, text, true),
      idempotencyKey: key,
    });
    assert.equal(sent.status, 200, sent.text);
    assert.match(sent.text, /unmatched/);

    // The local operator is a deployment admin: they see deliveries no workspace has.
    await scope.selectOption("unassigned");
    await deliveries.getByRole("button", { name: new RegExp(key) }).click();
    const panel = deliveries.getByLabel("Delivery", { exact: true });
    await panel.getByText(`No workspace has phone number id ${newNumber}.`).waitFor();
    await panel.getByText(/Set .* as the Kapso phone number id/).waitFor();
    await screenshot(deliveries, "deliveries-1-unmatched");

    settings = await openPage(browser, "/settings");
    await setPhoneNumberId(settings, newNumber);

    // Setting the number replays what waited for it; the open detail follows the row.
    await panel.getByText("Processed", { exact: true }).waitFor({ timeout: 30_000 });
    await panel.getByRole("link", { name: "Rina Kartika" }).waitFor();
    await screenshot(deliveries, "deliveries-2-replayed");

    const inbox = await openPage(browser, "/inbox");
    await inbox.getByText(text).waitFor();
    await screenshot(inbox, "deliveries-3-inbox");
  });
});
