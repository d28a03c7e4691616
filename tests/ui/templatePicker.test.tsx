import { describe, expect, it, vi } from "vitest";
import { screen, waitFor } from "./rtl";
import userEvent from "@testing-library/user-event";
import { ConvexError } from "convex/values";
import { api } from "@convex/_generated/api";
import type { Id } from "@convex/_generated/dataModel";
import { TemplatePicker } from "@/components/inbox/TemplatePicker";
import type { TemplateSummary } from "@/domain/templates";
import { FakeConvex, TEST_WORKSPACE_ID, renderWithConvex } from "./fakeConvex";

const conversationId = "conv1" as Id<"conversations">;

const orderUpdate: TemplateSummary = {
  name: "order_update",
  language: "id",
  header: "Pesanan Anda",
  body: "Halo {{1}}, pesanan {{2}} sudah dikirim.",
  footer: "Toko Budi",
  placeholders: ["1", "2"],
};
const thanks: TemplateSummary = { name: "thank_you", language: "en_US", body: "Thank you!", placeholders: [] };

function open(list: () => Promise<unknown>, onSent = vi.fn(), locale?: "en" | "id") {
  const fake = new FakeConvex();
  fake.fn(api.templates.list).mockImplementation(list);
  renderWithConvex(<TemplatePicker conversationId={conversationId} onSent={onSent} />, {
    fake,
    role: "staff",
    locale,
  });
  return { fake, onSent, send: fake.fn(api.templates.send) };
}

describe("TemplatePicker", () => {
  it("shows loading, then the workspace's templates", async () => {
    let resolve: (value: TemplateSummary[]) => void = () => {};
    const { fake } = open(() => new Promise((r) => (resolve = r)));
    expect(screen.getByRole("status")).toHaveTextContent("Loading templates…");
    resolve([orderUpdate, thanks]);
    const select = await screen.findByRole("combobox", { name: "Template" });
    expect([...select.querySelectorAll("option")].map((o) => o.textContent)).toEqual([
      "Choose a template…",
      "order_update (id)",
      "thank_you (en_US)",
    ]);
    expect(fake.fn(api.templates.list)).toHaveBeenCalledWith({ workspaceId: TEST_WORKSPACE_ID });
  });

  it("says when there are no approved templates", async () => {
    open(async () => []);
    expect(await screen.findByText("No approved templates")).toBeInTheDocument();
  });

  it("shows Kapso's refusal in plain words and can try again", async () => {
    const list = vi
      .fn()
      .mockRejectedValueOnce(
        new ConvexError({ code: "NOT_CONFIGURED", message: "This workspace has no Kapso API key yet." }),
      )
      .mockResolvedValueOnce([thanks]);
    open(list);
    expect(await screen.findByRole("alert")).toHaveTextContent("This workspace has no Kapso API key yet.");
    await userEvent.click(screen.getByRole("button", { name: "Try again" }));
    expect(await screen.findByRole("combobox", { name: "Template" })).toBeInTheDocument();
  });

  it("previews the body, asks for each parameter by name, and sends", async () => {
    const user = userEvent.setup();
    const { send, onSent } = open(async () => [orderUpdate, thanks]);
    await user.selectOptions(await screen.findByRole("combobox", { name: "Template" }), "order_update|id");
    const preview = screen.getByLabelText("Preview");
    expect(preview).toHaveTextContent("Pesanan Anda");
    expect(preview).toHaveTextContent("Halo {{1}}, pesanan {{2}} sudah dikirim.");
    expect(preview).toHaveTextContent("Toko Budi");

    // Empty parameters are refused before anything is sent, each named.
    await user.click(screen.getByRole("button", { name: "Send template" }));
    expect(screen.getAllByRole("alert").map((a) => a.textContent)).toEqual(["Fill in {{1}}.", "Fill in {{2}}."]);
    expect(send).not.toHaveBeenCalled();

    await user.type(screen.getByLabelText("{{1}}"), "Budi");
    await user.type(screen.getByLabelText("{{2}}"), "INV-0042");
    expect(preview).toHaveTextContent("Halo Budi, pesanan INV-0042 sudah dikirim.");
    await user.click(screen.getByRole("button", { name: "Send template" }));
    await waitFor(() => expect(onSent).toHaveBeenCalledOnce());
    expect(send).toHaveBeenCalledWith({
      workspaceId: TEST_WORKSPACE_ID,
      conversationId,
      template: { name: "order_update", language: "id", body: orderUpdate.body },
      parameters: ["Budi", "INV-0042"],
    });
    expect(screen.getByRole("combobox", { name: "Template" })).toHaveValue("");
  });

  it("sends a template without parameters, and shows a refused send", async () => {
    const user = userEvent.setup();
    const { send, onSent } = open(async () => [thanks]);
    send.mockRejectedValueOnce(new ConvexError({ code: "INVALID", message: "This lead has no phone number." }));
    await user.selectOptions(await screen.findByRole("combobox", { name: "Template" }), "thank_you|en_US");
    expect(screen.queryByRole("textbox")).not.toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Send template" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("This lead has no phone number.");
    expect(onSent).not.toHaveBeenCalled();
    expect(send).toHaveBeenCalledWith(expect.objectContaining({ parameters: [] }));
  });
});

describe("TemplatePicker in Indonesian", () => {
  it("says when there are no approved templates", async () => {
    open(async () => [], vi.fn(), "id");
    expect(await screen.findByText("Belum ada templat yang disetujui")).toBeInTheDocument();
    expect(screen.getByText(/Templat dibuat di Kapso atau WhatsApp Manager/)).toBeInTheDocument();
  });

  it("shows the server's refusal in Indonesian by its key, and can try again", async () => {
    const list = vi
      .fn()
      .mockRejectedValueOnce(
        new ConvexError({
          code: "KAPSO_AUTH",
          message: "Kapso refused the API key (HTTP 401), so the templates cannot be listed.",
          key: "errors.inbox.kapsoAuth",
          values: { status: "401" },
        }),
      )
      .mockResolvedValueOnce([thanks]);
    open(list, vi.fn(), "id");
    expect(await screen.findByText("Templat tidak dapat dimuat")).toBeInTheDocument();
    expect(screen.getByRole("alert")).toHaveTextContent(
      "Kapso menolak kunci API (HTTP 401), jadi templat tidak dapat ditampilkan.",
    );
    await userEvent.click(screen.getByRole("button", { name: "Coba lagi" }));
    expect(await screen.findByRole("combobox", { name: "Templat" })).toBeInTheDocument();
  });

  it.each([
    {
      locale: "en" as const,
      choose: "Choose a template…",
      send: "Send template",
      preview: "Preview",
      errors: ["Fill in {{1}}.", "Fill in {{2}}."],
    },
    {
      locale: "id" as const,
      choose: "Pilih templat…",
      send: "Kirim templat",
      preview: "Pratinjau",
      errors: ["Isi {{1}}.", "Isi {{2}}."],
    },
  ])("names the parameters to fill in, in $locale", async ({ locale, choose, send: sendLabel, preview, errors }) => {
    const user = userEvent.setup();
    const { send } = open(async () => [orderUpdate, thanks], vi.fn(), locale);
    const select = await screen.findByRole("combobox");
    expect(select.querySelector("option")).toHaveTextContent(choose);
    await user.selectOptions(select, "order_update|id");
    expect(screen.getByLabelText(preview)).toHaveTextContent("Halo {{1}}, pesanan {{2}} sudah dikirim.");
    await user.click(screen.getByRole("button", { name: sendLabel }));
    expect(screen.getAllByRole("alert").map((a) => a.textContent)).toEqual(errors);
    expect(send).not.toHaveBeenCalled();
  });
});
