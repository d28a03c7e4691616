// A signed Kapso delivery shows up live in the inbox and the lead list; a duplicate adds nothing.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, it } from "node:test";
import type { Browser, Page } from "playwright-core";
import { inboundText, sendDelivery, type Delivery } from "../../scripts/simulate/deliveries";
import { e2e, launchBrowser, openPage, newConversation, screenshot } from "./harness";

describe("webhook to dashboard", () => {
  let browser: Browser;
  let inbox: Page;
  let leads: Page;

  before(async () => {
    browser = await launchBrowser();
    inbox = await openPage(browser, "/inbox");
    leads = await openPage(browser, "/contacts");
  });
  after(async () => await browser?.close());

  it("shows a new lead's message in the inbox and the lead list without a reload, and ignores a duplicate delivery", async () => {
    const conversations = inbox.getByRole("list", { name: "Conversations" }).getByRole("listitem");
    const leadRows = leads.getByRole("row");
    await inbox.getByText("Budi Santoso").waitFor();
    await leads.getByText("Budi Santoso").waitFor();
    const before = { conversations: await conversations.count(), leadRows: await leadRows.count() };
    await screenshot(inbox, "webhook-1-inbox-before");

    const ctx = newConversation({ name: "Dewi Lestari", phone: "6281390001234" });
    const text = `Kak, ukuran L masih ada? (${Date.now()})`;
    const delivery: Delivery = {
      label: "inbound text",
      event: "whatsapp.message.received",
      body: inboundText(ctx, `wamid.E2E${Date.now()}`, Date.now() - 5000, text, true),
      idempotencyKey: randomUUID(),
    };
    const webhookUrl = `${e2e.siteUrl}/webhook/kapso`;
    const first = await sendDelivery(webhookUrl, e2e.webhookSecret, delivery);
    assert.equal(first.status, 200, first.text);

    // No reload: both pages were opened before the delivery.
    await inbox.getByText(text).waitFor();
    await leads.getByRole("link", { name: "Dewi Lestari" }).waitFor();
    assert.equal(await conversations.count(), before.conversations + 1);
    assert.equal(await leadRows.count(), before.leadRows + 1);
    await screenshot(inbox, "webhook-2-inbox-after");
    await screenshot(leads, "webhook-3-leads-after");

    const duplicate = await sendDelivery(webhookUrl, e2e.webhookSecret, delivery);
    assert.equal(duplicate.status, 200, duplicate.text);
    assert.match(duplicate.text, /duplicate/i);
    await inbox.getByText(text).click();
    const messages = inbox.getByRole("list", { name: "Messages" }).getByRole("listitem");
    await messages.first().waitFor();
    await inbox.waitForTimeout(1000);
    assert.equal(await inbox.getByRole("list", { name: "Messages" }).getByText(text).count(), 1);
    assert.equal(await leadRows.count(), before.leadRows + 1);
    await screenshot(inbox, "webhook-4-conversation");
  });
});
