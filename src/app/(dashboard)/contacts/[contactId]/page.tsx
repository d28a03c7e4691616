import type { Id } from "@convex/_generated/dataModel";
import { LeadPage } from "@/components/leads/LeadPage";

export default async function LeadRoute({ params }: { params: Promise<{ contactId: string }> }) {
  const { contactId } = await params;
  // Unknown and foreign ids get a 404 from the proxy (src/lib/routeGuard.ts) before this renders.
  return <LeadPage contactId={contactId as Id<"contacts">} />;
}
