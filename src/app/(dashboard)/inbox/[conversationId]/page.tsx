import type { Id } from "@convex/_generated/dataModel";
import { ConversationView } from "@/components/inbox/ConversationView";

export default async function ConversationPage({ params }: { params: Promise<{ conversationId: string }> }) {
  const { conversationId } = await params;
  // The id is checked by Convex's validator; a bad one shows the view's error state.
  return <ConversationView conversationId={conversationId as Id<"conversations">} />;
}
