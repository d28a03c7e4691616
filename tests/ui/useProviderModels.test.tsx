import * as React from "react";
import { screen, waitFor } from "./rtl";
import { describe, expect, it } from "vitest";
import { api } from "@convex/_generated/api";
import { useProviderModels } from "@/components/workflows/useProviderModels";
import { FakeConvex, renderWithConvex, TEST_WORKSPACE_ID } from "./fakeConvex";

function ModelList() {
  const { models, source, loading, note } = useProviderModels();
  return (
    <div>
      <p>{loading ? "loading" : `source:${source}`}</p>
      {note && <p>{note}</p>}
      <ul aria-label="models">
        {models.map((m) => (
          <li key={m.name}>{m.name}</li>
        ))}
      </ul>
    </div>
  );
}

const names = () => screen.getAllByRole("listitem").map((li) => li.textContent);

describe("useProviderModels", () => {
  it("offers Kapso's provider models once the action answers, built-in names until then", async () => {
    const fake = new FakeConvex();
    let resolve!: (v: unknown) => void;
    fake.fn(api.kapsoSync.providerModels).mockImplementationOnce(() => new Promise((r) => (resolve = r)));
    renderWithConvex(<ModelList />, { fake });
    expect(screen.getByText("loading")).toBeInTheDocument();
    expect(names()).toEqual(["gemini-2.5-flash", "grok-4.1-fast"]);
    expect(fake.fn(api.kapsoSync.providerModels)).toHaveBeenCalledWith({ workspaceId: TEST_WORKSPACE_ID });
    resolve({
      source: "kapso",
      note: null,
      models: [{ id: "m1", name: "claude-sonnet-4-20250514", provider: "anthropic" }],
    });
    expect(await screen.findByText("source:kapso")).toBeInTheDocument();
    expect(names()).toEqual(["claude-sonnet-4-20250514"]);
  });

  it.each([
    { locale: "en", note: "Kapso's model list could not be loaded." },
    { locale: "id", note: "Daftar model Kapso tidak dapat dimuat." },
  ] as const)("keeps the built-in list, with a note in $locale, when Kapso's list cannot be loaded", async (c) => {
    const fake = new FakeConvex();
    fake.fn(api.kapsoSync.providerModels).mockRejectedValueOnce(new Error("network"));
    renderWithConvex(<ModelList />, { fake, locale: c.locale });
    await waitFor(() => expect(screen.getByText("source:builtin")).toBeInTheDocument());
    expect(screen.getByText(c.note)).toBeInTheDocument();
    expect(names()).toEqual(["gemini-2.5-flash", "grok-4.1-fast"]);
  });
});
