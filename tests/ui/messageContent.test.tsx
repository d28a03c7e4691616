import { afterEach, describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen, waitFor, within } from "./rtl";
import userEvent from "@testing-library/user-event";
import type { Id } from "@convex/_generated/dataModel";
import { MessageContent, type ThreadMessage } from "@/components/inbox/message/MessageContent";
import { openStreetMapUrl } from "@/components/inbox/message/Cards";
import { parseKapsoDelivery } from "@/domain/kapsoWebhook";
import { documented, type DocumentedName } from "../fixtures/kapso/documented";
import { TEST_WORKSPACE_ID } from "./fakeConvex";
import type { Locale } from "@/domain/locale";
import { encodeMediaError, failureOfStatus } from "@/domain/mediaPolicy";
import { messageRef } from "@/i18n/messageRef";

afterEach(() => vi.restoreAllMocks());

const STORED = "https://example.convex.cloud/api/storage/abc";

let seq = 0;
/** A thread row built from a documented Kapso fixture through the real webhook parser. */
function fromFixture(name: DocumentedName, extra: Partial<ThreadMessage> = {}): ThreadMessage {
  const fixture = documented[name];
  const parsed = parseKapsoDelivery({
    event: fixture.event,
    payloadVersion: "v2",
    batchHeader: null,
    body: fixture.body,
  });
  if (parsed.kind !== "items" || !parsed.items[0].message) {
    throw new Error(`${name}: not a message fixture`);
  }
  const m = parsed.items[0].message;
  seq += 1;
  const optional = {
    details: m.details,
    media_url: m.mediaUrl,
    media_mime_type: m.mediaMimeType,
    media_filename: m.mediaFilename,
    caption: m.caption,
    transcript: m.transcript,
    reaction_to: m.reactionTo,
    reaction_emoji: m.reactionEmoji,
  };
  return {
    _id: `m${seq}` as Id<"messages">,
    _creationTime: seq,
    workspace_id: TEST_WORKSPACE_ID,
    conversation_id: "conv1" as Id<"conversations">,
    contact_id: "lead1" as Id<"contacts">,
    kapso_message_id: m.wamid,
    direction: m.direction,
    type: m.type,
    content: m.content,
    status: m.status,
    timestamp: m.timestamp,
    reactions: [],
    ...(Object.fromEntries(Object.entries(optional).filter(([, v]) => v !== undefined)) as Partial<ThreadMessage>),
    ...extra,
  };
}

function show(message: ThreadMessage, locale: Locale = "en") {
  return render(<MessageContent message={message} />, { locale });
}

type Case = { name: DocumentedName; extra?: Partial<ThreadMessage>; sees: (string | RegExp)[]; image?: string };
const everyType: Case[] = [
  { name: "text", sees: ["Hello"] },
  {
    name: "imageWithCaption",
    extra: { media_src: STORED, media_state: "stored" },
    sees: ["Photo description"],
    image: "Photo description",
  },
  { name: "voice", extra: { media_src: STORED, media_state: "stored" }, sees: ["Voice note", /Hello, I need help/] },
  { name: "video", extra: { media_src: STORED, media_state: "stored" }, sees: ["Unboxing"] },
  { name: "document", extra: { media_src: STORED, media_state: "stored" }, sees: ["Invoice-INV-0042.pdf", "PDF"] },
  { name: "sticker", extra: { media_src: STORED, media_state: "stored" }, sees: [], image: "Sticker" },
  { name: "location", sees: [/-6\.2088, 106\.8456/] },
  { name: "contacts", sees: ["Barbara Johnson", "Lucky Shrub", "+1 415-555-0829", "bjohnson@example.com"] },
  { name: "buttonReply", sees: ["Tapped a button"] },
  { name: "listReply", sees: ["Chose from a list"] },
  { name: "flowReply", sees: ["Sent a form"] },
  { name: "button", sees: ["Tapped a quick reply", "Unsubscribe"] },
  { name: "reaction", sees: ["Reacted 👍 to an earlier message"] },
  { name: "reactionRemoved", sees: ["Removed a reaction"] },
  // The page's language writes the amounts: English writes rupiah as IDR.
  { name: "order", sees: ["Order · 2 items", "IDR 150,000", "Love these!"] },
  { name: "system", sees: ["User John Doe changed from 15551234567 to 12195555358"] },
  { name: "unsupported", sees: [/cannot show \(poll_update\)/] },
  { name: "futureType", sees: [/cannot show \(hologram\)/] },
  { name: "adReferral", sees: ["Hi, is this still available?", "From an ad", "Chat with us"] },
  { name: "templateSent", sees: ["order_confirmation", "INV-0042", "Rp 150.000"] },
];

describe("MessageContent: every message type from its details", () => {
  it("covers every message type the documented fixtures hold", () => {
    const types = (names: DocumentedName[]) =>
      new Set(names.flatMap((n) => (documented[n].body as { message?: { type: string } }).message?.type ?? []));
    const all = types(Object.keys(documented) as DocumentedName[]);
    expect(types(everyType.map((c) => c.name))).toEqual(all);
  });

  it.each(everyType)("$name", ({ name, extra, sees, image }) => {
    show(fromFixture(name, extra));
    if (image) {
      expect(screen.getByRole("img", { name: image })).toHaveAttribute("src", STORED);
    }
    for (const text of sees) {
      expect(screen.getAllByText(text).length).toBeGreaterThan(0);
    }
    // No signed Kapso link and no emoji icon leaks into the text.
    expect(document.body.textContent).not.toMatch(/token=|📎|📍|🛒|👤/);
  });
});

describe("MessageContent: media", () => {
  it("shows an image inline and opens it in a lightbox that Escape closes", async () => {
    const user = userEvent.setup();
    show(fromFixture("imageWithCaption", { media_src: STORED, media_state: "stored" }));
    const preview = screen.getByRole("img", { name: "Photo description" });
    expect(preview).toHaveAttribute("src", STORED);
    await user.click(screen.getByRole("button", { name: /View image larger/ }));
    const dialog = await screen.findByRole("dialog", { name: "Photo description" });
    expect(within(dialog).getByRole("img", { name: "Photo description" })).toHaveAttribute("src", STORED);
    await user.keyboard("{Escape}");
    await waitFor(() => expect(screen.queryByRole("dialog")).not.toBeInTheDocument());
    // And the Close button closes it as well.
    await user.click(screen.getByRole("button", { name: /View image larger/ }));
    await user.click(await screen.findByRole("button", { name: "Close" }));
    await waitFor(() => expect(screen.queryByRole("dialog")).not.toBeInTheDocument());
  });

  it("shows the pending state instead of a broken image when Kapso's link no longer loads", () => {
    const link = "https://api.kapso.ai/media/signed?token=expired";
    const { rerender } = show(fromFixture("imageWithCaption", { media_src: link, media_state: "pending" }));
    fireEvent.error(screen.getByRole("img", { name: "Photo description" }));
    expect(screen.queryByRole("img")).not.toBeInTheDocument();
    expect(screen.getByRole("status")).toHaveTextContent("Loading image…");
    // Once the copy is stored, the image shows from it.
    rerender(
      <MessageContent message={fromFixture("imageWithCaption", { media_src: STORED, media_state: "stored" })} />,
    );
    expect(screen.getByRole("img", { name: "Photo description" })).toHaveAttribute("src", STORED);
  });

  it("shows a sticker as an inline preview", () => {
    show(fromFixture("sticker", { media_src: STORED, media_state: "stored" }));
    expect(screen.getByRole("img", { name: "Sticker" })).toHaveAttribute("src", STORED);
  });

  it("gives video and audio players, voice notes labelled", () => {
    const { container, unmount } = show(fromFixture("video", { media_src: STORED, media_state: "stored" }));
    expect(container.querySelector("video")).toHaveAttribute("src", STORED);
    unmount();
    show(fromFixture("voice", { media_src: STORED, media_state: "stored" }));
    expect(screen.getByLabelText("Voice note")).toHaveAttribute("src", STORED);
  });

  it("shows a document's name as sent, its type and size, with a download link", () => {
    show(
      fromFixture("imageWithoutCaption", {
        type: "document",
        details: {
          media: { filename: "Price list FINAL v2.xlsx", size: 1_572_864, mime_type: "application/vnd.ms-excel" },
        },
        media_src: STORED,
        media_state: "stored",
      }),
    );
    expect(screen.getByText("Price list FINAL v2.xlsx")).toBeInTheDocument();
    expect(screen.getByText("XLSX · 1.5 MB")).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Download" })).toHaveAttribute("href", STORED);
  });

  it("replaces a player whose link no longer loads with the failure and its reason", () => {
    const link = "https://api.kapso.ai/media/signed?token=expired";
    show(
      fromFixture("video", { media_src: link, media_state: "failed", media_error: "The media is gone (HTTP 404)." }),
    );
    fireEvent.error(screen.getByLabelText("Video"));
    expect(screen.getByText("Media could not be kept")).toBeInTheDocument();
    expect(screen.getByText("The media is gone (HTTP 404).")).toBeInTheDocument();
  });

  it("keeps a failed document's name and says it could not be kept", () => {
    show(fromFixture("document", { media_state: "failed", media_error: "The file is larger than 16 MB." }));
    expect(screen.getByText("Invoice-INV-0042.pdf")).toBeInTheDocument();
    expect(screen.getByText("Media could not be kept")).toBeInTheDocument();
    expect(screen.queryByRole("link", { name: "Download" })).not.toBeInTheDocument();
  });

  it("shows a loading placeholder while the copy is pending and there is no link", () => {
    show(fromFixture("video", { media_state: "pending" }));
    expect(screen.getByRole("status")).toHaveTextContent("Loading video…");
  });

  it("says the media could not be kept, with the reason, when it failed and the link is gone", () => {
    show(
      fromFixture("imageWithCaption", {
        media_state: "failed",
        media_error: "The media is gone (HTTP 404); WhatsApp keeps it for a limited time only.",
      }),
    );
    expect(screen.getByText("Media could not be kept")).toBeInTheDocument();
    expect(screen.getByText(/HTTP 404/)).toBeInTheDocument();
    expect(screen.queryByRole("img")).not.toBeInTheDocument();
    expect(screen.queryByRole("link")).not.toBeInTheDocument();
  });
});

describe("MessageContent: cards and links", () => {
  it("links a location to OpenStreetMap", () => {
    show(fromFixture("location"));
    const link = screen.getByRole("link", { name: "Open in OpenStreetMap" });
    const { latitude, longitude } = fromFixture("location").details!.location!;
    expect(link).toHaveAttribute("href", openStreetMapUrl(latitude, longitude));
    expect(link.getAttribute("href")).toMatch(/^https:\/\/www\.openstreetmap\.org\/\?mlat=.+&mlon=.+#map=17\//);
  });

  it("offers Open lead only for a contact card number that is a known lead", () => {
    const message = fromFixture("contacts");
    const cards = message.details!.contacts!;
    const { unmount } = show(message);
    expect(screen.queryByRole("link", { name: "Open lead" })).not.toBeInTheDocument();
    unmount();
    show({ ...message, card_leads: [{ phone: cards[0].phones[0], contact_id: "lead42" as Id<"contacts"> }] });
    expect(screen.getByRole("link", { name: "Open lead" })).toHaveAttribute("href", "/contacts/lead42");
  });

  it("shows an order's items, quantities, prices and total", () => {
    show(fromFixture("order"));
    const table = screen.getByRole("table", { name: "Ordered items" });
    const rows = within(table).getAllByRole("row");
    expect(rows.map((r) => r.textContent)).toEqual([
      "ProductQtyPrice",
      "di9ozbzfi41IDR 100,000",
      "nqryix03ez1IDR 50,000",
      "TotalIDR 150,000",
    ]);
  });

  it("shows a template's name and each parameter by position", () => {
    show(fromFixture("templateSent"));
    expect(screen.getByText("order_confirmation")).toBeInTheDocument();
    expect(screen.getByText("{{1}}").nextElementSibling).toHaveTextContent("INV-0042");
    expect(screen.getByText("{{2}}").nextElementSibling).toHaveTextContent("Rp 150.000");
  });

  it("shows the quoted message; clicking it scrolls to the original and marks it", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const scrollIntoView = vi.fn();
    const original = document.createElement("li");
    original.id = "message-wamid.TEMPLATE1";
    original.scrollIntoView = scrollIntoView;
    document.body.append(original);
    try {
      show(
        fromFixture("button", {
          quoted: {
            wamid: "wamid.TEMPLATE1",
            direction: "outbound",
            type: "template",
            text: 'Template "order_confirmation"',
          },
        }),
      );
      screen.getByRole("button", { name: /Replying to You: Template "order_confirmation"/ }).click();
      expect(scrollIntoView).toHaveBeenCalledOnce();
      expect(original).toHaveAttribute("data-highlighted", "true");
      vi.advanceTimersByTime(2_000);
      expect(original).not.toHaveAttribute("data-highlighted");
    } finally {
      original.remove();
      vi.useRealTimers();
    }
  });

  it("says when the quoted message is not loaded", async () => {
    show(
      fromFixture("button", {
        quoted: { wamid: "wamid.ELSEWHERE", direction: "outbound", type: "text", text: "Older" },
      }),
    );
    await userEvent.click(screen.getByRole("button", { name: /Replying to You: Older/ }));
    expect(screen.getByText("Load earlier messages to see it.")).toBeInTheDocument();
  });

  it("links the ad only when its URL is https", () => {
    const ad = fromFixture("adReferral");
    const { unmount } = show(ad);
    expect(screen.getByRole("link", { name: "Open ad" })).toHaveAttribute("href", "https://fb.me/3cr4Wqqkv");
    unmount();
    for (const url of ["javascript:alert(1)", "http://fb.me/x", "data:text/html,x"]) {
      const { unmount: done } = show({
        ...ad,
        details: { ...ad.details, referral: { ...ad.details!.referral, source_url: url } },
      });
      expect(screen.getByText("From an ad")).toBeInTheDocument();
      expect(screen.queryByRole("link")).not.toBeInTheDocument();
      done();
    }
  });

  it("never turns a non-https location link into a link", () => {
    const message = fromFixture("location");
    show({ ...message, details: { location: { ...message.details!.location!, url: "javascript:alert(1)" } } });
    expect(screen.getAllByRole("link").map((a) => a.textContent)).toEqual(["Open in OpenStreetMap"]);
  });
});

describe("MessageContent in both languages", () => {
  const timedOut = encodeMediaError([
    messageRef("message.mediaError.timeout"),
    messageRef("message.mediaError.tries", { count: 4 }),
  ]);
  const gone = encodeMediaError([failureOfStatus(404).reason]);
  const quoted = () =>
    fromFixture("button", { quoted: { wamid: "wamid.ELSEWHERE", direction: "outbound", type: "text", text: "Older" } });
  const knownLead = () => {
    const message = fromFixture("contacts");
    const phone = message.details!.contacts![0].phones[0];
    return { ...message, card_leads: [{ phone, contact_id: "lead42" as Id<"contacts"> }] };
  };
  type Seen = { text?: (string | RegExp)[]; roles?: [role: string, name: string | RegExp][] };
  const cases: { name: string; message: () => ThreadMessage; en: Seen; id: Seen }[] = [
    {
      name: "image",
      // No caption and no file name: the image is named by its kind.
      message: () =>
        fromFixture("imageWithoutCaption", {
          media_src: STORED,
          media_state: "stored",
          details: { media: { mime_type: "image/jpeg" } },
        }),
      en: {
        roles: [
          ["img", "Image"],
          ["button", "View image larger: Image"],
        ],
      },
      id: {
        roles: [
          ["img", "Gambar"],
          ["button", "Lihat gambar lebih besar: Gambar"],
        ],
      },
    },
    {
      name: "sticker",
      message: () => fromFixture("sticker", { media_src: STORED, media_state: "stored" }),
      en: { roles: [["img", "Sticker"]] },
      id: {
        roles: [
          ["img", "Stiker"],
          ["button", "Lihat stiker lebih besar: Stiker"],
        ],
      },
    },
    {
      name: "voice note",
      message: () => fromFixture("voice", { media_src: STORED, media_state: "stored" }),
      en: { text: ["Voice note", "Transcript:"] },
      id: { text: ["Pesan suara", "Transkrip:"] },
    },
    {
      name: "document",
      message: () => fromFixture("document", { media_src: STORED, media_state: "stored" }),
      en: { text: ["Invoice-INV-0042.pdf"], roles: [["link", "Download"]] },
      id: { text: ["Invoice-INV-0042.pdf"], roles: [["link", "Unduh"]] },
    },
    {
      name: "document's type and size",
      message: () =>
        fromFixture("imageWithoutCaption", {
          type: "document",
          details: { media: { filename: "Daftar harga.xlsx", size: 1_572_864 } },
          media_src: STORED,
          media_state: "stored",
        }),
      en: { text: ["XLSX · 1.5 MB"] },
      id: { text: ["XLSX · 1,5 MB"] },
    },
    {
      name: "pending video",
      message: () => fromFixture("video", { media_state: "pending" }),
      en: { text: ["Loading video…"] },
      id: { text: ["Memuat video…"] },
    },
    {
      name: "location",
      message: () => fromFixture("location"),
      en: { roles: [["link", "Open in OpenStreetMap"]] },
      id: { roles: [["link", "Buka di OpenStreetMap"]] },
    },
    {
      name: "contact card of a known lead",
      message: knownLead,
      en: { text: ["Barbara Johnson"], roles: [["link", "Open lead"]] },
      id: { text: ["Barbara Johnson"], roles: [["link", "Buka prospek"]] },
    },
    {
      name: "button answer",
      message: () => fromFixture("buttonReply"),
      en: { text: ["Tapped a button"] },
      id: { text: ["Menekan tombol"] },
    },
    {
      name: "order with a rupiah total",
      message: () => fromFixture("order"),
      en: { text: ["Order · 2 items", "IDR 150,000", "Total"], roles: [["table", "Ordered items"]] },
      id: {
        text: ["Pesanan · 2 barang", "Rp 100.000", "Rp 150.000", "Produk", "Jml", "Harga"],
        roles: [["table", "Barang yang dipesan"]],
      },
    },
    {
      name: "quoted message",
      message: quoted,
      en: { text: ["You"], roles: [["button", "Replying to You: Older. Show that message"]] },
      id: { text: ["Anda"], roles: [["button", "Membalas Anda: Older. Tampilkan pesan itu"]] },
    },
    {
      name: "quoted photo, by ingestion's English label",
      message: () =>
        fromFixture("text", {
          quoted: { wamid: "wamid.ELSEWHERE", direction: "inbound", type: "image", text: "📷 Photo" },
        }),
      en: { text: ["📷 Photo", "Lead"] },
      id: { text: ["📷 Gambar", "Prospek"] },
    },
    {
      name: "location without coordinates in its details",
      message: () => fromFixture("location", { details: undefined, content: "📍 Location" }),
      en: { text: ["📍 Location"] },
      id: { text: ["📍 Lokasi"] },
    },
    {
      name: "reply to a message not in the thread",
      message: () => fromFixture("text", { details: { reply_to: "wamid.GONE" } }),
      en: { text: ["Reply to an earlier message"] },
      id: { text: ["Balasan untuk pesan sebelumnya"] },
    },
    {
      name: "ad badge",
      message: () => fromFixture("adReferral"),
      en: { text: ["From an ad"], roles: [["link", "Open ad"]] },
      id: { text: ["Dari iklan"], roles: [["link", "Buka iklan"]] },
    },
    {
      name: "reaction",
      message: () => fromFixture("reaction"),
      en: { text: ["Reacted 👍 to an earlier message"] },
      id: { text: ["Memberi reaksi 👍 pada pesan sebelumnya"] },
    },
    {
      name: "unsupported type",
      message: () => fromFixture("unsupported"),
      en: { text: [/cannot show \(poll_update\)/] },
      id: { text: [/tidak bisa ditampilkan kotak masuk ini \(poll_update\)/] },
    },
    {
      name: "media that could not be kept after retries",
      message: () => fromFixture("imageWithCaption", { media_state: "failed", media_error: timedOut }),
      en: { text: ["Media could not be kept", "The media host did not answer in time. Tried 4 times."] },
      id: { text: ["Media tidak dapat disimpan", "Server media tidak menjawab tepat waktu. Sudah dicoba 4 kali."] },
    },
    {
      name: "document that could not be kept",
      message: () => fromFixture("document", { media_state: "failed", media_error: gone }),
      en: { text: ["Media could not be kept", /^The media is gone \(HTTP 404\)/] },
      id: { text: ["Media tidak dapat disimpan", /^Media sudah tidak ada \(HTTP 404\)/] },
    },
    {
      // Rows failed before the reasons were stored as refs keep their English sentence.
      name: "media failed with an older English reason",
      message: () => fromFixture("video", { media_state: "failed", media_error: "The media is gone (HTTP 404)." }),
      en: { text: ["Media could not be kept", "The media is gone (HTTP 404)."] },
      id: { text: ["Media tidak dapat disimpan", "The media is gone (HTTP 404)."] },
    },
  ];

  it.each(cases.flatMap((c) => (["en", "id"] as const).map((locale) => ({ ...c, locale, seen: c[locale] }))))(
    "$name ($locale)",
    ({ message, locale, seen }) => {
      show(message(), locale);
      for (const text of seen.text ?? []) {
        expect(screen.getAllByText(text).length).toBeGreaterThan(0);
      }
      for (const [role, name] of seen.roles ?? []) {
        expect(screen.getByRole(role, { name })).toBeInTheDocument();
      }
    },
  );

  it("says nothing in English on an Indonesian page", () => {
    for (const c of cases.filter((c) => !c.name.includes("older English"))) {
      const { unmount } = show(c.message(), "id");
      expect(`${c.name}: ${document.body.textContent}`).not.toMatch(
        /Media could not be kept|Loading|Download|Open |Order|Tapped|Reacted|Reply|Replying|From an ad|Voice note|📷 Photo|📍 Location/,
      );
      unmount();
    }
  });
});
