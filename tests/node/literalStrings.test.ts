import path from "node:path";
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

// The lint rule that keeps person-read text in the catalogues, as the project's config applies it.

const ROOT = path.resolve(import.meta.dirname, "../..");
const eslint = new ESLint({ cwd: ROOT });

async function literalFindings(code: string, file = "src/components/sample/Sample.tsx"): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(ROOT, file) });
  return result.messages.filter((m) => m.ruleId === "i18next/no-literal-string").map((m) => m.message);
}

describe("literal text in components", () => {
  it.each([
    ["text in markup", `export const Sample = () => <p>Save changes</p>;`],
    ["a label people read", `export const Sample = () => <Field label="Name" />;`],
    ["an aria-label", `export const Sample = () => <button aria-label="Close" />;`],
    ["a placeholder", `export const Sample = () => <input placeholder="Search leads" />;`],
    ["a template in markup", "export const Sample = ({ n }: { n: number }) => <p>{`${n} messages`}</p>;"],
  ])(
    "is refused: %s",
    async (_, code) => {
      expect(await literalFindings(code)).toHaveLength(1);
    },
    30_000,
  );

  it.each([
    ["a translated text", `export const Sample = ({ t }: { t: (k: string) => string }) => <p>{t("save")}</p>;`],
    ["class names and types", `export const Sample = () => <input type="text" className="h-8 w-full" />;`],
    ["signs and numbers", `export const Sample = () => <span>· — 42 →</span>;`],
    ["the brand", `export const Sample = () => <span>my21staff</span>;`],
  ])(
    "is allowed: %s",
    async (_, code) => {
      expect(await literalFindings(code)).toEqual([]);
    },
    30_000,
  );

  it("applies to the routes too", async () => {
    expect(
      await literalFindings(`export default function P() { return <h1>Leads</h1>; }`, "src/app/x/page.tsx"),
    ).toHaveLength(1);
  }, 30_000);
});
