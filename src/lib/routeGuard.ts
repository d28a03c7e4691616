import { NextResponse, type NextRequest } from "next/server";
import { ConvexHttpClient } from "convex/browser";
import { api } from "@convex/_generated/api";
import { isWorkflowType } from "@/domain/workflowSettings";
import { convexUrl } from "./config";

/**
 * The 404 for dashboard URLs whose id names nothing the viewer may open
 * (malformed, unknown, or in another workspace: all alike, so ids cannot be
 * probed). Decided in the proxy because a page that has started streaming can no
 * longer change its status. When the backend cannot be asked, the page renders
 * and shows its own error state.
 */
export async function notFoundResponse(
  request: NextRequest,
  token: () => Promise<string | undefined>,
): Promise<NextResponse | null> {
  const [, section, id, ...rest] = request.nextUrl.pathname.split("/");
  if (!id || rest.length > 0) {
    return null;
  }
  let visible = true;
  if (section === "workflows") {
    visible = isWorkflowType(id);
  } else if (section === "inbox" || section === "contacts") {
    try {
      const client = new ConvexHttpClient(convexUrl, { logger: false });
      const auth = await token();
      if (auth) {
        client.setAuth(auth);
      }
      const check = section === "inbox" ? api.routes.conversationExists : api.routes.leadExists;
      visible = await client.query(check, { id: decodeURIComponent(id) });
    } catch {
      return null;
    }
  }
  // No route has this path, so Next renders the branded not-found page with status 404.
  return visible ? null : NextResponse.rewrite(new URL("/_not-found-resource", request.url));
}
