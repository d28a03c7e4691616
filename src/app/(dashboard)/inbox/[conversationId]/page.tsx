import type { Id } from "@convex/_generated/dataModel";
import { api } from "@convex/_generated/api";
import { ConversationView } from "@/components/inbox/ConversationView";
import { notFoundUnlessVisible } from "@/lib/routeGuard";

export default async function ConversationPage({ params }: { params: Promise<{ conversationId: string }> }) {
  const { conversationId } = await params;
  await notFoundUnlessVisible(api.routes.conversationExists, conversationId);
  return <ConversationView conversationId={conversationId as Id<"conversations">} />;
}
