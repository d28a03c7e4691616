// A WhatsApp reaction is its own message pointing at the wamid it reacts to.
// The conversation view shows it on that message instead of as a bubble.

export type ReactionSource = {
  kapso_message_id?: string;
  direction: "inbound" | "outbound";
  timestamp: number;
  reaction_to?: string;
  reaction_emoji?: string;
  /** Reactions already attached by an earlier fold (e.g. by the server, per page). */
  reactions?: AttachedReaction[];
};

export type AttachedReaction = { emoji: string; direction: "inbound" | "outbound" };

export type WithReactions<M> = M & { reactions: AttachedReaction[] };

/**
 * Attaches each reaction to its target when the target is among `messages` and
 * drops it from the list; a reaction whose target is elsewhere stays in the list.
 * Each side keeps only its newest reaction on a message; an empty emoji removes it.
 * Folding again over several pages is safe: a reaction still loose in the list
 * is newer than the ones attached on its target's (older) page, so it replaces them.
 */
export function foldReactions<M extends ReactionSource>(messages: M[]): WithReactions<M>[] {
  const present = new Set(messages.flatMap((m) => (m.kapso_message_id ? [m.kapso_message_id] : [])));
  const newest = new Map<string, M>(); // key: target + direction
  for (const m of messages) {
    if (!m.reaction_to || !present.has(m.reaction_to)) {
      continue;
    }
    const key = `${m.reaction_to}\u0000${m.direction}`;
    const seen = newest.get(key);
    if (!seen || seen.timestamp <= m.timestamp) {
      newest.set(key, m);
    }
  }
  // target wamid -> direction -> emoji ("" = removed)
  const byTarget = new Map<string, Map<AttachedReaction["direction"], string>>();
  for (const [key, m] of newest) {
    const target = key.split("\u0000")[0];
    const sides = byTarget.get(target) ?? new Map();
    sides.set(m.direction, m.reaction_emoji ?? "");
    byTarget.set(target, sides);
  }
  return messages
    .filter((m) => !(m.reaction_to && present.has(m.reaction_to)))
    .map((m) => {
      const sides = m.kapso_message_id ? byTarget.get(m.kapso_message_id) : undefined;
      const kept = (m.reactions ?? []).filter((r) => !sides?.has(r.direction));
      const added = [...(sides ?? [])].flatMap(([direction, emoji]) => (emoji ? [{ emoji, direction }] : []));
      return { ...m, reactions: [...kept, ...added] };
    });
}
