import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { screen, waitFor, within } from "./rtl";
import userEvent from "@testing-library/user-event";
import { ConvexError } from "convex/values";
import { api } from "@convex/_generated/api";
import type { Id } from "@convex/_generated/dataModel";
import { ConversationView, MARK_READ_DELAY_MS, MESSAGES_PAGE_SIZE } from "@/components/inbox/ConversationView";
import type { MessageData } from "@/components/inbox/MessageBubble";
import type { FunctionReturnType } from "convex/server";
import type { Role } from "@convex/permissions";
import { FakeConvex, TEST_WORKSPACE_ID, renderWithConvex } from "./fakeConvex";
import { paginated } from "./paginated";
import { resetNavigation } from "./fakeNavigation";

vi.mock("next/navigation", async () => (await import("./fakeNavigation")).navigation);
beforeEach(() => resetNavigation("/inbox/conv1"));

const HOUR = 3_600_000;
const conversationId = "conv1" as Id<"conversations">;

afterEach(() => vi.restoreAllMocks());

type Header = NonNullable<FunctionReturnType<typeof api.messages.list>["header"]>;

function header(
  lastInboundAt: number | undefined,
  unread = 0,
  extra: {
    canSend?: boolean;
    conversation?: Partial<Header["conversation"]>;
    lead?: Partial<NonNullable<Header["lead"]>>;
  } = {},
): Header {
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
      ...extra.conversation,
    },
    lead: {
      _id: "lead1" as Id<"contacts">,
      name: "Budi Santoso",
      phone: "628139250849",
      phone_display: "+62 813 9250 849",
      last_inbound_at: lastInboundAt,
      note: undefined,
      from_ad: false,
      recent_summaries: [],
      ...extra.lead,
    },
    canSend: extra.canSend ?? true,
  };
}

/** messages.list as the server answers it: newest first, the header with the newest page, older pages from `olderThan`. */
function thread(head: Header, messages: MessageData[]) {
  const source = paginated([...messages].sort((a, b) => b.timestamp - a.timestamp));
  return (args: Record<string, unknown>) => {
    const { paginationOpts, olderThan } = args as {
      paginationOpts: { numItems: number; cursor: string | null };
      olderThan?: string;
    };
    const cursor = paginationOpts.cursor ?? olderThan ?? null;
    const result = source.resolver({ paginationOpts: { ...paginationOpts, cursor } });
    return cursor === null ? { ...result, header: head } : result;
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
    role,
    locale,
    ...extra
  }: {
    lastInboundAt?: number | null;
    messages?: MessageData[];
    role?: Role;
    locale?: "en" | "id";
  } & Parameters<typeof header>[2] = {},
) {
  fake.setQuery(api.messages.list, thread(header(lastInboundAt ?? undefined, 0, extra), messages));
  return renderWithConvex(<ConversationView conversationId={conversationId} />, { fake, role, locale });
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
    expect(screen.getByRole("heading", { level: 2, name: "Budi Santoso" })).toBeInTheDocument();
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
    expect(bubbles[2]).toHaveTextContent(/Delivery not confirmed: this reply may or may not have reached the lead/);
  });

  it("shows new messages live", async () => {
    const fake = new FakeConvex();
    const first = msg({ timestamp: 1000, content: "Halo" });
    open(fake, { messages: [first] });
    expect(await screen.findByText("Halo")).toBeInTheDocument();
    fake.setQuery(
      api.messages.list,
      thread(header(Date.now() - HOUR), [msg({ timestamp: 2000, content: "Ada yang baru" }), first]),
    );
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
    fake.setQuery(api.messages.list, thread(header(Date.now(), 3), []));
    renderWithConvex(<ConversationView conversationId={conversationId} />, { fake });
    await waitFor(() =>
      expect(fake.fn(api.conversations.markRead)).toHaveBeenCalledWith({
        workspaceId: TEST_WORKSPACE_ID,
        conversationId,
      }),
    );
  });

  it("marks read once per burst of new messages while open, and only when something is unread", async () => {
    const fake = new FakeConvex();
    fake.setQuery(api.messages.list, thread(header(Date.now(), 0), []));
    renderWithConvex(<ConversationView conversationId={conversationId} />, { fake });
    expect(await screen.findByText("No messages yet")).toBeInTheDocument();
    const markRead = fake.fn(api.conversations.markRead);
    expect(markRead).not.toHaveBeenCalled();
    // Three messages in quick succession while the thread is on screen: one write, after the burst.
    for (const unread of [1, 2, 3]) {
      fake.setQuery(api.messages.list, thread(header(Date.now(), unread), []));
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(markRead).not.toHaveBeenCalled();
    await waitFor(() => expect(markRead).toHaveBeenCalledTimes(1), { timeout: MARK_READ_DELAY_MS * 2 });
    fake.setQuery(api.messages.list, thread(header(Date.now(), 0), []));
    await new Promise((r) => setTimeout(r, MARK_READ_DELAY_MS + 200));
    expect(markRead).toHaveBeenCalledTimes(1);
  }, 15000);

  it("leaves the badge alone while the tab is hidden and clears it when the tab is shown", async () => {
    let state: DocumentVisibilityState = "hidden";
    vi.spyOn(document, "visibilityState", "get").mockImplementation(() => state);
    const fake = new FakeConvex();
    fake.setQuery(api.messages.list, thread(header(Date.now(), 2), []));
    renderWithConvex(<ConversationView conversationId={conversationId} />, { fake });
    expect(await screen.findByText("No messages yet")).toBeInTheDocument();
    await new Promise((r) => setTimeout(r, 200));
    expect(fake.fn(api.conversations.markRead)).not.toHaveBeenCalled();
    state = "visible";
    document.dispatchEvent(new Event("visibilitychange"));
    await waitFor(() => expect(fake.fn(api.conversations.markRead)).toHaveBeenCalledTimes(1));
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

  it("offers the template picker instead of free text outside the 24-hour window, with an explanation", async () => {
    const fake = new FakeConvex();
    fake.fn(api.templates.list).mockResolvedValue([]);
    open(fake, { lastInboundAt: Date.now() - 25 * HOUR });
    expect(await screen.findByText("No approved templates")).toBeInTheDocument();
    expect(fake.fn(api.templates.list)).toHaveBeenCalledWith({ workspaceId: TEST_WORKSPACE_ID });
    expect(screen.queryByLabelText("Reply")).not.toBeInTheDocument();
    expect(screen.getByText(/more than 24 hours old, so WhatsApp only allows template messages/)).toBeInTheDocument();
  });

  it("offers the template picker when the lead never wrote", async () => {
    const fake = new FakeConvex();
    fake.fn(api.templates.list).mockResolvedValue([]);
    open(fake, { lastInboundAt: null });
    expect(await screen.findByText("No approved templates")).toBeInTheDocument();
    expect(screen.getByText(/has not written to you yet/)).toBeInTheDocument();
  });

  it("says before anyone types that sending is not set up: who to ask for staff, the fix for admins", async () => {
    const fake = new FakeConvex();
    const staff = open(fake, { canSend: false, role: "staff" });
    const notice = await screen.findByText("Replies cannot be sent yet");
    expect(notice.closest("[data-slot=alert]")).toHaveTextContent(/Ask an admin of this workspace to set up sending/);
    expect(screen.queryByRole("link", { name: /Settings/ })).not.toBeInTheDocument();
    staff.unmount();

    open(new FakeConvex(), { canSend: false, role: "admin" });
    expect(await screen.findByRole("link", { name: "Add the Kapso API key in Settings" })).toHaveAttribute(
      "href",
      "/settings",
    );
    expect(screen.queryByText(/Ask an admin/)).not.toBeInTheDocument();
  });

  it("says nothing about setup when sending works", async () => {
    open(new FakeConvex());
    await screen.findByLabelText("Reply");
    expect(screen.queryByText("Replies cannot be sent yet")).not.toBeInTheDocument();
  });
});

describe("A reply that did not go out", () => {
  const failed = () =>
    msg({
      timestamp: Date.now() - 60_000,
      direction: "outbound",
      status: "failed",
      content: "Halo",
      error_title: "Sending is not set up",
      error_message: "Sending replies is not set up for this workspace yet, so nothing was sent.",
    });

  it("says so in plain words and retries at once when it failed", async () => {
    const fake = new FakeConvex();
    const reply = failed();
    open(fake, { messages: [reply] });
    const bubble = await screen.findByTestId("message");
    expect(within(bubble).getByRole("alert")).toHaveTextContent(/Not delivered: Sending replies is not set up/);
    await userEvent.click(within(bubble).getByRole("button", { name: "Retry" }));
    await waitFor(() =>
      expect(fake.fn(api.replies.retry)).toHaveBeenCalledWith({ workspaceId: TEST_WORKSPACE_ID, messageId: reply._id }),
    );
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
  });

  it("asks before retrying a reply whose outcome is unknown, and sends nothing when cancelled", async () => {
    const fake = new FakeConvex();
    const reply = msg({ timestamp: Date.now() - 60_000, direction: "outbound", status: "unknown", content: "Maybe" });
    open(fake, { messages: [reply] });
    await userEvent.click(await screen.findByRole("button", { name: "Retry" }));
    const dialog = await screen.findByRole("dialog", { name: "Send this reply again?" });
    expect(dialog).toHaveTextContent(/may already have been delivered/);
    expect(fake.fn(api.replies.retry)).not.toHaveBeenCalled();
    await userEvent.click(within(dialog).getByRole("button", { name: "Cancel" }));
    expect(fake.fn(api.replies.retry)).not.toHaveBeenCalled();

    await userEvent.click(screen.getByRole("button", { name: "Retry" }));
    await userEvent.click(
      within(await screen.findByRole("dialog", { name: "Send this reply again?" })).getByRole("button", {
        name: "Send again",
      }),
    );
    await waitFor(() =>
      expect(fake.fn(api.replies.retry)).toHaveBeenCalledWith({
        workspaceId: TEST_WORKSPACE_ID,
        messageId: reply._id,
        confirmedUnknown: true,
      }),
    );
  });

  it("shows the retry's error", async () => {
    const fake = new FakeConvex();
    fake
      .fn(api.replies.retry)
      .mockRejectedValueOnce(new ConvexError({ code: "WINDOW_CLOSED", message: "The 24-hour window has closed." }));
    open(fake, { messages: [failed()] });
    await userEvent.click(await screen.findByRole("button", { name: "Retry" }));
    expect(await screen.findByText("The 24-hour window has closed.")).toBeInTheDocument();
  });

  it("links admins to the fix when sending is not set up, and tells staff whom to ask", async () => {
    const staff = open(new FakeConvex(), { messages: [failed()], canSend: false, role: "staff" });
    const bubble = await screen.findByTestId("message");
    expect(bubble).toHaveTextContent(/Ask an admin of this workspace to set up sending/);
    // A retry could only fail again until sending is set up.
    expect(within(bubble).queryByRole("button", { name: "Retry" })).not.toBeInTheDocument();
    staff.unmount();
    open(new FakeConvex(), { messages: [failed()], canSend: false, role: "admin" });
    const adminBubble = await screen.findByTestId("message");
    expect(within(adminBubble).getByRole("link", { name: "Add the Kapso API key in Settings" })).toHaveAttribute(
      "href",
      "/settings",
    );
  });
});

describe("Thread layout", () => {
  it("puts a separator before each day and only the time on bubbles, in the workspace's zone", async () => {
    // Asia/Jakarta (UTC+7): 10:00 local today, yesterday and a week ago.
    const now = Date.now();
    const todayAt10 = (() => {
      const local = new Date(now + 7 * HOUR);
      return Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate(), 10) - 7 * HOUR;
    })();
    const today = todayAt10 > now ? todayAt10 - 24 * HOUR + 1 : todayAt10;
    const sameDayAsToday = Math.min(now, today + 60_000);
    open(new FakeConvex(), {
      messages: [
        msg({ timestamp: today - 8 * 24 * HOUR, content: "long ago" }),
        msg({ timestamp: today - 24 * HOUR, content: "yesterday's" }),
        msg({ timestamp: today, content: "first today" }),
        msg({ timestamp: sameDayAsToday, content: "second today" }),
      ],
    });
    await screen.findAllByTestId("message");
    const separators = screen.getAllByRole("separator").map((s) => s.textContent);
    expect(separators).toHaveLength(3);
    expect(separators.slice(1)).toEqual(["Yesterday", "Today"]);
    expect(separators[0]).not.toMatch(/Today|Yesterday/);
    const order = Array.from(screen.getByRole("list", { name: "Messages" }).children).map((el) => el.textContent);
    expect(order.findIndex((t) => t?.includes("first today"))).toBe(order.indexOf("Today") + 1);
    for (const bubble of screen.getAllByTestId("message")) {
      expect(within(bubble).getByText(/^\d{1,2}[:.]\d{2}( [AP]M)?$/)).toBeInTheDocument();
    }
  });

  it("gives each bubble the DOM id message-<wamid>, so a quoted reply can scroll to it", async () => {
    open(new FakeConvex(), {
      messages: [
        msg({ timestamp: 1, kapso_message_id: "wamid.ABC" }),
        msg({ timestamp: 2, direction: "outbound", status: "pending", content: "no wamid yet" }),
      ],
    });
    const [withWamid, pending] = await screen.findAllByTestId("message");
    expect(withWamid).toHaveAttribute("id", "message-wamid.ABC");
    expect(document.getElementById("message-wamid.ABC")).toBe(withWamid);
    expect(pending).not.toHaveAttribute("id");
  });

  it("shows the lead panel: name, phone, state tags, note, recent summaries and the lead page", async () => {
    open(new FakeConvex(), {
      conversation: { waiting_for_reply: true },
      lead: {
        note: "Wants size L",
        from_ad: true,
        recent_summaries: [
          { _id: "n1" as Id<"leadNotes">, date: "2026-11-30", content: "Asked about stock of size L." },
        ],
      },
    });
    const panel = await screen.findByRole("complementary", { name: "Lead" });
    const lead = within(panel);
    expect(lead.getByRole("heading", { name: "Budi Santoso" })).toBeInTheDocument();
    expect(lead.getByText("+62 813 9250 849")).toBeInTheDocument();
    expect(lead.getByRole("list", { name: "Lead state" })).toHaveTextContent(/Waiting for our reply.*From an ad/);
    expect(lead.getByText("Wants size L")).toBeInTheDocument();
    expect(lead.getByText("Asked about stock of size L.")).toBeInTheDocument();
    expect(lead.getByText(/30/)).toHaveTextContent(/Nov/);
    expect(lead.getByRole("link", { name: "Open lead page" })).toHaveAttribute("href", "/contacts/lead1");
  });

  it("links back to the list with the filter and search kept, and shows the lead on demand on narrow screens", async () => {
    resetNavigation("/inbox/conv1?filter=waiting&q=budi");
    open(new FakeConvex());
    expect(await screen.findByRole("link", { name: "Back to conversations" })).toHaveAttribute(
      "href",
      "/inbox?filter=waiting&q=budi",
    );
    const toggle = screen.getByRole("button", { name: "Lead" });
    expect(toggle).toHaveAttribute("aria-expanded", "false");
    await userEvent.click(toggle);
    expect(toggle).toHaveAttribute("aria-expanded", "true");
    // The panel beside the thread (wide screens) and the one under the header (narrow screens).
    expect(screen.getAllByRole("link", { name: "Open lead page" })).toHaveLength(2);
  });

  it("never tags an ended conversation as waiting", async () => {
    open(new FakeConvex(), { conversation: { status: "ended", waiting_for_reply: true } });
    const panel = within(await screen.findByRole("complementary", { name: "Lead" }));
    expect(panel.getByRole("list", { name: "Lead state" })).toHaveTextContent("Ended");
    expect(screen.queryByText("Waiting for our reply")).not.toBeInTheDocument();
  });
});

describe("Conversation in Indonesian", () => {
  it("shows a thread with WhatsApp's status words, the header and the open reply box", async () => {
    const fake = new FakeConvex();
    const t0 = Date.now() - 2 * HOUR;
    open(fake, {
      locale: "id",
      conversation: { waiting_for_reply: true },
      messages: [
        msg({ timestamp: t0, content: "Halo, ada stok?", reactions: [{ emoji: "👍", direction: "outbound" }] }),
        msg({ timestamp: t0 + 1000, direction: "outbound", status: "delivered", content: "Ada" }),
        msg({ timestamp: t0 + 2000, direction: "outbound", status: "read", content: "Silakan" }),
        msg({ timestamp: t0 + 3000, direction: "outbound", status: "sent", content: "Terima kasih" }),
        msg({ timestamp: t0 + 4000, direction: "outbound", status: "pending", content: "Sampai jumpa" }),
      ],
    });
    const bubbles = await screen.findAllByTestId("message");
    expect(within(bubbles[0]).getByLabelText("Reaksi")).toHaveTextContent("👍");
    expect(within(bubbles[1]).getByLabelText("Terkirim")).toBeInTheDocument();
    expect(within(bubbles[2]).getByLabelText("Dibaca")).toHaveClass("text-info");
    expect(within(bubbles[3]).getByLabelText("Dikirim")).toBeInTheDocument();
    expect(within(bubbles[4]).getByLabelText("Mengirim")).toHaveAttribute("title", "Mengirim…");
    expect(screen.getByRole("list", { name: "Pesan" })).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Kembali ke percakapan" })).toHaveTextContent("← Kembali");
    const top = screen.getByRole("heading", { level: 2, name: "Budi Santoso" }).closest("header")!;
    expect(within(top).getByText(/^Menunggu/)).toHaveTextContent("Menunggu balasan kami");
    expect(screen.getByRole("button", { name: "Prospek" })).toBeInTheDocument();
    expect(screen.getByLabelText("Balasan")).toHaveAttribute(
      "placeholder",
      "Tulis balasan… (Enter untuk kirim, Shift+Enter untuk baris baru)",
    );
    expect(screen.getByRole("button", { name: "Kirim" })).toBeInTheDocument();
    expect(screen.getByText(/^Jendela balasan 24 jam tertutup dalam 2\d jam \d+ mnt\.$/)).toBeInTheDocument();
  });

  it("refuses an empty reply in Indonesian, and shows the server's refusal in Indonesian", async () => {
    const fake = new FakeConvex();
    fake.fn(api.replies.send).mockRejectedValueOnce(
      new ConvexError({
        code: "INVALID",
        message: "This lead has no phone number, so a reply cannot be sent.",
        key: "errors.inbox.noPhone",
        values: {},
      }),
    );
    open(fake, { locale: "id" });
    await userEvent.click(await screen.findByRole("button", { name: "Kirim" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("Tulis pesan terlebih dahulu");
    expect(fake.fn(api.replies.send)).not.toHaveBeenCalled();
    await userEvent.type(screen.getByLabelText("Balasan"), "Halo{Enter}");
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "Prospek ini tidak punya nomor telepon, jadi balasan tidak dapat dikirim.",
    );
  });

  it.each([
    { lastInboundAt: Date.now() - 25 * HOUR, explanation: /Pesan terakhir prospek sudah lebih dari 24 jam/ },
    { lastInboundAt: null, explanation: /Prospek ini belum pernah menulis kepada Anda/ },
  ])("explains the closed window and offers templates (last inbound $lastInboundAt)", async (c) => {
    const fake = new FakeConvex();
    fake.fn(api.templates.list).mockResolvedValue([]);
    open(fake, { locale: "id", lastInboundAt: c.lastInboundAt });
    expect(await screen.findByText("Belum ada templat yang disetujui")).toBeInTheDocument();
    expect(screen.getByText(c.explanation)).toBeInTheDocument();
    expect(screen.queryByLabelText("Balasan")).not.toBeInTheDocument();
  });

  it("says sending is not set up, with the admin's fix, in Indonesian", async () => {
    open(new FakeConvex(), { locale: "id", canSend: false, role: "admin" });
    const notice = await screen.findByText("Balasan belum bisa dikirim");
    expect(notice.closest("[data-slot=alert]")).toHaveTextContent(/Pengiriman belum disiapkan untuk ruang kerja ini/);
    expect(screen.getByRole("link", { name: "Tambahkan kunci API Kapso di Pengaturan" })).toHaveAttribute(
      "href",
      "/settings",
    );
  });

  it.each([
    {
      error: { error_code: 131047 },
      alert:
        "Gagal terkirim: Sudah lebih dari 24 jam sejak prospek terakhir menulis, jadi WhatsApp sekarang hanya menerima pesan templat.",
    },
    {
      error: { error_code: 999, error_title: "Odd thing" },
      alert: "Gagal terkirim: Odd thing (kesalahan WhatsApp 999)",
    },
    { error: {}, alert: "Gagal terkirim: Pesan tidak dapat dikirim." },
  ])("explains a failed reply and retries it with Coba lagi: $alert", async ({ error, alert }) => {
    const fake = new FakeConvex();
    const reply = msg({
      timestamp: Date.now() - 60_000,
      direction: "outbound",
      status: "failed",
      content: "Halo",
      ...error,
    });
    open(fake, { locale: "id", messages: [reply] });
    const bubble = await screen.findByTestId("message");
    expect(within(bubble).getByRole("alert")).toHaveTextContent(alert);
    await userEvent.click(within(bubble).getByRole("button", { name: "Coba lagi" }));
    await waitFor(() =>
      expect(fake.fn(api.replies.retry)).toHaveBeenCalledWith({ workspaceId: TEST_WORKSPACE_ID, messageId: reply._id }),
    );
  });

  it("asks in Indonesian before resending a reply whose outcome is unknown", async () => {
    const fake = new FakeConvex();
    const reply = msg({ timestamp: Date.now() - 60_000, direction: "outbound", status: "unknown", content: "Mungkin" });
    open(fake, { locale: "id", messages: [reply] });
    expect(
      await screen.findByText(/^Pengiriman belum pasti: balasan ini mungkin sudah atau belum sampai/),
    ).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Coba lagi" }));
    const dialog = await screen.findByRole("dialog", { name: "Kirim ulang balasan ini?" });
    expect(dialog).toHaveTextContent(/Kami tidak dapat memastikan apakah balasan ini sudah sampai ke prospek/);
    await userEvent.click(within(dialog).getByRole("button", { name: "Kirim ulang" }));
    await waitFor(() =>
      expect(fake.fn(api.replies.retry)).toHaveBeenCalledWith({
        workspaceId: TEST_WORKSPACE_ID,
        messageId: reply._id,
        confirmedUnknown: true,
      }),
    );
  });

  it("shows the lead panel in Indonesian", async () => {
    open(new FakeConvex(), { locale: "id", conversation: { reply_problem: "failed" }, lead: { from_ad: true } });
    const panel = await screen.findByRole("complementary", { name: "Prospek" });
    const state = await within(panel).findByRole("list", { name: "Status prospek" });
    expect(
      within(state)
        .getAllByRole("listitem")
        .map((li) => li.textContent),
    ).toEqual(["Balasan gagal terkirim", "Dari iklan"]);
    expect(panel).toHaveTextContent("Belum ada catatan.");
    expect(panel).toHaveTextContent("Ringkasan harian terbaru");
    expect(within(panel).getByRole("link", { name: "Buka halaman prospek" })).toBeInTheDocument();
  });
});
