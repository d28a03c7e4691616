import { afterEach, describe, expect, it, vi } from "vitest";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { ConvexError } from "convex/values";
import { api } from "@convex/_generated/api";
import type { Id } from "@convex/_generated/dataModel";
import { ConversationView, MESSAGES_PAGE_SIZE } from "@/components/inbox/ConversationView";
import type { MessageData } from "@/components/inbox/MessageBubble";
import { FakeConvex, TEST_WORKSPACE_ID, renderWithConvex } from "./fakeConvex";
import { paginated } from "./paginated";

const HOUR = 3_600_000;
const conversationId = "conv1" as Id<"conversations">;

afterEach(() => vi.restoreAllMocks());

function header(lastInboundAt: number | undefined, unread = 0) {
  return {
    conversation: {
      _id: conversationId,
      _creationTime: 0,
      workspace_id: TEST_WORKSPACE_ID,
      contact_id: "lead1" as Id<"contacts">,
      kapso_conversation_id: "k1",
      status: "active" as const,
      last_active_at: Date.now(),
      unread_count: unread,
    },
    lead: {
      _id: "lead1" as Id<"contacts">,
      name: "Budi Santoso",
      phone: "628139250849",
      last_inbound_at: lastInboundAt,
    },
  };
}

let seq = 0;
function msg(extra: Partial<MessageData> & { timestamp: number }): MessageData {
  seq++;
  return {
    _id: `m${seq}` as Id<"messages">,
    _creationTime: seq,
    workspace_id: TEST_WORKSPACE_ID,
    conversation_id: conversationId,
    contact_id: "lead1" as Id<"contacts">,
    direction: "inbound",
    type: "text",
    content: `message ${seq}`,
    status: "received",
    reactions: [],
    ...extra,
  };
}

function open(
  fake: FakeConvex,
  {
    lastInboundAt = Date.now() - HOUR,
    messages = [],
  }: { lastInboundAt?: number | null; messages?: MessageData[] } = {},
) {
  fake.setQuery(api.conversations.get, header(lastInboundAt ?? undefined));
  // Server order: newest first.
  fake.setQuery(api.messages.list, paginated([...messages].sort((a, b) => b.timestamp - a.timestamp)).resolver);
  return renderWithConvex(<ConversationView conversationId={conversationId} />, { fake });
}

describe("Conversation view", () => {
  it("shows messages oldest to newest with direction, ticks, media, transcript and reactions", async () => {
    const fake = new FakeConvex();
    const t0 = Date.now() - 2 * HOUR;
    open(fake, {
      messages: [
        msg({ timestamp: t0 + 3000, direction: "outbound", status: "read", content: "Read reply" }),
        msg({ timestamp: t0, content: "Halo, ada stok?", reactions: [{ emoji: "👍", direction: "outbound" }] }),
        msg({ timestamp: t0 + 1000, direction: "outbound", status: "delivered", content: "Delivered reply" }),
        msg({
          timestamp: t0 + 2000,
          type: "image",
          content: "Foto produk",
          caption: "Foto produk",
          media_url: "https://api.kapso.ai/media/abc",
          media_src: "https://api.kapso.ai/media/abc",
          media_state: "pending",
          media_mime_type: "image/jpeg",
        }),
        msg({
          timestamp: t0 + 4000,
          type: "audio",
          content: "",
          transcript: "Saya mau pesan dua",
          media_url: "https://api.kapso.ai/media/aud",
        }),
        msg({ timestamp: t0 + 5000, direction: "outbound", status: "sent", content: "Sent reply" }),
        msg({ timestamp: t0 + 6000, direction: "outbound", status: "pending", content: "Pending reply" }),
      ],
    });
    const bubbles = await screen.findAllByTestId("message");
    expect(bubbles.map((b) => b.textContent)).toEqual([
      expect.stringContaining("Halo, ada stok?"),
      expect.stringContaining("Delivered reply"),
      expect.stringContaining("Foto produk"),
      expect.stringContaining("Read reply"),
      expect.stringContaining("Saya mau pesan dua"),
      expect.stringContaining("Sent reply"),
      expect.stringContaining("Pending reply"),
    ]);
    expect(within(bubbles[0]).getByLabelText("Reactions")).toHaveTextContent("👍");
    expect(within(bubbles[1]).getByLabelText("Delivered")).toBeInTheDocument();
    expect(within(bubbles[2]).getByRole("img", { name: "Foto produk" })).toHaveAttribute(
      "src",
      "https://api.kapso.ai/media/abc",
    );
    expect(within(bubbles[2]).getAllByText("Foto produk")).toHaveLength(1);
    expect(within(bubbles[3]).getByLabelText("Read")).toHaveClass("text-info");
    expect(within(bubbles[4]).getByText(/Transcript/)).toBeInTheDocument();
    expect(within(bubbles[5]).getByLabelText("Sent")).toBeInTheDocument();
    expect(within(bubbles[6]).getByLabelText("Sending")).toBeInTheDocument();
    expect(screen.getByRole("heading", { name: "Budi Santoso" })).toBeInTheDocument();
  });

  it("turns payload URLs into links only when they are https:, and renders details-bearing messages by their content", async () => {
    const fake = new FakeConvex();
    open(fake, {
      messages: [
        msg({ timestamp: 1, type: "image", content: "📷 Photo", media_url: "javascript:alert(1)" }),
        msg({ timestamp: 2, type: "document", content: "📄 a.pdf", media_url: "http://api.kapso.ai/media/a.pdf" }),
        msg({
          timestamp: 3,
          content: "Masih ada?",
          details: { referral: { headline: "Promo", source_url: "https://fb.me/ad" } },
        }),
        msg({
          timestamp: 4,
          content: "Hi",
          details: { referral: { headline: "Promo", source_url: "data:text/html,x" } },
        }),
        msg({
          timestamp: 5,
          type: "location",
          content: "📍 Toko Maju, Jl. Sudirman 1 (-6.2088, 106.8456)",
          details: { location: { latitude: -6.2088, longitude: 106.8456, name: "Toko Maju" } },
        }),
      ],
    });
    const bubbles = await screen.findAllByTestId("message");
    expect(within(bubbles[0]).queryByRole("link")).toBeNull();
    expect(within(bubbles[0]).queryByRole("img")).toBeNull();
    expect(within(bubbles[0]).getByText("Image not available")).toBeInTheDocument();
    expect(within(bubbles[1]).queryByRole("link")).toBeNull();
    expect(within(bubbles[2]).getByRole("link", { name: "Open ad" })).toHaveAttribute("href", "https://fb.me/ad");
    expect(bubbles[3]).toHaveTextContent("From an adPromo");
    expect(within(bubbles[3]).queryByRole("link")).toBeNull();
    expect(bubbles[4]).toHaveTextContent("Toko Maju");
    expect(within(bubbles[4]).getByRole("link", { name: "Open in OpenStreetMap" })).toBeInTheDocument();
  });

  it("explains a failed message in plain words, and flags an unknown one", async () => {
    const fake = new FakeConvex();
    open(fake, {
      messages: [
        msg({
          timestamp: 1,
          direction: "outbound",
          status: "failed",
          content: "Promo",
          error_code: 131047,
          error_title: "Re-engagement message",
        }),
        msg({ timestamp: 2, direction: "outbound", status: "failed", content: "Hi", error_code: 131026 }),
        msg({ timestamp: 3, direction: "outbound", status: "unknown", content: "Maybe" }),
      ],
    });
    const bubbles = await screen.findAllByTestId("message");
    expect(within(bubbles[0]).getByRole("alert")).toHaveTextContent(/Not delivered: More than 24 hours have passed/);
    expect(within(bubbles[1]).getByRole("alert")).toHaveTextContent(/could not deliver this message/);
    expect(bubbles[2]).toHaveTextContent(/Unknown, check Kapso/);
  });

  it("shows new messages live", async () => {
    const fake = new FakeConvex();
    const first = msg({ timestamp: 1000, content: "Halo" });
    open(fake, { messages: [first] });
    expect(await screen.findByText("Halo")).toBeInTheDocument();
    fake.setQuery(api.messages.list, paginated([msg({ timestamp: 2000, content: "Ada yang baru" }), first]).resolver);
    expect(await screen.findByText("Ada yang baru")).toBeInTheDocument();
  });

  it("loads earlier messages", async () => {
    const fake = new FakeConvex();
    const messages = Array.from({ length: MESSAGES_PAGE_SIZE + 3 }, (_, i) =>
      msg({ timestamp: 1000 + i, content: `n${i}` }),
    );
    open(fake, { messages });
    expect(await screen.findAllByTestId("message")).toHaveLength(MESSAGES_PAGE_SIZE);
    expect(screen.queryByText("n0")).not.toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Load earlier messages" }));
    await waitFor(() => expect(screen.getAllByTestId("message")).toHaveLength(MESSAGES_PAGE_SIZE + 3));
    expect(screen.getAllByTestId("message")[0]).toHaveTextContent("n0");
  });

  it("marks the conversation read when opened with unread messages", async () => {
    const fake = new FakeConvex();
    fake.setQuery(api.conversations.get, header(Date.now(), 3));
    fake.setQuery(api.messages.list, paginated([]).resolver);
    renderWithConvex(<ConversationView conversationId={conversationId} />, { fake });
    await waitFor(() =>
      expect(fake.fn(api.conversations.markRead)).toHaveBeenCalledWith({
        workspaceId: TEST_WORKSPACE_ID,
        conversationId,
      }),
    );
  });
});

describe("Reply box", () => {
  it("sends with Enter, adds a line with Shift+Enter, and clears after sending", async () => {
    const fake = new FakeConvex();
    open(fake);
    const box = await screen.findByLabelText("Reply");
    await userEvent.type(box, "Halo Kak{Shift>}{Enter}{/Shift}stok ada");
    expect(box).toHaveValue("Halo Kak\nstok ada");
    expect(fake.fn(api.replies.send)).not.toHaveBeenCalled();
    await userEvent.keyboard("{Enter}");
    await waitFor(() =>
      expect(fake.fn(api.replies.send)).toHaveBeenCalledWith({
        workspaceId: TEST_WORKSPACE_ID,
        conversationId,
        text: "Halo Kak\nstok ada",
      }),
    );
    await waitFor(() => expect(box).toHaveValue(""));
    expect(screen.getByText(/reply window closes in 22 h 5\d min/)).toBeInTheDocument();
  });

  it("shows the server's error and keeps the text", async () => {
    const fake = new FakeConvex();
    fake
      .fn(api.replies.send)
      .mockRejectedValueOnce(new ConvexError({ code: "FORBIDDEN", message: "Your role (staff) does not allow this." }));
    open(fake);
    const box = await screen.findByLabelText("Reply");
    await userEvent.type(box, "Halo{Enter}");
    expect(await screen.findByRole("alert")).toHaveTextContent("Your role (staff) does not allow this.");
    expect(box).toHaveValue("Halo");
  });

  it("refuses an empty reply without calling the server", async () => {
    const fake = new FakeConvex();
    open(fake);
    await userEvent.click(await screen.findByRole("button", { name: "Send" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("Write a message first");
    expect(fake.fn(api.replies.send)).not.toHaveBeenCalled();
  });

  it("is disabled outside the 24-hour window, with an explanation", async () => {
    const fake = new FakeConvex();
    open(fake, { lastInboundAt: Date.now() - 25 * HOUR });
    expect(await screen.findByLabelText("Reply")).toBeDisabled();
    expect(screen.getByRole("button", { name: "Send" })).toBeDisabled();
    expect(screen.getByText(/more than 24 hours old, so WhatsApp only allows template messages/)).toBeInTheDocument();
  });

  it("is disabled when the lead never wrote", async () => {
    const fake = new FakeConvex();
    open(fake, { lastInboundAt: null });
    expect(await screen.findByLabelText("Reply")).toBeDisabled();
    expect(screen.getByText(/has not written to you yet/)).toBeInTheDocument();
  });
});
