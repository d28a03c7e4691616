import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { api } from "./_generated/api";
import { FIXTURE_PHONE_NUMBER_ID, asUser, createOutsiderWorkspace, createWorkspace, newTest } from "./test.harness";
import { addMember, messagesOf, seedLead } from "../tests/convex/inboxSeed";
import { fakeKapsoPerFile, type KapsoAnswer } from "../tests/node/kapsoServer";
import { REPLY_WINDOW_MS } from "../src/domain/replyWindow";

const WABA = "102290129340398";

const kapso = fakeKapsoPerFile();
beforeEach(() => {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
  vi.stubEnv("KAPSO_API_BASE_URL", kapso.url);
  vi.stubEnv("KAPSO_API_KEY", "test-key");
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllEnvs();
});

async function setup() {
  const t = newTest();
  const workspaceId = await createWorkspace(t);
  await addMember(t, workspaceId, "user_staff", "staff");
  // Outside the 24-hour window: only a template can reach this lead.
  const lead = await seedLead(t, workspaceId, {
    name: "Budi",
    phone: "628139250849",
    waiting: true,
    lastInboundAt: Date.now() - REPLY_WINDOW_MS - 60 * 60 * 1000,
  });
  return { t, workspaceId, lead };
}

const phoneNumbers: KapsoAnswer = {
  status: 200,
  body: { data: [{ phone_number_id: FIXTURE_PHONE_NUMBER_ID, business_account_id: WABA }] },
};

const listed = {
  data: [
    {
      id: "1",
      name: "order_update",
      language: "id",
      status: "APPROVED",
      category: "UTILITY",
      components: [
        { type: "HEADER", format: "TEXT", text: "Pesanan Anda" },
        { type: "BODY", text: "Halo {{1}}, pesanan {{2}} sudah dikirim." },
        { type: "FOOTER", text: "Toko Budi" },
      ],
    },
    {
      id: "2",
      name: "appointment",
      language: "en_US",
      status: "APPROVED",
      components: [{ type: "BODY", text: "Hi {{customer_name}}, see you at {{time}}." }],
    },
    { id: "3", name: "draft_promo", language: "id", status: "PENDING", components: [{ type: "BODY", text: "Promo" }] },
    {
      id: "4",
      name: "catalogue",
      language: "id",
      status: "APPROVED",
      components: [
        { type: "HEADER", format: "IMAGE" },
        { type: "BODY", text: "Lihat katalog kami" },
      ],
    },
  ],
};

describe("templates.list", () => {
  it("lists the approved templates the inbox can send, through Kapso with the workspace's key", async () => {
    const { t, workspaceId } = await setup();
    kapso.script(phoneNumbers, { status: 200, body: listed });
    const templates = await asUser(t, "user_staff").action(api.templates.list, { workspaceId });
    expect(templates).toEqual([
      {
        name: "appointment",
        language: "en_US",
        body: "Hi {{customer_name}}, see you at {{time}}.",
        placeholders: ["customer_name", "time"],
      },
      {
        name: "order_update",
        language: "id",
        category: "UTILITY",
        header: "Pesanan Anda",
        body: "Halo {{1}}, pesanan {{2}} sudah dikirim.",
        footer: "Toko Budi",
        placeholders: ["1", "2"],
      },
    ]);
    const [lookup, list] = kapso.requests;
    expect(lookup.url).toMatch(/^\/platform\/v1\/whatsapp\/phone_numbers\?phone_number_id=957104384162113/);
    expect(list.url).toBe(`/meta/whatsapp/v23.0/${WABA}/message_templates?limit=100&status=APPROVED`);
    expect([lookup.headers["x-api-key"], list.headers["x-api-key"]]).toEqual(["test-key", "test-key"]);
  });

  it("says plainly when there is no Kapso key, without calling Kapso", async () => {
    vi.stubEnv("KAPSO_API_KEY", "");
    const { t, workspaceId } = await setup();
    kapso.script(phoneNumbers);
    await expect(asUser(t, "user_staff").action(api.templates.list, { workspaceId })).rejects.toThrow(
      /no Kapso API key yet\. An admin can add it in Settings/,
    );
    expect(kapso.requests).toHaveLength(0);
  });

  it.each<{ name: string; answers: KapsoAnswer[]; error: RegExp }>([
    {
      name: "Kapso refuses the key",
      answers: [{ status: 401, body: { error: "bad key" } }],
      error: /refused the API key/,
    },
    {
      name: "Kapso refuses the template list",
      answers: [phoneNumbers, { status: 403, body: { error: { message: "forbidden", code: 200 } } }],
      error: /refused the API key \(HTTP 403\)/,
    },
    {
      name: "the number is not in the key's project",
      answers: [{ status: 200, body: { data: [] } }],
      error: /no WhatsApp number 957104384162113 for this API key/,
    },
  ])("explains when $name", async ({ answers, error }) => {
    const { t, workspaceId } = await setup();
    kapso.script(...answers);
    await expect(asUser(t, "user_staff").action(api.templates.list, { workspaceId })).rejects.toThrow(error);
  });

  it("is for members only", async () => {
    const { t, workspaceId } = await setup();
    await createOutsiderWorkspace(t);
    await expect(asUser(t, "user_outsider").action(api.templates.list, { workspaceId })).rejects.toThrow(
      /not a member/,
    );
  });
});

const orderUpdate = { name: "order_update", language: "id", body: "Halo {{1}}, pesanan {{2}} sudah dikirim." };

describe("templates.send", () => {
  it.each<{ name: string; template?: typeof orderUpdate; parameters: string[]; error: RegExp }>([
    { name: "a missing parameter", parameters: ["Budi"], error: /This template takes 2 parameters, not 1/ },
    { name: "an empty parameter", parameters: ["Budi", "  "], error: /Fill in \{\{2\}\}/ },
    {
      name: "an over-long parameter",
      parameters: ["x".repeat(1025), "INV-1"],
      error: /\{\{1\}\} is at most 1024 characters/,
    },
    {
      name: "a bad template name",
      template: { ...orderUpdate, name: "Order Update" },
      parameters: ["Budi", "INV-1"],
      error: /template\.name/,
    },
    {
      name: "a bad language",
      template: { ...orderUpdate, language: "" },
      parameters: ["Budi", "INV-1"],
      error: /template\.language/,
    },
  ])("refuses $name, naming it, and writes nothing", async ({ template = orderUpdate, parameters, error }) => {
    const { t, workspaceId, lead } = await setup();
    const before = await t.run((ctx) => ctx.db.get("conversations", lead.conversationId));
    await expect(
      asUser(t, "user_staff").mutation(api.templates.send, {
        workspaceId,
        conversationId: lead.conversationId,
        template,
        parameters,
      }),
    ).rejects.toThrow(error);
    expect(await messagesOf(t, lead.conversationId)).toHaveLength(0);
    expect(await t.run((ctx) => ctx.db.get("conversations", lead.conversationId))).toEqual(before);
  });

  it("sends outside the 24-hour window: pending at once, waiting cleared, then sent through the SDK", async () => {
    const { t, workspaceId, lead } = await setup();
    const messageId = await asUser(t, "user_staff").mutation(api.templates.send, {
      workspaceId,
      conversationId: lead.conversationId,
      template: orderUpdate,
      parameters: [" Budi ", "INV-0042"],
    });
    const [row] = await messagesOf(t, lead.conversationId);
    expect(row).toMatchObject({
      _id: messageId,
      direction: "outbound",
      type: "template",
      status: "pending",
      content: "Halo Budi, pesanan INV-0042 sudah dikirim.",
      details: { template: { name: "order_update", language: "id", parameters: ["Budi", "INV-0042"] } },
      sent_by: "user_staff",
    });
    expect(await t.run((ctx) => ctx.db.get("conversations", lead.conversationId))).toMatchObject({
      waiting_for_reply: false,
      last_message_direction: "outbound",
    });

    kapso.script({ status: 200, body: { messaging_product: "whatsapp", messages: [{ id: "wamid.TPL1" }] } });
    vi.advanceTimersByTime(1);
    await t.finishInProgressScheduledFunctions();
    expect(kapso.requests).toHaveLength(1);
    const [request] = kapso.requests;
    expect(request.url).toBe(`/meta/whatsapp/v23.0/${FIXTURE_PHONE_NUMBER_ID}/messages`);
    expect(JSON.parse(request.body)).toMatchObject({
      to: "628139250849",
      type: "template",
      template: {
        name: "order_update",
        language: { code: "id" },
        components: [
          {
            type: "body",
            parameters: [
              { type: "text", text: "Budi" },
              { type: "text", text: "INV-0042" },
            ],
          },
        ],
      },
    });
    expect(await t.run((ctx) => ctx.db.get("messages", messageId))).toMatchObject({
      status: "sent",
      kapso_message_id: "wamid.TPL1",
    });
  });

  it("sends named placeholders with their names", async () => {
    const { t, workspaceId, lead } = await setup();
    await asUser(t, "user_staff").mutation(api.templates.send, {
      workspaceId,
      conversationId: lead.conversationId,
      template: { name: "appointment", language: "en_US", body: "Hi {{customer_name}}, see you at {{time}}." },
      parameters: ["Budi", "10:00"],
    });
    kapso.script({ status: 200, body: { messages: [{ id: "wamid.TPL2" }] } });
    vi.advanceTimersByTime(1);
    await t.finishInProgressScheduledFunctions();
    expect(JSON.parse(kapso.requests[0].body).template.components[0].parameters).toEqual([
      { type: "text", text: "Budi", parameter_name: "customer_name" },
      { type: "text", text: "10:00", parameter_name: "time" },
    ]);
  });

  it("is for members only", async () => {
    const { t, workspaceId, lead } = await setup();
    await createOutsiderWorkspace(t);
    await expect(
      asUser(t, "user_outsider").mutation(api.templates.send, {
        workspaceId,
        conversationId: lead.conversationId,
        template: orderUpdate,
        parameters: ["Budi", "INV-1"],
      }),
    ).rejects.toThrow(/not a member/);
    expect(await messagesOf(t, lead.conversationId)).toHaveLength(0);
  });
});
