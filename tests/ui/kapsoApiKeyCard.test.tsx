import { describe, expect, it } from "vitest";
import { screen, within } from "./rtl";
import userEvent from "@testing-library/user-event";
import { ConvexError } from "convex/values";
import { api } from "@convex/_generated/api";
import type { Role } from "@convex/permissions";
import type { KapsoApiKeySource } from "@convex/kapsoCredentials";
import { KapsoApiKeyCard } from "@/components/settings/KapsoApiKeyCard";
import { FakeConvex, renderWithConvex, TEST_WORKSPACE_ID } from "./fakeConvex";

function setup(source: KapsoApiKeySource, role: Role = "admin") {
  const fake = new FakeConvex();
  renderWithConvex(<KapsoApiKeyCard workspaceId={TEST_WORKSPACE_ID} source={source} canManage={role === "admin"} />, {
    fake,
    role,
  });
  return { fake, user: userEvent.setup() };
}

describe("KapsoApiKeyCard", () => {
  it("shows which key is used: the workspace's, the deployment's, or none", () => {
    setup("workspace");
    expect(screen.getByText("Set")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Replace key" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Clear key" })).toBeInTheDocument();

    setup("deployment");
    expect(screen.getByText("Using the deployment key")).toBeInTheDocument();
    setup("none");
    expect(screen.getByText("Not set")).toBeInTheDocument();
    // Only a workspace's own key can be cleared.
    expect(screen.getAllByRole("button", { name: "Clear key" })).toHaveLength(1);
    expect(screen.getAllByRole("button", { name: "Set key" })).toHaveLength(2);
  });

  it("validates with the shared schema, saves the key write-only, and clears it", async () => {
    const { fake, user } = setup("workspace");
    await user.click(screen.getByRole("button", { name: "Replace key" }));
    const input = screen.getByLabelText("New Kapso API key");
    expect(input).toHaveAttribute("type", "password");
    expect(input).toHaveValue("");
    await user.type(input, "short key");
    expect(screen.getByText("Kapso API key must be at least 16 characters")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Save key" })).toBeDisabled();
    await user.clear(input);
    await user.type(input, "  kapso-project-key-0123456789  ");
    await user.click(screen.getByRole("button", { name: "Save key" }));
    expect(fake.fn(api.workspaces.setKapsoApiKey)).toHaveBeenCalledWith({
      workspaceId: TEST_WORKSPACE_ID,
      apiKey: "kapso-project-key-0123456789",
    });
    expect(await screen.findByText("Kapso API key saved.")).toBeInTheDocument();
    // The form closes and the key is not kept on screen.
    expect(screen.queryByLabelText("New Kapso API key")).not.toBeInTheDocument();
    expect(screen.queryByDisplayValue(/kapso-project-key/)).not.toBeInTheDocument();

    await user.click(screen.getByRole("button", { name: "Clear key" }));
    const dialog = screen.getByRole("dialog");
    expect(dialog).toHaveTextContent("KAPSO_API_KEY");
    await user.click(within(dialog).getByRole("button", { name: "Clear key" }));
    expect(fake.fn(api.workspaces.clearKapsoApiKey)).toHaveBeenCalledWith({ workspaceId: TEST_WORKSPACE_ID });
    expect(await screen.findByText("Kapso API key cleared.")).toBeInTheDocument();
  });

  it("shows the server's refusal and keeps the form open", async () => {
    const { fake, user } = setup("none");
    fake
      .fn(api.workspaces.setKapsoApiKey)
      .mockRejectedValue(new ConvexError({ code: "FORBIDDEN", message: "You need the workspace.manage permission." }));
    await user.click(screen.getByRole("button", { name: "Set key" }));
    await user.type(screen.getByLabelText("New Kapso API key"), "kapso-project-key-0123456789");
    await user.click(screen.getByRole("button", { name: "Save key" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("You need the workspace.manage permission.");
    expect(screen.getByLabelText("New Kapso API key")).toBeInTheDocument();
  });

  it("is read-only for non-admins", () => {
    setup("deployment", "operator");
    expect(screen.getByText("Using the deployment key")).toBeInTheDocument();
    expect(screen.getByText("Only admins can change the Kapso API key.")).toBeInTheDocument();
    expect(screen.queryByRole("button")).not.toBeInTheDocument();
  });
});
