import { describe, expect, it } from "vitest";
import { api } from "./_generated/api";
import { asLocalOperator, asUser, createWorkspace, newTest } from "./test.harness";
import { LOCAL_OPERATOR } from "../src/domain/localOperator";

describe("profiles", () => {
  it("keeps each person's language, one row per person, across workspaces", async () => {
    const t = newTest();
    await createWorkspace(t);
    const ana = asUser(t, "user_ana");
    expect(await ana.query(api.profiles.mine, {})).toBeNull();

    await ana.mutation(api.profiles.setLanguage, { language: "id" });
    await ana.mutation(api.profiles.setLanguage, { language: "id" });
    expect(await ana.query(api.profiles.mine, {})).toEqual({ language: "id" });
    expect(await asUser(t, "user_budi").query(api.profiles.mine, {})).toBeNull();

    await ana.mutation(api.profiles.setLanguage, { language: "en" });
    expect(await ana.query(api.profiles.mine, {})).toEqual({ language: "en" });
    expect(await t.run((ctx) => ctx.db.query("profiles").collect())).toHaveLength(1);
  });

  it("gives the local operator a language too, which another issuer's token for the same subject cannot touch", async () => {
    const t = newTest();
    await asLocalOperator(t).mutation(api.profiles.setLanguage, { language: "id" });
    expect(await asLocalOperator(t).query(api.profiles.mine, {})).toEqual({ language: "id" });
    const impostor = t.withIdentity({ subject: LOCAL_OPERATOR.subject, issuer: "https://evil.example" });
    expect(await impostor.query(api.profiles.mine, {})).toBeNull();
    await impostor.mutation(api.profiles.setLanguage, { language: "en" });
    expect(await asLocalOperator(t).query(api.profiles.mine, {})).toEqual({ language: "id" });
  });

  it("lets no anonymous caller read or set one", async () => {
    const t = newTest();
    await expect(t.mutation(api.profiles.setLanguage, { language: "id" })).rejects.toThrow(/Sign in/);
    await expect(t.query(api.profiles.mine, {})).rejects.toThrow(/Sign in/);
    expect(await t.run((ctx) => ctx.db.query("profiles").collect())).toHaveLength(0);
  });

  it("refuses a language the dashboard does not speak, writing nothing", async () => {
    const t = newTest();
    for (const language of ["fr", "ID", "", 1, null]) {
      await expect(asUser(t, "user_ana").mutation(api.profiles.setLanguage, { language } as never)).rejects.toThrow(
        /Validator error/,
      );
    }
    expect(await t.run((ctx) => ctx.db.query("profiles").collect())).toHaveLength(0);
  });
});
