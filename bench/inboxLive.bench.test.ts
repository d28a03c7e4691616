// @vitest-environment node
// Live inbox cost: what one incoming message costs in query re-runs (Convex bills each as a function call)
// with 1, 10 and 50 inbox pages open. The offline backend re-runs a subscription only when a commit wrote
// something it read, as Convex does, and counts every run.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConvexClient } from "convex/browser";
import { getFunctionName } from "convex/server";
import { WebSocket } from "ws";
import type { Id } from "@convex/_generated/dataModel";
import { startOfflineBackend, type OfflineBackend } from "../scripts/offline-backend/backend";
import { freePort } from "../scripts/lib/processes.mjs";
import { createLocalKeys } from "../scripts/lib/localKeys.mjs";
import { inboundText, sendDelivery } from "../scripts/simulate/deliveries";
import { api } from "@convex/_generated/api";
import { mintLocalOperatorToken } from "@/lib/localOperatorToken";
import { conversationPageQueries, inboxPageQueries, type LiveQuery } from "@/components/inbox/liveQueries";

const OPEN_PAGES = [1, 10, 50];
// The message goes to the seeded lead Budi's conversation.
const LEAD = { name: "Budi Santoso", phone: "628139250849" };
const KAPSO_CONVERSATION = "demo-conversation-1";

let backend: OfflineBackend;
let seed: { workspaceId: Id<"workspaces">; webhookSecret: string; phoneNumberId: string };
let token: string;
let sent = 0;

beforeAll(async () => {
  const keys = await createLocalKeys();
  process.env.KAPSO_SECRETS_KEY = keys.kapsoSecretsKey;
  backend = await startOfflineBackend({
    port: await freePort(),
    sitePort: await freePort(),
    localOperatorJwks: keys.jwks,
    log: () => {},
  });
  seed = (await backend.run("seed:demo")) as typeof seed;
  token = await mintLocalOperatorToken(keys.privateJwk);
}, 60_000);

afterAll(async () => {
  await backend?.close();
});

/** Opens a page: one client subscribed to its queries, resolved once each has a first result. */
async function openPage(queries: LiveQuery[]) {
  const client = new ConvexClient(backend.url, {
    webSocketConstructor: WebSocket as unknown as typeof globalThis.WebSocket,
    unsavedChangesWarning: false,
    logger: false,
  });
  client.setAuth(async () => token);
  await Promise.all(
    queries.map(
      ({ query, args }) =>
        new Promise<void>((resolve, reject) => {
          client.onUpdate(query, args, () => resolve(), reject);
        }),
    ),
  );
  return client;
}

/** Waits until the backend has run no subscription for a while: every re-run a commit caused is done. */
async function quiescence() {
  let last = -1;
  let stableSince = Date.now();
  for (;;) {
    const runs = backend.metrics().subscriptionRuns;
    if (runs !== last) {
      last = runs;
      stableSince = Date.now();
    } else if (Date.now() - stableSince > 750) {
      return;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Query re-runs, by function, that one action causes once the backend is quiet again. */
async function costOf(action: () => Promise<unknown>): Promise<Record<string, number>> {
  await quiescence();
  const before = backend.metrics().subscriptionRunsByFunction;
  await action();
  await quiescence();
  const after = backend.metrics().subscriptionRunsByFunction;
  return Object.fromEntries(
    Object.entries(after)
      .map(([fn, runs]) => [fn, runs - (before[fn] ?? 0)] as const)
      .filter(([, runs]) => runs > 0),
  );
}

/** One signed incoming text message to Budi's conversation, through the webhook. */
async function incomingMessage() {
  sent += 1;
  const ctx = { phoneNumberId: seed.phoneNumberId, conversationId: KAPSO_CONVERSATION, lead: LEAD, runId: "B" };
  const answer = await sendDelivery(`${backend.siteUrl}/webhook/kapso`, seed.webhookSecret, {
    label: "inbound text",
    event: "whatsapp.message.received",
    body: inboundText(ctx, `wamid.BENCH${sent}`, Date.now(), `Pesan ${sent}`),
    idempotencyKey: `bench-${sent}`,
  });
  expect(answer.status).toBe(200);
}

type Row = { _id: Id<"conversations">; unread_count: number; lead?: { phone?: string } };

/**
 * Opens the page on 1, 10 and 50 clients and measures one incoming message to Budi's conversation.
 * `open` picks the conversation a conversation page shows; `then` is what one of the pages does after
 * the message (the open thread clearing the badge), measured on its own.
 */
async function measure(
  page: (conversationId: Id<"conversations">) => LiveQuery[],
  open: (row: Row) => boolean = (row) => row.lead?.phone === LEAD.phone,
  then?: (client: ConvexClient, conversationId: Id<"conversations">) => Promise<unknown>,
) {
  const list = inboxPageQueries(seed.workspaceId).find((q) => getFunctionName(q.query) === "conversations:list")!;
  const probe = await openPage([list]);
  const inbox = (await probe.query(list.query, list.args)) as { page: Row[] };
  await probe.close();
  const conversationId = inbox.page.find(open)!._id;
  const rows = [];
  for (const pages of OPEN_PAGES) {
    const clients = await Promise.all(Array.from({ length: pages }, () => openPage(page(conversationId))));
    let byFunction = await costOf(incomingMessage);
    if (then) {
      byFunction = await costOf(() => then(clients[0], conversationId));
    }
    await Promise.all(clients.map((c) => c.close()));
    const calls = Object.values(byFunction).reduce((a, b) => a + b, 0);
    rows.push({ open: pages, calls, byFunction });
  }
  return rows;
}

function print(title: string, rows: Awaited<ReturnType<typeof measure>>) {
  console.log(`\n${title}\nopen pages | query re-runs per message | per page | by query`);
  for (const { open, calls, byFunction } of rows) {
    const detail = Object.entries(byFunction)
      .map(([fn, n]) => `${fn} ${n}`)
      .join(", ");
    console.log(
      `${String(open).padStart(10)} | ${String(calls).padStart(24)} | ${(calls / open).toFixed(2).padStart(8)} | ${detail}`,
    );
  }
}

describe("live inbox: query re-runs per incoming message", () => {
  it("the inbox list page re-runs one query per open page", async () => {
    const rows = await measure(() => inboxPageQueries(seed.workspaceId));
    print("/inbox open on N clients, one message to a listed conversation", rows);
    for (const { open, byFunction } of rows) {
      expect(byFunction).toEqual({
        [getFunctionName(
          inboxPageQueries(seed.workspaceId).find((q) => getFunctionName(q.query) === "conversations:list")!.query,
        )]: open,
      });
    }
  });

  it("the conversation page re-runs the list and the thread per open page, nothing else", async () => {
    const rows = await measure((id) => conversationPageQueries(seed.workspaceId, id));
    print("/inbox/[conversationId] open on N clients, one message to that conversation", rows);
    // The list shares the screen with the thread; the header, lead panel and reply box come with the thread.
    for (const { open, byFunction } of rows) {
      expect(byFunction).toEqual({ "conversations:list": open, "messages:list": open });
    }
  });

  it("a conversation page re-runs only the list for a message to another conversation", async () => {
    const rows = await measure(
      (id) => conversationPageQueries(seed.workspaceId, id),
      (row) => row.lead?.phone !== LEAD.phone,
    );
    print("/inbox/[conversationId] open on N clients, one message to another conversation", rows);
    for (const { open, byFunction } of rows) {
      expect(byFunction).toEqual({ "conversations:list": open });
    }
  });

  it("the thread clearing the badge after the message costs the list and the thread once more per open page", async () => {
    const rows = await measure(
      (id) => conversationPageQueries(seed.workspaceId, id),
      undefined,
      (client, conversationId) =>
        client.mutation(api.conversations.markRead, { workspaceId: seed.workspaceId, conversationId }),
    );
    print("/inbox/[conversationId] open on N clients, one of them marks the message read", rows);
    for (const { open, byFunction } of rows) {
      expect(byFunction).toEqual({ "conversations:list": open, "messages:list": open });
    }
  });
});
