import type { Id } from "@convex/_generated/dataModel";
import { ConversationView } from "@/components/inbox/ConversationView";

export default async function ConversationPage({ params }: { params: Promise<{ conversationId: string }> }) {
  const { conversationId } = await params;
  // Unknown and foreign ids get a 404 from the proxy (src/lib/routeGuard.ts) before this renders.
  return <ConversationView conversationId={conversationId as Id<"conversations">} />;
}
