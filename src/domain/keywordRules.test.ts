import { describe, expect, it } from "vitest";
import golden from "../../tests/fixtures/keywordRules/kapsoOutput.golden.json";
import { CASES } from "../../tests/fixtures/keywordRules/legacyRuleCases";
import { kapsoInstructions } from "./kapsoInstructions";
import { expectedNodes } from "./kapsoNodes";
import { isLegacyConfig, upgradeConfig, upgradeReplies } from "./keywordRules";
import type { WorkflowConfig } from "./workflowSettings";
import { parseWorkflowConfig } from "./workflowSettingsSchema";
import { translate } from "../../convex/model/i18n";

/** The steps as an English reader sees them (the golden file holds the English the steps rendered before). */
function englishSteps(steps: ReturnType<typeof kapsoInstructions>["steps"]) {
  return steps.map((step) => ({
    ...step,
    text: translate("en", step.text),
    values: step.values.map((v) => ({ ...v, label: typeof v.label === "string" ? v.label : translate("en", v.label) })),
  }));
}

function rendered(c: (typeof CASES)[number]) {
  const config: WorkflowConfig = upgradeConfig(c.config);
  const lastSynced = c.lastSynced ? upgradeConfig(c.lastSynced) : null;
  const current = {
    workflowType: c.type,
    config,
    kapsoWorkflowId: c.kapsoWorkflowId,
    kapsoWorkflowName: "Rules",
    version: 4,
  };
  const r = kapsoInstructions(current, lastSynced);
  return {
    name: c.name,
    json: r.json,
    steps: JSON.stringify(englishSteps(r.steps)),
    changes: JSON.stringify(r.changes),
    nodes: JSON.stringify(expectedNodes(c.type, config)),
  };
}

/** A field's message as the catalogue names it, with the values its sentence shows. */
function ref(name: string, values?: Record<string, unknown>) {
  return expect.objectContaining({
    key: `validation.workflows.${name}`,
    ...(values ? { values: expect.objectContaining(values) } : {}),
  });
}

describe("keyword replies as a list", () => {
  it.each(CASES.map((c, i) => [c.name, i] as const))(
    "%s: workflow JSON, steps and changes are byte-identical to what keyword-keyed rows rendered",
    (_name, i) => {
      expect(rendered(CASES[i])).toEqual(golden[i]);
    },
  );

  it("upgrades keyword-keyed replies in key order and leaves lists alone", () => {
    expect(upgradeReplies({ b: "2", a: "1" })).toEqual([
      { keyword: "b", reply: "2" },
      { keyword: "a", reply: "1" },
    ]);
    const list = [{ keyword: "🎁 hadiah", reply: "x" }];
    expect(upgradeReplies(list)).toEqual(list);
    expect(isLegacyConfig({ auto_reply_templates: { a: "1" } })).toBe(true);
    expect(isLegacyConfig({ auto_reply_templates: list })).toBe(false);
    expect(isLegacyConfig({})).toBe(false);
  });

  it.each(["🎁 hadiah", "café", "$promo", "harga.baru"])("accepts the keyword %s with a reply", (keyword) => {
    const parsed = parseWorkflowConfig("rules_engine", {
      ai_model: "gemini-2.5-flash",
      system_prompt: "Pick",
      temperature: 0,
      max_tokens: 10,
      keywords: [keyword],
      auto_reply_templates: [{ keyword: ` ${keyword.toUpperCase()} `, reply: "Hi" }],
    });
    expect(parsed).toEqual({
      ok: true,
      config: expect.objectContaining({ auto_reply_templates: [{ keyword, reply: "Hi" }] }),
    });
  });

  it("refuses two replies for one keyword and reports a bad reply under its keyword", () => {
    const base = { ai_model: "m", system_prompt: "p", temperature: 0, max_tokens: 1, keywords: ["promo"] };
    expect(
      parseWorkflowConfig("rules_engine", {
        ...base,
        auto_reply_templates: [
          { keyword: "promo", reply: "a" },
          { keyword: "PROMO", reply: "b" },
        ],
      }),
    ).toMatchObject({ ok: false, errors: { "auto_reply_templates.PROMO": ref("replyTwice", { keyword: "PROMO" }) } });
    expect(
      parseWorkflowConfig("rules_engine", { ...base, auto_reply_templates: [{ keyword: "promo", reply: " " }] }),
    ).toMatchObject({
      ok: false,
      errors: { "auto_reply_templates.promo": ref("replyEmpty") },
    });
  });
});
