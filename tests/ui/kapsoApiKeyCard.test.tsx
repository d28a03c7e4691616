import { describe, expect, it } from "vitest";
import { screen, within } from "./rtl";
import userEvent from "@testing-library/user-event";
import { ConvexError } from "convex/values";
import { api } from "@convex/_generated/api";
import type { Role } from "@convex/permissions";
import type { KapsoApiKeySource } from "@convex/kapsoCredentials";
import { userError } from "@convex/errors";
import { KapsoApiKeyCard } from "@/components/settings/KapsoApiKeyCard";
import type { Locale } from "@/domain/locale";
import { messageRef } from "@/i18n/messageRef";
import { FakeConvex, renderWithConvex, TEST_WORKSPACE_ID } from "./fakeConvex";

function setup(source: KapsoApiKeySource, role: Role = "admin", locale: Locale = "en") {
  const fake = new FakeConvex();
  renderWithConvex(<KapsoApiKeyCard workspaceId={TEST_WORKSPACE_ID} source={source} canManage={role === "admin"} />, {
    fake,
    role,
    locale,
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

describe("KapsoApiKeyCard, in each language", () => {
  const LANGUAGES = {
    en: {
      states: { workspace: "Set", deployment: "Using the deployment key", none: "Not set" },
      set: "Set key",
      replace: "Replace key",
      clear: "Clear key",
      cancel: "Cancel",
      field: "New Kapso API key",
      hint: "Create one in Kapso under Integrations → API keys.",
      tooShort: "Kapso API key must be at least 16 characters",
      spaces: "Kapso API key must not contain spaces",
      save: "Save key",
      saved: "Kapso API key saved.",
      clearTitle: "Clear the Kapso API key?",
      cleared: "Kapso API key cleared.",
      refused: "Your role (staff) does not allow this (workspace.manage).",
      adminsOnly: "Only admins can change the Kapso API key.",
    },
    id: {
      states: { workspace: "Sudah diatur", deployment: "Memakai kunci deployment", none: "Belum diatur" },
      set: "Atur kunci",
      replace: "Ganti kunci",
      clear: "Hapus kunci",
      cancel: "Batal",
      field: "Kunci API Kapso baru",
      hint: "Buat di Kapso pada Integrations → API keys.",
      tooShort: "Kunci API Kapso minimal 16 karakter",
      spaces: "Kunci API Kapso tidak boleh berisi spasi",
      save: "Simpan kunci",
      saved: "Kunci API Kapso tersimpan.",
      clearTitle: "Hapus kunci API Kapso?",
      cleared: "Kunci API Kapso dihapus.",
      refused: "Peran Anda (staf) tidak mengizinkan ini (workspace.manage).",
      adminsOnly: "Hanya admin yang dapat mengubah kunci API Kapso.",
    },
  } as const;

  describe.each(Object.entries(LANGUAGES) as [Locale, (typeof LANGUAGES)[Locale]][])("%s", (locale, text) => {
    it.each(["workspace", "deployment", "none"] as const)("names the %s key's state", (source) => {
      setup(source, "admin", locale);
      expect(screen.getByText(text.states[source])).toBeInTheDocument();
      expect(screen.getByRole("button", { name: source === "workspace" ? text.replace : text.set })).toBeEnabled();
    });

    it("checks the key, saves it, and clears it", async () => {
      const { fake, user } = setup("workspace", "admin", locale);
      await user.click(screen.getByRole("button", { name: text.replace }));
      expect(screen.getByText(text.hint)).toBeInTheDocument();
      const input = screen.getByLabelText(text.field);
      for (const [typed, message] of [
        ["short", text.tooShort],
        ["kapso key 0123456789", text.spaces],
      ]) {
        await user.clear(input);
        await user.type(input, typed);
        expect(screen.getByText(message)).toBeInTheDocument();
        expect(screen.getByRole("button", { name: text.save })).toBeDisabled();
      }
      expect(screen.getByRole("button", { name: text.cancel })).toBeEnabled();
      await user.clear(input);
      await user.type(input, "kapso-project-key-0123456789");
      await user.click(screen.getByRole("button", { name: text.save }));
      expect(fake.fn(api.workspaces.setKapsoApiKey)).toHaveBeenCalled();
      expect(await screen.findByText(text.saved)).toBeInTheDocument();

      await user.click(screen.getByRole("button", { name: text.clear }));
      const dialog = screen.getByRole("dialog");
      expect(dialog).toHaveTextContent(text.clearTitle);
      await user.click(within(dialog).getByRole("button", { name: text.clear }));
      expect(await screen.findByText(text.cleared)).toBeInTheDocument();
    });

    it("shows the server's refusal by its key", async () => {
      const { fake, user } = setup("none", "admin", locale);
      fake
        .fn(api.workspaces.setKapsoApiKey)
        .mockRejectedValue(
          userError(
            "FORBIDDEN",
            messageRef("errors.access.roleNotAllowed", { role: "staff", permission: "workspace.manage" }),
          ),
        );
      await user.click(screen.getByRole("button", { name: text.set }));
      await user.type(screen.getByLabelText(text.field), "kapso-project-key-0123456789");
      await user.click(screen.getByRole("button", { name: text.save }));
      expect(await screen.findByRole("alert")).toHaveTextContent(text.refused);
    });

    it("is read-only for non-admins", () => {
      setup("deployment", "operator", locale);
      expect(screen.getByText(text.adminsOnly)).toBeInTheDocument();
      expect(screen.queryByRole("button")).not.toBeInTheDocument();
    });
  });
});
