import { auth } from "@clerk/nextjs/server";
import { AppShell } from "@/components/shell/AppShell";
import { clerkEnabled } from "@/lib/config";

export default async function DashboardLayout({ children }: { children: React.ReactNode }) {
  // With Clerk keys every dashboard page requires sign-in (redirects to it otherwise).
  if (clerkEnabled) {
    await auth.protect();
  }
  return <AppShell>{children}</AppShell>;
}
