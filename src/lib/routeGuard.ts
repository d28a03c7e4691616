import { notFound } from "next/navigation";
import { fetchQuery } from "convex/nextjs";
import type { FunctionReference } from "convex/server";
import { auth } from "@clerk/nextjs/server";
import { clerkEnabled, convexUrl } from "./config";

/**
 * Answers 404 (the branded not-found page) unless the id in the URL names
 * something the viewer may open. Asked on the server so the status is right; when
 * the backend cannot be reached the page renders and shows its own error state.
 */
export async function notFoundUnlessVisible(check: FunctionReference<"query", "public", { id: string }, boolean>, id: string) {
  let visible: boolean;
  try {
    const token = clerkEnabled ? ((await (await auth()).getToken({ template: "convex" })) ?? undefined) : undefined;
    visible = await fetchQuery(check, { id }, { token, url: convexUrl });
  } catch {
    return;
  }
  if (!visible) notFound();
}
