import { afterEach, describe, expect, it, vi } from "vitest";
import { screen, waitFor, within } from "./rtl";
import userEvent from "@testing-library/user-event";
import { ConvexError } from "convex/values";
import { api } from "@convex/_generated/api";
import type { Id } from "@convex/_generated/dataModel";
import { DeliveriesPage } from "@/components/deliveries/DeliveriesPage";
import type { DeliveryDetailData, DeliveryRow } from "@/components/deliveries/format";
import { LEGACY_V1_ERROR } from "@/domain/kapsoWebhook";
import { FakeConvex, renderWithConvex } from "./fakeConvex";
import { paginated } from "./paginated";
import type { Locale } from "@/domain/locale";

let searchParams: URLSearchParams | null = null;
vi.mock("next/navigation", () => ({ useSearchParams: () => searchParams }));

afterEach(() => {
  vi.restoreAllMocks();
  searchParams = null;
});

const AT = Date.parse("2026-12-01T15:23:00Z");

function row(i: number, extra: Partial<DeliveryRow> = {}): DeliveryRow {
  return {
    _id: `event${i}` as Id<"webhookEvents">,
    received_at: AT - i * 60_000,
    event: "whatsapp.message.received",
    status: "processed",
    idempotency_key: `key-${i}`,
    item_count: 1,
    http_status: 200,
    verified_with: "workspace",
    ...extra,
  };
}

/** A fake backend with a quiet delivery health (the page shows it at the top). */
function newFake() {
  const fake = new FakeConvex();
  fake.setQuery(api.deliveryHealth.completedHours, { hours: [] });
  fake.setQuery(api.deliveryHealth.currentHour, null);
  return fake;
}

function detail(base: DeliveryRow, extra: Partial<DeliveryDetailData> = {}): DeliveryDetailData {
  return { ...base, has_signature: true, messages: [], leads: [], ...extra };
}

function setup({
  rows = [row(1)],
  abilities = { deploymentAdmin: false, manage: true },
  role = "admin" as const,
  details = {} as Record<string, DeliveryDetailData | null>,
  locale = "en" as Locale,
}: {
  rows?: DeliveryRow[];
  abilities?: { deploymentAdmin: boolean; manage: boolean };
  role?: "admin" | "operator" | "staff";
  details?: Record<string, DeliveryDetailData | null>;
  locale?: Locale;
} = {}) {
  const fake = newFake();
  const source = paginated(rows);
  fake.setQuery(api.deliveries.abilities, abilities);
  fake.setQuery(api.deliveries.list, source.resolver);
  fake.setQuery(api.deliveries.latestReplay, null);
  fake.setQuery(api.deliveries.get, (args: Record<string, unknown>) => details[args.eventId as string] ?? null);
  renderWithConvex(<DeliveriesPage />, { fake, role, locale });
  return { fake, source };
}

describe("Deliveries page", () => {
  it("shows loading, then the empty state", async () => {
    const fake = newFake();
    fake.setQuery(api.deliveries.abilities, { deploymentAdmin: false, manage: false });
    renderWithConvex(<DeliveriesPage />, { fake });
    expect(screen.getByText(/Loading deliveries/)).toBeInTheDocument();
    fake.setQuery(api.deliveries.list, paginated([]).resolver);
    expect(await screen.findByText("No deliveries yet")).toBeInTheDocument();
  });

  it("shows the query's error", async () => {
    const fake = newFake();
    fake.setQuery(api.deliveries.abilities, { deploymentAdmin: false, manage: false });
    fake.setQuery(
      api.deliveries.list,
      new ConvexError({
        code: "FORBIDDEN",
        message: "Only deployment admins see deliveries for numbers no workspace has.",
      }),
    );
    vi.spyOn(console, "error").mockImplementation(() => {});
    renderWithConvex(<DeliveriesPage />, { fake });
    expect(await screen.findByText("Could not load the deliveries")).toBeInTheDocument();
    expect(screen.getByText(/Only deployment admins/)).toBeInTheDocument();
  });

  it("lists rows newest first and passes the filters and search to the query", async () => {
    const user = userEvent.setup();
    const { source } = setup({ rows: [row(1), row(2, { status: "invalid", event: "whatsapp.message.read" })] });
    const list = await screen.findByRole("list", { name: "Deliveries" });
    // The counts per status sit above the list, linking to the same filter.
    expect(await screen.findByRole("navigation", { name: /Deliveries per status/ })).toBeInTheDocument();
    expect(
      within(list)
        .getAllByRole("button")
        .map((b) => b.textContent),
    ).toEqual([expect.stringContaining("key-1"), expect.stringContaining("key-2")]);
    await user.selectOptions(screen.getByLabelText("Status"), "invalid");
    await user.selectOptions(screen.getByLabelText("Event"), "whatsapp.message.read");
    await user.type(screen.getByLabelText("Idempotency key or wamid"), "wamid.X");
    await waitFor(() => expect(source.calls.length).toBeGreaterThan(2));
    expect(screen.queryByLabelText("Deliveries of")).not.toBeInTheDocument();
  });

  it("takes the status from a ?status= link, such as the counts per status", async () => {
    searchParams = new URLSearchParams("status=failed");
    setup({ rows: [row(1, { status: "failed" })] });
    await screen.findByRole("list", { name: "Deliveries" });
    expect(screen.getByLabelText("Status")).toHaveValue("failed");
    expect(screen.getByRole("button", { name: "Replay all failed deliveries" })).toBeInTheDocument();
  });

  it("opens a row: when, event, secret, answer, cause in plain words, body and links", async () => {
    const user = userEvent.setup();
    const invalid = row(1, { status: "invalid", error: LEGACY_V1_ERROR, http_status: 422 });
    setup({
      rows: [invalid],
      details: {
        event1: detail(invalid, {
          answer: JSON.stringify({ status: "invalid", error: LEGACY_V1_ERROR }),
          raw_body: '{"whatsapp_config":{"id":"1"}}',
        }),
      },
    });
    await user.click(await screen.findByRole("button", { name: /key-1/ }));
    const panel = await screen.findByLabelText("Delivery");
    expect(within(panel).getByText(/Kapso is sending payload version v1/)).toBeInTheDocument();
    expect(within(panel).getByText(/choose payload version v2/)).toBeInTheDocument();
    expect(within(panel).getByText("The workspace's webhook secret")).toBeInTheDocument();
    expect(within(panel).getByText(/HTTP 422/)).toBeInTheDocument();
    expect(within(panel).getByText(/"whatsapp_config": \{/)).toBeInTheDocument();
    expect(within(panel).getByRole("button", { name: "Copy body" })).toBeInTheDocument();
    expect(within(panel).getByText(/^1 Dec 2026, 22:22/)).toBeInTheDocument();
    expect(within(panel).getByRole("button", { name: "Replay" })).toBeInTheDocument();
  });

  it("links a processed delivery to the lead, conversation and message", async () => {
    const user = userEvent.setup();
    const processed = row(1);
    setup({
      rows: [processed],
      details: {
        event1: detail(processed, {
          messages: [
            {
              wamid: "wamid.A",
              message_id: "m1" as Id<"messages">,
              conversation_id: "c1" as Id<"conversations">,
              contact_id: "l1" as Id<"contacts">,
            },
          ],
          leads: [{ _id: "l1" as Id<"contacts">, name: "Budi" }],
        }),
      },
    });
    await user.click(await screen.findByRole("button", { name: /key-1/ }));
    const panel = await screen.findByLabelText("Delivery");
    expect(within(panel).getByRole("link", { name: "Budi" })).toHaveAttribute("href", "/contacts/l1");
    expect(within(panel).getByRole("link", { name: "Open the conversation" })).toHaveAttribute("href", "/inbox/c1");
    expect(within(panel).getByRole("link", { name: "wamid.A" })).toHaveAttribute("href", "/inbox/c1#message-wamid.A");
    expect(within(panel).queryByRole("button", { name: "Replay" })).not.toBeInTheDocument();
  });

  it("previews a replay of all matching rows, starts it and shows the result", async () => {
    const user = userEvent.setup();
    const { fake } = setup({
      rows: [row(1, { status: "unmatched", phone_number_id: "555" })],
      abilities: { deploymentAdmin: true, manage: true },
    });
    fake.setQuery(api.deliveries.previewReplay, {
      total: 4,
      more: false,
      groups: [
        { phone_number_id: "555", verdict: "replay", workspace_name: "Toko Budi", count: 3 },
        { phone_number_id: "777", verdict: "no_workspace", count: 1 },
      ],
    });
    await user.selectOptions(await screen.findByLabelText("Deliveries of"), "unassigned");
    await user.selectOptions(screen.getByLabelText("Status"), "unmatched");
    await user.click(screen.getByRole("button", { name: "Replay all unmatched deliveries" }));
    const preview = await screen.findByTestId("replay-preview");
    expect(preview).toHaveTextContent(
      "3 deliveries for phone number id 555 match workspace Toko Budi and will be replayed.",
    );
    expect(preview).toHaveTextContent("1 delivery for phone number id 777 still matches no workspace: not replayed.");
    await user.click(screen.getByRole("button", { name: "Replay" }));
    expect(fake.fn(api.deliveries.replay)).toHaveBeenCalledWith(
      expect.objectContaining({ scope: "unassigned", status: "unmatched" }),
    );
    fake.setQuery(api.deliveries.latestReplay, {
      _id: "r1",
      scope: "unassigned",
      state: "done",
      attempted: 4,
      replayed: 3,
      not_replayed: 1,
      started_at: AT,
    });
    expect(await screen.findByText("Last replay: 3 replayed, 1 not replayed.")).toBeInTheDocument();
  });

  it("shows the server's refusal of a replay", async () => {
    const user = userEvent.setup();
    const failed = row(1, { status: "failed", error: "boom" });
    const { fake } = setup({ rows: [failed], details: { event1: detail(failed) } });
    fake.setQuery(api.deliveries.previewReplay, { total: 1, more: false, groups: [] });
    fake
      .fn(api.deliveries.replay)
      .mockRejectedValue(
        new ConvexError({ code: "CONFLICT", message: "A replay is already under way; wait for it to finish." }),
      );
    await user.click(await screen.findByRole("button", { name: /key-1/ }));
    await user.click(await screen.findByRole("button", { name: "Replay" }));
    await user.click(within(await screen.findByRole("dialog")).getByRole("button", { name: "Replay" }));
    expect(await screen.findByText(/already under way/)).toBeInTheDocument();
  });

  it("is read-only for staff: rows and bodies, no replay or dismiss", async () => {
    const user = userEvent.setup();
    const failed = row(1, { status: "failed", error: "boom" });
    setup({
      rows: [failed],
      role: "staff",
      abilities: { deploymentAdmin: false, manage: false },
      details: { event1: detail(failed, { raw_body: "{}" }) },
    });
    await user.click(await screen.findByRole("button", { name: /key-1/ }));
    const panel = await screen.findByLabelText("Delivery");
    expect(within(panel).getByText(/Processing threw an error: boom/)).toBeInTheDocument();
    expect(within(panel).queryByRole("button", { name: "Replay" })).not.toBeInTheDocument();
    expect(within(panel).queryByRole("button", { name: "Dismiss" })).not.toBeInTheDocument();
    expect(screen.queryByRole("button", { name: /Replay all/ })).not.toBeInTheDocument();
  });

  it("dismisses after confirmation and closes the detail", async () => {
    const user = userEvent.setup();
    const invalid = row(1, { status: "invalid", error: "body: not valid UTF-8 JSON" });
    const { fake } = setup({ rows: [invalid], details: { event1: detail(invalid) } });
    await user.click(await screen.findByRole("button", { name: /key-1/ }));
    await user.click(await screen.findByRole("button", { name: "Dismiss" }));
    await user.click(within(await screen.findByRole("dialog")).getByRole("button", { name: "Dismiss" }));
    expect(fake.fn(api.deliveries.dismiss)).toHaveBeenCalledWith({
      workspaceId: expect.any(String),
      eventId: "event1",
    });
    await waitFor(() => expect(screen.queryByLabelText("Delivery")).not.toBeInTheDocument());
  });
});

describe("Deliveries page in both languages", () => {
  const words = {
    en: {
      loading: /Loading deliveries/,
      empty: "No deliveries yet",
      list: "Deliveries",
      processed: "Processed",
      items: "3 items",
      status: "Status",
      search: "Idempotency key or wamid",
      detail: "Delivery",
      cause: "Processing threw an error: Too many reads. Kapso retries such a delivery three times.",
      recorded: "Recorded error: Too many reads",
      verified: "The workspace's webhook secret",
      replay: "Replay",
      replayAll: "Replay all unmatched deliveries",
      title: "Replay deliveries",
      many: "1,200 deliveries for phone number id 555 match workspace Toko Budi and will be replayed.",
      one: "1 delivery for phone number id 777 still matches no workspace: not replayed.",
      last: "Last replay: 1,203 replayed, 1 not replayed.",
    },
    id: {
      loading: /Memuat kiriman/,
      empty: "Belum ada kiriman masuk",
      list: "Kiriman",
      processed: "Sudah diproses",
      items: "3 item",
      status: "Status",
      search: "Kunci idempotensi atau wamid",
      detail: "Detail kiriman",
      cause: "Pemrosesan gagal dengan kesalahan: Too many reads. Kapso mencoba ulang kiriman seperti ini tiga kali.",
      recorded: "Kesalahan tercatat: Too many reads",
      verified: "Rahasia webhook ruang kerja",
      replay: "Proses ulang",
      replayAll: "Proses ulang semua kiriman tanpa ruang kerja",
      title: "Proses ulang kiriman",
      many: "1.200 kiriman untuk ID nomor telepon 555 cocok dengan ruang kerja Toko Budi dan akan diproses ulang.",
      one: "1 kiriman untuk ID nomor telepon 777 masih belum cocok dengan ruang kerja mana pun: tidak diproses ulang.",
      last: "Proses ulang terakhir: 1.203 diproses ulang, 1 tidak diproses ulang.",
    },
  } as const;
  const locales = ["en", "id"] as const;

  it.each(locales)("%s: loading, then the empty state", async (locale) => {
    const fake = newFake();
    fake.setQuery(api.deliveries.abilities, { deploymentAdmin: false, manage: false });
    renderWithConvex(<DeliveriesPage />, { fake, locale });
    expect(screen.getByText(words[locale].loading)).toBeInTheDocument();
    fake.setQuery(api.deliveries.list, paginated([]).resolver);
    expect(await screen.findByText(words[locale].empty)).toBeInTheDocument();
  });

  it.each(locales)("%s: the list and a failed delivery's cause, the raw error kept as it was", async (locale) => {
    const w = words[locale];
    const user = userEvent.setup();
    const failed = row(1, { status: "failed", error: "Too many reads", item_count: 3 });
    setup({ rows: [failed, row(2)], details: { event1: detail(failed) }, locale });
    const list = await screen.findByRole("list", { name: w.list });
    expect(within(list).getAllByRole("button")[0]).toHaveTextContent(w.items);
    expect(within(list).getByText(w.processed)).toBeInTheDocument();
    expect(screen.getByLabelText(w.status)).toBeInTheDocument();
    expect(screen.getByLabelText(w.search)).toBeInTheDocument();
    await user.click(within(list).getByRole("button", { name: /key-1/ }));
    const panel = await screen.findByLabelText(w.detail);
    expect(within(panel).getByText(w.cause)).toBeInTheDocument();
    expect(within(panel).getByText(w.recorded)).toBeInTheDocument();
    expect(within(panel).getByText(w.verified)).toBeInTheDocument();
    expect(within(panel).getByRole("button", { name: w.replay })).toBeInTheDocument();
  });

  it.each(locales)("%s: the replay's confirmation counts deliveries, and its result", async (locale) => {
    const w = words[locale];
    const user = userEvent.setup();
    const { fake } = setup({ rows: [row(1, { status: "unmatched", phone_number_id: "555" })], locale });
    fake.setQuery(api.deliveries.previewReplay, {
      total: 1201,
      more: false,
      groups: [
        { phone_number_id: "555", verdict: "replay", workspace_name: "Toko Budi", count: 1200 },
        { phone_number_id: "777", verdict: "no_workspace", count: 1 },
      ],
    });
    await user.selectOptions(await screen.findByLabelText(w.status), "unmatched");
    await user.click(screen.getByRole("button", { name: w.replayAll }));
    const dialog = await screen.findByRole("dialog");
    expect(within(dialog).getByText(w.title)).toBeInTheDocument();
    const preview = await within(dialog).findByTestId("replay-preview");
    expect(preview).toHaveTextContent(w.many);
    expect(preview).toHaveTextContent(w.one);
    await user.click(within(dialog).getByRole("button", { name: w.replay }));
    fake.setQuery(api.deliveries.latestReplay, {
      _id: "r1",
      scope: "workspace",
      state: "done",
      attempted: 1204,
      replayed: 1203,
      not_replayed: 1,
      started_at: AT,
    });
    expect(await screen.findByText(w.last)).toBeInTheDocument();
  });
});
