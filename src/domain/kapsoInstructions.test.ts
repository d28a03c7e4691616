import { replyMap, upgradeReplies } from "./keywordRules";
import { describe, expect, it } from "vitest";
import { kapsoInstructions, workflowJson, type CurrentSettings } from "./kapsoInstructions";
import { defaultWorkflowConfig, type WorkflowConfig, type WorkflowType } from "./workflowSettings";
import { messageRef, type MessageRef } from "../i18n/messageRef";
import { translate } from "../../convex/model/i18n";

const en = (ref: MessageRef) => translate("en", ref);
const id = (ref: MessageRef) => translate("id", ref);

const ID = "6cae069e-7d5c-4fbb-834d-79e1f66e4672";

function settings(type: WorkflowType, config: Partial<WorkflowConfig> = {}, version = 3): CurrentSettings {
  return {
    workflowType: type,
    config: { ...defaultWorkflowConfig(type), ...config },
    kapsoWorkflowId: ID,
    kapsoWorkflowName: "My flow",
    version,
  };
}

describe("kapsoInstructions for agent workflows", () => {
  for (const type of ["sarah", "brain"] as const) {
    it(`${type}: numbered steps with every agent field and its exact value when never synced`, () => {
      const current = settings(type);
      const result = kapsoInstructions(current, null);
      expect(result.neverSynced).toBe(true);
      expect(result.steps.map((s) => s.number)).toEqual([1, 2, 3, 4, 5, 6]);
      expect(result.steps[0].values).toEqual([
        { label: messageRef("instructions.labels.workflowName"), value: "My flow" },
        { label: messageRef("instructions.labels.workflowId"), value: ID },
      ]);
      const fieldSteps = result.steps.slice(1, 5);
      expect(fieldSteps.every((s) => s.nodeId === "agent" && s.change === "changed")).toBe(true);
      expect(fieldSteps.map((s) => [s.field, s.values[0].value])).toEqual([
        ["System prompt", current.config.system_prompt],
        ["Model", current.config.ai_model],
        ["Temperature", String(current.config.temperature)],
        ["Max tokens", String(current.config.max_tokens)],
      ]);
      expect(en(fieldSteps[0].text)).toContain("system_prompt");
      expect(en(fieldSteps[1].text)).toContain("provider_model_name");
      expect(en(result.steps[5].text)).toContain("version 3");
      expect(result.fileName).toBe(`kapso-${type}-v3.json`);
    });
  }

  it("lists what changed since the last sync first", () => {
    const lastSynced = defaultWorkflowConfig("sarah");
    const result = kapsoInstructions(settings("sarah", { temperature: 0.2 }), lastSynced);
    expect(result.changes).toEqual([{ field: "temperature", label: "Temperature", before: 0.7, after: 0.2 }]);
    expect(result.steps.map((s) => [s.field ?? null, s.change])).toEqual([
      [null, "context"],
      ["Temperature", "changed"],
      ["System prompt", "unchanged"],
      ["Model", "unchanged"],
      ["Max tokens", "unchanged"],
      [null, "context"],
    ]);
  });

  it("says to create the workflow when no Kapso id is linked", () => {
    const result = kapsoInstructions({ ...settings("brain"), kapsoWorkflowId: "" }, null);
    expect(en(result.steps[0].text)).toContain("create it if it does not exist");
    expect(result.steps[0].values).toEqual([
      { label: messageRef("instructions.labels.workflowName"), value: "My flow" },
    ]);
  });
});

describe("kapsoInstructions for the rules engine", () => {
  it("maps keywords to decide conditions and templates to send_text messages", () => {
    const result = kapsoInstructions(settings("rules_engine"), null);
    const conditions = result.steps.filter((s) => s.field === "Conditions");
    expect(conditions.map((s) => s.values[0].value)).toEqual(["harga", "promo", "lokasi"]);
    expect(conditions.every((s) => s.nodeId === "decide_keywords")).toBe(true);
    const replies = result.steps.filter((s) => s.field === "Message");
    expect(replies.map((s) => [s.nodeId, s.values[0].value])).toEqual([
      ["reply_harga", replyMap(defaultWorkflowConfig("rules_engine").auto_reply_templates).get("harga")],
      ["reply_promo", replyMap(defaultWorkflowConfig("rules_engine").auto_reply_templates).get("promo")],
      ["reply_lokasi", replyMap(defaultWorkflowConfig("rules_engine").auto_reply_templates).get("lokasi")],
    ]);
    const llm = result.steps.filter((s) => s.nodeId === "decide_keywords" && s.field !== "Conditions");
    expect(llm.map((s) => s.field)).toEqual(["Model", "Prompt", "Temperature", "Max tokens"]);
  });

  it("puts changes first and says what to delete", () => {
    const lastSynced = defaultWorkflowConfig("rules_engine");
    const current = settings("rules_engine", {
      keywords: ["harga", "promo", "jam"],
      auto_reply_templates: upgradeReplies({
        harga: replyMap(lastSynced.auto_reply_templates).get("harga")!,
        promo: "Baru!",
        jam: "09-21",
      }),
    });
    const result = kapsoInstructions(current, lastSynced);
    const body = result.steps.slice(1, -1);
    expect(body.map((s) => [s.change, s.field, s.values[0].value])).toEqual([
      ["changed", "Conditions", "jam"],
      ["changed", "Message", "Baru!"],
      ["changed", "Message", "09-21"],
      ["removed", "Conditions", "lokasi"],
      ["unchanged", "Model", current.config.ai_model],
      ["unchanged", "Prompt", current.config.system_prompt],
      ["unchanged", "Temperature", "0"],
      ["unchanged", "Max tokens", "256"],
      ["unchanged", "Conditions", "harga"],
      ["unchanged", "Conditions", "promo"],
      ["unchanged", "Message", replyMap(lastSynced.auto_reply_templates).get("harga")],
    ]);
    expect(en(body.find((s) => s.change === "removed")!.text)).toContain("reply_lokasi");
  });

  it("tells to delete a reply node whose keyword stays but whose reply was removed", () => {
    const lastSynced = defaultWorkflowConfig("rules_engine");
    const rest = lastSynced.auto_reply_templates!.filter((r) => r.keyword !== "promo");
    const result = kapsoInstructions(settings("rules_engine", { auto_reply_templates: rest }), lastSynced);
    const removed = result.steps.filter((s) => s.change === "removed");
    expect(removed.map((s) => s.values[0].value)).toEqual(["reply_promo"]);
  });
});

describe("workflowJson", () => {
  it("is byte-identical for equal settings, whatever the key order", () => {
    const a = settings("rules_engine", { auto_reply_templates: upgradeReplies({ harga: "1", promo: "2" }) });
    const b = {
      ...settings("rules_engine"),
      config: {
        max_tokens: 256,
        temperature: 0,
        keywords: ["harga", "promo", "lokasi"],
        system_prompt: a.config.system_prompt,
        ai_model: a.config.ai_model,
        auto_reply_templates: upgradeReplies({ promo: "2", harga: "1" }),
      },
    };
    expect(workflowJson(a)).toBe(workflowJson(b));
    expect(workflowJson(a)).not.toBe(workflowJson({ ...a, config: { ...a.config, temperature: 0.1 } }));
    // The version is not part of the settings.
    expect(kapsoInstructions({ ...a, version: 9 }, null).json).toBe(kapsoInstructions(a, null).json);
  });

  it("uses Kapso's definition format with snake_case config and sorted keys", () => {
    const json = JSON.parse(workflowJson(settings("sarah")));
    expect(json.workflow).toEqual({ id: ID, name: "My flow" });
    expect(json.definition.nodes).toEqual([
      {
        id: "agent",
        type: "flow-node",
        position: { x: 400, y: 200 },
        data: {
          node_type: "agent",
          display_name: "Sarah (agent)",
          config: {
            max_tokens: 1024,
            provider_model_name: "gemini-2.5-flash",
            system_prompt: defaultWorkflowConfig("sarah").system_prompt,
            temperature: 0.7,
          },
        },
      },
    ]);
    expect(json.definition.edges).toEqual([]);
    const text = workflowJson(settings("sarah"));
    expect(text.indexOf('"max_tokens"')).toBeLessThan(text.indexOf('"provider_model_name"'));

    const rules = JSON.parse(workflowJson(settings("rules_engine")));
    expect(rules.definition.nodes.map((n: { id: string }) => n.id)).toEqual([
      "decide_keywords",
      "reply_harga",
      "reply_promo",
      "reply_lokasi",
    ]);
    expect(rules.definition.edges[0]).toEqual({
      label: "harga",
      source: "decide_keywords",
      target: "reply_harga",
      type: "default",
    });
  });
});

describe("kapsoInstructions for never-saved defaults", () => {
  it("asks to save first instead of confirming version 0", () => {
    const result = kapsoInstructions(settings("sarah", {}, 0), null);
    const last = en(result.steps.at(-1)!.text);
    expect(last).not.toContain("version 0");
    expect(last).toContain("save these settings");
  });
});

describe("kapsoInstructions in Indonesian", () => {
  const lastSynced = defaultWorkflowConfig("rules_engine");
  const changed = settings("rules_engine", {
    keywords: ["harga", "promo"],
    auto_reply_templates: lastSynced.auto_reply_templates!.filter((r) => r.keyword === "harga"),
  });
  const steps = kapsoInstructions(changed, lastSynced).steps;
  const find = (key: string) => steps.find((s) => s.text.key === `instructions.steps.${key}`)!;
  // The prose is Indonesian; what the person looks for in the Kapso Dashboard stays exactly as Kapso shows it.
  it.each([
    ["openWorkflow", 'Di Kapso Dashboard, buka Workflows lalu buka "My flow" (id ' + ID + ")."],
    ["setField", 'Di node "Keyword decision" (id node decide_keywords), atur Model (provider_model_name) menjadi:'],
    ["condition", "pastikan ada kondisi (Decision type: AI) dengan label dan deskripsi ini:"],
    ["deleteCondition", 'hapus kondisi "lokasi" beserta cabangnya, dan hapus node reply_lokasi jika ada.'],
    [
      "sendText",
      'Tambahkan atau buka node Send text "Reply: harga" (id node reply_harga) di cabang "harga" dari decide_keywords',
    ],
    ["deleteReply", 'Hapus node Send text reply_promo: cabang "promo" tidak lagi mengirim balasan otomatis.'],
    [
      "finish",
      'dengan WhatsApp trigger yang aktif untuk nomor ini. Lalu kembali ke sini dan klik "Saya sudah memperbarui Kapso" untuk versi 3.',
    ],
  ])("%s keeps the Kapso labels verbatim", (key, expected) => {
    const step = find(key);
    expect(id(step.text)).toContain(expected);
    expect(id(step.text)).not.toBe(en(step.text));
  });

  it("names the never-saved defaults' last step in Indonesian", () => {
    const last = kapsoInstructions(settings("sarah", {}, 0), null).steps.at(-1)!.text;
    expect(id(last)).toContain("simpan pengaturan ini (masih nilai bawaan)");
  });
});
