import { beforeEach, describe, expect, it, vi } from "vitest";
import { act, screen, waitFor, within } from "./rtl";
import userEvent from "@testing-library/user-event";
import { api } from "@convex/_generated/api";
import type { Id } from "@convex/_generated/dataModel";
import type { FunctionReturnType } from "convex/server";
import { InboxList, INBOX_PAGE_SIZE } from "@/components/inbox/InboxList";
import { InboxLayout } from "@/components/inbox/InboxLayout";
import { FakeConvex, renderWithConvex } from "./fakeConvex";
import { paginated } from "./paginated";
import { currentUrl, navigations, resetNavigation, setUrl } from "./fakeNavigation";

vi.mock("next/navigation", async () => (await import("./fakeNavigation")).navigation);
beforeEach(() => resetNavigation("/inbox"));

type Row = FunctionReturnType<typeof api.conversations.list>["page"][number];

const row = (i: number, extra: Partial<Row> = {}): Row => ({
  _id: `conv${i}` as Id<"conversations">,
  status: "active",
  last_active_at: Date.now() - i * 60_000,
  last_message_preview: `Message ${i}`,
  last_message_at: undefined,
  last_message_direction: "inbound",
  waiting_for_reply: false,
  reply_problem: undefined,
  unread_count: 0,
  lead: {
    _id: `lead${i}` as Id<"contacts">,
    name: `Lead ${i}`,
    phone: "628139250849",
    phone_display: "+62 813 9250 849",
  },
  ...extra,
});

describe("Inbox", () => {
  it("shows loading, then rows with name, phone, preview, time and badges", async () => {
    const fake = new FakeConvex();
    renderWithConvex(<InboxList />, { fake });
    expect(screen.getByRole("status")).toHaveTextContent(/Loading conversations/);
    fake.setQuery(
      api.conversations.list,
      paginated([
        row(1, {
          lead: {
            _id: "l1" as Id<"contacts">,
            name: "Budi Santoso",
            phone: "628139250849",
            phone_display: "+62 813 9250 849",
          },
          waiting_for_reply: true,
          unread_count: 2,
        }),
        row(2, { last_message_direction: "outbound", last_message_preview: "Sudah dikirim", status: "ended" }),
      ]).resolver,
    );
    const items = await screen.findAllByRole("listitem");
    expect(items).toHaveLength(2);
    const first = within(items[0]);
    expect(first.getByText("Budi Santoso")).toBeInTheDocument();
    expect(first.getByText("+62 813 9250 849")).toBeInTheDocument();
    expect(first.getByText("Message 1")).toBeInTheDocument();
    expect(first.getByText("Waiting")).toBeInTheDocument();
    expect(first.getByLabelText("2 unread")).toBeInTheDocument();
    expect(first.getByRole("link")).toHaveAttribute("href", "/inbox/conv1");
    expect(within(items[1]).getByText(/You:/)).toBeInTheDocument();
    expect(within(items[1]).getByText("Ended")).toBeInTheDocument();
  });

  it("shows the phone, or Unknown lead, for conversations stored before they carried the lead's name", async () => {
    const fake = new FakeConvex();
    fake.setQuery(
      api.conversations.list,
      paginated([
        row(1, {
          lead: {
            _id: "l1" as Id<"contacts">,
            name: undefined,
            phone: "628139250849",
            phone_display: "+62 813 9250 849",
          },
        }),
        row(2, { lead: { _id: "l2" as Id<"contacts">, name: undefined, phone: undefined, phone_display: "" } }),
      ]).resolver,
    );
    renderWithConvex(<InboxList />, { fake });
    const items = await screen.findAllByRole("listitem");
    expect(within(items[0]).getAllByText("+62 813 9250 849")).toHaveLength(1);
    expect(within(items[1]).getByText("Unknown lead")).toBeInTheDocument();
  });

  it("updates live: a new conversation from the subscription appears without reload", async () => {
    const fake = new FakeConvex();
    renderWithConvex(<InboxList />, { fake });
    fake.setQuery(api.conversations.list, paginated([row(1)]).resolver);
    expect(await screen.findByText("Lead 1")).toBeInTheDocument();
    fake.setQuery(
      api.conversations.list,
      paginated([
        row(0, { lead: { _id: "l9" as Id<"contacts">, name: "Siti Baru", phone: undefined, phone_display: "" } }),
        row(1),
      ]).resolver,
    );
    expect(await screen.findByText("Siti Baru")).toBeInTheDocument();
    expect(screen.getAllByRole("listitem")).toHaveLength(2);
  });

  it("loads more pages with the next cursor", async () => {
    const fake = new FakeConvex();
    const rows = Array.from({ length: INBOX_PAGE_SIZE + 5 }, (_, i) => row(i));
    const source = paginated(rows);
    fake.setQuery(api.conversations.list, source.resolver);
    renderWithConvex(<InboxList />, { fake });
    expect(await screen.findAllByRole("listitem")).toHaveLength(INBOX_PAGE_SIZE);
    await userEvent.click(screen.getByRole("button", { name: "Load more" }));
    await waitFor(() => expect(screen.getAllByRole("listitem")).toHaveLength(INBOX_PAGE_SIZE + 5));
    expect(source.calls.map((c) => c.cursor)).toContain(`c:${INBOX_PAGE_SIZE}`);
    expect(screen.queryByRole("button", { name: "Load more" })).not.toBeInTheDocument();
  });

  it("filters and searches through the query arguments", { timeout: 15000 }, async () => {
    const fake = new FakeConvex();
    const seen: Record<string, unknown>[] = [];
    fake.setQuery(api.conversations.list, (args: Record<string, unknown>) => {
      seen.push(args);
      const rows = args.filter === "waiting" ? [row(7, { waiting_for_reply: true })] : [row(1), row(2)];
      const filtered = args.search ? rows.filter((r) => r.lead.name?.includes(String(args.search))) : rows;
      return paginated(filtered).resolver(args);
    });
    renderWithConvex(<InboxList />, { fake });
    expect(await screen.findAllByRole("listitem")).toHaveLength(2);

    await userEvent.click(screen.getByRole("button", { name: "Waiting for our reply" }));
    expect(screen.getByRole("button", { name: "Waiting for our reply" })).toHaveAttribute("aria-pressed", "true");
    await waitFor(() => expect(screen.getAllByRole("listitem")).toHaveLength(1));
    expect(screen.getByText("Lead 7")).toBeInTheDocument();
    expect(seen.at(-1)).toMatchObject({ filter: "waiting" });

    await userEvent.click(screen.getByRole("button", { name: "All" }));
    await userEvent.type(screen.getByLabelText("Search by name or phone"), "Lead 2");
    await waitFor(() => expect(seen).toContainEqual(expect.objectContaining({ filter: "all", search: "Lead 2" })), {
      timeout: 5000,
    });
    await waitFor(() => expect(screen.getAllByRole("listitem")).toHaveLength(1));
    expect(screen.getByText("Lead 2")).toBeInTheDocument();
  });

  it("shows an empty state and the server's error", async () => {
    vi.spyOn(console, "error").mockImplementation(() => undefined); // React logs the caught query error
    const fake = new FakeConvex();
    fake.setQuery(api.conversations.list, paginated([]).resolver);
    renderWithConvex(<InboxList />, { fake });
    expect(await screen.findByText("No conversations here yet")).toBeInTheDocument();
    fake.setQuery(
      api.conversations.list,
      new Error("Uncaught Error: Workspace not found, or you are not a member of it."),
    );
    expect(await screen.findByRole("alert")).toHaveTextContent("Workspace not found, or you are not a member of it.");
    vi.restoreAllMocks();
  });
});

describe("Inbox: failed replies in the list", () => {
  it("marks a row whose newest reply did not go out, beyond 'You: …'", async () => {
    const fake = new FakeConvex();
    fake.setQuery(
      api.conversations.list,
      paginated([
        row(1, { last_message_direction: "outbound", reply_problem: "failed", waiting_for_reply: true }),
        row(2, { last_message_direction: "outbound", reply_problem: "unknown", waiting_for_reply: true }),
        row(3, { last_message_direction: "outbound" }),
      ]).resolver,
    );
    renderWithConvex(<InboxList />, { fake });
    const [failed, unknown, fine] = await screen.findAllByRole("listitem");
    expect(failed).toHaveTextContent(/You: Message 1/);
    expect(within(failed).getByText("Not delivered")).toBeInTheDocument();
    expect(within(failed).getByText("Waiting")).toBeInTheDocument();
    expect(within(unknown).getByText("Delivery not confirmed")).toBeInTheDocument();
    expect(fine).not.toHaveTextContent(/Not delivered|not confirmed/);
  });
});

describe("Inbox: filter and search in the URL", () => {
  /** Renders the inbox over one row and records the arguments of every list query. */
  async function renderRecordingListArgs(listed: Row) {
    const fake = new FakeConvex();
    const seen: Record<string, unknown>[] = [];
    fake.setQuery(api.conversations.list, (args: Record<string, unknown>) => {
      seen.push(args);
      return paginated([listed]).resolver(args);
    });
    renderWithConvex(<InboxList />, { fake });
    await screen.findAllByRole("listitem");
    return seen;
  }

  it("reads them from the URL, so a reload keeps them, and row links keep them too", async () => {
    resetNavigation("/inbox?filter=waiting&q=budi");
    const seen = await renderRecordingListArgs(row(1, { waiting_for_reply: true }));
    expect(seen[0]).toMatchObject({ filter: "waiting", search: "budi" });
    expect(screen.getByRole("button", { name: "Waiting for our reply" })).toHaveAttribute("aria-pressed", "true");
    expect(screen.getByLabelText("Search by name or phone")).toHaveValue("budi");
    expect(screen.getByRole("link")).toHaveAttribute("href", "/inbox/conv1?filter=waiting&q=budi");
  });

  it("writes changes to the URL and follows the URL back", { timeout: 15000 }, async () => {
    const seen = await renderRecordingListArgs(row(1));
    await userEvent.click(screen.getByRole("button", { name: "Ended" }));
    expect(currentUrl()).toBe("/inbox?filter=ended");
    await userEvent.type(screen.getByLabelText("Search by name or phone"), "budi s");
    await waitFor(() => expect(currentUrl()).toBe("/inbox?filter=ended&q=budi+s"), { timeout: 5000 });
    expect(seen).toContainEqual(expect.objectContaining({ filter: "ended", search: "budi s" }));
    // Typing replaces the history entry rather than adding one per pause.
    expect(navigations.every((n) => n.startsWith("replace:"))).toBe(true);

    setUrl("/inbox?filter=ended"); // back
    await waitFor(() => expect(screen.getByLabelText("Search by name or phone")).toHaveValue(""), { timeout: 5000 });
    await new Promise((r) => setTimeout(r, 300));
    expect(currentUrl()).toBe("/inbox?filter=ended");
  });

  it("treats an unknown filter in the URL as All", async () => {
    resetNavigation("/inbox?filter=nonsense");
    const seen = await renderRecordingListArgs(row(1));
    expect(seen[0]).toMatchObject({ filter: "all" });
  });
});

describe("Inbox: keyboard", () => {
  function rows(fake: FakeConvex) {
    fake.setQuery(api.conversations.list, paginated([row(1), row(2), row(3)]).resolver);
  }

  it("moves through the conversations with up and down, and opens one with Enter", async () => {
    resetNavigation("/inbox?filter=active");
    const fake = new FakeConvex();
    rows(fake);
    renderWithConvex(<InboxList />, { fake });
    const links = (await screen.findAllByRole("link")) as HTMLAnchorElement[];
    await userEvent.click(screen.getByLabelText("Search by name or phone"));
    await userEvent.keyboard("{ArrowDown}");
    expect(links[0]).toHaveFocus();
    await userEvent.keyboard("{ArrowDown}");
    expect(links[1]).toHaveFocus();
    await userEvent.keyboard("{ArrowDown}{ArrowDown}");
    expect(links[2]).toHaveFocus();
    await userEvent.keyboard("{ArrowUp}");
    expect(links[1]).toHaveFocus();
    await userEvent.keyboard("{Enter}");
    expect(currentUrl()).toBe("/inbox/conv2?filter=active");
    expect(navigations.at(-1)).toBe("push:/inbox/conv2?filter=active");
  });

  it("Escape returns from the thread to the list, but not while typing", { timeout: 15000 }, async () => {
    resetNavigation("/inbox/conv2?q=lead");
    const fake = new FakeConvex();
    rows(fake);
    renderWithConvex(
      <InboxLayout>
        <textarea aria-label="Reply" />
      </InboxLayout>,
      { fake },
    );
    await screen.findAllByRole("link");
    expect(screen.getByRole("link", { name: /Lead 2/ })).toHaveAttribute("aria-current", "page");
    await userEvent.type(screen.getByLabelText("Reply"), "halo{Escape}");
    expect(currentUrl()).toBe("/inbox/conv2?q=lead");
    (document.activeElement as HTMLElement).blur();
    await userEvent.keyboard("{Escape}");
    expect(currentUrl()).toBe("/inbox?q=lead");
    await waitFor(() => expect(screen.getByRole("link", { name: /Lead 2/ })).toHaveFocus(), { timeout: 5000 });
  });
});

describe("Inbox: connection state", () => {
  it("says Live while connected and Reconnecting… when the socket drops or the browser goes offline", async () => {
    const fake = new FakeConvex();
    fake.setQuery(api.conversations.list, paginated([row(1)]).resolver);
    renderWithConvex(<InboxLayout>{null}</InboxLayout>, { fake });
    expect(screen.getByRole("status", { name: /Connection/ })).toHaveTextContent("Live");
    fake.setConnected(false);
    expect(screen.getByRole("status", { name: /Connection/ })).toHaveTextContent("Reconnecting…");
    fake.setConnected(true);
    expect(screen.getByRole("status", { name: /Connection/ })).toHaveTextContent("Live");

    let online = false;
    Object.defineProperty(navigator, "onLine", { configurable: true, get: () => online });
    act(() => void window.dispatchEvent(new Event("offline")));
    expect(screen.getByRole("status", { name: /Connection/ })).toHaveTextContent("Reconnecting…");
    expect(screen.queryByText(/Live/)).not.toBeInTheDocument();
    online = true;
    act(() => void window.dispatchEvent(new Event("online")));
    expect(screen.getByRole("status", { name: /Connection/ })).toHaveTextContent("Live");
    Reflect.deleteProperty(navigator, "onLine");
  });

  it("shows an empty thread pane asking to pick a conversation", async () => {
    const { NoConversationSelected } = await import("@/components/inbox/NoConversationSelected");
    const fake = new FakeConvex();
    fake.setQuery(api.conversations.list, paginated([row(1)]).resolver);
    renderWithConvex(
      <InboxLayout>
        <NoConversationSelected />
      </InboxLayout>,
      { fake },
    );
    expect(screen.getByText("Pick a conversation")).toBeInTheDocument();
  });
});

describe("Inbox in Indonesian", () => {
  it.each([
    { locale: "en" as const, previews: ["📷 Photo", "🛒 Order: 2 items, Rp 150.000", "Halo, masih ada?"] },
    { locale: "id" as const, previews: ["📷 Gambar", "🛒 Pesanan: 2 barang, Rp 150.000", "Halo, masih ada?"] },
  ])(
    "says the stored previews of media and orders in $locale, the lead's words as written",
    async ({ locale, previews }) => {
      const fake = new FakeConvex();
      const stored = ["📷 Photo", "🛒 Order: 2 items, Rp 150.000", "Halo, masih ada?"];
      fake.setQuery(
        api.conversations.list,
        paginated(stored.map((preview, i) => row(i + 1, { last_message_preview: preview }))).resolver,
      );
      renderWithConvex(<InboxList />, { fake, locale });
      for (const preview of previews) {
        expect(await screen.findByText(preview)).toBeInTheDocument();
      }
    },
  );

  it("says the empty inbox, and a search that matches nothing, in Indonesian", async () => {
    const fake = new FakeConvex();
    fake.setQuery(api.conversations.list, paginated([]).resolver);
    const view = renderWithConvex(<InboxList />, { fake, locale: "id" });
    expect(await screen.findByText("Belum ada percakapan di sini")).toBeInTheDocument();
    expect(screen.getByText("Pesan WhatsApp baru muncul di sini begitu masuk.")).toBeInTheDocument();
    expect(screen.getByRole("searchbox", { name: "Cari nama atau nomor telepon" })).toBeInTheDocument();
    expect(
      within(screen.getByRole("group", { name: "Saring percakapan" }))
        .getAllByRole("button")
        .map((b) => b.textContent),
    ).toEqual(["Semua", "Aktif", "Selesai", "Menunggu balasan kami"]);
    view.unmount();

    setUrl("/inbox?q=zzz");
    renderWithConvex(<InboxList />, { fake, locale: "id" });
    expect(await screen.findByText("Tidak ada percakapan yang cocok dengan pencarian Anda")).toBeInTheDocument();
  });

  it.each([
    {
      locale: "en" as const,
      you: "You:",
      waiting: "Waiting",
      ended: "Ended",
      unread: "2 unread",
      failed: "Not delivered",
      unknown: "Delivery not confirmed",
    },
    {
      locale: "id" as const,
      you: "Anda:",
      waiting: "Menunggu",
      ended: "Selesai",
      unread: "2 belum dibaca",
      failed: "Gagal terkirim",
      unknown: "Pengiriman belum pasti",
    },
  ])("labels the rows in $locale", async ({ locale, you, waiting, ended, unread, failed, unknown }) => {
    const fake = new FakeConvex();
    fake.setQuery(
      api.conversations.list,
      paginated([
        row(1, { waiting_for_reply: true, unread_count: 2, reply_problem: "failed" }),
        row(2, { last_message_direction: "outbound", status: "ended", reply_problem: "unknown" }),
      ]).resolver,
    );
    renderWithConvex(<InboxList />, { fake, locale });
    const [first, second] = await screen.findAllByRole("listitem");
    expect(within(first).getByText(waiting)).toBeInTheDocument();
    expect(within(first).getByLabelText(unread)).toHaveTextContent("2");
    expect(within(first).getByText(failed)).toBeInTheDocument();
    expect(within(second).getByText(new RegExp(you))).toBeInTheDocument();
    expect(within(second).getByText(ended)).toBeInTheDocument();
    expect(within(second).getByText(unknown)).toBeInTheDocument();
  });

  it("names the page, the connection and the empty thread pane in Indonesian", async () => {
    const { NoConversationSelected } = await import("@/components/inbox/NoConversationSelected");
    const fake = new FakeConvex();
    fake.setQuery(api.conversations.list, paginated([row(1)]).resolver);
    renderWithConvex(
      <InboxLayout>
        <NoConversationSelected />
      </InboxLayout>,
      { fake, locale: "id" },
    );
    expect(screen.getByRole("heading", { level: 1, name: "Kotak masuk" })).toBeInTheDocument();
    expect(screen.getByRole("status", { name: "Koneksi: Terhubung" })).toHaveTextContent("Terhubung");
    expect(screen.getByRole("region", { name: "Daftar percakapan" })).toBeInTheDocument();
    expect(screen.getByText("Pilih percakapan")).toBeInTheDocument();
    fake.setConnected(false);
    expect(screen.getByRole("status", { name: /Koneksi/ })).toHaveTextContent("Menyambung ulang…");
  });
});
