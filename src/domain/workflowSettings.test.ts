import { replyMap, upgradeReplies } from "./keywordRules";
import { describe, expect, it } from "vitest";
import {
  LIMITS,
  WORKFLOW_TYPES,
  canonicalConfig,
  defaultWorkflowConfig,
  diffConfigs,
  sameConfig,
  type WorkflowConfig,
} from "./workflowSettings";
import { parseWorkflowConfig, parseWorkflowSettings } from "./workflowSettingsSchema";

const rules = (overrides: Partial<WorkflowConfig> = {}) => ({ ...defaultWorkflowConfig("rules_engine"), ...overrides });

/** A field's message as the catalogue names it, with the values its sentence shows. */
function ref(name: string, values?: Record<string, unknown>) {
  return expect.objectContaining({
    key: `validation.workflows.${name}`,
    ...(values ? { values: expect.objectContaining(values) } : {}),
  });
}

describe("workflow config schema", () => {
  it("accepts every default config", () => {
    for (const type of WORKFLOW_TYPES) {
      const parsed = parseWorkflowConfig(type, defaultWorkflowConfig(type));
      expect(parsed).toEqual({ ok: true, config: defaultWorkflowConfig(type) });
    }
  });

  it("enforces Kapso's ranges and names each field", () => {
    const parsed = parseWorkflowConfig("sarah", {
      ai_model: "gemini 2.5",
      system_prompt: "x".repeat(LIMITS.systemPromptMax + 1),
      temperature: 1.01,
      max_tokens: 12.5,
    });
    expect(parsed.ok).toBe(false);
    if (parsed.ok) {
      return;
    }
    expect(Object.keys(parsed.errors)).toEqual(["ai_model", "system_prompt", "temperature", "max_tokens"]);
    expect(parsed.errors.temperature).toEqual(ref("temperatureRange"));
    expect(parsed.errors.max_tokens).toEqual(ref("maxTokensWhole"));
    expect(parsed.errors.system_prompt).toEqual(ref("promptTooLong", { maximum: LIMITS.systemPromptMax }));
  });

  it("accepts the edges of the ranges and rejects just outside them", () => {
    const base = defaultWorkflowConfig("brain");
    expect(parseWorkflowConfig("brain", { ...base, temperature: 0, max_tokens: 1 }).ok).toBe(true);
    expect(parseWorkflowConfig("brain", { ...base, temperature: 1, max_tokens: LIMITS.maxTokensMax }).ok).toBe(true);
    expect(parseWorkflowConfig("brain", { ...base, temperature: -0.01 }).ok).toBe(false);
    expect(parseWorkflowConfig("brain", { ...base, max_tokens: 0 }).ok).toBe(false);
    expect(parseWorkflowConfig("brain", { ...base, max_tokens: LIMITS.maxTokensMax + 1 }).ok).toBe(false);
    expect(parseWorkflowConfig("brain", { ...base, temperature: Number.NaN })).toMatchObject({
      ok: false,
      errors: { temperature: ref("temperatureNotNumber") },
    });
  });

  it("trims text and refuses blank prompts", () => {
    const parsed = parseWorkflowConfig("sarah", {
      ...defaultWorkflowConfig("sarah"),
      system_prompt: "  Hi  ",
      ai_model: " grok-4.1-fast ",
    });
    expect(parsed).toMatchObject({ ok: true, config: { system_prompt: "Hi", ai_model: "grok-4.1-fast" } });
    expect(parseWorkflowConfig("sarah", { ...defaultWorkflowConfig("sarah"), system_prompt: "   " })).toMatchObject({
      ok: false,
      errors: { system_prompt: ref("promptRequired") },
    });
  });

  it("allows keywords and templates only for the rules engine", () => {
    expect(parseWorkflowConfig("sarah", { ...defaultWorkflowConfig("sarah"), keywords: ["promo"] })).toMatchObject({
      ok: false,
      errors: { keywords: ref("keywordsRulesOnly") },
    });
    expect(
      parseWorkflowConfig("brain", { ...defaultWorkflowConfig("brain"), auto_reply_templates: upgradeReplies({}) }).ok,
    ).toBe(false);
    expect(parseWorkflowConfig("rules_engine", { ...defaultWorkflowConfig("sarah") })).toMatchObject({
      ok: false,
      errors: { keywords: ref("keywordsNotList") },
    });
    expect(parseWorkflowConfig("sarah", { ...defaultWorkflowConfig("sarah"), extra: 1 })).toMatchObject({
      ok: false,
      errors: { config: ref("unknownSetting", { keys: "extra" }) },
    });
  });

  it("requires non-empty, unique (case-insensitive) keywords, trimmed", () => {
    expect(parseWorkflowConfig("rules_engine", rules({ keywords: [] }))).toMatchObject({
      ok: false,
      errors: { keywords: ref("keywordsRequired") },
    });
    const parsed = parseWorkflowConfig(
      "rules_engine",
      rules({ keywords: ["harga", " ", "Harga ", "default"], auto_reply_templates: upgradeReplies({}) }),
    );
    expect(parsed).toMatchObject({
      ok: false,
      errors: {
        "keywords.1": ref("keywordEmpty"),
        "keywords.2": ref("keywordTwice", { keyword: "Harga" }),
      },
    });
    expect(
      parseWorkflowConfig("rules_engine", rules({ keywords: ["Default"], auto_reply_templates: upgradeReplies({}) })),
    ).toMatchObject({
      ok: false,
      errors: { "keywords.0": ref("keywordReserved", { keyword: "default" }) },
    });
    expect(
      parseWorkflowConfig(
        "rules_engine",
        rules({ keywords: ["a b", "a-b"], auto_reply_templates: upgradeReplies({}) }),
      ),
    ).toMatchObject({
      ok: false,
      errors: { "keywords.1": ref("keywordSameNode", { other: "a b", keyword: "a-b", node: "reply_a_b" }) },
    });
  });

  it("keys replies by the keyword's spelling and rejects replies without a keyword", () => {
    const parsed = parseWorkflowConfig(
      "rules_engine",
      rules({ keywords: [" Promo "], auto_reply_templates: upgradeReplies({ promo: " 10% off ", DEFAULT: "Hello" }) }),
    );
    expect(parsed).toMatchObject({
      ok: true,
      config: { keywords: ["Promo"], auto_reply_templates: upgradeReplies({ Promo: "10% off", default: "Hello" }) },
    });
    expect(
      parseWorkflowConfig(
        "rules_engine",
        rules({ keywords: ["promo"], auto_reply_templates: upgradeReplies({ harga: "x", promo: " " }) }),
      ),
    ).toMatchObject({
      ok: false,
      errors: {
        "auto_reply_templates.harga": ref("replyUnknownKeyword", { keyword: "harga" }),
        "auto_reply_templates.promo": ref("replyEmpty"),
      },
    });
  });

  it("validates the Kapso workflow reference with the settings", () => {
    const parsed = parseWorkflowSettings("sarah", {
      config: { ...defaultWorkflowConfig("sarah"), temperature: 3 },
      kapsoWorkflowId: "abc",
      kapsoWorkflowName: " ",
    });
    expect(parsed).toMatchObject({
      ok: false,
      errors: {
        temperature: ref("temperatureRange", { maximum: 1 }),
        kapsoWorkflowId: ref("workflowIdFormat"),
        kapsoWorkflowName: ref("workflowNameRequired"),
      },
    });
    expect(
      parseWorkflowSettings("sarah", {
        config: defaultWorkflowConfig("sarah"),
        kapsoWorkflowId: "",
        kapsoWorkflowName: "Sarah",
      }).ok,
    ).toBe(true);
  });
});

describe("canonical comparison", () => {
  it("ignores template key order and absent optionals but not keyword order", () => {
    const a = rules({ auto_reply_templates: upgradeReplies({ harga: "1", promo: "2", lokasi: "3" }) });
    const b = rules({ auto_reply_templates: upgradeReplies({ lokasi: "3", promo: "2", harga: "1" }) });
    expect(sameConfig(a, b)).toBe(true);
    expect(JSON.stringify(canonicalConfig(a))).toBe(JSON.stringify(canonicalConfig(b)));
    expect(sameConfig(a, { ...a, keywords: [...a.keywords!].reverse() })).toBe(false);
    expect(
      sameConfig(rules({ auto_reply_templates: upgradeReplies({}) }), rules({ auto_reply_templates: undefined })),
    ).toBe(true);
    expect(sameConfig(a, { ...a, temperature: 0.01 })).toBe(false);
  });
});

describe("diffConfigs", () => {
  it("lists every field when there is nothing to compare with", () => {
    const changes = diffConfigs(null, defaultWorkflowConfig("sarah"));
    expect(changes.map((c) => c.field)).toEqual(["ai_model", "system_prompt", "temperature", "max_tokens"]);
  });

  it("reports field changes, keyword additions/removals/reorders and reply changes", () => {
    const before = rules();
    const after = rules({
      temperature: 0.4,
      keywords: ["promo", "harga", "jam buka"],
      auto_reply_templates: upgradeReplies({
        harga: replyMap(before.auto_reply_templates).get("harga")!,
        promo: "Baru!",
        "jam buka": "09-21",
      }),
    });
    expect(diffConfigs(before, after)).toEqual([
      { field: "temperature", label: "Temperature", before: 0, after: 0.4 },
      { field: "keywords", label: "Keywords", added: ["jam buka"], removed: ["lokasi"], reordered: true },
      {
        field: "auto_reply_templates",
        label: 'Auto-reply "jam buka"',
        key: "jam buka",
        before: undefined,
        after: "09-21",
      },
      {
        field: "auto_reply_templates",
        label: 'Auto-reply "lokasi"',
        key: "lokasi",
        before: replyMap(before.auto_reply_templates).get("lokasi"),
        after: undefined,
      },
      {
        field: "auto_reply_templates",
        label: 'Auto-reply "promo"',
        key: "promo",
        before: replyMap(before.auto_reply_templates).get("promo"),
        after: "Baru!",
      },
    ]);
    expect(diffConfigs(before, rules())).toEqual([]);
  });
});

describe("numbers as typed", () => {
  const base = { ...defaultWorkflowConfig("brain") };
  it.each([
    ["0,5", 0.5],
    ["0.5", 0.5],
    [" 1 ", 1],
    [",5", 0.5],
    ["1.", 1],
  ])("reads temperature %j as %s", (typed, expected) => {
    expect(parseWorkflowConfig("brain", { ...base, temperature: typed })).toMatchObject({
      ok: true,
      config: { temperature: expected },
    });
  });
  it.each(["0x1", "1e0", "1E-1", "Infinity", "0.5.1", "0,5,1", "1 000", "½", "0b1"])(
    "refuses temperature %j",
    (typed) => {
      expect(parseWorkflowConfig("brain", { ...base, temperature: typed })).toMatchObject({
        ok: false,
        errors: { temperature: ref("temperatureFormat") },
      });
    },
  );
  it.each(["1e3", "0x10", "1,000", "1.000", "12,5", "-1"])("refuses max tokens %j", (typed) => {
    expect(parseWorkflowConfig("brain", { ...base, max_tokens: typed })).toMatchObject({
      ok: false,
      errors: { max_tokens: ref("maxTokensDigits") },
    });
  });
  it("reads max tokens 1000", () => {
    expect(parseWorkflowConfig("brain", { ...base, max_tokens: "1000" })).toMatchObject({
      ok: true,
      config: { max_tokens: 1000 },
    });
  });
});
