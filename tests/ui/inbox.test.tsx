import { describe, expect, it, vi } from "vitest";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { api } from "@convex/_generated/api";
import type { Id } from "@convex/_generated/dataModel";
import type { FunctionReturnType } from "convex/server";
import { InboxList, INBOX_PAGE_SIZE } from "@/components/inbox/InboxList";
import { FakeConvex, renderWithConvex } from "./fakeConvex";
import { paginated } from "./paginated";

type Row = FunctionReturnType<typeof api.conversations.list>["page"][number];

const row = (i: number, extra: Partial<Row> = {}): Row => ({
  _id: `conv${i}` as Id<"conversations">,
  status: "active",
  last_active_at: Date.now() - i * 60_000,
  last_message_preview: `Message ${i}`,
  last_message_at: undefined,
  last_message_direction: "inbound",
  waiting_for_reply: false,
  unread_count: 0,
  lead: { _id: `lead${i}` as Id<"contacts">, name: `Lead ${i}`, phone: "628139250849" },
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
          lead: { _id: "l1" as Id<"contacts">, name: "Budi Santoso", phone: "628139250849" },
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
        row(1, { lead: { _id: "l1" as Id<"contacts">, name: undefined, phone: "628139250849" } }),
        row(2, { lead: { _id: "l2" as Id<"contacts">, name: undefined, phone: undefined } }),
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
      paginated([row(0, { lead: { _id: "l9" as Id<"contacts">, name: "Siti Baru", phone: undefined } }), row(1)])
        .resolver,
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

  it("filters and searches through the query arguments", async () => {
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
    await waitFor(() => expect(seen.at(-1)).toMatchObject({ filter: "all", search: "Lead 2" }));
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
