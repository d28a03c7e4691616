import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { fireEvent, screen, within } from "./rtl";
import userEvent from "@testing-library/user-event";
import { ConvexError } from "convex/values";
import { api } from "@convex/_generated/api";
import { SummariesPage } from "@/components/summaries/SummariesPage";
import { FakeConvex, renderWithConvex, TEST_WORKSPACE_ID } from "./fakeConvex";
import { paginated } from "./paginated";

// The expected texts below are British English; dates follow the reader's locale.
beforeEach(() => vi.spyOn(navigator, "language", "get").mockReturnValue("en-GB"));
afterEach(() => vi.restoreAllMocks());

const days = Array.from({ length: 14 }, (_, i) => {
  const date = `2026-11-${String(12 + i).padStart(2, "0")}`;
  return { date, count: i === 0 ? null : i === 12 ? 0 : i * 10 };
});

const digests = [
  {
    _id: "n2",
    note_type: "daily_summary",
    content: "Budi wants paket A.\nSari is waiting.",
    date: "2026-11-25",
    message_count: 42,
    generator: "llm:grok-4.1-fast",
    created_at: 2,
  },
  {
    _id: "n1",
    note_type: "daily_summary",
    content: "Activity on 2026-11-23: 3 messages",
    date: "2026-11-23",
    message_count: 3,
    generator: "deterministic-fallback",
    created_at: 1,
  },
];

const runs = [
  {
    _id: "r3",
    date: "2026-11-25",
    status: "done",
    trigger: "cron",
    generator: "llm:grok-4.1-fast",
    message_count: 42,
    duration_ms: 2300,
    started_at: Date.parse("2026-11-25T17:17:00Z"),
  },
  {
    _id: "r2",
    date: "2026-11-24",
    status: "quiet",
    trigger: "cron",
    message_count: 0,
    duration_ms: 0,
    started_at: Date.parse("2026-11-24T17:17:00Z"),
  },
  {
    _id: "r1",
    date: "2026-11-23",
    status: "done",
    trigger: "manual",
    started_by: "Rina Operator",
    generator: "deterministic-fallback",
    fallback_reason: "TimeoutError: timed out",
    message_count: 3,
    duration_ms: 800,
    started_at: Date.parse("2026-11-23T17:17:00Z"),
  },
];

function loadedFake() {
  const fake = new FakeConvex();
  fake.setQuery(api.summaries.dailyCounts, { timeZone: "Asia/Jakarta", lastCompleteDay: "2026-11-25", days });
  fake.setQuery(api.summaries.listDigests, paginated(digests).resolver);
  fake.setQuery(api.summaries.listRuns, runs);
  fake.setQuery(
    api.summaries.listDayLeadNotes,
    paginated([
      {
        _id: "l1",
        contact_id: "c1",
        lead_name: "Budi",
        note_type: "daily_summary",
        content: "Wants paket A.",
        date: "2026-11-25",
        message_count: 5,
        generator: "llm:grok-4.1-fast",
        created_at: 2,
      },
    ]).resolver,
  );
  return fake;
}

describe("/summaries", () => {
  it("shows loading states until the data arrives", () => {
    renderWithConvex(<SummariesPage />, { fake: new FakeConvex() });
    expect(screen.getByText("Loading summaries…")).toBeInTheDocument();
    expect(screen.getByText("Loading daily figures…")).toBeInTheDocument();
    expect(screen.getByText("Loading runs…")).toBeInTheDocument();
  });

  it("lists digests newest first with their counts and who wrote them", () => {
    renderWithConvex(<SummariesPage />, { fake: loadedFake() });
    const items = within(screen.getByRole("list", { name: "Daily summaries" })).getAllByRole("listitem");
    expect(items).toHaveLength(2);
    expect(items[0]).toHaveTextContent("Wed, 25 Nov 2026");
    expect(items[0]).toHaveTextContent("42 messages");
    expect(items[0]).toHaveTextContent("Grok (grok-4.1-fast)");
    expect(items[0]).toHaveTextContent("Budi wants paket A.");
    expect(items[1]).toHaveTextContent("Deterministic (LLM failed)");
  });

  it("draws 14 days of messages with a text alternative", () => {
    renderWithConvex(<SummariesPage />, { fake: loadedFake() });
    const figure = screen.getByRole("figure", {
      name: /Messages per day, last 14 days \(Asia\/Jakarta\): 790 in total/,
    });
    expect(within(figure).getAllByTestId("bar")).toHaveLength(13);
    const table = within(figure).getByRole("table", { name: "Messages per day" });
    const rows = within(table).getAllByRole("row");
    expect(rows).toHaveLength(15);
    expect(rows[1]).toHaveTextContent("Thu, 12 Nov 2026not summarised");
    expect(rows[14]).toHaveTextContent("Wed, 25 Nov 2026130");
  });

  it("shows recent runs, quiet days and LLM fallbacks included", () => {
    renderWithConvex(<SummariesPage />, { fake: loadedFake() });
    const table = screen.getByRole("table", { name: "Recent summary runs" });
    const rows = within(table).getAllByRole("row").slice(1);
    expect(rows[1]).toHaveTextContent("Quiet day");
    expect(rows[1]).toHaveTextContent("Daily job");
    expect(rows[2]).toHaveTextContent("LLM failed: TimeoutError: timed out");
    expect(rows[2]).toHaveTextContent("Rina Operator");
  });

  it("shows each day's lead notes on demand, linking to the lead", async () => {
    const user = userEvent.setup();
    renderWithConvex(<SummariesPage />, { fake: loadedFake() });
    const [first] = screen.getAllByRole("button", { name: "Show lead notes" });
    await user.click(first);
    expect(first).toHaveAttribute("aria-expanded", "true");
    const notes = screen.getByRole("list", { name: "Lead notes of Wed, 25 Nov 2026" });
    expect(within(notes).getByRole("link", { name: "Budi" })).toHaveAttribute("href", "/contacts/c1");
    expect(notes).toHaveTextContent("Wants paket A.");
  });

  it("explains empty states", () => {
    const fake = new FakeConvex();
    fake.setQuery(api.summaries.dailyCounts, { timeZone: "Asia/Jakarta", lastCompleteDay: "2026-11-25", days });
    fake.setQuery(api.summaries.listDigests, paginated([]).resolver);
    fake.setQuery(api.summaries.listRuns, []);
    renderWithConvex(<SummariesPage />, { fake });
    expect(screen.getByText("No daily summaries yet")).toBeInTheDocument();
    expect(screen.getByText("No runs yet")).toBeInTheDocument();
  });

  it("shows query errors where they happen", () => {
    const fake = loadedFake();
    fake.setQuery(
      api.summaries.listDigests,
      new ConvexError({ code: "FORBIDDEN", message: "Workspace not found, or you are not a member of it." }),
    );
    renderWithConvex(<SummariesPage />, { fake });
    expect(screen.getByRole("alert")).toHaveTextContent("Could not load the summaries");
    expect(screen.getByRole("alert")).toHaveTextContent("you are not a member of it");
    expect(screen.getByRole("table", { name: "Recent summary runs" })).toBeInTheDocument();
  });
});

describe("Generate summary", () => {
  it("starts a run for the chosen past day and follows it to the end", async () => {
    const user = userEvent.setup();
    const fake = loadedFake();
    fake.fn(api.summaries.generate).mockResolvedValue("run1");
    fake.setQuery(api.summaries.getRun, {
      _id: "run1",
      date: "2026-11-20",
      status: "running",
      progress: "Read 4,000 messages",
      started_at: 1,
    });
    renderWithConvex(<SummariesPage />, { fake });

    const input = screen.getByLabelText("Day");
    expect(input).toHaveValue("2026-11-25");
    expect(input).toHaveAttribute("max", "2026-11-25");
    fireEvent.change(input, { target: { value: "2026-11-20" } });
    await user.click(screen.getByRole("button", { name: "Generate summary" }));

    expect(fake.fn(api.summaries.generate)).toHaveBeenCalledWith({
      workspaceId: TEST_WORKSPACE_ID,
      date: "2026-11-20",
    });
    expect(
      await screen.findByText(/Generating the summary of Fri, 20 Nov 2026: Read 4,000 messages/),
    ).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Generate summary" })).toBeDisabled();

    fake.setQuery(api.summaries.getRun, {
      _id: "run1",
      date: "2026-11-20",
      status: "done",
      message_count: 12,
      lead_count: 4,
      started_at: 1,
    });
    expect(screen.getByText("Summary of Fri, 20 Nov 2026 is ready: 12 messages, 4 leads.")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Generate summary" })).toBeEnabled();
  });

  it("refuses today or a future day before calling the server", async () => {
    const user = userEvent.setup();
    const fake = loadedFake();
    renderWithConvex(<SummariesPage />, { fake });
    fireEvent.change(screen.getByLabelText("Day"), { target: { value: "2026-11-26" } });
    await user.click(screen.getByRole("button", { name: "Generate summary" }));
    expect(screen.getByText("Pick a day that has ended: 2026-11-25 or earlier")).toBeInTheDocument();
    expect(screen.getByLabelText("Day")).toHaveAttribute("aria-invalid", "true");
    expect(fake.fn(api.summaries.generate)).not.toHaveBeenCalled();
  });

  it("shows the server's error", async () => {
    const user = userEvent.setup();
    const fake = loadedFake();
    fake.fn(api.summaries.generate).mockRejectedValue(
      new ConvexError({
        code: "CONFLICT",
        message: "date: the summary of Wed, 25 Nov 2026 is already being generated",
      }),
    );
    renderWithConvex(<SummariesPage />, { fake });
    await user.click(screen.getByRole("button", { name: "Generate summary" }));
    expect(
      await screen.findByText("date: the summary of Wed, 25 Nov 2026 is already being generated"),
    ).toBeInTheDocument();
  });

  it("clears the earlier success line when a later request is refused", async () => {
    const user = userEvent.setup();
    const fake = loadedFake();
    fake.fn(api.summaries.generate).mockResolvedValueOnce("run1");
    fake.setQuery(api.summaries.getRun, {
      _id: "run1",
      date: "2026-11-25",
      status: "done",
      message_count: 3,
      lead_count: 1,
      started_at: 1,
    });
    renderWithConvex(<SummariesPage />, { fake });
    await user.click(screen.getByRole("button", { name: "Generate summary" }));
    expect(await screen.findByText("Summary of Wed, 25 Nov 2026 is ready: 3 messages, 1 lead.")).toBeInTheDocument();
    fake
      .fn(api.summaries.generate)
      .mockRejectedValueOnce(new ConvexError({ code: "CONFLICT", message: "date: already being generated" }));
    await user.click(screen.getByRole("button", { name: "Generate summary" }));
    expect(await screen.findByText("date: already being generated")).toBeInTheDocument();
    expect(screen.queryByText(/is ready/)).not.toBeInTheDocument();
  });

  it("reports a failed run", async () => {
    const user = userEvent.setup();
    const fake = loadedFake();
    fake.fn(api.summaries.generate).mockResolvedValue("run1");
    fake.setQuery(api.summaries.getRun, {
      _id: "run1",
      date: "2026-11-25",
      status: "failed",
      error: "boom",
      started_at: 1,
    });
    renderWithConvex(<SummariesPage />, { fake });
    await user.click(screen.getByRole("button", { name: "Generate summary" }));
    expect(await screen.findByText("The summary of Wed, 25 Nov 2026 failed")).toBeInTheDocument();
    expect(screen.getByText("boom")).toBeInTheDocument();
  });

  it("is not offered to roles without summary.generate", () => {
    renderWithConvex(<SummariesPage />, { fake: loadedFake(), role: "staff" });
    expect(screen.queryByRole("button", { name: "Generate summary" })).not.toBeInTheDocument();
    expect(screen.getByText(/Your role \(staff\) can read summaries/)).toBeInTheDocument();
  });
});

describe("/summaries in both languages", () => {
  it.each([
    {
      locale: "en" as const,
      texts: ["Daily summaries", "42 messages", "Deterministic (LLM failed)", "Recent runs", "Quiet day", "Daily job"],
      refused: "Pick a day that has ended: 2026-11-25 or earlier",
      generate: "Generate summary",
      day: "Day",
    },
    {
      locale: "id" as const,
      texts: [
        "Ringkasan harian",
        "42 pesan",
        "Otomatis tanpa LLM (LLM gagal)",
        "Proses terakhir",
        "Hari sepi",
        "Tugas harian",
      ],
      refused: "Pilih hari yang sudah selesai: 2026-11-25 atau sebelumnya",
      generate: "Buat ringkasan",
      day: "Hari",
    },
  ])("$locale: the page, its runs and the form's refusal", async ({ locale, texts, refused, generate, day }) => {
    const user = userEvent.setup();
    const fake = loadedFake();
    renderWithConvex(<SummariesPage />, { fake, locale });
    for (const text of texts) {
      expect(screen.getAllByText(text, { exact: false }).length).toBeGreaterThan(0);
    }
    fireEvent.change(screen.getByLabelText(day), { target: { value: "2026-11-26" } });
    await user.click(screen.getByRole("button", { name: generate }));
    expect(screen.getByText(refused)).toBeInTheDocument();
    expect(fake.fn(api.summaries.generate)).not.toHaveBeenCalled();
  });

  it.each([
    [
      "en" as const,
      { status: "done", message_count: 1, lead_count: 1 },
      "Summary of Wed, 25 Nov 2026 is ready: 1 message, 1 lead.",
    ],
    [
      "en" as const,
      { status: "done", message_count: 5, lead_count: 2 },
      "Summary of Wed, 25 Nov 2026 is ready: 5 messages, 2 leads.",
    ],
    [
      "id" as const,
      { status: "done", message_count: 1, lead_count: 1 },
      "Ringkasan Rab, 25 Nov 2026 sudah siap: 1 pesan, 1 prospek.",
    ],
    [
      "id" as const,
      { status: "done", message_count: 5, lead_count: 2 },
      "Ringkasan Rab, 25 Nov 2026 sudah siap: 5 pesan, 2 prospek.",
    ],
    ["id" as const, { status: "quiet" }, "Tidak ada pesan pada Rab, 25 Nov 2026: tidak ada yang perlu diringkas."],
    [
      "id" as const,
      { status: "running", progress: "reading:1200" },
      "Membuat ringkasan Rab, 25 Nov 2026: 1.200 pesan terbaca…",
    ],
    [
      "en" as const,
      { status: "running", progress: "reading:1200" },
      "Generating the summary of Wed, 25 Nov 2026: read 1,200 messages…",
    ],
    [
      "id" as const,
      { status: "running", progress: "Saving notes" },
      "Membuat ringkasan Rab, 25 Nov 2026: Saving notes…",
    ],
  ])("%s: a run %j reads %j", async (locale, run, expected) => {
    const user = userEvent.setup();
    const fake = loadedFake();
    fake.fn(api.summaries.generate).mockResolvedValueOnce("run1");
    fake.setQuery(api.summaries.getRun, { _id: "run1", date: "2026-11-25", started_at: 1, ...run });
    renderWithConvex(<SummariesPage />, { fake, locale });
    await user.click(screen.getByRole("button", { name: locale === "id" ? "Buat ringkasan" : "Generate summary" }));
    expect(await screen.findByText(expected)).toBeInTheDocument();
  });
});
