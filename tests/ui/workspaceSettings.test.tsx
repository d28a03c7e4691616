import { describe, expect, it } from "vitest";
import { screen, within } from "./rtl";
import userEvent from "@testing-library/user-event";
import { ConvexError } from "convex/values";
import type { FunctionReturnType } from "convex/server";
import { api } from "@convex/_generated/api";
import type { Id } from "@convex/_generated/dataModel";
import type { Role } from "@convex/permissions";
import { WorkspaceSettingsPage } from "@/components/settings/WorkspaceSettingsPage";
import { FakeConvex, renderWithConvex, TEST_WORKSPACE_ID } from "./fakeConvex";

function workspace(
  role: Role,
  hasWebhookSecret = true,
  secretsSealed = true,
): FunctionReturnType<typeof api.workspaces.get> {
  return {
    _id: TEST_WORKSPACE_ID,
    name: "Toko Budi",
    kapsoPhoneNumberId: "957104384162113",
    defaultCountry: "ID",
    timezone: "Asia/Jakarta",
    language: "id",
    hasWebhookSecret,
    hasKapsoApiKey: false,
    kapsoApiKeySource: "deployment",
    role,
    isLocalOperator: false,
    secretsSealed,
  };
}

const members = [
  {
    _id: "m1" as Id<"members">,
    userId: "user_admin",
    name: "Ani Admin",
    email: "ani@example.com",
    role: "admin" as const,
    isYou: true,
    createdAt: null,
  },
  {
    _id: "m2" as Id<"members">,
    userId: "user_op",
    name: null,
    email: null,
    role: "operator" as const,
    isYou: false,
    createdAt: null,
  },
];

function setup(role: Role, hasSecret = true) {
  const fake = new FakeConvex();
  fake.setQuery(api.workspaces.get, workspace(role, hasSecret));
  fake.setQuery(api.workspaces.listMembers, members);
  fake.setQuery(api.invitations.list, []);
  renderWithConvex(<WorkspaceSettingsPage />, { fake, role });
  return fake;
}

describe("Workspace settings page", () => {
  it("picks the default country by name, shows its code, and refuses two letters that only look like one", async () => {
    const user = userEvent.setup();
    const fake = setup("admin");
    const country = screen.getByLabelText("Default country");
    expect(country).toHaveValue("Indonesia (ID)");
    expect(document.querySelector(`#${country.getAttribute("list")} option[value="India (IN)"]`)).not.toBeNull();
    await user.clear(country);
    await user.type(country, "In");
    expect(
      screen.getByText("Default country must be a country from the list, e.g. Indonesia (ID)"),
    ).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Save workspace" })).toBeDisabled();
    await user.paste("donesia");
    await user.clear(screen.getByLabelText("Time zone"));
    await user.paste("asia/makassar");
    await user.click(screen.getByRole("button", { name: "Save workspace" }));
    expect(fake.fn(api.workspaces.update)).toHaveBeenCalledWith(
      expect.objectContaining({ defaultCountry: "ID", timezone: "Asia/Makassar" }),
    );
    expect(await screen.findByText("Workspace settings saved.")).toBeInTheDocument();
    expect(country).toHaveValue("Indonesia (ID)");
  }, 15_000);

  it("refuses a UTC offset as the time zone in the browser, as the server does", async () => {
    const user = userEvent.setup();
    setup("admin");
    await user.clear(screen.getByLabelText("Time zone"));
    await user.type(screen.getByLabelText("Time zone"), "+07:00");
    expect(
      screen.getByText("Time zone must be a place from the list, e.g. Asia/Jakarta (not a UTC offset)"),
    ).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Save workspace" })).toBeDisabled();
  });

  it("warns admins, and only admins, when the deployment stores secrets as plain text", () => {
    for (const [role, sealed, warned] of [
      ["admin", false, true],
      ["admin", true, false],
      ["operator", false, false],
    ] as const) {
      const fake = new FakeConvex();
      fake.setQuery(api.workspaces.get, workspace(role, true, sealed));
      fake.setQuery(api.workspaces.listMembers, members);
      fake.setQuery(api.invitations.list, []);
      const { unmount } = renderWithConvex(<WorkspaceSettingsPage />, { fake, role });
      expect([role, sealed, screen.queryByText(/stored as plain text/) !== null]).toEqual([role, sealed, warned]);
      unmount();
    }
  });

  it("shows loading, then the workspace", () => {
    const fake = new FakeConvex();
    renderWithConvex(<WorkspaceSettingsPage />, { fake });
    expect(screen.getByRole("status")).toHaveTextContent("Loading workspace settings");
    fake.setQuery(api.workspaces.listMembers, members);
    fake.setQuery(api.invitations.list, []);
    fake.setQuery(api.workspaces.get, workspace("admin"));
    expect(screen.getByLabelText("Name")).toHaveValue("Toko Budi");
  });

  it("validates with the shared schema and saves the details", async () => {
    const user = userEvent.setup();
    const fake = setup("admin");
    const save = screen.getByRole("button", { name: "Save workspace" });
    expect(save).toBeDisabled();
    await user.clear(screen.getByLabelText("Time zone"));
    await user.type(screen.getByLabelText("Time zone"), "Mars/Base");
    expect(
      screen.getByText("Time zone must be a place from the list, e.g. Asia/Jakarta (not a UTC offset)"),
    ).toBeInTheDocument();
    expect(save).toBeDisabled();
    await user.clear(screen.getByLabelText("Time zone"));
    await user.type(screen.getByLabelText("Time zone"), "Asia/Makassar");
    await user.clear(screen.getByLabelText("Default country"));
    await user.type(screen.getByLabelText("Default country"), "Singapore");
    await user.click(save);
    expect(fake.fn(api.workspaces.update)).toHaveBeenCalledWith({
      workspaceId: TEST_WORKSPACE_ID,
      name: "Toko Budi",
      kapsoPhoneNumberId: "957104384162113",
      defaultCountry: "SG",
      timezone: "Asia/Makassar",
    });
    expect(await screen.findByText("Workspace settings saved.")).toBeInTheDocument();
  });

  it("never shows the webhook secret, and replaces or clears it", async () => {
    const user = userEvent.setup();
    const fake = setup("admin");
    expect(screen.getByText("Set")).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Replace secret" }));
    const input = screen.getByLabelText("New webhook secret");
    expect(input).toHaveAttribute("type", "password");
    await user.type(input, "short");
    expect(screen.getByText("Webhook secret must be at least 16 characters")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Save secret" })).toBeDisabled();
    await user.type(input, "-but-now-long-enough");
    await user.click(screen.getByRole("button", { name: "Save secret" }));
    expect(fake.fn(api.workspaces.setWebhookSecret)).toHaveBeenCalledWith({
      workspaceId: TEST_WORKSPACE_ID,
      secret: "short-but-now-long-enough",
    });
    expect(await screen.findByText("Webhook secret saved.")).toBeInTheDocument();

    await user.click(screen.getByRole("button", { name: "Clear secret" }));
    await user.click(within(screen.getByRole("dialog")).getByRole("button", { name: "Clear secret" }));
    expect(fake.fn(api.workspaces.clearWebhookSecret)).toHaveBeenCalledWith({ workspaceId: TEST_WORKSPACE_ID });
  });

  it("lets admins change roles and remove members, and shows the server's refusal", async () => {
    const user = userEvent.setup();
    const fake = setup("admin");
    fake.fn(api.workspaces.changeMemberRole).mockRejectedValue(
      new ConvexError({
        code: "INVALID",
        message: "A workspace needs at least one admin; make someone else admin first.",
      }),
    );
    await user.selectOptions(screen.getByLabelText("Role of Ani Admin"), "staff");
    expect(fake.fn(api.workspaces.changeMemberRole)).toHaveBeenCalledWith({
      workspaceId: TEST_WORKSPACE_ID,
      memberId: "m1",
      role: "staff",
    });
    expect(await screen.findByText(/at least one admin/)).toBeInTheDocument();

    await user.click(screen.getByRole("button", { name: "Remove user_op" }));
    await user.click(within(screen.getByRole("dialog")).getByRole("button", { name: "Remove member" }));
    expect(fake.fn(api.workspaces.removeMember)).toHaveBeenCalledWith({
      workspaceId: TEST_WORKSPACE_ID,
      memberId: "m2",
    });
  });

  it("says what each role may do, staff replying to leads included", () => {
    setup("staff", false);
    const staff = screen.getByText("Staff").closest("li")!;
    expect(staff).toHaveTextContent(
      "Staff: replies to leads, edits their notes, reads everything and confirms Kapso updates",
    );
  });

  it("is read-only for non-admins", () => {
    setup("operator", false);
    expect(screen.getByText(/You are an operator here/)).toBeInTheDocument();
    expect(screen.getByLabelText("Name")).toBeDisabled();
    expect(screen.queryByRole("button", { name: "Save workspace" })).not.toBeInTheDocument();
    expect(screen.getByText("Not set")).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: /secret/ })).not.toBeInTheDocument();
    expect(screen.getByText("Using the deployment key")).toBeInTheDocument();
    expect(screen.getByText("Only admins can change the Kapso API key.")).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: /key/ })).not.toBeInTheDocument();
    expect(screen.queryByLabelText("Role of Ani Admin")).not.toBeInTheDocument();
    expect(screen.getByText("user_op")).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Invite" })).not.toBeInTheDocument();
  });
});
