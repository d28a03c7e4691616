import { NoConversationSelected } from "@/components/inbox/NoConversationSelected";

export default function InboxPage() {
  return <NoConversationSelected />;
}
