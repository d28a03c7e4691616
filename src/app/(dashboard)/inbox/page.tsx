import { PageHeader } from "@/components/shell/PageHeader";
import { InboxList } from "@/components/inbox/InboxList";

export default function InboxPage() {
  return (
    <>
      <PageHeader title="Inbox" description="WhatsApp conversations, newest activity first. Updates live." />
      <InboxList />
    </>
  );
}
