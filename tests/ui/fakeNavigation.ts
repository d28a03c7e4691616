// An in-memory stand-in for next/navigation's App Router hooks, for component
// tests: `vi.mock("next/navigation", async () => (await import("./fakeNavigation")).navigation)`.
import * as React from "react";
import { act } from "./rtl";

let url = new URL("http://localhost/inbox");
const listeners = new Set<() => void>();
const history: string[] = [];

function notify() {
  act(() => listeners.forEach((l) => l()));
}

/** Where the fake router is: path and query, as the address bar would show them. */
export function currentUrl(): string {
  return `${url.pathname}${url.search}`;
}

/** Puts the fake router at `href` (a reload, or back/forward to it). */
export function setUrl(href: string) {
  url = new URL(href, "http://localhost");
  notify();
}

/** Every push and replace, in order, as `push:/inbox/1` / `replace:/inbox?q=a`. */
export const navigations = history;

export function resetNavigation(href = "/inbox") {
  url = new URL(href, "http://localhost");
  history.length = 0;
}

function subscribe(cb: () => void) {
  listeners.add(cb);
  return () => listeners.delete(cb);
}

function useUrl(): string {
  return React.useSyncExternalStore(subscribe, () => url.href);
}

// Called from components (handlers, effects), where React already batches: no act() of its own.
function navigate(kind: "push" | "replace", href: string) {
  history.push(`${kind}:${href}`);
  url = new URL(href, "http://localhost");
  listeners.forEach((l) => l());
}

const router = {
  push: (href: string) => navigate("push", href),
  replace: (href: string) => navigate("replace", href),
  back: () => undefined,
  forward: () => undefined,
  refresh: () => undefined,
  prefetch: () => undefined,
};

export const navigation = {
  useRouter: () => router,
  usePathname: () => new URL(useUrl()).pathname,
  useSearchParams: () => new URL(useUrl()).searchParams,
  // The segment below /inbox: the selected conversation.
  useSelectedLayoutSegment: () => new URL(useUrl()).pathname.split("/")[2] ?? null,
  redirect: () => undefined,
  notFound: () => undefined,
};
