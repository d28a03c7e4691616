import { describe, expect, it } from "vitest";
import { screen, within } from "./rtl";
import userEvent from "@testing-library/user-event";
import { ConvexError } from "convex/values";
import type { FunctionReturnType } from "convex/server";
import { api } from "@convex/_generated/api";
import type { Id } from "@convex/_generated/dataModel";
import type { Role } from "@convex/permissions";
import { userError } from "@convex/errors";
import type { Locale } from "@/domain/locale";
import { messageRef } from "@/i18n/messageRef";
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

function setup(role: Role, hasSecret = true, locale: Locale = "en") {
  const fake = new FakeConvex();
  fake.setQuery(api.workspaces.get, workspace(role, hasSecret));
  fake.setQuery(api.workspaces.listMembers, members);
  fake.setQuery(api.invitations.list, []);
  renderWithConvex(<WorkspaceSettingsPage />, { fake, role, locale });
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

  it("saves the summary language only when the admin picks one", async () => {
    const user = userEvent.setup();
    const fake = setup("admin");
    const language = screen.getByLabelText("Summary language");
    expect(language).toHaveValue("id");
    expect(
      within(language)
        .getAllByRole("option")
        .map((o) => o.textContent),
    ).toEqual(["English", "Bahasa Indonesia"]);
    expect(screen.getByText("The daily summaries are written in it.")).toBeInTheDocument();
    await user.selectOptions(language, "en");
    await user.click(screen.getByRole("button", { name: "Save workspace" }));
    expect(fake.fn(api.workspaces.update)).toHaveBeenCalledWith({
      workspaceId: TEST_WORKSPACE_ID,
      name: "Toko Budi",
      kapsoPhoneNumberId: "957104384162113",
      defaultCountry: "ID",
      timezone: "Asia/Jakarta",
      language: "en",
    });
    expect(await screen.findByText("Workspace settings saved.")).toBeInTheDocument();
  });
});

describe("Workspace settings page, in each language", () => {
  const LANGUAGES = {
    en: {
      title: "Settings",
      country: "Default country",
      germany: "Germany (DE)",
      timeZone: "Time zone",
      badZone: "Time zone must be a place from the list, e.g. Asia/Jakarta (not a UTC offset)",
      language: "Summary language",
      save: "Save workspace",
      saved: "Workspace settings saved.",
      readOnly: "You are a staff member here: these settings are read-only for you.",
      plainText: /stored as plain text/,
      replaceSecret: "Replace secret",
      newSecret: "New webhook secret",
      shortSecret: "Webhook secret must be at least 16 characters",
      saveSecret: "Save secret",
      secretSaved: "Webhook secret saved.",
      roleOf: "Role of Ani Admin",
      lastAdmin: "A workspace needs at least one admin; make someone else admin first.",
    },
    id: {
      title: "Pengaturan",
      country: "Negara bawaan",
      germany: "Jerman (DE)",
      timeZone: "Zona waktu",
      badZone: "Zona waktu harus dipilih dari daftar, mis. Asia/Jakarta (bukan selisih UTC)",
      language: "Bahasa ringkasan",
      save: "Simpan ruang kerja",
      saved: "Pengaturan ruang kerja tersimpan.",
      readOnly: "Anda staf di sini: pengaturan ini hanya dapat Anda lihat.",
      plainText: /disimpan sebagai teks biasa/,
      replaceSecret: "Ganti rahasia",
      newSecret: "Rahasia webhook baru",
      shortSecret: "Rahasia webhook minimal 16 karakter",
      saveSecret: "Simpan rahasia",
      secretSaved: "Rahasia webhook tersimpan.",
      roleOf: "Peran Ani Admin",
      lastAdmin: "Ruang kerja memerlukan setidaknya satu admin; jadikan orang lain admin terlebih dahulu.",
    },
  } as const;

  describe.each(Object.entries(LANGUAGES) as [Locale, (typeof LANGUAGES)[Locale]][])("%s", (locale, text) => {
    it("names countries in the page's language, validates and saves", async () => {
      const user = userEvent.setup();
      const fake = setup("admin", true, locale);
      expect(screen.getByRole("heading", { name: text.title })).toBeInTheDocument();
      const country = screen.getByLabelText(text.country);
      expect(document.querySelector(`#${country.getAttribute("list")} option[value="${text.germany}"]`)).not.toBeNull();
      await user.clear(country);
      await user.paste(text.germany);
      const zone = screen.getByLabelText(text.timeZone);
      await user.clear(zone);
      await user.paste("+07:00");
      expect(screen.getByText(text.badZone)).toBeInTheDocument();
      expect(screen.getByRole("button", { name: text.save })).toBeDisabled();
      await user.clear(zone);
      await user.paste("Asia/Makassar");
      await user.selectOptions(screen.getByLabelText(text.language), "en");
      await user.click(screen.getByRole("button", { name: text.save }));
      expect(fake.fn(api.workspaces.update)).toHaveBeenCalledWith(
        expect.objectContaining({ defaultCountry: "DE", timezone: "Asia/Makassar", language: "en" }),
      );
      expect(await screen.findByText(text.saved)).toHaveAttribute("role", "status");
    }, 15_000);

    it("warns admins of plain-text secrets", () => {
      const fake = new FakeConvex();
      fake.setQuery(api.workspaces.get, workspace("admin", true, false));
      fake.setQuery(api.workspaces.listMembers, members);
      fake.setQuery(api.invitations.list, []);
      renderWithConvex(<WorkspaceSettingsPage />, { fake, locale });
      expect(screen.getByRole("note")).toHaveTextContent(text.plainText);
      expect(within(screen.getByRole("note")).getByText("KAPSO_SECRETS_KEY").tagName).toBe("CODE");
      expect(screen.queryByText(text.readOnly)).not.toBeInTheDocument();
    });

    it("is read-only for staff, saying so", () => {
      setup("staff", true, locale);
      expect(screen.getByText(text.readOnly)).toBeInTheDocument();
      expect(screen.getByLabelText(text.language)).toBeDisabled();
      expect(screen.queryByRole("button", { name: text.save })).not.toBeInTheDocument();
    });

    it("checks the webhook secret in the page's language and says when it is saved", async () => {
      const user = userEvent.setup();
      const fake = setup("admin", true, locale);
      await user.click(screen.getByRole("button", { name: text.replaceSecret }));
      const input = screen.getByLabelText(text.newSecret);
      await user.type(input, "short");
      expect(screen.getByText(text.shortSecret)).toBeInTheDocument();
      await user.type(input, "-but-now-long-enough");
      await user.click(screen.getByRole("button", { name: text.saveSecret }));
      expect(fake.fn(api.workspaces.setWebhookSecret)).toHaveBeenCalled();
      expect(await screen.findByText(text.secretSaved)).toBeInTheDocument();
    });

    it("shows the server's refusal by its key", async () => {
      const user = userEvent.setup();
      const fake = setup("admin", true, locale);
      fake
        .fn(api.workspaces.changeMemberRole)
        .mockRejectedValue(userError("INVALID", messageRef("errors.members.lastAdmin")));
      await user.selectOptions(screen.getByLabelText(text.roleOf), "staff");
      expect(await screen.findByText(text.lastAdmin)).toBeInTheDocument();
    });
  });
});
