import * as React from "react";
import { screen, waitFor, within } from "./rtl";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { ConvexError } from "convex/values";
import type { FunctionReturnType } from "convex/server";
import { api } from "@convex/_generated/api";
import { KapsoApiPanel } from "@/components/workflows/KapsoApiPanel";
import type { KapsoCheck, KapsoPreview } from "@/components/workflows/KapsoCheckResult";
import { FakeConvex, renderWithConvex, TEST_WORKSPACE_ID } from "./fakeConvex";

type Status = FunctionReturnType<typeof api.kapsoSync.status>;

const CHECKED_AT = Date.UTC(2026, 10, 26, 9, 30);

function field(name: string, matches: boolean, expected = "x", actual = "x") {
  return { field: name, node_id: "agent", config_key: name, matches, expected, actual };
}

const verified: KapsoCheck = {
  state: "verified",
  kapsoWorkflowId: "wf-1",
  settingsVersion: 3,
  lockVersion: 7,
  verifiedLockVersion: 7,
  fields: [field("system_prompt", true), field("temperature", true)],
  differingFields: [],
  source: "check",
  checkedAt: CHECKED_AT,
  lastError: null,
};

function status(overrides: Partial<Status> = {}): Status {
  return {
    apiConfigured: true,
    settingsVersion: 3,
    syncStatus: "synced",
    lastSyncedAt: null,
    kapsoWorkflowId: "wf-1",
    check: null,
    ...overrides,
  };
}

const preview: KapsoPreview = {
  settingsVersion: 3,
  lockVersion: 7,
  kapsoWorkflowName: "Sarah",
  problems: [],
  changes: [
    {
      nodeId: "agent",
      nodeType: "agent",
      displayName: "Sarah (agent)",
      changes: [{ configKey: "temperature", field: "temperature", before: "0.9", after: "0.4" }],
    },
  ],
};

function setup(s: Status, role: "admin" | "operator" | "staff" = "admin", locale: "en" | "id" = "en") {
  const fake = new FakeConvex();
  fake.setQuery(api.kapsoSync.status, s);
  const user = userEvent.setup();
  renderWithConvex(<KapsoApiPanel workflowType="sarah" />, { fake, role, locale });
  return { fake, user };
}

describe("KapsoApiPanel", () => {
  it("shows loading while the status loads", () => {
    renderWithConvex(<KapsoApiPanel workflowType="sarah" />);
    expect(screen.getByRole("status")).toHaveTextContent("Loading Kapso status");
  });

  it("explains what the API adds when it is not configured, with no buttons", () => {
    setup(status({ apiConfigured: false }));
    const explanation = screen.getByText(/Not configured/);
    expect(explanation).toHaveTextContent("KAPSO_API_KEY");
    // Both ways to configure it: the workspace's own key in Settings, or the deployment variable.
    expect(within(explanation).getByRole("link", { name: "Settings" })).toHaveAttribute("href", "/settings");
    expect(screen.getByText(/The manual steps keep working without it/)).toBeInTheDocument();
    expect(screen.queryByRole("button")).not.toBeInTheDocument();
  });

  it("asks for the Kapso workflow id before checking", () => {
    setup(status({ kapsoWorkflowId: "" }));
    expect(screen.getByText(/Add the Kapso workflow id/)).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Check Kapso" })).not.toBeInTheDocument();
  });

  it("shows verified in Kapso with lock_version, time and per-field matches", () => {
    setup(status({ check: verified }));
    expect(screen.getByText("Verified in Kapso")).toBeInTheDocument();
    expect(screen.getByText(/Kapso runs version 3: lock_version 7, checked/)).toBeInTheDocument();
    const list = screen.getByRole("list", { name: "Fields compared with Kapso" });
    expect(within(list).getByLabelText("System prompt matches")).toBeInTheDocument();
    expect(within(list).getByLabelText("Temperature matches")).toBeInTheDocument();
  });

  it("shows drift: changed in Kapso with the differing fields and both values", () => {
    setup(
      status({
        check: {
          ...verified,
          state: "changed_in_kapso",
          lockVersion: 9,
          source: "drift",
          fields: [field("system_prompt", true), field("temperature", false, "0.4", "0.9")],
          differingFields: ["temperature"],
          lastError: null,
        },
      }),
    );
    expect(screen.getByText("Changed in Kapso")).toBeInTheDocument();
    expect(
      screen.getByText(/changed the workflow in Kapso after version 3 was synced \(lock_version 7 → 9\): Temperature/),
    ).toBeInTheDocument();
    const row = screen.getByLabelText("Temperature differs").closest("li")!;
    expect(row).toHaveTextContent("Settings0.4");
    expect(row).toHaveTextContent("In Kapso0.9");
  });

  it("lists the fields that still differ before the version is synced", () => {
    setup(
      status({
        syncStatus: "manual_setup_required",
        check: {
          ...verified,
          state: "differs",
          fields: [
            field("system_prompt", false, "New prompt", "Old prompt"),
            field("max_tokens", false, "2048", "1024"),
          ],
          differingFields: ["system_prompt", "max_tokens"],
        },
      }),
    );
    expect(screen.getByText("Kapso differs")).toBeInTheDocument();
    expect(
      screen.getByText(/Still different in Kapso: System prompt, Max tokens \(lock_version 7, checked/),
    ).toBeInTheDocument();
    expect(screen.getByLabelText("System prompt differs").closest("li")).toHaveTextContent("In KapsoOld prompt");
  });

  it("marks a check of an older version as out of date, and shows a failed automatic check", () => {
    setup(
      status({
        settingsVersion: 4,
        check: { ...verified, lastError: { kind: "rate_limited", message: "Kapso is rate-limiting", at: CHECKED_AT } },
      }),
    );
    expect(screen.getByText("Check is out of date")).toBeInTheDocument();
    expect(screen.getByText(/compared version 3; the settings are now version 4/)).toBeInTheDocument();
    expect(screen.getByRole("alert")).toHaveTextContent("failed: Kapso is rate-limiting");
  });

  it("checks Kapso on click, showing progress, and reports errors", async () => {
    const { fake, user } = setup(status());
    let resolve!: (v: KapsoCheck) => void;
    fake.fn(api.kapsoSync.check).mockImplementationOnce(() => new Promise((r) => (resolve = r)));
    await user.click(screen.getByRole("button", { name: "Check Kapso" }));
    expect(fake.fn(api.kapsoSync.check)).toHaveBeenCalledWith({
      workspaceId: TEST_WORKSPACE_ID,
      workflowType: "sarah",
    });
    expect(screen.getByRole("button", { name: /Checking Kapso/ })).toBeDisabled();
    resolve(verified);
    await waitFor(() => expect(screen.getByRole("button", { name: "Check Kapso" })).toBeEnabled());

    fake.fn(api.kapsoSync.check).mockRejectedValueOnce(
      new ConvexError({
        code: "KAPSO_RATE_LIMITED",
        message: "Kapso is rate-limiting this API key. Try again in 60 s.",
      }),
    );
    await user.click(screen.getByRole("button", { name: "Check Kapso" }));
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "Could not check Kapso: Kapso is rate-limiting this API key. Try again in 60 s.",
    );
  });

  it("checks automatically once after the version is marked synced", async () => {
    const { fake } = setup(status({ check: verified }));
    const check = fake.fn(api.kapsoSync.check);
    check.mockResolvedValue(verified);
    expect(check).not.toHaveBeenCalled();
    fake.setQuery(api.kapsoSync.status, status({ check: verified, lastSyncedAt: CHECKED_AT + 60_000 }));
    await waitFor(() => expect(check).toHaveBeenCalledTimes(1));
    expect(await screen.findByText(/Checked automatically after the update/)).toBeInTheDocument();
    fake.setQuery(api.kapsoSync.status, status({ check: verified, lastSyncedAt: CHECKED_AT + 60_000 }));
    expect(check).toHaveBeenCalledTimes(1);
  });

  it("hides Apply from non-admins", () => {
    setup(status({ check: verified }), "operator");
    expect(screen.getByRole("button", { name: "Check Kapso" })).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Apply to Kapso" })).not.toBeInTheDocument();
  });

  it("shows the exact node changes, then applies the previewed version and lock_version", async () => {
    const { fake, user } = setup(status({ check: verified }));
    fake.fn(api.kapsoSync.previewApply).mockResolvedValueOnce(preview);
    fake.fn(api.kapsoSync.apply).mockResolvedValueOnce({
      outcome: "applied",
      changedNodes: 1,
      check: { ...verified, lockVersion: 8 },
      markedSynced: true,
      note: null,
    });
    await user.click(screen.getByRole("button", { name: "Apply to Kapso" }));
    const dialog = await screen.findByRole("dialog", { name: "Apply version 3 to Kapso?" });
    const changes = within(dialog).getByRole("list", { name: "Node changes" });
    expect(changes).toHaveTextContent("Sarah (agent)");
    expect(changes).toHaveTextContent("temperature");
    expect(changes).toHaveTextContent("Before0.9");
    expect(changes).toHaveTextContent("After0.4");
    expect(fake.fn(api.kapsoSync.apply)).not.toHaveBeenCalled();

    await user.click(within(dialog).getByRole("button", { name: "Apply to Kapso" }));
    expect(fake.fn(api.kapsoSync.apply)).toHaveBeenCalledWith({
      workspaceId: TEST_WORKSPACE_ID,
      workflowType: "sarah",
      version: 3,
      lockVersion: 7,
    });
    expect(
      await screen.findByText(
        /Applied version 3 \(1 node updated\), verified in Kapso at lock_version 8 and marked synced/,
      ),
    ).toBeInTheDocument();
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
  });

  it("on a lock_version conflict shows the new difference instead of overwriting", async () => {
    const { fake, user } = setup(status({ check: verified }));
    fake.fn(api.kapsoSync.previewApply).mockResolvedValueOnce(preview);
    const newer: KapsoPreview = {
      ...preview,
      lockVersion: 8,
      changes: [
        {
          ...preview.changes[0],
          changes: [
            { configKey: "system_prompt", field: "system_prompt", before: "Edited in Kapso", after: "You are Sarah." },
          ],
        },
      ],
    };
    fake.fn(api.kapsoSync.apply).mockResolvedValueOnce({ outcome: "kapso_changed", preview: newer });
    await user.click(screen.getByRole("button", { name: "Apply to Kapso" }));
    const dialog = await screen.findByRole("dialog");
    await user.click(within(dialog).getByRole("button", { name: "Apply to Kapso" }));
    expect(
      await within(dialog).findByText(/changed in Kapso since you reviewed it \(lock_version is now 8\)/),
    ).toBeInTheDocument();
    expect(within(dialog).getByRole("list", { name: "Node changes" })).toHaveTextContent("Edited in Kapso");

    fake
      .fn(api.kapsoSync.apply)
      .mockResolvedValueOnce({ outcome: "applied", changedNodes: 1, check: verified, markedSynced: true, note: null });
    await user.click(within(dialog).getByRole("button", { name: "Apply to Kapso" }));
    expect(fake.fn(api.kapsoSync.apply)).toHaveBeenLastCalledWith(expect.objectContaining({ lockVersion: 8 }));
  });

  it("lists what must change in the Kapso canvas when Apply cannot run", async () => {
    const { fake, user } = setup(status({ check: verified }));
    fake.fn(api.kapsoSync.previewApply).mockResolvedValueOnce({
      ...preview,
      changes: [],
      problems: [{ key: "errors.workflows.kapso.noModel", values: { model: "gpt-9" } }],
    });
    await user.click(screen.getByRole("button", { name: "Apply to Kapso" }));
    expect(await screen.findByRole("alert")).toHaveTextContent('Kapso has no provider model named "gpt-9"');
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
  });
});

describe("KapsoApiPanel in Indonesian", () => {
  const rateLimited = {
    kind: "rate_limited",
    message: "Kapso is rate-limiting this API key. Try again in 60 s.",
    key: "errors.kapso.rateLimited",
    values: { seconds: 60 },
    at: CHECKED_AT,
  };
  it.each<[string, Status, string[]]>([
    [
      "not configured",
      status({ apiConfigured: false }),
      ["Belum dikonfigurasi.", "KAPSO_API_KEY", "Langkah manual tetap berfungsi tanpa kunci itu."],
    ],
    ["no workflow id", status({ kapsoWorkflowId: "" }), ["Tambahkan id alur kerja Kapso di pengaturan"]],
    [
      "verified",
      status({ check: verified }),
      ["Terverifikasi di Kapso", "Kapso menjalankan versi 3: lock_version 7, diperiksa", "Cocok", "Periksa Kapso"],
    ],
    [
      "changed in Kapso, a node gone",
      status({
        check: {
          ...verified,
          state: "changed_in_kapso",
          lockVersion: 9,
          source: "drift",
          fields: [field("temperature", false, "0.4", "(no such node in Kapso)")],
          differingFields: ["temperature"],
        },
      }),
      [
        "Diubah di Kapso",
        "setelah versi 3 sudah sinkron (lock_version 7 → 9)",
        "(otomatis)",
        "Di Kapso(node ini tidak ada di Kapso)",
      ],
    ],
    [
      "a failed automatic check, with its sentence",
      status({ settingsVersion: 4, check: { ...verified, lastError: rateLimited } }),
      [
        "Pemeriksaan sudah usang",
        "Pemeriksaan terakhir membandingkan versi 3; pengaturan sekarang versi 4.",
        "gagal: Kapso membatasi permintaan dengan kunci API ini. Coba lagi dalam 60 detik.",
      ],
    ],
    [
      "a failed automatic check recorded before translation",
      status({
        check: { ...verified, lastError: { kind: "auth", message: "Kapso refused the API key", at: CHECKED_AT } },
      }),
      ["gagal: Kapso refused the API key"],
    ],
  ])("%s", (_, s, texts) => {
    setup(s, "admin", "id");
    for (const text of texts) {
      expect(document.body).toHaveTextContent(text);
    }
  });

  it("previews in Indonesian and lists what Apply needs, with Kapso's node ids verbatim", async () => {
    const { fake, user } = setup(status({ check: verified }), "admin", "id");
    fake.fn(api.kapsoSync.previewApply).mockResolvedValueOnce(preview);
    await user.click(screen.getByRole("button", { name: "Terapkan ke Kapso" }));
    const dialog = await screen.findByRole("dialog", { name: "Terapkan versi 3 ke Kapso?" });
    expect(dialog).toHaveTextContent("Alur kerja Sarah, lock_version 7. Hanya kolom config ini yang berubah");
    expect(within(dialog).getByRole("list", { name: "Perubahan node" })).toHaveTextContent(
      "Sarah (agent) (node agent agent)temperatureSebelum0.9Sesudah0.4",
    );
    await user.click(within(dialog).getByRole("button", { name: "Batal" }));

    fake.fn(api.kapsoSync.previewApply).mockResolvedValueOnce({
      ...preview,
      changes: [],
      problems: [
        { key: "errors.workflows.kapso.noNode", values: { nodeType: "agent", nodeId: "agent", node: "Sarah (agent)" } },
      ],
    });
    await user.click(screen.getByRole("button", { name: "Terapkan ke Kapso" }));
    expect(await screen.findByRole("alert")).toHaveTextContent(
      'Sebelum menerapkan, ubah dulu di kanvas Kapso:Kapso tidak punya node agent "agent" (Sarah (agent)); tambahkan dulu di kanvas Kapso',
    );
  });
});
