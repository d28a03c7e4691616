import { describe, expect, test } from "vitest";
import {
  activityChanges,
  replyOutcomeChanges,
  type ActivityMessage,
  type ConversationActivity,
  type LeadActivity,
} from "./activity";
import { seededRandom } from "../../tests/seededRandom";

function applyAll(messages: ActivityMessage[]) {
  let lead: LeadActivity = { lastActivityAt: 0 };
  let conversation: ConversationActivity = { last_active_at: 0, unread_count: 0 };
  for (const m of messages) {
    const changes = activityChanges(lead, conversation, m);
    lead = { ...lead, ...changes.lead };
    conversation = { ...conversation, ...changes.conversation };
  }
  return { lead, conversation };
}

describe("activityChanges", () => {
  test("a late older message moves nothing back but is still unread", () => {
    const state = applyAll([
      { direction: "inbound", timestamp: 2000, preview: "new", isNew: true },
      { direction: "inbound", timestamp: 1000, preview: "old", isNew: true },
    ]);
    expect(state.conversation).toMatchObject({
      last_message_preview: "new",
      last_message_at: 2000,
      last_active_at: 2000,
      unread_count: 2,
    });
    expect(state.lead).toEqual({ lastActivityAt: 2000, last_inbound_at: 2000 });
  });

  test("an outbound reply clears waiting_for_reply; an older one does not", () => {
    const inbound: ActivityMessage = { direction: "inbound", timestamp: 2000, preview: "q", isNew: true };
    expect(
      applyAll([inbound, { direction: "outbound", timestamp: 3000, preview: "a", isNew: true }]).conversation
        .waiting_for_reply,
    ).toBe(false);
    expect(
      applyAll([inbound, { direction: "outbound", timestamp: 1000, preview: "a", isNew: true }]).conversation
        .waiting_for_reply,
    ).toBe(true);
  });

  test("an adopted reply is not unread and leaves last_inbound_at alone", () => {
    const state = applyAll([{ direction: "outbound", timestamp: 5, preview: "a", isNew: false }]);
    expect(state.conversation.unread_count).toBe(0);
    expect(state.lead.last_inbound_at).toBeUndefined();
  });

  test("any order of the same messages ends in the same state (seeded shuffles)", () => {
    const messages: ActivityMessage[] = Array.from({ length: 12 }, (_, i) => ({
      direction: i % 3 === 0 ? "outbound" : "inbound",
      timestamp: 1000 + Math.floor(i / 2) * 10,
      preview: `m${i}`,
      isNew: true,
    }));
    const expected = applyAll(messages);
    for (let seed = 1; seed <= 200; seed++) {
      const next = seededRandom(seed);
      const shuffled = [...messages].sort(() => next() - 0.5);
      expect(applyAll(shuffled), `seed ${seed}`).toEqual(expected);
    }
  });
});

describe("replyOutcomeChanges", () => {
  const newestReply = {
    status: "active" as const,
    last_active_at: 10,
    last_message_at: 10,
    last_message_direction: "outbound" as const,
    waiting_for_reply: false,
  };
  const cases: Array<[string, Parameters<typeof replyOutcomeChanges>, ReturnType<typeof replyOutcomeChanges>]> = [
    [
      "failed newest reply waits again",
      [newestReply, 10, "failed"],
      { waiting_for_reply: true, reply_problem: "failed" },
    ],
    [
      "unknown newest reply waits again",
      [newestReply, 10, "unknown"],
      { waiting_for_reply: true, reply_problem: "unknown" },
    ],
    ["an older reply changes nothing", [newestReply, 9, "failed"], null],
    ["after an inbound message nothing", [{ ...newestReply, last_message_direction: "inbound" }, 10, "failed"], null],
    [
      "ended: marked, never waiting",
      [{ ...newestReply, status: "ended" }, 10, "failed"],
      {
        waiting_for_reply: false,
        reply_problem: "failed",
      },
    ],
    [
      "sent after all clears the mark",
      [{ ...newestReply, waiting_for_reply: true, reply_problem: "unknown" }, 10, null],
      { waiting_for_reply: false, reply_problem: undefined },
    ],
    [
      "already shown: no write",
      [{ ...newestReply, waiting_for_reply: true, reply_problem: "failed" }, 10, "failed"],
      null,
    ],
  ];
  test.each(cases)("%s", (_label, args, expected) => {
    expect(replyOutcomeChanges(...args)).toEqual(expected);
  });
});
