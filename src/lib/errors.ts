import { ConvexError } from "convex/values";

/** The message to show a person for an error thrown by a Convex function or the network. */
export function errorMessage(error: unknown): string {
  if (error instanceof ConvexError) {
    const data = error.data as unknown;
    if (typeof data === "string") {
      return data;
    }
    if (data && typeof data === "object" && "message" in data && typeof data.message === "string") {
      return data.message;
    }
  }
  if (error instanceof Error) {
    // Convex prefixes server errors with request ids and "Uncaught Error:"; keep the sentence.
    const match = /Uncaught (?:Convex)?Error: ([^\n]+)/.exec(error.message);
    return match ? match[1] : error.message;
  }
  return "Something went wrong. Please try again.";
}
