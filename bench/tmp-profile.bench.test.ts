import { test } from "vitest";
import { convexTest } from "convex-test";
import schema from "../convex/schema";
import { modules } from "../convex/test.setup";
import { internal } from "../convex/_generated/api";
import { parseKapsoDelivery } from "../src/domain/kapsoWebhook";
import { inboundText } from "../tests/convex/kapsoDeliveries";
import { floorRef } from "./ingestionFloor";

const mkT = () => convexTest({ schema, modules: { ...modules, "./benchFloor.ts": () => import("./ingestionFloor") }, transactionLimits: true });
test("profile", async () => {
  const t = mkT(); const f = mkT();
  const a = { name: "B", kapsoPhoneNumberId: "957104384162113", defaultCountry: "ID", timezone: "Asia/Jakarta" };
  await t.mutation(internal.workspaces.create, a); const ws = await f.mutation(internal.workspaces.create, a);
  let seq = 0;
  const mk = () => { seq++; const lead = seq % 100; const phone = `62812${String(lead).padStart(7, "0")}`; return inboundText({ wamid: `w${seq}`, text: `p${seq}`, timestamp: 1764122400 + seq, conversationId: `c${lead}`, phone, from: phone }); };
  for (let block = 0; block < 5; block++) {
    const args = Array.from({ length: 200 }, () => { const p = mk(); const parsed = parseKapsoDelivery({ event: "whatsapp.message.received", payloadVersion: "v2", batchHeader: null, body: p }); if (parsed.kind !== "items") throw 0; return { p, d: { idempotencyKey: `k${seq}`, event: parsed.event, phoneNumberId: parsed.phoneNumberId, outcome: { kind: "items" as const, items: parsed.items } } }; });
    let s = performance.now();
    for (const { d } of args) await t.mutation(internal.ingest.processDelivery, d);
    const real = (performance.now() - s) / 200;
    s = performance.now();
    for (const { p } of args) await f.mutation(floorRef, { workspaceId: ws, phone: p.conversation.phone_number, conversationId: p.conversation.id, messages: [{ wamid: p.message.id, content: p.message.text.body, timestamp: 1 }] });
    const floor = (performance.now() - s) / 200;
    s = performance.now();
    for (let i = 0; i < 200; i++) await t.query(internal.ingest.webhookTarget, { phoneNumberId: "957104384162113" });
    const q = (performance.now() - s) / 200;
    const PR = (globalThis as any).PROF ?? {}; console.log(Object.entries(PR).map(([k, v]) => `${k} ${((v as number) / 200).toFixed(2)}`).join(" ")); for (const k of Object.keys(PR)) PR[k] = 0;
    console.log(`block ${block}: processDelivery ${real.toFixed(2)} floorMutation ${floor.toFixed(2)} ratio ${(real / floor).toFixed(2)} targetQuery ${q.toFixed(2)}`);
  }
});
