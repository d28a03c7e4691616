import type { MessageKey, MessageRef, MessageValues } from "./messageRef";

// The shared Zod schemas give their messages as catalogue keys ("validation.nameRequired"); the limits the
// sentence names come from the issue itself (its minimum or maximum) or from a refinement's params.

type Issue = { message: string; minimum?: unknown; maximum?: unknown; params?: unknown };

function isValidationKey(message: string): message is MessageKey {
  return message.startsWith("validation.");
}

function numberOf(value: unknown): number | undefined {
  return typeof value === "number" || typeof value === "bigint" ? Number(value) : undefined;
}

/** The message of one Zod issue, in no language yet. Zod's own English (a wrong type) reads as "not valid". */
export function issueRef(issue: Issue): MessageRef {
  if (!isValidationKey(issue.message)) {
    return { key: "validation.invalid" };
  }
  const values: MessageValues = {};
  const minimum = numberOf(issue.minimum);
  const maximum = numberOf(issue.maximum);
  if (minimum !== undefined) {
    values.minimum = minimum;
  }
  if (maximum !== undefined) {
    values.maximum = maximum;
  }
  if (issue.params && typeof issue.params === "object") {
    for (const [name, value] of Object.entries(issue.params)) {
      if (typeof value === "string" || typeof value === "number") {
        values[name] = value;
      }
    }
  }
  return { key: issue.message, values };
}
