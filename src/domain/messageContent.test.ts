import { describe, expect, it, test } from "vitest";
import { EMPTY_MESSAGE, contentRef, formatMoney, isHttpsUrl, renderMessage } from "./messageContent";
import { messagePreview } from "./kapsoWebhook";
import { translate } from "../../convex/model/i18n";

describe("renderMessage", () => {
  const cases: Array<[string, Record<string, unknown>, string]> = [
    ["text", { type: "text", text: { body: " Halo " } }, "Halo"],
    ["whitespace text", { type: "text", text: { body: " \n " } }, EMPTY_MESSAGE],
    ["text missing, Kapso's content used", { type: "text", kapso: { content: "Halo" } }, "Halo"],
    [
      "image with only Kapso's rendering",
      { type: "image", image: { id: "1" }, kapso: { content: "Image attached URL: https://x.test/s?sig=1" } },
      "📷 Photo",
    ],
    ["voice without transcript", { type: "audio", audio: { id: "1", voice: true } }, "🎤 Voice note"],
    ["audio file", { type: "audio", audio: { id: "1", mime_type: "audio/mpeg" } }, "🎵 Audio"],
    ["document without name", { type: "document", document: { id: "1" } }, "📄 Document"],
    [
      "location without place",
      { type: "location", location: { latitude: 1.5, longitude: "2" } },
      "📍 Location (1.5, 2)",
    ],
    ["location without coordinates", { type: "location", location: { name: "Pasar" } }, "📍 Pasar"],
    [
      "contacts without a name",
      { type: "contacts", contacts: [{ phones: [{ wa_id: "628123" }] }] },
      "👤 Contact 628123",
    ],
    ["empty contacts", { type: "contacts", contacts: [] }, "👤 Contact card"],
    [
      "two contacts",
      { type: "contacts", contacts: [{ name: { first_name: "A" } }, { name: { formatted_name: "B" } }] },
      "👤 A\n👤 B",
    ],
    [
      "interactive of an unknown kind",
      { type: "interactive", interactive: { type: "call_permission_reply", call_permission_reply: {} } },
      "[interactive: call_permission_reply]",
    ],
    [
      "flow reply without body",
      { type: "interactive", interactive: { type: "nfm_reply", nfm_reply: { response_json: "{}" } } },
      "📝 Form sent",
    ],
    ["button with payload only", { type: "button", button: { payload: "STOP" } }, "STOP"],
    [
      "order in dollars",
      {
        type: "order",
        order: { product_items: [{ product_retailer_id: "x", quantity: 2, item_price: 7.99, currency: "USD" }] },
      },
      "🛒 Order: 2 items, $15.98",
    ],
    [
      "order in two currencies has no total",
      {
        type: "order",
        order: {
          product_items: [
            { product_retailer_id: "x", quantity: 1, item_price: 1, currency: "USD" },
            { product_retailer_id: "y", quantity: 1, item_price: 1, currency: "IDR" },
          ],
        },
      },
      "🛒 Order: 2 items",
    ],
    ["template without parameters", { type: "template", template: { name: "hello_world" } }, 'Template "hello_world"'],
    [
      "system without body",
      { type: "system", system: { type: "customer_identity_changed" } },
      "[system: customer_identity_changed]",
    ],
    ["no type at all", {}, "[unsupported: unknown]"],
  ];
  test.each(cases)("%s", (_label, message, content) => {
    expect(renderMessage(message).content).toBe(content);
  });

  test("wrong-typed fields inside a type's object are skipped, never thrown on", () => {
    for (const type of [
      "image",
      "location",
      "contacts",
      "interactive",
      "button",
      "order",
      "template",
      "system",
      "reaction",
    ]) {
      for (const junk of [null, 7, "x", [], { latitude: "north" }, { product_items: "many" }, { contacts: {} }]) {
        const rendered = renderMessage({ type, [type]: junk, contacts: junk, context: junk, referral: junk });
        expect(rendered.content.trim()).not.toBe("");
      }
    }
  });

  test("the raw object of an unknown type is capped", () => {
    const rendered = renderMessage({ type: "poll", poll: { text: "x".repeat(20_000) } });
    expect(rendered.details?.raw?.length).toBe(8_192);
  });

  test("context and referral are details of any type", () => {
    const rendered = renderMessage({
      type: "sticker",
      sticker: { id: "s" },
      context: { id: "wamid.PARENT" },
      referral: { source_type: "ad" },
    });
    expect(rendered.details).toMatchObject({
      reply_to: "wamid.PARENT",
      referral: { source_type: "ad" },
      media: { id: "s" },
    });
  });
});

describe("isHttpsUrl", () => {
  test.each([
    ["https://api.kapso.ai/media/x", true],
    ["HTTPS://EXAMPLE.COM", true],
    ["http://api.kapso.ai/media/x", false],
    ["javascript:alert(1)", false],
    ["data:text/html,<b>x</b>", false],
    ["//evil.test/x", false],
    ["not a url", false],
    ["", false],
  ])("%s → %s", (url, expected) => {
    expect(isHttpsUrl(url)).toBe(expected);
  });
});

describe("formatMoney", () => {
  it.each<[number, string, string | undefined, string]>([
    // Without a language: as the lead's market writes it.
    [150000, "IDR", undefined, "Rp 150.000"],
    [7.99, "USD", undefined, "$7.99"],
    // In the reader's language, rupiah never with decimals.
    [150000.5, "IDR", "id-ID", "Rp 150.001"],
    [150000, "IDR", "en-GB", "IDR 150,000"],
    [7.99, "USD", "id-ID", "US$7,99"],
    [5, "NOT-A-CODE", "id-ID", "NOT-A-CODE 5"],
  ])("%d %s in %s → %s", (amount, currency, locale, text) => {
    expect(formatMoney(amount, currency, locale)).toBe(text);
  });
});

describe("contentRef: ingestion's labels in the reader's language", () => {
  const order = {
    type: "order",
    order: { product_items: [{ product_retailer_id: "a", quantity: 2, item_price: 75000, currency: "IDR" }] },
  };
  it.each<[string, Record<string, unknown>, string, string]>([
    ["image", { type: "image", image: { id: "1" } }, "📷 Photo", "📷 Gambar"],
    ["document", { type: "document", document: { id: "1" } }, "📄 Document", "📄 Dokumen"],
    ["sticker", { type: "sticker", sticker: { id: "1" } }, "💟 Sticker", "💟 Stiker"],
    ["voice note", { type: "audio", audio: { id: "1", voice: true } }, "🎤 Voice note", "🎤 Pesan suara"],
    [
      "location",
      { type: "location", location: { latitude: 1.5, longitude: 2 } },
      "📍 Location (1.5, 2)",
      "📍 Lokasi (1.5, 2)",
    ],
    ["empty contacts", { type: "contacts", contacts: [] }, "👤 Contact card", "👤 Kartu kontak"],
    [
      "form",
      { type: "interactive", interactive: { type: "nfm_reply", nfm_reply: {} } },
      "📝 Form sent",
      "📝 Formulir dikirim",
    ],
    ["reaction", { type: "reaction", reaction: { emoji: "👍" } }, "Reacted 👍", "Memberi reaksi 👍"],
    ["reaction removed", { type: "reaction", reaction: { emoji: "" } }, "Removed a reaction", "Menghapus reaksi"],
    ["order", order, "🛒 Order: 2 items, Rp 150.000", "🛒 Pesanan: 2 barang, Rp 150.000"],
    [
      "template",
      { type: "template", template: { name: "promo", components: [{ parameters: [{ text: "Budi" }] }] } },
      'Template "promo": Budi',
      'Templat "promo": Budi',
    ],
    ["empty text", { type: "text", text: { body: "" } }, "[empty message]", "[pesan kosong]"],
  ])("%s", (_, message, english, indonesian) => {
    const { content } = renderMessage(message);
    // The thread's content and the list's stored preview read back alike.
    for (const stored of [content, messagePreview({ content, type: String(message.type) })]) {
      const ref = contentRef(stored);
      expect(ref).not.toBeNull();
      expect(translate("en", ref!)).toBe(english);
      expect(translate("id", ref!)).toBe(indonesian);
    }
  });

  it.each(["Halo, masih ada?", "📷 Photo of the shop", "Order 2 items please", "📍 Pasar Baru"])(
    "leaves what the sender wrote alone: %s",
    (text) => {
      expect(contentRef(text)).toBeNull();
    },
  );
});
