import { describe, expect, it } from "vitest";
import { screen, waitFor, within } from "./rtl";
import userEvent from "@testing-library/user-event";
import { ConvexError } from "convex/values";
import { api } from "@convex/_generated/api";
import type { Doc, Id } from "@convex/_generated/dataModel";
import { LeadsList, LEADS_PAGE_SIZE } from "@/components/leads/LeadsList";
import { LeadPage } from "@/components/leads/LeadPage";
import { FakeConvex, TEST_WORKSPACE_ID, renderWithConvex } from "./fakeConvex";
import { paginated } from "./paginated";

const HOUR = 3_600_000;
const contactId = "lead1" as Id<"contacts">;

// Dates follow the page's language: British English for "en", as Indonesia writes them for "id".

const leadRow = (i: number, extra: Record<string, unknown> = {}) => ({
  _id: `lead${i}` as Id<"contacts">,
  name: `Lead ${i}`,
  phone: "628139250849",
  phone_display: "+62 813 9250 849",
  lastActivityAt: Date.now() - i * HOUR,
  last_inbound_at: Date.now() - i * HOUR,
  ...extra,
});

function leadDoc(extra: Partial<Doc<"contacts">> = {}): Doc<"contacts"> {
  return {
    _id: contactId,
    _creationTime: 0,
    workspace_id: TEST_WORKSPACE_ID,
    phone: "628139250849",
    name: "Budi Santoso",
    lastActivityAt: Date.now() - HOUR,
    last_inbound_at: Date.now() - HOUR,
    created_at: 0,
    updated_at: 0,
    ...extra,
  };
}

function note(i: number, extra: Partial<Doc<"leadNotes">> = {}): Doc<"leadNotes"> {
  return {
    _id: `note${i}` as Id<"leadNotes">,
    _creationTime: i,
    workspace_id: TEST_WORKSPACE_ID,
    contact_id: contactId,
    note_type: "manual",
    content: `Note ${i}`,
    created_at: Date.now() - i * HOUR,
    ...extra,
  };
}

describe("Leads list", () => {
  it("lists leads with phone, last activity and reply window, and loads more", async () => {
    const fake = new FakeConvex();
    const rows = Array.from({ length: LEADS_PAGE_SIZE + 2 }, (_, i) =>
      leadRow(i + 1, i === 0 ? { last_inbound_at: Date.now() - 30 * HOUR } : {}),
    );
    const source = paginated(rows);
    fake.setQuery(api.contacts.list, source.resolver);
    renderWithConvex(<LeadsList />, { fake });
    const links = await screen.findAllByRole("link");
    expect(links).toHaveLength(LEADS_PAGE_SIZE);
    expect(links[0]).toHaveAttribute("href", "/contacts/lead1");
    const firstRow = links[0].closest("tr")!;
    expect(within(firstRow).getByText("+62 813 9250 849")).toBeInTheDocument();
    expect(within(firstRow).getByText("Closed")).toBeInTheDocument();
    expect(within(links[1].closest("tr")!).getByText("Open")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Load more" }));
    await waitFor(() => expect(screen.getAllByRole("link")).toHaveLength(LEADS_PAGE_SIZE + 2));
    expect(source.calls.some((c) => c.cursor === `c:${LEADS_PAGE_SIZE}`)).toBe(true);
  }, 15_000);

  it("searches and updates live", async () => {
    const fake = new FakeConvex();
    const seen: Record<string, unknown>[] = [];
    let rows = [leadRow(1), leadRow(2)];
    fake.setQuery(api.contacts.list, (args: Record<string, unknown>) => {
      seen.push(args);
      return paginated(args.search ? rows.filter((r) => r.name === args.search) : rows).resolver(args);
    });
    renderWithConvex(<LeadsList />, { fake });
    expect(await screen.findAllByRole("link")).toHaveLength(2);
    rows = [leadRow(0, { name: "Newcomer" }), ...rows];
    fake.setQuery(api.contacts.list, (args: Record<string, unknown>) =>
      paginated(args.search ? rows.filter((r) => r.name === args.search) : rows).resolver(args),
    );
    expect(await screen.findByText("Newcomer")).toBeInTheDocument();
    await userEvent.type(screen.getByLabelText("Search leads by name or phone"), "Lead 2");
    await waitFor(() => expect(screen.getAllByRole("link")).toHaveLength(1));
    expect(screen.getByText("Lead 2")).toBeInTheDocument();
  });
});

describe("Lead page", () => {
  function openLead(fake: FakeConvex, lead = leadDoc(), notes: Doc<"leadNotes">[] = []) {
    fake.setQuery(api.contacts.get, {
      lead,
      phone_display: "+62 813 9250 849",
      conversations: [
        {
          _id: "conv1" as Id<"conversations">,
          _creationTime: 0,
          workspace_id: TEST_WORKSPACE_ID,
          contact_id: contactId,
          kapso_conversation_id: "k1",
          status: "active",
          last_active_at: Date.now(),
          last_message_preview: "Mau pesan 2",
        },
      ],
      hasMoreConversations: false,
    });
    fake.setQuery(api.contacts.notes, paginated(notes).resolver);
    return renderWithConvex(<LeadPage contactId={contactId} />, { fake });
  }

  it("shows the lead, its conversations and its notes including daily summaries", async () => {
    const fake = new FakeConvex();
    openLead(fake, leadDoc(), [
      note(1, {
        note_type: "daily_summary",
        content: "Asked about the premium package.",
        date: "2026-11-25",
        metadata: { message_count: 4, date: "2026-11-25" },
      }),
      note(2, { content: "Prefers afternoon calls", author: "user_ana", author_name: "Ana Putri" }),
    ]);
    expect(await screen.findByRole("heading", { name: "Budi Santoso" })).toBeInTheDocument();
    expect(screen.getByRole("link", { name: /Mau pesan 2/ })).toHaveAttribute("href", "/inbox/conv1");
    const notes = within(screen.getByRole("list", { name: "Notes" })).getAllByRole("listitem");
    expect(notes[0]).toHaveTextContent(/Daily summary · Wed, 25 Nov 2026/);
    expect(notes[0]).toHaveTextContent(/4 messages/);
    expect(notes[0]).toHaveTextContent("Asked about the premium package.");
    expect(notes[1]).toHaveTextContent("Prefers afternoon calls");
    expect(notes[1]).toHaveTextContent("by Ana Putri");
    expect(notes[1].querySelector("time")).not.toBeNull();
    expect(screen.getByText(/Reply window open/)).toBeInTheDocument();
    // One standing description and dated notes, named apart.
    expect(screen.queryByLabelText("Note")).not.toBeInTheDocument();
    expect(screen.getByLabelText("About this lead")).toBeInTheDocument();
    expect(screen.getByLabelText("Add a note")).toBeInTheDocument();
  });

  it("renames the lead and saves the note", async () => {
    const fake = new FakeConvex();
    openLead(fake);
    const name = await screen.findByLabelText("Name");
    await userEvent.clear(name);
    await userEvent.type(name, "Pak Budi");
    await userEvent.click(screen.getByRole("button", { name: "Save name" }));
    await waitFor(() =>
      expect(fake.fn(api.contacts.rename)).toHaveBeenCalledWith({
        workspaceId: TEST_WORKSPACE_ID,
        contactId,
        name: "Pak Budi",
      }),
    );
    expect(await screen.findByText("Saved")).toBeInTheDocument();

    await userEvent.type(screen.getByLabelText("About this lead"), "VIP");
    await userEvent.click(screen.getByRole("button", { name: "Save description" }));
    await waitFor(() =>
      expect(fake.fn(api.contacts.setNote)).toHaveBeenCalledWith({
        workspaceId: TEST_WORKSPACE_ID,
        contactId,
        note: "VIP",
      }),
    );
  });

  it("checks the name before calling the server and shows server errors", async () => {
    const fake = new FakeConvex();
    fake
      .fn(api.contacts.addNote)
      .mockRejectedValueOnce(new ConvexError({ code: "FORBIDDEN", message: "Your role (staff) does not allow this." }));
    openLead(fake);
    const name = await screen.findByLabelText("Name");
    await userEvent.clear(name);
    await userEvent.type(name, "   ");
    await userEvent.click(screen.getByRole("button", { name: "Save name" }));
    expect(await screen.findByText("Name is required")).toBeInTheDocument();
    expect(fake.fn(api.contacts.rename)).not.toHaveBeenCalled();

    await userEvent.type(screen.getByLabelText("Add a note"), "Called back");
    await userEvent.click(screen.getByRole("button", { name: "Add note" }));
    expect(await screen.findByText("Your role (staff) does not allow this.")).toBeInTheDocument();
    expect(screen.getByLabelText("Add a note")).toHaveValue("Called back");
  });

  it("leaves out the Conversations card when there are none, saying so in the header", async () => {
    const fake = new FakeConvex();
    fake.setQuery(api.contacts.get, { lead: leadDoc(), conversations: [], hasMoreConversations: false });
    fake.setQuery(api.contacts.notes, paginated([]).resolver);
    renderWithConvex(<LeadPage contactId={contactId} />, { fake });
    expect(await screen.findByText("No conversations yet")).toBeInTheDocument();
    expect(screen.queryByRole("heading", { name: "Conversations" })).not.toBeInTheDocument();
    expect(screen.getByRole("heading", { name: "Details" }).closest(".grid")).toBeNull();
  });

  it("follows a live name change from the server while the field is untouched", async () => {
    const fake = new FakeConvex();
    openLead(fake);
    expect(await screen.findByLabelText("Name")).toHaveValue("Budi Santoso");
    fake.setQuery(api.contacts.get, {
      lead: leadDoc({ name: "Budi S.", name_edited_at: Date.now() }),
      phone_display: "+62 813 9250 849",
      conversations: [],
      hasMoreConversations: false,
    });
    await waitFor(() => expect(screen.getByLabelText("Name")).toHaveValue("Budi S."));
    expect(screen.getByText(/WhatsApp profile names no longer replace it/)).toBeInTheDocument();
  });
});

describe("Leads in each language", () => {
  const notFound = () =>
    new ConvexError({
      code: "NOT_FOUND",
      message: "Lead not found in this workspace.",
      key: "errors.leads.notFound",
      values: {},
    });

  it.each([
    ["en", "loading", "Loading leads…"],
    ["id", "loading", "Memuat prospek…"],
    ["en", "empty", "No leads yetLeads appear when someone writes to your WhatsApp number."],
    ["id", "empty", "Belum ada prospekProspek muncul saat seseorang mengirim pesan ke nomor WhatsApp Anda."],
    ["en", "failing", "Could not load the leadsLead not found in this workspace."],
    ["id", "failing", "Tidak dapat memuat prospekProspek tidak ditemukan di ruang kerja ini."],
  ] as const)("in %s, the %s list says so", async (locale, state, text) => {
    const fake = new FakeConvex();
    if (state === "failing") {
      fake.setQuery(api.contacts.list, notFound());
    } else if (state === "empty") {
      fake.setQuery(api.contacts.list, paginated([]).resolver);
    }
    const { container } = renderWithConvex(<LeadsList />, { fake, locale });
    await waitFor(() =>
      expect(
        container.querySelector("[data-slot=loading-state], [data-slot=empty-state], [role=alert]"),
      ).toHaveTextContent(text),
    );
  });

  it.each([
    [
      "en",
      "Search leads by name or phone",
      ["Lead", "Phone", "Last activity", "Reply window"],
      "Closed",
      "Open",
      "Load more",
    ],
    [
      "id",
      "Cari prospek berdasarkan nama atau nomor telepon",
      ["Prospek", "Nomor telepon", "Aktivitas terakhir", "Jendela balasan"],
      "Tertutup",
      "Terbuka",
      "Muat lagi",
    ],
  ] as const)("in %s, names the columns and the reply window", async (locale, search, columns, closed, open, more) => {
    const fake = new FakeConvex();
    const rows = Array.from({ length: LEADS_PAGE_SIZE + 1 }, (_, i) =>
      leadRow(i + 1, i === 0 ? { last_inbound_at: Date.now() - 30 * HOUR } : {}),
    );
    fake.setQuery(api.contacts.list, paginated(rows).resolver);
    renderWithConvex(<LeadsList />, { fake, locale });
    const links = await screen.findAllByRole("link");
    expect(screen.getAllByRole("columnheader").map((th) => th.textContent)).toEqual(columns);
    expect(screen.getByLabelText(search)).toBeInTheDocument();
    expect(within(links[0].closest("tr")!).getByText(closed)).toBeInTheDocument();
    expect(within(links[1].closest("tr")!).getByText(open)).toBeInTheDocument();
    expect(screen.getByRole("button", { name: more })).toBeInTheDocument();
  });

  it("searching in Indonesian says when nothing matches", async () => {
    const fake = new FakeConvex();
    fake.setQuery(api.contacts.list, (args: Record<string, unknown>) =>
      paginated(args.search ? [] : [leadRow(1)]).resolver(args),
    );
    renderWithConvex(<LeadsList />, { fake, locale: "id" });
    await screen.findAllByRole("link");
    await userEvent.type(screen.getByPlaceholderText("Cari nama atau nomor telepon"), "Siti");
    expect(await screen.findByText("Tidak ada prospek yang cocok dengan pencarian Anda")).toBeInTheDocument();
    expect(screen.getByText("Coba sebagian nama atau nomor telepon.")).toBeInTheDocument();
  });

  it("shows a lead page in Indonesian, checks the name and says the server's error in Indonesian", async () => {
    const fake = new FakeConvex();
    fake.fn(api.contacts.addNote).mockRejectedValueOnce(notFound());
    fake.setQuery(api.contacts.get, {
      lead: leadDoc({ name_edited_at: Date.now() }),
      phone_display: "+62 813 9250 849",
      conversations: [],
      hasMoreConversations: false,
    });
    fake.setQuery(
      api.contacts.notes,
      paginated([
        note(1, {
          note_type: "daily_summary",
          content: "Menanyakan paket premium.",
          date: "2026-11-25",
          metadata: { message_count: 4, date: "2026-11-25" },
        }),
        note(2, { content: "Lebih suka ditelepon sore", author: "user_ana", author_name: "Ana Putri" }),
      ]).resolver,
    );
    renderWithConvex(<LeadPage contactId={contactId} />, { fake, locale: "id" });
    expect(await screen.findByRole("heading", { name: "Budi Santoso" })).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "← Prospek" })).toHaveAttribute("href", "/contacts");
    expect(screen.getByText(/^Aktivitas terakhir \d+ \w+ \d{4}, \d\d\.\d\d/)).toBeInTheDocument();
    expect(screen.getByText("Belum ada percakapan")).toBeInTheDocument();
    expect(screen.getByText(/^Jendela balasan terbuka, sisa /)).toBeInTheDocument();
    expect(screen.getByRole("heading", { name: "Detail" })).toBeInTheDocument();
    expect(screen.getByText("Diubah di sini; nama profil WhatsApp tidak lagi menggantikannya.")).toBeInTheDocument();
    expect(screen.getByRole("heading", { name: "Catatan dan ringkasan harian" })).toBeInTheDocument();
    const notes = within(screen.getByRole("list", { name: "Catatan" })).getAllByRole("listitem");
    expect(notes[0]).toHaveTextContent(/Ringkasan harian · Rab, 25 Nov 2026/);
    expect(notes[0]).toHaveTextContent(/4 pesan/);
    expect(notes[1]).toHaveTextContent("oleh Ana Putri");
    expect(screen.getByLabelText("Tentang prospek ini")).toBeInTheDocument();

    const name = screen.getByLabelText("Nama");
    await userEvent.clear(name);
    await userEvent.type(name, "   ");
    await userEvent.click(screen.getByRole("button", { name: "Simpan nama" }));
    expect(await screen.findByText("Nama wajib diisi")).toBeInTheDocument();
    expect(fake.fn(api.contacts.rename)).not.toHaveBeenCalled();

    await userEvent.click(screen.getByRole("button", { name: "Tambahkan catatan" }));
    expect(await screen.findByText("Tulis catatannya dulu")).toBeInTheDocument();
    await userEvent.type(screen.getByLabelText("Catatan baru"), "Sudah ditelepon");
    await userEvent.click(screen.getByRole("button", { name: "Tambahkan catatan" }));
    expect(await screen.findByText("Prospek tidak ditemukan di ruang kerja ini.")).toBeInTheDocument();
  });

  it.each([
    ["en", "Could not open this lead", "Lead not found in this workspace."],
    ["id", "Tidak dapat membuka prospek ini", "Prospek tidak ditemukan di ruang kerja ini."],
  ] as const)("in %s, a lead that cannot be opened says why", async (locale, title, why) => {
    const fake = new FakeConvex();
    fake.setQuery(api.contacts.get, notFound());
    renderWithConvex(<LeadPage contactId={contactId} />, { fake, locale });
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent(title);
    expect(alert).toHaveTextContent(why);
  });
});
