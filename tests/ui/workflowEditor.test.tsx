import { afterEach, describe, expect, it, vi } from "vitest";
import { screen, waitFor } from "./rtl";
import userEvent from "@testing-library/user-event";
import { ConvexError } from "convex/values";
import { api } from "@convex/_generated/api";
import { WorkflowDetail } from "@/components/workflows/WorkflowDetail";
import { WorkflowEditor } from "@/components/workflows/WorkflowEditor";
import { defaultWorkflowConfig } from "@/domain/workflowSettings";
import { FakeConvex, renderWithConvex, TEST_WORKSPACE_ID } from "./fakeConvex";
import { KAPSO_ID, settingsView } from "./workflowFixtures";

afterEach(() => vi.restoreAllMocks());

describe("WorkflowEditor", () => {
  it("gives the Rules Engine's replies boxes of four rows, so a reply is read without scrolling", () => {
    renderWithConvex(<WorkflowEditor settings={settingsView("rules_engine")} />);
    const replies = [1, 2, 3].map((i) => screen.getByLabelText(`Reply to keyword ${i}`));
    expect(replies.map((r) => Number(r.getAttribute("rows")))).toEqual([4, 4, 4]);
  });

  it("shows inline errors from the shared schema and disables save while invalid", async () => {
    const user = userEvent.setup();
    renderWithConvex(<WorkflowEditor settings={settingsView()} />);
    const save = screen.getByRole("button", { name: "Save settings" });
    expect(save).toBeDisabled(); // nothing changed yet

    const temperature = screen.getByLabelText("Temperature");
    await user.clear(temperature);
    await user.type(temperature, "1.5");
    expect(temperature).toHaveAttribute("aria-invalid", "true");
    expect(screen.getByText("Temperature must be between 0.0 and 1.0")).toBeInTheDocument();
    expect(screen.getByText("Unsaved changes")).toBeInTheDocument();
    expect(save).toBeDisabled();

    await user.clear(temperature);
    await user.type(temperature, "0.4");
    expect(temperature).toHaveAttribute("aria-invalid", "false");
    await user.clear(screen.getByLabelText("System prompt"));
    expect(screen.getByText("System prompt is required")).toBeInTheDocument();
    expect(save).toBeDisabled();
    await user.type(screen.getByLabelText("System prompt"), "Be kind.");
    expect(save).toBeEnabled();
  });

  it("saves against the version it was opened at and shows the new version", async () => {
    const user = userEvent.setup();
    const fake = new FakeConvex();
    let resolveSave: (v: number) => void = () => {};
    fake.fn(api.workflowSettings.save).mockImplementation(() => new Promise((r) => (resolveSave = r)));
    renderWithConvex(<WorkflowEditor settings={settingsView()} />, { fake });

    await user.clear(screen.getByLabelText("Max tokens"));
    await user.type(screen.getByLabelText("Max tokens"), "512");
    await user.click(screen.getByRole("button", { name: "Save settings" }));

    expect(fake.fn(api.workflowSettings.save)).toHaveBeenCalledWith({
      workspaceId: TEST_WORKSPACE_ID,
      workflowType: "sarah",
      config: { ...defaultWorkflowConfig("sarah"), max_tokens: 512 },
      kapsoWorkflowId: KAPSO_ID,
      kapsoWorkflowName: "Sarah",
      expectedVersion: 2,
    });
    expect(screen.getByRole("button", { name: /Saving/ })).toBeDisabled();
    resolveSave(3);
    expect(await screen.findByText("Saved as version 3.")).toBeInTheDocument();
    expect(screen.queryByText("Unsaved changes")).not.toBeInTheDocument();
  });

  it("lets a never-saved workflow be saved with its defaults as version 1", async () => {
    const user = userEvent.setup();
    const fake = new FakeConvex();
    fake.fn(api.workflowSettings.save).mockResolvedValue(1);
    renderWithConvex(
      <WorkflowEditor
        settings={settingsView("brain", {
          saved: false,
          version: 0,
          kapsoWorkflowId: "",
          updatedAt: null,
          updatedBy: null,
        })}
      />,
      { fake },
    );
    expect(screen.getByText(/Not saved yet/)).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Save settings" }));
    expect(fake.fn(api.workflowSettings.save).mock.calls[0][0]).toMatchObject({
      expectedVersion: 0,
      workflowType: "brain",
    });
    expect(await screen.findByText("Saved as version 1.")).toBeInTheDocument();
  });

  it("shows who changed the settings when the save conflicts, and can load theirs", async () => {
    const user = userEvent.setup();
    const fake = new FakeConvex();
    const message =
      "Budi changed these settings at 20 Nov 2026, 16:30 (Asia/Jakarta) (now version 3). Reload to see their changes; nothing was overwritten.";
    fake.fn(api.workflowSettings.save).mockRejectedValue(new ConvexError({ code: "CONFLICT", message }));
    renderWithConvex(<WorkflowEditor settings={settingsView()} />, { fake });

    await user.clear(screen.getByLabelText("Temperature"));
    await user.type(screen.getByLabelText("Temperature"), "0.1");
    await user.click(screen.getByRole("button", { name: "Save settings" }));
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("Someone else changed these settings");
    expect(alert).toHaveTextContent("Budi changed these settings at 20 Nov 2026, 16:30 (Asia/Jakarta)");
    await user.click(screen.getByRole("button", { name: "Discard my changes and load the latest" }));
    expect(screen.getByLabelText("Temperature")).toHaveValue("0.7");
    expect(screen.queryByRole("alert")).not.toBeInTheDocument();
  });

  it("edits rules engine keywords and replies, placing errors on the right row", async () => {
    const user = userEvent.setup();
    const fake = new FakeConvex();
    fake.fn(api.workflowSettings.save).mockResolvedValue(3);
    renderWithConvex(<WorkflowEditor settings={settingsView("rules_engine")} />, { fake });
    expect(screen.getByLabelText("Keyword 1")).toHaveValue("harga");

    await user.click(screen.getByRole("button", { name: "Add keyword" }));
    await user.type(screen.getByLabelText("Keyword 4"), "HARGA");
    expect(screen.getByText('Keyword "HARGA" is listed twice (keywords ignore case)')).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Save settings" })).toBeDisabled();

    await user.clear(screen.getByLabelText("Keyword 4"));
    await user.type(screen.getByLabelText("Keyword 4"), "jam buka");
    await user.type(screen.getByLabelText("Reply to keyword 4"), "Buka 09-21");
    await user.click(screen.getByRole("button", { name: "Remove keyword 3" }));
    await user.click(screen.getByRole("button", { name: "Save settings" }));
    const sent = fake.fn(api.workflowSettings.save).mock.calls[0][0] as {
      config: { keywords: string[]; auto_reply_templates: { keyword: string; reply: string }[] };
    };
    expect(sent.config.keywords).toEqual(["harga", "promo", "jam buka"]);
    const replies = new Map(sent.config.auto_reply_templates.map((r) => [r.keyword, r.reply]));
    expect(replies.get("jam buka")).toBe("Buka 09-21");
    expect(replies.has("lokasi")).toBe(false);
  });

  it("is read-only for staff", () => {
    renderWithConvex(<WorkflowEditor settings={settingsView()} />, { role: "staff" });
    expect(screen.getByLabelText("Temperature")).toBeDisabled();
    expect(screen.queryByRole("button", { name: "Save settings" })).not.toBeInTheDocument();
    expect(screen.getByText(/Your role \(staff\) can read these settings/)).toBeInTheDocument();
  });

  it("asks before leaving with unsaved changes", async () => {
    const user = userEvent.setup();
    const fake = new FakeConvex();
    fake.setQuery(api.workflowSettings.get, { settings: settingsView(), lastSyncedConfig: null });
    fake.setQuery(api.workflowSettings.history, { entries: [], hasMore: false });
    renderWithConvex(<WorkflowDetail workflowType="sarah" />, { fake });
    const event = new Event("beforeunload", { cancelable: true });
    window.dispatchEvent(event);
    expect(event.defaultPrevented).toBe(false);

    await user.type(screen.getByLabelText("AI model"), "-pro");
    const dirtyEvent = new Event("beforeunload", { cancelable: true });
    window.dispatchEvent(dirtyEvent);
    expect(dirtyEvent.defaultPrevented).toBe(true);

    const confirm = vi.spyOn(window, "confirm").mockReturnValue(false);
    const link = screen.getByRole("link", { name: "← All workflows" });
    const click = new MouseEvent("click", { bubbles: true, cancelable: true, button: 0 });
    link.dispatchEvent(click);
    expect(confirm).toHaveBeenCalledWith(expect.stringContaining("unsaved changes"));
    expect(click.defaultPrevented).toBe(true);
    await waitFor(() => expect(screen.getByRole("button", { name: /I've updated Kapso/ })).toBeDisabled());
  });
});

describe("WorkflowDetail", () => {
  it("asks in Indonesian before leaving with unsaved changes", async () => {
    const user = userEvent.setup();
    const fake = new FakeConvex();
    fake.setQuery(api.workflowSettings.get, { settings: settingsView(), lastSyncedConfig: null });
    fake.setQuery(api.workflowSettings.history, { entries: [], hasMore: false });
    renderWithConvex(<WorkflowDetail workflowType="sarah" />, { fake, locale: "id" });
    expect(screen.getByText("Asisten yang menyapa prospek dan menjawab pertanyaan mereka.")).toBeInTheDocument();
    await user.type(screen.getByLabelText("Model AI"), "-pro");
    const confirm = vi.spyOn(window, "confirm").mockReturnValue(false);
    screen
      .getByRole("link", { name: "← Semua alur kerja" })
      .dispatchEvent(new MouseEvent("click", { bubbles: true, cancelable: true, button: 0 }));
    expect(confirm).toHaveBeenCalledWith(
      "Ada perubahan yang belum disimpan. Tinggalkan halaman ini dan buang perubahan?",
    );
  });

  it("puts the Kapso Platform API panel after the editor and the manual steps, not above them", async () => {
    const fake = new FakeConvex();
    fake.setQuery(api.workflowSettings.get, { settings: settingsView(), lastSyncedConfig: null });
    fake.setQuery(api.workflowSettings.history, { entries: [], hasMore: false });
    fake.setQuery(api.kapsoSync.status, {
      apiConfigured: false,
      settingsVersion: 2,
      syncStatus: "synced",
      lastSyncedAt: null,
      kapsoWorkflowId: KAPSO_ID,
      check: null,
    });
    renderWithConvex(<WorkflowDetail workflowType="sarah" />, { fake });
    const panel = await screen.findByRole("heading", { name: "Kapso Platform API" });
    for (const earlier of [
      await screen.findByRole("button", { name: "Save settings" }),
      await screen.findByRole("heading", { name: "Apply in Kapso" }),
    ]) {
      expect(earlier.compareDocumentPosition(panel) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    }
  });
});

describe("WorkflowEditor in both languages", () => {
  it.each([
    {
      locale: "en",
      temperature: "Temperature",
      save: "Save settings",
      outOfRange: "Temperature must be between 0.0 and 1.0",
      unsaved: "Unsaved changes",
      saved: "Saved as version 3.",
    },
    {
      locale: "id",
      temperature: "Temperature",
      save: "Simpan pengaturan",
      outOfRange: "Temperature harus antara 0.0 dan 1.0",
      unsaved: "Perubahan belum disimpan",
      saved: "Tersimpan sebagai versi 3.",
    },
  ] as const)("shows the schema's message and the saved version in $locale", async (c) => {
    const user = userEvent.setup();
    const fake = new FakeConvex();
    fake.fn(api.workflowSettings.save).mockResolvedValue(3);
    renderWithConvex(<WorkflowEditor settings={settingsView()} />, { fake, locale: c.locale });
    const temperature = screen.getByLabelText(c.temperature);
    await user.clear(temperature);
    await user.type(temperature, "1.5");
    expect(screen.getByText(c.outOfRange)).toBeInTheDocument();
    expect(screen.getByText(c.unsaved)).toBeInTheDocument();
    await user.clear(temperature);
    await user.type(temperature, "0.4");
    await user.click(screen.getByRole("button", { name: c.save }));
    expect(await screen.findByText(c.saved)).toBeInTheDocument();
  });

  it("names the keyword rows and the reply hint in Indonesian", () => {
    renderWithConvex(<WorkflowEditor settings={settingsView("rules_engine")} />, { locale: "id" });
    expect(screen.getByLabelText("Kata kunci 1")).toBeInTheDocument();
    expect(screen.getByLabelText("Balasan untuk kata kunci 1")).toBeInTheDocument();
    expect(screen.getAllByText("Opsional. Mendukung {{vars.name}}.").length).toBeGreaterThan(0);
    expect(screen.getByRole("button", { name: "Tambah kata kunci" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Hapus kata kunci 1" })).toBeInTheDocument();
  });
});
