import { notFound } from "next/navigation";
import { WorkflowDetail } from "@/components/workflows/WorkflowDetail";
import { isWorkflowType } from "@/domain/workflowSettings";

export default async function Page({ params }: { params: Promise<{ type: string }> }) {
  const { type } = await params;
  if (!isWorkflowType(type)) {
    notFound();
  }
  return <WorkflowDetail workflowType={type} />;
}
