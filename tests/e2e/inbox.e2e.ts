// The two-pane inbox: a signed delivery's image appears in the open thread without a reload,
// and a reply that cannot go out (no Kapso key on this backend) keeps the lead waiting.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, it } from "node:test";
import type { Browser } from "playwright-core";
import { inboundImage, inboundText, sendDelivery, type Delivery } from "../../scripts/simulate/deliveries";
import { e2e, launchBrowser, openPage, newConversation, screenshot } from "./harness";

const webhookUrl = () => `${e2e.siteUrl}/webhook/kapso`;

async function deliver(event: Delivery["event"], body: Delivery["body"], label: string) {
  const response = await sendDelivery(webhookUrl(), e2e.webhookSecret, {
    label,
    event,
    body,
    idempotencyKey: randomUUID(),
  });
  assert.equal(response.status, 200, response.text);
}

describe("inbox", () => {
  let browser: Browser;
  before(async () => {
    browser = await launchBrowser();
  });
  after(async () => await browser?.close());

  it("shows list, thread and lead side by side; a webhook image appears live; a failed reply keeps the lead waiting", async () => {
    const page = await openPage(browser, "/inbox", { width: 1440, height: 900 });
    await page.getByText("Pick a conversation").waitFor();
    await page.getByRole("status", { name: "Connection: Live" }).waitFor();

    const ctx = newConversation({ name: "Rina Wulandari", phone: "6281390005673" }, { runId: "E2E-INBOX" });
    const now = Date.now();
    await deliver(
      "whatsapp.message.received",
      inboundText(ctx, `wamid.IN${now}`, now - 10_000, "Halo kak", true),
      "text",
    );
    const row = page.getByRole("list", { name: "Conversations" }).getByRole("link", { name: /Rina Wulandari/ });
    await row.waitFor();
    await row.click();
    await page.waitForURL(/\/inbox\/[^/?]+/);
    const conversationUrl = new URL(page.url());

    // Two panes and the lead beside them, in one view.
    const thread = page.getByRole("region", { name: "Conversation" });
    await thread.getByRole("heading", { name: "Rina Wulandari" }).waitFor();
    assert.equal(await page.getByRole("list", { name: "Conversations" }).isVisible(), true);
    const lead = page.getByRole("complementary", { name: "Lead" });
    await lead.getByRole("link", { name: "Open lead page" }).waitFor();
    await lead.getByText("Waiting for our reply").waitFor();

    // An image delivered while the thread is open shows up in it, no reload.
    const caption = `Foto ukuran L (${now})`;
    await deliver("whatsapp.message.received", inboundImage(ctx, `wamid.IMG${now}`, now - 5_000, caption), "image");
    const imageBubble = thread.getByTestId("message").filter({ hasText: caption });
    await imageBubble.waitFor();
    const images = imageBubble.locator("img");
    if ((await images.count()) > 0) {
      const src = (await images.first().getAttribute("src")) ?? "";
      assert.match(src, /^https:|\/api\/storage\//, `image src ${src}`);
    }

    // Sending is not set up on this backend (no Kapso key): the box says so before anyone types.
    await thread.getByText("Replies cannot be sent yet").waitFor();
    const text = `Masih ada kak (${now})`;
    await thread.getByLabel("Reply").fill(text);
    await thread.getByLabel("Reply").press("Enter");
    const replyBubble = thread.getByTestId("message").filter({ hasText: text });
    await replyBubble.getByText(/Not delivered/).waitFor();
    await replyBubble.getByRole("link", { name: "Add the Kapso API key in Settings" }).waitFor();
    assert.equal(
      await replyBubble.getByRole("button", { name: "Retry" }).count(),
      0,
      "Retry while sending is not set up",
    );

    // The lead still waits for our reply, and the row says the reply did not go out.
    await lead.getByText("Waiting for our reply").waitFor();
    await row.getByText("Not delivered").waitFor();
    await row.getByText("Waiting").waitFor();
    await page.getByRole("button", { name: "Waiting for our reply" }).click();
    await page.waitForURL(/filter=waiting/);
    await page
      .getByRole("list", { name: "Conversations" })
      .getByRole("link", { name: /Rina Wulandari/ })
      .waitFor();
    await screenshot(page, "inbox-1440");

    // A reload keeps the selected conversation and the filter.
    await page.reload();
    await thread.getByRole("heading", { name: "Rina Wulandari" }).waitFor();
    assert.equal(
      await page.getByRole("button", { name: "Waiting for our reply" }).getAttribute("aria-pressed"),
      "true",
    );

    // On a phone, the thread is its own screen with a way back, and the navigation fits.
    const phone = await openPage(browser, `${conversationUrl.pathname}?filter=waiting`, { width: 390, height: 844 });
    const phoneThread = phone.getByRole("region", { name: "Conversation" });
    await phoneThread.getByRole("heading", { name: "Rina Wulandari" }).waitFor();
    assert.equal(await phone.getByRole("list", { name: "Conversations" }).isVisible(), false);
    await phoneThread.getByText(text).waitFor();
    await screenshot(phone, "inbox-390");
    await phone.getByRole("link", { name: "Back to conversations" }).click();
    await phone
      .getByRole("list", { name: "Conversations" })
      .getByRole("link", { name: /Rina Wulandari/ })
      .waitFor();
    await phone.getByRole("button", { name: "Menu" }).click();
    const nav = phone.getByRole("navigation", { name: "Main" });
    for (const label of ["Inbox", "Leads", "Workflows", "Summaries", "Settings"]) {
      const link = nav.getByRole("link", { name: label, exact: true });
      assert.equal(await link.isVisible(), true, `${label} visible`);
      const box = await link.boundingBox();
      assert.ok(box && box.x >= 0 && box.x + box.width <= 390, `${label} fits on screen`);
    }
    await screenshot(phone, "inbox-390-list");
  });
});
