"use client";
import * as React from "react";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useTranslations } from "next-intl";
import { AccountButton } from "./AccountButton";
import { LanguageSwitcher, LanguageSync } from "./LanguageSwitcher";
import { clerkEnabled } from "@/lib/config";
import { cn } from "@/lib/utils";
import { useWorkspace, WorkspaceProvider } from "@/components/workspace/WorkspaceProvider";

const NAV = [
  { href: "/inbox", label: "inbox" },
  { href: "/contacts", label: "leads" },
  { href: "/workflows", label: "workflows" },
  { href: "/summaries", label: "summaries" },
  { href: "/deliveries", label: "deliveries" },
  { href: "/settings", label: "settings" },
] as const;

function WorkspaceSwitcher() {
  const t = useTranslations("shell");
  const { workspaces, workspaceId, selectWorkspace } = useWorkspace();
  if (workspaces.length < 2) {
    return <span className="truncate text-sm font-medium text-foreground">{workspaces[0]?.name}</span>;
  }
  return (
    <label className="flex items-center gap-2 text-sm">
      <span className="sr-only">{t("workspace")}</span>
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
  const t = useTranslations("shell.nav");
  return (
    <nav
      id={id}
      aria-label={t("label")}
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
            {t(item.label)}
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
  const t = useTranslations("shell.nav");
  const current = NAV.find((item) => pathname === item.href || pathname.startsWith(`${item.href}/`));
  return current ? (
    <span className="truncate text-sm font-medium text-foreground sm:hidden">{t(current.label)}</span>
  ) : null;
}

function Header() {
  const t = useTranslations("shell");
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
        {/* On a phone "Bahasa Indonesia" would squeeze the workspace and page names to a letter: it moves into the menu. */}
        <div className="hidden sm:block">
          <LanguageSwitcher />
        </div>
        {clerkEnabled && <AccountButton />}
        <button
          type="button"
          aria-expanded={menu.open}
          aria-controls={navId}
          onClick={menu.toggle}
          className="rounded-md border border-input px-2.5 py-1 text-sm font-medium text-foreground hover:bg-accent sm:hidden"
        >
          {t("menu")}
        </button>
      </div>
      <div className="mx-auto max-w-6xl px-4">
        <Nav id={navId} open={menu.open} className="pb-2" />
        {menu.open && (
          <div className="px-3 pb-3 sm:hidden">
            <LanguageSwitcher />
          </div>
        )}
      </div>
    </header>
  );
}

export function AppShell({ children }: { children: React.ReactNode }) {
  const t = useTranslations("shell");
  return (
    <div className="min-h-screen bg-muted">
      {!clerkEnabled && (
        <div role="note" className="truncate bg-warning/15 px-4 py-1.5 text-center text-xs text-warning">
          <span className="sm:hidden">{t("localModeShort")}</span>
          <span className="hidden sm:inline">{t("localModeLong")}</span>
        </div>
      )}
      <LanguageSync />
      <WorkspaceProvider>
        <Header />
        <main className="mx-auto max-w-6xl px-4 py-6">{children}</main>
      </WorkspaceProvider>
    </div>
  );
}
