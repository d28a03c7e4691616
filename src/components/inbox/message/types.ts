import type { FunctionReturnType } from "convex/server";
import type { api } from "@convex/_generated/api";

/** One message as the thread query returns it (media_src, quoted, card_leads included). */
export type ThreadMessage = FunctionReturnType<typeof api.messages.list>["page"][number];
