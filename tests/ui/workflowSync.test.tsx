import { describe, expect, it } from "vitest";
import { screen, within } from "./rtl";
import userEvent from "@testing-library/user-event";
import { ConvexError } from "convex/values";
import { api } from "@convex/_generated/api";
import { SyncControls } from "@/components/workflows/SyncControls";
import { WorkflowHistory } from "@/components/workflows/WorkflowHistory";
import { WorkflowList } from "@/components/workflows/WorkflowList";
import { ChangeList } from "@/components/workflows/ChangeList";
import { defaultWorkflowConfig, diffConfigs } from "@/domain/workflowSettings";
import { FakeConvex, renderWithConvex, TEST_WORKSPACE_ID } from "./fakeConvex";
import { KAPSO_ID, SAVED_AT, settingsView } from "./workflowFixtures";
import type { KapsoCheck } from "@/components/workflows/KapsoCheckResult";

const syncButton = () => screen.getByRole("button", { name: "I've updated Kapso" });

describe("SyncControls", () => {
  it("confirms the current version through a dialog naming it", async () => {
    const user = userEvent.setup();
    const fake = new FakeConvex();
    renderWithConvex(<SyncControls settings={settingsView("sarah", { version: 5 })} dirty={false} />, {
      fake,
      role: "staff",
    });
    expect(screen.getByText("Update Kapso")).toBeInTheDocument();
    await user.click(syncButton());
    const dialog = screen.getByRole("dialog");
    expect(dialog).toHaveTextContent("Mark version 5 as applied in Kapso?");
    await user.click(within(dialog).getByRole("button", { name: "Yes, Kapso has version 5" }));
    expect(fake.fn(api.workflowSettings.markSynced)).toHaveBeenCalledWith({
      workspaceId: TEST_WORKSPACE_ID,
      workflowType: "sarah",
      version: 5,
    });
  });

  it("can be cancelled without calling the server", async () => {
    const user = userEvent.setup();
    const fake = new FakeConvex();
    renderWithConvex(<SyncControls settings={settingsView()} dirty={false} />, { fake });
    await user.click(syncButton());
    await user.click(within(screen.getByRole("dialog")).getByRole("button", { name: "Cancel" }));
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    expect(fake.fn(api.workflowSettings.markSynced)).not.toHaveBeenCalled();
  });

  it("is disabled when already synced, while editing, and before the first save", () => {
    const synced = settingsView("sarah", {
      syncStatus: "synced",
      lastSyncedVersion: 2,
      lastSyncedAt: SAVED_AT,
      lastSyncedBy: "Budi",
    });
    const { unmount } = renderWithConvex(<SyncControls settings={synced} dirty={false} />);
    expect(syncButton()).toBeDisabled();
    expect(screen.getByText("Version 2 is already confirmed.")).toBeInTheDocument();
    expect(screen.getByText(/Last confirmed in Kapso: version 2 by Budi/)).toBeInTheDocument();
    expect(screen.getByText("Synced with Kapso")).toBeInTheDocument();
    unmount();

    const dirty = renderWithConvex(<SyncControls settings={settingsView()} dirty />);
    expect(syncButton()).toBeDisabled();
    expect(screen.getByText(/Save or discard your changes first/)).toBeInTheDocument();
    dirty.unmount();

    renderWithConvex(<SyncControls settings={settingsView("brain", { saved: false, version: 0 })} dirty={false} />);
    expect(syncButton()).toBeDisabled();
    expect(screen.getByText("Not set up yet")).toBeInTheDocument();
  });

  it("shows the server's message when the version is no longer current", async () => {
    const user = userEvent.setup();
    const fake = new FakeConvex();
    fake
      .fn(api.workflowSettings.markSynced)
      .mockRejectedValue(
        new ConvexError({ code: "CONFLICT", message: "Version 2 is no longer current: Budi saved version 3." }),
      );
    renderWithConvex(<SyncControls settings={settingsView()} dirty={false} />, { fake });
    await user.click(syncButton());
    await user.click(screen.getByRole("button", { name: "Yes, Kapso has version 2" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("Version 2 is no longer current: Budi saved version 3.");
  });
});

describe("WorkflowList", () => {
  it("lists the three workflows with status, version and last sync", () => {
    const fake = new FakeConvex();
    renderWithConvex(<WorkflowList />, { fake });
    expect(screen.getByRole("status")).toHaveTextContent("Loading workflows");
    fake.setQuery(api.workflowSettings.list, [
      settingsView("sarah", {
        syncStatus: "synced",
        lastSyncedVersion: 2,
        lastSyncedAt: SAVED_AT,
        lastSyncedBy: "Budi",
      }),
      settingsView("brain", { version: 3 }),
      settingsView("rules_engine", { saved: false, version: 0, updatedAt: null, updatedBy: null }),
    ]);
    const cards = screen.getAllByRole("listitem");
    expect(cards).toHaveLength(3);
    expect(cards[0]).toHaveTextContent("Synced with Kapso");
    expect(cards[0]).toHaveTextContent(/by Budi/);
    expect(within(cards[0]).getByRole("link")).toHaveAttribute("href", "/workflows/sarah");
    expect(cards[1]).toHaveTextContent("Update Kapso");
    expect(cards[1]).toHaveTextContent("Version3");
    expect(cards[2]).toHaveTextContent("Not set up yet");
    expect(cards[2]).toHaveTextContent("Not set up yet (defaults)");
  });

  it("shows Kapso's check of the current version: changed in Kapso, verified, and nothing for an older version", () => {
    const fake = new FakeConvex();
    const check = (overrides: Partial<KapsoCheck>): KapsoCheck => ({
      state: "verified",
      kapsoWorkflowId: KAPSO_ID,
      settingsVersion: 2,
      lockVersion: 4,
      verifiedLockVersion: 4,
      fields: [],
      differingFields: [],
      source: "drift",
      checkedAt: SAVED_AT,
      lastError: null,
      ...overrides,
    });
    const synced = {
      syncStatus: "synced" as const,
      lastSyncedVersion: 2,
      lastSyncedAt: SAVED_AT,
      lastSyncedBy: "Budi",
    };
    fake.setQuery(api.workflowSettings.list, [
      settingsView("sarah", synced),
      settingsView("brain", synced),
      settingsView("rules_engine", { ...synced, version: 3 }),
    ]);
    renderWithConvex(<WorkflowList />, { fake });
    // The cards do not wait for the check states.
    expect(screen.getAllByRole("listitem")).toHaveLength(3);
    fake.setQuery(api.kapsoSync.listStatus, [
      {
        workflowType: "sarah",
        check: check({ state: "changed_in_kapso", lockVersion: 5, differingFields: ["temperature", "ai_model"] }),
      },
      { workflowType: "brain", check: check({}) },
      // Checked version 2, but the settings are at version 3 now.
      { workflowType: "rules_engine", check: check({ state: "changed_in_kapso", differingFields: ["keywords"] }) },
    ]);
    const [sarah, brain, rules] = screen.getAllByRole("listitem");
    expect(within(sarah).getByText("Changed in Kapso")).toBeInTheDocument();
    expect(sarah).toHaveTextContent("Changed in Kapso: Temperature, AI model");
    expect(within(sarah).queryByText("Synced with Kapso")).not.toBeInTheDocument();
    expect(within(brain).getByText("Verified in Kapso")).toBeInTheDocument();
    expect(within(brain).getByText("Synced with Kapso")).toBeInTheDocument();
    expect(within(rules).getByText("Synced with Kapso")).toBeInTheDocument();
    expect(rules).not.toHaveTextContent("Changed in Kapso");
    expect(rules).not.toHaveTextContent("Verified in Kapso");
  });

  it("shows an error instead of the list for non-members", () => {
    const fake = new FakeConvex();
    fake.setQuery(api.workflowSettings.list, new Error("Workspace not found, or you are not a member of it."));
    renderWithConvex(<WorkflowList />, { fake });
    expect(screen.getByRole("alert")).toHaveTextContent("not a member");
  });
});

describe("WorkflowHistory", () => {
  it("shows saves with field-by-field diffs and syncs with who and when", async () => {
    const user = userEvent.setup();
    const fake = new FakeConvex();
    const v1 = defaultWorkflowConfig("sarah");
    const v2 = { ...v1, temperature: 0.2 };
    const entry = (
      i: number,
      kind: "saved" | "synced",
      version: number,
      config = v2,
      previousConfig: typeof v1 | null = v1,
    ) => ({
      _id: `h${i}`,
      kind,
      version,
      config,
      previousConfig: kind === "saved" ? previousConfig : null,
      kapsoWorkflowId: "",
      kapsoWorkflowName: "Sarah",
      actor: i === 1 ? "Budi" : "Ana Putri",
      at: SAVED_AT + i,
    });
    // 23 older saves below the three newest entries, to page through.
    const older = Array.from({ length: 23 }, (_, i) => entry(10 + i, "saved", 1, v1, null));
    const all = [entry(1, "synced", 2), entry(2, "saved", 2), entry(3, "saved", 1, v1, null), ...older];
    fake.setQuery(api.workflowSettings.history, (args: Record<string, unknown>) => ({
      entries: all.slice(0, args.limit as number),
      hasMore: (args.limit as number) < all.length,
    }));
    renderWithConvex(<WorkflowHistory workflowType="sarah" />, { fake });
    const entries = () =>
      within(screen.getByRole("list", { name: "Saves and syncs" }))
        .getAllByRole("listitem")
        .filter((li) => li.parentElement?.getAttribute("aria-label") === "Saves and syncs");
    const items = entries();
    expect(items).toHaveLength(20);
    expect(items[0]).toHaveTextContent("Version 2 confirmed in Kapso by Budi");
    expect(items[1]).toHaveTextContent("Version 2 saved by Ana Putri");
    expect(items[1]).toHaveTextContent("Temperature: 0.7 → 0.2");
    expect(items[2]).toHaveTextContent("First saved version.");
    await user.click(screen.getByRole("button", { name: "Show older entries" }));
    expect(entries()).toHaveLength(26);
    expect(screen.queryByRole("button", { name: "Show older entries" })).not.toBeInTheDocument();
  });
});

describe("ChangeList", () => {
  it("shows keyword additions and removals and reply changes", () => {
    const before = defaultWorkflowConfig("rules_engine");
    const kept = before.auto_reply_templates!.filter((r) => r.keyword !== "lokasi");
    const after = {
      ...before,
      keywords: ["harga", "promo", "jam"],
      auto_reply_templates: [...kept, { keyword: "jam", reply: "09-21" }],
    };
    renderWithConvex(<ChangeList changes={diffConfigs(before, after)} />);
    const items = screen.getAllByRole("listitem");
    expect(items[0]).toHaveTextContent("Keywords added jam removed lokasi");
    expect(items[1]).toHaveTextContent('Auto-reply "jam": none → 09-21');
    expect(items[2]).toHaveTextContent(/Auto-reply "lokasi": Toko kami buka.* → none/);
  });
});

describe("workflow sync in both languages", () => {
  it.each([
    {
      locale: "en",
      title: "Workflows",
      synced: "Synced with Kapso",
      by: "by Budi",
      defaults: "Not set up yet (defaults)",
      changed: "Changed in Kapso: Temperature, AI model",
    },
    {
      locale: "id",
      title: "Alur kerja",
      synced: "Sudah sinkron dengan Kapso",
      by: "oleh Budi",
      defaults: "Belum diatur (bawaan)",
      changed: "Diubah di Kapso: Temperature, Model AI",
    },
  ] as const)("lists the workflows and Kapso's check in $locale", (c) => {
    const fake = new FakeConvex();
    const synced = {
      syncStatus: "synced" as const,
      lastSyncedVersion: 2,
      lastSyncedAt: SAVED_AT,
      lastSyncedBy: "Budi",
    };
    fake.setQuery(api.workflowSettings.list, [
      settingsView("sarah", synced),
      settingsView("brain", synced),
      settingsView("rules_engine", { saved: false, version: 0, updatedAt: null, updatedBy: null }),
    ]);
    fake.setQuery(api.kapsoSync.listStatus, [
      {
        workflowType: "sarah",
        check: {
          state: "changed_in_kapso",
          kapsoWorkflowId: KAPSO_ID,
          settingsVersion: 2,
          lockVersion: 5,
          verifiedLockVersion: 4,
          fields: [],
          differingFields: ["temperature", "ai_model"],
          source: "drift",
          checkedAt: SAVED_AT,
          lastError: null,
        } satisfies KapsoCheck,
      },
    ]);
    renderWithConvex(<WorkflowList />, { fake, locale: c.locale });
    expect(screen.getByRole("heading", { level: 1 })).toHaveTextContent(c.title);
    const [sarah, brain, rules] = screen.getAllByRole("listitem");
    expect(sarah).toHaveTextContent(c.changed);
    expect(brain).toHaveTextContent(c.synced);
    expect(brain).toHaveTextContent(c.by);
    expect(rules).toHaveTextContent(c.defaults);
  });

  it.each([
    {
      locale: "en",
      button: "I've updated Kapso",
      badge: "Synced with Kapso",
      reason: "Version 2 is already confirmed.",
      update: "Update Kapso",
      dialog: "Mark version 5 as applied in Kapso?",
    },
    {
      locale: "id",
      button: "Saya sudah memperbarui Kapso",
      badge: "Sudah sinkron dengan Kapso",
      reason: "Versi 2 sudah dikonfirmasi.",
      update: "Perbarui Kapso",
      dialog: "Tandai versi 5 sudah diterapkan di Kapso?",
    },
  ] as const)("says where the workflow stands in $locale", async (c) => {
    const user = userEvent.setup();
    const synced = settingsView("sarah", {
      syncStatus: "synced",
      lastSyncedVersion: 2,
      lastSyncedAt: SAVED_AT,
      lastSyncedBy: "Budi",
    });
    const { unmount } = renderWithConvex(<SyncControls settings={synced} dirty={false} />, { locale: c.locale });
    expect(screen.getByRole("button", { name: c.button })).toBeDisabled();
    expect(screen.getByText(c.badge)).toBeInTheDocument();
    expect(screen.getByText(c.reason)).toBeInTheDocument();
    unmount();

    renderWithConvex(<SyncControls settings={settingsView("sarah", { version: 5 })} dirty={false} />, {
      locale: c.locale,
    });
    expect(screen.getByText(c.update)).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: c.button }));
    expect(screen.getByRole("dialog")).toHaveTextContent(c.dialog);
  });

  it("lists changes in Indonesian", () => {
    const before = defaultWorkflowConfig("rules_engine");
    const after = { ...before, temperature: 0.5, keywords: [...before.keywords!, "ongkir"] };
    renderWithConvex(<ChangeList changes={diffConfigs(before, after)} />, { locale: "id" });
    expect(screen.getByText("Temperature")).toBeInTheDocument();
    expect(screen.getByText("Kata kunci")).toBeInTheDocument();
    expect(screen.getByText(/ditambah/)).toBeInTheDocument();
  });
});
