// A photo sent by a signed webhook is kept by the media job and appears inline, from our stored copy,
// without a reload; the lightbox opens on it and Escape closes it.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, it } from "node:test";
import type { Browser, Page } from "playwright-core";
import { inboundImage, sendDelivery } from "../../scripts/simulate/deliveries";
import { e2e, launchBrowser, openPage, newConversation, screenshot } from "./harness";

describe("media kept and shown", () => {
  let browser: Browser;
  let inbox: Page;

  before(async () => {
    browser = await launchBrowser();
    inbox = await openPage(browser, "/inbox");
  });
  after(async () => await browser?.close());

  it("shows a webhook's photo inline from the stored copy, and in a lightbox", async () => {
    await inbox.getByText("Budi Santoso").first().waitFor();
    const ctx = newConversation({ name: "Rina Media", phone: "6281390005674" });
    const caption = `Foto produk ${Date.now()}`;
    const wamid = `wamid.E2EIMG${Date.now()}`;
    const body = inboundImage(ctx, wamid, Date.now() - 5000, caption);
    // Kapso's host is played on loopback; the job fetches from it and keeps the file.
    const link = `${e2e.kapsoUrl}/media/${wamid}.png`;
    const kapso = body.message.kapso as { media_url: string; media_data: { url: string } };
    kapso.media_url = link;
    kapso.media_data.url = link;
    const sent = await sendDelivery(`${e2e.siteUrl}/webhook/kapso`, e2e.webhookSecret, {
      label: "inbound image",
      event: "whatsapp.message.received",
      body,
      idempotencyKey: randomUUID(),
    });
    assert.equal(sent.status, 200, sent.text);

    await inbox.getByText("Rina Media").first().click();
    const image = inbox.getByRole("img", { name: caption });
    await image.waitFor();
    await inbox.waitForFunction(
      (alt) => {
        const img = [...document.images].find((i) => i.alt === alt);
        return Boolean(img?.complete && img.naturalWidth > 0);
      },
      caption,
      { timeout: 15_000 },
    );
    assert.match((await image.getAttribute("src")) ?? "", /\/api\/storage\//);
    assert.equal(await image.evaluate((img: HTMLImageElement) => img.naturalWidth), 8);
    await screenshot(inbox, "media-1-inline");

    await inbox.getByRole("button", { name: `View image larger: ${caption}` }).click();
    const dialog = inbox.getByRole("dialog", { name: caption });
    await dialog.waitFor();
    await screenshot(inbox, "media-2-lightbox");
    await inbox.keyboard.press("Escape");
    await dialog.waitFor({ state: "hidden" });
  });
});
