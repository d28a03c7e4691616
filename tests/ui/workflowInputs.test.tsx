import { describe, expect, it } from "vitest";
import { screen } from "./rtl";
import userEvent from "@testing-library/user-event";
import { api } from "@convex/_generated/api";
import { WorkflowEditor } from "@/components/workflows/WorkflowEditor";
import { FakeConvex, renderWithConvex } from "./fakeConvex";
import { settingsView } from "./workflowFixtures";

function savedConfig(fake: FakeConvex) {
  return (
    fake.fn(api.workflowSettings.save).mock.calls.at(-1)![0] as { config: { temperature: number; max_tokens: number } }
  ).config;
}

describe("WorkflowEditor numbers and keys", () => {
  it.each([
    ["0x1", "Temperature must be a plain number such as 0.5 or 0,5 (no exponents or hex)"],
    ["1e-1", "Temperature must be a plain number such as 0.5 or 0,5 (no exponents or hex)"],
    ["", "Temperature is required"],
  ])("refuses temperature %j with a clear message", async (typed, message) => {
    const user = userEvent.setup();
    renderWithConvex(<WorkflowEditor settings={settingsView()} />);
    const temperature = screen.getByLabelText("Temperature");
    await user.clear(temperature);
    if (typed) {
      await user.type(temperature, typed);
    }
    expect(screen.getByText(message)).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Save settings" })).toBeDisabled();
  });

  it("refuses max tokens 1e3 and accepts a decimal comma in temperature", async () => {
    const user = userEvent.setup();
    const fake = new FakeConvex();
    fake.fn(api.workflowSettings.save).mockResolvedValue(3);
    renderWithConvex(<WorkflowEditor settings={settingsView()} />, { fake });
    await user.clear(screen.getByLabelText("Max tokens"));
    await user.type(screen.getByLabelText("Max tokens"), "1e3");
    expect(screen.getByText("Max tokens must be a whole number in digits only, such as 1024")).toBeInTheDocument();
    await user.clear(screen.getByLabelText("Max tokens"));
    await user.type(screen.getByLabelText("Max tokens"), "1000");
    await user.clear(screen.getByLabelText("Temperature"));
    await user.type(screen.getByLabelText("Temperature"), "0,5");
    await user.click(screen.getByRole("button", { name: "Save settings" }));
    expect(savedConfig(fake)).toMatchObject({ temperature: 0.5, max_tokens: 1000 });
  });

  it("does not save on Enter in a field; Ctrl+Enter and Cmd+Enter save", async () => {
    const user = userEvent.setup();
    const fake = new FakeConvex();
    fake.fn(api.workflowSettings.save).mockResolvedValue(3);
    renderWithConvex(<WorkflowEditor settings={settingsView()} />, { fake });
    const maxTokens = screen.getByLabelText("Max tokens");
    await user.clear(maxTokens);
    await user.type(maxTokens, "512{Enter}");
    await user.type(screen.getByLabelText("Kapso workflow name"), "{Enter}");
    expect(fake.fn(api.workflowSettings.save)).not.toHaveBeenCalled();
    await user.type(maxTokens, "{Control>}{Enter}{/Control}");
    expect(fake.fn(api.workflowSettings.save)).toHaveBeenCalledTimes(1);
    expect(savedConfig(fake).max_tokens).toBe(512);
    expect(await screen.findByText("Saved as version 3.")).toBeInTheDocument();
  });

  it("saves with Cmd+Enter from the prompt", async () => {
    const user = userEvent.setup();
    const fake = new FakeConvex();
    fake.fn(api.workflowSettings.save).mockResolvedValue(3);
    renderWithConvex(<WorkflowEditor settings={settingsView()} />, { fake });
    await user.type(screen.getByLabelText("System prompt"), " Be brief.{Meta>}{Enter}{/Meta}");
    expect(fake.fn(api.workflowSettings.save)).toHaveBeenCalledTimes(1);
  });
});

describe("WorkflowEditor discard", () => {
  it("keeps keyboard focus in the form after Discard changes", async () => {
    const user = userEvent.setup();
    renderWithConvex(<WorkflowEditor settings={settingsView()} />);
    await user.type(screen.getByLabelText("System prompt"), " More.");
    screen.getByRole("button", { name: "Discard changes" }).focus();
    await user.keyboard("{Enter}");
    expect(screen.queryByRole("button", { name: "Discard changes" })).not.toBeInTheDocument();
    expect(document.activeElement).toBe(screen.getByLabelText("Kapso workflow name"));
  });
});
