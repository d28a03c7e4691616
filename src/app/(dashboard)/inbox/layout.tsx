import { InboxLayout } from "@/components/inbox/InboxLayout";

// The layout stays mounted while the selected conversation changes, so the list keeps its subscription and scroll.
export default function Layout({ children }: { children: React.ReactNode }) {
  return <InboxLayout>{children}</InboxLayout>;
}
