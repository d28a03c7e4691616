import { PageHeader } from "@/components/shell/PageHeader";
import { InboxList } from "@/components/inbox/InboxList";
import { HealthPanel } from "@/components/deliveries/HealthPanel";

export default function InboxPage() {
  return (
    <>
      <HealthPanel compact />
      <PageHeader title="Inbox" description="WhatsApp conversations, newest activity first. Updates live." />
      <InboxList />
    </>
  );
}
