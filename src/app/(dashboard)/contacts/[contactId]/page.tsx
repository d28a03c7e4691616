import type { Id } from "@convex/_generated/dataModel";
import { api } from "@convex/_generated/api";
import { LeadPage } from "@/components/leads/LeadPage";
import { notFoundUnlessVisible } from "@/lib/routeGuard";

export default async function LeadRoute({ params }: { params: Promise<{ contactId: string }> }) {
  const { contactId } = await params;
  await notFoundUnlessVisible(api.routes.leadExists, contactId);
  return <LeadPage contactId={contactId as Id<"contacts">} />;
}
