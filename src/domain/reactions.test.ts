import { describe, expect, it } from "vitest";
import { foldReactions, type ReactionSource } from "./reactions";

type M = ReactionSource & { id: string };
const msg = (id: string, timestamp: number, extra: Partial<M> = {}): M => ({
  id,
  kapso_message_id: `wamid.${id}`,
  direction: "inbound",
  timestamp,
  ...extra,
});

describe("foldReactions", () => {
  it("attaches reactions to their target and removes them from the list", () => {
    const out = foldReactions([
      msg("R", 3, { reaction_to: "wamid.Q", reaction_emoji: "👍", direction: "outbound" }),
      msg("Q", 1),
    ]);
    expect(out.map((m) => m.id)).toEqual(["Q"]);
    expect(out[0].reactions).toEqual([{ emoji: "👍", direction: "outbound" }]);
  });
  it("keeps the newest reaction per side, and an empty emoji removes it", () => {
    const out = foldReactions([
      msg("R3", 4, { reaction_to: "wamid.Q", reaction_emoji: "❤️" }),
      msg("R2", 3, { reaction_to: "wamid.Q", reaction_emoji: "👍" }),
      msg("R1", 2, { reaction_to: "wamid.Q", reaction_emoji: "😮", direction: "outbound" }),
      msg("R0", 5, { reaction_to: "wamid.Q", direction: "outbound" }),
      msg("Q", 1),
    ]);
    expect(out).toHaveLength(1);
    expect(out[0].reactions).toEqual([{ emoji: "❤️", direction: "inbound" }]);
  });
  it("leaves a reaction whose target is not loaded in the list, and folds it later across pages", () => {
    const page1 = foldReactions([msg("R2", 9, { reaction_to: "wamid.Q", reaction_emoji: "🔥" }), msg("N", 8)]);
    expect(page1.map((m) => m.id)).toEqual(["R2", "N"]);
    const page2 = foldReactions([msg("R1", 2, { reaction_to: "wamid.Q", reaction_emoji: "👍" }), msg("Q", 1)]);
    expect(page2[0].reactions).toEqual([{ emoji: "👍", direction: "inbound" }]);
    const all = foldReactions([...page1, ...page2]);
    expect(all.map((m) => m.id)).toEqual(["N", "Q"]);
    expect(all[1].reactions).toEqual([{ emoji: "🔥", direction: "inbound" }]);
  });
});
