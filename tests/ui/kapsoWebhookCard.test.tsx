import { describe, expect, it } from "vitest";
import { screen, within } from "./rtl";
import userEvent from "@testing-library/user-event";
import { ConvexError } from "convex/values";
import { api } from "@convex/_generated/api";
import { KapsoWebhookCard } from "@/components/settings/KapsoWebhookCard";
import { HANDLED_EVENTS } from "@/domain/kapsoWebhook";
import { emptyCounts } from "@/domain/deliveryHealth";
import { FakeConvex, renderWithConvex, TEST_WORKSPACE_ID } from "./fakeConvex";

const URL = "https://happy-otter-123.convex.site/webhook/kapso";

function setup({ lastReceivedAt }: { lastReceivedAt?: number } = {}) {
  const fake = new FakeConvex();
  fake.setQuery(api.kapsoWebhookSetup.endpoint, { url: URL });
  fake.setQuery(api.deliveryHealth.completedHours, { hours: [] });
  fake.setQuery(api.deliveryHealth.currentHour, ({ currentHour }: Record<string, unknown>) =>
    lastReceivedAt === undefined ? null : { hour: currentHour, ...emptyCounts(), processed: 1, lastReceivedAt },
  );
  return fake;
}

const webhook = {
  id: "wh_1",
  url: URL,
  kind: "kapso",
  events: [...HANDLED_EVENTS],
  active: true,
  payloadVersion: "v2",
  bufferEnabled: false,
};

describe("KapsoWebhookCard without a Kapso API key", () => {
  it("shows the values to paste into Kapso with copy buttons, waiting for the first delivery", () => {
    renderWithConvex(<KapsoWebhookCard workspaceId={TEST_WORKSPACE_ID} apiKeySource="none" canManage />, {
      fake: setup(),
    });
    expect(screen.getByText("Waiting for the first delivery")).toBeInTheDocument();
    expect(screen.getByText(URL)).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Copy URL" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Copy events" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Copy version" })).toBeInTheDocument();
    for (const event of HANDLED_EVENTS) {
      expect(screen.getByText(event)).toBeInTheDocument();
    }
    expect(screen.queryByRole("button", { name: "Connect webhook" })).not.toBeInTheDocument();
  });

  it("turns to Connected once the first delivery from Kapso arrived", () => {
    renderWithConvex(<KapsoWebhookCard workspaceId={TEST_WORKSPACE_ID} apiKeySource="none" canManage />, {
      fake: setup({ lastReceivedAt: Date.now() }),
    });
    expect(screen.getByText("Connected")).toBeInTheDocument();
    expect(screen.getByText(/Last delivery from Kapso:/)).toBeInTheDocument();
  });

  it("sends a test delivery and shows the answer", async () => {
    const fake = setup();
    fake.fn(api.kapsoWebhookSetup.sendTestDelivery).mockResolvedValue({
      ok: false,
      httpStatus: 401,
      message: {
        key: "webhookSetup.test.answeredError",
        values: { url: URL, status: 401, error: "X-Webhook-Signature: does not match the body" },
      },
    });
    renderWithConvex(<KapsoWebhookCard workspaceId={TEST_WORKSPACE_ID} apiKeySource="none" canManage />, { fake });
    await userEvent.click(screen.getByRole("button", { name: "Send test delivery" }));
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("Test delivery failed");
    expect(alert).toHaveTextContent("answered HTTP 401");
  });
});

describe("KapsoWebhookCard with a Kapso API key", () => {
  it("checks the webhook in Kapso and flags what differs", async () => {
    const fake = setup();
    fake.fn(api.kapsoWebhookSetup.inspect).mockResolvedValue({
      webhook: { ...webhook, payloadVersion: "v1", active: false },
      drift: [{ key: "webhookSetup.drift.paused" }, { key: "webhookSetup.drift.version", values: { version: "v1" } }],
    });
    renderWithConvex(<KapsoWebhookCard workspaceId={TEST_WORKSPACE_ID} apiKeySource="workspace" canManage />, {
      fake,
    });
    await userEvent.click(screen.getByRole("button", { name: "Check in Kapso" }));
    const warning = await screen.findByRole("alert");
    expect(warning).toHaveTextContent("differs from what this app needs");
    expect(within(warning).getByText("It sends payload version v1: this app reads v2.")).toBeInTheDocument();
    expect(screen.getByText("Paused")).toBeInTheDocument();
  });

  it("connects with the chosen buffering and shows the webhook as Kapso has it", async () => {
    const fake = setup();
    const connect = fake.fn(api.kapsoWebhookSetup.connect);
    connect.mockResolvedValue({
      created: true,
      webhook: { ...webhook, bufferEnabled: true, bufferWindowSeconds: 10, maxBufferSize: 50 },
      drift: [],
    });
    renderWithConvex(<KapsoWebhookCard workspaceId={TEST_WORKSPACE_ID} apiKeySource="deployment" canManage />, {
      fake,
    });
    await userEvent.click(screen.getByRole("checkbox", { name: /Buffer inbound messages/ }));
    const window = screen.getByRole("textbox", { name: "Buffer window (seconds)" });
    await userEvent.clear(window);
    await userEvent.type(window, "99");
    expect(screen.getByText("Buffer window must be 1 to 60 seconds")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Connect webhook" })).toBeDisabled();
    await userEvent.clear(window);
    await userEvent.type(window, "10");
    await userEvent.click(screen.getByRole("button", { name: "Connect webhook" }));
    expect(connect).toHaveBeenCalledWith({
      workspaceId: TEST_WORKSPACE_ID,
      buffering: { enabled: true, windowSeconds: 10, maxSize: 50 },
    });
    expect(await screen.findByText(/Kapso now sends this number's webhooks here/)).toBeInTheDocument();
    expect(screen.getByText("The webhook in Kapso matches what this app needs.")).toBeInTheDocument();
    expect(screen.getByText("10 s, up to 50 messages")).toBeInTheDocument();
  });

  it("shows Kapso's refusal in plain words", async () => {
    const fake = setup();
    fake.fn(api.kapsoWebhookSetup.connect).mockRejectedValue(
      new ConvexError({
        code: "KAPSO_RATE_LIMITED",
        message: "Kapso is rate-limiting this API key. Try again in 60 s.",
      }),
    );
    renderWithConvex(<KapsoWebhookCard workspaceId={TEST_WORKSPACE_ID} apiKeySource="workspace" canManage />, {
      fake,
    });
    await userEvent.click(screen.getByRole("button", { name: "Connect webhook" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("Try again in 60 s.");
  });

  it("read-only for members who cannot manage the workspace", () => {
    renderWithConvex(<KapsoWebhookCard workspaceId={TEST_WORKSPACE_ID} apiKeySource="workspace" canManage={false} />, {
      fake: setup(),
      role: "staff",
    });
    expect(screen.queryByRole("button", { name: "Connect webhook" })).not.toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Send test delivery" })).not.toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Check in Kapso" })).toBeInTheDocument();
  });
});

describe("KapsoWebhookCard in both languages", () => {
  const words = {
    en: {
      waiting: "Waiting for the first delivery",
      copyUrl: "Copy URL",
      test: "Send test delivery",
      testFailed: "Test delivery failed",
      answered: `${URL} answered HTTP 401: X-Webhook-Signature: does not match the body.`,
      check: "Check in Kapso",
      driftTitle: "The webhook in Kapso differs from what this app needs",
      paused: "It is paused (inactive): Kapso sends nothing.",
      connect: "Connect webhook",
      buffer: /Buffer inbound messages/,
      window: "Buffer window (seconds)",
      windowError: "Buffer window must be 1 to 60 seconds",
      noSecret:
        "No webhook secret applies to this workspace: connect the webhook, or paste Kapso's secret in Settings.",
    },
    id: {
      waiting: "Menunggu kiriman pertama",
      copyUrl: "Salin URL",
      test: "Kirim uji coba",
      testFailed: "Kiriman uji gagal",
      answered: `${URL} menjawab HTTP 401: X-Webhook-Signature: does not match the body.`,
      check: "Periksa di Kapso",
      driftTitle: "Webhook di Kapso berbeda dengan yang dibutuhkan aplikasi ini",
      paused: "Webhook ini dijeda (tidak aktif): Kapso tidak mengirim apa pun.",
      connect: "Hubungkan webhook",
      buffer: /Tampung pesan masuk/,
      window: "Waktu tampung (detik)",
      windowError: "Waktu tampung harus 1 sampai 60 detik",
      noSecret:
        "Tidak ada rahasia webhook yang berlaku untuk ruang kerja ini: hubungkan webhook, atau tempel rahasia dari Kapso di Pengaturan.",
    },
  } as const;
  const locales = ["en", "id"] as const;

  it.each(locales)(
    "%s: the values to paste, and a failed test delivery with the raw error as it came",
    async (locale) => {
      const w = words[locale];
      const fake = setup();
      fake.fn(api.kapsoWebhookSetup.sendTestDelivery).mockResolvedValue({
        ok: false,
        httpStatus: 401,
        message: {
          key: "webhookSetup.test.answeredError",
          values: { url: URL, status: 401, error: "X-Webhook-Signature: does not match the body" },
        },
      });
      renderWithConvex(<KapsoWebhookCard workspaceId={TEST_WORKSPACE_ID} apiKeySource="none" canManage />, {
        fake,
        locale,
      });
      expect(screen.getByText(w.waiting)).toBeInTheDocument();
      expect(screen.getByRole("button", { name: w.copyUrl })).toBeInTheDocument();
      await userEvent.click(screen.getByRole("button", { name: w.test }));
      const alert = await screen.findByRole("alert");
      expect(alert).toHaveTextContent(w.testFailed);
      expect(alert).toHaveTextContent(w.answered);
    },
  );

  it.each(locales)("%s: what differs in Kapso", async (locale) => {
    const w = words[locale];
    const fake = setup();
    fake.fn(api.kapsoWebhookSetup.inspect).mockResolvedValue({
      webhook: { ...webhook, active: false },
      drift: [{ key: "webhookSetup.drift.paused" }],
    });
    renderWithConvex(<KapsoWebhookCard workspaceId={TEST_WORKSPACE_ID} apiKeySource="workspace" canManage />, {
      fake,
      locale,
    });
    await userEvent.click(screen.getByRole("button", { name: w.check }));
    const warning = await screen.findByRole("alert");
    expect(warning).toHaveTextContent(w.driftTitle);
    expect(within(warning).getByText(w.paused)).toBeInTheDocument();
  });

  it.each(locales)("%s: a buffer window out of range, and the server's keyed error", async (locale) => {
    const w = words[locale];
    const fake = setup();
    fake
      .fn(api.kapsoWebhookSetup.connect)
      .mockRejectedValue(
        new ConvexError({ code: "NOT_CONFIGURED", message: words.en.noSecret, key: "errors.deliveries.noSecret" }),
      );
    renderWithConvex(<KapsoWebhookCard workspaceId={TEST_WORKSPACE_ID} apiKeySource="workspace" canManage />, {
      fake,
      locale,
    });
    await userEvent.click(screen.getByRole("checkbox", { name: w.buffer }));
    const window = screen.getByRole("textbox", { name: w.window });
    await userEvent.clear(window);
    await userEvent.type(window, "99");
    expect(screen.getByText(w.windowError)).toBeInTheDocument();
    expect(screen.getByRole("button", { name: w.connect })).toBeDisabled();
    await userEvent.clear(window);
    await userEvent.type(window, "10");
    await userEvent.click(screen.getByRole("button", { name: w.connect }));
    expect(await screen.findByRole("alert")).toHaveTextContent(w.noSecret);
  });
});
