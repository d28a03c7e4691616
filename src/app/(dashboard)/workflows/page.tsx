import { WorkflowList } from "@/components/workflows/WorkflowList";

export default function Page() {
  return <WorkflowList />;
}
