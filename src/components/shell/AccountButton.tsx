"use client";
import * as React from "react";
import { useAuth } from "@clerk/nextjs";

/** The part of clerk-js (`window.Clerk` once loaded) that draws Clerk's user button. */
type UserButtonHost = {
  mountUserButton(node: HTMLDivElement): void;
  unmountUserButton(node: HTMLDivElement): void;
};

/**
 * Clerk's user button (account menu, sign-out), mounted by clerk-js itself once it
 * has loaded. `<UserButton>` draws the same button, but its React wrapper pulls
 * @clerk/shared's React bundle (billing, organisations) into every page: 10 KB gzip.
 */
export function AccountButton() {
  const { isLoaded } = useAuth();
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
