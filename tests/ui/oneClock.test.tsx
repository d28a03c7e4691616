// One instant, every page that shows it: the lead page, the lead list, the summaries and a workflow's history read the workspace's
// clock, whatever the reader's own, and name the workspace's zone when the reader's clock reads differently.
import { summaryWriter } from "@convex/model/i18n";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import * as React from "react";
import { render, screen, within } from "./rtl";
import { ConvexProvider } from "convex/react";
import type { FunctionReturnType } from "convex/server";
import { api } from "@convex/_generated/api";
import type { Doc, Id } from "@convex/_generated/dataModel";
import { LeadPage } from "@/components/leads/LeadPage";
import { LeadsList } from "@/components/leads/LeadsList";
import { RunList } from "@/components/summaries/RunList";
import { WorkflowHistory } from "@/components/workflows/WorkflowHistory";
import { WorkspaceContextProvider } from "@/components/workspace/WorkspaceProvider";
import { useDateFormat } from "@/lib/useDateFormat";
import { deterministicLeadNote, type LeadDaySummary } from "@/domain/dailySummary";
import { defaultWorkflowConfig } from "@/domain/workflowSettings";
import { FakeConvex, TEST_WORKSPACE_ID } from "./fakeConvex";
import { paginated } from "./paginated";

// 22:23 on 1 Dec 2026 in Jakarta is 15:23 UTC; the page is read at 23:00 Jakarta time, the same evening.
const INSTANT = Date.UTC(2026, 11, 1, 15, 23);
const NOW = Date.UTC(2026, 11, 1, 16, 0);
const contactId = "lead1" as Id<"contacts">;

const realResolvedOptions = Intl.DateTimeFormat.prototype.resolvedOptions;

/** Pretends the reader's computer is set to `zone`. */
function readerIn(zone: string) {
  vi.spyOn(Intl.DateTimeFormat.prototype, "resolvedOptions").mockImplementation(function (this: Intl.DateTimeFormat) {
    return { ...realResolvedOptions.call(this), timeZone: zone };
  });
}

beforeEach(() => vi.useFakeTimers({ now: NOW, toFake: ["Date"] }));
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

const lead: Doc<"contacts"> = {
  _id: contactId,
  _creationTime: 0,
  workspace_id: TEST_WORKSPACE_ID,
  phone: "628139250849",
  name: "Budi Santoso",
  lastActivityAt: INSTANT,
  last_inbound_at: INSTANT,
  created_at: 0,
  updated_at: 0,
};

// The daily summary's note about that same last message, written as the server writes it.
const summaryOfTheDay: LeadDaySummary = {
  contactId,
  ref: "L1",
  name: "Budi Santoso",
  inbound: 1,
  outbound: 0,
  total: 1,
  isNew: false,
  waiting: true,
  lastAt: INSTANT,
  lastDirection: "inbound",
  lastLine: "Masih ada stok?",
  recent: [],
};

function fakeBackend(): FakeConvex {
  const fake = new FakeConvex();
  fake.setQuery(api.contacts.list, paginated([{ ...lead, phone_display: "+62 813 9250 849" }]).resolver);
  fake.setQuery(api.contacts.get, { lead, conversations: [], hasMoreConversations: false });
  fake.setQuery(
    api.contacts.notes,
    paginated([
      {
        _id: "n1" as Id<"leadNotes">,
        _creationTime: 0,
        workspace_id: TEST_WORKSPACE_ID,
        contact_id: contactId,
        note_type: "daily_summary",
        content: deterministicLeadNote(summaryOfTheDay, "Asia/Jakarta", summaryWriter("en")),
        date: "2026-12-01",
        created_at: INSTANT,
      },
    ]).resolver,
  );
  fake.setQuery(api.workflowSettings.history, {
    entries: [
      {
        _id: "h1",
        kind: "synced",
        version: 2,
        config: defaultWorkflowConfig("sarah"),
        previousConfig: null,
        kapsoWorkflowId: "",
        kapsoWorkflowName: "Sarah",
        actor: "Ana Putri",
        at: INSTANT,
      },
    ],
    hasMore: false,
  });
  return fake;
}

const run = {
  _id: "r1",
  _creationTime: 0,
  workspace_id: TEST_WORKSPACE_ID,
  date: "2026-11-30",
  status: "done",
  trigger: "manual",
  started_at: INSTANT,
} as unknown as FunctionReturnType<typeof api.summaries.listRuns>[number];

function workspaceWrapper(fake: FakeConvex, workspaceTimeZone: string) {
  const workspace = { _id: TEST_WORKSPACE_ID, name: "Toko Budi", role: "admin" as const, timezone: workspaceTimeZone };
  return function Wrapper({ children }: { children: React.ReactNode }) {
    return (
      <ConvexProvider client={fake.asClient()}>
        <WorkspaceContextProvider
          value={{
            workspaceId: workspace._id,
            workspace,
            workspaces: [workspace],
            role: "admin",
            selectWorkspace: () => {},
          }}
        >
          {children}
        </WorkspaceContextProvider>
      </ConvexProvider>
    );
  };
}

function renderPages(workspaceTimeZone: string) {
  const wrapper = workspaceWrapper(fakeBackend(), workspaceTimeZone);
  const page = render(<LeadPage contactId={contactId} />, { wrapper });
  const list = render(<LeadsList />, { wrapper });
  const summaries = render(<RunList runs={[run]} />, { wrapper });
  const workflow = render(<WorkflowHistory workflowType="sarah" />, { wrapper });
  return { page: page.container, list: list.container, summaries: summaries.container, workflow: workflow.container };
}

describe("one clock for every page", () => {
  it.each([
    // reader's zone, the zone named on the pages
    ["UTC", "Asia/Jakarta"],
    ["America/Los_Angeles", "Asia/Jakarta"],
    ["Asia/Jakarta", null],
    // Bangkok's clock reads like Jakarta's: nothing to name.
    ["Asia/Bangkok", null],
  ])("a reader in %s sees 22:23, the workspace's time, everywhere (zone named: %s)", (readerZone, named) => {
    readerIn(readerZone);
    const { page, list, summaries, workflow } = renderPages("Asia/Jakarta");
    const when = named ? `1 Dec 2026, 22:23 (${named})` : "1 Dec 2026, 22:23";

    expect(within(page).getByText(`Last activity ${when}`)).toBeInTheDocument();
    // The summary note about the same message agrees with the header above it.
    expect(within(page).getByText(/Last message at 22:23 from the lead/)).toBeInTheDocument();
    expect(within(page).getByRole("list", { name: "Notes" })).toHaveTextContent(when);

    const row = within(list).getByRole("link", { name: "Budi Santoso" }).closest("tr")!;
    expect(within(row).getAllByRole("cell")[2]).toHaveTextContent(/^22:23$/);
    expect(within(summaries).getByText(when)).toBeInTheDocument();
    expect(within(workflow).getByRole("list", { name: "Saves and syncs" })).toHaveTextContent(
      `Version 2 confirmed in Kapso by Ana Putri · ${when}`,
    );

    const notes = screen.queryAllByText(/Times are in the workspace's time zone/);
    expect(notes.map((n) => n.textContent)).toEqual(
      named ? Array(2).fill(`Times are in the workspace's time zone, ${named}.`) : [],
    );
  });

  it("follows the workspace's zone, not the reader's, when the workspace is elsewhere", () => {
    readerIn("Asia/Jakarta");
    const { page, list } = renderPages("Asia/Tokyo");
    // 15:23 UTC is 00:23 on 2 Dec in Tokyo.
    expect(within(page).getByText("Last activity 2 Dec 2026, 00:23 (Asia/Tokyo)")).toBeInTheDocument();
    const row = within(list).getByRole("link", { name: "Budi Santoso" }).closest("tr")!;
    expect(within(row).getAllByRole("cell")[2]).toHaveTextContent(/^00:23$/);
  });
});

/** The day labels and list times a page writes for these instants. */
function DayLabels({ instants }: { instants: number[] }) {
  const dates = useDateFormat();
  return (
    <ul>
      {instants.map((ms) => (
        <li key={ms}>{`${dates.dayLabel(ms)} | ${dates.listWhen(ms)}`}</li>
      ))}
    </ul>
  );
}

describe("in the reader's language", () => {
  const DAY = 86_400_000;
  it.each([
    [
      "en",
      "Last activity 1 Dec 2026, 22:23 (Asia/Jakarta)",
      "22:23",
      "Times are in the workspace's time zone, Asia/Jakarta.",
      ["Today | 22:23", "Yesterday | Yesterday", "Sunday 29 November | 29 Nov", "30 November 2025 | 30 Nov 2025"],
    ],
    [
      "id",
      "Aktivitas terakhir 1 Des 2026, 22.23 (Asia/Jakarta)",
      "22.23",
      "Waktu ditampilkan dalam zona waktu ruang kerja, Asia/Jakarta.",
      ["Hari ini | 22.23", "Kemarin | Kemarin", "Minggu, 29 November | 29 Nov", "30 November 2025 | 30 Nov 2025"],
    ],
  ] as const)(
    "%s: the same instants in its words and its way of writing time",
    (locale, header, listTime, zone, days) => {
      readerIn("UTC");
      const wrapper = workspaceWrapper(fakeBackend(), "Asia/Jakarta");
      const page = render(<LeadPage contactId={contactId} />, { wrapper, locale }).container;
      const list = render(<LeadsList />, { wrapper, locale }).container;
      const labels = render(<DayLabels instants={[INSTANT, INSTANT - DAY, INSTANT - 2 * DAY, INSTANT - 366 * DAY]} />, {
        wrapper,
        locale,
      }).container;

      expect(within(page).getByText(header)).toBeInTheDocument();
      const row = within(list).getByRole("link", { name: "Budi Santoso" }).closest("tr")!;
      expect(within(row).getAllByRole("cell")[2]).toHaveTextContent(new RegExp(`^${listTime}$`));
      expect(within(page).getByText(zone)).toBeInTheDocument();
      expect(within(list).getByText(zone)).toBeInTheDocument();
      expect(
        within(labels)
          .getAllByRole("listitem")
          .map((li) => li.textContent),
      ).toEqual(days);
    },
  );
});
