"use client";
import * as React from "react";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { AccountButton } from "./AccountButton";
import { clerkEnabled } from "@/lib/config";
import { cn } from "@/lib/utils";
import { useWorkspace, WorkspaceProvider } from "@/components/workspace/WorkspaceProvider";

const NAV = [
  { href: "/inbox", label: "Inbox" },
  { href: "/contacts", label: "Leads" },
  { href: "/workflows", label: "Workflows" },
  { href: "/summaries", label: "Summaries" },
  { href: "/deliveries", label: "Deliveries" },
  { href: "/settings", label: "Settings" },
];

function WorkspaceSwitcher() {
  const { workspaces, workspaceId, selectWorkspace } = useWorkspace();
  if (workspaces.length < 2) {
    return <span className="truncate text-sm font-medium text-foreground">{workspaces[0]?.name}</span>;
  }
  return (
    <label className="flex items-center gap-2 text-sm">
      <span className="sr-only">Workspace</span>
      <select
        className="h-8 rounded-md border border-input bg-background px-2 text-sm"
        value={workspaceId}
        onChange={(e) => selectWorkspace(e.target.value as typeof workspaceId)}
      >
        {workspaces.map((w) => (
          <option key={w._id} value={w._id}>
            {w.name}
          </option>
        ))}
      </select>
    </label>
  );
}

function Nav({ id, open, className }: { id: string; open: boolean; className?: string }) {
  const pathname = usePathname();
  return (
    <nav
      id={id}
      aria-label="Main"
      className={cn("flex-col gap-1 sm:flex sm:flex-row sm:flex-wrap", open ? "flex" : "hidden", className)}
    >
      {NAV.map((item) => {
        const active = pathname === item.href || pathname.startsWith(`${item.href}/`);
        return (
          <Link
            key={item.href}
            href={item.href}
            aria-current={active ? "page" : undefined}
            className={cn(
              "rounded-md px-3 py-2 text-sm font-medium whitespace-nowrap sm:py-1.5",
              active ? "bg-primary/10 text-primary" : "text-muted-foreground hover:bg-accent hover:text-foreground",
            )}
          >
            {item.label}
          </Link>
        );
      })}
    </nav>
  );
}

/** On a phone the navigation folds behind a Menu button (never cut off); it closes again on navigating. */
function useMenu() {
  const pathname = usePathname();
  const [open, setOpen] = React.useState(false);
  const [seenPath, setSeenPath] = React.useState(pathname);
  if (seenPath !== pathname) {
    setSeenPath(pathname);
    setOpen(false);
  }
  return { open, toggle: () => setOpen((v) => !v) };
}

function CurrentPage() {
  const pathname = usePathname();
  const current = NAV.find((item) => pathname === item.href || pathname.startsWith(`${item.href}/`));
  return current ? (
    <span className="truncate text-sm font-medium text-foreground sm:hidden">{current.label}</span>
  ) : null;
}

function Header() {
  const menu = useMenu();
  const navId = React.useId();
  return (
    <header className="border-b border-border bg-card">
      <div className="mx-auto flex max-w-6xl items-center gap-3 px-4 py-2.5 sm:gap-4">
        <Link href="/inbox" className="text-sm font-bold tracking-tight text-primary">
          my21staff
        </Link>
        <div className="min-w-0 truncate">
          <WorkspaceSwitcher />
        </div>
        <div className="flex-1" />
        <CurrentPage />
        {clerkEnabled && <AccountButton />}
        <button
          type="button"
          aria-expanded={menu.open}
          aria-controls={navId}
          onClick={menu.toggle}
          className="rounded-md border border-input px-2.5 py-1 text-sm font-medium text-foreground hover:bg-accent sm:hidden"
        >
          Menu
        </button>
      </div>
      <div className="mx-auto max-w-6xl px-4">
        <Nav id={navId} open={menu.open} className="pb-2" />
      </div>
    </header>
  );
}

export function AppShell({ children }: { children: React.ReactNode }) {
  return (
    <div className="min-h-screen bg-muted">
      {!clerkEnabled && (
        <div role="note" className="truncate bg-warning/15 px-4 py-1.5 text-center text-xs text-warning">
          <span className="sm:hidden">Local operator mode: no sign-in</span>
          <span className="hidden sm:inline">
            Local operator mode: no sign-in is configured, so you act as the local admin of every workspace. Set the
            Clerk keys to require sign-in.
          </span>
        </div>
      )}
      <WorkspaceProvider>
        <Header />
        <main className="mx-auto max-w-6xl px-4 py-6">{children}</main>
      </WorkspaceProvider>
    </div>
  );
}
