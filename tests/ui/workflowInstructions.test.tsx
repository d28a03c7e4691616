import type * as React from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { screen, within } from "./rtl";
import userEvent from "@testing-library/user-event";
import { KapsoInstructionsPanel } from "@/components/workflows/KapsoInstructionsPanel";
import { workflowJson } from "@/domain/kapsoInstructions";
import { defaultWorkflowConfig, type WorkflowType } from "@/domain/workflowSettings";
import { renderWithConvex } from "./fakeConvex";
import { KAPSO_ID } from "./workflowFixtures";

function current(type: WorkflowType = "sarah", config = defaultWorkflowConfig(type)) {
  return { workflowType: type, config, kapsoWorkflowId: KAPSO_ID, kapsoWorkflowName: "Sarah", version: 4 };
}

afterEach(() => vi.restoreAllMocks());

describe("KapsoInstructionsPanel", () => {
  it("shows numbered steps with a copy button per value", async () => {
    const user = userEvent.setup();
    const writeText = vi.spyOn(navigator.clipboard, "writeText").mockResolvedValue();
    renderWithConvex(<KapsoInstructionsPanel settings={current()} lastSyncedConfig={null} saved />);
    const steps = within(screen.getByRole("list", { name: "Steps in the Kapso Dashboard" })).getAllByRole("listitem");
    expect(steps).toHaveLength(6);
    expect(steps[0]).toHaveTextContent('Step 1: In the Kapso Dashboard, go to Workflows and open "Sarah"');
    expect(screen.getByText(/Never confirmed in Kapso/)).toBeInTheDocument();

    await user.click(screen.getByRole("button", { name: "Copy Temperature (step 4)" }));
    expect(writeText).toHaveBeenCalledWith("0.7");
    await user.click(screen.getByRole("button", { name: "Copy System prompt (step 2)" }));
    expect(writeText).toHaveBeenLastCalledWith(defaultWorkflowConfig("sarah").system_prompt);
    expect(steps[5]).toHaveTextContent('click "I\'ve updated Kapso" for version 4');
  });

  it("lists the changes since the last sync and marks those steps first", () => {
    const lastSynced = defaultWorkflowConfig("sarah");
    renderWithConvex(
      <KapsoInstructionsPanel
        settings={current("sarah", { ...lastSynced, ai_model: "grok-4.1-fast" })}
        lastSyncedConfig={lastSynced}
        saved
      />,
    );
    expect(screen.getByText("Changed since the last sync")).toBeInTheDocument();
    const steps = within(screen.getByRole("list", { name: "Steps in the Kapso Dashboard" })).getAllByRole("listitem");
    expect(steps[1]).toHaveTextContent(/set Model \(provider_model_name\)/);
    expect(within(steps[1]).getByText("Changed")).toBeInTheDocument();
    expect(within(steps[2]).getByText("No change: Kapso has this")).toBeInTheDocument();
    // The badge leads the step, so the step never reads "set Model … to: <badge>".
    expect(steps[2].querySelector("p")!.textContent).toMatch(/^Step 3: No change: Kapso has this In node/);
  });

  it("copies and downloads the canonical workflow JSON", async () => {
    const user = userEvent.setup();
    const writeText = vi.spyOn(navigator.clipboard, "writeText").mockResolvedValue();
    const createObjectURL = vi.fn((_blob: Blob) => "blob:workflow");
    const revokeObjectURL = vi.fn();
    Object.assign(URL, { createObjectURL, revokeObjectURL });
    const clicks: HTMLAnchorElement[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(function (this: HTMLAnchorElement) {
      clicks.push(this);
    });
    const settings = current("rules_engine");
    renderWithConvex(<KapsoInstructionsPanel settings={settings} lastSyncedConfig={null} saved />);

    await user.click(screen.getByRole("button", { name: "Copy JSON" }));
    expect(writeText).toHaveBeenCalledWith(workflowJson(settings));
    expect(JSON.parse(writeText.mock.calls[0][0]).definition.nodes[0].id).toBe("decide_keywords");

    await user.click(screen.getByRole("button", { name: "Download JSON" }));
    expect(clicks[0].download).toBe("kapso-rules-engine-v4.json");
    expect(await createObjectURL.mock.calls[0][0].text()).toBe(workflowJson(settings));
    expect(revokeObjectURL).toHaveBeenCalledWith("blob:workflow");

    await user.click(screen.getByRole("button", { name: "Show workflow JSON" }));
    expect(screen.getByTestId("workflow-json").textContent).toBe(workflowJson(settings));
  });
});

describe("KapsoInstructionsPanel in Indonesian", () => {
  function steps() {
    return within(screen.getByRole("list", { name: "Langkah di Kapso Dashboard" })).getAllByRole("listitem");
  }

  it.each<[string, () => React.ReactElement, number, string[]]>([
    [
      "never synced: Kapso's labels stay as Kapso shows them",
      () => <KapsoInstructionsPanel settings={current()} lastSyncedConfig={null} saved />,
      0,
      ['Langkah 1: Di Kapso Dashboard, buka Workflows lalu buka "Sarah"'],
    ],
    [
      "a field step names the node, field and config path verbatim",
      () => <KapsoInstructionsPanel settings={current()} lastSyncedConfig={null} saved />,
      1,
      ['Langkah 2: Berubah Di node "Sarah (agent)" (id node agent), atur System prompt (system_prompt) menjadi:'],
    ],
    [
      "the last step names the button in Indonesian",
      () => <KapsoInstructionsPanel settings={current()} lastSyncedConfig={null} saved />,
      5,
      ["dengan WhatsApp trigger yang aktif", 'klik "Saya sudah memperbarui Kapso" untuk versi 4.'],
    ],
    [
      "the rules engine's reply steps keep Send text and Message",
      () => <KapsoInstructionsPanel settings={current("rules_engine")} lastSyncedConfig={null} saved />,
      -2,
      [
        'Tambahkan atau buka node Send text "Reply: lokasi" (id node reply_lokasi) di cabang "lokasi" dari decide_keywords',
        "lalu atur Message menjadi:",
      ],
    ],
    [
      "an unchanged step is marked in Indonesian",
      () => (
        <KapsoInstructionsPanel
          settings={current("sarah", { ...defaultWorkflowConfig("sarah"), ai_model: "grok-4.1-fast" })}
          lastSyncedConfig={defaultWorkflowConfig("sarah")}
          saved
        />
      ),
      2,
      ["Tidak berubah: Kapso sudah punya ini"],
    ],
  ])("%s", (_, ui, index, texts) => {
    renderWithConvex(ui(), { locale: "id" });
    const step = steps().at(index)!;
    for (const text of texts) {
      expect(step).toHaveTextContent(text);
    }
  });

  it("titles, copy buttons and the JSON toggle speak Indonesian; the JSON stays Kapso's", async () => {
    const user = userEvent.setup();
    const writeText = vi.spyOn(navigator.clipboard, "writeText").mockResolvedValue();
    renderWithConvex(<KapsoInstructionsPanel settings={current()} lastSyncedConfig={null} saved={false} />, {
      locale: "id",
    });
    expect(screen.getByText("Terapkan di Kapso")).toBeInTheDocument();
    expect(screen.getByText(/Langkah untuk nilai bawaan/)).toBeInTheDocument();
    expect(screen.getByText("Belum pernah dikonfirmasi di Kapso: atur setiap nilai di bawah.")).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Salin Nama alur kerja (langkah 1)" }));
    expect(writeText).toHaveBeenLastCalledWith("Sarah");
    await user.click(screen.getByRole("button", { name: "Salin Temperature (langkah 4)" }));
    expect(writeText).toHaveBeenLastCalledWith("0.7");
    expect(screen.getByRole("button", { name: "Unduh JSON" })).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Tampilkan JSON alur kerja" }));
    expect(screen.getByTestId("workflow-json").textContent).toBe(workflowJson(current()));
    expect(screen.getByRole("button", { name: "Sembunyikan JSON alur kerja" })).toBeInTheDocument();
  });
});
