import { PageHeader } from "@/components/shell/PageHeader";
import { LeadsList } from "@/components/leads/LeadsList";

export default function LeadsPage() {
  return (
    <>
      <PageHeader title="Leads" description="Everyone who wrote to your WhatsApp number, most recent activity first." />
      <LeadsList />
    </>
  );
}
