import { describe, expect, it } from "vitest";
import { screen, within } from "./rtl";
import { api } from "@convex/_generated/api";
import { HealthPanel } from "@/components/deliveries/HealthPanel";
import { StatusCounts } from "@/components/deliveries/StatusCounts";
import { BASELINE_HOURS, emptyCounts, HOUR_MS, type DeliveryCounts } from "@/domain/deliveryHealth";
import { FakeConvex, renderWithConvex } from "./fakeConvex";

type Args = Record<string, unknown>;

function hourRow(hour: number, counts: Partial<DeliveryCounts>, lastReceivedAt?: number) {
  return { hour, ...emptyCounts(), ...counts, ...(lastReceivedAt === undefined ? {} : { lastReceivedAt }) };
}

/** A workspace that received `perHour` deliveries every completed hour of the week, the newest `silentHours` excepted. */
function busyWeek(perHour: number, silentHours = 0) {
  return ({ currentHour }: Args) => {
    const now = currentHour as number;
    const hours = [];
    for (let ago = BASELINE_HOURS; ago > silentHours; ago--) {
      hours.push(hourRow(now - ago * HOUR_MS, { processed: perHour }, now - ago * HOUR_MS + 60_000));
    }
    return { hours };
  };
}

function setup({ completed, current }: { completed: unknown; current?: unknown }) {
  const fake = new FakeConvex();
  fake.setQuery(api.deliveryHealth.completedHours, completed);
  fake.setQuery(api.deliveryHealth.currentHour, current === undefined ? null : current);
  return fake;
}

describe("HealthPanel compact (the inbox)", () => {
  it("shows nothing while loading or when all is well", () => {
    const loading = renderWithConvex(<HealthPanel compact />, { fake: new FakeConvex() });
    expect(loading.container).toBeEmptyDOMElement();
    loading.unmount();
    const fine = renderWithConvex(<HealthPanel compact />, { fake: setup({ completed: busyWeek(20) }) });
    expect(fine.container).toBeEmptyDOMElement();
  });

  it("shows the quiet alarm of a busy workspace gone silent, with a link to the deliveries", () => {
    renderWithConvex(<HealthPanel compact />, { fake: setup({ completed: busyWeek(20, 8) }) });
    const alarm = screen.getByRole("alert");
    expect(alarm).toHaveTextContent("Kapso has gone quiet");
    expect(alarm).toHaveTextContent(/No delivery from Kapso for \d+ hours/);
    expect(within(alarm).getByRole("link", { name: "Open deliveries" })).toHaveAttribute("href", "/deliveries");
  });

  it("a failing query shows its own error, not a broken inbox", () => {
    renderWithConvex(<HealthPanel compact />, { fake: setup({ completed: new Error("boom") }) });
    expect(screen.getByRole("alert")).toHaveTextContent("Could not check the webhook's health");
  });

  it("never reads the live hour", () => {
    const fake = setup({ completed: busyWeek(20), current: new Error("must not be read") });
    renderWithConvex(<HealthPanel compact />, { fake });
    expect(screen.queryByRole("alert")).not.toBeInTheDocument();
  });
});

describe("HealthPanel (the deliveries page)", () => {
  it("loading, then no delivery yet", () => {
    const fake = new FakeConvex();
    renderWithConvex(<HealthPanel />, { fake });
    expect(screen.getByRole("status")).toHaveTextContent("Loading webhook health");
    fake.setQuery(api.deliveryHealth.completedHours, { hours: [] });
    fake.setQuery(api.deliveryHealth.currentHour, null);
    expect(screen.getByText("No delivery yet")).toBeInTheDocument();
    expect(screen.getByText("None yet")).toBeInTheDocument();
    expect(screen.getAllByTestId("hour-bar")).toHaveLength(49);
  });

  it("deliveries signed with the wrong secret: counted in the last hour and named as the cause", () => {
    const fake = setup({
      completed: busyWeek(20),
      current: ({ currentHour }: Args) =>
        hourRow(currentHour as number, { processed: 2, refused: 9 }, (currentHour as number) + 1000),
    });
    renderWithConvex(<HealthPanel />, { fake });
    expect(screen.getByText("Needs attention")).toBeInTheDocument();
    const alarm = screen.getByRole("alert");
    expect(alarm).toHaveTextContent("Webhook deliveries are being refused");
    expect(alarm).toHaveTextContent("arriving with a signature that does not match");
    expect(screen.getByText(/9 of 31 \(9 with a signature that does not match\)/)).toBeInTheDocument();
    const table = screen.getByRole("table", { name: "Deliveries per hour" });
    expect(within(table).getAllByRole("row")).toHaveLength(50);
  });

  it("a query error reaches the boundary rather than showing stale health", () => {
    const fake = setup({ completed: new Error("boom") });
    expect(() => renderWithConvex(<HealthPanel />, { fake })).toThrow("boom");
  });
});

describe("StatusCounts", () => {
  it("counts per status for 24 hours, each a link filtering the deliveries", () => {
    const fake = setup({
      completed: ({ currentHour }: Args) => ({
        hours: [
          hourRow((currentHour as number) - 30 * HOUR_MS, { processed: 500 }),
          hourRow((currentHour as number) - 2 * HOUR_MS, { processed: 40, duplicate: 3, invalid: 2 }),
        ],
      }),
      current: ({ currentHour }: Args) => hourRow(currentHour as number, { processed: 1, failed: 1, refused: 4 }),
    });
    renderWithConvex(<StatusCounts selected="failed" />, { fake });
    const nav = screen.getByRole("navigation", { name: "Deliveries per status, last 24 hours" });
    expect(within(nav).getByRole("link", { name: "Processed 41" })).toHaveAttribute("href", "?status=processed");
    expect(within(nav).getByRole("link", { name: "Duplicate 3" })).toHaveAttribute("href", "?status=duplicate");
    expect(within(nav).getByRole("link", { name: "Invalid 2" })).toHaveAttribute("href", "?status=invalid");
    expect(within(nav).getByRole("link", { name: "Failed 1" })).toHaveAttribute("aria-current", "true");
    expect(within(nav).getByText(/Refused \(401\)/)).toHaveTextContent("Refused (401) 4");
    expect(within(nav).getAllByRole("link")).toHaveLength(6);
  });
});

describe("health in both languages", () => {
  const refusedHour = ({ currentHour }: Args) =>
    hourRow(currentHour as number, { processed: 2000, refused: 1500 }, (currentHour as number) + 1000);

  it.each([
    {
      locale: "en" as const,
      badge: "Needs attention",
      title: "Webhook deliveries are being refused",
      message: "1,500 of the last hour's 3,520 deliveries were refused (43%).",
      advice: "Deliveries are arriving with a signature that does not match",
      failures: "1,500 of 3,520 (1,500 with a signature that does not match)",
      table: "Deliveries per hour",
    },
    {
      locale: "id" as const,
      badge: "Perlu perhatian",
      title: "Kiriman webhook ditolak",
      message: "1.500 dari 3.520 kiriman dalam satu jam terakhir ditolak (43%).",
      advice: "Kiriman datang dengan tanda tangan yang tidak cocok",
      failures: "1.500 dari 3.520 (1.500 dengan tanda tangan yang tidak cocok)",
      table: "Kiriman per jam",
    },
  ])("$locale: the refused alarm with the language's numbers", (w) => {
    renderWithConvex(<HealthPanel />, {
      fake: setup({ completed: busyWeek(20), current: refusedHour }),
      locale: w.locale,
    });
    expect(screen.getByText(w.badge)).toBeInTheDocument();
    const alarm = screen.getByRole("alert");
    expect(alarm).toHaveTextContent(w.title);
    expect(alarm).toHaveTextContent(w.message);
    expect(alarm).toHaveTextContent(w.advice);
    expect(screen.getByTestId("failures-last-hour")).toHaveTextContent(w.failures);
    expect(screen.getByRole("table", { name: w.table })).toBeInTheDocument();
  });

  it.each([
    {
      locale: "en" as const,
      title: "Kapso has gone quiet",
      text: /No delivery from Kapso for 9 hours/,
      link: "Open deliveries",
    },
    {
      locale: "id" as const,
      title: "Kapso berhenti mengirim",
      text: /Tidak ada kiriman dari Kapso selama 9 jam/,
      link: "Buka kiriman",
    },
  ])("$locale: the inbox's quiet warning", ({ locale, title, text, link }) => {
    renderWithConvex(<HealthPanel compact />, { fake: setup({ completed: busyWeek(20, 8) }), locale });
    const alarm = screen.getByRole("alert");
    expect(alarm).toHaveTextContent(title);
    expect(alarm).toHaveTextContent(text);
    expect(within(alarm).getByRole("link", { name: link })).toHaveAttribute("href", "/deliveries");
  });

  it.each([
    {
      locale: "en" as const,
      nav: "Deliveries per status, last 24 hours",
      processed: "Processed 1,234",
      refused: "Refused (401) 4",
    },
    {
      locale: "id" as const,
      nav: "Kiriman per status, 24 jam terakhir",
      processed: "Sudah diproses 1.234",
      refused: "Ditolak (401) 4",
    },
  ])("$locale: counts per status", ({ locale, nav, processed, refused }) => {
    const fake = setup({
      completed: { hours: [] },
      current: ({ currentHour }: Args) => hourRow(currentHour as number, { processed: 1234, refused: 4 }),
    });
    renderWithConvex(<StatusCounts />, { fake, locale });
    const counts = screen.getByRole("navigation", { name: nav });
    expect(within(counts).getByRole("link", { name: processed })).toHaveAttribute("href", "?status=processed");
    expect(counts).toHaveTextContent(refused);
  });
});
