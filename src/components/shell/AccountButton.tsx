"use client";
import * as React from "react";
import { useConvexAuth } from "convex/react";

/** The part of clerk-js (`window.Clerk` once loaded) that draws Clerk's user button. */
type UserButtonHost = {
  mountUserButton(node: HTMLDivElement): void;
  unmountUserButton(node: HTMLDivElement): void;
};

/**
 * Clerk's user button (account menu, sign-out), mounted by clerk-js itself once it
 * has loaded (Convex's auth stops loading once Clerk has). `<UserButton>` draws the
 * same button, but importing it (or any other Clerk hook here) pulls @clerk/shared's
 * React bundle (billing, organisations) into every page: 10 KB gzip.
 */
export function AccountButton() {
  const { isLoading } = useConvexAuth();
  const isLoaded = !isLoading;
  const ref = React.useRef<HTMLDivElement>(null);
  React.useEffect(() => {
    const node = ref.current;
    const clerk = (window as Window & { Clerk?: UserButtonHost }).Clerk;
    if (!isLoaded || !node || !clerk) {
      return;
    }
    clerk.mountUserButton(node);
    return () => clerk.unmountUserButton(node);
  }, [isLoaded]);
  return <div ref={ref} className="flex size-7 items-center" />;
}
