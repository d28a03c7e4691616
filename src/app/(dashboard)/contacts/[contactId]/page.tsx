import type { Id } from "@convex/_generated/dataModel";
import { LeadPage } from "@/components/leads/LeadPage";

export default async function LeadRoute({ params }: { params: Promise<{ contactId: string }> }) {
  const { contactId } = await params;
  // The id is checked by Convex's validator; a bad one shows the page's error state.
  return <LeadPage contactId={contactId as Id<"contacts">} />;
}
