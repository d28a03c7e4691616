import { SummariesPage } from "@/components/summaries/SummariesPage";

export default function Page() {
  return <SummariesPage />;
}
