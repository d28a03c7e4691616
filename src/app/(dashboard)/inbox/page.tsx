import { NoConversationSelected } from "@/components/inbox/ConversationView";

export default function InboxPage() {
  return <NoConversationSelected />;
}
