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
